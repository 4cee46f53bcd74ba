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
	int term_cols;		/* columns of the terminal on stdout, 0 if none */
};

/* --fail-on warn: a warning fails the run, and so does any failure. */
#define REPORT_FAIL_ON_WARN	SEV__N

/* --fix ID=TEXT: the one-line fix the front end took from an item's
 * explain; printed beside each failed item (human, Markdown, JSON). */
struct report_fix {
	const char *id;
	size_t id_len;
	const char *text;	/* NUL-terminated, shown escaped */
};
#define REPORT_MAX_FIXES	512

/* --indicator IDS|LABEL|KEY: one of the policy's key indicators, shown at
 * the end of the human and Markdown reports when any of the items IDS
 * (comma-separated) has records: KEY "-" counts the items that pass ("7
 * of 9", the others named); another KEY shows that evidence value of the
 * first of the items' records carrying it, with the item's status. */
struct report_indicator {
	const char *ids;
	size_t ids_len;
	const char *label;
	size_t label_len;
	const char *key;	/* NUL-terminated */
};
#define REPORT_MAX_INDICATORS	16

/* --heading SECTION|TITLE|ROLE: the policy's title of a section and the
 * role that signs it off (ROLE may be empty).  The human and Markdown
 * reports show sections with a heading first, in the order of the
 * headings (the checklist's order), each under its title and role; a
 * section without one follows, in order of first appearance. */
struct report_heading {
	const char *section;
	size_t section_len;
	const char *title;
	size_t title_len;
	const char *role;	/* NUL-terminated, may be "" */
};
#define REPORT_MAX_HEADINGS	64

struct report_opts {
	enum report_format format;
	int color;			/* 1 = emit ANSI colour (human only) */
	const char *tool_version;
	const char *started;		/* RFC 3339, UTC */
	int64_t duration_ms;		/* -1 = unknown */
	int64_t now_unix;		/* seconds, for prometheus timestamps */
	const char *policy;		/* policy name or "" */
	struct host_info host;
	/* Set by report_option(); zero is the default for each. */
	unsigned show;			/* bit (1 << status) per shown status
					 * in human/Markdown listings; 0 = all */
	int width;			/* --width; 0 = host.term_cols */
	int fail_on;			/* severity, or REPORT_FAIL_ON_WARN;
					 * 0 (critical) unless set: callers
					 * start from report_opts_init() */
	const struct report_fix *fixes;
	size_t n_fixes;
	const struct report_indicator *indicators;
	size_t n_indicators;
	const struct report_heading *headings;
	size_t n_headings;
};

/* Scratch memory for renderers that need to group or sort (allocated by
 * main before the sandbox).  A renderer returns -1 if it is too small. */
struct scratch {
	void *p;
	size_t cap;
};

/* Scratch bytes that are always enough for n records in every format
 * (the caller checks n against SIZE_MAX / (16 * sizeof(size_t)) first):
 * two groupings at once (by section and by item) in the human report. */
#define REPORT_SCRATCH_SIZE(n)	((n) * 16 * sizeof(size_t) + 128)

/* Returns -1 if name is unknown. */
int report_format_from(const char *name);
const char *report_format_name(enum report_format f);

/* Renders recs[0..n) in opt->format.  Returns 0, or -1 (reason in *why). */
int report_render(struct out *o, const struct report_opts *opt,
    const struct record *recs, size_t n, struct scratch *s,
    const char **why);

/* Defaults: human, no duration, every status shown, --fail-on info. */
void report_opts_init(struct report_opts *opt);

/*
 * The report options of the person reading (docs/FORMATS.md 2):
 *   --show STATUS,...   statuses listed in human/Markdown (fail,warn,error,
 *                       skip,pass or all); the summary and verdict count all
 *   --fail-on SEV|warn  what makes the run fail (exit 1, NOT READY)
 *   --width N           wrap human lines at N columns (0: no wrapping)
 *   --fix ID=TEXT       the one-line fix of item ID
 * Returns 1 if `name` was one of them (value taken), 0 if not, -1 if the
 * value is bad (*why says what is expected).
 */
int report_option(struct report_opts *opt, const char *name,
    const char *value, const char **why);

/* Exit status under opt->fail_on: 1 if some item fails at or above it (or
 * warns, under --fail-on warn), else 4 if some error, else 0.  0 is the
 * READY verdict. */
int report_verdict_status(const struct report_opts *opt,
    const struct record *recs, size_t n);

/* Exit status from the records: 1 if some fail has severity at least as
 * high as fail_on, else 4 if some error, else 0. */
int report_exit_status(const struct record *recs, size_t n,
    enum rec_severity fail_on);

#endif
