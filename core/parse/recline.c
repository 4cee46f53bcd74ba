/*
 * recline.c - pure parser of one record line; see recline.h.
 * No I/O, no allocation; every loop is bounded by the line length.
 */
#include <stddef.h>
#include <stdint.h>

#include "escape.h"
#include "recline.h"

static const char *const status_names[ST__N] = {
	"pass", "fail", "warn", "skip", "error"
};
static const char *const severity_names[SEV__N] = {
	"critical", "high", "medium", "low", "info"
};

const char *
rec_status_name(enum rec_status s)
{
	return (unsigned)s < ST__N ? status_names[s] : "?";
}

const char *
rec_severity_name(enum rec_severity s)
{
	return (unsigned)s < SEV__N ? severity_names[s] : "?";
}

static int
span_eq(const char *p, size_t n, const char *lit)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (lit[i] == '\0' || lit[i] != p[i])
			return 0;
	return lit[n] == '\0';
}

int
rec_status_from(const char *p, size_t n)
{
	int i;

	for (i = 0; i < ST__N; i++)
		if (span_eq(p, n, status_names[i]))
			return i;
	return -1;
}

int
rec_severity_from(const char *p, size_t n)
{
	int i;

	for (i = 0; i < SEV__N; i++)
		if (span_eq(p, n, severity_names[i]))
			return i;
	return -1;
}

static int
name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	    c == '.' || c == '_' || c == '-';
}

int
rec_name_valid(const char *p, size_t n, size_t maxlen)
{
	size_t i;

	if (n == 0 || n > maxlen)
		return 0;
	if (!((p[0] >= 'a' && p[0] <= 'z') || (p[0] >= '0' && p[0] <= '9')))
		return 0;
	for (i = 0; i < n; i++)
		if (!name_char(p[i]))
			return 0;
	return 1;
}

/* Decimal without leading zeros, 1..max; empty allowed (sets *v = 0). */
static int
parse_uint(const char *p, size_t n, uint64_t max, int allow_zero, uint64_t *v)
{
	uint64_t x = 0;
	size_t i;

	*v = 0;
	if (n == 0)
		return 1;
	if (n > 16 || (n > 1 && p[0] == '0'))
		return 0;
	for (i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return 0;
		x = x * 10 + (uint64_t)(p[i] - '0');
	}
	if (x > max || (x == 0 && !allow_zero))
		return 0;
	*v = x;
	return 1;
}

int
recline_is_header(const uint8_t *line, size_t n)
{
	return span_eq((const char *)line, n, RECORD_HEADER);
}

static int
fail(struct recline_err *e, int field, const char *reason)
{
	e->field = field;
	e->reason = reason;
	return -1;
}

int
recline_parse(const uint8_t *line, size_t n, struct record *r,
    struct recline_err *e)
{
	const char *s = (const char *)line;
	struct text f[RECORD_NFIXED];
	size_t i, start = 0, nf = 0, ev_start = n;
	uint64_t v;
	int k, has_tail = 0;

	e->field = 0;
	e->reason = NULL;
	if (n >= RECORD_MAX_LINE)
		return fail(e, 0, "line longer than 65535 bytes");
	/* Split the fixed fields; the rest is the evidence tail. */
	for (i = 0; i <= n && nf < RECORD_NFIXED; i++) {
		if (i == n || s[i] == '\t') {
			f[nf].p = s + start;
			f[nf].n = i - start;
			nf++;
			start = i + 1;
			if (nf == RECORD_NFIXED && i < n) {
				ev_start = i + 1;
				has_tail = 1;
			}
		}
	}
	if (nf < RECORD_NFIXED)
		return fail(e, 0, "too few fields (a record has 11 before its evidence)");
	if (has_tail && ev_start == n)
		return fail(e, RF_EVIDENCE, "empty evidence field");

