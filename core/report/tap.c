/*
 * tap.c - TAP version 13, one test point per record in input order.
 * fail and error are "not ok" with a YAML diagnostic block; skip is
 * "ok ... # SKIP reason"; warn is "ok" followed by a "# warn:" comment.
 * In descriptions '#' and '\' are backslash-escaped as TAP asks; YAML
 * values are double-quoted strings.
 */
#include "render.h"

static void
yaml_kv(struct out *o, const char *key, struct text v)
{
	out_str(o, "  ");
	out_str(o, key);
	out_str(o, ": \"");
	put_t(o, v, Q_JSON);
	out_str(o, "\"\n");
}

static void
diagnostic(struct out *o, const struct record *r)
{
	struct text key, val;
	size_t pos = 0, k;

	out_str(o, "  ---\n  status: ");
	out_str(o, rec_status_name(r->status));
	out_str(o, "\n  severity: ");
	out_str(o, rec_severity_name(r->severity));
	out_char(o, '\n');
	yaml_kv(o, "title", r->title);
	yaml_kv(o, "subject", r->subject);
	yaml_kv(o, "message", r->message);
	if (r->path.n > 0) {
		out_str(o, "  location: \"");
		put_location(o, r, Q_JSON);
		out_str(o, "\"\n");
	}
	if (r->duration_ms >= 0) {
		out_str(o, "  duration_ms: ");
		out_i64(o, r->duration_ms);
		out_char(o, '\n');
	}
	if (r->n_evidence > 0)
		out_str(o, "  evidence:\n");
	for (k = 0; k < RECORD_MAX_EVIDENCE + 1 &&
	    recline_evidence_next(r, &pos, &key, &val); k++) {
		out_str(o, "    \"");
		put_t(o, key, Q_JSON);
		out_str(o, "\": \"");
		put_t(o, val, Q_JSON);
		out_str(o, "\"\n");
	}
	out_str(o, "  ...\n");
}

int
render_tap(struct out *o, const struct report_opts *opt,
    const struct record *recs, size_t n, struct scratch *s, const char **why)
{
	struct items it;
	size_t i;

	if (items_compute(opt, recs, n, s, &it, why) != 0)
		return -1;
	out_str(o, "TAP version 13\n1..");
	out_u64(o, n);
	out_str(o, n == 0 ? " # SKIP no records\n" : "\n");
	out_str(o, "# signoff report");
	if (opt->host.hostname[0] != '\0') {
		out_str(o, " for ");
		put_cstr(o, opt->host.hostname, Q_NONE);
	}
	if (opt->started != NULL && opt->started[0] != '\0') {
		out_str(o, ", started ");
		put_cstr(o, opt->started, Q_NONE);
	}
	out_char(o, '\n');
	for (i = 0; i < n; i++) {
		const struct record *r = &recs[i];
		int bad = r->status == ST_FAIL || r->status == ST_ERROR;

		out_str(o, bad ? "not ok " : "ok ");
		out_u64(o, i + 1);
		out_str(o, " - ");
		put_t(o, r->id, Q_TAP);
		out_str(o, ": ");
		put_t(o, r->subject, Q_TAP);
		if (r->status == ST_SKIP) {
			out_str(o, " # SKIP ");
			put_t(o, r->message, Q_NONE);
		}
		out_char(o, '\n');
		if (bad)
			diagnostic(o, r);
		else if (r->status == ST_WARN) {
			out_str(o, "# warn: ");
			out_str(o, rec_severity_name(r->severity));
			out_str(o, ": ");
			put_t(o, r->message, Q_NONE);
			out_char(o, '\n');
		}
	}
	/* The verdict, as a comment (TAP has no place for it). */
	if (it.n_blocking == 0)
		out_str(o, "# READY\n");
	else {
		out_str(o, "# NOT READY: ");
		put_blocking(o, opt, recs, &it, ", ", Q_NONE);
		out_char(o, '\n');
	}
	return 0;
}
