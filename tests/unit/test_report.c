/*
 * test_report.c - the renderers against golden files, the exit status
 * table, format names, grouping, and the scratch limit.
 *
 * Goldens live in tests/golden/report/ (relative to the repository root,
 * the test's working directory, or to $SIGNOFF_TOP).  UPDATE_GOLDEN=1
 * rewrites them instead of comparing; review the diff before committing.
 */
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "report/report.h"
#include "report/render.h"

#define T(s)	{ s, sizeof(s) - 1 }
#define NOTEXT	{ "", 0 }

/*
 * Records as the reader would produce them: text in escaped form, and
 * hostile content in every field a check copies from the audited host.
 */
static const struct record sample[] = {
	{ T("secrets.files"), T("secrets"), T("Secret files are private"),
	  T("/opt/app/secrets/db.txt"), T("mode 0600, owner root"), NOTEXT,
	  ST_PASS, SEV_CRITICAL, 0, 0, 3, 2, T("mode=0600\towner=root") },
	{ T("secrets.files"), T("secrets"), T("Secret files are private"),
	  T("/opt/app/secrets/a\\tb\\x1b[31m"),
	  T("mode 0644, expected 0600: \"quoted\" \\\\ backslash"),
	  T("secrets/a\\tb\\\\c:d"),
	  ST_FAIL, SEV_CRITICAL, 0, 0, 1, 2,
	  T("mode=0644\tname=a\\tb\\x1b[31m") },
	{ T("creds.scan"), T("credentials"), T("No hardcoded credentials"),
	  T("app/config.py"),
	  T("password literal \"<redacted>\" & <b>tag</b> 'q' | pipe"),
	  T("app/config.py"),
	  ST_FAIL, SEV_HIGH, 12, 5, -1, 1, T("rule=password-assign") },
	{ T("ports.free"), T("network"), T("Required ports are free"),
	  T("tcp/8080"),
	  T("port 8080 in use by *nginx* _x_ [link](http://x) `code` ~s~"),
	  NOTEXT, ST_WARN, SEV_MEDIUM, 0, 0, 0, 0, NOTEXT },
	{ T("tls.cert"), T("tls"), T("Certificate is valid"),
	  T("/etc/ssl/app#1.pem"), T("no certificate configured # not a directive"),
	  NOTEXT, ST_SKIP, SEV_LOW, 0, 0, -1, 0, NOTEXT },
	{ T("fw.rules"), T("network"), T("Firewall is active"),
	  T("nftables"), T("netlink: permission denied\\nsecond line"),
	  NOTEXT, ST_ERROR, SEV_HIGH, 0, 0, 7, 1, T("errno=EPERM") },
	{ T("creds.scan"), T("credentials"), T("No hardcoded credentials"),
	  T("/srv/x y/\\xe2\\x82\\xac%.py"), T("AWS access key id"),
	  T("/srv/x y/\\xe2\\x82\\xac%.py"),
	  ST_FAIL, SEV_MEDIUM, 3, 0, -1, 2, T("rule=aws-key\tmatch=") },
	{ T("cpu.count"), T("host"), T("Enough CPUs"),
	  T("host"), T("4 CPUs, need 2"), NOTEXT,
	  ST_PASS, SEV_INFO, 0, 0, 1234567, 0, NOTEXT },
};
#define NSAMPLE (sizeof(sample) / sizeof(sample[0]))

static const char *const ext[FMT__N] = {
	"txt", "json", "xml", "sarif", "tap", "md", "prom"
};

static struct out outbuf;
static size_t scratch_mem[16384];

static struct report_opts
fixed_opts(enum report_format f)
{
	struct report_opts o;

	memset(&o, 0, sizeof(o));
	o.format = f;
	o.color = 0;
	o.tool_version = "9.9.9";
	o.started = "2026-01-01T00:00:00Z";
	o.duration_ms = 1234;
	o.now_unix = 1767225600;
	o.policy = "host";
	snprintf(o.host.hostname, sizeof(o.host.hostname), "build-01");
	snprintf(o.host.kernel, sizeof(o.host.kernel), "6.1.0-18-amd64");
	snprintf(o.host.machine, sizeof(o.host.machine), "x86_64");
	snprintf(o.host.os, sizeof(o.host.os), "%s",
	    "Debian GNU/Linux 12 (bookworm)");
	return o;
}

