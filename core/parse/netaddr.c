/*
 * netaddr.c - big-endian keys and loopback addresses (netaddr.h).
 */
#include "netaddr.h"

uint32_t
na_be16(const uint8_t *d)
{
	return (uint32_t)d[0] * 256u + d[1];
}

uint32_t
na_be_key(const uint8_t *d, size_t n)
{
	uint32_t v = 0;
	size_t i;

	/*@ loop invariant 0 <= i <= n;
	    loop invariant i == 0 ==> v == 0;
	    loop invariant i == 1 ==> v == d[0];
	    loop invariant i == 2 ==> v == d[0] * 256 + d[1];
	    loop assigns i, v;
	    loop variant n - i;
	 */
	for (i = 0; i < n; i++)
		v = v * 256u + d[i];
	return v;
}

int
na_v4_loopback(const uint8_t *a)
{
	return a[0] == 127;
}

/* a[0..n) all zero (n <= 16). */
/*@ requires 0 <= n <= 16;
    requires \valid_read(a + (0 .. 15));
    assigns \nothing;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 <==> zero{Pre}((uint8_t *)a, n);
 */
static int
all_zero(const uint8_t *a, size_t n)
{
	size_t k;

	/*@ loop invariant 0 <= k <= n;
	    loop invariant zero{Pre}((uint8_t *)a, k);
	    loop assigns k;
	    loop variant n - k;
	 */
	for (k = 0; k < n; k++)
		if (a[k] != 0)
			return 0;
	return 1;
}

int
na_v6_loopback(const uint8_t *a)
{
	if (all_zero(a, 15) && a[15] == 1)
		return 1;
	if (all_zero(a, 10) && a[10] == 0xff && a[11] == 0xff && a[12] == 127)
		return 1;
	return 0;
}
