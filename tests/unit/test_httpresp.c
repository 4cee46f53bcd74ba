/*
 * test_httpresp.c - the HTTP/1.x response parser (parse/httpresp.c): each
 * vector is fed whole, split at every byte, and one byte at a time, and
 * must give the same verdict, status, body, reuse and bytes consumed.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/httpresp.h"

struct vec {
	const char *name;
	const char *in;
	int head;		/* the request was HEAD */
	int eof;		/* the peer closes after the input */
	unsigned status;	/* 0: an error is expected */
	const char *body;	/* or the error's reason (a substring) */
	int reusable;
	size_t used;		/* bytes consumed; 0 = all of in */
};

static const struct vec vecs[] = {
	{ "content-length", "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nok\n",
	    0, 0, 200, "ok\n", 1, 0 },
	{ "bare LF lines", "HTTP/1.1 200 OK\nContent-Length: 2\n\nhi", 0, 0,
	    200, "hi", 1, 0 },
	{ "no reason phrase", "HTTP/1.1 204\r\n\r\n", 0, 0, 204, "", 1, 0 },
	{ "empty body", "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", 0, 0,
	    200, "", 1, 0 },
	{ "pipelined bytes are left", "HTTP/1.1 200 OK\r\nContent-Length: 1"
	    "\r\n\r\naHTTP/1.1", 0, 0, 200, "a", 1, 39 },
	{ "chunked, extensions, trailer", "HTTP/1.1 200 OK\r\nTransfer-"
	    "Encoding: Chunked\r\n\r\n5;x=1\r\nhello\r\nA\r\n 012345678\r\n0"
	    "\r\nX-T: 1\r\n\r\n", 0, 0, 200, "hello 012345678", 1, 0 },
	{ "connection close", "HTTP/1.1 200 OK\r\nConnection: Keep-Alive, "
	    "close\r\nContent-Length: 1\r\n\r\nx", 0, 0, 200, "x", 0, 0 },
	{ "1.0 keep-alive", "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\n"
	    "Content-Length: 1\r\n\r\nx", 0, 0, 200, "x", 1, 0 },
	{ "1.0 closes", "HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\nx", 0,
	    0, 200, "x", 0, 0 },
	{ "until close", "HTTP/1.0 200 OK\r\nServer: x\r\n\r\nabc\r\ndef",
	    0, 1, 200, "abc\r\ndef", 0, 0 },
	{ "HEAD ignores Content-Length", "HTTP/1.1 200 OK\r\nContent-Length:"
	    " 100\r\n\r\n", 1, 0, 200, "", 1, 0 },
	{ "304 has no body", "HTTP/1.1 304 Not Modified\r\nContent-Length: 9"
	    "\r\n\r\n", 0, 0, 304, "", 1, 0 },
	{ "interim 100 then 200", "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 "
	    "201 Created\r\nContent-Length: 2\r\n\r\nok", 0, 0, 201, "ok", 1, 0 },
	{ "same Content-Length twice", "HTTP/1.1 200 OK\r\nContent-Length: 1"
	    "\r\ncontent-length:1 \r\n\r\nz", 0, 0, 200, "z", 1, 0 },
	{ "obs-text in a value", "HTTP/1.1 200 OK\r\nX: \xc3\xa9\r\nContent-"
	    "Length: 0\r\n\r\n", 0, 0, 200, "", 1, 0 },
	/* errors */
	{ "HTTP/2", "HTTP/2 200\r\n\r\n", 0, 0, 0, "status line", 0, 0 },
	{ "HTTP/0.9", "hello world\n", 0, 1, 0, "status line", 0, 0 },
	{ "status 99", "HTTP/1.1 099 x\r\n\r\n", 0, 0, 0, "100..599", 0, 0 },
	{ "status 600", "HTTP/1.1 600 x\r\n\r\n", 0, 0, 0, "100..599", 0, 0 },
	{ "status 4 digits", "HTTP/1.1 2000\r\n\r\n", 0, 0, 0, "100..599", 0,
	    0 },
	{ "control byte in reason", "HTTP/1.1 200 O\x01K\r\n\r\n", 0, 0, 0,
	    "control byte", 0, 0 },
	{ "no colon", "HTTP/1.1 200 OK\r\nBad header\r\n\r\n", 0, 0, 0,
	    "name: value", 0, 0 },
	{ "blank before colon", "HTTP/1.1 200 OK\r\nX :1\r\n\r\n", 0, 0, 0,
	    "name: value", 0, 0 },
	{ "folded line", "HTTP/1.1 200 OK\r\nX: 1\r\n 2\r\n\r\n", 0, 0, 0,
	    "folded", 0, 0 },
	{ "DEL in value", "HTTP/1.1 200 OK\r\nX: a\x7f\r\n\r\n", 0, 0, 0,
	    "control byte", 0, 0 },
	{ "bare CR in value", "HTTP/1.1 200 OK\r\nX: a\rb\r\n\r\n", 0, 0, 0,
	    "control byte", 0, 0 },
	{ "Content-Length not a number", "HTTP/1.1 200 OK\r\nContent-Length:"
	    " 1x\r\n\r\n", 0, 0, 0, "not a number", 0, 0 },
	{ "Content-Length list", "HTTP/1.1 200 OK\r\nContent-Length: 1, 1\r\n"
	    "\r\n", 0, 0, 0, "not a number", 0, 0 },
	{ "Content-Length 19 digits", "HTTP/1.1 200 OK\r\nContent-Length: "
	    "1000000000000000000\r\n\r\n", 0, 0, 0, "18 digits", 0, 0 },
	{ "two Content-Lengths", "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n"
	    "Content-Length: 2\r\n\r\nab", 0, 0, 0, "two different", 0, 0 },
	{ "gzip coding", "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked"
	    "\r\n\r\n", 0, 0, 0, "other than chunked", 0, 0 },
	{ "chunked and Content-Length", "HTTP/1.1 200 OK\r\nTransfer-Encoding"
	    ": chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n", 0, 0, 0,
	    "both", 0, 0 },
	{ "chunk size not hex", "HTTP/1.1 200 OK\r\nTransfer-Encoding: "
	    "chunked\r\n\r\nzz\r\n", 0, 0, 0, "not hexadecimal", 0, 0 },
	{ "chunk size too long", "HTTP/1.1 200 OK\r\nTransfer-Encoding: "
	    "chunked\r\n\r\n1000000000000000\r\n", 0, 0, 0, "15 hex", 0, 0 },
	{ "chunk size junk", "HTTP/1.1 200 OK\r\nTransfer-Encoding: "
	    "chunked\r\n\r\n1 x\r\nz\r\n0\r\n\r\n", 0, 0, 0, "junk", 0, 0 },
	{ "chunk without CRLF", "HTTP/1.1 200 OK\r\nTransfer-Encoding: "
	    "chunked\r\n\r\n1\r\nzz\r\n0\r\n\r\n", 0, 0, 0, "CRLF", 0, 0 },
	{ "101 not asked for", "HTTP/1.1 101 Switching Protocols\r\n\r\n",
	    0, 0, 0, "101", 0, 0 },
	{ "empty reply", "", 0, 1, 0, "empty reply", 0, 0 },
	{ "closed in the head", "HTTP/1.1 200 OK\r\nX: 1", 0, 1, 0,
	    "middle of the head", 0, 0 },
	{ "closed in the body", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n"
	    "\r\nab", 0, 1, 0, "middle of the body", 0, 0 },
	{ "closed in a chunk", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked"
	    "\r\n\r\n5\r\nab", 0, 1, 0, "middle of the body", 0, 0 },
};

