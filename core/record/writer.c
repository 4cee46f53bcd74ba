/*
 * writer.c - writes records with every text field escaped (escape.c), so
 * the line a check emits is the line a reader parses, whatever bytes a
 * hostile file name holds.
 */
#include <string.h>

#include "../parse/escape.h"
#include "record.h"

void
record_write_header(struct out *o)
{
	out_str(o, RECORD_HEADER "\n");
}

/* Line assembly buffer: static, so a check's stack stays small. */
static char line[RECORD_MAX_LINE];

struct lbuf {
	size_t n;
	int overflow;
};

static void
put_raw(struct lbuf *b, const char *s, size_t n)
{
	if (b->overflow || n > sizeof(line) - 1 - b->n) {
		b->overflow = 1;
		return;
	}
	memcpy(line + b->n, s, n);
	b->n += n;
}

static void
put_esc(struct lbuf *b, const char *s, size_t n)
{
	size_t w;

	if (b->overflow)
		return;
	w = escape_field((const uint8_t *)s, n, line + b->n,
	    sizeof(line) - 1 - b->n);
	if (w == SIZE_MAX)
		b->overflow = 1;
	else
		b->n += w;
}

static void
put_uint(struct lbuf *b, uint64_t v)
{
	char tmp[24];
	size_t i = sizeof(tmp);

	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	put_raw(b, tmp + i, sizeof(tmp) - i);
}

int
record_write(struct out *o, const struct rec_out *r)
{
	struct lbuf b = { 0, 0 };
	unsigned i;

	if (!rec_name_valid(r->id, strlen(r->id), 64) ||
	    !rec_name_valid(r->section, strlen(r->section), 64))
		return -1;
	if ((unsigned)r->status >= ST__N || (unsigned)r->severity >= SEV__N)
		return -1;
	if (!r->title[0] || !r->subject[0] || !r->message[0])
		return -1;
	if ((r->line || r->column) && (!r->path || !r->path[0]))
		return -1;
	if (r->n_ev > RECORD_MAX_EVIDENCE || r->line > 0x7fffffff ||
	    r->column > 0x7fffffff)
		return -1;

	put_raw(&b, r->id, strlen(r->id));
	put_raw(&b, "\t", 1);
	put_raw(&b, r->section, strlen(r->section));
	put_raw(&b, "\t", 1);
	put_esc(&b, r->title, strlen(r->title));
	put_raw(&b, "\t", 1);
	put_raw(&b, rec_status_name(r->status), strlen(rec_status_name(r->status)));
	put_raw(&b, "\t", 1);
	put_raw(&b, rec_severity_name(r->severity),
	    strlen(rec_severity_name(r->severity)));
	put_raw(&b, "\t", 1);
	put_esc(&b, r->subject, strlen(r->subject));
	put_raw(&b, "\t", 1);
	put_esc(&b, r->message, strlen(r->message));
	put_raw(&b, "\t", 1);
	if (r->path)
		put_esc(&b, r->path, strlen(r->path));
	put_raw(&b, "\t", 1);
	if (r->line)
		put_uint(&b, r->line);
	put_raw(&b, "\t", 1);
	if (r->column)
		put_uint(&b, r->column);
	put_raw(&b, "\t", 1);
	if (r->duration_ms >= 0)
		put_uint(&b, (uint64_t)r->duration_ms);
	for (i = 0; i < r->n_ev; i++) {
		unsigned j;

		if (!rec_name_valid(r->ev[i].key, strlen(r->ev[i].key), 32))
			return -1;
		for (j = 0; j < i; j++)
			if (strcmp(r->ev[i].key, r->ev[j].key) == 0)
				return -1;
		put_raw(&b, "\t", 1);
		put_raw(&b, r->ev[i].key, strlen(r->ev[i].key));
		put_raw(&b, "=", 1);
		put_esc(&b, r->ev[i].val, r->ev[i].val_len);
	}
	if (b.overflow)
		return -1;
	line[b.n++] = '\n';
	out_bytes(o, line, b.n);
	return 0;
}
