/*
 * test_secrets.c - `check secrets` on real fixtures: prepare() and run()
 * without the sandbox, records written to a memfd, then the record text
 * (status and message per subject) asserted.  Most fixtures need root
 * (chown, reading as another uid); the tests skip when not root.
 */
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/acl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "checks/check.h"
#include "parse/passwd.h"

extern const struct check_def check_secrets;

static char base[64];		/* mkdtemp under /tmp */
static char sdir[128];		/* base/s: the secrets directory */
static char *output;		/* records of the last run */
static struct out outw;

static const struct item_meta meta = {
	.id = "secrets", .section = "secrets", .title = "Secret files",
	.severity = SEV_CRITICAL, .optional = 0,
};

/* ---- fixtures ---- */

static void
path_of(char *buf, size_t cap, const char *dir, const char *name)
{
	int k = snprintf(buf, cap, "%s/%s", dir, name);

	assert_true(k > 0 && (size_t)k < cap);
}

static void
put_file(const char *dir, const char *name, const char *content, mode_t mode)
{
	char p[512];
	int fd;

	path_of(p, sizeof(p), dir, name);
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	assert_true(fd >= 0);
	if (content[0] != '\0')
		assert_int_equal(write(fd, content, strlen(content)),
		    (ssize_t)strlen(content));
	assert_int_equal(fchmod(fd, mode), 0);
	close(fd);
}

static const char good[] = "v8Qz-3kLm_Px7Tr2Wn5Yb\n";

static int
rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path) == 0 ? 0 : -1;
}

/* Test cleanup: removes our own mkdtemp tree, depth first, no symlink
 * followed. */
static void
rm_rf(const char *path)
{
	if (nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS) != 0)
		fprintf(stderr, "cleanup of %s failed\n", path);
}

static int
setup(void **st)
{
	(void)st;
	snprintf(base, sizeof(base), "/tmp/signoff-sec.XXXXXX");
	if (mkdtemp(base) == NULL)
		return -1;
	snprintf(sdir, sizeof(sdir), "%s/s", base);
	return mkdir(sdir, 0700);
}

static int
teardown(void **st)
{
	(void)st;
	rm_rf(base);
	free(output);
	output = NULL;
	return 0;
}

static void
need_root(void)
{
	if (geteuid() != 0)
		skip();
}

/* ---- running the check ---- */

static int
run_meta(const struct item_meta *m, const char *const *args)
{
	struct sandbox_req req;
	void *state = NULL;
	char *argv[16];
	int argc = 0, rc, fd;
	off_t len;

	memset(&req, 0, sizeof(req));
	while (args[argc] != NULL) {
		assert_true(argc < 15);
		argv[argc] = (char *)args[argc];
		argc++;
	}
	argv[argc] = NULL;
	free(output);
	output = NULL;
	check_clock_start();
	rc = check_secrets.prepare(argc, argv, m, &state, &req);
	if (rc != 0)
		return rc;
	assert_non_null(state);
	if (req.n_ro > 0)
		assert_true(req.ro_fds[0] >= 0);
	fd = memfd_create("records", MFD_CLOEXEC);
	assert_true(fd >= 0);
	out_init(&outw, fd);
	rc = check_secrets.run(state, m, &outw);
	assert_int_equal(out_flush(&outw), 0);
	len = lseek(fd, 0, SEEK_CUR);
	assert_true(len >= 0);
	output = malloc((size_t)len + 1);
	assert_non_null(output);
	assert_int_equal(pread(fd, output, (size_t)len, 0), len);
	output[len] = '\0';
	close(fd);
	return rc;
}

static int
run_args(const char *const *args)
{
	return run_meta(&meta, args);
}

#define RUN(...) do { \
	const char *const a_[] = { __VA_ARGS__, NULL }; \
	assert_int_equal(run_args(a_), 0); \
} while (0)

/* Field f (0-based) of line [p, e): copies into buf (escaped text). */
static int
field(const char *p, const char *e, int f, char *buf, size_t cap)
{
	const char *q;
	size_t n;

	while (f-- > 0) {
		q = memchr(p, '\t', (size_t)(e - p));
		if (q == NULL)
			return -1;
		p = q + 1;
	}
	q = memchr(p, '\t', (size_t)(e - p));
	if (q == NULL)
		q = e;
	n = (size_t)(q - p);
	if (n >= cap)
		n = cap - 1;
	memcpy(buf, p, n);
	buf[n] = '\0';
	return 0;
}

/* Number of records whose subject (escaped) is subj; the last one's status,
 * message and whole line are copied out. */
static int
find(const char *subj, char *status, char *msg, size_t msgcap, char *whole,
    size_t wholecap)
{
	const char *p = output, *e;
	char s[1024];
	int hits = 0;

	while (p != NULL && *p != '\0') {
		e = strchr(p, '\n');
		assert_non_null(e);
		if (field(p, e, 5, s, sizeof(s)) == 0 && strcmp(s, subj) == 0) {
			hits++;
			field(p, e, 3, status, 16);
			field(p, e, 6, msg, msgcap);
			if (whole != NULL) {
				size_t n = (size_t)(e - p);

				if (n >= wholecap)
					n = wholecap - 1;
				memcpy(whole, p, n);
				whole[n] = '\0';
			}
		}
		p = e + 1;
	}
	return hits;
}

