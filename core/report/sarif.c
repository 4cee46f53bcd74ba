/*
 * sarif.c - SARIF 2.1.0: one run, one rule per distinct check id (first
 * appearance order), one result per pass/fail/warn/skip record; error
 * records (the check could not run) become tool execution notifications
 * and make the invocation unsuccessful.
 *
 * Artifact URIs are the one place where a text field is not shown in its
 * escaped form: the path is unescaped back to its bytes and percent-encoded,
 * which is both exact and safe (the URI is pure ASCII).
 */
#include <string.h>

#include "../parse/escape.h"
#include "render.h"

static const char hexdig[] = "0123456789ABCDEF";

static void
pct_byte(struct out *o, unsigned char c)
{
	if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
	    c == '~' || c == '/') {
		out_char(o, (char)c);
		return;
	}
	out_char(o, '%');
	out_char(o, hexdig[c >> 4]);
	out_char(o, hexdig[c & 15]);
}

/* Unescapes the record path and percent-encodes every byte outside the
 * URI unreserved set and '/'.  A malformed escape keeps its backslash
 * (the reader never lets one through). */
static void
put_uri_path(struct out *o, struct text t)
{
	size_t i = 0;

	while (i < t.n) {
		uint8_t b;
		size_t k = unescape_one(t.p + i, t.n - i, &b);

		if (k == 0) {
			b = (uint8_t)t.p[i];
			k = 1;
		}
		pct_byte(o, b);
		i += k;
	}
}

static const char *
fail_level(enum rec_severity sev)
{
	switch (sev) {
	case SEV_CRITICAL:
	case SEV_HIGH:
		return "error";
	case SEV_MEDIUM:
	case SEV_LOW:
		return "warning";
	default:
		return "note";
	}
}

static void
locations(struct out *o, const struct record *r)
{
	if (r->path.n == 0)
		return;
	out_str(o, ",\n          \"locations\": [{\"physicalLocation\": "
	    "{\"artifactLocation\": {\"uri\": \"");
	if (r->path.p[0] == '/') {
		out_str(o, "file://");
		put_uri_path(o, r->path);
		out_char(o, '"');
	} else {
		put_uri_path(o, r->path);
		out_str(o, "\", \"uriBaseId\": \"SCANROOT\"");
	}
	out_char(o, '}');
	if (r->line > 0) {
		out_str(o, ", \"region\": {\"startLine\": ");
		out_u64(o, r->line);
		if (r->column > 0) {
			out_str(o, ", \"startColumn\": ");
			out_u64(o, r->column);
		}
		out_char(o, '}');
	}
	out_str(o, "}}]");
}

static void
properties(struct out *o, const struct record *r)
{
	struct text key, val;
	size_t pos = 0, k;

	out_str(o, ",\n          \"properties\": {\"subject\": ");
	json_t(o, r->subject);
	out_str(o, ", \"section\": ");
	json_t(o, r->section);
	out_str(o, ", \"title\": ");
	json_t(o, r->title);
	out_str(o, ", \"status\": ");
	json_cstr(o, rec_status_name(r->status));
	out_str(o, ", \"severity\": ");
	json_cstr(o, rec_severity_name(r->severity));
	if (r->path.n > 0) {
		out_str(o, ", \"path\": ");
		json_t(o, r->path);
	}
	if (r->duration_ms >= 0) {
		out_str(o, ", \"duration_ms\": ");
		out_i64(o, r->duration_ms);
	}
	out_str(o, ", \"evidence\": {");
	for (k = 0; k < RECORD_MAX_EVIDENCE + 1 &&
	    recline_evidence_next(r, &pos, &key, &val); k++) {
		if (k > 0)
			out_str(o, ", ");
		json_t(o, key);
		out_str(o, ": ");
		json_t(o, val);
	}
	out_str(o, "}}");
}

/*
 * Findings that name their own rule and carry a fingerprint (evidence
 * rule= and fingerprint=, as the credentials check writes) get a reportingDescriptor of their own, after the check
 * ids, described by their evidence description= (else their message);
 * evidence fingerprint= becomes partialFingerprints, so code scanning
 * de-duplicates a finding across runs.  Distinct rules are kept in a
 * fixed table (no allocation in the renderer); past it, a finding falls
 * back to its check's descriptor.
 */
#define SARIF_XRULES_MAX 1024
static size_t xrule_rec[SARIF_XRULES_MAX];	/* first record of each */
static size_t n_xrules, xrule_base;

