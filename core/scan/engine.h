/*
 * engine.h - the credential scanner: a compiled rule set (one Vectorscan
 * literal database over every rule's keywords, one PCRE2 program per
 * pattern) and per-thread scanners that stream a file or a buffer.
 *
 * Linear time whatever the rules say: Vectorscan finds the keywords in one
 * pass (no backtracking); PCRE2 runs only on a window of at most SCAN_WIN
 * bytes around a hit, interpreted (never JIT: no executable memory in the
 * sandbox), with match, depth and heap limits, so the work per keyword hit
 * is bounded.  A pattern that hits a limit counts as no match and is
 * counted (cred_stats.limit_hits).
 *
 * Memory per scanner: one SCAN_BUF buffer, Vectorscan scratch and PCRE2
 * match data, whatever the file size.
 */
#ifndef SIGNOFF_CRED_ENGINE_H
#define SIGNOFF_CRED_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include "rules.h"
#include "scanmath.h"

struct cred_db;
struct cred_scanner;

struct cred_finding {
	uint32_t rule;		/* index in the db's rules */
	uint64_t offset;	/* of the secret's first byte in the file */
	uint64_t line, column;	/* 1-based */
	const uint8_t *secret;	/* valid during the callback only */
	size_t secret_len;
};

/* Return nonzero to stop the scan (the scan then returns CRED_STOPPED). */
typedef int (*cred_emit_fn)(void *ctx, const struct cred_finding *f);

enum cred_result {
	CRED_SCANNED = 0, CRED_BINARY, CRED_ARCHIVE, CRED_READ_ERROR,
	CRED_STOPPED, CRED_INTERNAL
};

struct cred_stats {
	uint64_t bytes;		/* bytes read */
	uint64_t hits;		/* keyword hits confirmed by a pattern */
	uint64_t limit_hits;	/* PCRE2 match/depth/heap limit reached */
	uint64_t suppressed;	/* signoff:allow / pragma markers */
	uint64_t gate_checks;	/* verify mode: gate "no" checked by PCRE2 */
	uint64_t gate_misses;	/* ... and PCRE2 matched (must stay 0) */
	uint64_t windows;	/* windows searched by PCRE2 */
};

/*
 * Compiles a parsed set.  On error returns NULL with e filled (FILE:LINE
 * of the pattern, allow or keyword that failed).  The set's text must
 * outlive the db.
 */
struct cred_db *cred_db_build(const struct cred_rules *set,
    struct cred_err *e);
void cred_db_free(struct cred_db *db);
size_t cred_db_nrules(const struct cred_db *db);
const struct cred_rule *cred_db_rule(const struct cred_db *db, size_t i);
size_t cred_db_nkeywords(const struct cred_db *db);

/*
 * Prefilter gates (see engine.c): blob holds Vectorscan databases
 * serialized at build time (core/scan/gen/credpf_gen.c), each keyed by
 * cred_prefilter_key() of the prefilter expression it was compiled from
 * (cred_prefilter_expr() in rules.h, compiled with the flags
 * CRED_PF_TAG names).  Every rule
 * whose expression has an entry gets its gate; the others (user rules,
 * a stale or foreign blob) are confirmed by PCRE2 alone, so the findings
 * are the same either way.  Call before cred_scanner_new().  Returns the
 * number of gated rules.  With blob NULL, the gates missing are compiled
 * now instead (seconds for the default rules: tests and small sets).
 */
size_t cred_db_use_prefilters(struct cred_db *db, const uint8_t *blob,
    size_t n);

struct cred_scanner *cred_scanner_new(const struct cred_db *db);
void cred_scanner_free(struct cred_scanner *sc);

/* The caller fstat'ed the next file: size bytes.  Once that much is read
 * and a read comes back short, the file is taken as ended (one read
 * system call less per file; a file that grew is still read to its end
 * as long as reads come back full; a size of 0, as /proc files say, is
 * ignored).  Applies to the next cred_scan_fd. */
void cred_scanner_expect(struct cred_scanner *sc, uint64_t size);

/* Test mode: every "cannot match" of a prefilter gate is checked by
 * running PCRE2 anyway (counted in cred_stats.gate_checks, disagreements
 * in gate_misses); the findings are PCRE2's either way. */
void cred_scanner_verify_gates(struct cred_scanner *sc, int on);

/* Which path-restricted rules apply: call with the file's base name
 * before each scan (NULL: only the rules without `path`). */
void cred_scanner_set_name(struct cred_scanner *sc, const char *base);

/* Streams fd to its end.  *err is the errno of a read error. */
enum cred_result cred_scan_fd(struct cred_scanner *sc, int fd,
    cred_emit_fn emit, void *ctx, struct cred_stats *st, int *err);

/* Scans a buffer through the same streaming path. */
enum cred_result cred_scan_buffer(struct cred_scanner *sc, const uint8_t *p,
    size_t n, cred_emit_fn emit, void *ctx, struct cred_stats *st);

/*
 * Checks every rule's examples (each must be reported by its own rule)
 * and counters (none may be reported by any rule).  Calls report() once
 * per rule with ok = 1/0 and, when not ok, a reason naming the failing
 * example or counter by its line.  Returns the number of failing rules,
 * or -1 on internal error.
 */
int cred_selftest(const struct cred_db *db, struct cred_scanner *sc,
    void (*report)(void *ctx, size_t rule, int ok, const char *why),
    void *ctx);

#endif
