/*
 * render.h - internals shared by the renderers (core/report/ only).
 *
 * Everything here writes through struct out and uses only the scratch
 * memory handed in: no allocation, no stdio, no clock.
 */
#ifndef SIGNOFF_RENDER_H
#define SIGNOFF_RENDER_H

#include <stddef.h>
#include <stdint.h>

#include "report.h"

/* How a piece of text is quoted for the document it goes into. */
enum quote {
	Q_NONE,		/* as is (human) */
	Q_JSON,		/* inside a JSON (or YAML double-quoted) string */
	Q_XML,		/* inside an XML attribute or element */
	Q_MD,		/* inside a Markdown table cell or heading */
	Q_PROM,		/* inside a Prometheus label value */
	Q_TAP		/* inside a TAP test description */
};

/*
 * Writes p[0..n) with quoting q.  Text is expected in record-escaped form
 * (printable ASCII); any other byte is shown as \xHH before quoting, so no
 * control byte ever reaches a document.
 */
void put_text(struct out *o, const char *p, size_t n, enum quote q);
void put_t(struct out *o, struct text t, enum quote q);
/* NUL-terminated; NULL is written as the empty string. */
void put_cstr(struct out *o, const char *s, enum quote q);

/* JSON string literals, quotes included. */
void json_t(struct out *o, struct text t);
void json_cstr(struct out *o, const char *s);
/* null when s is NULL or empty. */
void json_cstr_or_null(struct out *o, const char *s);
void json_ms_or_null(struct out *o, int64_t ms);

/* path[:line[:column]] of a record with a path. */
void put_location(struct out *o, const struct record *r, enum quote q);
/* ms as seconds with three decimals ("0.005"); ms must be >= 0. */
void put_seconds(struct out *o, int64_t ms);

void count_status(const struct record *recs, size_t n, size_t cnt[ST__N]);

/* Upper-case status tag: PASS FAIL WARN SKIP ERROR. */
const char *status_tag(enum rec_status s);

/* Grouping records without allocation: see group_records. */
enum {
	KEY_SECTION = 1, KEY_ID = 2, KEY_STATUS = 4, KEY_SEVERITY = 8
};

struct groups {
	size_t ng;		/* number of groups */
	size_t *order;		/* n record indices, grouped */
	size_t *start;		/* ng + 1 offsets into order */
	size_t *gid;		/* group of each record */
};

/*
 * Groups recs[0..n) by the fields named in keys.  Groups come in order of
 * first appearance, records in input order within a group: group g is
 * order[start[g] .. start[g + 1]).  Memory comes from *s (which is not
 * consumed).  Returns 0, or -1 with *why if the scratch is too small.
 */
int group_records(const struct record *recs, size_t n, unsigned keys,
    const struct scratch *s, struct groups *g, const char **why);

/*
 * Section order of the human and Markdown reports: pass 0 .. n_headings
 * - 1 shows the section of heading `pass`, pass n_headings every section
 * without a heading (in order of first appearance).  heading_of returns
 * the heading of a section (its index in *at when at is not NULL), or
 * NULL.
 */
const struct report_heading *heading_of(const struct report_opts *opt,
    struct text section, size_t *at);
int section_in_pass(const struct report_opts *opt, struct text section,
    size_t pass);

/* Items (records grouped by id) and the verdict (common.c). */
struct items {
	struct groups g;	/* records grouped by id */
	size_t n_items;		/* groups, the sandbox one excepted */
	size_t cnt[ST__N];	/* items by their status (item_status) */
	size_t findings;	/* fail and warn records of items */
	size_t n_blocking;	/* groups that block the verdict */
};

int rec_is_sandbox(const struct record *r);
/* The record stops READY: an error, or a fail (or a warn, under --fail-on
 * warn) at or above --fail-on. */
int rec_blocks(const struct report_opts *opt, const struct record *r);
void scratch_halves(const struct scratch *s, struct scratch *a,
    struct scratch *b);
int items_compute(const struct report_opts *opt, const struct record *recs,
    size_t n, const struct scratch *s, struct items *it, const char **why);
/* The worst status of group k: fail, error, warn, pass, then skip. */
enum rec_status item_status(const struct record *recs,
    const struct items *it, size_t k);
int item_blocks(const struct report_opts *opt, const struct record *recs,
    const struct items *it, size_t k);
/* The --fix text of an item, or NULL. */
const char *fix_for(const struct report_opts *opt, struct text id);
/* The ids of the blocking items, in order of first appearance. */
void put_blocking(struct out *o, const struct report_opts *opt,
    const struct record *recs, const struct items *it, const char *sep,
    enum quote q);
const char *fail_on_name(const struct report_opts *opt);
int status_shown(const struct report_opts *opt, enum rec_status s);
int evidence_is_number(struct text key, struct text val);

/* The value of one --indicator over the records (see report.h). */
#define INDICATOR_MAX_NAMED	8
struct indicator_val {
	size_t items;		/* items of IDS with records */
	size_t passed;		/* of those, items whose worst status is pass */
	struct text named[INDICATOR_MAX_NAMED];	/* items that did not pass */
	size_t n_named;
	int has_value;		/* KEY found */
	struct text value;	/* its value */
	enum rec_status status;	/* worst status over the items */
};
/* Returns 1 and fills *v when any item of ind has records, else 0. */
int indicator_eval(const struct report_indicator *ind,
    const struct record *recs, size_t n, struct indicator_val *v);
/* The indicator block: "Key indicators" (human, md = 0) or a Markdown
 * table (md = 1); nothing when no indicator has records. */
void indicators_put(struct out *o, const struct report_opts *opt,
    const struct record *recs, size_t n, int md);

int render_human(struct out *o, const struct report_opts *opt,
    const struct record *recs, size_t n, struct scratch *s, const char **why);
int render_json(struct out *o, const struct report_opts *opt,
    const struct record *recs, size_t n, struct scratch *s, const char **why);
int render_junit(struct out *o, const struct report_opts *opt,
    const struct record *recs, size_t n, struct scratch *s, const char **why);
int render_sarif(struct out *o, const struct report_opts *opt,
    const struct record *recs, size_t n, struct scratch *s, const char **why);
int render_tap(struct out *o, const struct report_opts *opt,
    const struct record *recs, size_t n, struct scratch *s, const char **why);
int render_markdown(struct out *o, const struct report_opts *opt,
    const struct record *recs, size_t n, struct scratch *s, const char **why);
int render_prometheus(struct out *o, const struct report_opts *opt,
    const struct record *recs, size_t n, struct scratch *s, const char **why);

#endif
