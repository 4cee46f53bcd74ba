/*
 * test_record.c - escaping, the record line parser, the stream reader and
 * the writer: round trips, hostile bytes, and every rejection reason a
 * renderer relies on.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "testutil.h"

#include "parse/passwd.h"
#include "parse/escape.h"
#include "record/record.h"

static void
escape_table(void **state)
{
	static const struct { const char *in; size_t n; const char *out; } t[] = {
		{ "plain text", 10, "plain text" },
		{ "a\tb", 3, "a\\tb" },
		{ "x\tpass\n", 7, "x\\tpass\\n" },
		{ "back\\slash", 10, "back\\\\slash" },
		{ "\r", 1, "\\r" },
		{ "\x1b[31mred", 8, "\\x1b[31mred" },
		{ "\x7f", 1, "\\x7f" },
		{ "\xc3\xa9", 2, "\\xc3\\xa9" },
		{ "\x9b", 1, "\\x9b" },
		{ "nul\0byte", 8, "nul\\x00byte" },
		{ "", 0, "" },
	};
	char out[64];
	size_t i, w;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		w = escape_field((const uint8_t *)t[i].in, t[i].n, out, sizeof(out));
		assert_int_equal(w, strlen(t[i].out));
		assert_memory_equal(out, t[i].out, w);
		assert_true(escape_valid(out, w));
	}
}

static void
escape_round_trip_all_bytes(void **state)
{
	uint8_t in[256], back[256];
	char esc[ESCAPE_MAX(256)];
	size_t i, w, u;

	for (i = 0; i < 256; i++)
		in[i] = (uint8_t)i;
	w = escape_field(in, 256, esc, sizeof(esc));
	assert_true(w != SIZE_MAX);
	for (i = 0; i < w; i++) {
		assert_true(esc[i] >= 0x20 && esc[i] <= 0x7e);
		assert_true(esc[i] != '\t');
	}
	u = unescape_field(esc, w, back, sizeof(back));
	assert_int_equal(u, 256);
	assert_memory_equal(in, back, 256);
}

static void
escape_too_small(void **state)
{
	char out[3];

	assert_int_equal(escape_field((const uint8_t *)"\x01", 1, out, 3), SIZE_MAX);
	assert_int_equal(escape_field((const uint8_t *)"abcd", 4, out, 3), SIZE_MAX);
	assert_int_equal(escape_field((const uint8_t *)"ab", 2, out, 3), 2);
}

static void
unescape_rejects(void **state)
{
	static const char *bad[] = {
		"\\", "\\q", "\\x4", "\\x41" /* 'A' has a shorter spelling */,
		"\\x09", "\\xAB" /* upper case */, "\\xzz", "raw\ttab", "\x80",
	};
	uint8_t out[16];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(unescape_field(bad[i], strlen(bad[i]), out,
		    sizeof(out)), SIZE_MAX);
		assert_false(escape_valid(bad[i], strlen(bad[i])));
	}
}

#define H "#signoff-records\t1\n"
#define GOOD "secrets\tsecrets\tSecret files\tfail\tcritical\t/s/a\\tb\tmode 0644\t\t\t\t12\tmode=0644\tuid=0\n"

static int
read_str(const char *s, struct record *r, size_t cap, size_t *count,
    struct reader_err *e)
{
	return record_read_all(s, strlen(s), r, cap, count, e);
}