/* Asserts exactly one record for DIR/name (or DIR itself when name is
 * NULL) with this status and, if given, these message substrings. */
static void
expect(const char *dir, const char *name, const char *status,
    const char *sub1, const char *sub2)
{
	char subj[1024], st[16], msg[8192];

	if (name != NULL)
		snprintf(subj, sizeof(subj), "%s/%s", dir, name);
	else
		snprintf(subj, sizeof(subj), "%s", dir);
	if (find(subj, st, msg, sizeof(msg), NULL, 0) != 1)
		fail_msg("want one record for %s in:\n%s", subj, output);
	if (strcmp(st, status) != 0)
		fail_msg("%s: status %s, want %s (%s)", subj, st, status, msg);
	if (sub1 != NULL && strstr(msg, sub1) == NULL)
		fail_msg("%s: message \"%s\" lacks \"%s\"", subj, msg, sub1);
	if (sub2 != NULL && strstr(msg, sub2) == NULL)
		fail_msg("%s: message \"%s\" lacks \"%s\"", subj, msg, sub2);
}

static size_t
count_lines(void)
{
	size_t n = 0;
	const char *p;

	for (p = output; *p != '\0'; p++)
		if (*p == '\n')
			n++;
	return n;
}

/* ---- tests ---- */

static void
test_good_and_empty_dir(void **st)
{
	(void)st;
	need_root();
	RUN(sdir);
	expect(sdir, NULL, "pass", "0 files", "mode 0700");
	assert_int_equal(count_lines(), 1);

	put_file(sdir, "db.pass", good, 0600);
	put_file(sdir, "ro.key", good, 0400);
	RUN(sdir);
	expect(sdir, NULL, "pass", "2 files", NULL);
	expect(sdir, "db.pass", "pass", "mode 0600 within 0600", NULL);
	expect(sdir, "ro.key", "pass", "mode 0400", NULL);
	assert_int_equal(count_lines(), 3);
	/* evidence, and no content anywhere */
	assert_non_null(strstr(output, "\tmode=0600\tuid=0\t"));
	assert_non_null(strstr(output, "\tnlink=1\tsize=22\ttype=regular"));
	assert_null(strstr(output, "v8Qz"));
	assert_non_null(strstr(output, "realpath="));
}

static void
test_file_modes(void **st)
{
	static const struct { const char *name; mode_t mode; const char *sub; }
	    cases[] = {
		{ "m0644", 0644, "mode 0644 has bits outside 0600: group r, other r" },
		{ "m0444", 0444, "mode 0444 has bits outside 0600: group r, other r" },
		{ "m0640", 0640, "mode 0640 has bits outside 0600: group r" },
		{ "m0660", 0660, "group rw" },
		{ "m0622", 0622, "group w, other w" },
		{ "m0077", 0077, "group rwx, other rwx" },
		{ "m4600", 04600, "mode 4600 has bits outside 0600: setuid" },
		{ "m2600", 02600, "setgid" },
		{ "m1600", 01600, "sticky" },
	};
	size_t i;

	(void)st;
	need_root();
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		put_file(sdir, cases[i].name, good, cases[i].mode);
	put_file(sdir, "ok", good, 0600);
	RUN(sdir);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		expect(sdir, cases[i].name, "fail", cases[i].sub, NULL);
	expect(sdir, "ok", "pass", NULL, NULL);
	/* the directory itself is fine */
	expect(sdir, NULL, "pass", "10 files", NULL);

	/* --mode 0640 accepts group read, and a 0750 directory */
	assert_int_equal(chmod(sdir, 0750), 0);
	RUN(sdir, "--mode", "0640");
	expect(sdir, "m0640", "pass", NULL, NULL);
	expect(sdir, "m0644", "fail", "mode 0644 has bits outside 0640: other r",
	    NULL);
	expect(sdir, NULL, "pass", NULL, NULL);
	assert_int_equal(chmod(sdir, 0700), 0);
}

