/*
 * httpresp.c - HTTP/1.x response parser (see httpresp.h).  Lines are
 * gathered into r->line (bounded), then judged whole; body bytes are
 * handed back as slices of the input, never copied.
 */
#include <string.h>

#include "parse/httpresp.h"

enum { S_STATUS, S_HEADER, S_BODY_LEN, S_BODY_CLOSE, S_CHUNK_SIZE,
	S_CHUNK_DATA, S_CHUNK_END, S_TRAILER, S_DONE, S_ERR };

#define F_HEAD		0x01u
#define F_CLEN		0x02u
#define F_CHUNKED	0x04u
#define F_CLOSE		0x08u
#define F_KEEP		0x10u
#define F_HTTP10	0x20u
#define F_LOC		0x40u
#define F_LOC_CUT	0x80u
#define F_TE		0x100u
#define F_UNTIL_CLOSE	0x200u

static void
fail(struct httpresp *r, const char *why)
{
	r->err = why;
	r->state = S_ERR;
}

void
httpresp_init(struct httpresp *r, int head_request)
{
	r->body = NULL;
	r->body_len = 0;
	r->err = NULL;
	r->state = S_STATUS;
	r->flags = head_request ? F_HEAD : 0;
	r->status = r->fields = r->interim = 0;
	r->head_bytes = r->line_len = r->loc_len = 0;
	r->left = r->clen = 0;
}

static int
is_tchar(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || (c != '\0' && strchr("!#$%&'*+-.^_`|~",
	    c) != NULL);
}

/* A field-value byte: HTAB, SP, VCHAR or obs-text. */
static int
is_vbyte(unsigned char c)
{
	return c == '\t' || (c >= 0x20 && c != 0x7f);
}

static int
lower_eq(const char *a, size_t n, const char *lit)
{
	size_t i;

	if (strlen(lit) != n)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)a[i];

		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c + 32);
		if (c != (unsigned char)lit[i])
			return 0;
	}
	return 1;
}

static void
on_status(struct httpresp *r, const char *l, size_t n)
{
	size_t i;

	if (n < 12 || memcmp(l, "HTTP/1.", 7) != 0 || l[7] < '0' ||
	    l[7] > '9' || l[8] != ' ') {
		fail(r, "not an HTTP/1.x status line");
		return;
	}
	if (l[9] < '1' || l[9] > '5' || l[10] < '0' || l[10] > '9' ||
	    l[11] < '0' || l[11] > '9' || (n > 12 && l[12] != ' ')) {
		fail(r, "the status code is not 100..599");
		return;
	}
	for (i = 13; i < n; i++)
		if (!is_vbyte((unsigned char)l[i])) {
			fail(r, "a control byte in the status line");
			return;
		}
	r->status = (unsigned)(l[9] - '0') * 100 + (unsigned)(l[10] - '0') *
	    10 + (unsigned)(l[11] - '0');
	if (l[7] == '0')
		r->flags |= F_HTTP10;
	r->state = S_HEADER;
}

/* Comma-separated tokens of Connection. */
static void
on_connection(struct httpresp *r, const char *v, size_t n)
{
	size_t i = 0, a, b;

	while (i < n) {
		while (i < n && (v[i] == ' ' || v[i] == '\t' || v[i] == ','))
			i++;
		a = i;
		while (i < n && v[i] != ',')
			i++;
		b = i;
		while (b > a && (v[b - 1] == ' ' || v[b - 1] == '\t'))
			b--;
		if (lower_eq(v + a, b - a, "close"))
			r->flags |= F_CLOSE;
		else if (lower_eq(v + a, b - a, "keep-alive"))
			r->flags |= F_KEEP;
	}
}

static void
on_clen(struct httpresp *r, const char *v, size_t n)
{
	uint64_t x = 0;
	size_t i;

	if (n == 0 || n > 18) {
		fail(r, "Content-Length is not a number of 1..18 digits");
		return;
	}
	for (i = 0; i < n; i++) {
		if (v[i] < '0' || v[i] > '9') {
			fail(r, "Content-Length is not a number");
			return;
		}
		x = x * 10 + (uint64_t)(v[i] - '0');
	}
	if ((r->flags & F_CLEN) && x != r->clen) {
		fail(r, "two different Content-Length values");
		return;
	}
	r->flags |= F_CLEN;
	r->clen = x;
}

