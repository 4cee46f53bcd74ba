/*
 * testhttpd.c - a small, real HTTP/1.1 server for the tests and benchmarks
 * of `signoff check http` (built by `make tests` as build/tests/testhttpd).
 *
 *   testhttpd [-a ADDR] -p FIRST[-LAST]
 *
 * Binds the first free TCP port of FIRST..LAST on ADDR (default 127.0.0.1),
 * prints "port N" on stdout, then serves until SIGTERM/SIGINT.  One thread,
 * poll(2), keep-alive (HTTP/1.1 by default, HTTP/1.0 on request), bodies
 * by Content-Length.  Paths:
 *
 *   /ok               200 "ok\n"
 *   /status/NNN       status NNN, body "status NNN\n"
 *   /body/TEXT        200, body TEXT (the rest of the path, as sent)
 *   /delay/MS         200 "ok\n" after MS milliseconds (other requests go on)
 *   /spread/MAX       200 after a delay of (k * 37) mod (MAX + 1) ms, k the
 *                     number of /spread requests so far: a fixed, uniform
 *                     spread of 0..MAX ms (the benchmark's latency profile)
 *   /redirect         302 to /ok
 *   /echo             200, body "method=M\nbody=B\nx-test=V\nuser-agent=A\n" (request
 *                     method, request body, X-Test and User-Agent headers)
 *   /close            closes the connection without an answer
 *   /nth              200, body "N\n": N = this request's number on its
 *                     connection (1 on a new one: shows keep-alive)
 *   /big/N            200, N bytes of 'a' (N <= 16 MiB)
 *   anything else     404
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAXCONN		1024
#define REQ_MAX		65536
#define BIG_MAX		(16u << 20)

enum cstate { C_FREE, C_READ, C_WAIT, C_WRITE };

struct conn {
	int fd;
	enum cstate st;
	char in[REQ_MAX];
	size_t in_len;
	char *out;
	size_t out_len, out_off;
	int keep;
	int64_t due;		/* C_WAIT: when to answer, ms */
	unsigned long served;	/* requests on this connection so far */
};

static struct conn *conns;
static volatile sig_atomic_t stop;
static unsigned long spread_k;

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
conn_close(struct conn *c)
{
	close(c->fd);
	free(c->out);
	c->out = NULL;
	c->fd = -1;
	c->st = C_FREE;
}

static const char *
reason(int code)
{
	switch (code) {
	case 200: return "OK";
	case 204: return "No Content";
	case 302: return "Found";
	case 404: return "Not Found";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	default: return "Status";
	}
}

/* Sets c->out to a full response. */
static int
respond(struct conn *c, int code, const char *extra, const char *body,
    size_t blen)
{
	char head[512];
	int hn;

	hn = snprintf(head, sizeof(head), "HTTP/1.1 %d %s\r\n"
	    "Content-Length: %zu\r\nContent-Type: text/plain\r\n%s%s\r\n",
	    code, reason(code), blen, extra ? extra : "",
	    c->keep ? "Connection: keep-alive\r\n" : "Connection: close\r\n");
	if (hn < 0 || (size_t)hn >= sizeof(head))
		return -1;
	free(c->out);
	c->out = malloc((size_t)hn + blen);
	if (c->out == NULL)
		return -1;
	memcpy(c->out, head, (size_t)hn);
	if (blen > 0)
		memcpy(c->out + hn, body, blen);
	c->out_len = (size_t)hn + blen;
	c->out_off = 0;
	return 0;
}

/* A header's value (case-insensitive name), NUL-terminated in buf. */
static int
header(const char *req, size_t hlen, const char *name, char *buf, size_t cap)
{
	size_t nl = strlen(name);
	const char *p = req, *end = req + hlen;

	while (p < end) {
		const char *e = memchr(p, '\n', (size_t)(end - p));

		if (e == NULL)
			e = end;
		if ((size_t)(e - p) > nl + 1 && strncasecmp(p, name, nl) == 0 &&
		    p[nl] == ':') {
			const char *v = p + nl + 1;
			size_t n;

			while (v < e && (*v == ' ' || *v == '\t'))
				v++;
			n = (size_t)(e - v);
			while (n > 0 && (v[n - 1] == '\r' || v[n - 1] == ' '))
				n--;
			if (n >= cap)
				n = cap - 1;
			memcpy(buf, v, n);
			buf[n] = '\0';
			return 1;
		}
		p = e + 1;
	}
	buf[0] = '\0';
	return 0;
}

