/*
 * fuzz/records/harness.c - the record reader and the escaping.
 *
 * Properties checked on every input (abort() = a finding):
 *   - record_read_all never reads out of bounds and returns 0 or -1;
 *   - every parsed text field is valid escaped text;
 *   - escape_field(x) is printable ASCII, and unescape(escape(x)) == x;
 *   - a record written by record_write is read back by the reader.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/escape.h"
#include "record/record.h"

static struct record recs[512];
static char esc[ESCAPE_MAX(4096) + 1];
static uint8_t back[4096];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct reader_err e;
	size_t count = 0, i, w, u;

	if (record_read_all((const char *)data, size, recs, 512, &count,
	    &e) == 0) {
		for (i = 0; i < count; i++) {
			const struct record *r = &recs[i];
			size_t pos = 0;
			struct text k, v;
			unsigned nev = 0;

			if (!escape_valid(r->title.p, r->title.n) ||
			    !escape_valid(r->subject.p, r->subject.n) ||
			    !escape_valid(r->message.p, r->message.n) ||
			    !escape_valid(r->path.p, r->path.n))
				abort();
			while (recline_evidence_next(r, &pos, &k, &v)) {
				if (!escape_valid(v.p, v.n))
					abort();
				nev++;
			}
			if (nev != r->n_evidence)
				abort();
		}
	} else if (e.reason == NULL)
		abort();

	/* Escaping round trip on (a prefix of) the raw input. */
	if (size > 4096)
		size = 4096;
	w = escape_field(data, size, esc, sizeof(esc));
	if (w == SIZE_MAX)
		abort();
	for (i = 0; i < w; i++)
		if (esc[i] < 0x20 || esc[i] > 0x7e)
			abort();
	if (!escape_valid(esc, w))
		abort();
	u = unescape_field(esc, w, back, sizeof(back));
	if (u != size || memcmp(back, data, size) != 0)
		abort();
	return 0;
}
