/*
 * record.h - writing and reading record streams (docs/FORMATS.md).
 */
#ifndef SIGNOFF_RECORD_H
#define SIGNOFF_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "../parse/recline.h"
#include "out.h"

/* One evidence pair for the writer; val is raw bytes (escaped on output). */
struct rec_ev {
	const char *key;
	const char *val;
	size_t val_len;
};

/* A record to write; text fields are raw NUL-terminated bytes, escaped on
 * output.  path may be NULL; line/column 0 = absent; duration_ms -1 = absent. */
struct rec_out {
	const char *id, *section, *title;
	enum rec_status status;
	enum rec_severity severity;
	const char *subject, *message, *path;
	uint32_t line, column;
	int64_t duration_ms;
	const struct rec_ev *ev;
	unsigned n_ev;
};

void record_write_header(struct out *o);
/* Returns 0, or -1 (nothing written) if a name is invalid, a required text
 * is empty, or the escaped line would exceed RECORD_MAX_LINE. */
int record_write(struct out *o, const struct rec_out *r);

struct reader_err {
	size_t line;		/* 1-based line number in the stream */
	int field;		/* enum recline_field or 0 */
	const char *reason;	/* static string */
};

/*
 * Splits buf[0..n) into lines and parses every record into recs[0..cap).
 * Header lines are checked and skipped; a missing final newline is an error.
 * Returns 0 and sets *count, or -1 with *e filled.
 */
int record_read_all(const char *buf, size_t n, struct record *recs,
    size_t cap, size_t *count, struct reader_err *e);

#endif