/* A complete request is in c->in[0..total): answer it (or schedule). */
static int
handle(struct conn *c, size_t hlen, size_t total)
{
	char method[16], path[2048], ver[16], val[256], body[4096];
	const char *b = c->in + hlen;
	size_t blen = total - hlen;
	unsigned long v;
	int n;

	if (sscanf(c->in, "%15s %2047s %15s", method, path, ver) != 3)
		return -1;
	c->keep = strcmp(ver, "HTTP/1.1") == 0;
	if (header(c->in, hlen, "Connection", val, sizeof(val)))
		c->keep = strcasecmp(val, "close") != 0 &&
		    (c->keep || strcasecmp(val, "keep-alive") == 0);
	c->due = 0;
	c->served++;
	if (strcmp(path, "/nth") == 0) {
		n = snprintf(body, sizeof(body), "%lu\n", c->served);
		return respond(c, 200, NULL, body, (size_t)n);
	}
	if (strcmp(path, "/ok") == 0)
		return respond(c, 200, NULL, "ok\n", 3);
	if (strncmp(path, "/status/", 8) == 0) {
		v = strtoul(path + 8, NULL, 10);
		if (v < 100 || v > 999)
			v = 500;
		n = snprintf(body, sizeof(body), "status %lu\n", v);
		return respond(c, (int)v, NULL, body, (size_t)n);
	}
	if (strncmp(path, "/body/", 6) == 0)
		return respond(c, 200, NULL, path + 6, strlen(path + 6));
	if (strncmp(path, "/delay/", 7) == 0) {
		c->due = now_ms() + (int64_t)strtoul(path + 7, NULL, 10);
		return respond(c, 200, NULL, "ok\n", 3);
	}
	if (strncmp(path, "/spread/", 8) == 0) {
		v = strtoul(path + 8, NULL, 10);
		c->due = now_ms() + (int64_t)((spread_k++ * 37) % (v + 1));
		return respond(c, 200, NULL, "ok\n", 3);
	}
	if (strcmp(path, "/redirect") == 0)
		return respond(c, 302, "Location: /ok\r\n", "moved\n", 6);
	if (strcmp(path, "/echo") == 0) {
		char ua[256];

		header(c->in, hlen, "X-Test", val, sizeof(val));
		if (!header(c->in, hlen, "User-Agent", ua, sizeof(ua)))
			ua[0] = '\0';
		n = snprintf(body, sizeof(body), "method=%s\nbody=%.*s\nx-test=%s\n"
		    "user-agent=%s\n", method, (int)(blen > 1024 ? 1024 : blen), b,
		    val, ua);
		return respond(c, 200, NULL, body, (size_t)n);
	}
	if (strcmp(path, "/close") == 0)
		return -1;
	if (strncmp(path, "/big/", 5) == 0) {
		char *big;
		int rc;

		v = strtoul(path + 5, NULL, 10);
		if (v > BIG_MAX)
			v = BIG_MAX;
		if ((big = malloc(v + 1)) == NULL)
			return -1;
		memset(big, 'a', v);
		rc = respond(c, 200, NULL, big, v);
		free(big);
		return rc;
	}
	return respond(c, 404, NULL, "not found\n", 10);
}

/* Reads what is there; returns -1 to close. */
static int
on_read(struct conn *c)
{
	char *end, val[32];
	size_t hlen, clen = 0;
	ssize_t r;

	r = recv(c->fd, c->in + c->in_len, sizeof(c->in) - 1 - c->in_len, 0);
	if (r <= 0)
		return r < 0 && errno == EINTR ? 0 : -1;
	c->in_len += (size_t)r;
	c->in[c->in_len] = '\0';
	end = strstr(c->in, "\r\n\r\n");
	if (end == NULL)
		return c->in_len + 1 >= sizeof(c->in) ? -1 : 0;
	hlen = (size_t)(end - c->in) + 4;
	if (header(c->in, hlen, "Content-Length", val, sizeof(val)))
		clen = strtoul(val, NULL, 10);
	if (clen > sizeof(c->in) - 1 - hlen)
		return -1;
	if (c->in_len < hlen + clen)
		return 0;
	if (handle(c, hlen, hlen + clen) != 0)
		return -1;
	/* Pipelined bytes are dropped: clients here do not pipeline. */
	c->in_len = 0;
	c->st = c->due > 0 ? C_WAIT : C_WRITE;
	return 0;
}

