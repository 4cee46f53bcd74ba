/*
 * junit.c - JUnit XML: one <testsuite> per section (first-appearance order),
 * one <testcase> per record.  fail -> <failure>, error -> <error>,
 * skip -> <skipped>, warn passes with a WARN line in <system-out>.
 * Validated by tests/schema/junit.xsd.
 */
#include "render.h"

static void
attr_t(struct out *o, const char *name, struct text t)
{
	out_char(o, ' ');
	out_str(o, name);
	out_str(o, "=\"");
	put_t(o, t, Q_XML);
	out_char(o, '"');
}

static void
attr_cstr(struct out *o, const char *name, const char *v)
{
	out_char(o, ' ');
	out_str(o, name);
	out_str(o, "=\"");
	put_cstr(o, v, Q_XML);
	out_char(o, '"');
}

static void
attr_u64(struct out *o, const char *name, uint64_t v)
{
	out_char(o, ' ');
	out_str(o, name);
	out_str(o, "=\"");
	out_u64(o, v);
	out_char(o, '"');
}

static void
attr_secs(struct out *o, int64_t ms)
{
	out_str(o, " time=\"");
	put_seconds(o, ms);
	out_char(o, '"');
}

/* The body of <failure>, <error>, <skipped>: title, location, evidence. */
static void
details(struct out *o, const struct record *r)
{
	struct text key, val;
	size_t pos = 0, k;

	put_t(o, r->title, Q_XML);
	out_str(o, "\nsubject: ");
	put_t(o, r->subject, Q_XML);
	if (r->path.n > 0) {
		out_str(o, "\nlocation: ");
		put_location(o, r, Q_XML);
	}
	for (k = 0; k < RECORD_MAX_EVIDENCE + 1 &&
	    recline_evidence_next(r, &pos, &key, &val); k++) {
		out_str(o, "\n");
		put_t(o, key, Q_XML);
		out_char(o, '=');
		put_t(o, val, Q_XML);
	}
}

static void
testcase(struct out *o, const struct record *r)
{
	const char *sev = rec_severity_name(r->severity);

	out_str(o, "    <testcase");
	attr_t(o, "classname", r->section);
	out_str(o, " name=\"");
	put_t(o, r->id, Q_XML);
	out_str(o, ": ");
	put_t(o, r->subject, Q_XML);
	out_char(o, '"');
	if (r->duration_ms >= 0)
		attr_secs(o, r->duration_ms);
	switch (r->status) {
	case ST_FAIL:
		out_str(o, ">\n      <failure");
		attr_t(o, "message", r->message);
		attr_cstr(o, "type", sev);
		out_char(o, '>');
		details(o, r);
		out_str(o, "</failure>\n    </testcase>\n");
		break;
	case ST_ERROR:
		out_str(o, ">\n      <error");
		attr_t(o, "message", r->message);
		attr_cstr(o, "type", "error");
		out_char(o, '>');
		details(o, r);
		out_str(o, "</error>\n    </testcase>\n");
		break;
	case ST_SKIP:
		out_str(o, ">\n      <skipped");
		attr_t(o, "message", r->message);
		out_str(o, "/>\n    </testcase>\n");
		break;
	case ST_WARN:
		out_str(o, ">\n      <system-out>WARN: ");
		out_str(o, sev);
		out_str(o, ": ");
		put_t(o, r->message, Q_XML);
		if (r->path.n > 0) {
			out_str(o, " (at ");
			put_location(o, r, Q_XML);
			out_char(o, ')');
		}
		out_str(o, "</system-out>\n    </testcase>\n");
		break;
	case ST_PASS:
	default:
		out_str(o, "/>\n");
		break;
	}
}

int
render_junit(struct out *o, const struct report_opts *opt,
    const struct record *recs, size_t n, struct scratch *s, const char **why)
{
	struct groups g;
	size_t cnt[ST__N], k, j;

	if (group_records(recs, n, KEY_SECTION, s, &g, why) != 0)
		return -1;
	count_status(recs, n, cnt);
	out_str(o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites");
	attr_cstr(o, "name", "signoff");
	attr_u64(o, "tests", n);
	attr_u64(o, "failures", cnt[ST_FAIL]);
	attr_u64(o, "errors", cnt[ST_ERROR]);
	attr_u64(o, "skipped", cnt[ST_SKIP]);
	if (opt->duration_ms >= 0)
		attr_secs(o, opt->duration_ms);
	if (opt->started != NULL && opt->started[0] != '\0')
		attr_cstr(o, "timestamp", opt->started);
	out_str(o, ">\n");
	for (k = 0; k < g.ng; k++) {
		const struct record *first = &recs[g.order[g.start[k]]];
		size_t c[ST__N] = { 0 };
		int64_t ms = 0;

		for (j = g.start[k]; j < g.start[k + 1]; j++) {
			const struct record *r = &recs[g.order[j]];

			c[r->status]++;
			if (r->duration_ms > 0 && ms <= INT64_MAX - r->duration_ms)
				ms += r->duration_ms;
		}
		out_str(o, "  <testsuite");
		attr_t(o, "name", first->section);
		attr_u64(o, "tests", g.start[k + 1] - g.start[k]);
		attr_u64(o, "failures", c[ST_FAIL]);
		attr_u64(o, "errors", c[ST_ERROR]);
		attr_u64(o, "skipped", c[ST_SKIP]);
		attr_secs(o, ms);
		if (opt->started != NULL && opt->started[0] != '\0')
			attr_cstr(o, "timestamp", opt->started);
		if (opt->host.hostname[0] != '\0')
			attr_cstr(o, "hostname", opt->host.hostname);
		out_str(o, ">\n");
		for (j = g.start[k]; j < g.start[k + 1]; j++)
			testcase(o, &recs[g.order[j]]);
		out_str(o, "  </testsuite>\n");
	}
	out_str(o, "</testsuites>\n");
	return 0;
}