/* Renders into a memfd and returns the document (caller frees). */
static char *
render(const struct report_opts *opt, const struct record *recs, size_t n,
    size_t *len)
{
	struct scratch s = { scratch_mem, sizeof(scratch_mem) };
	const char *why = NULL;
	char *doc;
	off_t end;
	int fd;

	fd = memfd_create("report", 0);
	assert_true(fd >= 0);
	out_init(&outbuf, fd);
	assert_int_equal(report_render(&outbuf, opt, recs, n, &s, &why), 0);
	assert_null(why);
	assert_int_equal(out_flush(&outbuf), 0);
	end = lseek(fd, 0, SEEK_END);
	assert_true(end >= 0);
	doc = malloc((size_t)end + 1);
	assert_non_null(doc);
	assert_int_equal(pread(fd, doc, (size_t)end, 0), end);
	doc[end] = '\0';
	close(fd);
	*len = (size_t)end;
	return doc;
}

static void
golden_path(char *buf, size_t cap, const char *name, const char *e)
{
	const char *top = getenv("SIGNOFF_TOP");
	int k;

	if (top != NULL && *top != '\0')
		k = snprintf(buf, cap, "%s/tests/golden/report/%s.%s", top,
		    name, e);
	else
		k = snprintf(buf, cap, "tests/golden/report/%s.%s", name, e);
	assert_true(k > 0 && (size_t)k < cap);
}

/* Shows the first differing line, so a failure says what changed. */
static void
report_diff(const char *path, const char *want, size_t wn, const char *got,
    size_t gn)
{
	size_t i = 0, line = 1, ls = 0;

	while (i < wn && i < gn && want[i] == got[i]) {
		if (want[i] == '\n') {
			line++;
			ls = i + 1;
		}
		i++;
	}
	fprintf(stderr, "%s: output differs at line %zu\n", path, line);
	fprintf(stderr, "  want: %.*s\n", (int)strcspn(want + ls, "\n"),
	    want + ls);
	fprintf(stderr, "  got:  %.*s\n", (int)strcspn(got + ls, "\n"),
	    got + ls);
	fprintf(stderr, "  (UPDATE_GOLDEN=1 rewrites the goldens)\n");
}

static void
check_golden(const char *name, const char *e, const char *got, size_t gn)
{
	const char *upd = getenv("UPDATE_GOLDEN");
	char path[4096], *want;
	size_t wn = 0;
	FILE *f;

	golden_path(path, sizeof(path), name, e);
	if (upd != NULL && strcmp(upd, "1") == 0) {
		f = fopen(path, "wb");
		assert_non_null(f);
		assert_int_equal(fwrite(got, 1, gn, f), gn);
		assert_int_equal(fclose(f), 0);
		return;
	}
	f = fopen(path, "rb");
	if (f == NULL)
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
	assert_non_null(f);
	want = malloc(1 << 20);
	assert_non_null(want);
	wn = fread(want, 1, 1 << 20, f);
	fclose(f);
	if (wn != gn || memcmp(want, got, gn) != 0) {
		report_diff(path, want, wn, got, gn);
		free(want);
		fail();
	}
	free(want);
}

/* No byte outside printable ASCII and newline (ESC only with colour). */
static void
assert_clean(const char *doc, size_t n, int allow_esc)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)doc[i];

		if (c == '\n' || (c >= 0x20 && c <= 0x7e))
			continue;
		if (allow_esc && c == 0x1b)
			continue;
		fprintf(stderr, "byte 0x%02x at offset %zu\n", c, i);
		fail();
	}
}

static void
golden_all(const char *name, const struct record *recs, size_t n)
{
	int f;

	for (f = 0; f < FMT__N; f++) {
		struct report_opts opt = fixed_opts((enum report_format)f);
		size_t len;
		char *doc = render(&opt, recs, n, &len);

		assert_clean(doc, len, 0);
		check_golden(name, ext[f], doc, len);
		free(doc);
	}
}

static void
test_golden_sample(void **state)
{
	(void)state;
	golden_all("sample", sample, NSAMPLE);
}

static void
test_golden_empty(void **state)
{
	(void)state;
	golden_all("empty", NULL, 0);
}

static void
test_golden_human_color(void **state)
{
	struct report_opts opt = fixed_opts(FMT_HUMAN);
	size_t len;
	char *doc;

	(void)state;
	opt.color = 1;
	doc = render(&opt, sample, NSAMPLE, &len);
	assert_clean(doc, len, 1);
	assert_non_null(strstr(doc, "\033[1;31mFAIL\033[0m"));
	check_golden("sample-color", "txt", doc, len);
	free(doc);

	/* Without colour there is no escape byte at all. */
	opt.color = 0;
	doc = render(&opt, sample, NSAMPLE, &len);
	assert_null(memchr(doc, 0x1b, len));
	free(doc);
}