	if (!rec_name_valid(f[0].p, f[0].n, 64))
		return fail(e, RF_ID, "id must be 1-64 of [a-z0-9._-], starting with a letter or digit");
	if (!rec_name_valid(f[1].p, f[1].n, 64))
		return fail(e, RF_SECTION, "section must be 1-64 of [a-z0-9._-]");
	if (f[2].n == 0 || !escape_valid(f[2].p, f[2].n))
		return fail(e, RF_TITLE, "title is empty or not escaped text");
	if ((k = rec_status_from(f[3].p, f[3].n)) < 0)
		return fail(e, RF_STATUS, "status is not one of pass|fail|warn|skip|error");
	r->status = (enum rec_status)k;
	if ((k = rec_severity_from(f[4].p, f[4].n)) < 0)
		return fail(e, RF_SEVERITY, "severity is not one of critical|high|medium|low|info");
	r->severity = (enum rec_severity)k;
	if (f[5].n == 0 || !escape_valid(f[5].p, f[5].n))
		return fail(e, RF_SUBJECT, "subject is empty or not escaped text");
	if (f[6].n == 0 || !escape_valid(f[6].p, f[6].n))
		return fail(e, RF_MESSAGE, "message is empty or not escaped text");
	if (!escape_valid(f[7].p, f[7].n))
		return fail(e, RF_PATH, "path is not escaped text");
	if (!parse_uint(f[8].p, f[8].n, 0x7fffffff, 0, &v))
		return fail(e, RF_LINE, "line must be empty or 1..2147483647");
	r->line = (uint32_t)v;
	if (!parse_uint(f[9].p, f[9].n, 0x7fffffff, 0, &v))
		return fail(e, RF_COLUMN, "column must be empty or 1..2147483647");
	r->column = (uint32_t)v;
	if ((r->line || r->column) && f[7].n == 0)
		return fail(e, RF_LINE, "line or column given without a path");
	if (!parse_uint(f[10].p, f[10].n, (uint64_t)1 << 53, 1, &v))
		return fail(e, RF_DURATION, "duration_ms must be empty or 0..2^53");
	r->duration_ms = f[10].n ? (int64_t)v : -1;

	r->id = f[0];
	r->section = f[1];
	r->title = f[2];
	r->subject = f[5];
	r->message = f[6];
	r->path = f[7];

	/* Evidence: key=value fields, unique keys, at most 32. */
	r->evidence.p = s + ev_start;
	r->evidence.n = n - ev_start;
	r->n_evidence = 0;
	if (ev_start < n) {
		size_t a = ev_start;

		while (a <= n) {
			size_t b = a, eq = 0, j;
			struct text key;

			while (b < n && s[b] != '\t')
				b++;
			for (j = a; j < b; j++)
				if (s[j] == '=') {
					eq = j;
					break;
				}
			if (eq == 0)
				return fail(e, RF_EVIDENCE, "evidence field is not key=value");
			key.p = s + a;
			key.n = eq - a;
			if (!rec_name_valid(key.p, key.n, 32))
				return fail(e, RF_EVIDENCE, "evidence key must be 1-32 of [a-z0-9._-]");
			if (!escape_valid(s + eq + 1, b - eq - 1))
				return fail(e, RF_EVIDENCE, "evidence value is not escaped text");
			if (r->n_evidence == RECORD_MAX_EVIDENCE)
				return fail(e, RF_EVIDENCE, "more than 32 evidence fields");
			/* Unique keys: compare with the earlier ones. */
			{
				size_t pos = 0;
				struct text k2, v2;
				unsigned seen = 0;

				while (seen < r->n_evidence &&
				    recline_evidence_next(r, &pos, &k2, &v2)) {
					if (k2.n == key.n) {
						size_t m = 0;

						while (m < key.n && k2.p[m] == key.p[m])
							m++;
						if (m == key.n)
							return fail(e, RF_EVIDENCE, "duplicate evidence key");
					}
					seen++;
				}
			}
			r->n_evidence++;
			if (b == n)
				break;
			a = b + 1;
			if (a == n)
				return fail(e, RF_EVIDENCE, "empty evidence field");
		}
	}
	return 0;
}

int
recline_evidence_next(const struct record *r, size_t *pos, struct text *key,
    struct text *val)
{
	const char *s = r->evidence.p;
	size_t n = r->evidence.n, a = *pos, b, eq;

	if (a >= n)
		return 0;
	b = a;
	while (b < n && s[b] != '\t')
		b++;
	eq = a;
	while (eq < b && s[eq] != '=')
		eq++;
	key->p = s + a;
	key->n = eq - a;
	val->p = eq < b ? s + eq + 1 : s + b;
	val->n = eq < b ? b - eq - 1 : 0;
	*pos = b + 1;
	return 1;
}
