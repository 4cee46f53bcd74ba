/*
 * http.c - `signoff-core check http URL`: N requests at concurrency C, and
 * their latency percentiles, errors and throughput against bounds.
 *
 * Two clients.  A plain http:// URL without user or password, GET or HEAD
 * without --data, to an IP literal, "localhost" or a name resolved in
 * prepare() goes through the built-in HTTP/1.1 client (raw_setup,
 * raw_drive below; the answer is framed by parse/httpresp.c): it costs
 * about what ab costs per request (docs/BENCH-http.md).  Everything else
 * (https, --data, other methods, credentials in the URL, an IPv6 zone)
 * goes through libcurl as described next.  Both send the same request
 * bytes and judge answers in one place (judge_answer).
 *
 * prepare() (root, before the sandbox): parse arguments, compile the body
 * regex, read the CA bundle into memory (https only), resolve the host
 * (IP literals and "localhost" without NSS; other names with
 * getaddrinfo(3), the one lookup, made here and handed to libcurl with
 * CURLOPT_RESOLVE), initialise libcurl and OpenSSL, and set up one easy
 * handle per concurrency slot on one multi handle.  run() (confined, no
 * capabilities, one thread): drive the transfers with curl_multi_perform
 * and curl_multi_wait, then sort every sample and judge.
 *
 * Confinement: policies/seccomp/http.policy lists the socket calls libcurl
 * makes (socket, connect, sendto, recvfrom, poll...), nothing that opens
 * a file; Landlock handles every filesystem right with no rule (so no file
 * can be read at all) and, from ABI 4, allows TCP connect to the URL's
 * port only and bind to none (sandbox_req.tcp_connect).  To make that
 * possible libcurl must never look at the filesystem or spawn a
 * thread once confined, hence:
 *   - the CA bundle is a blob (CURLOPT_CAINFO_BLOB), CAINFO/CAPATH unset;
 *   - the address comes from CURLOPT_RESOLVE (no resolver thread);
 *   - proxies, .netrc, cookies, HSTS and alt-svc files are off
 *     (CURLOPT_PROXY ""; the others are never enabled);
 *   - CURLOPT_NOSIGNAL: no SIGALRM, no sigaction;
 *   - sockets are written with send(2) (libcurl's swrite uses
 *     MSG_NOSIGNAL), never write(2), and curl_multi_wakeup is not used,
 *     so no write(2) on any descriptor but stdout/stderr is needed.
 *
 * Per-request cost (tests/bench/bench_http.sh prints it next to ab's;
 * figures in docs/BENCH-http.md).  Measured with callgrind on /ok at
 * concurrency 1 (instructions per request, the run of 2001 requests minus
 * the run of 1, over 2000): libcurl 7.88 spends ~60 000 per transfer
 * before these choices, ~48 000 after; ab spends ~5 500.  What we do:
 *   - the easy handles (one per concurrency slot) and their options are
 *     set once in prepare() and reused: no option churn per request, and
 *     libcurl's connection cache keeps each connection alive (the
 *     default; --no-keepalive sets CURLOPT_FORBID_REUSE for a new
 *     connection per request, to compare with ab without -k);
 *   - the URL is parsed once (CURLOPT_CURLU): with CURLOPT_URL libcurl
 *     parses the string and formats it back for every transfer (~10 000
 *     instructions, the largest single item);
 *   - the User-Agent is a fixed line of the header list, not
 *     CURLOPT_USERAGENT, which libcurl formats anew per transfer (~3 000);
 *   - CURLOPT_NOPROXY "": no getenv("no_proxy") per transfer;
 *   - the host is resolved once, in prepare() (CURLOPT_RESOLVE), so no
 *     resolver thread and no lookup per transfer;
 *   - our own per-request work is a sample store into a preallocated
 *     array and two curl_easy_getinfo calls (no allocation; bodies are
 *     kept only with --expect-body/--capture, in a buffer reused);
 *   - the event loop is ours (curl_multi_socket_action, one poll(2) over
 *     the sockets libcurl asks for, see drive()): a socket reported
 *     ready is read without libcurl polling it again, and one poll
 *     serves every connection ready at once.
 * What is left is libcurl's own: per transfer it formats the request
 * (its printf engine), matches every response header against the ones
 * it knows, scans the status line with sscanf, and makes 4 system calls
 * with a kept-alive connection where ab makes 3 (a poll(0) to see that
 * the idle connection is still alive before reusing it, send, a poll(0)
 * for readability when the answer is already there, recv); none of it
 * has an option to turn it off.  A new connection per request
 * (--no-keepalive): ~76 000 instructions and 15 system calls (ab: ~6 000
 * and 16).
 *
 * Redirects are never followed (the answer of the URL itself is judged:
 * a 302 is a status error naming the Location).  Only http and https.
 *
 * Latency samples: CURLINFO_TOTAL_TIME_T of every request that received a
 * complete answer (whatever its status or body); requests that could not
 * connect, timed out or broke off give no sample and count as errors by
 * kind.  Percentiles are exact nearest-rank values over all samples
 * (parse/pctl.h).  Any error fails the check.
 *
 * --expect-body uses PCRE2 (not POSIX regcomp): PCRE2 matches a length-
 * delimited buffer, so a body with a NUL byte is judged whole (regexec
 * would stop at the NUL), and its match, depth and heap limits bound the
 * time and memory of a hostile pattern/body pair, which glibc's regexec
 * cannot.  JIT is not used: it needs executable memory, which the sandbox
 * has no business granting.  Bodies are kept up to 1 MiB for matching.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "check.h"
#include "parse/httpresp.h"
#include "parse/pctl.h"

#define HTTP_MAX_REQUESTS	100000u
#define HTTP_MAX_CONCURRENCY	256u
#define HTTP_MAX_TIMEOUT_MS	600000u
#define HTTP_MAX_BOUND_MS	3600000u
#define HTTP_MAX_HEADERS	32
#define HTTP_BODY_MAX		(1u << 20)	/* kept for --expect-body */
#define HTTP_CA_MAX		(8u << 20)
#define HTTP_DEFAULT_CA		"/etc/ssl/certs/ca-certificates.crt"
#define HTTP_MAX_STATUSES	8
#define HTTP_MSG_MAX		2048
#define HTTP_CAPTURE_MAX	256	/* distinct --capture values named */
#define HTTP_CAPTURE_TEXT	16384
#define HTTP_CAPTURE_SCAN	10000	/* matches looked at in one body */
#define HTTP_MAX_ADDRS		8	/* addresses the raw client tries */
#define HTTP_RBUF		65536	/* the raw client's receive buffer */

enum err_kind { E_CONNECT, E_TLS, E_TIMEOUT, E_STATUS, E_BODY, E_OTHER,
	E__N };
static const char *const err_names[E__N] = { "connect", "tls", "timeout",
	"status", "body", "other" };
static const char *const err_keys[E__N] = { "errors_connect", "errors_tls",
	"errors_timeout", "errors_status", "errors_body", "errors_other" };

struct http_state;

static int on_socket(CURL *, curl_socket_t, int, void *, void *);
static int on_timer(CURLM *, long, void *);
struct http_xfer;
static void judge_answer(struct http_state *, struct http_xfer *, long,
    curl_off_t);
static char *raw_location(struct http_state *, struct http_xfer *);

struct http_xfer {
	CURL *easy;
	struct http_state *s;
	uint8_t *body;
	size_t body_len, body_cap;
	uint64_t bytes;
	int body_over;
	char errbuf[CURL_ERROR_SIZE];
};

/* One slot of the built-in client (plain http, see raw_drive). */
struct http_raw {
	int fd;			/* -1: no connection */
	int phase;		/* R_IDLE, R_SEND, R_RECV */
	int connecting;		/* nothing sent yet on a new connection */
	int reused;		/* the connection carried an earlier request */
	int retried;
	unsigned addr;		/* the address being tried */
	size_t sent;
	uint64_t start, got;
	struct httpresp resp;
};
enum { R_IDLE, R_CONNECT, R_SEND, R_RECV };

struct http_state {
	const char *url;
	char *subject;		/* the URL without user:password */
	unsigned requests, concurrency;
	unsigned timeout_ms;
	unsigned p95_ms, p99_ms;	/* 0 = no bound */
	long expect_status;		/* 0 = any 2xx */
	const char *expect_body;
	const char *capture;		/* --capture REGEX */
	const char *method;
	const char *data;
	int https;
	int no_keepalive;		/* --no-keepalive: a connection each */
	uint16_t port;			/* the one TCP port Landlock allows */

	/* What prepare() could not do, reported by run() as an error. */
	char setup_err[256];
	int unresolved;			/* the host name did not resolve */

	pcre2_code *re;
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	pcre2_code *cre;		/* --capture */
	pcre2_match_data *cmd;
	char captured[HTTP_CAPTURE_TEXT];
	unsigned n_captured, captured_more;
	int captured_done;
	char *ca;
	size_t ca_len;
	struct curl_slist *headers, *resolve;
	CURLU *cu;			/* the URL, parsed once */
	CURLM *multi;
	struct http_xfer *x;
	struct pollfd *pfd, *ready;	/* the sockets libcurl watches */
	unsigned n_pfd, cap_pfd;
	uint64_t timer_at;		/* libcurl's next timeout, mono us */

