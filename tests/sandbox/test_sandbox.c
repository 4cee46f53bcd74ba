/*
 * test_sandbox.c - the sandbox, tested in a plain build (sanitizers cannot
 * live inside seccomp).  Each case forks: the child enters a profile and
 * does one thing; the parent judges by waitpid.  Needs root for the uid
 * switch; the cases that need it skip otherwise.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"

#include "sandbox/sandbox.h"

/* A test-only profile: what the real ones allow plus the calls the tests
 * need to observe the drop (setuid and friends must FAIL, not be killed). */
static const struct pol_syscall probe_calls[] = {
	{ "read", POL_ANY }, { "write", POL_ANY }, { "exit_group", POL_ANY },
	{ "exit", POL_ANY }, { "pread64", POL_ANY }, { "setuid", POL_ANY },
	{ "setgid", POL_ANY }, { "setresuid", POL_ANY }, { "getuid", POL_ANY },
	{ "geteuid", POL_ANY }, { "capget", POL_ANY }, { "close", POL_ANY },
	{ "openat", POL_RDONLY_OPEN }, { "newfstatat", POL_ANY },
	{ "fstat", POL_ANY },
};
static const struct sandbox_profile probe = {
	"probe", "cap_dac_read_search", 0, probe_calls,
	sizeof(probe_calls) / sizeof(probe_calls[0])
};

typedef int (*child_fn)(struct sandbox_state *st, void *arg);

/* Runs fn in a confined child; returns the raw wait status. */
static int
run_confined(const struct sandbox_profile *p, const struct sandbox_req *req,
    child_fn fn, void *arg)
{
	pid_t pid = fork();
	int ws = -1;

	assert_true(pid >= 0);
	if (pid == 0) {
		struct sandbox_state st;

		if (sandbox_prepare(&st, "nobody") != 0)
			_exit(100);
		if (sandbox_enter(&st, p, req) != 0)
			_exit(101);
		_exit(fn(&st, arg));
	}
	assert_int_equal(waitpid(pid, &ws, 0), pid);
	return ws;
}

static int
do_getpid(struct sandbox_state *st, void *arg)
{
	syscall(SYS_getpid);	/* not in any allowlist */
	return 0;
}

static void
forbidden_syscall_kills(void **state)
{
	int ws = run_confined(sandbox_profile_find("report"), NULL, do_getpid,
	    NULL);

	assert_true(WIFSIGNALED(ws));
	assert_int_equal(WTERMSIG(ws), SIGSYS);
}

static int
do_write_open(struct sandbox_state *st, void *arg)
{
	int fd = openat(AT_FDCWD, (const char *)arg, O_WRONLY | O_CREAT, 0600);

	if (fd >= 0)
		return 1;
	return errno == EPERM ? 0 : 2;
}

static void
write_open_refused(void **state)
{
	char path[] = "/tmp/signoff-sbx-XXXXXX";
	int fd = mkstemp(path), ws;

	assert_true(fd >= 0);
	close(fd);
	unlink(path);
	ws = run_confined(sandbox_profile_find("secrets"), NULL, do_write_open,
	    path);
	assert_true(WIFEXITED(ws));
	assert_int_equal(WEXITSTATUS(ws), 0);
	/* And nothing was created. */
	assert_int_equal(access(path, F_OK), -1);
}