static void
test_dir_modes(void **st)
{
	(void)st;
	need_root();
	assert_int_equal(chmod(sdir, 0755), 0);
	RUN(sdir);
	expect(sdir, NULL, "fail",
	    "mode 0755 has bits outside 0700: group rx, other rx", NULL);
	assert_int_equal(chmod(sdir, 0710), 0);
	RUN(sdir, "--mode", "0640");
	expect(sdir, NULL, "pass", NULL, NULL);
	RUN(sdir, "--mode", "0600");
	expect(sdir, NULL, "fail", "group x", NULL);
	/* issue 6, hole 9: r-x for a class only when --mode gives it read */
	assert_int_equal(chmod(sdir, 0750), 0);
	RUN(sdir, "--mode", "0620");
	expect(sdir, NULL, "fail",
	    "mode 0750 has bits outside 0700: group rx", NULL);
	assert_int_equal(chmod(sdir, 0705), 0);
	RUN(sdir, "--mode", "0602");
	expect(sdir, NULL, "fail",
	    "mode 0705 has bits outside 0700: other rx", NULL);
	RUN(sdir, "--mode", "0604");
	expect(sdir, NULL, "pass", NULL, NULL);
	assert_int_equal(chmod(sdir, 02700), 0);
	RUN(sdir);
	expect(sdir, NULL, "fail", "setgid", NULL);
	assert_int_equal(chmod(sdir, 0700), 0);
	assert_int_equal(chown(sdir, 65534, 65534), 0);
	RUN(sdir);
	expect(sdir, NULL, "fail", "owner uid 65534 (expected root)", NULL);
	RUN(sdir, "--owner", "65534");
	expect(sdir, NULL, "pass", NULL, NULL);
	assert_int_equal(chown(sdir, 0, 0), 0);
}

static void
test_owner(void **st)
{
	char p[256];

	(void)st;
	need_root();
	put_file(sdir, "mine", good, 0600);
	put_file(sdir, "theirs", good, 0600);
	path_of(p, sizeof(p), sdir, "theirs");
	assert_int_equal(chown(p, 65534, 65534), 0);
	RUN(sdir);
	expect(sdir, "mine", "pass", NULL, NULL);
	expect(sdir, "theirs", "fail", "owner uid 65534 (expected root)", NULL);
	RUN(sdir, "--owner", "nobody");
	expect(sdir, "theirs", "pass", NULL, NULL);
	expect(sdir, "mine", "pass", NULL, NULL);
	RUN(sdir, "--owner", "65534");
	expect(sdir, "theirs", "pass", NULL, NULL);
}

static void
test_links_and_types(void **st)
{
	char p[256], q[256];
	struct sockaddr_un sa;
	int s;

	(void)st;
	need_root();
	put_file(sdir, "one", good, 0600);
	path_of(p, sizeof(p), sdir, "one");
	path_of(q, sizeof(q), sdir, "two");
	assert_int_equal(link(p, q), 0);
	path_of(q, sizeof(q), sdir, "sym");
	assert_int_equal(symlink("one", q), 0);
	path_of(q, sizeof(q), sdir, "fifo");
	assert_int_equal(mkfifo(q, 0600), 0);
	path_of(q, sizeof(q), sdir, "sub");
	assert_int_equal(mkdir(q, 0700), 0);
	put_file(sdir, "empty", "", 0600);
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	path_of(sa.sun_path, sizeof(sa.sun_path), sdir, "sock");
	s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(s >= 0);
	assert_int_equal(bind(s, (struct sockaddr *)&sa, sizeof(sa)), 0);
	close(s);

	RUN(sdir);
	expect(sdir, "one", "fail", "link count 2 (expected 1)", NULL);
	expect(sdir, "two", "fail", "link count 2 (expected 1)", NULL);
	expect(sdir, "sym", "fail", "is a symlink (expected a regular file",
	    NULL);
	expect(sdir, "fifo", "fail", "is a fifo", NULL);
	expect(sdir, "sock", "fail", "is a socket", NULL);
	expect(sdir, "sub", "fail", "is a directory", NULL);
	expect(sdir, "empty", "fail", "file is empty", NULL);
	assert_non_null(strstr(output, "type=symlink"));
	assert_non_null(strstr(output, "type=fifo"));
}

static void
test_weak_content(void **st)
{
	(void)st;
	need_root();
	put_file(sdir, "short", "abc123xyz\n", 0600);
	put_file(sdir, "dflt", "  ChangeMe\n", 0600);
	put_file(sdir, "longdflt", "ChangeMeChangeMe\n", 0600);
	put_file(sdir, "fifteen", "0123456789abcde\n", 0600);
	put_file(sdir, "sixteen", "0123456789abcdef\n", 0600);
	put_file(sdir, "bad", "password\n", 0644);
	RUN(sdir);
	expect(sdir, "short", "warn",
	    "content is weak (9 bytes, expected at least 16)", NULL);
	expect(sdir, "dflt", "warn", "a well-known default value", NULL);
	expect(sdir, "longdflt", "warn",
	    "content is weak (a well-known default value)", NULL);
	expect(sdir, "fifteen", "warn", "15 bytes", NULL);
	expect(sdir, "sixteen", "pass", NULL, NULL);
	/* otherwise failing: the weakness joins the fail message */
	expect(sdir, "bad", "fail", "group r, other r", "content is weak");
	/* the content never appears */
	assert_null(strstr(output, "ChangeMe"));
	assert_null(strstr(output, "abc123"));
	assert_null(strstr(output, "password"));
}

static void
test_hostile_name(void **st)
{
	char subj[256];

	(void)st;
	need_root();
	put_file(sdir, "a\tb\nc\x1b[31md\\e", good, 0644);
	RUN(sdir);
	snprintf(subj, sizeof(subj), "%s/%s", sdir, "a\\tb\\nc\\x1b[31md\\\\e");
	expect(subj, NULL, "fail", "mode 0644", NULL);
	/* every line has the fixed field count; no raw ESC anywhere */
	assert_null(strchr(output, 0x1b));
	assert_int_equal(count_lines(), 2);
}

