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
static size_t scratch_mem[1 << 18];

static struct report_opts
fixed_opts(enum report_format f)
{
	struct report_opts o;

	report_opts_init(&o);
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
	/* Items, not records: secrets.files (pass + fail) is one failed
	 * item; 4 findings = 3 fail + 1 warn records. */
	assert_non_null(strstr(doc, "\nSummary: 6 items: 1 passed, 2 failed, "
	    "1 with warnings, 1 skipped, 1 error; 4 findings\n"));
	/* The last line is the verdict, blocking ids in order. */
	assert_true(len > 0 && doc[len - 1] == '\n');
	assert_non_null(strstr(doc,
	    "\nNOT READY: secrets.files, creds.scan, fw.rules\n"));
	assert_true(strstr(doc, "\nNOT READY: ") + strlen("\nNOT READY: "
	    "secrets.files, creds.scan, fw.rules\n") == doc + len);
	/* The failed items come before it, each with a fix line. */
	assert_non_null(strstr(doc, "\nTo fix:\n  secrets.files  "));
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
		/* Every format groups by item for its verdict. */
		assert_int_equal(rc, -1);
		assert_non_null(why);
		/* Nothing was written before the refusal. */
		assert_int_equal(outbuf.n, 0);
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


/* --show hides statuses from the listing, never from the counts. */
static void
test_show(void **state)
{
	static struct record many[10000];
	struct report_opts opt = fixed_opts(FMT_HUMAN);
	const char *why = NULL;
	size_t i, len;
	char *doc;

	(void)state;
	assert_int_equal(report_option(&opt, "--show", "fail,warn,error",
	    &why), 1);
	doc = render(&opt, sample, NSAMPLE, &len);
	assert_null(strstr(doc, "  PASS "));
	assert_null(strstr(doc, "  SKIP "));
	assert_null(strstr(doc, "\ntls\n"));	/* nothing shown: no heading */
	assert_null(strstr(doc, "\nhost\n"));
	assert_non_null(strstr(doc, "  FAIL   critical  secrets.files"));
	assert_non_null(strstr(doc, "  ERROR            fw.rules"));
	assert_non_null(strstr(doc, "1 passed, 2 failed"));
	assert_non_null(strstr(doc, "(3 results not shown: --show)"));
	free(doc);

	/* 10,000 passing files: a handful of lines, not 10,000. */
	for (i = 0; i < 10000; i++)
		many[i] = sample[0];
	many[9999] = sample[1];
	doc = render(&opt, many, 10000, &len);
	assert_true(len < 2000);
	assert_non_null(strstr(doc, "Summary: 1 item: 0 passed, 1 failed"));
	assert_non_null(strstr(doc, "(9999 results not shown: --show)"));
	free(doc);

	/* Markdown follows --show too. */
	opt.format = FMT_MARKDOWN;
	doc = render(&opt, sample, NSAMPLE, &len);
	assert_null(strstr(doc, "| PASS |"));
	assert_non_null(strstr(doc, "| FAIL |"));
	free(doc);

	assert_int_equal(report_option(&opt, "--show", "fail,bogus", &why), -1);
	assert_non_null(why);
	assert_int_equal(report_option(&opt, "--show", "fail,", &why), -1);
	assert_int_equal(report_option(&opt, "--show", "", &why), -1);
	assert_int_equal(report_option(&opt, "--show", "all", &why), 1);
	assert_int_equal(report_option(&opt, "--nope", "x", &why), 0);
}

/* Every line fits --width; the wrapped text keeps every word. */
static void
test_width(void **state)
{
	static const struct record longer = {
	    T("secrets.files"), T("secrets"), T("Secret files"),
	    T("/opt/app/secrets/a-very-long-file-name-without-any-blank-at-all-"
	      "that-must-be-cut-somewhere.txt"),
	    T("mode 0644 has bits outside 0600: group r, other r; content is "
	      "weak (1 bytes, expected at least 16); and more words follow"),
	    NOTEXT, ST_FAIL, SEV_CRITICAL, 0, 0, 1, 0, NOTEXT };
	struct record recs[NSAMPLE + 1];
	struct report_opts opt = fixed_opts(FMT_HUMAN);
	const char *why = NULL, *p, *nl;
	size_t len;
	char *doc;
	int w;

	(void)state;
	memcpy(recs, sample, sizeof(sample));
	recs[NSAMPLE] = longer;
	for (w = 40; w <= 120; w += 20) {
		char v[16];

		snprintf(v, sizeof(v), "%d", w);
		assert_int_equal(report_option(&opt, "--width", v, &why), 1);
		doc = render(&opt, recs, NSAMPLE + 1, &len);
		for (p = doc; *p != '\0'; p = nl + 1) {
			nl = strchr(p, '\n');
			assert_non_null(nl);
			/* The verdict stays one line, whatever its length
			 * (a script reads it with tail -n 1). */
			if ((int)(nl - p) > w &&
			    strncmp(p, "NOT READY: ", 11) != 0) {
				fprintf(stderr, "width %d: %.*s\n", w,
				    (int)(nl - p), p);
				fail();
			}
			/* No trailing blank left by the wrapping. */
			assert_true(nl == p || nl[-1] != ' ');
		}
		assert_non_null(strstr(doc, "expected"));
		assert_non_null(strstr(doc, "follow"));
		free(doc);
	}
	/* 0: no wrapping at all. */
	assert_int_equal(report_option(&opt, "--width", "0", &why), 1);
	doc = render(&opt, recs, NSAMPLE + 1, &len);
	assert_non_null(strstr(doc, "16); and more words follow\n"));
	free(doc);
	assert_int_equal(report_option(&opt, "--width", "10", &why), -1);
	assert_int_equal(report_option(&opt, "--width", "8x", &why), -1);
}

/* The verdict and --fail-on warn, in every format that carries it. */
static void
test_verdict(void **state)
{
	struct report_opts opt = fixed_opts(FMT_HUMAN);
	const struct record warn_only[] = { sample[3], sample[7] };
	const char *why = NULL;
	size_t len;
	char *doc;

	(void)state;
	doc = render(&opt, warn_only, 2, &len);
	assert_non_null(strstr(doc, "\nREADY\n"));
	assert_null(strstr(doc, "NOT READY"));
	free(doc);
	assert_int_equal(report_verdict_status(&opt, warn_only, 2), 0);

	assert_int_equal(report_option(&opt, "--fail-on", "warn", &why), 1);
	doc = render(&opt, warn_only, 2, &len);
	assert_non_null(strstr(doc, "\nNOT READY: ports.free\n"));
	free(doc);
	assert_int_equal(report_verdict_status(&opt, warn_only, 2), 1);
	/* Under warn any failure fails too, whatever its severity. */
	assert_int_equal(report_verdict_status(&opt, sample + 2, 1), 1);

	assert_int_equal(report_option(&opt, "--fail-on", "critical", &why), 1);
	assert_int_equal(report_verdict_status(&opt, sample + 2, 1), 0);
	assert_int_equal(report_verdict_status(&opt, sample + 5, 1), 4);
	assert_int_equal(report_option(&opt, "--fail-on", "severe", &why), -1);

	/* JSON: the same verdict as data. */
	opt = fixed_opts(FMT_JSON);
	doc = render(&opt, sample, NSAMPLE, &len);
	assert_non_null(strstr(doc, "\"verdict\": {\"ready\": false, "
	    "\"text\": \"NOT READY\", \"fail_on\": \"info\",\n"
	    "              \"blocking\": [\"secrets.files\", \"creds.scan\", "
	    "\"fw.rules\"]"));
	assert_non_null(strstr(doc, "\"items\": {\"total\": 6, \"pass\": 1, "
	    "\"fail\": 2, \"warn\": 1, \"skip\": 1, \"error\": 1, "
	    "\"findings\": 4}"));
	free(doc);
	doc = render(&opt, warn_only, 2, &len);
	assert_non_null(strstr(doc, "\"verdict\": {\"ready\": true, "
	    "\"text\": \"READY\""));
	free(doc);

	opt = fixed_opts(FMT_PROMETHEUS);
	doc = render(&opt, sample, NSAMPLE, &len);
	assert_non_null(strstr(doc, "\nsignoff_ready 0\n"));
	free(doc);
	opt = fixed_opts(FMT_TAP);
	doc = render(&opt, warn_only, 2, &len);
	assert_non_null(strstr(doc, "\n# READY\n"));
	free(doc);
	opt = fixed_opts(FMT_MARKDOWN);
	doc = render(&opt, sample, NSAMPLE, &len);
	assert_non_null(strstr(doc, "\n**NOT READY**: secrets.files, "
	    "creds.scan, fw.rules\n"));
	free(doc);
}

/* --fix: the failed item's line carries it, in human, Markdown and JSON. */
static void
test_fix(void **state)
{
	struct report_opts opt = fixed_opts(FMT_HUMAN);
	const char *why = NULL;
	size_t len;
	char *doc;

	(void)state;
	assert_int_equal(report_option(&opt, "--fix",
	    "secrets.files=chmod 0600 DIR/*", &why), 1);
	assert_int_equal(report_option(&opt, "--fix", "Bad Id=x", &why), -1);
	assert_int_equal(report_option(&opt, "--fix", "noequals", &why), -1);
	assert_int_equal(report_option(&opt, "--fix", "a=", &why), -1);
	doc = render(&opt, sample, NSAMPLE, &len);
	assert_non_null(strstr(doc, "\n  secrets.files  chmod 0600 DIR/*\n"));
	assert_non_null(strstr(doc, "\n  creds.scan     see: signoff explain "
	    "creds.scan\n"));
	free(doc);
	opt.format = FMT_JSON;
	doc = render(&opt, sample, NSAMPLE, &len);
	assert_non_null(strstr(doc, "\"fixes\": {\"secrets.files\": "
	    "\"chmod 0600 DIR/*\"}"));
	free(doc);
}

/* --heading: headed sections first in heading order, titled with their
 * sign-off role; the others after, in order of first appearance. */
static void
test_heading(void **state)
{
	struct report_opts opt = fixed_opts(FMT_HUMAN);
	const char *why = NULL;
	const char *a, *b, *c, *d;
	size_t len;
	char *doc;

	(void)state;
	assert_int_equal(report_option(&opt, "--heading",
	    "tls|Certificates and TLS|Security Team Lead", &why), 1);
	assert_int_equal(report_option(&opt, "--heading",
	    "network|Network|", &why), 1);
	assert_int_equal(report_option(&opt, "--heading", "network|Again|x",
	    &why), -1);
	assert_int_equal(report_option(&opt, "--heading", "Bad Sec|T|R",
	    &why), -1);
	assert_int_equal(report_option(&opt, "--heading", "s||R", &why), -1);
	assert_int_equal(report_option(&opt, "--heading", "s|T", &why), -1);
	assert_int_equal(report_option(&opt, "--heading", "s|T|R|x", &why),
	    -1);
	assert_int_equal(report_option(&opt, "--heading", "s|T\x1b|R",
	    &why), -1);
	assert_int_equal(report_option(&opt, "--heading", "s|T|R\x7f",
	    &why), -1);
	doc = render(&opt, sample, NSAMPLE, &len);
	a = strstr(doc, "\ntls - Certificates and TLS  "
	    "[sign-off: Security Team Lead]\n");
	b = strstr(doc, "\nnetwork - Network\n");
	c = strstr(doc, "\nsecrets\n");
	d = strstr(doc, "\ncredentials\n");
	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(c);
	assert_non_null(d);
	assert_true(a < b && b < c && c < d);
	free(doc);
	opt.format = FMT_MARKDOWN;
	doc = render(&opt, sample, NSAMPLE, &len);
	a = strstr(doc, "\n## tls: Certificates and TLS\n\n"
	    "Sign-off: Security Team Lead\n");
	b = strstr(doc, "\n## network: Network\n\n| Status");
	c = strstr(doc, "\n## secrets\n");
	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(c);
	assert_true(a < b && b < c);
	free(doc);
}

/* Numeric evidence keys are JSON numbers; the rest stay strings. */
static void
test_json_numbers(void **state)
{
	static const struct record r = {
	    T("secrets.files"), T("secrets"), T("t"), T("s"), T("m"), NOTEXT,
	    ST_PASS, SEV_INFO, 0, 0, 1, 6,
	    T("mode=0600\tuid=0\tsize=1234\tnlink=01\tgid=\tname=42") };
	struct report_opts opt = fixed_opts(FMT_JSON);
	size_t len;
	char *doc;

	(void)state;
	doc = render(&opt, &r, 1, &len);
	assert_non_null(strstr(doc, "\"evidence\": {\"mode\": \"0600\", "
	    "\"uid\": 0, \"size\": 1234, \"nlink\": \"01\", \"gid\": \"\", "
	    "\"name\": \"42\"}"));
	free(doc);
}

/* The sandbox record: a header line per profile, not an item. */
static void
test_sandbox_header(void **state)
{
	static const struct record sb[] = {
	    { T("sandbox"), T("sandbox"), T("The auditor is confined"),
	      T("secrets.files"), T("profile secrets: uid 65534"), NOTEXT,
	      ST_PASS, SEV_INFO, 0, 0, -1, 5,
	      T("uid=65534\tcap_eff=0000000000000004\tno_new_privs=1\t"
		"seccomp=2\tprofile=secrets") },
	    { T("sandbox"), T("sandbox"), T("The auditor is confined"),
	      T("other"), T("profile secrets: uid 65534; not applied: "
		"Landlock unsupported"), NOTEXT,
	      ST_WARN, SEV_MEDIUM, 0, 0, -1, 2,
	      T("uid=65534\tprofile=secrets") },
	};
	struct record recs[3];
	struct report_opts opt = fixed_opts(FMT_HUMAN);
	size_t len;
	char *doc;

	(void)state;
	recs[0] = sb[0];
	recs[1] = sample[7];
	recs[2] = sb[1];
	doc = render(&opt, recs, 3, &len);
	/* One line for the profile: the worse of its two records. */
	assert_non_null(strstr(doc, "\nsandbox:  secrets  WARN  uid 65534; "
	    "not applied: Landlock unsupported\n"));
	assert_null(strstr(doc, "\n  PASS             sandbox"));
	assert_null(strstr(doc, "\nsandbox\n"));
	assert_non_null(strstr(doc, "Summary: 1 item: 1 passed"));
	assert_non_null(strstr(doc, "signoff explain sandbox"));
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
		cmocka_unit_test(test_show),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_verdict),
		cmocka_unit_test(test_fix),
		cmocka_unit_test(test_heading),
		cmocka_unit_test(test_json_numbers),
		cmocka_unit_test(test_sandbox_header),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
