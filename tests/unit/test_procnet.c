/*
 * test_procnet.c - /proc/net line parser (core/parse/procnet.c): real
 * lines of each file, addresses and ports decoded, loopback told apart,
 * and malformed lines refused.
 */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "parse/procnet.h"

static int
parse(const char *line, int v6, struct pn_sock *s)
{
	return pn_line((const uint8_t *)line, strlen(line), v6, s);
}

static void
test_tcp4(void **st)
{
	struct pn_sock s;

	(void)st;
	assert_int_equal(parse("   0: 0100007F:1538 00000000:0000 0A 00000000:00000000 "
	    "00:00000000 00000000   106        0 23551 1 0000000000000000 100 0 0 10 0", 0, &s), 0);
	assert_int_equal(s.v6, 0);
	assert_memory_equal(s.addr, "\x7f\x00\x00\x01", 4);
	assert_int_equal(s.port, 5432);
	assert_int_equal(s.state, PN_TCP_LISTEN);
	assert_int_equal(s.inode, 23551);
	assert_int_equal(pn_is_loopback(&s), 1);
	assert_int_equal(parse("  12: 00000000:0016 00000000:0000 0A 00000000:00000000 "
	    "00:00000000 00000000     0        0 999 1 0", 0, &s), 0);
	assert_int_equal(s.port, 22);
	assert_int_equal(pn_is_loopback(&s), 0);
	assert_memory_equal(s.addr, "\0\0\0\0", 4);
}

static void
test_tcp6(void **st)
{
	struct pn_sock s;

	(void)st;
	assert_int_equal(parse("   0: 00000000000000000000000001000000:1F90 "
	    "00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 "
	    "00000000     0        0 4242 1 0", 1, &s), 0);
	assert_int_equal(s.v6, 1);
	assert_int_equal(s.port, 8080);
	assert_int_equal(s.addr[15], 1);
	assert_int_equal(pn_is_loopback(&s), 1);
	/* ::ffff:127.0.0.1 is loopback, ::ffff:10.0.0.1 is not */
	assert_int_equal(parse("   1: 0000000000000000FFFF00000100007F:0050 "
	    "00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 "
	    "00000000     0        0 1 1 0", 1, &s), 0);
	assert_int_equal(pn_is_loopback(&s), 1);
	assert_int_equal(parse("   1: 0000000000000000FFFF00000100000A:0050 "
	    "00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 "
	    "00000000     0        0 1 1 0", 1, &s), 0);
	assert_int_equal(pn_is_loopback(&s), 0);
}

static void
test_bad(void **st)
{
	struct pn_sock s;

	(void)st;
	/* the header line */
	assert_int_equal(parse("  sl  local_address rem_address   st tx_queue rx_queue "
	    "tr tm->when retrnsmt   uid  timeout inode", 0, &s), -1);
	/* an IPv6 address in a tcp (IPv4) line */
	assert_int_equal(parse("   0: 00000000000000000000000001000000:1F90 "
	    "00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1 1", 0, &s), -1);
	/* not hex */
	assert_int_equal(parse("   0: 0100007G:1538 00000000:0000 0A 00000000:00000000 "
	    "00:00000000 00000000 0 0 1 1", 0, &s), -1);
	/* an inode beyond 64 bits */
	assert_int_equal(parse("   0: 0100007F:1538 00000000:0000 0A 00000000:00000000 "
	    "00:00000000 00000000 0 0 18446744073709551616 1", 0, &s), -1);
	/* truncated */
	assert_int_equal(parse("   0: 0100007F:1538 00000000:0000 0A", 0, &s), -1);
	assert_int_equal(parse("", 0, &s), -1);
	assert_int_equal(pn_hexdigit('g'), -1);
	assert_int_equal(pn_hexdigit('f'), 15);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tcp4),
		cmocka_unit_test(test_tcp6),
		cmocka_unit_test(test_bad),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
