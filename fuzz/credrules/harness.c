/*
 * fuzz/credrules/harness.c - the rules-file parser (core/scan/rules.c)
 * and the compilation of what it accepts (core/scan/engine.c: PCRE2
 * without JIT, the Vectorscan literal database).  Properties: an error
 * names a line inside the input and a printable message; a parsed set
 * holds only rules with every required key (keywords may be left out
 * only by a rule with a path); a compiled set can scan its
 * own examples without crashing.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scan/engine.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct cred_rule rules[64];
static struct cred_str strs[1024];

static void
noop(void *ctx, size_t rule, int ok, const char *why)
{
	(void)ctx;
	(void)rule;
	(void)ok;
	if (why == NULL)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cred_rules set;
	struct cred_err e;
	struct cred_db *db;
	struct cred_scanner *sc;
	size_t i, lines = 1;

	if (size > 65536)
		return 0;
	for (i = 0; i < size; i++)
		if (data[i] == '\n')
			lines++;
	memset(&e, 0, sizeof(e));
	cred_rules_init(&set, rules, 64, strs, 1024);
	if (cred_rules_parse(&set, (const char *)data, size, 0, &e) != 0) {
		if (e.line == 0 || e.line > lines || e.msg[0] == '\0')
			abort();
		for (i = 0; e.msg[i] != '\0'; i++)
			if ((unsigned char)e.msg[i] < 0x20 ||
			    (unsigned char)e.msg[i] >= 0x7f)
				abort();
		return 0;
	}
	for (i = 0; i < set.n_rules; i++) {
		size_t k;
		int has_path = 0;

		/* keywords may be omitted only by a rule with a path */
		for (k = 0; k < set.n_strs; k++)
			if (set.strs[k].kind == CK_PATH &&
			    set.strs[k].rule == (int32_t)i)
				has_path = 1;
		if (set.rules[i].desc == NULL || set.rules[i].pattern == NULL ||
		    (set.rules[i].n_kw == 0 && !has_path) ||
		    set.rules[i].n_ex == 0 || set.rules[i].n_ctr == 0)
			abort();
	}
	if (set.n_rules == 0)
		return 0;
	db = cred_db_build(&set, &e);
	if (db == NULL) {
		if (e.line > lines)
			abort();
		return 0;
	}
	sc = cred_scanner_new(db);
	if (sc != NULL)
		(void)cred_selftest(db, sc, noop, NULL);
	cred_scanner_free(sc);
	cred_db_free(db);
	return 0;
}