static void
test_ancestors(void **st)
{
	char open_[256], inner[256], msg[512];

	(void)st;
	need_root();
	/* under /tmp (1777, sticky): passes */
	RUN(sdir);
	expect(sdir, NULL, "pass", "ancestors", NULL);

	/* under a 0777 non-sticky parent: fails, naming it */
	path_of(open_, sizeof(open_), base, "open");
	assert_int_equal(mkdir(open_, 0777), 0);
	assert_int_equal(chmod(open_, 0777), 0);
	path_of(inner, sizeof(inner), open_, "s");
	assert_int_equal(mkdir(inner, 0700), 0);
	RUN(inner);
	snprintf(msg, sizeof(msg), "ancestor %s mode 0777 is writable", open_);
	expect(inner, NULL, "fail", msg, "not sticky");

	/* group-writable 0775 fails too; sticky 1777 is fine */
	assert_int_equal(chmod(open_, 0775), 0);
	RUN(inner);
	expect(inner, NULL, "fail", "mode 0775 is writable by group", NULL);
	assert_int_equal(chmod(open_, 01777), 0);
	RUN(inner);
	expect(inner, NULL, "pass", NULL, NULL);

	/* an ancestor owned by someone else */
	assert_int_equal(chmod(open_, 0755), 0);
	assert_int_equal(chown(open_, 65534, 65534), 0);
	RUN(inner);
	expect(inner, NULL, "fail", "is owned by uid 65534 (expected root)",
	    NULL);
	RUN(inner, "--owner", "nobody");
	expect(inner, NULL, "pass", NULL, NULL);
}


/* Issue 6, hole 1: a symlink in the parent path is walked, judged like an
 * ancestor (owner, and the directory holding it) and named. */
static void
test_symlink_in_path(void **st)
{
	char ww[256], real[256], sec[256], app[256], dir[512], msg[1024];

	(void)st;
	need_root();
	path_of(ww, sizeof(ww), base, "ww");
	path_of(real, sizeof(real), base, "real");
	path_of(sec, sizeof(sec), real, "sec");
	path_of(app, sizeof(app), ww, "app");
	assert_int_equal(mkdir(ww, 0777), 0);
	assert_int_equal(chmod(ww, 0777), 0);
	assert_int_equal(mkdir(real, 0700), 0);
	assert_int_equal(mkdir(sec, 0700), 0);
	assert_int_equal(symlink(real, app), 0);
	path_of(dir, sizeof(dir), app, "sec");
	RUN(dir);
	snprintf(msg, sizeof(msg), "symlink %s -> %s on the path can be "
	    "re-pointed: the directory holding it, %s, mode 0777 is writable "
	    "by group and other", app, real, ww);
	expect(dir, NULL, "fail", msg, NULL);
	/* the walk went through the real directory, and says where */
	snprintf(msg, sizeof(msg), "realpath=%s\t", sec);
	assert_non_null(strstr(output, msg));

	/* the same link in a safe directory passes, and is named */
	assert_int_equal(chmod(ww, 0755), 0);
	RUN(dir);
	snprintf(msg, sizeof(msg), "through symlink %s -> %s (owned by root",
	    app, real);
	expect(dir, NULL, "pass", msg, NULL);

	/* a link owned by someone else fails, even in a safe directory */
	assert_int_equal(lchown(app, 65534, 65534), 0);
	RUN(dir);
	snprintf(msg, sizeof(msg), "symlink %s -> %s on the path is owned by "
	    "uid 65534", app, real);
	expect(dir, NULL, "fail", msg, NULL);

	/* a relative target is walked from the directory holding it, and
	 * every directory on its way is judged */
	assert_int_equal(unlink(app), 0);
	assert_int_equal(symlink("../real", app), 0);
	assert_int_equal(chmod(real, 0777), 0);
	RUN(dir);
	snprintf(msg, sizeof(msg), "ancestor %s mode 0777 is writable", real);
	expect(dir, NULL, "fail", msg, NULL);
	assert_int_equal(chmod(real, 0700), 0);
	RUN(dir);
	expect(dir, NULL, "pass", "through symlink", NULL);

	/* a loop of links is an error, never a pass */
	assert_int_equal(unlink(app), 0);
	assert_int_equal(symlink("app", app), 0);
	RUN(dir);
	expect(dir, NULL, "error", "more than 40 symbolic links", NULL);
}

/* Issue 6, hole 2: DIR/. and DIR/.. are normalised before the walk, so a
 * symlinked DIR is never followed. */
