/*
 * fuzz/x509/harness.c - the certificate decoder (core/parse/x509.c).
 * Properties: a decoded certificate lies inside the input, every span of
 * it lies inside the certificate, the SAN walk ends and stays inside,
 * every name function answers for every value it can return.
 */
#include <stdint.h>
#include <stdlib.h>

#include "parse/x509.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
in(struct x509_span s, size_t used)
{
	if (s.off > used || s.len > used - s.off)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct x509_cert c;
	struct x509_span v;
	size_t used, pos = 0;
	int type, n = 0;
	enum x509_err e;

	e = x509_decode(data, size, &c, &used);
	if (x509_strerror(e) == NULL)
		abort();
	if (e != X509_OK)
		return 0;
	if (used == 0 || used > size || c.version < 1 || c.version > 3)
		abort();
	in(c.serial, used);
	in(c.issuer, used);
	in(c.subject, used);
	in(c.subject_cn, used);
	in(c.issuer_cn, used);
	in(c.rsa_n, used);
	in(c.rsa_e, used);
	in(c.pub, used);
	if (c.has_san)
		in(c.san, used);
	while (x509_san_next(data, &c, &pos, &type, &v)) {
		in(v, used);
		if (++n > 100000)
			abort();
	}
	if (c.not_before < -62162035200LL || c.not_after > 253407830400LL)
		abort();
	if (x509_sig_name(c.sig) == NULL || x509_key_name(c.key) == NULL ||
	    x509_curve_name(c.curve) == NULL)
		abort();
	if (c.rsa_n.len > 0 && x509_int_bits(data + c.rsa_n.off,
	    c.rsa_n.len) > c.rsa_n.len * 8)
		abort();
	return 0;
}
