/*
 * reader.c - splits a record stream into lines and parses each with the
 * pure line parser; the renderers get records or one precise error.
 */
#include "record.h"

int
record_read_all(const char *buf, size_t n, struct record *recs, size_t cap,
    size_t *count, struct reader_err *e)
{
	size_t pos = 0, lineno = 0, k = 0;
	int seen_header = 0;

	e->line = 0;
	e->field = 0;
	e->reason = NULL;
	*count = 0;
	while (pos < n) {
		size_t end = pos;
		struct recline_err le;

		while (end < n && buf[end] != '\n' && end - pos < RECORD_MAX_LINE)
			end++;
		lineno++;
		e->line = lineno;
		if (end - pos >= RECORD_MAX_LINE) {
			e->reason = "line longer than 65535 bytes";
			return -1;
		}
		if (end == n) {
			e->reason = "last line has no newline (truncated stream?)";
			return -1;
		}
		if (recline_is_header((const uint8_t *)buf + pos, end - pos)) {
			seen_header = 1;
		} else if (end - pos > 0 && buf[pos] == '#') {
			e->reason = "unknown header or wrong record format version";
			return -1;
		} else {
			if (!seen_header) {
				e->reason = "record before the #signoff-records header";
				return -1;
			}
			if (k == cap) {
				e->reason = "too many records for the memory reserved";
				return -1;
			}
			if (recline_parse((const uint8_t *)buf + pos, end - pos,
			    &recs[k], &le) != 0) {
				e->field = le.field;
				e->reason = le.reason;
				return -1;
			}
			k++;
		}
		pos = end + 1;
	}
	if (!seen_header) {
		e->line = 0;
		e->reason = "empty stream: no #signoff-records header";
		return -1;
	}
	*count = k;
	return 0;
}