static void
reader_accepts_good_stream(void **state)
{
	struct record r[4];
	struct reader_err e;
	size_t n = 0, pos = 0;
	struct text k, v;

	assert_int_equal(read_str(H GOOD H GOOD, r, 4, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_int_equal(r[0].status, ST_FAIL);
	assert_int_equal(r[0].severity, SEV_CRITICAL);
	assert_int_equal(r[0].subject.n, 7);
	assert_memory_equal(r[0].subject.p, "/s/a\\tb", 7);
	assert_int_equal(r[0].duration_ms, 12);
	assert_int_equal(r[0].n_evidence, 2);
	assert_true(recline_evidence_next(&r[0], &pos, &k, &v));
	assert_memory_equal(k.p, "mode", 4);
	assert_memory_equal(v.p, "0644", 4);
	assert_true(recline_evidence_next(&r[0], &pos, &k, &v));
	assert_false(recline_evidence_next(&r[0], &pos, &k, &v));
}

static void
reader_rejects(void **state)
{
	static const struct { const char *s; size_t line; int field; } t[] = {
		{ "", 0, 0 },
		{ GOOD, 1, 0 },				/* no header */
		{ "#signoff-records\t2\n" GOOD, 1, 0 },	/* wrong version */
		{ H "a\tb\n", 2, 0 },			/* too few fields */
		{ H "Bad\ts\tt\tpass\tinfo\ts\tm\t\t\t\t\n", 2, RF_ID },
		{ H "a\ts\tt\tpasss\tinfo\ts\tm\t\t\t\t\n", 2, RF_STATUS },
		{ H "a\ts\tt\tpass\tfatal\ts\tm\t\t\t\t\n", 2, RF_SEVERITY },
		{ H "a\ts\tt\tpass\tinfo\t\tm\t\t\t\t\n", 2, RF_SUBJECT },
		{ H "a\ts\tt\tpass\tinfo\ts\t\t\t\t\t\n", 2, RF_MESSAGE },
		{ H "a\ts\tt\tpass\tinfo\ts\tm\x1b\t\t\t\t\n", 2, RF_MESSAGE },
		{ H "a\ts\tt\tpass\tinfo\ts\tm\t\t7\t\t\n", 2, RF_LINE },
		{ H "a\ts\tt\tpass\tinfo\ts\tm\tp\t07\t\t\n", 2, RF_LINE },
		{ H "a\ts\tt\tpass\tinfo\ts\tm\tp\t1\tx\t\n", 2, RF_COLUMN },
		{ H "a\ts\tt\tpass\tinfo\ts\tm\t\t\t\t-1\n", 2, RF_DURATION },
		{ H "a\ts\tt\tpass\tinfo\ts\tm\t\t\t\t\tnoequals\n", 2, RF_EVIDENCE },
		{ H "a\ts\tt\tpass\tinfo\ts\tm\t\t\t\t\tk=1\tk=2\n", 2, RF_EVIDENCE },
		{ H "a\ts\tt\tpass\tinfo\ts\tm\t\t\t\t\tk=1\t\n", 2, RF_EVIDENCE },
		{ H "a\ts\tt\tpass\tinfo\ts\tm\t\t\t\t", 2, 0 },	/* no newline */
		{ H "\n", 2, 0 },			/* empty line */
	};
	struct record r[4];
	struct reader_err e;
	size_t i, n;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		n = 99;
		assert_int_equal(read_str(t[i].s, r, 4, &n, &e), -1);
		assert_non_null(e.reason);
		assert_int_equal(e.line, t[i].line);
		assert_int_equal(e.field, t[i].field);
	}
}

static void
reader_capacity(void **state)
{
	struct record r[1];
	struct reader_err e;
	size_t n;

	assert_int_equal(read_str(H GOOD GOOD, r, 1, &n, &e), -1);
	assert_int_equal(e.line, 3);
}

/* Writes through an out on a memfd and returns what was written. */
static size_t
capture(int (*fn)(struct out *, const void *), const void *arg, char *buf,
    size_t cap, int *rc)
{
	static struct out o;
	int fd = memfd_create("rec", 0);
	ssize_t n;

	assert_true(fd >= 0);
	out_init(&o, fd);
	*rc = fn(&o, arg);
	assert_int_equal(out_flush(&o), 0);
	n = pread(fd, buf, cap, 0);
	close(fd);
	assert_true(n >= 0);
	return (size_t)n;
}

static int
write_one(struct out *o, const void *arg)
{
	record_write_header(o);
	return record_write(o, arg);
}

static void
writer_round_trip_hostile(void **state)
{
	static char buf[4096];
	struct rec_ev ev[2] = {
		{ "name", "x\tpass\n", 7 },
		{ "raw", "\x1b]0;pwned\x07", 10 },
	};
	struct rec_out w;
	struct record r[2];
	struct reader_err e;
	size_t n, count, i;
	int rc;

	memset(&w, 0, sizeof(w));
	w.id = "secrets";
	w.section = "secrets";
	w.title = "Secret files";
	w.status = ST_PASS;
	w.severity = SEV_HIGH;
	w.subject = "/s/x\tpass\n\x1b[2J";
	w.message = "mode 0600 ok\\";
	w.path = "/s/x";
	w.line = 3;
	w.column = 9;
	w.duration_ms = 0;
	w.ev = ev;
	w.n_ev = 2;
	n = capture(write_one, &w, buf, sizeof(buf), &rc);
	assert_int_equal(rc, 0);
	/* One header line and exactly one record line: nothing forged. */
	for (count = 0, i = 0; i < n; i++) {
		if (buf[i] == '\n')
			count++;
		assert_true(buf[i] != 0x1b && buf[i] != 0x07);
	}
	assert_int_equal(count, 2);
	assert_int_equal(record_read_all(buf, n, r, 2, &count, &e), 0);
	assert_int_equal(count, 1);
	assert_int_equal(r[0].status, ST_PASS);
	assert_int_equal(r[0].line, 3);
	assert_int_equal(r[0].column, 9);
	assert_int_equal(r[0].duration_ms, 0);
	assert_int_equal(r[0].subject.n, strlen("/s/x\\tpass\\n\\x1b[2J"));
	assert_memory_equal(r[0].subject.p, "/s/x\\tpass\\n\\x1b[2J",
	    r[0].subject.n);
	assert_int_equal(r[0].n_evidence, 2);
}

static void
writer_rejects(void **state)
{
	static char buf[256];
	struct rec_ev dup[2] = { { "k", "1", 1 }, { "k", "2", 1 } };
	struct rec_out w;
	int rc;

	memset(&w, 0, sizeof(w));
	w.id = "ok";
	w.section = "s";
	w.title = "t";
	w.subject = "s";
	w.message = "m";
	w.duration_ms = -1;
	w.id = "Bad Id";
	capture(write_one, &w, buf, sizeof(buf), &rc);
	assert_int_equal(rc, -1);
	w.id = "ok";
	w.message = "";
	capture(write_one, &w, buf, sizeof(buf), &rc);
	assert_int_equal(rc, -1);
	w.message = "m";
	w.line = 4;		/* a line needs a path */
	capture(write_one, &w, buf, sizeof(buf), &rc);
	assert_int_equal(rc, -1);
	w.line = 0;
	w.ev = dup;
	w.n_ev = 2;
	capture(write_one, &w, buf, sizeof(buf), &rc);
	assert_int_equal(rc, -1);
	w.n_ev = 1;
	capture(write_one, &w, buf, sizeof(buf), &rc);
	assert_int_equal(rc, 0);
}

static void
passwd_lookup_by_hand(void **state)
{
	static const char pw[] =
	    "root:x:0:0:root:/root:/bin/bash\n"
	    "bad line without colons\n"
	    "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n"
	    "nob:x:12:13::/:/bin/sh\n"
	    "broken:x:abc:1::/:/bin/sh\n"
	    "last:x:7:8::/:/bin/sh";
	uint32_t u = 1, g = 1;

	assert_int_equal(passwd_find(pw, sizeof(pw) - 1, "nobody", 6, &u, &g), 0);
	assert_int_equal(u, 65534);
	assert_int_equal(g, 65534);
	assert_int_equal(passwd_find(pw, sizeof(pw) - 1, "nob", 3, &u, &g), 0);
	assert_int_equal(u, 12);
	assert_int_equal(passwd_find(pw, sizeof(pw) - 1, "last", 4, &u, &g), 0);
	assert_int_equal(g, 8);
	assert_int_equal(passwd_find(pw, sizeof(pw) - 1, "root", 4, &u, &g), 0);
	assert_int_equal(u, 0);
	assert_int_equal(passwd_find(pw, sizeof(pw) - 1, "nobod", 5, &u, &g), -1);
	assert_int_equal(passwd_find(pw, sizeof(pw) - 1, "broken", 6, &u, &g), -1);
	assert_int_equal(passwd_find(pw, sizeof(pw) - 1, "", 0, &u, &g), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(escape_table),
		cmocka_unit_test(escape_round_trip_all_bytes),
		cmocka_unit_test(escape_too_small),
		cmocka_unit_test(unescape_rejects),
		cmocka_unit_test(reader_accepts_good_stream),
		cmocka_unit_test(reader_rejects),
		cmocka_unit_test(reader_capacity),
		cmocka_unit_test(writer_round_trip_hostile),
		cmocka_unit_test(writer_rejects),
		cmocka_unit_test(passwd_lookup_by_hand),
	};

	return cmocka_run_group_tests_name("record", tests, NULL, NULL);
}