/* Unknown host facts, no policy, no start time, unknown duration. */
static void
test_golden_unknowns(void **state)
{
	int f;

	(void)state;
	for (f = 0; f < FMT__N; f++) {
		struct report_opts opt = fixed_opts((enum report_format)f);
		size_t len;
		char *doc;

		memset(&opt.host, 0, sizeof(opt.host));
		opt.policy = "";
		opt.started = NULL;
		opt.duration_ms = -1;
		opt.tool_version = "9.9.9";
		doc = render(&opt, sample + 7, 1, &len);
		assert_clean(doc, len, 0);
		check_golden("unknowns", ext[f], doc, len);
		free(doc);
	}
}

static void
test_human_summary_line(void **state)
{
	struct report_opts opt = fixed_opts(FMT_HUMAN);
	size_t len;
	char *doc;

	(void)state;
	doc = render(&opt, sample, NSAMPLE, &len);
	assert_non_null(strstr(doc,
	    "\nSummary: 2 passed, 3 failed, 1 warning, 1 skipped, 1 error\n"));
	/* Sections in first-appearance order, records kept in order. */
	assert_true(strstr(doc, "\nsecrets\n") < strstr(doc, "\ncredentials\n"));
	assert_true(strstr(doc, "\ncredentials\n") < strstr(doc, "\nnetwork\n"));
	assert_true(strstr(doc, "ports.free") < strstr(doc, "fw.rules"));
	assert_true(strstr(doc, "fw.rules") < strstr(doc, "\ntls\n"));
	free(doc);
}

static void
test_exit_status(void **state)
{
	static const struct {
		enum rec_status st;
		enum rec_severity sev;
		enum rec_severity fail_on;
		int want;
	} tab[] = {
		{ ST_PASS, SEV_CRITICAL, SEV_INFO, 0 },
		{ ST_WARN, SEV_CRITICAL, SEV_INFO, 0 },
		{ ST_SKIP, SEV_CRITICAL, SEV_INFO, 0 },
		{ ST_ERROR, SEV_CRITICAL, SEV_INFO, 4 },
		{ ST_FAIL, SEV_INFO, SEV_INFO, 1 },
		{ ST_FAIL, SEV_CRITICAL, SEV_INFO, 1 },
		{ ST_FAIL, SEV_CRITICAL, SEV_CRITICAL, 1 },
		{ ST_FAIL, SEV_HIGH, SEV_CRITICAL, 0 },
		{ ST_FAIL, SEV_MEDIUM, SEV_HIGH, 0 },
		{ ST_FAIL, SEV_HIGH, SEV_HIGH, 1 },
		{ ST_FAIL, SEV_LOW, SEV_MEDIUM, 0 },
		{ ST_FAIL, SEV_MEDIUM, SEV_LOW, 1 },
	};
	struct record r[2];
	size_t i;

	(void)state;
	assert_int_equal(report_exit_status(NULL, 0, SEV_INFO), 0);
	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		memset(r, 0, sizeof(r));
		r[0].status = tab[i].st;
		r[0].severity = tab[i].sev;
		if (report_exit_status(r, 1, tab[i].fail_on) != tab[i].want) {
			fprintf(stderr, "row %zu\n", i);
			fail();
		}
	}
	/* A failure below --fail-on still loses to nothing; with an error
	 * it is incomplete (4); a failure at the threshold wins (1). */
	memset(r, 0, sizeof(r));
	r[0].status = ST_FAIL;
	r[0].severity = SEV_LOW;
	r[1].status = ST_ERROR;
	r[1].severity = SEV_INFO;
	assert_int_equal(report_exit_status(r, 2, SEV_HIGH), 4);
	assert_int_equal(report_exit_status(r, 2, SEV_LOW), 1);
	assert_int_equal(report_exit_status(sample, NSAMPLE, SEV_INFO), 1);
	assert_int_equal(report_exit_status(sample, NSAMPLE, SEV_CRITICAL), 1);
	assert_int_equal(report_exit_status(sample + 2, 1, SEV_CRITICAL), 0);
}

static void
test_format_names(void **state)
{
	static const char *const names[FMT__N] = {
		"human", "json", "junit", "sarif", "tap", "markdown",
		"prometheus"
	};
	int f;

	(void)state;
	for (f = 0; f < FMT__N; f++) {
		assert_int_equal(report_format_from(names[f]), f);
		assert_string_equal(report_format_name((enum report_format)f),
		    names[f]);
	}
	assert_int_equal(report_format_from("xml"), -1);
	assert_int_equal(report_format_from("JSON"), -1);
	assert_int_equal(report_format_from(""), -1);
	assert_int_equal(report_format_from(NULL), -1);
	assert_null(report_format_name(FMT__N));
}