static int
ev_get(const struct record *r, const char *key, struct text *val)
{
	struct text k;
	size_t pos = 0, i, kl = strlen(key);

	for (i = 0; i < RECORD_MAX_EVIDENCE + 1 &&
	    recline_evidence_next(r, &pos, &k, val); i++)
		if (k.n == kl && memcmp(k.p, key, kl) == 0)
			return 1;
	return 0;
}

static int
text_eq(struct text a, struct text b)
{
	return a.n == b.n && memcmp(a.p, b.p, a.n) == 0;
}

/* Index of r's own rule among the extra descriptors, or -1. */
static long
xrule_find(const struct record *recs, const struct record *r)
{
	struct text v, w;
	size_t j;

	if (r->status == ST_ERROR || !ev_get(r, "fingerprint", &v) ||
	    !ev_get(r, "rule", &v) || v.n == 0)
		return -1;
	for (j = 0; j < n_xrules; j++)
		if (ev_get(&recs[xrule_rec[j]], "rule", &w) && text_eq(v, w))
			return (long)j;
	return -1;
}

static void
xrules_collect(const struct record *recs, size_t n)
{
	size_t i;

	n_xrules = 0;
	for (i = 0; i < n && n_xrules < SARIF_XRULES_MAX; i++) {
		struct text v;

		if (recs[i].status == ST_ERROR ||
		    !ev_get(&recs[i], "fingerprint", &v) ||
		    !ev_get(&recs[i], "rule", &v) || v.n == 0 ||
		    xrule_find(recs, &recs[i]) >= 0)
			continue;
		xrule_rec[n_xrules++] = i;
	}
}

static void
xrules_write(struct out *o, const struct record *recs, size_t first)
{
	size_t j;

	for (j = 0; j < n_xrules; j++) {
		const struct record *r = &recs[xrule_rec[j]];
		struct text v, d;

		(void)ev_get(r, "rule", &v);
		out_str(o, first + j == 0 ? "\n" : ",\n");
		out_str(o, "        {\"id\": ");
		json_t(o, v);
		out_str(o, ", \"shortDescription\": {\"text\": ");
		json_t(o, ev_get(r, "description", &d) ? d : r->message);
		out_str(o, "},\n         \"defaultConfiguration\": "
		    "{\"level\": \"");
		out_str(o, fail_level(r->severity));
		out_str(o, "\"}, \"properties\": {\"section\": ");
		json_t(o, r->section);
		out_str(o, ", \"check\": ");
		json_t(o, r->id);
		out_str(o, ", \"severity\": ");
		json_cstr(o, rec_severity_name(r->severity));
		out_str(o, "}}");
	}
}

static void
rules(struct out *o, const struct record *recs, const struct groups *g)
{
	size_t k;

	out_str(o, "\"rules\": [");
	for (k = 0; k < g->ng; k++) {
		const struct record *r = &recs[g->order[g->start[k]]];

		out_str(o, k == 0 ? "\n" : ",\n");
		out_str(o, "        {\"id\": ");
		json_t(o, r->id);
		out_str(o, ", \"shortDescription\": {\"text\": ");
		json_t(o, r->title);
		out_str(o, "},\n         \"defaultConfiguration\": "
		    "{\"level\": \"");
		out_str(o, fail_level(r->severity));
		out_str(o, "\"}, \"properties\": {\"section\": ");
		json_t(o, r->section);
		out_str(o, ", \"severity\": ");
		json_cstr(o, rec_severity_name(r->severity));
		out_str(o, "}}");
	}
	xrules_write(o, recs, g->ng);
	out_str(o, g->ng + n_xrules > 0 ? "\n      ]" : "]");
}

static void
result(struct out *o, const struct record *recs, const struct record *r,
    size_t rule)
{
	const char *kind, *level;
	struct text v;
	long x = xrule_find(recs, r);

	switch (r->status) {
	case ST_FAIL:
		kind = "fail";
		level = fail_level(r->severity);
		break;
	case ST_WARN:
		kind = "fail";
		level = "warning";
		break;
	case ST_SKIP:
		kind = "notApplicable";
		level = "none";
		break;
	default:
		kind = "pass";
		level = "none";
		break;
	}
	out_str(o, "        {\"ruleId\": ");
	if (x >= 0 && ev_get(r, "rule", &v)) {
		json_t(o, v);
		rule = xrule_base + (size_t)x;
	} else
		json_t(o, r->id);
	out_str(o, ", \"ruleIndex\": ");
	out_u64(o, rule);
	out_str(o, ", \"kind\": \"");
	out_str(o, kind);
	out_str(o, "\", \"level\": \"");
	out_str(o, level);
	out_str(o, "\",\n          \"message\": {\"text\": ");
	json_t(o, r->message);
	out_char(o, '}');
	locations(o, r);
	if (ev_get(r, "fingerprint", &v) && v.n > 0) {
		out_str(o, ",\n          \"partialFingerprints\": "
		    "{\"signoffFingerprint/v1\": ");
		json_t(o, v);
		out_char(o, '}');
	}
	properties(o, r);
	out_char(o, '}');
}