static void
test_dot_components(void **st)
{
	char l[256], dir[512];

	(void)st;
	need_root();
	path_of(l, sizeof(l), base, "l");
	assert_int_equal(symlink(sdir, l), 0);
	put_file(sdir, "k", good, 0600);
	path_of(dir, sizeof(dir), l, ".");
	RUN(dir);
	expect(dir, NULL, "fail", "is a symlink", NULL);
	assert_int_equal(count_lines(), 1);
	snprintf(dir, sizeof(dir), "%s//.//", l);
	RUN(dir);
	expect(dir, NULL, "fail", "is a symlink", NULL);
	/* DIR/x/.. is DIR as written: the symlink again */
	path_of(dir, sizeof(dir), l, "x/..");
	RUN(dir);
	expect(dir, NULL, "fail", "is a symlink", NULL);
	/* and a real directory named with dots is checked as itself */
	snprintf(dir, sizeof(dir), "%s/./s/../s/.", base);
	RUN(dir);
	expect(dir, NULL, "pass", "1 file", NULL);
}

/* Issue 6, hole 1 for images: with --root, an absolute link inside the
 * image is resolved beneath the image root, never into the host, and ".."
 * never climbs above it. */
static void
test_root_image(void **st)
{
	char img[256], p[256], q[256], dir[512], msg[1024];
	const char *const a_root[] = { dir, "--root", img, NULL };

	(void)st;
	need_root();
	path_of(img, sizeof(img), base, "img");
	assert_int_equal(mkdir(img, 0755), 0);
	path_of(p, sizeof(p), img, "var");
	assert_int_equal(mkdir(p, 0755), 0);
	path_of(p, sizeof(p), img, "run");
	assert_int_equal(mkdir(p, 0755), 0);
	path_of(q, sizeof(q), p, "signoff-img-sec");
	assert_int_equal(mkdir(q, 0700), 0);
	put_file(q, "k", good, 0600);
	/* var/run -> /run, as on Debian; the host has no /run/signoff-img-sec */
	path_of(p, sizeof(p), img, "var/run");
	assert_int_equal(symlink("/run", p), 0);
	path_of(dir, sizeof(dir), img, "var/run/signoff-img-sec");
	assert_int_equal(run_args(a_root), 0);
	expect(dir, NULL, "pass", "through symlink", "-> /run");
	snprintf(msg, sizeof(msg), "realpath=%s\t", q);
	assert_non_null(strstr(output, msg));
	expect(dir, "k", "pass", NULL, NULL);
	/* without --root the same link leads into the host */
	RUN(dir);
	expect(dir, NULL, "fail", "directory does not exist", NULL);
	/* a relative link climbing above the image stops at its root */
	path_of(p, sizeof(p), img, "esc");
	assert_int_equal(symlink("../../../../../../../../run", p), 0);
	path_of(dir, sizeof(dir), img, "esc/signoff-img-sec");
	assert_int_equal(run_args(a_root), 0);
	expect(dir, NULL, "pass", NULL, NULL);
	assert_non_null(strstr(output, msg));
	/* DIR outside the root is a usage error */
	snprintf(dir, sizeof(dir), "%s", sdir);
	assert_int_equal(run_args(a_root), 2);
}

/* Issue 6, hole 8: with group bits allowed, the group must be root's or
 * --group's, and named ACL entries are judged against it. */
static void
test_group_and_named_acl(void **st)
{
	char p[256];
	acl_t acl;

	(void)st;
	need_root();
	put_file(sdir, "k", good, 0640);
	path_of(p, sizeof(p), sdir, "k");
	assert_int_equal(chown(p, 0, 4242), 0);
	RUN(sdir, "--mode", "0640");
	expect(sdir, "k", "fail", "group gid 4242 has group access (r--)",
	    "expected root's group (gid 0) or the one named by --group");
	RUN(sdir, "--mode", "0640", "--group", "4242");
	expect(sdir, "k", "pass", NULL, NULL);
	/* no group bits on the file: its group has nothing to judge */
	assert_int_equal(chmod(p, 0600), 0);
	RUN(sdir, "--mode", "0640");
	expect(sdir, "k", "pass", NULL, NULL);
	/* an unknown group name accepts nothing but root's group */
	assert_int_equal(chmod(p, 0640), 0);
	RUN(sdir, "--mode", "0640", "--group", "no-such-group-here");
	expect(sdir, "k", "fail", "--group no-such-group-here is not in "
	    "/etc/group", NULL);
	assert_int_equal(chown(p, 0, 0), 0);
	RUN(sdir, "--mode", "0640");
	expect(sdir, "k", "pass", NULL, NULL);

	/* a named user within the group bits: still not accepted */
	acl = acl_from_text("u::rw-,u:65534:r--,g::r--,m::r--,o::---");
	assert_non_null(acl);
	if (acl_set_file(p, ACL_TYPE_ACCESS, acl) != 0) {
		acl_free(acl);
		skip();
	}
	acl_free(acl);
	RUN(sdir, "--mode", "0640");
	expect(sdir, "k", "fail", "ACL entry user:65534 grants r--",
	    "named users are not accepted");
	/* a named group: only root's or --group's */
	acl = acl_from_text("u::rw-,g::r--,g:4242:r--,m::r--,o::---");
	assert_non_null(acl);
	assert_int_equal(acl_set_file(p, ACL_TYPE_ACCESS, acl), 0);
	acl_free(acl);
	RUN(sdir, "--mode", "0640");
	expect(sdir, "k", "fail", "ACL entry group:4242 grants r--", NULL);
	RUN(sdir, "--mode", "0640", "--group", "4242");
	expect(sdir, "k", "pass", NULL, NULL);
	RUN(sdir, "--mode", "0640", "--group", "4243");
	expect(sdir, "k", "fail", "ACL entry group:4242 grants r--",
	    "or 4243 (gid 4243)");

	/* the directory's group too, when it grants the group access */
	assert_int_equal(chmod(sdir, 0750), 0);
	assert_int_equal(chown(sdir, 0, 4242), 0);
	RUN(sdir, "--mode", "0640", "--group", "4242");
	expect(sdir, NULL, "pass", NULL, NULL);
	RUN(sdir, "--mode", "0640");
	expect(sdir, NULL, "fail", "group gid 4242 has group access (r-x)",
	    NULL);
	assert_int_equal(chown(sdir, 0, 0), 0);
	assert_int_equal(chmod(sdir, 0700), 0);
}

