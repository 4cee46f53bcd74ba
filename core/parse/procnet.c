/*
 * procnet.c - /proc/net/{tcp,udp}[6] lines and their addresses
 * (procnet.h).  Small loops with explicit bounds, so that WP proves them.
 */
#include "netaddr.h"
#include "procnet.h"

int
pn_hexdigit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int
pn_hex32(const uint8_t *p, size_t n, uint32_t *v)
{
	uint32_t x = 0;
	size_t i;

	/*@ loop invariant 0 <= i <= n;
	    loop assigns i, x;
	    loop variant n - i;
	 */
	for (i = 0; i < n; i++) {
		int d = pn_hexdigit(p[i]);

		if (d < 0)
			return -1;
		x = x * 16u + (uint32_t)d;
	}
	*v = x;
	return 0;
}

/*@ requires \valid_read(p + (0 .. n - 1));
    requires i <= n;
    assigns \nothing;
    ensures i <= \result <= n;
 */
static size_t
skip_sp(const uint8_t *p, size_t n, size_t i)
{
	/*@ loop invariant \at(i, Pre) <= i <= n;
	    loop assigns i;
	    loop variant n - i;
	 */
	while (i < n && (p[i] == ' ' || p[i] == '\t'))
		i++;
	return i;
}

/*@ requires \valid_read(p + (0 .. n - 1));
    requires i <= n;
    assigns \nothing;
    ensures i <= \result <= n;
 */
static size_t
tok_end(const uint8_t *p, size_t n, size_t i)
{
	/*@ loop invariant \at(i, Pre) <= i <= n;
	    loop assigns i;
	    loop variant n - i;
	 */
	while (i < n && p[i] != ' ' && p[i] != '\t' && p[i] != '\n')
		i++;
	return i;
}

/* Stores the 32-bit word w (as printed by the kernel in host order) into
 * a[0..3] in memory (network) order. */
/*@ requires \valid(a + (0 .. 3));
    assigns a[0 .. 3];
 */
static void
put_word(uint8_t *a, uint32_t w)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	a[0] = (uint8_t)(w >> 24);
	a[1] = (uint8_t)(w >> 16);
	a[2] = (uint8_t)(w >> 8);
	a[3] = (uint8_t)w;
#else
	a[0] = (uint8_t)w;
	a[1] = (uint8_t)(w >> 8);
	a[2] = (uint8_t)(w >> 16);
	a[3] = (uint8_t)(w >> 24);
#endif
}

/* "HEX:PORT" at p[i..e): the address (8 or 32 digits) and the port. */
/*@ requires \valid_read(p + (0 .. n - 1));
    requires i <= e <= n;
    requires \valid(s);
    assigns s->addr[0 .. 15], s->port;
    ensures \result == 0 || \result == -1;
 */
static int
addr_port(const uint8_t *p, size_t n, size_t i, size_t e, int v6,
    struct pn_sock *s)
{
	size_t words = v6 ? 4 : 1, k;
	uint32_t w;

	if (e - i != words * 8 + 5 || p[i + words * 8] != ':')
		return -1;
	/*@ loop invariant 0 <= k <= words;
	    loop assigns k, w, s->addr[0 .. 15];
	    loop variant words - k;
	 */
	for (k = 0; k < words; k++) {
		if (pn_hex32(p + i + k * 8, 8, &w) != 0)
			return -1;
		put_word(s->addr + k * 4, w);
	}
	if (pn_hex32(p + i + words * 8 + 1, 4, &w) != 0)
		return -1;
	s->port = (uint16_t)w;
	return 0;
}

/* A decimal number of 1..20 digits that fits in 64 bits. */
/*@ requires \valid_read(p + (0 .. n - 1));
    requires i <= e <= n;
    requires \valid(v);
    assigns *v;
    ensures \result == 0 || \result == -1;
 */
static int
dec64(const uint8_t *p, size_t n, size_t i, size_t e, uint64_t *v)
{
	uint64_t x = 0;

	if (e == i || e - i > 20)
		return -1;
	/*@ loop invariant \at(i, Pre) <= i <= e;
	    loop assigns i, x;
	    loop variant e - i;
	 */
	for (; i < e; i++) {
		uint64_t d;

		if (p[i] < '0' || p[i] > '9')
			return -1;
		d = (uint64_t)(p[i] - '0');
		if (x > (UINT64_MAX - d) / 10)
			return -1;
		x = x * 10 + d;
	}
	*v = x;
	return 0;
}

int
pn_line(const uint8_t *p, size_t n, int v6, struct pn_sock *s)
{
	size_t i, e, f;
	uint32_t st;
	uint64_t ino;

	s->v6 = v6 != 0;
	s->state = 0;
	s->inode = 0;
	/* slot "N:" */
	i = skip_sp(p, n, 0);
	e = tok_end(p, n, i);
	if (e == i || p[e - 1] != ':')
		return -1;
	/* local address */
	i = skip_sp(p, n, e);
	e = tok_end(p, n, i);
	if (addr_port(p, n, i, e, v6, s) != 0)
		return -1;
	/* remote address: skipped */
	i = skip_sp(p, n, e);
	e = tok_end(p, n, i);
	if (e == i)
		return -1;
	/* state */
	i = skip_sp(p, n, e);
	e = tok_end(p, n, i);
	if (e - i != 2 || pn_hex32(p + i, 2, &st) != 0)
		return -1;
	s->state = (uint8_t)st;
	/* tx:rx, tr:when, retrnsmt, uid, timeout */
	/*@ loop invariant 0 <= f <= 5;
	    loop invariant e <= n;
	    loop assigns f, i, e;
	    loop variant 5 - f;
	 */
	for (f = 0; f < 5; f++) {
		i = skip_sp(p, n, e);
		e = tok_end(p, n, i);
		if (e == i)
			return -1;
	}
	/* inode */
	i = skip_sp(p, n, e);
	e = tok_end(p, n, i);
	if (dec64(p, n, i, e, &ino) != 0)
		return -1;
	s->inode = ino;
	return 0;
}

int
pn_is_loopback(const struct pn_sock *s)
{
	if (!s->v6)
		return na_v4_loopback(s->addr);
	return na_v6_loopback(s->addr);
}