/* Feeds v->in in pieces: at split (0 = whole), or step bytes at a time. */
static void
run(const struct vec *v, size_t split, size_t step)
{
	static struct httpresp r;
	char body[256];
	size_t len = strlen(v->in), off = 0, bl = 0, used = 0;
	const char *why;

	httpresp_init(&r, v->head);
	while (off < len) {
		size_t n = step ? step : (off < split ? split - off : len - off);
		size_t u;

		if (n > len - off)
			n = len - off;
		u = httpresp_feed(&r, v->in + off, n);
		assert_true(u <= n);
		if (r.body_len > 0) {
			assert_true(bl + r.body_len < sizeof(body));
			assert_true(r.body >= (const uint8_t *)v->in + off &&
			    r.body + r.body_len <= (const uint8_t *)v->in + off + u);
			memcpy(body + bl, r.body, r.body_len);
			bl += r.body_len;
		}
		used += u;
		off += u;
		if (httpresp_done(&r) || httpresp_error(&r) != NULL)
			break;
		if (u < n)	/* stopped after a body run: the rest */
			continue;
	}
	if (v->eof && !httpresp_done(&r) && httpresp_error(&r) == NULL)
		(void)httpresp_eof(&r);
	body[bl] = '\0';
	why = httpresp_error(&r);
	if (v->status == 0) {
		if (why == NULL || strstr(why, v->body) == NULL)
			fail_msg("%s (split %zu step %zu): expected an error "
			    "with \"%s\", got %s", v->name, split, step, v->body,
			    why ? why : "none");
		assert_int_equal(httpresp_status(&r), 0);
		assert_false(httpresp_reusable(&r));
		return;
	}
	if (why != NULL)
		fail_msg("%s (split %zu step %zu): %s", v->name, split, step,
		    why);
	assert_true(httpresp_done(&r));
	assert_int_equal(httpresp_status(&r), v->status);
	assert_string_equal(body, v->body);
	assert_int_equal(httpresp_reusable(&r), v->reusable);
	assert_int_equal(used, v->used ? v->used : len);
}

static void
test_vectors(void **st)
{
	size_t i, k, len;

	(void)st;
	for (i = 0; i < sizeof(vecs) / sizeof(vecs[0]); i++) {
		len = strlen(vecs[i].in);
		run(&vecs[i], 0, 0);
		run(&vecs[i], 0, 1);
		for (k = 1; k < len; k++)
			run(&vecs[i], k, 0);
	}
}

