/*
 * fuzz/httpresp/harness.c - the HTTP/1.x response parser
 * (core/parse/httpresp.c).  Input: a byte B (bit 0: HEAD request, bit 1:
 * the peer closes at the end), then the response.  The response is parsed
 * whole and again in pieces cut at offsets drawn from B; properties: the
 * same verdict, reason, status, body and reuse either way; body slices lie
 * within the bytes consumed; nothing is consumed after an error.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/httpresp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct outcome {
	const char *err;
	unsigned status;
	int reusable, done;
	size_t used, body_len;
	uint64_t body_sum;
};

static void
parse(const uint8_t *p, size_t len, int head, int eof, size_t step,
    struct outcome *o)
{
	static struct httpresp r;
	size_t off = 0, i;

	memset(o, 0, sizeof(*o));
	httpresp_init(&r, head);
	while (off < len && !httpresp_done(&r) && httpresp_error(&r) == NULL) {
		size_t n = len - off, u;

		if (step && n > step)
			n = step;
		u = httpresp_feed(&r, p + off, n);
		if (u > n)
			abort();
		if (r.body_len > 0 && (r.body < p + off ||
		    r.body + r.body_len > p + off + u))
			abort();
		for (i = 0; i < r.body_len; i++)
			o->body_sum = o->body_sum * 31 + r.body[i];
		o->body_len += r.body_len;
		off += u;
		if (u == 0 && !httpresp_done(&r) && httpresp_error(&r) == NULL)
			abort();	/* no progress */
	}
	if (httpresp_error(&r) != NULL && httpresp_feed(&r, p, len) != 0)
		abort();
	if (eof && !httpresp_done(&r) && httpresp_error(&r) == NULL)
		(void)httpresp_eof(&r);
	o->err = httpresp_error(&r);
	o->status = httpresp_status(&r);
	o->reusable = httpresp_reusable(&r);
	o->done = httpresp_done(&r);
	o->used = off;
	if (o->done && (o->status < 100 || o->status > 599))
		abort();
	if (o->done == (o->err != NULL) && (o->done || o->err))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct outcome a, b;
	size_t step;

	if (size < 1)
		return 0;
	step = 1 + (data[0] >> 2);
	parse(data + 1, size - 1, data[0] & 1, data[0] & 2, 0, &a);
	parse(data + 1, size - 1, data[0] & 1, data[0] & 2, step, &b);
	if (a.err != b.err || a.status != b.status ||
	    a.reusable != b.reusable || a.done != b.done ||
	    a.body_len != b.body_len || a.body_sum != b.body_sum)
		abort();
	if (a.done && a.used != b.used)
		abort();
	return 0;
}
