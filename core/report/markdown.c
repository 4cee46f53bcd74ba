/*
 * markdown.c - a GitHub-flavoured Markdown report: title, run facts, a
 * summary table (items and records), one table per section
 * (the policy's headings first, in order, with title and sign-off role;
 * then first-appearance order; --show hides statuses), the items to fix, and
 * the verdict line.
 * Every text goes through Markdown escaping (|, \, `, *, _, [, ], ~, #, !
 * escaped; <, >, & as entities), so record content cannot break a table,
 * open a link, or inject HTML.
 */
#include "render.h"

/* One "- Label: value" line; a blank line before the first. */
static void
fact(struct out *o, const char *label, const char *v, int *any)
{
	if (v == NULL || v[0] == '\0')
		return;
	if (!*any)
		out_char(o, '\n');
	*any = 1;
	out_str(o, "- ");
	out_str(o, label);
	out_str(o, ": ");
	put_cstr(o, v, Q_MD);
	out_char(o, '\n');
}

static void
row(struct out *o, const struct record *r)
{
	out_str(o, "| ");
	out_str(o, status_tag(r->status));
	out_str(o, " | ");
	out_str(o, rec_severity_name(r->severity));
	out_str(o, " | ");
	put_t(o, r->id, Q_MD);
	out_str(o, " (");
	put_t(o, r->title, Q_MD);
	out_str(o, ") | ");
	put_t(o, r->subject, Q_MD);
	out_str(o, " | ");
	put_t(o, r->message, Q_MD);
	if (r->path.n > 0) {
		out_str(o, " (at ");
		put_location(o, r, Q_MD);
		out_char(o, ')');
	}
	out_str(o, " |\n");
}

int
render_markdown(struct out *o, const struct report_opts *opt,
    const struct record *recs, size_t n, struct scratch *s, const char **why)
{
	static const char *const label[ST__N] = {
		"Passed", "Failed", "Warnings", "Skipped", "Errors"
	};
	const struct host_info *h = &opt->host;
	struct scratch sa, sb;
	struct groups g;
	struct items it;
	size_t cnt[ST__N], k, j, pass;
	int any = 0;

	scratch_halves(s, &sa, &sb);
	if (group_records(recs, n, KEY_SECTION, &sa, &g, why) != 0 ||
	    items_compute(opt, recs, n, &sb, &it, why) != 0)
		return -1;
	count_status(recs, n, cnt);
	out_str(o, "# signoff report\n");
	fact(o, "Host", h->hostname, &any);
	fact(o, "OS", h->os, &any);
	fact(o, "Kernel", h->kernel, &any);
	fact(o, "Machine", h->machine, &any);
	fact(o, "Policy", opt->policy, &any);
	fact(o, "Started", opt->started, &any);
	if (opt->duration_ms >= 0) {
		if (!any)
			out_char(o, '\n');
		out_str(o, "- Duration: ");
		out_i64(o, opt->duration_ms);
		out_str(o, " ms\n");
	}
	out_str(o, "\n## Summary\n\n| Result | Items | Records |\n"
	    "| --- | ---: | ---: |\n");
	for (k = 0; k < ST__N; k++) {
		out_str(o, "| ");
		out_str(o, label[k]);
		out_str(o, " | ");
		out_u64(o, it.cnt[k]);
		out_str(o, " | ");
		out_u64(o, cnt[k]);
		out_str(o, " |\n");
	}
	if (n == 0)
		out_str(o, "\nNo results.\n");
	for (pass = 0; pass <= opt->n_headings; pass++)
	for (k = 0; k < g.ng; k++) {
		const struct record *first = &recs[g.order[g.start[k]]];
		const struct report_heading *hd;
		int shown = 0;

		if (!section_in_pass(opt, first->section, pass))
			continue;
		hd = heading_of(opt, first->section, NULL);
		for (j = g.start[k]; j < g.start[k + 1]; j++) {
			const struct record *r = &recs[g.order[j]];

			if (!status_shown(opt, r->status))
				continue;
			if (!shown) {
				out_str(o, "\n## ");
				put_t(o, first->section, Q_MD);
				if (hd != NULL) {
					out_str(o, ": ");
					put_text(o, hd->title, hd->title_len,
					    Q_MD);
				}
				if (hd != NULL && hd->role[0] != '\0') {
					out_str(o, "\n\nSign-off: ");
					put_cstr(o, hd->role, Q_MD);
				}
				out_str(o, "\n\n| Status | Severity | Item | "
				    "Subject | Message |\n"
				    "| --- | --- | --- | --- | --- |\n");
			}
			shown = 1;
			row(o, r);
		}
	}
	any = 0;
	for (k = 0; k < it.g.ng; k++) {
		const struct record *r = &recs[it.g.order[it.g.start[k]]];
		enum rec_status st = item_status(recs, &it, k);
		const char *fix = fix_for(opt, r->id);

		if (st != ST_FAIL && st != ST_ERROR &&
		    !item_blocks(opt, recs, &it, k))
			continue;
		if (!any)
			out_str(o, "\n## To fix\n\n");
		any = 1;
		out_str(o, "- ");
		put_t(o, r->id, Q_MD);
		out_str(o, ": ");
		if (fix != NULL)
			put_cstr(o, fix, Q_MD);
		else {
			out_str(o, "see `signoff explain ");
			put_t(o, r->id, Q_NONE);	/* [a-z0-9._-] only */
			out_str(o, "`");
		}
		out_char(o, '\n');
	}
	out_str(o, it.n_blocking == 0 ? "\n**READY**\n" : "\n**NOT READY**: ");
	if (it.n_blocking > 0) {
		put_blocking(o, opt, recs, &it, ", ", Q_MD);
		out_char(o, '\n');
	}
	indicators_put(o, opt, recs, n, 1);
	return 0;
}
