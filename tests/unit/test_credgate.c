/*
 * test_credgate.c - the credential scanner's prefilter gates (engine.c):
 * the prefilter form of a pattern (cred_prefilter_expr), the build-time
 * blob of the default rules, and the one property the gates must have:
 * whenever PCRE2 matches a subject, the gate of that program matches it
 * too.  Verify mode (cred_scanner_verify_gates) runs PCRE2 behind every
 * "cannot match" of a gate and counts disagreements, which must be 0 over
 * every example and counter of the default rules, alone and together.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scan/engine.h"
#include "scan/rules.h"

extern const char embedded_credentials_rules[];
extern const unsigned char cred_prefilter_blob[];
extern const size_t cred_prefilter_blob_len;

#define RCAP	4096
#define SCAP	65536

static struct cred_rule rules[RCAP];
static struct cred_str strs[SCAP];

static void
expr_is(const char *pat, const char *want)
{
	char out[512];
	long n = cred_prefilter_expr(pat, strlen(pat), out, sizeof(out));

	if (want == NULL) {
		assert_int_equal(n, -1);
		return;
	}
	assert_true(n >= 0);
	assert_string_equal(out, want);
	assert_true((size_t)n <= strlen(pat));
}

static void
test_expr(void **state)
{
	(void)state;
	/* assertions go: they only narrow a match */
	expr_is("(?<![A-Za-z0-9_])(ghp_[A-Za-z0-9]{36})(?![A-Za-z0-9_])",
	    "(ghp_[A-Za-z0-9]{36})");
	expr_is("(?i)^\\s*password\\b=(?=x)$", "(?i)\\s*password=");
	expr_is("a(?<=(?:b|c))d(?#note)e", "ade");
	/* possessive -> greedy, atomic and branch reset -> plain groups */
	expr_is("a*+b++c?+d{2,3}+e{2}?f", "a*b+c?d{2,3}e{2}?f");
	expr_is("(?>ab)(?|x|(y))", "(?:ab)(?:x|(y))");
	/* classes and escapes are copied as they are */
	expr_is("[]^(?=x)$]\\x{41}+[\\]]+[[:alpha:]^]", "[]^(?=x)$]\\x{41}+[\\]]+[[:alpha:]^]");
	expr_is("\\Q(?=x)^\\E", "\\Q(?=x)^\\E");
	/* no prefilter */
	expr_is("(\"?)x\\1", NULL);
	expr_is("(?<n>a)(?P=n)", NULL);
	expr_is("(?x) a # b", NULL);
	expr_is("(?(1)a|b)", NULL);
	expr_is("(*UTF)a", NULL);
	expr_is("(?=a)*b", NULL);
	expr_is("a\\Kb", NULL);
	expr_is("[abc", NULL);
}

/* A file name a rule with `path` globs applies to (first glob, wildcards
 * made letters), as the self-test names its examples. */
static void
name_for(const struct cred_rules *set, size_t ri, char *out, size_t cap)
{
	size_t k, i, o = 0;

	snprintf(out, cap, "example.txt");
	for (k = 0; k < set->n_strs; k++) {
		const struct cred_str *s = &set->strs[k];

		if (s->rule != (int32_t)ri || s->kind != CK_PATH)
			continue;
		for (i = 0; i < s->n && o + 1 < cap; i++) {
			char c = s->p[i];

			if (c == '[') {
				while (i < s->n && s->p[i] != ']')
					i++;
				c = 'x';
			}
			out[o++] = c == '*' || c == '?' ? 'x' : c;
		}
		out[o] = '\0';
		return;
	}
}

static int
count(void *ctx, const struct cred_finding *f)
{
	(void)f;
	(*(size_t *)ctx)++;
	return 0;
}

