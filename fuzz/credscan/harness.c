/*
 * fuzz/credscan/harness.c - the credential scanner (core/scan/engine.c)
 * over a buffer with the DEFAULT rules: policies/credentials.rules as
 * built into signoff-core (the Makefile links the generated
 * build/gen/credrules.c into every harness, so a clean checkout's
 * `make fuzzers` and the corpus replay of ci/fuzz.sh need no file at run
 * time, and the harness fuzzes exactly the text the core embeds).
 *
 * The first input byte picks the file name among 32 that the default
 * rules' `path` globs name (shell, .env, Python, JS, Go, Java, PHP, YAML,
 * JSON, INI, TOML, Terraform, .properties, XML, Dockerfile, .netrc,
 * .pgpass, .npmrc, .git-credentials, docker config.json, ...), so the
 * path-restricted rule families are reached; the rest is the file.
 *
 * Properties: every finding lies inside the buffer, its bytes are the
 * buffer's, its line and column are the ones counted here, each rule
 * reports positions once and in increasing order, the redacted form shows
 * at most 4 bytes (and at most a quarter) of the secret; and the
 * one-finding-per-secret choice (core/scan/dedup.c) over the findings
 * keeps disjoint spans only, each merged one overlapping a better kept
 * one.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scan/dedup.h"
#include "scan/engine.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

extern const char embedded_credentials_rules[];

#define RULES_CAP	1024
#define STRS_CAP	16384
#define FIND_CAP	4096

static struct cred_rule rules[RULES_CAP];
static struct cred_str strs[STRS_CAP];
static struct cred_rules set;
static struct cred_db *db;
static struct cred_scanner *sc;
static uint8_t rclass[RULES_CAP];
static uint64_t last_off[RULES_CAP];
static struct cred_cand cands[FIND_CAP];
static uint32_t order[FIND_CAP], kept[FIND_CAP];

struct fctx {
	const uint8_t *data;
	size_t size;
	uint64_t line, col, at;	/* line and column of data[at] */
	size_t n;
};

static int
check(void *ctx, const struct cred_finding *f)
{
	struct fctx *c = ctx;
	char red[SCAN_REDACT_MAX + 1];
	size_t k;

	if (f->rule >= cred_db_nrules(db) || f->secret_len == 0 ||
	    f->offset > c->size || f->secret_len > c->size - f->offset)
		abort();
	if (memcmp(c->data + f->offset, f->secret, f->secret_len) != 0)
		abort();
	/* line and column: findings of different rules come in any order,
	 * so count from the start when going back */
	if (f->offset < c->at) {
		c->at = 0;
		c->line = c->col = 1;
	}
	for (; c->at < f->offset; c->at++) {
		if (c->data[c->at] == '\n') {
			c->line++;
			c->col = 1;
		} else
			c->col++;
	}
	if (f->line != c->line || f->column != c->col)
		abort();
	if (last_off[f->rule] != UINT64_MAX && f->offset <= last_off[f->rule])
		abort();	/* twice, or out of order, for one rule */
	last_off[f->rule] = f->offset;
	k = scan_redact(f->secret, f->secret_len, red);
	if (k < SCAN_MASK_LEN || k - SCAN_MASK_LEN > 4 ||
	    (k - SCAN_MASK_LEN) * 4 > f->secret_len)
		abort();
	if (c->n < FIND_CAP) {
		struct cred_cand *x = &cands[c->n++];

		memset(x, 0, sizeof(*x));
		x->start = f->offset;
		x->end = f->offset + f->secret_len;
		x->rule = f->rule;
		x->class = rclass[f->rule];
	}
	return 0;
}

static void
check_dedup(size_t n)
{
	size_t i, kept_n = 0;

	if (cred_dedup(cands, n, order, kept) > n)
		abort();
	for (i = 0; i < n; i++) {
		const struct cred_cand *x = &cands[i], *w;

		if (x->keep) {
			kept_n++;
			continue;
		}
		if (x->by >= n)
			abort();
		w = &cands[x->by];
		if (!w->keep || !(w->start < x->end && x->start < w->end) ||
		    !cred_dedup_better(w, x))
			abort();
	}
	/* kept spans are disjoint: sorted by start in kept[] */
	for (i = 1; i < kept_n; i++)
		if (cands[kept[i - 1]].end > cands[kept[i]].start)
			abort();
}

static void
init(void)
{
	struct cred_err e;
	size_t i;

	cred_rules_init(&set, rules, RULES_CAP, strs, STRS_CAP);
	if (cred_rules_parse(&set, embedded_credentials_rules,
	    strlen(embedded_credentials_rules), 0, &e) != 0 ||
	    (db = cred_db_build(&set, &e)) == NULL ||
	    (sc = cred_scanner_new(db)) == NULL)
		abort();
	if (cred_db_nrules(db) < 150 || cred_db_nrules(db) > RULES_CAP)
		abort();	/* not the default rules */
	for (i = 0; i < cred_db_nrules(db); i++)
		rclass[i] = cred_dedup_class(cred_db_rule(db, i)->id);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[32] = {
		"a.txt", "deploy.sh", ".env", "settings.py", "app.js",
		"main.go", "App.java", "config.php", "config.yml", "config.json",
		"app.ini", "pyproject.toml", "main.tf", "app.properties",
		"web.config", "Dockerfile", ".netrc", ".pgpass", ".npmrc",
		".git-credentials", "credentials", ".bash_profile", "README.md",
		"dump.sql", ".pypirc", ".my.cnf", ".esmtprc", ".terraformrc",
		"logins.json", "dbeaver-data-sources.xml", "newrelic.yml", NULL,
	};
	struct cred_stats st;
	struct fctx c;
	size_t i;

	if (db == NULL)
		init();
	if (size == 0)
		return 0;
	memset(&c, 0, sizeof(c));
	c.data = data + 1;
	c.size = size - 1;
	c.line = c.col = 1;
	for (i = 0; i < cred_db_nrules(db); i++)
		last_off[i] = UINT64_MAX;
	memset(&st, 0, sizeof(st));
	cred_scanner_set_name(sc, names[data[0] & 31]);
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
	check_dedup(c.n);
	return 0;
}