	uint32_t *samples;
	size_t n_samples;
	unsigned errs[E__N];
	char first_err[E__N][200];
	long codes[HTTP_MAX_STATUSES];
	unsigned code_n[HTTP_MAX_STATUSES];
	unsigned n_codes, codes_more;
	uint64_t wall_us;

	/* The built-in client (raw != 0): the request, made once, and the
	 * addresses to connect to, resolved in prepare(). */
	int raw, head;
	char *req;
	size_t req_len;
	char *host;			/* for messages, without brackets */
	struct sockaddr_storage addrs[HTTP_MAX_ADDRS];
	socklen_t addr_len[HTTP_MAX_ADDRS];
	unsigned n_addrs;
	struct http_raw *rx;
	uint8_t *rbuf;
	unsigned started, done;
};

static int
usage_err(const char *what, const char *arg)
{
	if (arg != NULL)
		fprintf(stderr, "signoff-core check http: %s: %s\n", what, arg);
	else
		fprintf(stderr, "signoff-core check http: %s\n", what);
	fprintf(stderr, "usage: signoff-core check http URL [--requests N] "
	    "[--concurrency C] [--p95-ms MS] [--p99-ms MS] [--expect-status "
	    "CODE] [--expect-body REGEX] [--timeout-ms MS] [--method M] "
	    "[--data BODY] [--header 'Name: value'] [--cafile FILE] "
	    "[--capture REGEX] [--no-keepalive]\n");
	return 2;
}

static int
parse_uint(const char *s, unsigned lo, unsigned hi, unsigned *v)
{
	unsigned long x;
	char *end;

	if (s == NULL || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	x = strtoul(s, &end, 10);
	if (errno != 0 || *end != '\0' || x < lo || x > hi)
		return -1;
	*v = (unsigned)x;
	return 0;
}

/* RFC 9110 token characters. */
static int
is_tchar(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || (c != '\0' && strchr("!#$%&'*+-.^_`|~", c));
}

/* "Name: value": a token, a colon, no CR, LF or other control byte. */
static int
header_valid(const char *h)
{
	size_t i = 0;

	while (is_tchar((unsigned char)h[i]))
		i++;
	if (i == 0 || h[i] != ':')
		return 0;
	for (; h[i] != '\0'; i++)
		if (((unsigned char)h[i] < 0x20 && h[i] != '\t') ||
		    (unsigned char)h[i] == 0x7f)
			return 0;
	return 1;
}

static int
method_valid(const char *m)
{
	size_t i;

	for (i = 0; m[i] != '\0'; i++)
		if (!is_tchar((unsigned char)m[i]))
			return 0;
	return i > 0 && i <= 32;
}

static void
setup_error(struct http_state *s, const char *what, const char *detail)
{
	snprintf(s->setup_err, sizeof(s->setup_err), "%s%s%s", what,
	    detail ? ": " : "", detail ? detail : "");
}

/* Reads the CA bundle into s->ca (regular file, at most HTTP_CA_MAX). */
static void
read_ca(struct http_state *s, const char *path)
{
	struct stat sb;
	size_t n = 0;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		setup_error(s, "cannot read the CA bundle", strerror(errno));
		return;
	}
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) ||
	    sb.st_size <= 0 || (uint64_t)sb.st_size > HTTP_CA_MAX) {
		setup_error(s, "the CA bundle is not a regular file of 1 byte "
		    "to 8 MiB", path);
		goto out;
	}
	s->ca = malloc((size_t)sb.st_size);
	if (s->ca == NULL) {
		setup_error(s, "out of memory", NULL);
		goto out;
	}
	while (n < (size_t)sb.st_size) {
		ssize_t r = read(fd, s->ca + n, (size_t)sb.st_size - n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	if (n != (size_t)sb.st_size) {
		setup_error(s, "cannot read the CA bundle", path);
		free(s->ca);
		s->ca = NULL;
		goto out;
	}
	s->ca_len = n;
out:
	close(fd);
}

/* Keeps an address for the built-in client (the first HTTP_MAX_ADDRS). */
static void
add_addr(struct http_state *s, int family, const void *a, uint16_t port)
{
	struct sockaddr_storage *ss;

	if (s->n_addrs == HTTP_MAX_ADDRS)
		return;
	ss = &s->addrs[s->n_addrs];
	memset(ss, 0, sizeof(*ss));
	if (family == AF_INET) {
		struct sockaddr_in *sa = (struct sockaddr_in *)(void *)ss;

		sa->sin_family = AF_INET;
		sa->sin_port = htons(port);
		memcpy(&sa->sin_addr, a, sizeof(sa->sin_addr));
		s->addr_len[s->n_addrs++] = sizeof(*sa);
	} else {
		struct sockaddr_in6 *sa = (struct sockaddr_in6 *)(void *)ss;

		sa->sin6_family = AF_INET6;
		sa->sin6_port = htons(port);
		memcpy(&sa->sin6_addr, a, sizeof(sa->sin6_addr));
		s->addr_len[s->n_addrs++] = sizeof(*sa);
	}
}

/* Appends "HOST:PORT:ADDR[,ADDR]..." to s->resolve, from getaddrinfo. */
static int
resolve_host(struct http_state *s, const char *host, long port)
{
	struct addrinfo hints, *res = NULL, *ai;
	char entry[1024], addr[INET6_ADDRSTRLEN];
	struct curl_slist *l;
	size_t n;
	int k, rc;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	if (strcmp(host, "localhost") == 0) {
		/* RFC 6761: localhost is loopback, without asking anyone. */
		k = snprintf(entry, sizeof(entry), "%s:%ld:127.0.0.1,[::1]",
		    host, port);
		struct in_addr lo4;

		lo4.s_addr = htonl(INADDR_LOOPBACK);
		add_addr(s, AF_INET, &lo4, (uint16_t)port);
		add_addr(s, AF_INET6, &in6addr_loopback, (uint16_t)port);
		goto add;
	}
	rc = getaddrinfo(host, NULL, &hints, &res);
	if (rc != 0) {
		s->unresolved = 1;
		setup_error(s, "cannot resolve the host name",
		    gai_strerror(rc));
		return 0;
	}
	k = snprintf(entry, sizeof(entry), "%s:%ld:", host, port);
	if (k < 0 || (size_t)k >= sizeof(entry))
		goto toolong;
	n = (size_t)k;
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		const void *a;

		if (ai->ai_family == AF_INET)
			a = &((struct sockaddr_in *)(void *)ai->ai_addr)->sin_addr;
		else if (ai->ai_family == AF_INET6)
			a = &((struct sockaddr_in6 *)(void *)ai->ai_addr)->sin6_addr;
		else
			continue;
		if (inet_ntop(ai->ai_family, a, addr, sizeof(addr)) == NULL)
			continue;
		add_addr(s, ai->ai_family, a, (uint16_t)port);
		k = snprintf(entry + n, sizeof(entry) - n, "%s%s%s%s",
		    entry[n - 1] == ':' ? "" : ",",
		    ai->ai_family == AF_INET6 ? "[" : "", addr,
		    ai->ai_family == AF_INET6 ? "]" : "");
		if (k < 0 || (size_t)k >= sizeof(entry) - n)
			break;
		n += (size_t)k;
	}
	freeaddrinfo(res);
	if (entry[n - 1] == ':') {
		s->unresolved = 1;
		setup_error(s, "the host name has no IPv4 or IPv6 address",
		    host);
		return 0;
	}
add:
	if (k < 0 || (size_t)k >= sizeof(entry))
		goto toolong;
	l = curl_slist_append(s->resolve, entry);
	if (l == NULL)
		return 3;
	s->resolve = l;
	return 0;
toolong:
	setup_error(s, "host name too long", NULL);
	return 0;
}

static size_t
on_body(char *p, size_t size, size_t nmemb, void *user)
{
	struct http_xfer *x = user;
	size_t n = size * nmemb;

	x->bytes += n;
	if ((x->s->re == NULL && x->s->cre == NULL) || x->body_over)
		return n;
	if (n > HTTP_BODY_MAX - x->body_len) {
		x->body_over = 1;
		n = HTTP_BODY_MAX - x->body_len;
	}
	if (x->body_len + n > x->body_cap) {
		size_t cap = x->body_cap ? x->body_cap : 4096;
		uint8_t *nb;

		while (cap < x->body_len + n)
			cap *= 2;
		if (cap > HTTP_BODY_MAX)
			cap = HTTP_BODY_MAX;
		nb = realloc(x->body, cap);
		if (nb == NULL)
			return 0;	/* aborts the transfer: an error */
		x->body = nb;
		x->body_cap = cap;
	}
	memcpy(x->body + x->body_len, p, n);
	x->body_len += n;
	return size * nmemb;
}

