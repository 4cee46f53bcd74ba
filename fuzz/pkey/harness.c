/*
 * fuzz/pkey/harness.c - the private key decoder (core/parse/pkey.c).
 * The first byte picks the format (any, PKCS#1, SEC1, PKCS#8).
 * Properties: on success every span lies inside the input and the key
 * type is one the decoder names; on failure the key is all zero.
 */
#include <stdint.h>
#include <stdlib.h>

#include "parse/pkey.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
in(struct x509_span s, size_t n)
{
	if (s.off > n || s.len > n - s.off)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pkey k;
	enum pkey_err e;
	size_t n;

	if (size < 1)
		return 0;
	n = size - 1;
	e = pkey_decode(data + 1, n, (enum pkey_format)(data[0] & 3), &k);
	if (pkey_strerror(e) == NULL)
		abort();
	if (e != PKEY_OK) {
		if (k.type != X509_KEY_UNKNOWN || k.has_pub || k.n.len != 0)
			abort();
		return 0;
	}
	in(k.n, n);
	in(k.e, n);
	if (k.has_pub)
		in(k.pub, n);
	if (k.type != X509_KEY_RSA && k.type != X509_KEY_EC &&
	    k.type != X509_KEY_ED25519 && k.type != X509_KEY_ED448)
		abort();
	return 0;
}
