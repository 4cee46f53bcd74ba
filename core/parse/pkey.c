/*
 * pkey.c - private key structures (pkey.h).  Same reading discipline as
 * x509.c: every TLV through der_tlv() inside its parent's bounds.
 */
#include <string.h>

#include "der.h"
#include "pkey.h"

static const uint8_t oid_rsa[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01 };
static const uint8_t oid_rsapss[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a };
static const uint8_t oid_ec[] = { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01 };
static const uint8_t oid_ed25519[] = { 0x2b, 0x65, 0x70 };
static const uint8_t oid_ed448[] = { 0x2b, 0x65, 0x71 };

static const struct {
	uint8_t oid[8];
	uint8_t len;
	enum x509_curve cv;
	unsigned bits;
} curves[] = {
	{ { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x01 }, 8, X509_CURVE_P192, 192 },
	{ { 0x2b, 0x81, 0x04, 0x00, 0x21 }, 5, X509_CURVE_P224, 224 },
	{ { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07 }, 8, X509_CURVE_P256, 256 },
	{ { 0x2b, 0x81, 0x04, 0x00, 0x22 }, 5, X509_CURVE_P384, 384 },
	{ { 0x2b, 0x81, 0x04, 0x00, 0x23 }, 5, X509_CURVE_P521, 521 },
	{ { 0x2b, 0x81, 0x04, 0x00, 0x0a }, 5, X509_CURVE_K256, 256 },
};

static int
get(const uint8_t *b, size_t end, size_t *off, uint8_t want,
    struct x509_span *v)
{
	uint8_t t;
	size_t len;
	int h;

	if (*off >= end)
		return -1;
	h = der_tlv(b + *off, end - *off, &t, &len);
	if (h < 0 || t != want)
		return -1;
	v->off = *off + (size_t)h;
	v->len = len;
	*off = v->off + len;
	return 0;
}

static void
set_curve(const uint8_t *b, struct x509_span oid, struct pkey *k)
{
	size_t i;

	k->curve = X509_CURVE_OTHER;
	for (i = 0; i < sizeof(curves) / sizeof(curves[0]); i++)
		if (der_oid_eq(b + oid.off, oid.len, curves[i].oid,
		    curves[i].len)) {
			k->curve = curves[i].cv;
			k->bits = curves[i].bits;
		}
}

static struct x509_span
strip(const uint8_t *b, struct x509_span s)
{
	while (s.len > 1 && b[s.off] == 0) {
		s.off++;
		s.len--;
	}
	return s;
}

/* RSAPrivateKey at b[off..end), exactly. */
static int
pkcs1(const uint8_t *b, size_t off, size_t end, struct pkey *k)
{
	struct x509_span seq, v, n, e;
	size_t o = off;
	int i;

	if (get(b, end, &o, DER_SEQUENCE, &seq) != 0 || o != end)
		return PKEY_E_STRUCT;
	o = seq.off;
	if (get(b, seq.off + seq.len, &o, DER_INTEGER, &v) != 0 ||
	    get(b, seq.off + seq.len, &o, DER_INTEGER, &n) != 0 ||
	    get(b, seq.off + seq.len, &o, DER_INTEGER, &e) != 0)
		return PKEY_E_STRUCT;
	/* d, p, q, dp, dq, qinv must follow (the structure, not their values). */
	for (i = 0; i < 6; i++)
		if (get(b, seq.off + seq.len, &o, DER_INTEGER, &v) != 0)
			return PKEY_E_STRUCT;
	k->type = X509_KEY_RSA;
	k->n = strip(b, n);
	k->e = strip(b, e);
	k->bits = x509_int_bits(b + n.off, n.len);
	return PKEY_OK;
}

/* ECPrivateKey at b[off..end); params may come from PKCS#8 instead. */
static int
sec1(const uint8_t *b, size_t off, size_t end, struct pkey *k)
{
	struct x509_span seq, v, w, x;
	size_t o = off, wo;

	if (get(b, end, &o, DER_SEQUENCE, &seq) != 0 || o != end)
		return PKEY_E_STRUCT;
	o = seq.off;
	end = seq.off + seq.len;
	if (get(b, end, &o, DER_INTEGER, &v) != 0 || v.len != 1 ||
	    b[v.off] != 1 || get(b, end, &o, DER_OCTETSTRING, &v) != 0)
		return PKEY_E_STRUCT;
	k->type = X509_KEY_EC;
	if (o < end && b[o] == 0xa0) {
		if (get(b, end, &o, 0xa0, &w) != 0)
			return PKEY_E_STRUCT;
		wo = w.off;
		if (wo < w.off + w.len && b[wo] == DER_OID) {
			if (get(b, w.off + w.len, &wo, DER_OID, &x) != 0)
				return PKEY_E_STRUCT;
			set_curve(b, x, k);
		} else
			k->curve = X509_CURVE_OTHER;
	}
	if (o < end && b[o] == 0xa1) {
		if (get(b, end, &o, 0xa1, &w) != 0)
			return PKEY_E_STRUCT;
		wo = w.off;
		if (get(b, w.off + w.len, &wo, DER_BITSTRING, &x) != 0 ||
		    x.len < 2 || b[x.off] != 0)
			return PKEY_E_STRUCT;
		k->has_pub = 1;
		k->pub.off = x.off + 1;
		k->pub.len = x.len - 1;
	}
	return o == end ? PKEY_OK : PKEY_E_STRUCT;
}

