/*
 * test_credentials.c - `check credentials` prepare() and run() without the
 * sandbox (so ASan and UBSan see the walk, the worker threads and the
 * records): findings per file sorted whatever the thread timing, the
 * summary counts, usage errors for bad arguments and rules, an empty
 * tree, and a tree of many files scanned with 4 threads.
 */
#include "testutil.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "checks/check.h"
#include "sandbox/sandbox.h"

extern const struct check_def check_credentials;

static const char rules_text[] =
"[rule u.akia]\n"
"description = AWS key id\nseverity = critical\nkeywords = AKIA\n"
"pattern = \\b(AKIA[0-9A-Z]{16})\\b\n"
"example = AKIAZ7VQ3XK2M4NP6RT8\ncounter = AKIA\n";

static char base[64], rules[96];
static char *output;

static const struct item_meta meta = {
	.id = "credentials", .section = "credentials", .title = "Credentials",
	.severity = SEV_CRITICAL, .optional = 0,
};

static void
put(const char *rel, const char *content)
{
	char p[256];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", base, rel);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs(content, f);
	fclose(f);
}

static int
setup(void **state)
{
	FILE *f;

	(void)state;
	snprintf(base, sizeof(base), "/tmp/signoff-credtest.XXXXXX");
	if (mkdtemp(base) == NULL)
		return -1;
	snprintf(rules, sizeof(rules), "%s.rules", base);
	f = fopen(rules, "w");
	if (f == NULL)
		return -1;
	fputs(rules_text, f);
	fclose(f);
	return 0;
}

static int
teardown(void **state)
{
	char cmd[200];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf -- '%s' '%s'", base, rules);
	if (strlen(base) > 10)
		(void)!system(cmd);
	free(output);
	return 0;
}

/* prepare + run with args; output holds the records.  Returns prepare's
 * status (run must succeed when prepare did). */
static int
run_args(const char *const *args)
{
	struct sandbox_req req;
	void *st = NULL;
	struct out *o = malloc(sizeof(*o));
	char *argv[32];
	int argc = 0, rc, fd;
	off_t len;

	assert_non_null(o);
	while (args[argc] != NULL) {
		argv[argc] = (char *)args[argc];
		argc++;
	}
	argv[argc] = NULL;
	memset(&req, 0, sizeof(req));
	rc = check_credentials.prepare(argc, argv, &meta, &st, &req);
	if (rc != 0) {
		free(o);
		return rc;
	}
	fd = memfd_create("records", MFD_CLOEXEC);
	assert_true(fd >= 0);
	out_init(o, fd);
	assert_int_equal(check_credentials.run(st, &meta, o), 0);
	assert_int_equal(out_flush(o), 0);
	free(o);
	len = lseek(fd, 0, SEEK_CUR);
	free(output);
	output = malloc((size_t)len + 1);
	assert_non_null(output);
	assert_int_equal(pread(fd, output, (size_t)len, 0), len);
	output[len] = '\0';
	close(fd);
	return 0;
}

static size_t
count(const char *needle)
{
	size_t n = 0;
	const char *p = output;

	while ((p = strstr(p, needle)) != NULL) {
		n++;
		p += strlen(needle);
	}
	return n;
}

static void
test_findings_sorted(void **state)
{
	char p[128], *a, *b, *c;
	const char *args[] = { base, "--rules-only", rules, "--threads", "3",
	    NULL };

	(void)state;
	snprintf(p, sizeof(p), "%s/d", base);
	assert_int_equal(mkdir(p, 0755), 0);
	put("z.txt", "k = AKIAZ7VQ3XK2M4NP6RT8\n");
	put("d/a.txt", "\n\nk = AKIAQ2W3E4R5T6Y7U8I9 AKIAZ7VQ3XK2M4NP6RT8\n");
	put("m.txt", "nothing here\n");
	assert_int_equal(run_args(args), 0);
	assert_int_equal(count("\tfail\tcritical\tu.akia\t"), 3);
	a = strstr(output, "/d/a.txt\t3\t5\t");
	b = strstr(output, "/d/a.txt\t3\t26\t");
	c = strstr(output, "/z.txt\t1\t5\t");
	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(c);
	assert_true(a < b && b < c);
	assert_non_null(strstr(output, "\tfiles=3\t"));
	assert_non_null(strstr(output, "\tfindings=3\t"));
	assert_non_null(strstr(output, "\tthreads=3\t"));
	assert_null(strstr(output, "AKIAZ7VQ3XK2M4NP6RT8"));
}

static void
test_many_files(void **state)
{
	char p[128];
	const char *args[] = { base, "--rules-only", rules, "--threads", "4",
	    "--exclude", "d", "--exclude", "*.txt", NULL };
	int i;

	(void)state;
	for (i = 0; i < 300; i++) {
		snprintf(p, sizeof(p), "f%03d.cfg", i);
		put(p, i % 3 == 0 ? "key AKIAZ7VQ3XK2M4NP6RT8\n" : "x\n");
	}
	assert_int_equal(run_args(args), 0);
	assert_int_equal(count("\tfail\tcritical\tu.akia\t"), 100);
	assert_non_null(strstr(output, "\tfiles=300\t"));
	assert_non_null(strstr(output, "\tskipped_excluded=3\t"));
}

static void
test_usage_errors(void **state)
{
	const char *none[] = { "--rules-only", rules, NULL };
	const char *bad[] = { base, "--rules-only", "/nonexistent.rules", NULL };
	const char *thr[] = { base, "--rules-only", rules, "--threads", "99", NULL };
	const char *unk[] = { base, "--rules-only", rules, "--frobnicate", NULL };
	const char *val[] = { base, "--rules-only", NULL };

	(void)state;
	assert_int_equal(run_args(none), 2);
	assert_int_equal(run_args(bad), 2);
	assert_int_equal(run_args(thr), 2);
	assert_int_equal(run_args(unk), 2);
	assert_int_equal(run_args(val), 2);
}

static void
test_missing_root(void **state)
{
	char p[128];
	const char *args[] = { p, "--rules-only", rules, NULL };

	(void)state;
	snprintf(p, sizeof(p), "%s/no-such-dir", base);
	assert_int_equal(run_args(args), 0);
	assert_non_null(strstr(output, "\terror\t"));
	assert_non_null(strstr(output, "no such file or directory"));
	assert_non_null(strstr(output, "\terrors=1\t"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_findings_sorted),
		cmocka_unit_test(test_many_files),
		cmocka_unit_test(test_usage_errors),
		cmocka_unit_test(test_missing_root),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