static int
on_write(struct conn *c)
{
	ssize_t w = send(c->fd, c->out + c->out_off, c->out_len - c->out_off,
	    MSG_NOSIGNAL);

	if (w < 0)
		return errno == EINTR || errno == EAGAIN ? 0 : -1;
	c->out_off += (size_t)w;
	if (c->out_off < c->out_len)
		return 0;
	if (!c->keep)
		return -1;
	c->st = C_READ;
	return 0;
}

int
main(int argc, char **argv)
{
	static struct pollfd pfd[MAXCONN + 1];
	static int idx[MAXCONN + 1];
	struct sockaddr_in sa;
	struct sigaction act;
	const char *addr = "127.0.0.1", *ports = NULL;
	unsigned long first, last, p;
	char *dash;
	int ls = -1, one = 1, i, opt;

	while ((opt = getopt(argc, argv, "a:p:")) != -1) {
		if (opt == 'a')
			addr = optarg;
		else if (opt == 'p')
			ports = optarg;
		else
			return 2;
	}
	if (ports == NULL) {
		fprintf(stderr, "usage: testhttpd [-a ADDR] -p FIRST[-LAST]\n");
		return 2;
	}
	first = strtoul(ports, &dash, 10);
	last = *dash == '-' ? strtoul(dash + 1, NULL, 10) : first;
	if (first == 0 || last < first || last > 65535)
		return 2;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	if (inet_pton(AF_INET, addr, &sa.sin_addr) != 1)
		return 2;
	for (p = first; p <= last; p++) {
		ls = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (ls < 0)
			return 3;
		setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		sa.sin_port = htons((uint16_t)p);
		if (bind(ls, (struct sockaddr *)&sa, sizeof(sa)) == 0 &&
		    listen(ls, 512) == 0)
			break;
		close(ls);
		ls = -1;
	}
	if (ls < 0) {
		fprintf(stderr, "testhttpd: no free port in %s\n", ports);
		return 3;
	}
	memset(&act, 0, sizeof(act));
	act.sa_handler = on_signal;
	sigaction(SIGTERM, &act, NULL);
	sigaction(SIGINT, &act, NULL);
	signal(SIGPIPE, SIG_IGN);
	conns = calloc(MAXCONN, sizeof(*conns));
	if (conns == NULL)
		return 3;
	for (i = 0; i < MAXCONN; i++)
		conns[i].fd = -1;
	printf("port %lu\n", p);
	fflush(stdout);

	while (!stop) {
		int n = 0, timeout = -1;
		int64_t now = now_ms();

		pfd[n].fd = ls;
		pfd[n].events = POLLIN;
		idx[n++] = -1;
		for (i = 0; i < MAXCONN; i++) {
			struct conn *c = &conns[i];

			if (c->st == C_FREE)
				continue;
			if (c->st == C_WAIT) {
				if (c->due <= now) {
					c->st = C_WRITE;
				} else {
					int64_t d = c->due - now;

					if (timeout < 0 || d < timeout)
						timeout = (int)d;
					continue;
				}
			}
			pfd[n].fd = c->fd;
			pfd[n].events = c->st == C_READ ? POLLIN : POLLOUT;
			idx[n++] = i;
		}
		if (poll(pfd, (nfds_t)n, timeout) < 0) {
			if (errno == EINTR)
				continue;
			return 3;
		}
		for (i = 1; i < n; i++) {
			struct conn *c = &conns[idx[i]];
			int rc = 0;

			if (pfd[i].revents == 0)
				continue;
			if (c->st == C_READ)
				rc = on_read(c);
			else if (c->st == C_WRITE)
				rc = on_write(c);
			if (rc != 0 || (pfd[i].revents & (POLLERR | POLLNVAL)))
				conn_close(c);
		}
		if (pfd[0].revents & POLLIN) {
			int fd = accept4(ls, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

			if (fd >= 0) {
				for (i = 0; i < MAXCONN && conns[i].st != C_FREE; i++)
					;
				if (i == MAXCONN) {
					close(fd);
				} else {
					conns[i].fd = fd;
					conns[i].st = C_READ;
					conns[i].served = 0;
					conns[i].in_len = 0;
				}
			}
		}
	}
	return 0;
}
