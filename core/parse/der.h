/*
 * der.h - the three primitives of the certificate decoders: one DER TLV
 * header, one X.509 time, one OID comparison.  Pure, no allocation, no
 * loops but the bounded OID compare; proved with Frama-C WP (contracts
 * below, `-wp-rte` over der.c).
 *
 * Strict DER: low tag numbers only (a tag byte whose number bits are all
 * ones, the high-tag form, is refused: X.509 never uses it); definite
 * lengths only (0x80, the indefinite form, is refused); minimal lengths
 * only (long form for a length under 128, or a leading zero length byte,
 * is refused); at most three length bytes (16 MiB - 1: the check reads at
 * most 1 MiB per file); and the value must lie inside the buffer.
 */
#ifndef SIGNOFF_DER_H
#define SIGNOFF_DER_H

#include <stddef.h>
#include <stdint.h>

#define DER_INTEGER	0x02
#define DER_BITSTRING	0x03
#define DER_OCTETSTRING	0x04
#define DER_NULL	0x05
#define DER_OID		0x06
#define DER_BOOLEAN	0x01
#define DER_UTCTIME	0x17
#define DER_GENTIME	0x18
#define DER_SEQUENCE	0x30
#define DER_SET		0x31

/* Negative results of der_tlv(). */
#define DER_E_SHORT	(-1)	/* header or value runs past the buffer */
#define DER_E_HIGHTAG	(-2)	/* high tag number form */
#define DER_E_INDEF	(-3)	/* indefinite length */
#define DER_E_NONMIN	(-4)	/* non-minimal length encoding */
#define DER_E_LONG	(-5)	/* more than three length bytes */

/*
 * Reads the TLV header at p[0..n).  On success returns the header size
 * (2..5), sets *tag and *vlen, and header + value lie inside p[0..n).
 * On failure returns one of DER_E_* and leaves *tag and *vlen alone.
 */
/*@ requires n <= 0x7fffffff;
    requires \valid_read(p + (0 .. n - 1)) || n == 0;
    requires \valid(tag) && \valid(vlen);
    requires \separated(tag, vlen);
    requires \separated(tag, p + (0 .. n - 1));
    requires \separated(vlen, p + (0 .. n - 1));
    assigns *tag, *vlen;
    ensures \result < 0 || (2 <= \result <= 5 && \result + *vlen <= n);
    ensures \result == DER_E_SHORT || \result == DER_E_HIGHTAG ||
            \result == DER_E_INDEF || \result == DER_E_NONMIN ||
            \result == DER_E_LONG || \result > 0;
    ensures \result > 0 ==> *tag == p[0];
*/
int der_tlv(const uint8_t *p, size_t n, uint8_t *tag, size_t *vlen);

/*@ predicate digits(uint8_t *s, integer n) =
      \forall integer i; 0 <= i < n ==> '0' <= s[i] <= '9';
*/

/*
 * Decodes the value of an X.509 time (RFC 5280 4.1.2.5): UTCTime
 * YYMMDDHHMMSSZ (YY 50-99 are 19YY, 00-49 are 20YY) or GeneralizedTime
 * YYYYMMDDHHMMSSZ, seconds and the trailing Z required, no fraction, no
 * offset.  Year 0000 is refused.  Sets *t to seconds since 1970-01-01
 * UTC, within [-62162035200, 253407830400] (asserted in der.c, where
 * -wp-rte proves the arithmetic cannot overflow).  Returns 0, or -1
 * (malformed; *t untouched).
 */
/*@ requires n <= 0x7fffffff;
    requires \valid_read(p + (0 .. n - 1)) || n == 0;
    requires \valid(t);
    requires \separated(t, p + (0 .. n - 1));
    assigns *t;
    ensures \result == 0 || \result == -1;
    ensures \result == 0 ==> (tag == DER_UTCTIME || tag == DER_GENTIME);
    ensures \result == 0 && tag == DER_UTCTIME ==> n == 13;
    ensures \result == 0 && tag == DER_GENTIME ==> n == 15;
*/
int der_time(uint8_t tag, const uint8_t *p, size_t n, int64_t *t);

/* 1 if the OID content a[0..an) equals b[0..bn), else 0. */
/*@ requires an <= 0x7fffffff && bn <= 0x7fffffff;
    requires \valid_read(a + (0 .. an - 1)) || an == 0;
    requires \valid_read(b + (0 .. bn - 1)) || bn == 0;
    assigns \nothing;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 <==>
        (an == bn && \forall integer i; 0 <= i < an ==> a[i] == b[i]);
*/
int der_oid_eq(const uint8_t *a, size_t an, const uint8_t *b, size_t bn);

#endif
