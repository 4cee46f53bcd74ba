/*
 * sha256.h - SHA-256 (FIPS 180-4) and HMAC-SHA-256 (RFC 2104), for the
 * credential fingerprints.  Pure: no allocation, no I/O.
 */
#ifndef SIGNOFF_SHA256_H
#define SIGNOFF_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_LEN 32

struct sha256 {
	uint32_t h[8];
	uint64_t len;		/* bytes hashed so far */
	uint8_t buf[64];
	size_t n;		/* bytes pending in buf */
};

void sha256_init(struct sha256 *c);
void sha256_update(struct sha256 *c, const void *p, size_t n);
void sha256_final(struct sha256 *c, uint8_t out[SHA256_LEN]);
void hmac_sha256(const uint8_t *key, size_t klen, const void *msg, size_t n,
    uint8_t out[SHA256_LEN]);

#endif
