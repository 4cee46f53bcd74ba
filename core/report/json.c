/*
 * json.c - the versioned JSON report, schema "signoff/1" (docs/DESIGN.md).
 * One result per input record, in input order.  Strings carry the escaped
 * form of each field, so the output is pure ASCII.  Evidence values of the
 * numeric keys (docs/FORMATS.md) are JSON numbers.  "summary" counts
 * records, "items" counts items (records grouped by id, the sandbox record
 * apart, each with the status of its worst record), and "verdict" is the
 * human report's last line as data.
 */
#include "render.h"

static void
evidence(struct out *o, const struct record *r)
{
	struct text key, val;
	size_t pos = 0, k;
	int first = 1;

	out_str(o, "\"evidence\": {");
	for (k = 0; k < RECORD_MAX_EVIDENCE + 1 &&
	    recline_evidence_next(r, &pos, &key, &val); k++) {
		if (!first)
			out_str(o, ", ");
		first = 0;
		json_t(o, key);
		out_str(o, ": ");
		if (evidence_is_number(key, val))
			put_t(o, val, Q_NONE);
		else
			json_t(o, val);
	}
	out_char(o, '}');
}

static void
result(struct out *o, const struct record *r)
{
	out_str(o, "    {\"id\": ");
	json_t(o, r->id);
	out_str(o, ", \"section\": ");
	json_t(o, r->section);
	out_str(o, ", \"title\": ");
	json_t(o, r->title);
	out_str(o, ",\n     \"status\": ");
	json_cstr(o, rec_status_name(r->status));
	out_str(o, ", \"severity\": ");
	json_cstr(o, rec_severity_name(r->severity));
	out_str(o, ",\n     \"subject\": ");
	json_t(o, r->subject);
	out_str(o, ",\n     \"message\": ");
	json_t(o, r->message);
	if (r->path.n > 0) {
		out_str(o, ",\n     \"location\": {\"path\": ");
		json_t(o, r->path);
		if (r->line > 0) {
			out_str(o, ", \"line\": ");
			out_u64(o, r->line);
		}
		if (r->column > 0) {
			out_str(o, ", \"column\": ");
			out_u64(o, r->column);
		}
		out_char(o, '}');
	}
	out_str(o, ",\n     ");
	evidence(o, r);
	out_str(o, ",\n     \"duration_ms\": ");
	json_ms_or_null(o, r->duration_ms);
	out_char(o, '}');
}

int
render_json(struct out *o, const struct report_opts *opt,
    const struct record *recs, size_t n, struct scratch *s, const char **why)
{
	const struct host_info *h = &opt->host;
	size_t cnt[ST__N], i, k;
	struct items it;
	int first;

	if (items_compute(opt, recs, n, s, &it, why) != 0)
		return -1;

	out_str(o, "{\n  \"schema\": \"signoff/1\",\n");
	out_str(o, "  \"tool\": {\"name\": \"signoff\", \"version\": ");
	json_cstr(o, opt->tool_version != NULL ? opt->tool_version :
	    SIGNOFF_VERSION);
	out_str(o, "},\n  \"host\": {\"hostname\": ");
	json_cstr(o, h->hostname);
	out_str(o, ", \"kernel\": ");
	json_cstr(o, h->kernel);
	out_str(o, ", \"machine\": ");
	json_cstr(o, h->machine);
	out_str(o, ", \"os\": ");
	json_cstr(o, h->os);
	out_str(o, "},\n  \"policy\": ");
	json_cstr_or_null(o, opt->policy);
	out_str(o, ",\n  \"started\": ");
	json_cstr_or_null(o, opt->started);
	out_str(o, ",\n  \"duration_ms\": ");
	json_ms_or_null(o, opt->duration_ms);
	out_str(o, ",\n  \"results\": [");
	for (i = 0; i < n; i++) {
		out_str(o, i == 0 ? "\n" : ",\n");
		result(o, &recs[i]);
	}
	out_str(o, n > 0 ? "\n  ],\n" : "],\n");
	count_status(recs, n, cnt);
	out_str(o, "  \"summary\": {\"pass\": ");
	out_u64(o, cnt[ST_PASS]);
	out_str(o, ", \"fail\": ");
	out_u64(o, cnt[ST_FAIL]);
	out_str(o, ", \"warn\": ");
	out_u64(o, cnt[ST_WARN]);
	out_str(o, ", \"skip\": ");
	out_u64(o, cnt[ST_SKIP]);
	out_str(o, ", \"error\": ");
	out_u64(o, cnt[ST_ERROR]);
	out_str(o, "},\n  \"items\": {\"total\": ");
	out_u64(o, it.n_items);
	out_str(o, ", \"pass\": ");
	out_u64(o, it.cnt[ST_PASS]);
	out_str(o, ", \"fail\": ");
	out_u64(o, it.cnt[ST_FAIL]);
	out_str(o, ", \"warn\": ");
	out_u64(o, it.cnt[ST_WARN]);
	out_str(o, ", \"skip\": ");
	out_u64(o, it.cnt[ST_SKIP]);
	out_str(o, ", \"error\": ");
	out_u64(o, it.cnt[ST_ERROR]);
	out_str(o, ", \"findings\": ");
	out_u64(o, it.findings);
	out_str(o, "},\n  \"verdict\": {\"ready\": ");
	out_str(o, it.n_blocking == 0 ? "true" : "false");
	out_str(o, ", \"text\": ");
	out_str(o, it.n_blocking == 0 ? "\"READY\"" : "\"NOT READY\"");
	out_str(o, ", \"fail_on\": ");
	json_cstr(o, fail_on_name(opt));
	out_str(o, ",\n              \"blocking\": [");
	put_blocking(o, opt, recs, &it, ", ", Q_JSON);
	out_str(o, "],\n              \"fixes\": {");
	first = 1;
	for (k = 0; k < it.g.ng; k++) {
		const struct record *r = &recs[it.g.order[it.g.start[k]]];
		const char *fix = fix_for(opt, r->id);

		if (fix == NULL)
			continue;
		out_str(o, first ? "" : ", ");
		first = 0;
		json_t(o, r->id);
		out_str(o, ": ");
		json_cstr(o, fix);
	}
	out_str(o, "}}\n}\n");
	return 0;
}