/* A header or trailer line: "name: value"; trailer: checked only. */
static void
on_field(struct httpresp *r, const char *l, size_t n, int trailer)
{
	size_t i = 0, a, b;

	if (++r->fields > HTTPRESP_FIELDS_MAX) {
		fail(r, "more than 100 header lines");
		return;
	}
	if (l[0] == ' ' || l[0] == '\t') {
		fail(r, "a folded header line (obsolete)");
		return;
	}
	while (i < n && is_tchar((unsigned char)l[i]))
		i++;
	if (i == 0 || i == n || l[i] != ':') {
		fail(r, "a header line that is not 'name: value'");
		return;
	}
	for (a = i + 1; a < n; a++)
		if (!is_vbyte((unsigned char)l[a])) {
			fail(r, "a control byte in a header value");
			return;
		}
	a = i + 1;
	while (a < n && (l[a] == ' ' || l[a] == '\t'))
		a++;
	b = n;
	while (b > a && (l[b - 1] == ' ' || l[b - 1] == '\t'))
		b--;
	if (trailer)
		return;
	if (lower_eq(l, i, "content-length")) {
		on_clen(r, l + a, b - a);
	} else if (lower_eq(l, i, "transfer-encoding")) {
		if (r->flags & F_TE)
			fail(r, "Transfer-Encoding given twice");
		else if (!lower_eq(l + a, b - a, "chunked"))
			fail(r, "a Transfer-Encoding other than chunked");
		r->flags |= F_TE | F_CHUNKED;
	} else if (lower_eq(l, i, "connection")) {
		on_connection(r, l + a, b - a);
	} else if (lower_eq(l, i, "location") && !(r->flags & F_LOC)) {
		r->flags |= F_LOC;
		if (b - a >= HTTPRESP_LOC_MAX) {
			r->flags |= F_LOC_CUT;
		} else {
			memcpy(r->loc, l + a, b - a);
			r->loc[b - a] = '\0';
			r->loc_len = b - a;
		}
	}
}

/* The empty line after the header fields: frames the body. */
static void
on_head_end(struct httpresp *r)
{
	if (r->status < 200) {
		if (r->status == 101) {
			fail(r, "101 Switching Protocols, not asked for");
			return;
		}
		if (++r->interim > HTTPRESP_INTERIM_MAX) {
			fail(r, "more than 8 interim (1xx) answers");
			return;
		}
		r->flags &= F_HEAD;
		r->loc_len = 0;
		r->clen = 0;
		r->state = S_STATUS;
		return;
	}
	if ((r->flags & F_CHUNKED) && (r->flags & F_CLEN)) {
		fail(r, "both Content-Length and Transfer-Encoding");
		return;
	}
	if ((r->flags & F_HEAD) || r->status == 204 || r->status == 304) {
		r->state = S_DONE;
	} else if (r->flags & F_CHUNKED) {
		r->state = S_CHUNK_SIZE;
	} else if (r->flags & F_CLEN) {
		r->left = r->clen;
		r->state = r->left ? S_BODY_LEN : S_DONE;
	} else {
		r->flags |= F_UNTIL_CLOSE;
		r->state = S_BODY_CLOSE;
	}
}

static void
on_chunk_size(struct httpresp *r, const char *l, size_t n)
{
	uint64_t x = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		char c = l[i];
		unsigned d;

		if (c >= '0' && c <= '9')
			d = (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			d = (unsigned)(c - 'A' + 10);
		else
			break;
		if (i >= 15) {
			fail(r, "a chunk size of more than 15 hex digits");
			return;
		}
		x = x << 4 | d;
	}
	if (i == 0) {
		fail(r, "a chunk size that is not hexadecimal");
		return;
	}
	while (i < n && (l[i] == ' ' || l[i] == '\t'))
		i++;
	if (i < n && l[i] != ';') {
		fail(r, "junk after a chunk size");
		return;
	}
	for (; i < n; i++)
		if (!is_vbyte((unsigned char)l[i])) {
			fail(r, "a control byte in a chunk extension");
			return;
		}
	r->left = x;
	r->state = x ? S_CHUNK_DATA : S_TRAILER;
}