static void
notification(struct out *o, const struct record *r, size_t rule)
{
	out_str(o, "        {\"level\": \"error\", \"message\": {\"text\": ");
	json_t(o, r->message);
	out_str(o, "},\n          \"associatedRule\": {\"id\": ");
	json_t(o, r->id);
	out_str(o, ", \"index\": ");
	out_u64(o, rule);
	out_char(o, '}');
	locations(o, r);
	properties(o, r);
	out_char(o, '}');
}

int
render_sarif(struct out *o, const struct report_opts *opt,
    const struct record *recs, size_t n, struct scratch *s, const char **why)
{
	const struct host_info *h = &opt->host;
	struct groups g;
	size_t cnt[ST__N], i, k;

	if (group_records(recs, n, KEY_ID, s, &g, why) != 0)
		return -1;
	count_status(recs, n, cnt);
	xrules_collect(recs, n);
	xrule_base = g.ng;

	out_str(o, "{\n  \"$schema\": "
	    "\"https://json.schemastore.org/sarif-2.1.0.json\",\n"
	    "  \"version\": \"2.1.0\",\n  \"runs\": [{\n"
	    "    \"tool\": {\"driver\": {\"name\": \"signoff\", \"version\": ");
	json_cstr(o, opt->tool_version != NULL ? opt->tool_version :
	    SIGNOFF_VERSION);
	out_str(o, ",\n      ");
	rules(o, recs, &g);
	out_str(o, "}},\n    \"invocations\": [{\"executionSuccessful\": ");
	out_str(o, cnt[ST_ERROR] > 0 ? "false" : "true");
	if (opt->started != NULL && opt->started[0] != '\0') {
		out_str(o, ", \"startTimeUtc\": ");
		json_cstr(o, opt->started);
	}
	if (h->hostname[0] != '\0') {
		out_str(o, ", \"machine\": ");
		json_cstr(o, h->hostname);
	}
	out_str(o, ",\n      \"toolExecutionNotifications\": [");
	for (i = 0, k = 0; i < n; i++) {
		if (recs[i].status != ST_ERROR)
			continue;
		out_str(o, k++ == 0 ? "\n" : ",\n");
		notification(o, &recs[i], g.gid[i]);
	}
	out_str(o, k > 0 ? "\n      ]}],\n" : "]}],\n");
	out_str(o, "    \"originalUriBaseIds\": {\"SCANROOT\": {\"description\": "
	    "{\"text\": \"The root directory the audit scanned.\"}}},\n");
	out_str(o, "    \"results\": [");
	for (i = 0, k = 0; i < n; i++) {
		if (recs[i].status == ST_ERROR)
			continue;
		out_str(o, k++ == 0 ? "\n" : ",\n");
		result(o, recs, &recs[i], g.gid[i]);
	}
	out_str(o, k > 0 ? "\n      ],\n" : "],\n");
	out_str(o, "    \"properties\": {\"policy\": ");
	json_cstr_or_null(o, opt->policy);
	out_str(o, ", \"duration_ms\": ");
	json_ms_or_null(o, opt->duration_ms);
	out_str(o, ",\n      \"host\": {\"hostname\": ");
	json_cstr(o, h->hostname);
	out_str(o, ", \"kernel\": ");
	json_cstr(o, h->kernel);
	out_str(o, ", \"machine\": ");
	json_cstr(o, h->machine);
	out_str(o, ", \"os\": ");
	json_cstr(o, h->os);
	out_str(o, "},\n      \"summary\": {\"pass\": ");
	out_u64(o, cnt[ST_PASS]);
	out_str(o, ", \"fail\": ");
	out_u64(o, cnt[ST_FAIL]);
	out_str(o, ", \"warn\": ");
	out_u64(o, cnt[ST_WARN]);
	out_str(o, ", \"skip\": ");
	out_u64(o, cnt[ST_SKIP]);
	out_str(o, ", \"error\": ");
	out_u64(o, cnt[ST_ERROR]);
	out_str(o, "}}\n  }]\n}\n");
	return 0;
}
