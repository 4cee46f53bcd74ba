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

/* Who the results are for: filled from --id/--section/--title/--severity. */
struct item_meta {
	const char *id;
	const char *section;
	const char *title;
	enum rec_severity severity;
	int optional;		/* --optional: a missing target is a skip */
};

#define SANDBOX_MAX_RO 16
#define SANDBOX_MAX_PORTS 8

/* What prepare() asks of the sandbox. */
struct sandbox_req {
	int ro_fds[SANDBOX_MAX_RO];	/* Landlock: read-only beneath these */
	int n_ro;
	/* Profiles with @net yes, Landlock ABI >= 4: when n_tcp > 0, TCP
	 * connect is allowed to these ports only and bind to none; with
	 * n_tcp == 0 TCP is not restricted. */
	uint16_t tcp_connect[SANDBOX_MAX_PORTS];
	int n_tcp;
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
	 * or 3 on internal error.
	 */
	int (*prepare)(int argc, char **argv, const struct item_meta *m,
	    void **state, struct sandbox_req *req);
	/* Confined.  Writes records (not the header, not the sandbox record).
	 * Owns state: releases it and closes the descriptors prepare() opened.
	 * Returns 0, or 3 on internal error. */
	int (*run)(void *state, const struct item_meta *m, struct out *o);
};

const struct check_def *check_find(const char *name);
/* NULL-terminated list of every check. */
extern const struct check_def *const check_registry[];

/* Milliseconds since the check started (monotonic), for duration_ms. */
int64_t check_elapsed_ms(void);
void check_clock_start(void);

#endif
