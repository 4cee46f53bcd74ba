/*
 * netaddr.h - the address and port decoding shared by the nftables
 * decoder, the evaluator and the socket list: big-endian keys as numbers,
 * loopback addresses.  Pure; proved with Frama-C WP (ci/prove.sh).
 */
#ifndef SIGNOFF_NETADDR_H
#define SIGNOFF_NETADDR_H

#include <stddef.h>
#include <stdint.h>

/*@ requires \valid_read(d + (0 .. 1));
    assigns \nothing;
    ensures \result == d[0] * 256 + d[1];
    ensures \result <= 65535;
 */
uint32_t na_be16(const uint8_t *d);

/*@ requires 1 <= n <= 4;
    requires \valid_read(d + (0 .. n - 1));
    assigns \nothing;
    ensures n == 1 ==> \result == d[0];
    ensures n == 2 ==> \result == d[0] * 256 + d[1];
 */
uint32_t na_be_key(const uint8_t *d, size_t n);

/*@ requires \valid_read(a + (0 .. 3));
    assigns \nothing;
    ensures \result == 1 <==> a[0] == 127;
    ensures \result == 0 || \result == 1;
 */
int na_v4_loopback(const uint8_t *a);

/*@ predicate zero{L}(uint8_t *a, integer n) =
        \forall integer k; 0 <= k < n ==> \at(a[k], L) == 0;
 */

/*@ requires \valid_read(a + (0 .. 15));
    assigns \nothing;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 <==>
        ((zero{Pre}((uint8_t *)a, 15) && a[15] == 1) ||
         (zero{Pre}((uint8_t *)a, 10) && a[10] == 0xff && a[11] == 0xff &&
          a[12] == 127));
 */
int na_v6_loopback(const uint8_t *a);

#endif