static int
pkcs8(const uint8_t *b, size_t n, struct pkey *k)
{
	struct x509_span seq, v, alg, oid, params, priv, inner, pub;
	size_t o = 0, ao, end;
	int r;

	if (get(b, n, &o, DER_SEQUENCE, &seq) != 0 || o != n)
		return PKEY_E_STRUCT;
	o = seq.off;
	end = seq.off + seq.len;
	if (get(b, end, &o, DER_INTEGER, &v) != 0 || v.len != 1 ||
	    b[v.off] > 1 || get(b, end, &o, DER_SEQUENCE, &alg) != 0)
		return PKEY_E_STRUCT;
	ao = alg.off;
	if (get(b, alg.off + alg.len, &ao, DER_OID, &oid) != 0)
		return PKEY_E_STRUCT;
	params.off = 0;
	params.len = 0;
	if (ao < alg.off + alg.len && b[ao] == DER_OID &&
	    get(b, alg.off + alg.len, &ao, DER_OID, &params) != 0)
		return PKEY_E_STRUCT;
	if (get(b, end, &o, DER_OCTETSTRING, &priv) != 0)
		return PKEY_E_STRUCT;
	if (o < end && b[o] == 0xa0 && get(b, end, &o, 0xa0, &v) != 0)
		return PKEY_E_STRUCT;
	pub.off = 0;
	pub.len = 0;
	if (o < end && b[o] == 0x81) {
		if (get(b, end, &o, 0x81, &pub) != 0 || pub.len < 2 ||
		    b[pub.off] != 0)
			return PKEY_E_STRUCT;
	}
	if (o != end)
		return PKEY_E_STRUCT;
	if (der_oid_eq(b + oid.off, oid.len, oid_rsa, sizeof(oid_rsa)) ||
	    der_oid_eq(b + oid.off, oid.len, oid_rsapss, sizeof(oid_rsapss)))
		return pkcs1(b, priv.off, priv.off + priv.len, k);
	if (der_oid_eq(b + oid.off, oid.len, oid_ec, sizeof(oid_ec))) {
		if ((r = sec1(b, priv.off, priv.off + priv.len, k)) != PKEY_OK)
			return r;
		if (params.len > 0)
			set_curve(b, params, k);
		return PKEY_OK;
	}
	if (der_oid_eq(b + oid.off, oid.len, oid_ed25519, sizeof(oid_ed25519)) ||
	    der_oid_eq(b + oid.off, oid.len, oid_ed448, sizeof(oid_ed448))) {
		int ed448 = oid.len == 3 && b[oid.off + 2] == 0x71;

		o = priv.off;
		if (get(b, priv.off + priv.len, &o, DER_OCTETSTRING, &inner) != 0 ||
		    o != priv.off + priv.len ||
		    inner.len != (ed448 ? 57u : 32u))
			return PKEY_E_STRUCT;
		k->type = ed448 ? X509_KEY_ED448 : X509_KEY_ED25519;
		k->bits = ed448 ? 456 : 256;
		if (pub.len > 0) {
			k->has_pub = 1;
			k->pub.off = pub.off + 1;
			k->pub.len = pub.len - 1;
		}
		return PKEY_OK;
	}
	return PKEY_E_ALG;
}

enum pkey_err
pkey_decode(const uint8_t *b, size_t n, enum pkey_format f, struct pkey *k)
{
	int r;

	memset(k, 0, sizeof(*k));
	if (n == 0 || n > 0x7fffffff)
		return PKEY_E_DER;
	switch (f) {
	case PKEY_PKCS1: r = pkcs1(b, 0, n, k); break;
	case PKEY_SEC1: r = sec1(b, 0, n, k); break;
	case PKEY_PKCS8: r = pkcs8(b, n, k); break;
	default:
		r = pkcs8(b, n, k);
		if (r == PKEY_E_STRUCT) {
			memset(k, 0, sizeof(*k));
			r = pkcs1(b, 0, n, k);
		}
		if (r == PKEY_E_STRUCT) {
			memset(k, 0, sizeof(*k));
			r = sec1(b, 0, n, k);
		}
		break;
	}
	if (r != PKEY_OK)
		memset(k, 0, sizeof(*k));
	return (enum pkey_err)r;
}

const char *
pkey_strerror(enum pkey_err e)
{
	switch (e) {
	case PKEY_OK: return "ok";
	case PKEY_E_DER: return "empty or oversized key data";
	case PKEY_E_STRUCT: return "not a PKCS#1, PKCS#8 or SEC1 private key";
	case PKEY_E_ALG: return "unsupported private key algorithm";
	default: return "unknown error";
	}
}