/* Issue 6, report item: Debian's 0710 root:ssl-cert directory under the
 * default mode says what would accept it, and why. */
static void
test_dir_group_hint(void **st)
{
	(void)st;
	need_root();
	assert_int_equal(chmod(sdir, 0710), 0);
	RUN(sdir);
	expect(sdir, NULL, "fail", "if root's group must read these files, "
	    "check with --mode 0640 (group search/list on the directory is "
	    "accepted only when --mode grants the group read)", NULL);
	assert_int_equal(chown(sdir, 0, 65534), 0);
	RUN(sdir);
	expect(sdir, NULL, "fail", "must read these files, check with --mode "
	    "0640 --group ", NULL);
	RUN(sdir, "--mode", "0640", "--group", "65534");
	expect(sdir, NULL, "pass", NULL, NULL);
	/* group write is never a matter of --mode 0640: no hint */
	assert_int_equal(chmod(sdir, 0730), 0);
	RUN(sdir);
	expect(sdir, NULL, "fail", "group wx", NULL);
	assert_null(strstr(output, "check with --mode"));
}

/* The /etc/group lookup by hand (parse/passwd.c). */
static void
test_group_file(void **st)
{
	static const char gr[] = "root:x:0:\nssl-cert:x:103:postgres\n"
	    "bad:x:notanumber:\nshort:x\nlast:x:4242:a,b";
	uint32_t g;
	size_t off, len;

	(void)st;
	assert_int_equal(group_find(gr, sizeof(gr) - 1, "ssl-cert", 8, &g), 0);
	assert_int_equal(g, 103);
	assert_int_equal(group_find(gr, sizeof(gr) - 1, "last", 4, &g), 0);
	assert_int_equal(g, 4242);
	assert_int_equal(group_find(gr, sizeof(gr) - 1, "ssl", 3, &g), -1);
	assert_int_equal(group_find(gr, sizeof(gr) - 1, "bad", 3, &g), -1);
	assert_int_equal(group_find(gr, sizeof(gr) - 1, "short", 5, &g), -1);
	assert_int_equal(group_find(gr, sizeof(gr) - 1, "", 0, &g), -1);
	assert_int_equal(group_name(gr, sizeof(gr) - 1, 103, &off, &len), 0);
	assert_int_equal(len, 8);
	assert_memory_equal(gr + off, "ssl-cert", 8);
	assert_int_equal(group_name(gr, sizeof(gr) - 1, 4242, &off, &len), 0);
	assert_memory_equal(gr + off, "last", 4);
	assert_int_equal(group_name(gr, sizeof(gr) - 1, 7, &off, &len), -1);
}

static void
test_dir_states(void **st)
{
	char p[256], q[256];
	const char *const a_missing[] = { p, NULL };
	struct item_meta opt = meta;

	(void)st;
	need_root();
	/* symlinked secrets directory: never followed */
	path_of(q, sizeof(q), base, "link");
	assert_int_equal(symlink("s", q), 0);
	RUN(q);
	expect(q, NULL, "fail", "is a symlink", NULL);
	assert_int_equal(count_lines(), 1);
	/* not a directory */
	put_file(base, "plain", good, 0600);
	path_of(q, sizeof(q), base, "plain");
	RUN(q);
	expect(q, NULL, "fail", "is a regular file (expected a directory)",
	    NULL);
	/* missing, then optional */
	path_of(p, sizeof(p), base, "nope");
	assert_int_equal(run_args(a_missing), 0);
	expect(p, NULL, "fail", "directory does not exist", NULL);
	opt.optional = 1;
	assert_int_equal(run_meta(&opt, a_missing), 0);
	expect(p, NULL, "skip", "directory does not exist", NULL);
	/* missing parent */
	path_of(p, sizeof(p), base, "nope/deeper");
	assert_int_equal(run_args(a_missing), 0);
	expect(p, NULL, "fail", "directory does not exist", NULL);
	/* a trailing slash keeps the subject as given, entries joined once */
	put_file(sdir, "k", good, 0600);
	snprintf(p, sizeof(p), "%s/", sdir);
	assert_int_equal(run_args(a_missing), 0);
	expect(p, NULL, "pass", "1 file", NULL);
	expect(sdir, "k", "pass", NULL, NULL);
}

