/*
 * prometheus.c - node_exporter textfile format (checked with
 * `promtool check metrics`).  Only aggregates: results are counted per
 * (id, section, status, severity), never labelled with paths or subjects,
 * so the series count stays bounded by the policy, not by the findings.
 */
#include "render.h"

static void
help_type(struct out *o, const char *name, const char *help)
{
	out_str(o, "# HELP ");
	out_str(o, name);
	out_char(o, ' ');
	out_str(o, help);
	out_str(o, "\n# TYPE ");
	out_str(o, name);
	out_str(o, " gauge\n");
}

int
render_prometheus(struct out *o, const struct report_opts *opt,
    const struct record *recs, size_t n, struct scratch *s, const char **why)
{
	struct scratch sa, sb;
	struct groups g;
	struct items it;
	size_t cnt[ST__N], k;

	scratch_halves(s, &sa, &sb);
	if (group_records(recs, n, KEY_ID | KEY_SECTION | KEY_STATUS |
	    KEY_SEVERITY, &sa, &g, why) != 0 ||
	    items_compute(opt, recs, n, &sb, &it, why) != 0)
		return -1;
	count_status(recs, n, cnt);

	if (g.ng > 0)
		help_type(o, "signoff_results", "Number of signoff results "
		    "by check id, section, status and severity.");
	for (k = 0; k < g.ng; k++) {
		const struct record *r = &recs[g.order[g.start[k]]];

		out_str(o, "signoff_results{id=\"");
		put_t(o, r->id, Q_PROM);
		out_str(o, "\",section=\"");
		put_t(o, r->section, Q_PROM);
		out_str(o, "\",status=\"");
		out_str(o, rec_status_name(r->status));
		out_str(o, "\",severity=\"");
		out_str(o, rec_severity_name(r->severity));
		out_str(o, "\"} ");
		out_u64(o, g.start[k + 1] - g.start[k]);
		out_char(o, '\n');
	}

	help_type(o, "signoff_results_by_status",
	    "Number of signoff results by status.");
	for (k = 0; k < ST__N; k++) {
		out_str(o, "signoff_results_by_status{status=\"");
		out_str(o, rec_status_name((enum rec_status)k));
		out_str(o, "\"} ");
		out_u64(o, cnt[k]);
		out_char(o, '\n');
	}

	help_type(o, "signoff_items_by_status",
	    "Number of signoff items (checks) by the status of their worst "
	    "result.");
	for (k = 0; k < ST__N; k++) {
		out_str(o, "signoff_items_by_status{status=\"");
		out_str(o, rec_status_name((enum rec_status)k));
		out_str(o, "\"} ");
		out_u64(o, it.cnt[k]);
		out_char(o, '\n');
	}

	help_type(o, "signoff_ready",
	    "1 if the verdict is READY (nothing failed at or above "
	    "--fail-on, nothing errored), else 0.");
	out_str(o, "signoff_ready ");
	out_str(o, it.n_blocking == 0 ? "1\n" : "0\n");

	help_type(o, "signoff_last_run_timestamp_seconds",
	    "Unix time at which signoff wrote this report.");
	out_str(o, "signoff_last_run_timestamp_seconds ");
	out_i64(o, opt->now_unix);
	out_char(o, '\n');

	if (opt->duration_ms >= 0) {
		help_type(o, "signoff_duration_seconds",
		    "Wall-clock duration of the signoff run in seconds.");
		out_str(o, "signoff_duration_seconds ");
		put_seconds(o, opt->duration_ms);
		out_char(o, '\n');
	}
	return 0;
}
