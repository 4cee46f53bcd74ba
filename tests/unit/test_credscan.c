/*
 * test_credscan.c - the credential scanner's modules: SHA-256/HMAC vectors,
 * entropy, redaction, line/column accounting, the chunk plan, the rules
 * parser's errors (FILE:LINE), and the engine over buffers: findings,
 * positions, allow rules, markers, path rules, binaries, and secrets
 * placed across every chunk boundary of the streaming.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scan/engine.h"
#include "scan/fingerprint.h"
#include "scan/rules.h"
#include "scan/scanmath.h"
#include "scan/sha256.h"

static const char rules_text[] =
"# engine unit-test rules\n"
"[global]\n"
"allow-secret = (?i)^(changeme|x{6,})$\n"
"allow-secret = EXAMPLE$\n"
"\n"
"[rule t.akia]\n"
"description = AWS key id\n"
"severity = critical\n"
"keywords = AKIA\n"
"pattern = \\b(AKIA[0-9A-Z]{16})\\b\n"
"example = id = AKIAZ7VQ3XK2M4NP6RT8\n"
"counter = id = AKIAIOSFODNN7EXAMPLE\n"
"\n"
"[rule t.pw]\n"
"description = Password assignment\n"
"severity = high\n"
"keywords = password\n"
"pattern = (?i)password\\s*=\\s*\"([^\"]{8,})\"\n"
"min-entropy = 2.5\n"
"allow = getenv\n"
"example = password = \"Tr0ub4dor&3xQz\"\n"
"counter = password = \"aaaaaaaaaaaa\"\n"
"\n"
"[rule t.netrc]\n"
"description = netrc password\n"
"severity = medium\n"
"keywords = machine\n"
"path = .netrc\n"
"pattern = machine\\s+\\S+.*\\bpassword\\s+(\\S+)\n"
"example = machine h login u password hunter2hunter2\n"
"counter = machine h login u\n"
"\n"
"[rule t.pem]\n"
"description = private key\n"
"severity = critical\n"
"keywords = -----BEGIN\n"
"pattern = -----BEGIN RSA PRIVATE KEY-----\\n([A-Za-z0-9+/=]{16,})\n"
"lines = 2\n"
"example = -----BEGIN RSA PRIVATE KEY-----\\nMIIEpAIBAAKCAQEA7bq3Xk9L\n"
"counter = -----BEGIN RSA PRIVATE KEY-----\n";

static struct cred_rule rules[64];
static struct cred_str strs[512];
static struct cred_rules set;
static struct cred_db *db;
static struct cred_scanner *sc;

#define FMAX 64
static struct cred_finding found[FMAX];
static char found_secret[FMAX][128];
static size_t n_found;

static int
collect(void *ctx, const struct cred_finding *f)
{
	(void)ctx;
	if (n_found < FMAX) {
		found[n_found] = *f;
		snprintf(found_secret[n_found], sizeof(found_secret[0]), "%.*s",
		    (int)f->secret_len, (const char *)f->secret);
		found[n_found].secret = NULL;
	}
	n_found++;
	return 0;
}

static enum cred_result
scan_str(const char *name, const char *text, size_t n)
{
	struct cred_stats st;

	memset(&st, 0, sizeof(st));
	n_found = 0;
	cred_scanner_set_name(sc, name);
	return cred_scan_buffer(sc, (const uint8_t *)text, n, collect, NULL,
	    &st);
}

static int
setup(void **state)
{
	struct cred_err e;

	(void)state;
	cred_rules_init(&set, rules, 64, strs, 512);
	if (cred_rules_parse(&set, rules_text, strlen(rules_text), 0, &e) != 0) {
		fprintf(stderr, "line %u: %s\n", e.line, e.msg);
		return -1;
	}
	db = cred_db_build(&set, &e);
	if (db == NULL) {
		fprintf(stderr, "line %u: %s\n", e.line, e.msg);
		return -1;
	}
	sc = cred_scanner_new(db);
	return sc == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	(void)state;
	cred_scanner_free(sc);
	cred_db_free(db);
	return 0;
}

static void
hex(const uint8_t *d, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

static void
test_sha256(void **state)
{
	uint8_t d[32];
	char h[65];
	struct sha256 c;
	static char million[1000000];

	(void)state;
	sha256_init(&c);
	sha256_update(&c, "abc", 3);
	sha256_final(&c, d);
	hex(d, 32, h);
	assert_string_equal(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	sha256_init(&c);
	sha256_update(&c, "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56);
	sha256_final(&c, d);
	hex(d, 32, h);
	assert_string_equal(h, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	memset(million, 'a', sizeof(million));
	sha256_init(&c);
	sha256_update(&c, million, 333333);
	sha256_update(&c, million, sizeof(million) - 333333);
	sha256_final(&c, d);
	hex(d, 32, h);
	assert_string_equal(h, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	/* RFC 4231 test case 2 */
	hmac_sha256((const uint8_t *)"Jefe", 4, "what do ya want for nothing?", 28, d);
	hex(d, 32, h);
	assert_string_equal(h, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

static void
test_fingerprint(void **state)
{
	const char *k = CRED_FP_KEY_DEFAULT;
	char a[33], b[33], c[33], d[33];

	(void)state;
	cred_fingerprint((const uint8_t *)k, strlen(k), "r", "p/x", (const uint8_t *)"secret123", 9, a);
	cred_fingerprint((const uint8_t *)k, strlen(k), "r", "p/x", (const uint8_t *)"secret123", 9, b);
	cred_fingerprint((const uint8_t *)k, strlen(k), "r2", "p/x", (const uint8_t *)"secret123", 9, c);
	cred_fingerprint((const uint8_t *)k, strlen(k), "r", "p/x", (const uint8_t *)"secret124", 9, d);
	assert_string_equal(a, b);
	assert_string_not_equal(a, c);
	assert_string_not_equal(a, d);
	assert_true(cred_fp_valid(a, strlen(a)));
	assert_null(strstr(a, "secret"));
	assert_false(cred_fp_valid("ABCDEF0123456789abcdef0123456789", 32));
	assert_false(cred_fp_valid("abc", 3));
}

static void
test_entropy(void **state)
{
	uint8_t all[256];
	int i;

	(void)state;
	for (i = 0; i < 256; i++)
		all[i] = (uint8_t)i;
	assert_int_equal(scan_entropy_milli((const uint8_t *)"", 0), 0);
	assert_int_equal(scan_entropy_milli((const uint8_t *)"a", 1), 0);
	assert_int_equal(scan_entropy_milli((const uint8_t *)"aaaaaaaa", 8), 0);
	assert_in_range(scan_entropy_milli((const uint8_t *)"abababab", 8), 995, 1000);
	assert_in_range(scan_entropy_milli((const uint8_t *)"0123456789abcdef", 16), 3995, 4000);
	assert_in_range(scan_entropy_milli(all, 256), 7990, 8000);
	/* log2(3) = 1.585 */
	assert_in_range(scan_entropy_milli((const uint8_t *)"abcabcabc", 9), 1580, 1585);
}

static void
test_redact(void **state)
{
	char out[SCAN_REDACT_MAX + 1];

	(void)state;
	assert_int_equal(scan_redact((const uint8_t *)"ghp_Zx8Kq2Lm9Vb4", 16, out), 12);
	assert_string_equal(out, "ghp_********");
	scan_redact((const uint8_t *)"abc", 3, out);
	assert_string_equal(out, "********");
	scan_redact((const uint8_t *)"abcdefgh", 8, out);
	assert_string_equal(out, "ab********");
	/* a blank or control byte stops what is shown */
	scan_redact((const uint8_t *)"a b\x01zzzzzzzzzzzzz", 17, out);
	assert_string_equal(out, "a********");
	scan_redact((const uint8_t *)"", 0, out);
	assert_string_equal(out, "********");
}

static void
test_linecol(void **state)
{
	struct scan_lc lc = { 0, 1, 0 };
	const char *t = "ab\ncd\n\nefg";

	(void)state;
	scan_lc_advance(&lc, (const uint8_t *)t, 2);
	assert_int_equal(lc.line, 1);
	assert_int_equal(scan_lc_column(&lc), 3);
	scan_lc_advance(&lc, (const uint8_t *)t + 2, 5);	/* "\ncd\n\n" */
	assert_int_equal(lc.line, 4);
	assert_int_equal(scan_lc_column(&lc), 1);
	scan_lc_advance(&lc, (const uint8_t *)t + 7, 2);
	assert_int_equal(lc.line, 4);
	assert_int_equal(scan_lc_column(&lc), 3);
	assert_int_equal(scan_count_nl((const uint8_t *)t, strlen(t)), 3);
}

static void
test_chunk_plan(void **state)
{
	size_t hi, keep, lo;

	(void)state;
	for (lo = 0; lo <= SCAN_BACK + SCAN_KW_MAX; lo += 64) {
		scan_chunk_plan(SCAN_BUF, SCAN_BUF, lo, 0, &hi, &keep);
		assert_true(lo <= hi && hi + SCAN_WIN <= SCAN_BUF);
		assert_true(SCAN_BUF - keep <= SCAN_KEEP);
		assert_int_equal(hi - keep, SCAN_BACK + SCAN_KW_MAX);
		scan_chunk_plan(lo + 10, SCAN_BUF, lo, 1, &hi, &keep);
		assert_int_equal(hi, lo + 10);
		assert_true(keep <= hi);
	}
}

/* ---- the rules parser ---- */

static void
parse_fails(const char *text, unsigned line, const char *msg)
{
	static struct cred_rule r[8];
	static struct cred_str s[64];
	struct cred_rules st;
	struct cred_err e;

	cred_rules_init(&st, r, 8, s, 64);
	memset(&e, 0, sizeof(e));
	if (cred_rules_parse(&st, text, strlen(text), 3, &e) == 0) {
		struct cred_db *d = cred_db_build(&st, &e);

		assert_null(d);
	}
	if (e.line != line || strstr(e.msg, msg) == NULL)
		fail_msg("expected line %u '%s', got line %u '%s'", line, msg,
		    e.line, e.msg);
	assert_int_equal(e.file, 3);
}

#define RULE_OK "[rule a]\ndescription = d\nseverity = low\nkeywords = k\npattern = k(x+)\nexample = kx\ncounter = y\n"

static void
test_rules_errors(void **state)
{
	(void)state;
	parse_fails("description = x\n", 1, "key outside a section");
	parse_fails("[rules a]\n", 1, "unknown section");
	parse_fails("[rule A]\n", 1, "bad rule id");
	parse_fails("[rule a\n", 1, "without ']'");
	parse_fails(RULE_OK "[rule a]\n", 8, "duplicate rule id");
	parse_fails(RULE_OK "bogus = 1\n", 8, "unknown key");
	parse_fails(RULE_OK "severity = low\n", 8, "duplicate key");
	parse_fails("# c\n[rule a]\ndescription = d\nseverity = urgent\n", 4,
	    "unknown severity");
	parse_fails("[rule a]\ndescription = d\nseverity = low\nkeywords = a,,b\n",
	    4, "empty keyword");
	parse_fails("\n\n[rule a]\ndescription = d\nseverity = low\npattern = x\n"
	    "example = x\ncounter = y\n", 3, "no keywords");
	/* A rule with a path may omit keywords: the next error is the
	 * missing example, not the keywords. */
	parse_fails("[rule a]\ndescription = d\nseverity = low\n"
	    "path = master.key\npattern = x\ncounter = y\n", 1, "no example");
	parse_fails("[rule a]\nseverity = low\nkeywords = k\npattern = x\n"
	    "example = x\ncounter = y\n[global]\n", 1, "no description");
	parse_fails("[rule a]\ndescription = d\nseverity = low\nkeywords = k\n"
	    "pattern = x\ncounter = y\n", 1, "no example");
	parse_fails("[rule a]\ndescription = d\nseverity = low\nkeywords = k\n"
	    "pattern = (x\nexample = x\ncounter = y\n", 5, "pattern does not compile");
	parse_fails("[rule a]\ndescription = d\nseverity = low\nkeywords = k\n"
	    "pattern = x\nsecret-group = 2\nexample = x\ncounter = y\n", 6,
	    "secret-group is larger");
	parse_fails(RULE_OK "min-entropy = 9\n", 8, "min-entropy");
	parse_fails(RULE_OK "min-entropy = 3.1415\n", 8, "min-entropy");
	parse_fails(RULE_OK "lines = 9\n", 8, "lines must be");
	parse_fails(RULE_OK "allow = [\n", 8, "allow does not compile");
	parse_fails("[global]\nallow-secret = (\n" RULE_OK, 2,
	    "allow-secret does not compile");
	parse_fails("[global]\nwhatever = 1\n", 2, "unknown key in [global]");
	parse_fails(RULE_OK "keywords2 = x\n", 8, "unknown key");
	parse_fails("[rule a]\nkeywords = "
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n",
	    2, "longer than 64");
	{
		static const char nul[] = "[rule a]\nx\0y\n";
		static struct cred_rule r[2];
		static struct cred_str s[4];
		struct cred_rules st;
		struct cred_err e;

		cred_rules_init(&st, r, 2, s, 4);
		assert_int_equal(cred_rules_parse(&st, nul, sizeof(nul) - 1, 0, &e), -1);
		assert_int_equal(e.line, 2);
		assert_non_null(strstr(e.msg, "NUL"));
	}
}

static void
test_rules_values(void **state)
{
	char buf[32];

	(void)state;
	assert_int_equal(set.n_rules, 4);
	assert_string_equal(set.rules[1].id, "t.pw");
	assert_int_equal(set.rules[1].min_entropy, 2500);
	assert_int_equal(set.rules[1].severity, 1);
	assert_int_equal(set.rules[3].lines, 2);
	assert_int_equal(cred_db_nkeywords(db), 4);
	assert_int_equal(cred_unescape("a\\nb\\tc\\\\d\\x", 12, buf, sizeof(buf)), 9);
	assert_memory_equal(buf, "a\nb\tc\\d\\x", 9);
	assert_int_equal(cred_unescape("abc", 3, buf, 2), -1);
}

/* ---- the engine ---- */

static void
test_scan_basic(void **state)
{
	static const char t[] =
	    "x = 1\n"
	    "key = AKIAZ7VQ3XK2M4NP6RT8  other = AKIAQ2W3E4R5T6Y7U8I9\n"
	    "ex = AKIAIOSFODNN7EXAMPLE\n"
	    "password = \"Tr0ub4dor&3xQz\"\n"
	    "password = \"aaaaaaaaaaaa\"\n"
	    "password = \"changeme\"\n"
	    "password = \"Q9v!c2Lp0zR7\" # getenv fallback\n"
	    "password = \"Q9v!c2Lp0zR8\" # signoff:allow\n"
	    "password = \"Q9v!c2Lp0zR9\" # pragma: allowlist secret\n";

	(void)state;
	assert_int_equal(scan_str("a.py", t, sizeof(t) - 1), CRED_SCANNED);
	assert_int_equal(n_found, 3);
	assert_string_equal(found_secret[0], "AKIAZ7VQ3XK2M4NP6RT8");
	assert_int_equal(found[0].line, 2);
	assert_int_equal(found[0].column, 7);
	assert_string_equal(found_secret[1], "AKIAQ2W3E4R5T6Y7U8I9");
	assert_int_equal(found[1].line, 2);
	assert_int_equal(found[1].column, 37);
	assert_string_equal(found_secret[2], "Tr0ub4dor&3xQz");
	assert_int_equal(found[2].line, 4);
	assert_int_equal(found[2].column, 13);
}

static void
test_scan_path_rule(void **state)
{
	static const char t[] = "machine h login u password hunter2hunter2\n";

	(void)state;
	scan_str("notes.txt", t, sizeof(t) - 1);
	assert_int_equal(n_found, 0);
	scan_str(".netrc", t, sizeof(t) - 1);
	assert_int_equal(n_found, 1);
	assert_string_equal(found_secret[0], "hunter2hunter2");
	scan_str(NULL, t, sizeof(t) - 1);
	assert_int_equal(n_found, 0);
}

static void
test_scan_multiline(void **state)
{
	static const char t[] = "k = '''\n-----BEGIN RSA PRIVATE KEY-----\n"
	    "MIIEpAIBAAKCAQEA7bq3Xk9L\n-----END RSA PRIVATE KEY-----\n";

	(void)state;
	scan_str("k.pem", t, sizeof(t) - 1);
	assert_int_equal(n_found, 1);
	assert_int_equal(found[0].line, 3);
	assert_int_equal(found[0].column, 1);
}

static void
test_scan_binary(void **state)
{
	static const char bin[] = "AKIAZ7VQ3XK2M4NP6RT8\0";
	static const char gz[] = "\x1f\x8b\x08 AKIAZ7VQ3XK2M4NP6RT8";

	(void)state;
	assert_int_equal(scan_str("b", bin, sizeof(bin) - 1), CRED_BINARY);
	assert_int_equal(n_found, 0);
	assert_int_equal(scan_str("b.gz", gz, sizeof(gz) - 1), CRED_ARCHIVE);
	assert_int_equal(scan_str("e", "", 0), CRED_SCANNED);
}

/*
 * A secret straddling every interesting offset around the chunk
 * boundaries: exactly one finding, at the right line and column.
 */
static void
test_scan_boundaries(void **state)
{
	static const char key[] = "password = \"Tr0ub4dor&3xQz\"";
	size_t n = 3 * SCAN_BUF, i;
	char *b = malloc(n + 1);
	const size_t cuts[] = { SCAN_BUF, SCAN_BUF - SCAN_WIN,
	    SCAN_BUF - SCAN_KEEP, 2 * SCAN_BUF - SCAN_KEEP,
	    2 * SCAN_BUF - SCAN_KEEP - SCAN_WIN };
	size_t c;
	int d;

	(void)state;
	assert_non_null(b);
	for (c = 0; c < sizeof(cuts) / sizeof(cuts[0]); c++) {
		for (d = -40; d <= 40; d += 3) {
			size_t at = (size_t)((long)cuts[c] + d), line = 1, col;

			/* lines of 63 'a' and a newline */
			for (i = 0; i < n; i++)
				b[i] = (i % 64) == 63 ? '\n' : 'a';
			b[at - 1] = ' ';
			memcpy(b + at, key, sizeof(key) - 1);
			b[at + sizeof(key) - 1] = ' ';
			for (i = 0; i < at + 12; i++)
				if (b[i] == '\n')
					line++;
			for (col = 1, i = at + 12; i > 0 && b[i - 1] != '\n'; i--)
				col++;
			scan_str("x", b, n);
			if (n_found != 1)
				fail_msg("cut %zu%+d: %zu findings", cuts[c], d,
				    n_found);
			assert_string_equal(found_secret[0], "Tr0ub4dor&3xQz");
			assert_int_equal(found[0].offset, at + 12);
			assert_int_equal(found[0].line, line);
			assert_int_equal(found[0].column, col);
		}
	}
	free(b);
}

static int st_ok, st_bad;

static void
st_cb(void *ctx, size_t rule, int ok, const char *why)
{
	(void)ctx;
	(void)rule;
	(void)why;
	if (ok)
		st_ok++;
	else
		st_bad++;
}

static void
test_selftest_rules(void **state)
{
	(void)state;
	assert_int_equal(cred_selftest(db, sc, st_cb, NULL), 0);
	assert_int_equal(st_ok, 4);
	assert_int_equal(st_bad, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha256),
		cmocka_unit_test(test_fingerprint),
		cmocka_unit_test(test_entropy),
		cmocka_unit_test(test_redact),
		cmocka_unit_test(test_linecol),
		cmocka_unit_test(test_chunk_plan),
		cmocka_unit_test(test_rules_errors),
		cmocka_unit_test(test_rules_values),
		cmocka_unit_test(test_scan_basic),
		cmocka_unit_test(test_scan_path_rule),
		cmocka_unit_test(test_scan_multiline),
		cmocka_unit_test(test_scan_binary),
		cmocka_unit_test(test_scan_boundaries),
		cmocka_unit_test(test_selftest_rules),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
