/*
 * report.c - format names, dispatch to one renderer per format, and the
 * exit status the records imply.
 */
#include <string.h>

#include "render.h"

static const char *const names[FMT__N] = {
	[FMT_HUMAN] = "human",
	[FMT_JSON] = "json",
	[FMT_JUNIT] = "junit",
	[FMT_SARIF] = "sarif",
	[FMT_TAP] = "tap",
	[FMT_MARKDOWN] = "markdown",
	[FMT_PROMETHEUS] = "prometheus",
};

typedef int renderer(struct out *, const struct report_opts *,
    const struct record *, size_t, struct scratch *, const char **);

static renderer *const renderers[FMT__N] = {
	[FMT_HUMAN] = render_human,
	[FMT_JSON] = render_json,
	[FMT_JUNIT] = render_junit,
	[FMT_SARIF] = render_sarif,
	[FMT_TAP] = render_tap,
	[FMT_MARKDOWN] = render_markdown,
	[FMT_PROMETHEUS] = render_prometheus,
};

int
report_format_from(const char *name)
{
	int i;

	if (name == NULL)
		return -1;
	for (i = 0; i < FMT__N; i++)
		if (strcmp(name, names[i]) == 0)
			return i;
	return -1;
}

const char *
report_format_name(enum report_format f)
{
	if ((unsigned)f >= FMT__N)
		return NULL;
	return names[f];
}

int
report_render(struct out *o, const struct report_opts *opt,
    const struct record *recs, size_t n, struct scratch *s,
    const char **why)
{
	const char *dummy;
	size_t i;

	if (why == NULL)
		why = &dummy;
	*why = NULL;
	if ((unsigned)opt->format >= FMT__N) {
		*why = "unknown report format";
		return -1;
	}
	if (n > 0 && recs == NULL) {
		*why = "no records";
		return -1;
	}
	for (i = 0; i < n; i++)
		if ((unsigned)recs[i].status >= ST__N ||
		    (unsigned)recs[i].severity >= SEV__N) {
			*why = "record with an invalid status or severity";
			return -1;
		}
	return renderers[opt->format](o, opt, recs, n, s, why);
}

int
report_exit_status(const struct record *recs, size_t n,
    enum rec_severity fail_on)
{
	int error = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (recs[i].status == ST_FAIL && recs[i].severity <= fail_on)
			return 1;
		if (recs[i].status == ST_ERROR)
			error = 1;
	}
	return error ? 4 : 0;
}
