/*
 * report.h - renderers: records in, document out.  Nothing here knows a
 * check.  Renderers run under the `report` seccomp profile (read, write,
 * exit only): they must not allocate or call into stdio; they write through
 * struct out and use only the scratch memory handed to them.
 */
#ifndef SIGNOFF_REPORT_H
#define SIGNOFF_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "../record/record.h"

enum report_format {
	FMT_HUMAN, FMT_JSON, FMT_JUNIT, FMT_SARIF, FMT_TAP, FMT_MARKDOWN,
	FMT_PROMETHEUS, FMT__N
};

struct host_info {
	char hostname[65];
	char kernel[65];	/* uname release */
	char machine[65];
	char os[128];		/* PRETTY_NAME from os-release, escaped, or "" */
};

struct report_opts {
	enum report_format format;
	int color;			/* 1 = emit ANSI colour (human only) */
	const char *tool_version;
	const char *started;		/* RFC 3339, UTC */
	int64_t duration_ms;		/* -1 = unknown */
	int64_t now_unix;		/* seconds, for prometheus timestamps */
	const char *policy;		/* policy name or "" */
	struct host_info host;
};

/* Scratch memory for renderers that need to group or sort (allocated by
 * main before the sandbox).  A renderer returns -1 if it is too small. */
struct scratch {
	void *p;
	size_t cap;
};

/* Scratch bytes that are always enough for n records in every format
 * (the caller checks n against SIZE_MAX / (8 * sizeof(size_t)) first). */
#define REPORT_SCRATCH_SIZE(n)	((n) * 8 * sizeof(size_t) + 64)

/* Returns -1 if name is unknown. */
int report_format_from(const char *name);
const char *report_format_name(enum report_format f);

/* Renders recs[0..n) in opt->format.  Returns 0, or -1 (reason in *why). */
int report_render(struct out *o, const struct report_opts *opt,
    const struct record *recs, size_t n, struct scratch *s,
    const char **why);

/* Exit status from the records: 1 if some fail has severity at least as
 * high as fail_on, else 4 if some error, else 0. */
int report_exit_status(const struct record *recs, size_t n,
    enum rec_severity fail_on);

#endif
