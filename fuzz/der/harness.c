/*
 * fuzz/der/harness.c - the DER primitives (core/parse/der.c).
 * Walks the input as a tree of TLVs without recursion (an explicit stack
 * of parent ends), decoding every UTCTime/GeneralizedTime and comparing
 * every OID with itself and with its neighbour.  Properties: a header
 * and its value never pass the parent's end; a decoded time lies within
 * the years 0001-9999; der_oid_eq is reflexive and length-exact.
 */
#include <stdint.h>
#include <stdlib.h>

#include "parse/der.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define DEPTH 32

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t end[DEPTH], off = 0, vlen, prev_off = 0, prev_len = 0;
	int depth = 0, h;
	uint8_t tag;
	int64_t t;

	if (size > 0x7fffffff)
		return 0;
	end[0] = size;
	while (depth >= 0) {
		if (off >= end[depth]) {
			depth--;
			continue;
		}
		h = der_tlv(data + off, end[depth] - off, &tag, &vlen);
		if (h < 0) {
			off = end[depth];
			continue;
		}
		if (h < 2 || h > 5 || (size_t)h + vlen > end[depth] - off)
			abort();
		if (tag == DER_UTCTIME || tag == DER_GENTIME) {
			if (der_time(tag, data + off + h, vlen, &t) == 0 &&
			    (t < -62162035200LL || t > 253407830400LL))
				abort();
		}
		if (tag == DER_OID) {
			if (!der_oid_eq(data + off + h, vlen, data + off + h, vlen))
				abort();
			if (vlen > 0 && der_oid_eq(data + off + h, vlen,
			    data + off + h, vlen - 1))
				abort();
			(void)der_oid_eq(data + off + h, vlen, data + prev_off,
			    prev_len);
			prev_off = off + (size_t)h;
			prev_len = vlen;
		}
		if ((tag & 0x20) && depth + 1 < DEPTH) {
			end[depth + 1] = off + (size_t)h + vlen;
			off += (size_t)h;
			depth++;
		} else
			off += (size_t)h + vlen;
	}
	return 0;
}