/* Options of one easy handle; returns 0 or -1. */
static int
setup_easy(struct http_state *s, struct http_xfer *x)
{
	CURL *e = x->easy;
	int bad = 0;

#define SET(opt, val) do { if (curl_easy_setopt(e, opt, val) != CURLE_OK) bad = 1; } while (0)
	SET(CURLOPT_CURLU, s->cu);
	SET(CURLOPT_PROTOCOLS_STR, "http,https");
	SET(CURLOPT_FOLLOWLOCATION, 0L);
	SET(CURLOPT_PROXY, "");
	SET(CURLOPT_NOPROXY, "");
	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_TIMEOUT_MS, (long)s->timeout_ms);
	SET(CURLOPT_CONNECTTIMEOUT_MS, (long)s->timeout_ms);
	SET(CURLOPT_WRITEFUNCTION, on_body);
	SET(CURLOPT_WRITEDATA, x);
	SET(CURLOPT_ERRORBUFFER, x->errbuf);
	SET(CURLOPT_QUICK_EXIT, 1L);
	if (s->no_keepalive)
		SET(CURLOPT_FORBID_REUSE, 1L);
	if (s->resolve != NULL)
		SET(CURLOPT_RESOLVE, s->resolve);
	SET(CURLOPT_HTTPHEADER, s->headers);
	if (s->data != NULL) {
		SET(CURLOPT_POSTFIELDS, s->data);
		SET(CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(s->data));
	}
	if (s->method != NULL) {
		if (strcmp(s->method, "HEAD") == 0)
			SET(CURLOPT_NOBODY, 1L);
		else if (strcmp(s->method, "GET") != 0 || s->data != NULL)
			SET(CURLOPT_CUSTOMREQUEST, s->method);
	}
	if (s->https) {
		struct curl_blob blob;

		blob.data = s->ca;
		blob.len = s->ca_len;
		blob.flags = CURL_BLOB_NOCOPY;
		SET(CURLOPT_CAINFO, (char *)NULL);
		SET(CURLOPT_CAPATH, (char *)NULL);
		SET(CURLOPT_CAINFO_BLOB, &blob);
		SET(CURLOPT_SSL_VERIFYPEER, 1L);
		SET(CURLOPT_SSL_VERIFYHOST, 2L);
	}
#undef SET
	return bad ? -1 : 0;
}

static int
parse_args(struct http_state *s, int argc, char **argv, const char **cafile)
{
	static const char *const valued[] = { "--requests", "--concurrency",
	    "--p95-ms", "--p99-ms", "--expect-status", "--expect-body",
	    "--timeout-ms", "--method", "--data", "--header", "--cafile",
	    "--capture" };
	unsigned seen = 0, v, n_hdr = 0;
	struct curl_slist *l;
	int i, only_pos = 0;
	size_t k;

	for (i = 0; i < argc; i++) {
		const char *a = argv[i], *val;

		if (!only_pos && strcmp(a, "--") == 0) {
			only_pos = 1;
			continue;
		}
		if (only_pos || a[0] != '-' || a[1] == '\0') {
			if (s->url != NULL)
				return usage_err("one URL only", a);
			s->url = a;
			continue;
		}
		if (strcmp(a, "--no-keepalive") == 0) {
			s->no_keepalive = 1;
			continue;
		}
		for (k = 0; k < sizeof(valued) / sizeof(valued[0]); k++)
			if (strcmp(a, valued[k]) == 0)
				break;
		if (k == sizeof(valued) / sizeof(valued[0]))
			return usage_err("unknown option", a);
		if (i + 1 >= argc)
			return usage_err("option needs a value", a);
		val = argv[++i];
		if (strcmp(a, "--header") != 0 && (seen & (1u << k)))
			return usage_err("given twice", a);
		seen |= 1u << k;
		switch (k) {
		case 0:
			if (parse_uint(val, 1, HTTP_MAX_REQUESTS, &s->requests))
				return usage_err("--requests takes 1..100000", val);
			break;
		case 1:
			if (parse_uint(val, 1, HTTP_MAX_CONCURRENCY, &s->concurrency))
				return usage_err("--concurrency takes 1..256", val);
			break;
		case 2:
		case 3:
			if (parse_uint(val, 1, HTTP_MAX_BOUND_MS, &v))
				return usage_err("a latency bound takes 1..3600000 ms", val);
			if (k == 2)
				s->p95_ms = v;
			else
				s->p99_ms = v;
			break;
		case 4:
			if (parse_uint(val, 100, 599, &v))
				return usage_err("--expect-status takes 100..599", val);
			s->expect_status = (long)v;
			break;
		case 5:
			if (val[0] == '\0' || strlen(val) > 4096)
				return usage_err("--expect-body takes a regex of 1..4096 bytes", NULL);
			s->expect_body = val;
			break;
		case 6:
			if (parse_uint(val, 1, HTTP_MAX_TIMEOUT_MS, &s->timeout_ms))
				return usage_err("--timeout-ms takes 1..600000", val);
			break;
		case 7:
			if (!method_valid(val))
				return usage_err("--method takes an HTTP method token", val);
			s->method = val;
			break;
		case 8:
			s->data = val;
			break;
		case 9:
			if (!header_valid(val))
				return usage_err("--header takes 'Name: value' "
				    "without control characters", NULL);
			if (++n_hdr > HTTP_MAX_HEADERS)
				return usage_err("more than 32 --header", NULL);
			if ((l = curl_slist_append(s->headers, val)) == NULL)
				return 3;
			s->headers = l;
			break;
		case 10:
			*cafile = val;
			break;
		default:
			if (val[0] == '\0' || strlen(val) > 4096)
				return usage_err("--capture takes a regex of 1..4096 bytes", NULL);
			s->capture = val;
			break;
		}
	}
	if (s->url == NULL)
		return usage_err("missing URL", NULL);
	/* Our User-Agent, unless --header gave one: a fixed header line
	 * costs libcurl nothing per request (CURLOPT_USERAGENT formats a
	 * new line for every transfer). */
	for (l = s->headers; l != NULL; l = l->next)
		if (strncasecmp(l->data, "User-Agent:", 11) == 0)
			break;
	if (l == NULL) {
		l = curl_slist_append(s->headers, "User-Agent: signoff/"
		    SIGNOFF_VERSION);
		if (l == NULL)
			return 3;
		s->headers = l;
	}
	if (s->concurrency > s->requests)
		s->concurrency = s->requests;
	return 0;
}

/* Checks the URL, makes the subject (no credentials), resolves the host. */
static int
parse_url(struct http_state *s)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL, *port = NULL, *red = NULL;
	unsigned v;
	int rc = 3;

	if (u == NULL)
		return 3;
	if (strlen(s->url) > 8192 ||
	    curl_url_set(u, CURLUPART_URL, s->url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK) {
		rc = usage_err("not an absolute http:// or https:// URL", s->url);
		goto out;
	}
	if (strcmp(scheme, "http") != 0 && strcmp(scheme, "https") != 0) {
		rc = usage_err("only http:// and https:// URLs", s->url);
		goto out;
	}
	s->https = scheme[4] == 's';
	if (curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) !=
	    CURLUE_OK || parse_uint(port, 1, 65535, &v) != 0) {
		rc = usage_err("bad port in URL", s->url);
		goto out;
	}
	s->port = (uint16_t)v;
	if ((s->cu = curl_url_dup(u)) == NULL)
		goto out;
	if (curl_url_set(u, CURLUPART_USER, NULL, 0) != CURLUE_OK ||
	    curl_url_set(u, CURLUPART_PASSWORD, NULL, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_URL, &red, 0) != CURLUE_OK ||
	    (s->subject = strdup(red)) == NULL)
		goto out;
	/* An IP literal needs no lookup ("[::1]" for IPv6). */
	if (host[0] == '[') {
		rc = 0;
	} else {
		struct in_addr a4;

		/* --dry-run (check.h): arguments only, no lookup. */
		rc = inet_pton(AF_INET, host, &a4) == 1 || check_dry_run ? 0 :
		    resolve_host(s, host, (long)v);
	}
out:
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_free(red);
	curl_url_cleanup(u);
	return rc;
}

