/*
 * check.h - what every core check provides.
 *
 * A check is split at the privilege boundary: prepare() runs as root before
 * the sandbox (parse arguments, open every input, read what it needs from
 * /etc/passwd), run() runs confined and only reads the descriptors prepared
 * for it.  Adding a check = one file here + an entry in checks/registry.c +
 * policies/seccomp/<name>.policy + tests.
 */
#ifndef SIGNOFF_CHECK_H
#define SIGNOFF_CHECK_H

#include <stdint.h>

#include "../record/record.h"
#include "../sandbox/sandbox.h"	/* struct sandbox_req: checks depend on
				 * the sandbox, never the reverse */

/* Who the results are for: filled from --id/--section/--title/--severity. */
struct item_meta {
	const char *id;
	const char *section;
	const char *title;
	enum rec_severity severity;
	int optional;		/* --optional: a missing target is a skip */
};

struct check_def {
	const char *name;	/* as in `signoff-core check NAME` */
	const char *summary;	/* one line */
	const char *usage;	/* argument synopsis after the name */
	const char *explain;	/* what it checks, why, how to fix a failure */
	/*
	 * argv[0] is the first argument after the check name (the generic
	 * options --id/--section/--title/--severity/--optional are removed
	 * already).  Returns 0, or 2 after printing a usage message to stderr,
	 * or 3 on internal error.  Every descriptor run() needs must be
	 * declared in req: ro_fds (Landlock read-only roots) or keep_fds;
	 * the sandbox closes every other one before confining.
	 */
	int (*prepare)(int argc, char **argv, const struct item_meta *m,
	    void **state, struct sandbox_req *req);
	/* Confined.  Writes records (not the header, not the sandbox record).
	 * Owns state: releases it and closes the descriptors prepare() opened.
	 * Returns 0, or 3 on internal error. */
	int (*run)(void *state, const struct item_meta *m, struct out *o);
};

const struct check_def *check_find(const char *name);

/*
 * Set by `signoff-core check NAME --dry-run ARGS` (policy validation): a
 * check's prepare() returns right after parsing its arguments (0, or 2 after
 * the usage message), opening nothing and leaving *state NULL.
 */
extern int check_dry_run;

/* The longest --title (bytes): escaped, it still fits in a record line
 * (docs/FORMATS.md); a policy title is held to the same limit. */
#define CHECK_TITLE_MAX 256
/* NULL-terminated list of every check. */
extern const struct check_def *const check_registry[];

/*
 * One record of item m (emit.c): the duration is check_elapsed_ms(); path
 * NULL for none, line and column 0 for none.  A record too long once
 * escaped is written again without its evidence and with a message that
 * says so, so the status always reaches the report.  Returns 0 or -1.
 */
int check_emit(struct out *o, const struct item_meta *m, enum rec_status st,
    const char *subject, const char *message, const char *path,
    uint32_t line, uint32_t column, const struct rec_ev *ev, unsigned n_ev);
/* e = (key, val), val NUL-terminated. */
void check_ev(struct rec_ev *e, const char *key, const char *val);

/* Milliseconds since the check started (monotonic), for duration_ms. */
int64_t check_elapsed_ms(void);
void check_clock_start(void);

#endif
