/*
 * fingerprint.h - the baseline fingerprint of a credential finding.
 *
 *   fp = first 128 bits, in hex, of
 *        SHA-256("signoff-cred-fp-1" 0 rule-id 0 path 0 HMAC-SHA-256(key, secret))
 *
 * path is the file's path relative to its scan root, so a baseline stays
 * valid when the tree is scanned from another place.  The fingerprint
 * never contains the secret, and without the key the secret cannot be
 * tested against it offline.  The default key is a fixed constant so
 * that baselines can be shared between machines; a site that keeps its
 * baselines public may give its own (cred_fp_set_key).
 */
#ifndef SIGNOFF_CRED_FINGERPRINT_H
#define SIGNOFF_CRED_FINGERPRINT_H

#include <stddef.h>
#include <stdint.h>

#define CRED_FP_HEX 32
#define CRED_FP_KEY_DEFAULT "signoff credential fingerprint key, version 1"

/* out: CRED_FP_HEX lower-case hex digits and a NUL. */
void cred_fingerprint(const uint8_t *key, size_t klen, const char *rule_id,
    const char *path, const uint8_t *secret, size_t n,
    char out[CRED_FP_HEX + 1]);

/* 1 if s[0..n) is a fingerprint (CRED_FP_HEX lower-case hex digits). */
int cred_fp_valid(const char *s, size_t n);

#endif