static void
test_require(void **st)
{
	(void)st;
	need_root();
	put_file(sdir, "a.txt", good, 0600);
	RUN(sdir, "--require", "a.txt,b.txt,c.key");
	expect(sdir, "a.txt", "pass", NULL, NULL);
	expect(sdir, "b.txt", "fail", "required secret file is missing", NULL);
	expect(sdir, "c.key", "fail", "required secret file is missing", NULL);
	expect(sdir, NULL, "pass", "1 file", NULL);
	assert_int_equal(count_lines(), 4);
}

static void
test_usage(void **st)
{
	static const char *const bad[][6] = {
		{ NULL },
		{ "", NULL },
		{ "/x", "/y", NULL },
		{ "/x", "--mode", NULL },
		{ "/x", "--mode", "1777", NULL },
		{ "/x", "--mode", "0800", NULL },
		{ "/x", "--mode", "abc", NULL },
		{ "/x", "--mode", "", NULL },
		{ "/x", "--require", "a/b", NULL },
		{ "/x", "--require", "..", NULL },
		{ "/x", "--require", ".", NULL },
		{ "/x", "--require", "a,,b", NULL },
		{ "/x", "--require", "a,", NULL },
		{ "/x", "--owner", "no-such-user-here", NULL },
		{ "/x", "--bogus", NULL },
		{ "/x", "--mode", "0600", "--mode", "0600", NULL },
	};
	size_t i;

	(void)st;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (run_args(bad[i]) != 2)
			fail_msg("case %zu: expected usage error 2", i);
	}
}

static void
test_acl_on_file(void **st)
{
	char p[256];
	acl_t acl;

	(void)st;
	need_root();
	put_file(sdir, "shared", good, 0600);
	put_file(sdir, "masked", good, 0600);
	path_of(p, sizeof(p), sdir, "shared");
	acl = acl_from_text("u::rw-,u:65534:r--,g::---,m::r--,o::---");
	assert_non_null(acl);
	if (acl_set_file(p, ACL_TYPE_ACCESS, acl) != 0) {
		acl_free(acl);
		skip();
	}
	acl_free(acl);
	path_of(p, sizeof(p), sdir, "masked");
	acl = acl_from_text("u::rw-,u:65534:rw-,g::---,m::---,o::---");
	assert_non_null(acl);
	assert_int_equal(acl_set_file(p, ACL_TYPE_ACCESS, acl), 0);
	acl_free(acl);
	RUN(sdir);
	expect(sdir, "shared", "fail", "ACL entry user:65534 grants r--",
	    "mode 0640");
	expect(sdir, "masked", "pass", NULL, NULL);

	/* an ACL on the directory itself */
	acl = acl_from_text("u::rwx,g::---,g:65534:r-x,m::r-x,o::---");
	assert_non_null(acl);
	assert_int_equal(acl_set_file(sdir, ACL_TYPE_ACCESS, acl), 0);
	acl_free(acl);
	RUN(sdir);
	expect(sdir, NULL, "fail", "ACL entry group:65534 grants r-x", NULL);
}

/* A default ACL on the directory is what new secret files inherit. */
static void
test_default_acl_on_dir(void **st)
{
	acl_t acl;

	(void)st;
	need_root();
	put_file(sdir, "k", good, 0600);
	acl = acl_from_text("u::rwx,g::---,o::---");
	assert_non_null(acl);
	if (acl_set_file(sdir, ACL_TYPE_DEFAULT, acl) != 0) {
		acl_free(acl);
		skip();
	}
	acl_free(acl);
	/* a minimal default ACL that grants nothing passes */
	RUN(sdir);
	expect(sdir, NULL, "pass", NULL, NULL);

	acl = acl_from_text("u::rwx,u:65534:r--,g::---,m::r--,o::---");
	assert_non_null(acl);
	assert_int_equal(acl_set_file(sdir, ACL_TYPE_DEFAULT, acl), 0);
	acl_free(acl);
	RUN(sdir);
	expect(sdir, NULL, "fail", "default ACL entry user:65534 grants r--",
	    NULL);

	acl = acl_from_text("u::rwx,g::---,o::r--");
	assert_non_null(acl);
	assert_int_equal(acl_set_file(sdir, ACL_TYPE_DEFAULT, acl), 0);
	acl_free(acl);
	RUN(sdir);
	expect(sdir, NULL, "fail", "default ACL entry other grants r--", NULL);
	/* the file already there is still judged on its own */
	expect(sdir, "k", "pass", NULL, NULL);
}

/* Run as nobody without capabilities, as if the sandbox had no
 * CAP_DAC_READ_SEARCH: an unreadable file is an error, never a pass. */
