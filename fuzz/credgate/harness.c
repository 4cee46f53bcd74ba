/*
 * fuzz/credgate/harness.c - the prefilter gates of the credential scanner
 * (core/scan/engine.c) against PCRE2, on patterns shaped like the default
 * rules' (leading lookbehinds, trailing lookaheads, lazy prefixes, branch
 * resets, possessive repeats, \b, multi-line windows, allow regexes that
 * Vectorscan 5.4.9 gets wrong at the end of its data).  The gates are
 * compiled here (cred_db_use_prefilters with no blob), and the input is
 * scanned twice: in verify mode, where PCRE2 runs behind every "cannot
 * match" of a gate, and normally.  Properties: no gate ever says "cannot
 * match" where PCRE2 matches (gate_misses == 0), and both scans report the
 * same findings.  The first input byte picks the file name.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scan/engine.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char rules_text[] =
"[global]\n"
"allow-secret = \\{[\\w.]*\\}|%[sdv](?![A-Za-z0-9])|%\\(\\w+\\)s|\\.\\.\\.\n"
"allow-secret = (?i)^(?:changeme|x{6,}|example)$|(?i)your[_-]?[a-z0-9_-]*[_-]?here\n"
"[rule g.ghp]\n"
"description = d\nseverity = high\nkeywords = ghp_\n"
"pattern = (?<![A-Za-z0-9_])(ghp_[A-Za-z0-9]{8,36})(?![A-Za-z0-9_])\n"
"example = t=ghp_abcdefgh12345\ncounter = xghp_abcdefgh12345\n"
"[rule g.py]\n"
"description = d\nseverity = high\nkeywords = pass,pwd\npath = *.py\n"
"pattern = (?i)^(?=[^\\n]*?[=:(][ \\t]*[rbuf]?[\"'])[^\\n]*?(?<![\\w.-])[\\w.]*?(?<!by)(?:pass(?!port|age)(?:word)?|pwd)[\\w]*+(?<!url|name|file)[\"']?\\s*(?::\\s*[A-Za-z_][\\w.]*?\\s*)?(?:=|:)\\s*[rbuf]?(?|\"([^\"\\r\\n]{6,200})\"|'([^'\\r\\n]{6,200})')\n"
"allow = (?i)[\"']?[\\w.-]*(?:hash|digest|checksum)[\\w.-]*[\"']?\\s*[:=]\n"
"allow = ^(?!\\s)[^=:<>()]*\\s[^=:<>()]*$\n"
"example = password = 'Tr0ub4dor&3'\ncounter = password_url = 'Tr0ub4dor&3'\n"
"[rule g.any]\n"
"description = d\nseverity = medium\nkeywords = key,token,secret\n"
"pattern = (?i)(?<![\\w.-])[\\w.-]*?(?:secret|token|api[_.-]?key)[\\w.-]*+(?<!id|name)[\"']?[ \\t]*(?:=|:=|=>|:)[ \\t]*[\"']?([A-Za-z0-9+/=_.~!@#%^&*-]{8,80})(?:[\"']|[ \\t]*(?:$|[,;#]))\n"
"example = api_key: abcdefgh12345678\ncounter = api_key_id: abcdefgh12345678\n"
"[rule g.url]\n"
"description = d\nseverity = high\nkeywords = http://,https://\n"
"pattern = (?i)\\bhttps?://[A-Za-z0-9._%+~-]+:([^@/\\s\"'<>]{3,})@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}\n"
"example = https://u:pw12345@h.example.org\ncounter = https://h.example.org\n"
"[rule g.multi]\n"
"description = d\nseverity = high\nkeywords = AKIA\nlines = 3\n"
"pattern = (?:AKIA)[A-Z2-7]{8}[\\s\\S]{0,100}?(?<![A-Za-z0-9/+])([A-Za-z0-9/+]{20})(?![A-Za-z0-9/+=])\n"
"example = AKIAABCDEFGH\\nsecret = abcdefghij0123456789\ncounter = AKIAABCDEFGH\n"
"[rule g.ini]\n"
"description = d\nseverity = low\nkeywords = secret\npath = *.ini\n"
"pattern = (?im)^[ \\t]*[\\w.-]*?secret[\\w.-]*+[ \\t]*[=:][ \\t]*(?|\"([^\"\\s]{8,})\"|([^\\s\"';#]{8,}))$\n"
"example = my_secret = abcdefgh12\ncounter = # my_secret\n";

static struct cred_rule rules[16];
static struct cred_str strs[256];
static struct cred_rules set;
static struct cred_db *db;
static struct cred_scanner *sc;

static int
count(void *ctx, const struct cred_finding *f)
{
	uint64_t *h = ctx;

	h[0]++;
	h[1] = h[1] * 1000003u + f->offset * 31u + f->rule + f->secret_len;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[4] = { "a.txt", "x.py", "c.ini", NULL };
	struct cred_stats st;
	struct cred_err e;
	uint64_t h1[2] = { 0, 0 }, h2[2] = { 0, 0 };

	if (db == NULL) {
		cred_rules_init(&set, rules, 16, strs, 256);
		if (cred_rules_parse(&set, rules_text, sizeof(rules_text) - 1, 0,
		    &e) != 0 || (db = cred_db_build(&set, &e)) == NULL)
			abort();
		/* every rule here has a prefilter form */
		if (cred_db_use_prefilters(db, NULL, 0) != cred_db_nrules(db) ||
		    (sc = cred_scanner_new(db)) == NULL)
			abort();
	}
	if (size == 0)
		return 0;
	cred_scanner_set_name(sc, names[data[0] & 3]);
	memset(&st, 0, sizeof(st));
	cred_scanner_verify_gates(sc, 1);
	(void)cred_scan_buffer(sc, data + 1, size - 1, count, h1, &st);
	if (st.gate_misses != 0)
		abort();		/* a gate refused what PCRE2 matches */
	cred_scanner_verify_gates(sc, 0);
	(void)cred_scan_buffer(sc, data + 1, size - 1, count, h2, &st);
	if (h1[0] != h2[0] || h1[1] != h2[1])
		abort();
	return 0;
}
