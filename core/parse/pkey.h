/*
 * pkey.h - the public half of a private key, for "does this key belong to
 * this certificate": PKCS#1 RSAPrivateKey, SEC1 ECPrivateKey and PKCS#8
 * PrivateKeyInfo / OneAsymmetricKey (RSA, EC, Ed25519, Ed448).  Pure, no
 * allocation, no cryptography: what cannot be read from the key file is
 * reported as absent (has_pub 0), never derived or guessed.
 */
#ifndef SIGNOFF_PKEY_H
#define SIGNOFF_PKEY_H

#include <stddef.h>
#include <stdint.h>

#include "x509.h"

enum pkey_format { PKEY_ANY, PKEY_PKCS1, PKEY_SEC1, PKEY_PKCS8 };

enum pkey_err {
	PKEY_OK = 0, PKEY_E_DER, PKEY_E_STRUCT, PKEY_E_ALG, PKEY_E__N
};

struct pkey {
	enum x509_key type;		/* X509_KEY_RSA, _EC, _ED25519, ... */
	enum x509_curve curve;		/* EC: from the key's parameters */
	unsigned bits;
	struct x509_span n, e;		/* RSA, leading zeros stripped */
	int has_pub;			/* EC point / Ed key present */
	struct x509_span pub;		/* EC point / Ed25519 / Ed448 key */
};

/*
 * Decodes a private key at der[0..n) in the given format (PKEY_ANY tries
 * PKCS#8, then PKCS#1, then SEC1; a raw DER file carries no label).
 * The whole input must be one key.  Returns PKEY_OK or an error; on
 * PKEY_OK every span of *k lies inside der[0..n), on an error *k is all
 * zero.  (Proved with Frama-C WP, -wp-rte over pkey.c.)
 */
/*@ requires \valid_read(der + (0 .. n - 1));
    requires \valid(k);
    requires \separated(k, der + (0 .. n - 1));
    assigns *k;
    ensures \result == PKEY_OK || \result == PKEY_E_DER ||
        \result == PKEY_E_STRUCT || \result == PKEY_E_ALG;
    ensures \result == PKEY_OK ==> k->n.off + k->n.len <= n &&
        k->e.off + k->e.len <= n && k->pub.off + k->pub.len <= n;
*/
enum pkey_err pkey_decode(const uint8_t *der, size_t n, enum pkey_format f,
    struct pkey *k);

/*@ assigns \nothing; */
const char *pkey_strerror(enum pkey_err e);

#endif
