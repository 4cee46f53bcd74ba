/*
 * test_http_sandbox.c - the `http` profile, entered for real in a forked
 * child: TCP connect only to the port the check asked for (Landlock ABI
 * >= 4), no file open at all (seccomp kills), no capability.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"

#include "sandbox/sandbox.h"

static int
listener(uint16_t *port)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
	    listen(fd, 4) != 0 ||
	    getsockname(fd, (struct sockaddr *)&sa, &len) != 0)
		return -1;
	*port = ntohs(sa.sin_port);
	return fd;
}

/* 0 connected, else errno (from inside the sandbox). */
static int
try_connect(uint16_t port)
{
	struct sockaddr_in sa;
	int fd = socket(AF_INET, SOCK_STREAM, 0), rc = 0;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sa.sin_port = htons(port);
	if (fd < 0)
		return errno;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0)
		rc = errno;
	close(fd);
	return rc;
}

/* Forks; the child enters `http` allowing `allowed` and runs what. */
static int
child(uint16_t allowed, int what, uint16_t arg)
{
	pid_t pid = fork();
	int ws = -1;

	assert_true(pid >= 0);
	if (pid == 0) {
		struct sandbox_state st;
		struct sandbox_req req;

		memset(&req, 0, sizeof(req));
		req.tcp_connect[0] = allowed;
		req.n_tcp = 1;
		if (sandbox_prepare(&st, "nobody") != 0 ||
		    sandbox_enter(&st, sandbox_profile_find("http"), &req) != 0)
			_exit(100);
		if (what == 0)
			_exit(try_connect(arg) == 0 ? 0 : 1);
		if (what == 1)
			_exit(try_connect(arg) == EACCES ? 0 : 2);
		/* what == 2: any file open is a seccomp kill */
		(void)open("/etc/hostname", O_RDONLY);
		_exit(3);
	}
	assert_int_equal(waitpid(pid, &ws, 0), pid);
	return ws;
}

static int
landlock_net(void)
{
	/* ABI >= 4 handles TCP; older kernels cannot restrict ports. */
	long v = syscall(444, NULL, 0, 1u);

	return v >= 4;
}

static void
connect_allowed_port(void **state)
{
	uint16_t a;
	int fa = listener(&a), ws;

	(void)state;
	assert_true(fa >= 0);
	ws = child(a, 0, a);
	assert_true(WIFEXITED(ws));
	assert_int_equal(WEXITSTATUS(ws), 0);
	close(fa);
}

static void
connect_other_port_denied(void **state)
{
	uint16_t a, b;
	int fa = listener(&a), fb = listener(&b), ws;

	(void)state;
	if (!landlock_net()) {
		close(fa);
		close(fb);
		skip();
	}
	assert_true(fa >= 0 && fb >= 0);
	ws = child(a, 1, b);
	assert_true(WIFEXITED(ws));
	assert_int_equal(WEXITSTATUS(ws), 0);
	close(fa);
	close(fb);
}

static void
file_open_kills(void **state)
{
	int ws = child(1, 2, 0);

	(void)state;
	assert_true(WIFSIGNALED(ws));
	assert_int_equal(WTERMSIG(ws), SIGSYS);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(connect_allowed_port),
		cmocka_unit_test(connect_other_port_denied),
		cmocka_unit_test(file_open_kills),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