/* The value of a "Name: value" header line, blanks trimmed (length in n). */
static const char *
header_value(const char *h, size_t *n)
{
	const char *v = strchr(h, ':') + 1, *e;

	while (*v == ' ' || *v == '\t')
		v++;
	e = v + strlen(v);
	while (e > v && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	*n = (size_t)(e - v);
	return v;
}

/*
 * The built-in client takes a plain http:// URL without user or password,
 * GET or HEAD without --data, to an IP literal, "localhost" or a name
 * resolved here; anything else stays with libcurl (s->raw 0).  The
 * request is made once, as libcurl 7.88 sends it: request line, Host (or
 * the --header Host), "Accept: * / *" (unless a --header Accept), then
 * every --header with a value, in order (our User-Agent is the last).
 * Returns 0 or 3 (out of memory).
 */
static int
raw_setup(struct http_state *s)
{
	char *user = NULL, *pass = NULL, *zone = NULL, *host = NULL;
	char *path = NULL, *query = NULL, *b = NULL;
	const char *hosthdr = NULL, *v;
	struct curl_slist *l;
	size_t cap = 256, n = 0, vl;
	int accept = 0, rc = 3, k;
	union { struct in_addr a4; struct in6_addr a6; } a;

	if (s->https || s->data != NULL || (s->method != NULL &&
	    strcmp(s->method, "GET") != 0 && strcmp(s->method, "HEAD") != 0))
		return 0;
	if (curl_url_get(s->cu, CURLUPART_USER, &user, 0) == CURLUE_OK ||
	    curl_url_get(s->cu, CURLUPART_PASSWORD, &pass, 0) == CURLUE_OK ||
	    curl_url_get(s->cu, CURLUPART_ZONEID, &zone, 0) == CURLUE_OK) {
		rc = 0;
		goto out;
	}
	if (curl_url_get(s->cu, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
	    curl_url_get(s->cu, CURLUPART_PATH, &path, 0) != CURLUE_OK)
		goto out;
	(void)curl_url_get(s->cu, CURLUPART_QUERY, &query, 0);
	if ((s->host = strdup(host[0] == '[' ? host + 1 : host)) == NULL)
		goto out;
	if (host[0] == '[') {
		s->host[strcspn(s->host, "]")] = '\0';
		if (inet_pton(AF_INET6, s->host, &a.a6) == 1)
			add_addr(s, AF_INET6, &a.a6, s->port);
	} else if (inet_pton(AF_INET, host, &a.a4) == 1) {
		add_addr(s, AF_INET, &a.a4, s->port);
	}
	if (s->n_addrs == 0) {
		rc = 0;
		goto out;
	}
	cap += strlen(host) + strlen(path) + (query ? strlen(query) : 0);
	for (l = s->headers; l != NULL; l = l->next) {
		cap += strlen(l->data) + 2;
		if (strncasecmp(l->data, "Host:", 5) == 0)
			hosthdr = l->data;
		else if (strncasecmp(l->data, "Accept:", 7) == 0)
			accept = 1;
	}
	if ((b = malloc(cap)) == NULL)
		goto out;
	s->head = s->method != NULL && strcmp(s->method, "HEAD") == 0;
	k = snprintf(b, cap, "%s %s%s%s HTTP/1.1\r\n", s->head ? "HEAD" :
	    "GET", path, query ? "?" : "", query ? query : "");
	n = (size_t)k;
	if (hosthdr == NULL) {
		char pt[8] = "";

		if (s->port != 80)
			snprintf(pt, sizeof(pt), ":%u", (unsigned)s->port);
		k = snprintf(b + n, cap - n, "Host: %s%s\r\n", host, pt);
	} else {
		v = header_value(hosthdr, &vl);
		k = vl ? snprintf(b + n, cap - n, "Host: %.*s\r\n", (int)vl, v) :
		    0;
	}
	n += (size_t)k;
	if (!accept)
		n += (size_t)snprintf(b + n, cap - n, "Accept: */*\r\n");
	for (l = s->headers; l != NULL; l = l->next) {
		if (l->data == hosthdr)
			continue;
		(void)header_value(l->data, &vl);
		if (vl > 0)
			n += (size_t)snprintf(b + n, cap - n, "%s\r\n", l->data);
	}
	n += (size_t)snprintf(b + n, cap - n, "\r\n");
	if (n >= cap)
		goto out;
	s->req = b;
	s->req_len = n;
	b = NULL;
	s->raw = 1;
	rc = 0;
out:
	free(b);
	curl_free(user);
	curl_free(pass);
	curl_free(zone);
	curl_free(host);
	curl_free(path);
	curl_free(query);
	return rc;
}

static void
state_free(struct http_state *s)
{
	unsigned i;

	if (s == NULL)
		return;
	if (s->x != NULL) {
		for (i = 0; i < s->concurrency; i++) {
			if (s->x[i].easy != NULL) {
				if (s->multi != NULL)
					curl_multi_remove_handle(s->multi,
					    s->x[i].easy);
				curl_easy_cleanup(s->x[i].easy);
			}
			free(s->x[i].body);
		}
		free(s->x);
	}
	if (s->multi != NULL)
		curl_multi_cleanup(s->multi);
	curl_slist_free_all(s->headers);
	curl_slist_free_all(s->resolve);
	curl_url_cleanup(s->cu);
	pcre2_match_data_free(s->md);
	pcre2_match_context_free(s->mctx);
	pcre2_code_free(s->re);
	pcre2_match_data_free(s->cmd);
	pcre2_code_free(s->cre);
	if (s->rx != NULL)
		for (i = 0; i < s->concurrency; i++)
			if (s->rx[i].fd >= 0)
				close(s->rx[i].fd);
	free(s->rx);
	free(s->rbuf);
	free(s->req);
	free(s->host);
	free(s->ca);
	free(s->samples);
	free(s->pfd);
	free(s->ready);
	free(s->subject);
	free(s);
}

static int
http_prepare(int argc, char **argv, const struct item_meta *m,
    void **state, struct sandbox_req *req)
{
	struct http_state *s;
	const char *cafile = NULL;
	unsigned i;
	int rc = 3;

	(void)m;
	s = calloc(1, sizeof(*s));
	if (s == NULL)
		return 3;
	s->requests = 100;
	s->concurrency = 10;
	s->timeout_ms = 10000;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		goto out;
	if ((rc = parse_args(s, argc, argv, &cafile)) != 0)
		goto out;
	if (s->expect_body != NULL) {
		int err;
		PCRE2_SIZE off;

		s->re = pcre2_compile((PCRE2_SPTR)s->expect_body,
		    PCRE2_ZERO_TERMINATED, PCRE2_NEVER_UTF | PCRE2_NEVER_UCP,
		    &err, &off, NULL);
		if (s->re == NULL) {
			PCRE2_UCHAR why[160];

			pcre2_get_error_message(err, why, sizeof(why));
			rc = usage_err("--expect-body is not a valid regex",
			    (const char *)why);
			goto out;
		}
		rc = 3;
		s->md = pcre2_match_data_create_from_pattern(s->re, NULL);
		s->mctx = pcre2_match_context_create(NULL);
		if (s->md == NULL || s->mctx == NULL ||
		    pcre2_set_match_limit(s->mctx, 1000000) != 0 ||
		    pcre2_set_depth_limit(s->mctx, 10000) != 0 ||
		    pcre2_set_heap_limit(s->mctx, 16384) != 0)
			goto out;
	}
	if (s->capture != NULL) {
		int err;
		PCRE2_SIZE off;

		s->cre = pcre2_compile((PCRE2_SPTR)s->capture,
		    PCRE2_ZERO_TERMINATED, PCRE2_NEVER_UTF | PCRE2_NEVER_UCP,
		    &err, &off, NULL);
		if (s->cre == NULL) {
			PCRE2_UCHAR why[160];

			pcre2_get_error_message(err, why, sizeof(why));
			rc = usage_err("--capture is not a valid regex",
			    (const char *)why);
			goto out;
		}
		rc = 3;
		s->cmd = pcre2_match_data_create_from_pattern(s->cre, NULL);
		if (s->mctx == NULL)
			s->mctx = pcre2_match_context_create(NULL);
		if (s->cmd == NULL || s->mctx == NULL ||
		    pcre2_set_match_limit(s->mctx, 1000000) != 0 ||
		    pcre2_set_depth_limit(s->mctx, 10000) != 0 ||
		    pcre2_set_heap_limit(s->mctx, 16384) != 0)
			goto out;
	}
	if ((rc = parse_url(s)) != 0)
		goto out;
	rc = 3;
	if (cafile != NULL && !s->https) {
		rc = usage_err("--cafile applies to https:// URLs only", NULL);
		goto out;
	}
	if (check_dry_run) {	/* check.h: arguments only, nothing read */
		rc = 0;
		goto out;
	}
	if (s->https && s->setup_err[0] == '\0')
		read_ca(s, cafile != NULL ? cafile : HTTP_DEFAULT_CA);
	if (s->setup_err[0] != '\0') {
		/* run() reports it; no libcurl handle is made (cleaning up a
		 * multi handle that never ran a transfer calls sigaction). */
		*state = s;
		return 0;
	}
	if (raw_setup(s) != 0)
		goto out;
	s->samples = calloc(s->requests, sizeof(*s->samples));
	s->x = calloc(s->concurrency, sizeof(*s->x));
	if (s->samples == NULL || s->x == NULL)
		goto out;
	if (s->raw) {
		/* The built-in client: no libcurl handle at all. */
		s->rx = calloc(s->concurrency, sizeof(*s->rx));
		s->pfd = calloc(s->concurrency, sizeof(*s->pfd));
		s->rbuf = malloc(HTTP_RBUF);
		if (s->rx == NULL || s->pfd == NULL || s->rbuf == NULL)
			goto out;
		for (i = 0; i < s->concurrency; i++) {
			s->x[i].s = s;
			s->rx[i].fd = -1;
			s->pfd[i].fd = -1;
		}
		goto confine;
	}
	s->multi = curl_multi_init();
	if (s->multi == NULL)
		goto out;
	s->cap_pfd = 2 * s->concurrency + 2;
	s->pfd = calloc(s->cap_pfd, sizeof(*s->pfd));
	s->ready = calloc(s->cap_pfd, sizeof(*s->ready));
	s->timer_at = UINT64_MAX;
	if (s->pfd == NULL || s->ready == NULL)
		goto out;
	if (curl_multi_setopt(s->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS,
	    (long)s->concurrency) != CURLM_OK ||
	    curl_multi_setopt(s->multi, CURLMOPT_SOCKETFUNCTION, on_socket) !=
	    CURLM_OK ||
	    curl_multi_setopt(s->multi, CURLMOPT_SOCKETDATA, s) != CURLM_OK ||
	    curl_multi_setopt(s->multi, CURLMOPT_TIMERFUNCTION, on_timer) !=
	    CURLM_OK ||
	    curl_multi_setopt(s->multi, CURLMOPT_TIMERDATA, s) != CURLM_OK)
		goto out;
	for (i = 0; i < s->concurrency; i++) {
		s->x[i].s = s;
		if ((s->x[i].easy = curl_easy_init()) == NULL ||
		    setup_easy(s, &s->x[i]) != 0)
			goto out;
	}
confine:
	/* Landlock: TCP connect to the URL's port only, no bind; no file
	 * rule at all, so nothing can be read once confined. */
	req->tcp_connect[0] = s->port;
	req->n_tcp = 1;
	/* OpenSSL's certificate time checks call gmtime_r, whose first call
	 * loads /etc/localtime: load it now, while files may be opened. */
	tzset();
	/* A closed peer must be an error code, never a signal. */
	signal(SIGPIPE, SIG_IGN);
	*state = s;
	s = NULL;
	rc = 0;
out:
	state_free(s);
	return rc;
}

/* ---------------------------------------------------------------- */
/* run (confined)                                                    */

static void
append(char *b, size_t cap, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static uint64_t
mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static enum err_kind
curl_kind(CURLcode c)
{
	switch (c) {
	case CURLE_COULDNT_CONNECT:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
		return E_CONNECT;
	case CURLE_OPERATION_TIMEDOUT:
		return E_TIMEOUT;
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
	case CURLE_SSL_CRL_BADFILE:
	case CURLE_SSL_SHUTDOWN_FAILED:
	case CURLE_USE_SSL_FAILED:
	case CURLE_SSL_ENGINE_NOTFOUND:
	case CURLE_SSL_ENGINE_SETFAILED:
	case CURLE_SSL_ENGINE_INITFAILED:
		return E_TLS;
	default:
		return E_OTHER;
	}
}

static void
count_error(struct http_state *s, enum err_kind k, const char *text)
{
	if (s->errs[k]++ == 0)
		snprintf(s->first_err[k], sizeof(s->first_err[k]), "%s", text);
}

static void
count_code(struct http_state *s, long code)
{
	unsigned i;

	for (i = 0; i < s->n_codes; i++)
		if (s->codes[i] == code) {
			s->code_n[i]++;
			return;
		}
	if (s->n_codes == HTTP_MAX_STATUSES) {
		s->codes_more++;
		return;
	}
	s->codes[s->n_codes] = code;
	s->code_n[s->n_codes++] = 1;
}

/*
 * --capture: the distinct values of the regex's first group (or of the
 * whole match) in the first answered body, at most HTTP_CAPTURE_MAX named,
 * the rest counted.  Bounded: HTTP_CAPTURE_SCAN matches, PCRE2 limits.
 */
static void
capture_values(struct http_state *s, const struct http_xfer *x)
{
	PCRE2_SIZE at = 0, *ov;
	unsigned scanned = 0;

	s->captured_done = 1;
	while (at <= x->body_len && scanned++ < HTTP_CAPTURE_SCAN) {
		const char *v;
		size_t vl, pos;
		int r = pcre2_match(s->cre, x->body, x->body_len, at, 0, s->cmd,
		    s->mctx);
		int g;

		if (r <= 0)
			break;
		ov = pcre2_get_ovector_pointer(s->cmd);
		g = r > 1 && ov[2] != PCRE2_UNSET ? 1 : 0;
		v = (const char *)x->body + ov[2 * g];
		vl = ov[2 * g + 1] - ov[2 * g];
		at = ov[1] > ov[0] ? ov[1] : ov[1] + 1;
		/* distinct: ", v," not yet in ", list," */
		pos = 0;
		while (pos < s->n_captured) {
			const char *p = s->captured;
			unsigned k;

			for (k = 0; k < pos; k++)
				p = strstr(p, ", ") + 2;
			if (strncmp(p, v, vl) == 0 && (p[vl] == ',' ||
			    p[vl] == '\0'))
				break;
			pos++;
		}
		if (pos < s->n_captured)
			continue;
		if (s->n_captured == HTTP_CAPTURE_MAX || vl == 0 ||
		    memchr(v, ',', vl) != NULL || strlen(s->captured) + vl + 3 >=
		    sizeof(s->captured)) {
			s->captured_more++;
			continue;
		}
		append(s->captured, sizeof(s->captured), "%s%.*s",
		    s->n_captured ? ", " : "", (int)vl, v);
		s->n_captured++;
	}
}

/* One finished transfer: a sample and/or an error. */
static void
finish_xfer(struct http_state *s, struct http_xfer *x, CURLcode res)
{
	char text[200];
	curl_off_t t = 0;
	long code = 0;

	if (res != CURLE_OK) {
		snprintf(text, sizeof(text), "%.190s",
		    x->errbuf[0] ? x->errbuf : curl_easy_strerror(res));
		count_error(s, curl_kind(res), text);
		return;
	}
	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &code);
	curl_easy_getinfo(x->easy, CURLINFO_TOTAL_TIME_T, &t);
	judge_answer(s, x, code, t);
}

/* One complete answer, from libcurl or the built-in client: its sample,
 * status, captures and body judged. */
static void
judge_answer(struct http_state *s, struct http_xfer *x, long code,
    curl_off_t t)
{
	char text[200];
	int ok;

	if (t < 0)
		t = 0;
	if (t > UINT32_MAX)
		t = UINT32_MAX;
	s->samples[s->n_samples++] = (uint32_t)t;
	count_code(s, code);
	if (s->cre != NULL && !s->captured_done)
		capture_values(s, x);
	ok = s->expect_status ? code == s->expect_status :
	    code >= 200 && code <= 299;
	if (!ok) {
		char *loc = NULL;

		if (x->easy != NULL)
			curl_easy_getinfo(x->easy, CURLINFO_REDIRECT_URL, &loc);
		else if (s->errs[E_STATUS] == 0)
			loc = raw_location(s, x);
		snprintf(text, sizeof(text), "status %ld%s%s%s", code,
		    loc ? " (redirect to " : "", loc ? loc : "",
		    loc ? ", not followed)" : "");
		if (x->easy == NULL)
			free(loc);
		count_error(s, E_STATUS, text);
		return;
	}
	if (s->re != NULL) {
		int r = pcre2_match(s->re, x->body, x->body_len, 0, 0, s->md,
		    s->mctx);

		if (r == PCRE2_ERROR_NOMATCH) {
			snprintf(text, sizeof(text), "the body (%llu bytes%s) "
			    "does not match the regex",
			    (unsigned long long)x->bytes, x->body_over ?
			    ", first 1 MiB searched" : "");
			count_error(s, E_BODY, text);
		} else if (r < 0) {
			PCRE2_UCHAR why[120];

			pcre2_get_error_message(r, why, sizeof(why));
			snprintf(text, sizeof(text), "the body could not be "
			    "matched: %s", (const char *)why);
			count_error(s, E_BODY, text);
		}
	}
}

/*
 * The event loop is ours (curl_multi_socket_action), not libcurl's
 * (curl_multi_perform + curl_multi_wait): libcurl tells on_socket which
 * sockets to watch for what and on_timer when it next needs the clock;
 * one poll(2) over them waits, and each ready socket is handed back with
 * what it is ready for.  That saves a system call per request: given the
 * readiness, libcurl's transfer code does not poll(0) the socket again
 * before reading (curl_multi_perform does, for every transfer it
 * visits), and one poll serves every connection that is ready at once.
 * Nothing is allocated per request: the pollfd and ready arrays are made
 * in prepare() for the most sockets libcurl can ask for (a connection
 * may try IPv6 and IPv4 at once: two sockets per slot), and a socket
 * beyond them fails its transfer (libcurl is told -1).
 */
static int
on_socket(CURL *e, curl_socket_t fd, int what, void *user, void *sockp)
{
	struct http_state *s = user;
	unsigned i;

	(void)e;
	(void)sockp;
	for (i = 0; i < s->n_pfd; i++)
		if (s->pfd[i].fd == fd)
			break;
	if (what == CURL_POLL_REMOVE) {
		if (i < s->n_pfd)
			s->pfd[i] = s->pfd[--s->n_pfd];
		return 0;
	}
	if (i == s->n_pfd) {
		if (s->n_pfd == s->cap_pfd)
			return -1;
		s->n_pfd++;
	}
	s->pfd[i].fd = fd;
	s->pfd[i].events = (short)(((what & CURL_POLL_IN) ? POLLIN : 0) |
	    ((what & CURL_POLL_OUT) ? POLLOUT : 0));
	s->pfd[i].revents = 0;
	return 0;
}

static int
on_timer(CURLM *m, long ms, void *user)
{
	struct http_state *s = user;

	(void)m;
	s->timer_at = ms < 0 ? UINT64_MAX : mono_us() + (uint64_t)ms * 1000u;
	return 0;
}

/* Every finished transfer judged, its slot started again if any remain. */
static int
reap(struct http_state *s, unsigned *started, unsigned *done)
{
	struct CURLMsg *msg;
	unsigned i;
	int left;

	while ((msg = curl_multi_info_read(s->multi, &left)) != NULL) {
		struct http_xfer *x = NULL;

		if (msg->msg != CURLMSG_DONE)
			continue;
		for (i = 0; i < s->concurrency; i++)
			if (s->x[i].easy == msg->easy_handle)
				x = &s->x[i];
		if (x == NULL)
			return -1;
		finish_xfer(s, x, msg->data.result);
		(*done)++;
		curl_multi_remove_handle(s->multi, x->easy);
		if (*started < s->requests) {
			x->body_len = 0;
			x->body_over = 0;
			x->bytes = 0;
			x->errbuf[0] = '\0';
			if (curl_multi_add_handle(s->multi, x->easy) != CURLM_OK)
				return -1;
			(*started)++;
		}
	}
	return 0;
}

/* Runs every request; returns 0, or -1 if libcurl itself failed. */
static int
drive(struct http_state *s)
{
	unsigned started = 0, done = 0, i, n;
	uint64_t t0, now;
	int running;

	t0 = mono_us();
	for (i = 0; i < s->concurrency; i++) {
		if (curl_multi_add_handle(s->multi, s->x[i].easy) != CURLM_OK)
			return -1;
		started++;
	}
	while (done < s->requests) {
		int wait_ms, r;

		now = mono_us();
		if (s->timer_at <= now) {
			s->timer_at = UINT64_MAX;
			if (curl_multi_socket_action(s->multi, CURL_SOCKET_TIMEOUT,
			    0, &running) != CURLM_OK)
				return -1;
		} else {
			/* libcurl always has a timer while a transfer runs
			 * (its timeout); 1 s is only a backstop. */
			wait_ms = s->timer_at - now > 1000000u ? 1000 :
			    (int)((s->timer_at - now + 999u) / 1000u);
			r = poll(s->pfd, s->n_pfd, wait_ms);
			if (r < 0 && errno != EINTR)
				return -1;
			/* on_socket may change pfd while libcurl runs: the
			 * ready ones are copied first. */
			for (i = n = 0; r > 0 && i < s->n_pfd; i++) {
				short re = s->pfd[i].revents;

				if (re == 0)
					continue;
				s->ready[n].fd = s->pfd[i].fd;
				s->ready[n].events = (short)(
				    ((re & (POLLIN | POLLHUP)) ? CURL_CSELECT_IN : 0) |
				    ((re & POLLOUT) ? CURL_CSELECT_OUT : 0) |
				    ((re & (POLLERR | POLLNVAL)) ? CURL_CSELECT_ERR : 0));
				n++;
			}
			for (i = 0; i < n; i++)
				if (curl_multi_socket_action(s->multi,
				    s->ready[i].fd, s->ready[i].events,
				    &running) != CURLM_OK)
					return -1;
			/* Nothing ready within the wait: let libcurl look at
			 * every transfer (as curl_multi_perform would), so that
			 * none can stall without a timer. */
			if (r == 0 && curl_multi_socket_action(s->multi,
			    CURL_SOCKET_TIMEOUT, 0, &running) != CURLM_OK)
				return -1;
		}
		if (reap(s, &started, &done) != 0)
			return -1;
	}
	s->wall_us = mono_us() - t0;
	return 0;
}

/* ---------------------------------------------------------------- */
/* The built-in HTTP/1.1 client (plain http, GET or HEAD; raw_setup)  */

/*
 * Per slot, one request at a time on one non-blocking socket; one poll(2)
 * over every slot.  A request is sent as soon as its slot is free: on a
 * kept-alive connection that is send, poll, recv (3 system calls, as ab
 * -k); a new connection is not polled for writability first: connect
 * returns EINPROGRESS, the request is sent at once (on loopback the
 * handshake is over by then), and only an EAGAIN waits for POLLOUT.  The
 * answer is framed by parse/httpresp.c.  What libcurl does and this keeps:
 * the addresses are tried in turn (the next when one fails), a kept-alive
 * connection that the server closed before answering is opened anew and
 * the request sent once more, the timeout covers connect and answer, and
 * the errors are counted by the same kinds with libcurl's words.
 */

/* The Location of slot x's answer, resolved against the URL (malloc). */
static char *
raw_location(struct http_state *s, struct http_xfer *x)
{
	const char *loc = httpresp_location(&s->rx[x - s->x].resp);
	char *out = NULL, *r = NULL;
	CURLU *u;

	if (loc == NULL || (u = curl_url_dup(s->cu)) == NULL)
		return NULL;
	if (curl_url_set(u, CURLUPART_URL, loc, CURLU_NON_SUPPORT_SCHEME) ==
	    CURLUE_OK && curl_url_get(u, CURLUPART_URL, &out, 0) == CURLUE_OK)
		r = strdup(out);
	curl_free(out);
	curl_url_cleanup(u);
	return r;
}

/* Keeps body bytes for --expect-body/--capture (as on_body). */
static int
body_keep(struct http_xfer *x, const uint8_t *p, size_t n)
{
	return on_body((char *)(uintptr_t)p, 1, n, x) == n ? 0 : -1;
}


static void
raw_close(struct http_state *s, unsigned i)
{
	struct http_raw *r = &s->rx[i];

	if (r->fd >= 0)
		close(r->fd);
	r->fd = -1;
	s->pfd[i].fd = -1;
}

/* Slot i's request is over (answered or failed); raw_kick starts the
 * next one (no call chain from one request to the next). */
static void
raw_next(struct http_state *s, unsigned i, int keep)
{
	s->done++;
	if (!keep || s->no_keepalive)
		raw_close(s, i);
	s->rx[i].phase = R_IDLE;
	s->pfd[i].events = 0;
}

static void
raw_fail(struct http_state *s, unsigned i, enum err_kind k, const char *text)
{
	count_error(s, k, text);
	raw_next(s, i, 0);
}

static void
raw_connect_fail(struct http_state *s, unsigned i)
{
	struct http_raw *r = &s->rx[i];
	char text[200];

	raw_close(s, i);
	if (++r->addr < s->n_addrs) {
		r->phase = R_CONNECT;
		return;
	}
	snprintf(text, sizeof(text), "Failed to connect to %.100s port %u "
	    "after %llu ms: Couldn't connect to server", s->host,
	    (unsigned)s->port,
	    (unsigned long long)((mono_us() - r->start) / 1000u));
	raw_fail(s, i, E_CONNECT, text);
}

/* A kept-alive connection closed before any answer: once more, anew. */
static int
raw_retry(struct http_state *s, unsigned i)
{
	struct http_raw *r = &s->rx[i];

	if (!r->reused || r->retried || r->got > 0)
		return 0;
	raw_close(s, i);
	r->retried = 1;
	r->reused = 0;
	r->addr = 0;
	r->phase = R_CONNECT;
	return 1;
}

static void
raw_send(struct http_state *s, unsigned i)
{
	struct http_raw *r = &s->rx[i];
	ssize_t n;
	char text[200];

	while (r->sent < s->req_len) {
		n = send(r->fd, s->req + r->sent, s->req_len - r->sent,
		    MSG_NOSIGNAL);
		if (n >= 0) {
			r->sent += (size_t)n;
			r->connecting = 0;
			continue;
		}
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN || errno == EWOULDBLOCK) {
			s->pfd[i].events = POLLOUT;
			return;
		}
		if (r->connecting) {
			raw_connect_fail(s, i);
			return;
		}
		if (raw_retry(s, i))
			return;
		snprintf(text, sizeof(text), "Send failure: %s",
		    strerror(errno));
		raw_fail(s, i, E_OTHER, text);
		return;
	}
	r->phase = R_RECV;
	s->pfd[i].events = POLLIN;
}

static void
raw_connect(struct http_state *s, unsigned i)
{
	struct http_raw *r = &s->rx[i];
	const struct sockaddr_storage *a = &s->addrs[r->addr];
	int fd;

	fd = socket(a->ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0);
	if (fd < 0) {
		raw_connect_fail(s, i);
		return;
	}
	r->fd = s->pfd[i].fd = fd;
	r->connecting = 1;
	r->sent = 0;
	r->phase = R_SEND;
	if (connect(fd, (const struct sockaddr *)a, s->addr_len[r->addr]) != 0 &&
	    errno != EINPROGRESS) {
		raw_connect_fail(s, i);
		return;
	}
	raw_send(s, i);
}

/* Starts a request on slot i (its connection kept alive, or a new one). */
static void
raw_begin(struct http_state *s, unsigned i, uint64_t now)
{
	struct http_raw *r = &s->rx[i];
	struct http_xfer *x = &s->x[i];

	r->start = now;
	r->got = 0;
	r->sent = 0;
	r->retried = 0;
	r->addr = 0;
	x->body_len = 0;
	x->body_over = 0;
	x->bytes = 0;
	httpresp_init(&r->resp, s->head);
	if (r->fd >= 0) {
		r->reused = 1;
		r->connecting = 0;
		r->phase = R_SEND;
		raw_send(s, i);
	} else {
		r->reused = 0;
		r->phase = R_CONNECT;
	}
}

/* Every free slot given its next request, every pending connect made. */
static void
raw_kick(struct http_state *s)
{
	unsigned i;

	for (i = 0; i < s->concurrency; i++)
		for (;;) {
			if (s->rx[i].phase == R_IDLE && s->started <
			    s->requests) {
				s->started++;
				raw_begin(s, i, mono_us());
			} else if (s->rx[i].phase == R_CONNECT) {
				raw_connect(s, i);
			} else {
				break;
			}
		}
}

static void
raw_answered(struct http_state *s, unsigned i, int leftover)
{
	struct http_raw *r = &s->rx[i];

	judge_answer(s, &s->x[i], (long)httpresp_status(&r->resp),
	    (curl_off_t)(mono_us() - r->start));
	raw_next(s, i, !leftover && httpresp_reusable(&r->resp));
}

static void
raw_recv(struct http_state *s, unsigned i)
{
	struct http_raw *r = &s->rx[i];
	struct http_xfer *x = &s->x[i];
	char text[200];
	ssize_t n;
	size_t off, used;

	for (;;) {
		n = recv(r->fd, s->rbuf, HTTP_RBUF, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (n <= 0 && raw_retry(s, i))
			return;
		if (n < 0) {
			snprintf(text, sizeof(text), "Recv failure: %s",
			    strerror(errno));
			raw_fail(s, i, E_OTHER, text);
			return;
		}
		if (n == 0) {
			if (httpresp_eof(&r->resp) == 0) {
				raw_answered(s, i, 1);
				return;
			}
			snprintf(text, sizeof(text), "%s", r->got == 0 ?
			    "Empty reply from server" : httpresp_error(&r->resp));
			raw_fail(s, i, E_OTHER, text);
			return;
		}
		r->got += (uint64_t)n;
		for (off = 0; off < (size_t)n; off += used) {
			used = httpresp_feed(&r->resp, s->rbuf + off,
			    (size_t)n - off);
			x->bytes += r->resp.body_len;
			if (r->resp.body_len > 0 && (s->re != NULL ||
			    s->cre != NULL) && body_keep(x, r->resp.body,
			    r->resp.body_len) != 0) {
				raw_fail(s, i, E_OTHER, "out of memory");
				return;
			}
			if (httpresp_error(&r->resp) != NULL) {
				snprintf(text, sizeof(text), "malformed "
				    "response: %s", httpresp_error(&r->resp));
				raw_fail(s, i, E_OTHER, text);
				return;
			}
			if (httpresp_done(&r->resp)) {
				raw_answered(s, i, off + used < (size_t)n);
				return;
			}
			if (used == 0)
				break;
		}
		if ((size_t)n < HTTP_RBUF)
			return;		/* the rest, when poll says so */
	}
}

/* Requests whose time is up: a timeout each, as libcurl words it. */
static uint64_t
raw_timeouts(struct http_state *s, uint64_t now)
{
	uint64_t lim = (uint64_t)s->timeout_ms * 1000u, next = UINT64_MAX;
	char text[200];
	unsigned i;

	for (i = 0; i < s->concurrency; i++) {
		struct http_raw *r = &s->rx[i];

		if (r->phase == R_IDLE)
			continue;
		if (now - r->start < lim) {
			if (r->start + lim < next)
				next = r->start + lim;
			continue;
		}
		if (r->connecting)
			snprintf(text, sizeof(text), "Connection timed out "
			    "after %u milliseconds", s->timeout_ms);
		else
			snprintf(text, sizeof(text), "Operation timed out "
			    "after %u milliseconds with %llu bytes received",
			    s->timeout_ms, (unsigned long long)r->got);
		raw_fail(s, i, E_TIMEOUT, text);
		if (s->rx[i].phase != R_IDLE && s->rx[i].start + lim < next)
			next = s->rx[i].start + lim;
	}
	return next;
}

/* Runs every request with the built-in client; -1 if poll failed. */
static int
raw_drive(struct http_state *s)
{
	uint64_t t0, now, next;
	unsigned i;

	t0 = mono_us();
	raw_kick(s);
	while (s->done < s->requests) {
		int r, wait_ms;

		now = mono_us();
		(void)raw_timeouts(s, now);
		raw_kick(s);
		if (s->done >= s->requests)
			break;
		next = raw_timeouts(s, now);	/* none expires: the next one */
		wait_ms = next == UINT64_MAX || next - now > 1000000u ? 1000 :
		    (int)((next - now + 999u) / 1000u);
		r = poll(s->pfd, s->concurrency, wait_ms);
		if (r < 0 && errno != EINTR)
			return -1;
		for (i = 0; r > 0 && i < s->concurrency; i++) {
			short re = s->pfd[i].revents;

			if (re == 0 || s->pfd[i].fd < 0)
				continue;
			s->pfd[i].revents = 0;
			if (s->rx[i].phase == R_SEND)
				raw_send(s, i);
			else if (s->rx[i].phase == R_RECV)
				raw_recv(s, i);
		}
		raw_kick(s);
	}
	s->wall_us = mono_us() - t0;
	return 0;
}

static void
ms_text(uint32_t us, char *out, size_t cap)
{
	snprintf(out, cap, "%u.%03u", us / 1000u, us % 1000u);
}

struct figures {
	char p50[16], p95[16], p99[16], min[16], max[16];
	char rps[32], wall[24], requests[16], conc[16], completed[16];
	char errors[16], ek[E__N][16], statuses[160], exp_status[8];
	char p95_lim[16], p99_lim[16], timeout[16];
	char missed[96];
	char ncapt[16];
};


static void
append(char *b, size_t cap, const char *fmt, ...)
{
	size_t n = strlen(b);
	va_list ap;

	if (n + 1 >= cap)
		return;
	va_start(ap, fmt);
	vsnprintf(b + n, cap - n, fmt, ap);
	va_end(ap);
}

static int
judge(struct http_state *s, const struct item_meta *m, struct out *o)
{
	static struct figures f;
	static char msg[HTTP_MSG_MAX], why[HTTP_MSG_MAX];
	struct rec_ev ev[32];
	unsigned n_ev = 0, errors = 0, k, i;
	enum rec_status st = ST_PASS;
	uint32_t p95 = 0, p99 = 0;

	memset(&f, 0, sizeof(f));
	msg[0] = why[0] = '\0';
	for (k = 0; k < E__N; k++)
		errors += s->errs[k];
	snprintf(f.requests, sizeof(f.requests), "%u", s->requests);
	snprintf(f.conc, sizeof(f.conc), "%u", s->concurrency);
	snprintf(f.completed, sizeof(f.completed), "%zu", s->n_samples);
	snprintf(f.errors, sizeof(f.errors), "%u", errors);
	snprintf(f.timeout, sizeof(f.timeout), "%u", s->timeout_ms);
	snprintf(f.wall, sizeof(f.wall), "%llu",
	    (unsigned long long)(s->wall_us / 1000u));
	snprintf(f.rps, sizeof(f.rps), "%.1f", s->wall_us > 0 ?
	    (double)s->n_samples * 1e6 / (double)s->wall_us : 0.0);
	for (k = 0; k < E__N; k++)
		snprintf(f.ek[k], sizeof(f.ek[k]), "%u", s->errs[k]);
	for (i = 0; i < s->n_codes; i++)
		append(f.statuses, sizeof(f.statuses), "%s%ld:%u",
		    i ? "," : "", s->codes[i], s->code_n[i]);
	if (s->codes_more)
		append(f.statuses, sizeof(f.statuses), ",other:%u",
		    s->codes_more);
	if (s->expect_status)
		snprintf(f.exp_status, sizeof(f.exp_status), "%ld",
		    s->expect_status);
	else
		snprintf(f.exp_status, sizeof(f.exp_status), "2xx");

	if (s->n_samples > 0) {
		pctl_sort(s->samples, s->n_samples);
		ms_text(pctl_value(s->samples, s->n_samples, 50), f.p50,
		    sizeof(f.p50));
		p95 = pctl_value(s->samples, s->n_samples, 95);
		p99 = pctl_value(s->samples, s->n_samples, 99);
		ms_text(p95, f.p95, sizeof(f.p95));
		ms_text(p99, f.p99, sizeof(f.p99));
		ms_text(s->samples[0], f.min, sizeof(f.min));
		ms_text(s->samples[s->n_samples - 1], f.max, sizeof(f.max));
	}

	/* Every figure that missed its bound, named. */
	for (k = 0; k < E__N; k++) {
		if (s->errs[k] == 0)
			continue;
		st = ST_FAIL;
		append(f.missed, sizeof(f.missed), "%s%s", f.missed[0] ? "," :
		    "", err_keys[k]);
		append(why, sizeof(why), "%s%u %s error%s (first: %s)",
		    why[0] ? "; " : "", s->errs[k], err_names[k],
		    s->errs[k] == 1 ? "" : "s", s->first_err[k]);
	}
	if (s->p95_ms) {
		snprintf(f.p95_lim, sizeof(f.p95_lim), "%u", s->p95_ms);
		if (s->n_samples > 0 && p95 > s->p95_ms * 1000u) {
			st = ST_FAIL;
			append(f.missed, sizeof(f.missed), "%sp95_ms",
			    f.missed[0] ? "," : "");
			append(why, sizeof(why), "%sP95 %s ms above the bound "
			    "of %u ms", why[0] ? "; " : "", f.p95, s->p95_ms);
		}
	}
	if (s->p99_ms) {
		snprintf(f.p99_lim, sizeof(f.p99_lim), "%u", s->p99_ms);
		if (s->n_samples > 0 && p99 > s->p99_ms * 1000u) {
			st = ST_FAIL;
			append(f.missed, sizeof(f.missed), "%sp99_ms",
			    f.missed[0] ? "," : "");
			append(why, sizeof(why), "%sP99 %s ms above the bound "
			    "of %u ms", why[0] ? "; " : "", f.p99, s->p99_ms);
		}
	}
	/* Nothing answered at all and the item is optional: not deployed. */
	if (m->optional && s->n_samples == 0 && s->errs[E_CONNECT] ==
	    s->requests) {
		snprintf(msg, sizeof(msg), "not reachable (optional item): %s",
		    s->first_err[E_CONNECT]);
		return check_emit(o, m, ST_SKIP, s->subject, msg, NULL, 0, 0,
		    NULL, 0);
	}

	if (why[0])
		append(msg, sizeof(msg), "%s; ", why);
	append(msg, sizeof(msg), "%zu of %u requests answered at concurrency "
	    "%u", s->n_samples, s->requests, s->concurrency);
	if (s->n_samples > 0)
		append(msg, sizeof(msg), ": P50 %s ms, P95 %s ms%s%s%s, P99 %s "
		    "ms%s%s%s, min %s ms, max %s ms", f.p50, f.p95,
		    s->p95_ms ? " (bound " : "", s->p95_ms ? f.p95_lim : "",
		    s->p95_ms ? " ms)" : "", f.p99,
		    s->p99_ms ? " (bound " : "", s->p99_ms ? f.p99_lim : "",
		    s->p99_ms ? " ms)" : "", f.min, f.max);
	append(msg, sizeof(msg), ", %s requests/s, %u error%s, status %s "
	    "expected", f.rps, errors, errors == 1 ? "" : "s", f.exp_status);
	if (s->cre != NULL) {
		if (s->n_captured > 0)
			append(msg, sizeof(msg), "; captured (%u%s): %s",
			    s->n_captured + s->captured_more,
			    s->captured_more ? ", not all named" : "",
			    s->captured);
		else
			append(msg, sizeof(msg), "; captured: none");
	}

	check_ev(&ev[n_ev++], "requests", f.requests);
	check_ev(&ev[n_ev++], "concurrency", f.conc);
	check_ev(&ev[n_ev++], "completed", f.completed);
	if (s->n_samples > 0) {
		check_ev(&ev[n_ev++], "p50_ms", f.p50);
		check_ev(&ev[n_ev++], "p95_ms", f.p95);
		check_ev(&ev[n_ev++], "p99_ms", f.p99);
		check_ev(&ev[n_ev++], "min_ms", f.min);
		check_ev(&ev[n_ev++], "max_ms", f.max);
	}
	check_ev(&ev[n_ev++], "requests_per_s", f.rps);
	check_ev(&ev[n_ev++], "wall_ms", f.wall);
	check_ev(&ev[n_ev++], "errors", f.errors);
	for (k = 0; k < E__N; k++)
		check_ev(&ev[n_ev++], err_keys[k], f.ek[k]);
	check_ev(&ev[n_ev++], "statuses", f.statuses);
	check_ev(&ev[n_ev++], "expect_status", f.exp_status);
	if (s->p95_ms)
		check_ev(&ev[n_ev++], "p95_bound_ms", f.p95_lim);
	if (s->p99_ms)
		check_ev(&ev[n_ev++], "p99_bound_ms", f.p99_lim);
	check_ev(&ev[n_ev++], "timeout_ms", f.timeout);
	if (f.missed[0])
		check_ev(&ev[n_ev++], "missed", f.missed);
	if (s->cre != NULL) {
		snprintf(f.ncapt, sizeof(f.ncapt), "%u",
		    s->n_captured + s->captured_more);
		check_ev(&ev[n_ev++], "captured_count", f.ncapt);
		check_ev(&ev[n_ev++], "captured", s->captured);
	}
	return check_emit(o, m, st, s->subject, msg, NULL, 0, 0, ev, n_ev);
}

static int
http_run(void *state, const struct item_meta *m, struct out *o)
{
	struct http_state *s = state;
	char msg[400];
	int rc = 3;

	if (s == NULL)
		return 3;
	if (s->setup_err[0] != '\0') {
		/* A name that does not resolve is an unreachable service. */
		enum rec_status st = s->unresolved ? ST_FAIL : ST_ERROR;

		if (s->unresolved && m->optional)
			st = ST_SKIP;
		snprintf(msg, sizeof(msg), "%s%s", s->setup_err,
		    st == ST_SKIP ? " (optional item)" : "");
		rc = check_emit(o, m, st, s->subject, msg, NULL, 0, 0, NULL,
		    0) == 0 ? 0 : 3;
		goto out;
	}
	if ((s->raw ? raw_drive(s) : drive(s)) != 0) {
		rc = check_emit(o, m, ST_ERROR, s->subject, "libcurl failed "
		    "while driving the requests (not judged)", NULL, 0, 0, NULL,
		    0) == 0 ? 0 : 3;
		goto out;
	}
	rc = judge(s, m, o) == 0 ? 0 : 3;
out:
	state_free(s);
	return rc;
}

const struct check_def check_http = {
	.name = "http",
	.summary = "an HTTP endpoint answers, with its latency percentiles "
	    "within bounds",
	.usage = "URL [--requests N] [--concurrency C] [--p95-ms MS] "
	    "[--p99-ms MS] [--expect-status CODE] [--expect-body REGEX] "
	    "[--timeout-ms MS] [--method M] [--data BODY] [--header 'Name: "
	    "value'] [--cafile FILE] [--capture REGEX] [--no-keepalive]",
	.explain =
	    "What: sends --requests requests (default 100) to URL, at most "
	    "--concurrency (default 10) at a time, from one thread, each with "
	    "a --timeout-ms limit (default 10000).  A plain http:// URL "
	    "without user or password, asked with GET or HEAD (no --data), "
	    "goes through signoff's own small HTTP/1.1 client (non-blocking "
	    "sockets, poll, a strict bounded response parser: Content-Length, "
	    "chunked, or until close; a malformed answer is an `other` error "
	    "naming what is wrong); https://, --data, any other --method, "
	    "credentials in the URL or an IPv6 zone go through libcurl's "
	    "multi interface.  Both send the same request bytes.  Every "
	    "answered request is a latency sample (from the start of the "
	    "request, connection included, to the last byte); P50, P95 and P99 are exact nearest-rank values over "
	    "all samples (no average, no histogram), with min, max and "
	    "requests per second.  Errors are counted by kind: connect (refused, "
	    "unreachable, unresolvable), tls (handshake or certificate), "
	    "timeout, status (not --expect-status, default any 2xx), body "
	    "(does not match the --expect-body PCRE2 regex, searched in the "
	    "first 1 MiB), other (connection broken off).  Any error fails; "
	    "so does a P95 above --p95-ms or a P99 above --p99-ms.  The "
	    "failure names every figure that missed.  Redirects are not "
	    "followed, proxies are not used, https is verified against the "
	    "system CA bundle (or --cafile).  --capture REGEX names, in the "
	    "message and the evidence `captured`, the distinct values of the "
	    "regex's first group (or whole match) in the first answered body, "
	    "at most 256 (e.g. the down targets of Prometheus).  Connections "
	    "are kept alive and reused, as a browser or ab -k does; "
	    "--no-keepalive opens a new one for every request (as ab "
	    "without -k), so each sample includes the TCP (and TLS) set-up."
	    "\n\n"
	    "Why: one request says nothing about a P95; a health endpoint "
	    "that answers 503, a redirect to a login page or a slow tail is "
	    "not a healthy service.\n\n"
	    "How to fix: a connect error means nothing listens at that "
	    "address (start the service, check its port and bind address); "
	    "a tls error, a certificate that does not verify for that name; "
	    "a status or body error, the service answers but is not healthy "
	    "(read its logs); a latency bound missed, a slow service or host "
	    "(look at CPU, memory, database and upstream latency).",
	.prepare = http_prepare,
	.run = http_run,
};