static void
test_location(void **st)
{
	static struct httpresp r;
	const char *in = "HTTP/1.1 302 Found\r\nLocation:  /ok \r\nLocation: "
	    "/no\r\nContent-Length: 0\r\n\r\n";

	(void)st;
	httpresp_init(&r, 0);
	assert_null(httpresp_location(&r));
	assert_int_equal(httpresp_feed(&r, in, strlen(in)), strlen(in));
	assert_string_equal(httpresp_location(&r), "/ok");
	/* only for a 3xx */
	in = "HTTP/1.1 200 OK\r\nLocation: /ok\r\nContent-Length: 0\r\n\r\n";
	httpresp_init(&r, 0);
	(void)httpresp_feed(&r, in, strlen(in));
	assert_true(httpresp_done(&r));
	assert_null(httpresp_location(&r));
}

/* The limits: a line, the head, the count of lines, interim answers. */
static void
test_limits(void **st)
{
	static struct httpresp r;
	static char buf[200000];
	size_t n, i;

	(void)st;
	/* a line of exactly HTTPRESP_LINE_MAX bytes (CR included) passes */
	n = (size_t)snprintf(buf, sizeof(buf), "HTTP/1.1 200 OK\r\nX: ");
	memset(buf + n, 'a', HTTPRESP_LINE_MAX - 4);
	n += HTTPRESP_LINE_MAX - 4;
	n += (size_t)snprintf(buf + n, sizeof(buf) - n, "\r\nContent-Length:"
	    " 0\r\n\r\n");
	httpresp_init(&r, 0);
	(void)httpresp_feed(&r, buf, n);
	assert_true(httpresp_done(&r));
	/* one byte more: an error */
	n = (size_t)snprintf(buf, sizeof(buf), "HTTP/1.1 200 OK\r\nX: ");
	memset(buf + n, 'a', HTTPRESP_LINE_MAX - 3);
	n += HTTPRESP_LINE_MAX - 3;
	n += (size_t)snprintf(buf + n, sizeof(buf) - n, "\r\n\r\n");
	httpresp_init(&r, 0);
	(void)httpresp_feed(&r, buf, n);
	assert_non_null(strstr(httpresp_error(&r), "longer than 8192"));
	/* 100 header lines pass, 101 fail */
	for (i = 100; i <= 101; i++) {
		size_t k;

		n = (size_t)snprintf(buf, sizeof(buf), "HTTP/1.1 200 OK\r\n");
		for (k = 0; k + 1 < i; k++)
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, "X: 1\r\n");
		n += (size_t)snprintf(buf + n, sizeof(buf) - n,
		    "Content-Length: 0\r\n\r\n");
		httpresp_init(&r, 0);
		(void)httpresp_feed(&r, buf, n);
		if (i == 100)
			assert_true(httpresp_done(&r));
		else
			assert_non_null(strstr(httpresp_error(&r), "100 header"));
	}
	/* a head over 64 KiB, in lines each within the limit */
	n = (size_t)snprintf(buf, sizeof(buf), "HTTP/1.1 200 OK\r\n");
	for (i = 0; i < 9; i++) {
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "X: ");
		memset(buf + n, 'b', 8000);
		n += 8000;
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "\r\n");
	}
	httpresp_init(&r, 0);
	(void)httpresp_feed(&r, buf, n);
	assert_non_null(strstr(httpresp_error(&r), "larger than 65536"));
	/* 8 interim answers pass, 9 fail */
	for (i = 8; i <= 9; i++) {
		size_t k;

		n = 0;
		for (k = 0; k < i; k++)
			n += (size_t)snprintf(buf + n, sizeof(buf) - n,
			    "HTTP/1.1 103 Early Hints\r\n\r\n");
		n += (size_t)snprintf(buf + n, sizeof(buf) - n,
		    "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
		httpresp_init(&r, 0);
		(void)httpresp_feed(&r, buf, n);
		if (i == 8)
			assert_int_equal(httpresp_status(&r), 200);
		else
			assert_non_null(strstr(httpresp_error(&r), "interim"));
	}
}

/* Errors are sticky: nothing more is consumed, no status is given. */
static void
test_sticky(void **st)
{
	static struct httpresp r;

	(void)st;
	httpresp_init(&r, 0);
	(void)httpresp_feed(&r, "HTTP/9.9 200\r\n", 14);
	assert_non_null(httpresp_error(&r));
	assert_int_equal(httpresp_feed(&r, "HTTP/1.1 200 OK\r\n\r\n", 19), 0);
	assert_int_equal(httpresp_eof(&r), -1);
	assert_int_equal(httpresp_status(&r), 0);
	/* a NUL byte in a value */
	httpresp_init(&r, 0);
	(void)httpresp_feed(&r, "HTTP/1.1 200 OK\r\nX: a\0b\r\n\r\n", 27);
	assert_non_null(httpresp_error(&r));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors),
		cmocka_unit_test(test_location),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_sticky),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