static void
test_default_rules(void **state)
{
	struct cred_rules set;
	struct cred_err e;
	struct cred_db *db;
	struct cred_scanner *sc;
	struct cred_stats st;
	char name[256], *all, *one;
	size_t ri, k, gated, n_all = 0, found = 0, cap = (size_t)8 << 20;
	long n;

	(void)state;
	if (embedded_credentials_rules[0] == '\0') {
		skip();
		return;
	}
	cred_rules_init(&set, rules, RCAP, strs, SCAP);
	assert_int_equal(cred_rules_parse(&set, embedded_credentials_rules,
	    strlen(embedded_credentials_rules), 0, &e), 0);
	db = cred_db_build(&set, &e);
	assert_non_null(db);
	gated = cred_db_use_prefilters(db, cred_prefilter_blob,
	    cred_prefilter_blob_len);
	/* the blob was built from these very rules: nearly all are gated */
	assert_true(gated * 10 >= cred_db_nrules(db) * 9);
	sc = cred_scanner_new(db);
	assert_non_null(sc);
	cred_scanner_verify_gates(sc, 1);
	memset(&st, 0, sizeof(st));
	all = malloc(cap);
	one = malloc(65536);
	assert_non_null(all);
	assert_non_null(one);
	for (ri = 0; ri < cred_db_nrules(db); ri++) {
		name_for(&set, ri, name, sizeof(name));
		cred_scanner_set_name(sc, name);
		for (k = 0; k < set.n_strs; k++) {
			const struct cred_str *s = &set.strs[k];

			if (s->rule != (int32_t)ri || (s->kind != CK_EXAMPLE &&
			    s->kind != CK_COUNTER))
				continue;
			n = cred_unescape(s->p, s->n, one, 65535);
			assert_true(n >= 0);
			(void)cred_scan_buffer(sc, (const uint8_t *)one,
			    (size_t)n, count, &found, &st);
			/* and all of them together below */
			if (n_all + (size_t)n + 40 < cap) {
				static const char *const sep[] = {
					"\n", " # x\n", "\n\n"
				};
				const char *t = sep[(ri + k) % 3];

				memcpy(all + n_all, one, (size_t)n);
				n_all += (size_t)n;
				memcpy(all + n_all, t, strlen(t));
				n_all += strlen(t);
			}
		}
	}
	assert_true(found > 0);
	/* all of them in one buffer, under several file names */
	{
		static const char *const names[] = {
			"settings.py", "app.js", "config.yml", "app.ini",
			".env", "main.go", "notes.txt", "x.xml", "a.tf",
		};

		for (k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
			cred_scanner_set_name(sc, names[k]);
			(void)cred_scan_buffer(sc, (const uint8_t *)all, n_all,
			    count, &found, &st);
		}
	}
	print_message("# gates: %zu of %zu rules; %llu \"cannot match\" "
	    "checked by PCRE2, %llu wrong\n", gated, cred_db_nrules(db),
	    (unsigned long long)st.gate_checks,
	    (unsigned long long)st.gate_misses);
	assert_true(st.gate_checks > 1000);
	assert_int_equal(st.gate_misses, 0);
	free(all);
	free(one);
	cred_scanner_free(sc);
	cred_db_free(db);
}

/* Vectorscan 5.4.9 misses "%[sdv]|%\(\w+\)s" on 16 to 30 bytes then "%s"
 * when the match ends the data: the gates pad their subject. */
static const char edge_rules[] =
"[global]\n"
"allow-secret = %[sdv]|%\\(\\w+\\)s\n"
"[rule t.edge]\n"
"description = d\n"
"severity = high\n"
"keywords = pw\n"
"pattern = pw=(\\S+)(?![A-Za-z0-9])\n"
"example = pw=hunter2hunter2\n"
"counter = pw=kq7ZpX2mW9vRt4%s\n";