/* One complete line (LF and a CR before it removed). */
static void
on_line(struct httpresp *r, const char *l, size_t n)
{
	switch (r->state) {
	case S_STATUS:
		on_status(r, l, n);
		break;
	case S_HEADER:
		if (n == 0)
			on_head_end(r);
		else
			on_field(r, l, n, 0);
		break;
	case S_CHUNK_SIZE:
		on_chunk_size(r, l, n);
		break;
	case S_CHUNK_END:
		if (n != 0)
			fail(r, "chunk data not followed by CRLF");
		else
			r->state = S_CHUNK_SIZE;
		break;
	default:	/* S_TRAILER */
		if (n == 0)
			r->state = S_DONE;
		else
			on_field(r, l, n, 1);
		break;
	}
}

size_t
httpresp_feed(struct httpresp *r, const void *buf, size_t len)
{
	const uint8_t *p = buf;
	size_t used = 0;

	r->body = NULL;
	r->body_len = 0;
	while (used < len && r->state < S_DONE) {
		const uint8_t *nl;
		size_t n, take;

		if (r->state == S_BODY_LEN || r->state == S_CHUNK_DATA) {
			n = len - used;
			if (n > r->left)
				n = (size_t)r->left;
			r->body = p + used;
			r->body_len = n;
			r->left -= n;
			if (r->left == 0)
				r->state = r->state == S_BODY_LEN ? S_DONE :
				    S_CHUNK_END;
			return used + n;
		}
		if (r->state == S_BODY_CLOSE) {
			r->body = p + used;
			r->body_len = len - used;
			return len;
		}
		nl = memchr(p + used, '\n', len - used);
		n = nl != NULL ? (size_t)(nl - (p + used)) : len - used;
		take = n + (nl != NULL);
		if (n > HTTPRESP_LINE_MAX - r->line_len) {
			fail(r, "a line longer than 8192 bytes");
			break;
		}
		if (r->state != S_CHUNK_SIZE && r->state != S_CHUNK_END) {
			if (take > HTTPRESP_HEAD_MAX - r->head_bytes) {
				fail(r, "a head larger than 65536 bytes");
				break;
			}
			r->head_bytes += take;
		}
		memcpy(r->line + r->line_len, p + used, n);
		r->line_len += n;
		used += take;
		if (nl == NULL)
			break;
		n = r->line_len;
		r->line_len = 0;
		if (n > 0 && r->line[n - 1] == '\r')
			n--;
		on_line(r, r->line, n);
	}
	return used;
}

int
httpresp_eof(struct httpresp *r)
{
	if (r->state == S_BODY_CLOSE)
		r->state = S_DONE;
	else if (r->state == S_STATUS && r->head_bytes == 0 &&
	    r->line_len == 0 && r->interim == 0)
		fail(r, "empty reply");
	else if (r->state < S_DONE)
		fail(r, r->state <= S_HEADER || r->state == S_TRAILER ?
		    "closed in the middle of the head" :
		    "closed in the middle of the body");
	return r->state == S_DONE ? 0 : -1;
}

int
httpresp_done(const struct httpresp *r)
{
	return r->state == S_DONE;
}

const char *
httpresp_error(const struct httpresp *r)
{
	return r->state == S_ERR ? r->err : NULL;
}

unsigned
httpresp_status(const struct httpresp *r)
{
	return r->state == S_DONE ? r->status : 0;
}

int
httpresp_reusable(const struct httpresp *r)
{
	if (r->state != S_DONE || (r->flags & (F_CLOSE | F_UNTIL_CLOSE)))
		return 0;
	return !(r->flags & F_HTTP10) || (r->flags & F_KEEP);
}

const char *
httpresp_location(const struct httpresp *r)
{
	if (r->state != S_DONE || r->status < 300 || r->status > 399 ||
	    (r->flags & (F_LOC | F_LOC_CUT)) != F_LOC)
		return NULL;
	return r->loc;
}