static void
test_unreadable_is_error(void **st)
{
	struct sandbox_req req;
	char *argv[] = { sdir, NULL };
	void *state = NULL;
	pid_t pid;
	int fd, ws;
	off_t len;

	(void)st;
	need_root();
	put_file(sdir, "locked", good, 0600);
	assert_int_equal(chmod(sdir, 0711), 0);
	assert_int_equal(chmod(base, 0711), 0);
	fd = memfd_create("records", 0);
	assert_true(fd >= 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		memset(&req, 0, sizeof(req));
		check_clock_start();
		if (check_secrets.prepare(1, argv, &meta, &state, &req) != 0)
			_exit(10);
		if (setgroups(0, NULL) != 0 || setresgid(65534, 65534, 65534) ||
		    setresuid(65534, 65534, 65534) != 0)
			_exit(11);
		out_init(&outw, fd);
		if (check_secrets.run(state, &meta, &outw) != 0)
			_exit(12);
		_exit(out_flush(&outw) == 0 ? 0 : 13);
	}
	assert_int_equal(waitpid(pid, &ws, 0), pid);
	assert_true(WIFEXITED(ws));
	assert_int_equal(WEXITSTATUS(ws), 0);
	len = lseek(fd, 0, SEEK_END);
	assert_true(len > 0);
	free(output);
	output = malloc((size_t)len + 1);
	assert_non_null(output);
	assert_int_equal(pread(fd, output, (size_t)len, 0), len);
	output[len] = '\0';
	close(fd);
	expect(sdir, "locked", "error", "content not checked: permission denied",
	    NULL);
	assert_int_equal(chmod(sdir, 0700), 0);
	assert_int_equal(chmod(base, 0700), 0);
}

static void
test_sorted(void **st)
{
	const char *l1, *l2, *l3;
	char s1[256], s2[256], s3[256];

	(void)st;
	need_root();
	put_file(sdir, "b", good, 0600);
	put_file(sdir, "a", good, 0600);
	put_file(sdir, "C", good, 0600);
	RUN(sdir);
	snprintf(s1, sizeof(s1), "\t%s/C\t", sdir);
	snprintf(s2, sizeof(s2), "\t%s/a\t", sdir);
	snprintf(s3, sizeof(s3), "\t%s/b\t", sdir);
	l1 = strstr(output, s1);
	l2 = strstr(output, s2);
	l3 = strstr(output, s3);
	assert_non_null(l1);
	assert_non_null(l2);
	assert_non_null(l3);
	assert_true(l1 < l2 && l2 < l3);
}

#define MANY 10000

static void
test_many_files(void **st)
{
	static unsigned char seen[MANY];
	char name[32], prefix[160], subj[1024];
	const char *p, *e;
	size_t plen;
	int i;

	(void)st;
	need_root();
	for (i = 0; i < MANY; i++) {
		snprintf(name, sizeof(name), "f%05d", i);
		put_file(sdir, name, good, (i % 1000 == 7) ? 0644 : 0600);
	}
	RUN(sdir);
	expect(sdir, NULL, "pass", "10000 files", NULL);
	memset(seen, 0, sizeof(seen));
	snprintf(prefix, sizeof(prefix), "%s/f", sdir);
	plen = strlen(prefix);
	for (p = output; *p != '\0'; p = e + 1) {
		char stt[16];
		long k;
		char *end;

		e = strchr(p, '\n');
		assert_non_null(e);
		assert_int_equal(field(p, e, 5, subj, sizeof(subj)), 0);
		if (strcmp(subj, sdir) == 0)
			continue;
		assert_memory_equal(subj, prefix, plen);
		k = strtol(subj + plen, &end, 10);
		assert_true(*end == '\0' && k >= 0 && k < MANY);
		assert_int_equal(seen[k], 0);
		seen[k] = 1;
		field(p, e, 3, stt, sizeof(stt));
		assert_string_equal(stt, k % 1000 == 7 ? "fail" : "pass");
	}
	for (i = 0; i < MANY; i++)
		if (!seen[i])
			fail_msg("no record for f%05d", i);
	assert_int_equal(count_lines(), MANY + 1);
}

static void
test_registry(void **st)
{
	(void)st;
	assert_ptr_equal(check_find("secrets"), &check_secrets);
	assert_null(check_find("nope"));
	assert_non_null(check_secrets.explain);
	assert_non_null(strstr(check_secrets.explain, "setfacl -b"));
	assert_non_null(check_secrets.usage);
	assert_non_null(check_secrets.summary);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_good_and_empty_dir),
		T(test_file_modes),
		T(test_dir_modes),
		T(test_owner),
		T(test_links_and_types),
		T(test_weak_content),
		T(test_hostile_name),
		T(test_ancestors),
		T(test_dir_states),
		T(test_symlink_in_path),
		T(test_dot_components),
		T(test_root_image),
		T(test_group_and_named_acl),
		T(test_dir_group_hint),
		T(test_group_file),
		T(test_require),
		T(test_usage),
		T(test_acl_on_file),
		T(test_default_acl_on_dir),
		T(test_unreadable_is_error),
		T(test_sorted),
		T(test_many_files),
		T(test_registry),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
