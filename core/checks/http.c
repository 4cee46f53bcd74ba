/*
 * http.c - `signoff-core check http URL`: N requests at concurrency C, and
 * their latency percentiles, errors and throughput against bounds.
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

enum err_kind { E_CONNECT, E_TLS, E_TIMEOUT, E_STATUS, E_BODY, E_OTHER,
	E__N };
static const char *const err_names[E__N] = { "connect", "tls", "timeout",
	"status", "body", "other" };
static const char *const err_keys[E__N] = { "errors_connect", "errors_tls",
	"errors_timeout", "errors_status", "errors_body", "errors_other" };

struct http_state;

static int on_socket(CURL *, curl_socket_t, int, void *, void *);
static int on_timer(CURLM *, long, void *);

struct http_xfer {
	CURL *easy;
	struct http_state *s;
	uint8_t *body;
	size_t body_len, body_cap;
	uint64_t bytes;
	int body_over;
	char errbuf[CURL_ERROR_SIZE];
};

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
	s->samples = calloc(s->requests, sizeof(*s->samples));
	s->x = calloc(s->concurrency, sizeof(*s->x));
	s->multi = curl_multi_init();
	if (s->samples == NULL || s->x == NULL || s->multi == NULL)
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
	int ok;

	if (res != CURLE_OK) {
		snprintf(text, sizeof(text), "%.190s",
		    x->errbuf[0] ? x->errbuf : curl_easy_strerror(res));
		count_error(s, curl_kind(res), text);
		return;
	}
	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &code);
	curl_easy_getinfo(x->easy, CURLINFO_TOTAL_TIME_T, &t);
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

		curl_easy_getinfo(x->easy, CURLINFO_REDIRECT_URL, &loc);
		snprintf(text, sizeof(text), "status %ld%s%s%s", code,
		    loc ? " (redirect to " : "", loc ? loc : "",
		    loc ? ", not followed)" : "");
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
	if (drive(s) != 0) {
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
	    "--concurrency (default 10) at a time, from one thread (libcurl's "
	    "multi interface), each with a --timeout-ms limit (default "
	    "10000).  Every answered request is a latency sample (libcurl's "
	    "total time); P50, P95 and P99 are exact nearest-rank values over "
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
