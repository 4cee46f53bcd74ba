/*
 * out.c - fixed-buffer writer; see out.h.  Uses only write(2).
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "out.h"

void
out_init(struct out *o, int fd)
{
	o->fd = fd;
	o->err = 0;
	o->n = 0;
}

static void
drain(struct out *o)
{
	size_t off = 0;

	while (off < o->n && !o->err) {
		ssize_t w = write(o->fd, o->buf + off, o->n - off);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			o->err = 1;
		} else
			off += (size_t)w;
	}
	o->n = 0;
}

void
out_bytes(struct out *o, const void *p, size_t n)
{
	const char *s = p;

	while (n > 0) {
		size_t room = sizeof(o->buf) - o->n;
		size_t k = n < room ? n : room;

		memcpy(o->buf + o->n, s, k);
		o->n += k;
		s += k;
		n -= k;
		if (o->n == sizeof(o->buf))
			drain(o);
	}
}

void
out_str(struct out *o, const char *s)
{
	out_bytes(o, s, strlen(s));
}

void
out_char(struct out *o, char c)
{
	if (o->n == sizeof(o->buf))
		drain(o);
	o->buf[o->n++] = c;
}

void
out_u64(struct out *o, uint64_t v)
{
	char tmp[20];
	size_t i = sizeof(tmp);

	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0 && i > 0);
	out_bytes(o, tmp + i, sizeof(tmp) - i);
}

void
out_i64(struct out *o, int64_t v)
{
	if (v < 0) {
		out_char(o, '-');
		out_u64(o, (uint64_t)0 - (uint64_t)v);
	} else
		out_u64(o, (uint64_t)v);
}

int
out_flush(struct out *o)
{
	drain(o);
	return o->err ? -1 : 0;
}
