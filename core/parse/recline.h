/*
 * recline.h - pure parser of one record line (docs/FORMATS.md section 1).
 *
 * No I/O, no allocation: the record points into the caller's buffer, and
 * text fields stay in their escaped form (printable ASCII only).
 */
#ifndef SIGNOFF_RECLINE_H
#define SIGNOFF_RECLINE_H

#include <stddef.h>
#include <stdint.h>

#define RECORD_NFIXED		11
#define RECORD_MAX_EVIDENCE	32
#define RECORD_MAX_LINE		65536	/* bytes, including the newline */
#define RECORD_HEADER		"#signoff-records\t1"

enum rec_status { ST_PASS, ST_FAIL, ST_WARN, ST_SKIP, ST_ERROR, ST__N };
/* Ordered from most to least severe. */
enum rec_severity { SEV_CRITICAL, SEV_HIGH, SEV_MEDIUM, SEV_LOW, SEV_INFO, SEV__N };

/* A span of escaped text inside the caller's buffer; not NUL-terminated. */
struct text {
	const char *p;
	size_t n;
};

struct record {
	struct text id, section, title, subject, message, path;
	enum rec_status status;
	enum rec_severity severity;
	uint32_t line, column;		/* 0 = absent */
	int64_t duration_ms;		/* -1 = absent */
	unsigned n_evidence;
	struct text evidence;		/* raw tail: key=value fields separated by TAB */
};

/* Field numbers used in error reports (1-based, as a user counts). */
enum recline_field {
	RF_ID = 1, RF_SECTION, RF_TITLE, RF_STATUS, RF_SEVERITY, RF_SUBJECT,
	RF_MESSAGE, RF_PATH, RF_LINE, RF_COLUMN, RF_DURATION, RF_EVIDENCE
};

struct recline_err {
	int field;		/* enum recline_field, 0 if not field-specific */
	const char *reason;	/* static string */
};

/*
 * Parses one line (without its trailing newline).  Returns 0 and fills *r,
 * or -1 and fills *e.  The header line is not a record: see recline_is_header.
 */
int recline_parse(const uint8_t *line, size_t n, struct record *r,
    struct recline_err *e);
int recline_is_header(const uint8_t *line, size_t n);

/* Iterates the evidence of a parsed record: *pos starts at 0. Returns 1 while
 * it yields a pair, 0 at the end. */
int recline_evidence_next(const struct record *r, size_t *pos,
    struct text *key, struct text *val);

const char *rec_status_name(enum rec_status s);
const char *rec_severity_name(enum rec_severity s);
/* Returns the enum value, or -1 if the name is not in the vocabulary. */
int rec_status_from(const char *p, size_t n);
int rec_severity_from(const char *p, size_t n);
/* 1 if p[0..n) is a valid id (or section, or evidence key with maxlen 32). */
int rec_name_valid(const char *p, size_t n, size_t maxlen);

#endif