static int
do_dir_open(struct sandbox_state *st, void *arg)
{
	/* Landlock allows reads beneath /tmp here, so only seccomp judges. */
	int fd = openat(AT_FDCWD, "/tmp", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return 1;
	fd = openat(AT_FDCWD, "/tmp", O_RDWR | O_TMPFILE, 0600);
	if (fd >= 0)
		return 2;
	return errno == EPERM ? 0 : 3;
}

static void
read_only_directory_open_allowed(void **state)
{
	struct sandbox_req req;
	int ws;

	memset(&req, 0, sizeof(req));
	req.ro_fds[0] = open("/tmp", O_RDONLY | O_DIRECTORY);
	req.n_ro = 1;
	assert_true(req.ro_fds[0] >= 0);
	ws = run_confined(sandbox_profile_find("secrets"), &req, do_dir_open,
	    NULL);
	close(req.ro_fds[0]);
	assert_true(WIFEXITED(ws));
	assert_int_equal(WEXITSTATUS(ws), 0);
}

static int
do_status(struct sandbox_state *st, void *arg)
{
	static char buf[8192];
	ssize_t n = pread(st->status_fd, buf, sizeof(buf) - 1, 0);

	if (n <= 0)
		return 3;
	buf[n] = '\0';
	if (!strstr(buf, "\nNoNewPrivs:\t1\n"))
		return 4;
	if (!strstr(buf, "\nSeccomp:\t2\n"))
		return 5;
	return 0;
}

static void
status_shows_nnp_and_seccomp(void **state)
{
	int ws = run_confined(sandbox_profile_find("secrets"), NULL, do_status,
	    NULL);

	assert_true(WIFEXITED(ws));
	assert_int_equal(WEXITSTATUS(ws), 0);
}

static int
do_regain_root(struct sandbox_state *st, void *arg)
{
	static char buf[8192];
	ssize_t n;

	if (setuid(0) == 0 || setresuid(0, 0, 0) == 0 || setgid(0) == 0)
		return 1;
	if (getuid() != st->uid || geteuid() != st->uid || st->uid == 0)
		return 2;
	n = pread(st->status_fd, buf, sizeof(buf) - 1, 0);
	if (n <= 0)
		return 3;
	buf[n] = '\0';
	/* Only CAP_DAC_READ_SEARCH (bit 2) may remain, in every set. */
	if (!strstr(buf, "\nCapEff:\t0000000000000004\n") ||
	    !strstr(buf, "\nCapPrm:\t0000000000000004\n") ||
	    !strstr(buf, "\nCapBnd:\t0000000000000004\n") ||
	    !strstr(buf, "\nCapInh:\t0000000000000000\n") ||
	    !strstr(buf, "\nCapAmb:\t0000000000000000\n"))
		return 4;
	return 0;
}

static void
root_cannot_be_regained(void **state)
{
	int ws;

	if (geteuid() != 0)
		skip();
	ws = run_confined(&probe, NULL, do_regain_root, NULL);
	assert_true(WIFEXITED(ws));
	assert_int_equal(WEXITSTATUS(ws), 0);
}

static int
do_clone3(struct sandbox_state *st, void *arg)
{
	long r = syscall(435 /* clone3 */, NULL, 0);

	return r == -1 && errno == ENOSYS ? 0 : 1;
}

static void
clone3_gets_enosys(void **state)
{
	int ws = run_confined(sandbox_profile_find("report"), NULL, do_clone3,
	    NULL);

	assert_true(WIFEXITED(ws));
	assert_int_equal(WEXITSTATUS(ws), 0);
}

static int
do_by_handle(struct sandbox_state *st, void *arg)
{
	long r = syscall(SYS_open_by_handle_at, AT_FDCWD, NULL, O_RDONLY);

	return r == -1 && errno == EPERM ? 0 : 1;
}

static void
open_by_handle_refused(void **state)
{
	int ws = run_confined(sandbox_profile_find("secrets"), NULL,
	    do_by_handle, NULL);

	assert_true(WIFEXITED(ws));
	assert_int_equal(WEXITSTATUS(ws), 0);
}

#if defined(__x86_64__)
static int
do_i386_abi(struct sandbox_state *st, void *arg)
{
	long ret;

	/* getpid through the 32-bit entry point: a foreign architecture. */
	__asm__ volatile("int $0x80" : "=a"(ret) : "a"(20) : "memory");
	return 0;
}

static void
foreign_arch_kills(void **state)
{
	int ws = run_confined(sandbox_profile_find("secrets"), NULL,
	    do_i386_abi, NULL);

	assert_true(WIFSIGNALED(ws));
	assert_int_equal(WTERMSIG(ws), SIGSYS);
}
#endif

struct ll_arg {
	const char *inside;
	const char *outside;
};

static int
do_landlock(struct sandbox_state *st, void *arg)
{
	struct ll_arg *a = arg;
	int fd;

	if (st->landlock_abi == 0)
		return 77;	/* nothing to test on this kernel: skipped */
	fd = openat(AT_FDCWD, a->inside, O_RDONLY);
	if (fd < 0)
		return 1;
	close(fd);
	fd = openat(AT_FDCWD, a->outside, O_RDONLY);
	if (fd >= 0)
		return 2;
	return errno == EACCES ? 0 : 3;
}

static void
landlock_confines_reads(void **state)
{
	char dir[] = "/tmp/signoff-ll-XXXXXX";
	char inside[64];
	struct sandbox_req req;
	struct ll_arg a;
	int fd, ws;

	assert_non_null(mkdtemp(dir));
	chmod(dir, 0755);
	snprintf(inside, sizeof(inside), "%s/f", dir);
	fd = open(inside, O_WRONLY | O_CREAT, 0644);
	assert_true(fd >= 0);
	close(fd);
	memset(&req, 0, sizeof(req));
	req.ro_fds[0] = open(dir, O_RDONLY | O_DIRECTORY);
	req.n_ro = 1;
	assert_true(req.ro_fds[0] >= 0);
	a.inside = inside;
	a.outside = "/etc/hostname";
	ws = run_confined(sandbox_profile_find("secrets"), &req, do_landlock, &a);
	close(req.ro_fds[0]);
	unlink(inside);
	rmdir(dir);
	assert_true(WIFEXITED(ws));
	if (WEXITSTATUS(ws) == 77)
		skip();
	assert_int_equal(WEXITSTATUS(ws), 0);
}

/* Issue 6, hole 3: descriptors.  The parent plants fd 7 (open for
 * writing, undeclared) and fd 9 (declared in keep_fds) before the child
 * enters the sandbox. */
static int
do_fds_after(struct sandbox_state *st, void *arg)
{
	struct stat sb;

	(void)arg;
	if (fstat(7, &sb) == 0 || errno != EBADF)
		return 1;	/* the inherited descriptor survived */
	if (fstat(9, &sb) != 0)
		return 2;	/* the declared one was closed */
	if (fstat(st->status_fd, &sb) != 0)
		return 3;
	return 0;
}

static void
plant_fd(int want)
{
	int fd = open("/dev/null", O_WRONLY | O_CLOEXEC);

	assert_true(fd >= 0);
	if (fd != want) {
		assert_int_equal(dup2(fd, want), want);
		close(fd);
	}
}

static void
undeclared_fds_closed(void **state)
{
	struct sandbox_req req;
	int ws;

	memset(&req, 0, sizeof(req));
	plant_fd(7);
	plant_fd(9);
	req.keep_fds[0] = 9;
	req.n_keep = 1;
	ws = run_confined(&probe, &req, do_fds_after, NULL);
	close(7);
	close(9);
	assert_true(WIFEXITED(ws));
	assert_int_equal(WEXITSTATUS(ws), 0);
}

static int
do_write_fd(struct sandbox_state *st, void *arg)
{
	int fd = *(const int *)arg;

	if (write(2, "", 0) != 0)	/* stderr: allowed */
		return 1;
	if (write(fd, "x", fd == 1 ? 0 : 1) != (fd == 1 ? 0 : 1))
		return 2;
	return 0;
}

/* write on a descriptor other than 1 and 2 kills, even one kept open. */
static void
write_other_fd_kills(void **state)
{
	static const char *const profs[] = { "report", "secrets" };
	struct sandbox_req req;
	size_t i;
	int fd = 7, ws;

	for (i = 0; i < 2; i++) {
		memset(&req, 0, sizeof(req));
		plant_fd(7);
		req.keep_fds[0] = 7;
		req.n_keep = 1;
		ws = run_confined(sandbox_profile_find(profs[i]), &req,
		    do_write_fd, &fd);
		close(7);
		if (!WIFSIGNALED(ws) || WTERMSIG(ws) != SIGSYS)
			fail_msg("profile %s: write on fd 7 was not killed "
			    "(wait status %#x)", profs[i], ws);
	}
	/* stdout itself still works */
	fd = 1;
	ws = run_confined(sandbox_profile_find("report"), NULL, do_write_fd,
	    &fd);
	assert_true(WIFEXITED(ws));
	assert_int_equal(WEXITSTATUS(ws), 0);
}

/* `write any` is POL_ANY: the documented opt-in still writes anywhere. */
static void
write_any_opt_in(void **state)
{
	static const struct pol_syscall calls[] = {
		{ "write", POL_ANY }, { "exit_group", POL_ANY },
		{ "exit", POL_ANY },
	};
	static const struct sandbox_profile any = {
		"write-any", "", 0, calls, 3
	};
	struct sandbox_req req;
	int fd = 7, ws;

	memset(&req, 0, sizeof(req));
	plant_fd(7);
	req.keep_fds[0] = 7;
	req.n_keep = 1;
	ws = run_confined(&any, &req, do_write_fd, &fd);
	close(7);
	assert_true(WIFEXITED(ws));
	assert_int_equal(WEXITSTATUS(ws), 0);
}

static int
do_mmap(struct sandbox_state *st, void *arg)
{
	int prot = *(const int *)arg;
	void *p = mmap(NULL, 4096, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? 1 : 0;
}

/* The secrets profile maps memory, but never executable memory. */
static void
exec_mmap_kills(void **state)
{
	int prot = PROT_READ | PROT_WRITE, ws;

	ws = run_confined(sandbox_profile_find("secrets"), NULL, do_mmap,
	    &prot);
	assert_true(WIFEXITED(ws));
	assert_int_equal(WEXITSTATUS(ws), 0);
	prot = PROT_READ | PROT_EXEC;
	ws = run_confined(sandbox_profile_find("secrets"), NULL, do_mmap,
	    &prot);
	assert_true(WIFSIGNALED(ws));
	assert_int_equal(WTERMSIG(ws), SIGSYS);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(forbidden_syscall_kills),
		cmocka_unit_test(write_open_refused),
		cmocka_unit_test(read_only_directory_open_allowed),
		cmocka_unit_test(status_shows_nnp_and_seccomp),
		cmocka_unit_test(root_cannot_be_regained),
		cmocka_unit_test(clone3_gets_enosys),
		cmocka_unit_test(open_by_handle_refused),
#if defined(__x86_64__)
		cmocka_unit_test(foreign_arch_kills),
#endif
		cmocka_unit_test(landlock_confines_reads),
		cmocka_unit_test(undeclared_fds_closed),
		cmocka_unit_test(write_other_fd_kills),
		cmocka_unit_test(write_any_opt_in),
		cmocka_unit_test(exec_mmap_kills),
	};

	return cmocka_run_group_tests_name("sandbox", tests, NULL, NULL);
}