static void
test_scratch_too_small(void **state)
{
	size_t small[4];
	int f;

	(void)state;
	for (f = 0; f < FMT__N; f++) {
		struct report_opts opt = fixed_opts((enum report_format)f);
		struct scratch s = { small, sizeof(small) };
		const char *why = NULL;
		int fd = memfd_create("small", 0), rc;

		assert_true(fd >= 0);
		out_init(&outbuf, fd);
		rc = report_render(&outbuf, &opt, sample, NSAMPLE, &s, &why);
		if (f == FMT_JSON || f == FMT_TAP) {
			/* These keep input order and need no scratch. */
			assert_int_equal(rc, 0);
		} else {
			assert_int_equal(rc, -1);
			assert_non_null(why);
			/* Nothing was written before the refusal. */
			assert_int_equal(outbuf.n, 0);
		}
		close(fd);
	}

	/* REPORT_SCRATCH_SIZE is always enough, even when misaligned. */
	for (f = 0; f < FMT__N; f++) {
		struct report_opts opt = fixed_opts((enum report_format)f);
		struct scratch s = { (char *)scratch_mem + 1,
		    REPORT_SCRATCH_SIZE(NSAMPLE) };
		const char *why = NULL;
		int fd = memfd_create("exact", 0);

		assert_true(fd >= 0);
		out_init(&outbuf, fd);
		assert_int_equal(report_render(&outbuf, &opt, sample, NSAMPLE,
		    &s, &why), 0);
		close(fd);
	}
}

static void
test_invalid_input(void **state)
{
	struct report_opts opt = fixed_opts(FMT_JSON);
	struct scratch s = { scratch_mem, sizeof(scratch_mem) };
	struct record bad = sample[0];
	const char *why = NULL;

	(void)state;
	out_init(&outbuf, -1);
	bad.status = ST__N;
	assert_int_equal(report_render(&outbuf, &opt, &bad, 1, &s, &why), -1);
	assert_non_null(why);
	why = NULL;
	opt.format = FMT__N;
	assert_int_equal(report_render(&outbuf, &opt, sample, 1, &s, &why), -1);
	assert_non_null(why);
}

/* Many interleaved sections: groups in first-appearance order, stable. */
static void
test_grouping(void **state)
{
	static struct record many[1000];
	static const struct text secs[7] = {
		T("g"), T("a"), T("f"), T("b"), T("e"), T("c"), T("d")
	};
	struct scratch s = { scratch_mem, sizeof(scratch_mem) };
	struct groups g;
	const char *why = NULL;
	size_t i, k, j;

	(void)state;
	for (i = 0; i < 1000; i++) {
		many[i] = sample[7];
		many[i].section = secs[(i * 3) % 7];
	}
	assert_true(sizeof(scratch_mem) >= REPORT_SCRATCH_SIZE(1000));
	assert_int_equal(group_records(many, 1000, KEY_SECTION, &s, &g, &why),
	    0);
	assert_int_equal(g.ng, 7);
	assert_int_equal(g.start[7], 1000);
	for (k = 0; k < 7; k++) {
		const struct record *first = &many[g.order[g.start[k]]];

		/* The k-th group is the k-th section to appear. */
		assert_true(first->section.p == secs[(k * 3) % 7].p);
		for (j = g.start[k]; j < g.start[k + 1]; j++) {
			assert_int_equal(g.gid[g.order[j]], k);
			assert_true(many[g.order[j]].section.p == first->section.p);
			if (j > g.start[k])
				assert_true(g.order[j] > g.order[j - 1]);
		}
	}
}

/* Large output goes through the buffered writer intact. */
static void
test_large_output(void **state)
{
	static struct record many[1000];
	struct report_opts opt = fixed_opts(FMT_TAP);
	size_t i, len;
	char *doc;

	(void)state;
	for (i = 0; i < 1000; i++)
		many[i] = sample[i % NSAMPLE];
	doc = render(&opt, many, 1000, &len);
	assert_true(len > OUT_BUFSZ);
	assert_non_null(strstr(doc, "\n1..1000\n"));
	assert_non_null(strstr(doc, "\nnot ok 999 - "));
	assert_non_null(strstr(doc, "\nok 1000 - cpu.count: host\n"));
	free(doc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden_sample),
		cmocka_unit_test(test_golden_empty),
		cmocka_unit_test(test_golden_human_color),
		cmocka_unit_test(test_golden_unknowns),
		cmocka_unit_test(test_human_summary_line),
		cmocka_unit_test(test_exit_status),
		cmocka_unit_test(test_format_names),
		cmocka_unit_test(test_scratch_too_small),
		cmocka_unit_test(test_invalid_input),
		cmocka_unit_test(test_grouping),
		cmocka_unit_test(test_large_output),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
