/*
 * human.c - the terminal report: a header, one block per section (in order
 * of first appearance), one line per record, and a summary line.  Text is
 * shown in its escaped form, so nothing in a record can move the cursor or
 * change colours; ANSI colour comes only from here and only when asked.
 */
#include "render.h"

#define SGR_RESET	"\033[0m"
#define SGR_BOLD	"\033[1m"

static const char *
status_colour(enum rec_status s)
{
	switch (s) {
	case ST_PASS: return "\033[32m";
	case ST_FAIL: return "\033[1;31m";
	case ST_WARN: return "\033[33m";
	case ST_SKIP: return "\033[36m";
	case ST_ERROR: return "\033[1;35m";
	default: return "";
	}
}

static void
pad(struct out *o, size_t used, size_t width)
{
	while (used < width) {
		out_char(o, ' ');
		used++;
	}
}

static void
line(struct out *o, const struct report_opts *opt, const struct record *r)
{
	const char *tag = status_tag(r->status);
	size_t k = 0;

	out_str(o, "  ");
	if (opt->color == 1)
		out_str(o, status_colour(r->status));
	out_str(o, tag);
	if (opt->color == 1)
		out_str(o, SGR_RESET);
	while (tag[k] != '\0')
		k++;
	pad(o, k, 6);
	if (r->status == ST_FAIL || r->status == ST_WARN) {
		const char *sev = rec_severity_name(r->severity);

		out_str(o, sev);
		for (k = 0; sev[k] != '\0'; k++)
			;
		pad(o, k, 9);
	} else
		pad(o, 0, 9);
	put_t(o, r->id, Q_NONE);
	out_str(o, "  ");
	put_t(o, r->subject, Q_NONE);
	out_str(o, ": ");
	put_t(o, r->message, Q_NONE);
	if (r->path.n > 0) {
		out_str(o, " (at ");
		put_location(o, r, Q_NONE);
		out_char(o, ')');
	}
	out_char(o, '\n');
}

static void
header(struct out *o, const struct report_opts *opt)
{
	const struct host_info *h = &opt->host;

	if (opt->color == 1)
		out_str(o, SGR_BOLD);
	out_str(o, "signoff report");
	if (opt->color == 1)
		out_str(o, SGR_RESET);
	out_char(o, '\n');
	out_str(o, "host:     ");
	put_cstr(o, h->hostname[0] != '\0' ? h->hostname : "(unknown)",
	    Q_NONE);
	if (h->os[0] != '\0' || h->kernel[0] != '\0' || h->machine[0] != '\0') {
		const char *sep = "";

		out_str(o, " (");
		if (h->os[0] != '\0') {
			put_cstr(o, h->os, Q_NONE);
			sep = ", ";
		}
		if (h->kernel[0] != '\0') {
			out_str(o, sep);
			put_cstr(o, h->kernel, Q_NONE);
			sep = ", ";
		}
		if (h->machine[0] != '\0') {
			out_str(o, sep);
			put_cstr(o, h->machine, Q_NONE);
		}
		out_char(o, ')');
	}
	out_char(o, '\n');
	if (opt->policy != NULL && opt->policy[0] != '\0') {
		out_str(o, "policy:   ");
		put_cstr(o, opt->policy, Q_NONE);
		out_char(o, '\n');
	}
	if (opt->started != NULL && opt->started[0] != '\0') {
		out_str(o, "started:  ");
		put_cstr(o, opt->started, Q_NONE);
		out_char(o, '\n');
	}
	if (opt->duration_ms >= 0) {
		out_str(o, "duration: ");
		out_i64(o, opt->duration_ms);
		out_str(o, " ms\n");
	}
}

int
render_human(struct out *o, const struct report_opts *opt,
    const struct record *recs, size_t n, struct scratch *s, const char **why)
{
	struct groups g;
	size_t cnt[ST__N], k, j;

	if (group_records(recs, n, KEY_SECTION, s, &g, why) != 0)
		return -1;
	header(o, opt);
	if (n == 0)
		out_str(o, "\nNo results.\n");
	for (k = 0; k < g.ng; k++) {
		const struct record *first = &recs[g.order[g.start[k]]];

		out_char(o, '\n');
		if (opt->color == 1)
			out_str(o, SGR_BOLD);
		put_t(o, first->section, Q_NONE);
		if (opt->color == 1)
			out_str(o, SGR_RESET);
		out_char(o, '\n');
		for (j = g.start[k]; j < g.start[k + 1]; j++)
			line(o, opt, &recs[g.order[j]]);
	}
	count_status(recs, n, cnt);
	out_str(o, "\nSummary: ");
	out_u64(o, cnt[ST_PASS]);
	out_str(o, " passed, ");
	out_u64(o, cnt[ST_FAIL]);
	out_str(o, " failed, ");
	out_u64(o, cnt[ST_WARN]);
	out_str(o, cnt[ST_WARN] == 1 ? " warning, " : " warnings, ");
	out_u64(o, cnt[ST_SKIP]);
	out_str(o, " skipped, ");
	out_u64(o, cnt[ST_ERROR]);
	out_str(o, cnt[ST_ERROR] == 1 ? " error\n" : " errors\n");
	return 0;
}
