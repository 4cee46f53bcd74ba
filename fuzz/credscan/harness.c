/*
 * fuzz/credscan/harness.c - the credential scanner (core/scan/engine.c)
 * over a buffer, with a small rule set of every feature (path rules,
 * multi-line windows, allow patterns, entropy floors, global allows).
 * Properties: every finding lies inside the buffer, its bytes are the
 * buffer's, its line and column are the ones counted here, findings come
 * once per rule and position, and the redacted form shows at most 4 bytes
 * of the secret.  The first input byte picks the file name (path rules).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scan/engine.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char rules_text[] =
"[global]\n"
"allow-secret = (?i)^(changeme|x{6,}|example)$\n"
"[rule f.akia]\n"
"description = key id\nseverity = critical\nkeywords = AKIA,ASIA\n"
"pattern = \\b((?:AKIA|ASIA)[0-9A-Z]{16})\\b\n"
"example = AKIAZ7VQ3XK2M4NP6RT8\ncounter = AKIA\n"
"[rule f.pw]\n"
"description = pw\nseverity = high\nkeywords = password,passwd,pwd\n"
"pattern = (?i)(?:password|passwd|pwd)\\w*[\"']?\\s*[:=]\\s*[\"']?([^\"'\\s]{6,})\n"
"min-entropy = 2\nallow = getenv|environ\n"
"example = password = hunter2hunter2\ncounter = password = os.environ['x']\n"
"[rule f.pem]\n"
"description = pem\nseverity = critical\nkeywords = -----BEGIN\n"
"pattern = -----BEGIN [A-Z ]*PRIVATE KEY-----\\n([A-Za-z0-9+/=]{8,})\nlines = 3\n"
"example = -----BEGIN RSA PRIVATE KEY-----\\nMIIEpAIBAAKC\ncounter = -----BEGIN PUBLIC KEY-----\n"
"[rule f.netrc]\n"
"description = netrc\nseverity = medium\nkeywords = machine\npath = .netrc,_netrc\n"
"pattern = machine\\s+\\S+[\\s\\S]*?password\\s+(\\S+)\nlines = 4\n"
"example = machine a password bbbbbbbb\ncounter = machine a\n"
"[rule f.url]\n"
"description = url\nseverity = high\nkeywords = ://\n"
"pattern = [a-z][a-z0-9+.-]*://[^:/\\s@]+:([^@/\\s]{3,})@\nsecret-group = 1\n"
"example = postgres://u:pa55word@h/db\ncounter = https://h/x\n"
"[rule f.empty]\n"
"description = empty matches\nseverity = low\nkeywords = zz\npattern = (a*)\n"
"min-length = 2\nexample = zz aa\ncounter = q\n";

static struct cred_rule rules[16];
static struct cred_str strs[128];
static struct cred_rules set;
static struct cred_db *db;
static struct cred_scanner *sc;

struct fctx {
	const uint8_t *data;
	size_t size;
	uint64_t last_off[16];
};

static int
check(void *ctx, const struct cred_finding *f)
{
	struct fctx *c = ctx;
	uint64_t line = 1, col = 1, i;
	char red[SCAN_REDACT_MAX + 1];
	size_t k;

	if (f->offset > c->size || f->secret_len > c->size - f->offset ||
	    f->secret_len == 0)
		abort();
	if (memcmp(c->data + f->offset, f->secret, f->secret_len) != 0)
		abort();
	for (i = 0; i < f->offset; i++) {
		if (c->data[i] == '\n') {
			line++;
			col = 1;
		} else
			col++;
	}
	if (f->line != line || f->column != col)
		abort();
	if (f->rule >= 16 || (c->last_off[f->rule] != UINT64_MAX &&
	    f->offset <= c->last_off[f->rule]))
		abort();	/* twice, or out of order, for one rule */
	c->last_off[f->rule] = f->offset;
	k = scan_redact(f->secret, f->secret_len, red);
	if (k < SCAN_MASK_LEN || k - SCAN_MASK_LEN > 4 ||
	    (k - SCAN_MASK_LEN) * 4 > f->secret_len)
		abort();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[4] = { "a.txt", ".netrc", "_netrc", NULL };
	struct cred_stats st;
	struct cred_err e;
	struct fctx c;
	size_t i;

	if (db == NULL) {
		cred_rules_init(&set, rules, 16, strs, 128);
		if (cred_rules_parse(&set, rules_text, sizeof(rules_text) - 1, 0,
		    &e) != 0 || (db = cred_db_build(&set, &e)) == NULL ||
		    (sc = cred_scanner_new(db)) == NULL)
			abort();
	}
	if (size == 0)
		return 0;
	memset(&c, 0, sizeof(c));
	for (i = 0; i < 16; i++)
		c.last_off[i] = UINT64_MAX;
	c.data = data + 1;
	c.size = size - 1;
	memset(&st, 0, sizeof(st));
	cred_scanner_set_name(sc, names[data[0] & 3]);
	switch (cred_scan_buffer(sc, c.data, c.size, check, &c, &st)) {
	case CRED_SCANNED:
	case CRED_BINARY:
	case CRED_ARCHIVE:
		break;
	default:
		abort();
	}
	if (st.bytes != 0 && st.bytes != c.size)
		abort();
	return 0;
}
