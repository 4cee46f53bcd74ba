/*
 * httpresp.h - an HTTP/1.x response parser (pure: caller-owned state, no
 * allocation, no I/O, no recursion), fed incrementally at any split point.
 *
 * It reads the status line, the header fields it needs (Content-Length,
 * Transfer-Encoding: chunked, Connection, Location), skips 1xx interim
 * answers, and frames the body: none (HEAD, 204, 304), Content-Length,
 * chunked (extensions ignored, trailers checked and skipped) or until the
 * peer closes.  Everything else is an error with a reason, and sticky.
 * Limits: a line HTTPRESP_LINE_MAX bytes, the head (status and header
 * lines, trailers, interim answers) HTTPRESP_HEAD_MAX bytes and
 * HTTPRESP_FIELDS_MAX lines, HTTPRESP_INTERIM_MAX interim answers.
 */
#ifndef SIGNOFF_HTTPRESP_H
#define SIGNOFF_HTTPRESP_H

#include <stddef.h>
#include <stdint.h>

#define HTTPRESP_LINE_MAX	8192
#define HTTPRESP_HEAD_MAX	65536
#define HTTPRESP_FIELDS_MAX	100
#define HTTPRESP_INTERIM_MAX	8
#define HTTPRESP_LOC_MAX	2048

struct httpresp {
	/* Body bytes of the input given to the last httpresp_feed (a
	 * pointer into it), or body_len 0. */
	const uint8_t *body;
	size_t body_len;

	/* private */
	const char *err;
	unsigned state, flags, status, fields, interim;
	size_t head_bytes, line_len, loc_len;
	uint64_t left, clen;
	char loc[HTTPRESP_LOC_MAX];
	char line[HTTPRESP_LINE_MAX];
};

/* Starts a response; head_request: the request was HEAD (no body). */
void httpresp_init(struct httpresp *r, int head_request);

/*
 * Consumes bytes of buf until one run of body bytes was found (r->body),
 * the response is complete, an error, or the input is used up; returns
 * the number consumed.  Bytes after a complete response are not consumed.
 */
size_t httpresp_feed(struct httpresp *r, const void *buf, size_t len);

/* The peer closed: completes a body read until close; anything else
 * unfinished becomes an error.  Returns 0 if complete, -1 if not. */
int httpresp_eof(struct httpresp *r);

int httpresp_done(const struct httpresp *r);
/* The reason the response is malformed, or NULL. */
const char *httpresp_error(const struct httpresp *r);
/* The final status (100..599), 0 unless complete. */
unsigned httpresp_status(const struct httpresp *r);
/* 1 if complete and the connection may carry another request. */
int httpresp_reusable(const struct httpresp *r);
/* The Location of a complete 3xx answer, NUL-terminated, or NULL (none,
 * or longer than HTTPRESP_LOC_MAX - 1 bytes). */
const char *httpresp_location(const struct httpresp *r);

#endif