static void
test_end_of_data(void **state)
{
	struct cred_rules set;
	struct cred_err e;
	struct cred_db *db;
	struct cred_scanner *sc;
	struct cred_stats st;
	char buf[128];
	size_t found = 0, i;

	(void)state;
	cred_rules_init(&set, rules, RCAP, strs, SCAP);
	if (cred_rules_parse(&set, edge_rules, sizeof(edge_rules) - 1, 0,
	    &e) != 0)
		fail_msg("line %u: %s", (unsigned)e.line, e.msg);
	db = cred_db_build(&set, &e);
	assert_non_null(db);
	assert_int_equal(cred_db_use_prefilters(db, NULL, 0), 1);
	sc = cred_scanner_new(db);
	assert_non_null(sc);
	cred_scanner_verify_gates(sc, 1);
	memset(&st, 0, sizeof(st));
	for (i = 0; i < 60; i++) {
		int n = snprintf(buf, sizeof(buf), "pw=%.*s%%s", (int)i,
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");

		(void)cred_scan_buffer(sc, (const uint8_t *)buf, (size_t)n,
		    count, &found, &st);
	}
	/* every secret ends in %s: all allowed, by PCRE2 and by the gate */
	assert_int_equal(found, 0);
	assert_int_equal(st.gate_misses, 0);
	cred_scanner_free(sc);
	cred_db_free(db);
}

/* The required bytes of a pattern (engine.c, req_bytes): top-level
 * punctuation with a quantifier of at least one is refused by memchr
 * before the gate (counted as a gate "no" in verify mode); anything
 * optional, inside a group or class, or after a top-level '|' is not. */
static const char req_rules[] =
"[rule t.at]\n"
"description = d\nseverity = high\nkeywords = u=\n"
"pattern = u=([A-Za-z0-9]+)\\@h:\n"
"example = u=kq7ZpX2mW9vRt4@h:\ncounter = u=kq7ZpX2mW9vRt4 h:\n"
"[rule t.opt]\n"
"description = d\nseverity = high\nkeywords = o=\n"
"pattern = o=([A-Za-z0-9]+)@?;*(?:#|!)[%]\n"
"example = o=kq7ZpX2mW9vRt4#%\ncounter = o=kq7ZpX2mW9vRt4#\n"
"[rule t.alt]\n"
"description = d\nseverity = high\nkeywords = a=\n"
"secret-group = 0\npattern = a=[A-Za-z0-9]+@|a=[A-Za-z0-9]+;\n"
"example = a=kq7ZpX2mW9vRt4;\ncounter = a=kq7ZpX2mW9vRt4\n";

static size_t
req_scan(struct cred_scanner *sc, const char *in, struct cred_stats *st)
{
	size_t found = 0;

	memset(st, 0, sizeof(*st));
	(void)cred_scan_buffer(sc, (const uint8_t *)in, strlen(in), count,
	    &found, st);
	return found;
}

static void
test_required_bytes(void **state)
{
	struct cred_rules set;
	struct cred_err e;
	struct cred_db *db;
	struct cred_scanner *sc;
	struct cred_stats st;

	(void)state;
	cred_rules_init(&set, rules, RCAP, strs, SCAP);
	if (cred_rules_parse(&set, req_rules, sizeof(req_rules) - 1, 0,
	    &e) != 0)
		fail_msg("line %u: %s", (unsigned)e.line, e.msg);
	db = cred_db_build(&set, &e);
	assert_non_null(db);	/* no gates: only the byte checks */
	sc = cred_scanner_new(db);
	assert_non_null(sc);
	cred_scanner_verify_gates(sc, 1);
	/* '@' and ':' are required: a line without '@' is refused early */
	assert_int_equal(req_scan(sc, "u=kq7ZpX2mW9vRt4 h:\n", &st), 0);
	assert_true(st.gate_checks >= 1);
	assert_int_equal(st.gate_misses, 0);
	assert_int_equal(req_scan(sc, "u=kq7ZpX2mW9vRt4@h:\n", &st), 1);
	/* optional '@' and ';', '#' and '%' inside a group and a class:
	 * none is required, so a match without '@' or ';' is found */
	assert_int_equal(req_scan(sc, "o=kq7ZpX2mW9vRt4!%\n", &st), 1);
	assert_int_equal(st.gate_misses, 0);
	/* a top-level '|': the second branch needs no '@' */
	assert_int_equal(req_scan(sc, "a=kq7ZpX2mW9vRt4;\n", &st), 1);
	assert_int_equal(st.gate_misses, 0);
	cred_scanner_free(sc);
	cred_db_free(db);
}

/*
 * A line longer than SCAN_BACK made of keyword bytes (a base64 PNG's run
 * of 'A' under twitter-bearer-token's 21-'a' keyword): every byte is a
 * hit.  Each rule is searched once per SCAN_WIN - SCAN_REACH bytes, not
 * once per hit, and a token in the middle of the run and one at its end
 * are both found.
 */
static void
test_long_line(void **state)
{
	static const char tok[] = "AAAAAAAAAAAAAAAAAAAAAFAKEFAKENfCex4NUexAsQ"
	    "SqswIowczunq2NSifmLu6MTZVBGSW6uMkJLauSHXwlJ9GTQwgaRp4d85Swvrs6j%3D";
	struct cred_rules set;
	struct cred_err e;
	struct cred_db *db;
	struct cred_scanner *sc;
	struct cred_stats st;
	size_t run = 16384, n = 0, found = 0;
	char *b;

	(void)state;
	if (embedded_credentials_rules[0] == '\0') {
		skip();
		return;
	}
	cred_rules_init(&set, rules, RCAP, strs, SCAP);
	assert_int_equal(cred_rules_parse(&set, embedded_credentials_rules,
	    strlen(embedded_credentials_rules), 0, &e), 0);
	db = cred_db_build(&set, &e);
	assert_non_null(db);
	(void)cred_db_use_prefilters(db, cred_prefilter_blob,
	    cred_prefilter_blob_len);
	sc = cred_scanner_new(db);
	assert_non_null(sc);
	b = malloc(2 * run + 2 * sizeof(tok) + 8);
	assert_non_null(b);
	memset(b, 'A', run);
	n = run;
	b[n++] = ' ';
	memcpy(b + n, tok, sizeof(tok) - 1);
	n += sizeof(tok) - 1;
	b[n++] = ' ';
	memset(b + n, 'A', run);
	n += run;
	b[n++] = ' ';
	memcpy(b + n, tok, sizeof(tok) - 1);
	n += sizeof(tok) - 1;
	b[n++] = '\n';
	memset(&st, 0, sizeof(st));
	cred_scanner_set_name(sc, "icon.svg");
	(void)cred_scan_buffer(sc, (const uint8_t *)b, n, count, &found, &st);
	assert_int_equal(found, 2);
	if (st.windows > 2 * (n / (SCAN_WIN - SCAN_REACH)) + 16)
		fail_msg("%llu windows searched for a %zu-byte line",
		    (unsigned long long)st.windows, n);
	free(b);
	cred_scanner_free(sc);
	cred_db_free(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_expr),
		cmocka_unit_test(test_end_of_data),
		cmocka_unit_test(test_default_rules),
		cmocka_unit_test(test_required_bytes),
		cmocka_unit_test(test_long_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
