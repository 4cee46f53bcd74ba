/*
 * x509.c - the certificate decoder of x509.h.
 *
 * Every read goes through get(), which calls der_tlv() (proved) on the
 * bytes left inside the enclosing value, so no read leaves its parent.
 * Loops walk a parent's value from its start to its end and each
 * iteration consumes at least one header (2 bytes): bounded by the input.
 */
#include <string.h>

#include "der.h"
#include "x509.h"

struct oid_name {
	const uint8_t *oid;
	uint8_t len;
	int val;
};

#define O(...) (const uint8_t[]){ __VA_ARGS__ }, sizeof((const uint8_t[]){ __VA_ARGS__ })

static const struct oid_name sig_oids[] = {
	{ O(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x02), X509_SIG_MD2_RSA },
	{ O(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x04), X509_SIG_MD5_RSA },
	{ O(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x05), X509_SIG_SHA1_RSA },
	{ O(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0e), X509_SIG_SHA224_RSA },
	{ O(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b), X509_SIG_SHA256_RSA },
	{ O(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0c), X509_SIG_SHA384_RSA },
	{ O(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0d), X509_SIG_SHA512_RSA },
	{ O(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a), X509_SIG_RSAPSS },
	{ O(0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x01), X509_SIG_ECDSA_SHA1 },
	{ O(0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x01), X509_SIG_ECDSA_SHA224 },
	{ O(0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02), X509_SIG_ECDSA_SHA256 },
	{ O(0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x03), X509_SIG_ECDSA_SHA384 },
	{ O(0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x04), X509_SIG_ECDSA_SHA512 },
	{ O(0x2b, 0x65, 0x70), X509_SIG_ED25519 },
	{ O(0x2b, 0x65, 0x71), X509_SIG_ED448 },
	{ O(0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x03), X509_SIG_DSA_SHA1 },
	{ O(0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x01), X509_SIG_DSA_SHA224 },
	{ O(0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x02), X509_SIG_DSA_SHA256 },
};

static const struct oid_name key_oids[] = {
	{ O(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01), X509_KEY_RSA },
	{ O(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a), X509_KEY_RSAPSS },
	{ O(0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01), X509_KEY_EC },
	{ O(0x2b, 0x65, 0x70), X509_KEY_ED25519 },
	{ O(0x2b, 0x65, 0x71), X509_KEY_ED448 },
	{ O(0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x01), X509_KEY_DSA },
};

static const struct oid_name curve_oids[] = {
	{ O(0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x01), X509_CURVE_P192 },
	{ O(0x2b, 0x81, 0x04, 0x00, 0x21), X509_CURVE_P224 },
	{ O(0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07), X509_CURVE_P256 },
	{ O(0x2b, 0x81, 0x04, 0x00, 0x22), X509_CURVE_P384 },
	{ O(0x2b, 0x81, 0x04, 0x00, 0x23), X509_CURVE_P521 },
	{ O(0x2b, 0x81, 0x04, 0x00, 0x0a), X509_CURVE_K256 },
};

static const struct oid_name eku_oids[] = {
	{ O(0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01), X509_EKU_SERVER_AUTH },
	{ O(0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02), X509_EKU_CLIENT_AUTH },
	{ O(0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x03), X509_EKU_CODE_SIGNING },
	{ O(0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x04), X509_EKU_EMAIL },
	{ O(0x55, 0x1d, 0x25, 0x00), X509_EKU_ANY },
};

static const uint8_t oid_cn[] = { 0x55, 0x04, 0x03 };
static const uint8_t oid_san[] = { 0x55, 0x1d, 0x11 };
static const uint8_t oid_bc[] = { 0x55, 0x1d, 0x13 };
static const uint8_t oid_ku[] = { 0x55, 0x1d, 0x0f };
static const uint8_t oid_eku[] = { 0x55, 0x1d, 0x25 };

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static int
oid_lookup(const struct oid_name *t, size_t nt, const uint8_t *p, size_t n,
    int dflt)
{
	size_t i;

	for (i = 0; i < nt; i++)
		if (der_oid_eq(p, n, t[i].oid, t[i].len))
			return t[i].val;
	return dflt;
}

/*
 * Reads the TLV at b[*off..end).  want 0 accepts any tag.  Sets v to the
 * value, *tag to the tag, advances *off past the TLV.  Returns 0 or -1.
 */
static int
get(const uint8_t *b, size_t end, size_t *off, uint8_t want,
    struct x509_span *v, uint8_t *tag)
{
	uint8_t t;
	size_t len;
	int h;

	if (*off >= end)
		return -1;
	h = der_tlv(b + *off, end - *off, &t, &len);
	if (h < 0 || (want != 0 && t != want))
		return -1;
	v->off = *off + (size_t)h;
	v->len = len;
	if (tag != NULL)
		*tag = t;
	*off = v->off + len;
	return 0;
}

/* The tag of the TLV at b[off..end), or 0 at the end. */
static uint8_t
peek(const uint8_t *b, size_t end, size_t off)
{
	return off < end ? b[off] : 0;
}

unsigned
x509_int_bits(const uint8_t *p, size_t n)
{
	unsigned bits;
	uint8_t top;

	while (n > 0 && p[0] == 0) {
		p++;
		n--;
	}
	if (n == 0)
		return 0;
	if (n > 0x1000000)
		return 0;
	bits = (unsigned)(n - 1) * 8;
	for (top = p[0]; top != 0; top >>= 1)
		bits++;
	return bits;
}

/* An INTEGER's content without its leading zero bytes. */
static struct x509_span
strip(const uint8_t *b, struct x509_span s)
{
	while (s.len > 1 && b[s.off] == 0) {
		s.off++;
		s.len--;
	}
	return s;
}

/* AlgorithmIdentifier: SEQ { OID, params OPTIONAL }; oid and params out. */
static int
algid(const uint8_t *b, size_t end, size_t *off, struct x509_span *oid,
    struct x509_span *params, uint8_t *ptag)
{
	struct x509_span seq;
	size_t o;

	if (get(b, end, off, DER_SEQUENCE, &seq, NULL) != 0)
		return -1;
	o = seq.off;
	if (get(b, seq.off + seq.len, &o, DER_OID, oid, NULL) != 0)
		return -1;
	params->off = o;
	params->len = 0;
	*ptag = 0;
	if (o < seq.off + seq.len) {
		if (get(b, seq.off + seq.len, &o, 0, params, ptag) != 0)
			return -1;
		if (o != seq.off + seq.len)
			return -1;
	}
	return 0;
}

/* Name: checks its structure, finds the first CN. */
static int
name(const uint8_t *b, size_t end, size_t *off, struct x509_span *whole,
    struct x509_span *cn)
{
	struct x509_span seq, set, atv, oid, val;
	size_t o, so, ao, start = *off;

	if (get(b, end, off, DER_SEQUENCE, &seq, NULL) != 0)
		return -1;
	whole->off = start;
	whole->len = *off - start;
	cn->off = 0;
	cn->len = 0;
	o = seq.off;
	while (o < seq.off + seq.len) {
		if (get(b, seq.off + seq.len, &o, DER_SET, &set, NULL) != 0)
			return -1;
		so = set.off;
		while (so < set.off + set.len) {
			if (get(b, set.off + set.len, &so, DER_SEQUENCE, &atv,
			    NULL) != 0)
				return -1;
			ao = atv.off;
			if (get(b, atv.off + atv.len, &ao, DER_OID, &oid,
			    NULL) != 0 ||
			    get(b, atv.off + atv.len, &ao, 0, &val, NULL) != 0 ||
			    ao != atv.off + atv.len)
				return -1;
			if (cn->len == 0 && der_oid_eq(b + oid.off, oid.len,
			    oid_cn, sizeof(oid_cn)))
				*cn = val;
		}
	}
	return 0;
}

static int
validity(const uint8_t *b, size_t end, size_t *off, struct x509_cert *c)
{
	struct x509_span seq, t;
	uint8_t tag;
	size_t o;

	if (get(b, end, off, DER_SEQUENCE, &seq, NULL) != 0)
		return X509_E_STRUCT;
	o = seq.off;
	if (get(b, seq.off + seq.len, &o, 0, &t, &tag) != 0)
		return X509_E_STRUCT;
	if (der_time(tag, b + t.off, t.len, &c->not_before) != 0)
		return X509_E_TIME;
	if (get(b, seq.off + seq.len, &o, 0, &t, &tag) != 0)
		return X509_E_STRUCT;
	if (der_time(tag, b + t.off, t.len, &c->not_after) != 0)
		return X509_E_TIME;
	if (o != seq.off + seq.len)
		return X509_E_STRUCT;
	return X509_OK;
}

static int
curve_bits(enum x509_curve cv)
{
	switch (cv) {
	case X509_CURVE_P192: return 192;
	case X509_CURVE_P224: return 224;
	case X509_CURVE_P256: return 256;
	case X509_CURVE_K256: return 256;
	case X509_CURVE_P384: return 384;
	case X509_CURVE_P521: return 521;
	default: return 0;
	}
}

/* SubjectPublicKeyInfo. */
static int
spki(const uint8_t *b, size_t end, size_t *off, struct x509_cert *c)
{
	struct x509_span seq, oid, params, bits, rsa, n, e, p;
	uint8_t ptag;
	size_t o, ro;

	if (get(b, end, off, DER_SEQUENCE, &seq, NULL) != 0)
		return X509_E_STRUCT;
	o = seq.off;
	if (algid(b, seq.off + seq.len, &o, &oid, &params, &ptag) != 0 ||
	    get(b, seq.off + seq.len, &o, DER_BITSTRING, &bits, NULL) != 0 ||
	    o != seq.off + seq.len)
		return X509_E_STRUCT;
	if (bits.len < 1 || b[bits.off] != 0)
		return X509_E_KEY;
	c->key = (enum x509_key)oid_lookup(key_oids, NELEM(key_oids),
	    b + oid.off, oid.len, X509_KEY_UNKNOWN);
	c->pub.off = bits.off + 1;
	c->pub.len = bits.len - 1;
	switch (c->key) {
	case X509_KEY_RSA:
	case X509_KEY_RSAPSS:
		ro = c->pub.off;
		if (get(b, c->pub.off + c->pub.len, &ro, DER_SEQUENCE, &rsa,
		    NULL) != 0 || ro != c->pub.off + c->pub.len)
			return X509_E_KEY;
		ro = rsa.off;
		if (get(b, rsa.off + rsa.len, &ro, DER_INTEGER, &n, NULL) != 0 ||
		    get(b, rsa.off + rsa.len, &ro, DER_INTEGER, &e, NULL) != 0 ||
		    ro != rsa.off + rsa.len || n.len == 0 || e.len == 0)
			return X509_E_KEY;
		c->rsa_n = strip(b, n);
		c->rsa_e = strip(b, e);
		c->key_bits = x509_int_bits(b + n.off, n.len);
		break;
	case X509_KEY_EC:
		if (ptag == DER_OID)
			c->curve = (enum x509_curve)oid_lookup(curve_oids,
			    NELEM(curve_oids), b + params.off, params.len,
			    X509_CURVE_OTHER);
		else
			c->curve = X509_CURVE_OTHER;	/* explicit parameters */
		c->key_bits = (unsigned)curve_bits(c->curve);
		if (ptag == DER_SEQUENCE) {
			/* ECParameters: version, fieldID, curve, base, order;
			 * the size is the order's, as OpenSSL counts it. */
			struct x509_span q;
			uint8_t qt;
			int k;

			ro = params.off;
			for (k = 0; k < 5; k++)
				if (get(b, params.off + params.len, &ro, 0, &q,
				    &qt) != 0)
					break;
			if (k == 5 && qt == DER_INTEGER)
				c->key_bits = x509_int_bits(b + q.off, q.len);
		}
		break;
	case X509_KEY_ED25519:
		c->key_bits = 256;
		break;
	case X509_KEY_ED448:
		c->key_bits = 456;
		break;
	case X509_KEY_DSA:
		if (ptag == DER_SEQUENCE) {
			ro = params.off;
			if (get(b, params.off + params.len, &ro, DER_INTEGER, &p,
			    NULL) != 0)
				return X509_E_KEY;
			c->key_bits = x509_int_bits(b + p.off, p.len);
		}
		break;
	default:
		break;
	}
	return X509_OK;
}

static int
ext_san(const uint8_t *b, struct x509_span v, struct x509_cert *c)
{
	struct x509_span seq, gn;
	uint8_t tag;
	size_t o = v.off;

	if (get(b, v.off + v.len, &o, DER_SEQUENCE, &seq, NULL) != 0 ||
	    o != v.off + v.len)
		return -1;
	c->has_san = 1;
	c->san = seq;
	o = seq.off;
	while (o < seq.off + seq.len) {
		if (get(b, seq.off + seq.len, &o, 0, &gn, &tag) != 0)
			return -1;
		if (tag == 0x82)
			c->san_dns++;
		else if (tag == 0x87)
			c->san_ip++;
	}
	return 0;
}

static int
ext_bc(const uint8_t *b, struct x509_span v, struct x509_cert *c)
{
	struct x509_span seq, f;
	size_t o = v.off;

	if (get(b, v.off + v.len, &o, DER_SEQUENCE, &seq, NULL) != 0 ||
	    o != v.off + v.len)
		return -1;
	c->has_bc = 1;
	o = seq.off;
	if (peek(b, seq.off + seq.len, o) == DER_BOOLEAN) {
		if (get(b, seq.off + seq.len, &o, DER_BOOLEAN, &f, NULL) != 0 ||
		    f.len != 1)
			return -1;
		c->is_ca = b[f.off] != 0;
	}
	if (peek(b, seq.off + seq.len, o) == DER_INTEGER &&
	    get(b, seq.off + seq.len, &o, DER_INTEGER, &f, NULL) != 0)
		return -1;
	return o == seq.off + seq.len ? 0 : -1;
}

static int
ext_ku(const uint8_t *b, struct x509_span v, struct x509_cert *c)
{
	struct x509_span bs;
	size_t o = v.off, i;

	if (get(b, v.off + v.len, &o, DER_BITSTRING, &bs, NULL) != 0 ||
	    o != v.off + v.len || bs.len < 1 || b[bs.off] > 7)
		return -1;
	c->has_ku = 1;
	c->ku = 0;
	for (i = 1; i < bs.len && i <= 2; i++) {
		unsigned byte = b[bs.off + i], j;

		for (j = 0; j < 8; j++)
			if (byte & (0x80u >> j))
				c->ku |= 1u << ((i - 1) * 8 + j);
	}
	return 0;
}

static int
ext_eku(const uint8_t *b, struct x509_span v, struct x509_cert *c)
{
	struct x509_span seq, oid;
	size_t o = v.off;

	if (get(b, v.off + v.len, &o, DER_SEQUENCE, &seq, NULL) != 0 ||
	    o != v.off + v.len)
		return -1;
	c->has_eku = 1;
	o = seq.off;
	while (o < seq.off + seq.len) {
		if (get(b, seq.off + seq.len, &o, DER_OID, &oid, NULL) != 0)
			return -1;
		c->eku |= (unsigned)oid_lookup(eku_oids, NELEM(eku_oids),
		    b + oid.off, oid.len, X509_EKU_OTHER);
	}
	return 0;
}

/* [3] EXPLICIT Extensions. */
static int
extensions(const uint8_t *b, struct x509_span wrap, struct x509_cert *c)
{
	struct x509_span seq, ext, oid, crit, val;
	size_t o = wrap.off, eo;

	if (get(b, wrap.off + wrap.len, &o, DER_SEQUENCE, &seq, NULL) != 0 ||
	    o != wrap.off + wrap.len)
		return -1;
	o = seq.off;
	while (o < seq.off + seq.len) {
		if (get(b, seq.off + seq.len, &o, DER_SEQUENCE, &ext, NULL) != 0)
			return -1;
		eo = ext.off;
		if (get(b, ext.off + ext.len, &eo, DER_OID, &oid, NULL) != 0)
			return -1;
		if (peek(b, ext.off + ext.len, eo) == DER_BOOLEAN &&
		    get(b, ext.off + ext.len, &eo, DER_BOOLEAN, &crit, NULL) != 0)
			return -1;
		if (get(b, ext.off + ext.len, &eo, DER_OCTETSTRING, &val,
		    NULL) != 0 || eo != ext.off + ext.len)
			return -1;
		if (der_oid_eq(b + oid.off, oid.len, oid_san, sizeof(oid_san))) {
			if (ext_san(b, val, c) != 0) {
				c->bad_ext |= X509_EXT_SAN;
				c->has_san = 0;
				c->san_dns = c->san_ip = 0;
			}
		} else if (der_oid_eq(b + oid.off, oid.len, oid_bc,
		    sizeof(oid_bc))) {
			if (ext_bc(b, val, c) != 0) {
				c->bad_ext |= X509_EXT_BC;
				c->has_bc = 0;
				c->is_ca = 0;
			}
		} else if (der_oid_eq(b + oid.off, oid.len, oid_ku,
		    sizeof(oid_ku))) {
			if (ext_ku(b, val, c) != 0) {
				c->bad_ext |= X509_EXT_KU;
				c->has_ku = 0;
				c->ku = 0;
			}
		} else if (der_oid_eq(b + oid.off, oid.len, oid_eku,
		    sizeof(oid_eku))) {
			if (ext_eku(b, val, c) != 0) {
				c->bad_ext |= X509_EXT_EKU;
				c->has_eku = 0;
				c->eku = 0;
			}
		}
	}
	return 0;
}

enum x509_err
x509_decode(const uint8_t *b, size_t n, struct x509_cert *c, size_t *used)
{
	struct x509_span cert, tbs, v, oid, params, sigbits;
	uint8_t ptag;
	size_t o = 0, t, tend;
	int r;

	memset(c, 0, sizeof(*c));
	*used = 0;
	if (n == 0)
		return X509_E_EMPTY;
	if (n > 0x7fffffff)
		return X509_E_DER;
	if (get(b, n, &o, DER_SEQUENCE, &cert, NULL) != 0)
		return n < 2 || b[0] != DER_SEQUENCE ? X509_E_STRUCT : X509_E_DER;
	c->total = o;
	t = cert.off;
	if (get(b, cert.off + cert.len, &t, DER_SEQUENCE, &tbs, NULL) != 0)
		return X509_E_DER;
	tend = tbs.off + tbs.len;

	/* TBSCertificate */
	o = tbs.off;
	c->version = 1;
	if (peek(b, tend, o) == 0xa0) {
		size_t vo;
		struct x509_span iv;

		if (get(b, tend, &o, 0xa0, &v, NULL) != 0)
			return X509_E_DER;
		vo = v.off;
		if (get(b, v.off + v.len, &vo, DER_INTEGER, &iv, NULL) != 0 ||
		    vo != v.off + v.len || iv.len != 1 || b[iv.off] > 2)
			return X509_E_VERSION;
		c->version = b[iv.off] + 1;
	}
	if (get(b, tend, &o, DER_INTEGER, &c->serial, NULL) != 0 ||
	    c->serial.len == 0)
		return X509_E_STRUCT;
	if (algid(b, tend, &o, &oid, &params, &ptag) != 0)
		return X509_E_STRUCT;
	if (name(b, tend, &o, &c->issuer, &c->issuer_cn) != 0)
		return X509_E_STRUCT;
	if ((r = validity(b, tend, &o, c)) != X509_OK)
		return (enum x509_err)r;
	if (name(b, tend, &o, &c->subject, &c->subject_cn) != 0)
		return X509_E_STRUCT;
	if ((r = spki(b, tend, &o, c)) != X509_OK)
		return (enum x509_err)r;
	if (peek(b, tend, o) == 0x81 && get(b, tend, &o, 0x81, &v, NULL) != 0)
		return X509_E_STRUCT;
	if (peek(b, tend, o) == 0x82 && get(b, tend, &o, 0x82, &v, NULL) != 0)
		return X509_E_STRUCT;
	if (peek(b, tend, o) == 0xa3) {
		if (get(b, tend, &o, 0xa3, &v, NULL) != 0)
			return X509_E_STRUCT;
		if (extensions(b, v, c) != 0)
			return X509_E_EXT;
	}
	if (o != tend)
		return X509_E_STRUCT;

	/* signatureAlgorithm, signatureValue, nothing else. */
	if (algid(b, cert.off + cert.len, &t, &oid, &params, &ptag) != 0)
		return X509_E_STRUCT;
	c->sig = (enum x509_sig)oid_lookup(sig_oids, NELEM(sig_oids),
	    b + oid.off, oid.len, X509_SIG_UNKNOWN);
	if (get(b, cert.off + cert.len, &t, DER_BITSTRING, &sigbits, NULL) != 0 ||
	    t != cert.off + cert.len)
		return X509_E_STRUCT;
	*used = c->total;
	return X509_OK;
}

int
x509_san_next(const uint8_t *b, const struct x509_cert *c, size_t *pos,
    int *type, struct x509_span *v)
{
	size_t o;
	uint8_t tag;

	if (!c->has_san)
		return 0;
	o = c->san.off + *pos;
	if (o >= c->san.off + c->san.len)
		return 0;
	if (get(b, c->san.off + c->san.len, &o, 0, v, &tag) != 0)
		return 0;
	*pos = o - c->san.off;
	*type = tag & 0x1f;
	return 1;
}

const char *
x509_strerror(enum x509_err e)
{
	switch (e) {
	case X509_OK: return "ok";
	case X509_E_EMPTY: return "empty input";
	case X509_E_DER: return "malformed DER (indefinite or non-minimal "
	    "length, or a length past the end of the data: truncated?)";
	case X509_E_STRUCT: return "not an X.509 certificate (unexpected "
	    "structure)";
	case X509_E_VERSION: return "unsupported certificate version";
	case X509_E_TIME: return "malformed validity time (RFC 5280 "
	    "UTCTime or GeneralizedTime with seconds and Z)";
	case X509_E_KEY: return "malformed public key";
	case X509_E_EXT: return "malformed extension (SAN, basic "
	    "constraints, key usage or extended key usage)";
	case X509_E_TRAILING: return "trailing data after the certificate";
	default: return "unknown error";
	}
}

const char *
x509_sig_name(enum x509_sig s)
{
	static const char *const names[X509_SIG__N] = {
		"unknown", "md2WithRSAEncryption", "md5WithRSAEncryption",
		"sha1WithRSAEncryption", "sha224WithRSAEncryption",
		"sha256WithRSAEncryption", "sha384WithRSAEncryption",
		"sha512WithRSAEncryption", "RSASSA-PSS", "ecdsa-with-SHA1",
		"ecdsa-with-SHA224", "ecdsa-with-SHA256", "ecdsa-with-SHA384",
		"ecdsa-with-SHA512", "ED25519", "ED448", "dsaWithSHA1",
		"dsa_with_SHA224", "dsa_with_SHA256",
	};

	return (unsigned)s < X509_SIG__N ? names[s] : "unknown";
}

int
x509_sig_weak(enum x509_sig s)
{
	return s == X509_SIG_MD2_RSA || s == X509_SIG_MD5_RSA ||
	    s == X509_SIG_SHA1_RSA || s == X509_SIG_ECDSA_SHA1 ||
	    s == X509_SIG_DSA_SHA1;
}

const char *
x509_key_name(enum x509_key k)
{
	switch (k) {
	case X509_KEY_RSA: return "rsaEncryption";
	case X509_KEY_RSAPSS: return "rsassaPss";
	case X509_KEY_EC: return "id-ecPublicKey";
	case X509_KEY_ED25519: return "ED25519";
	case X509_KEY_ED448: return "ED448";
	case X509_KEY_DSA: return "dsaEncryption";
	default: return "unknown";
	}
}

const char *
x509_curve_name(enum x509_curve cv)
{
	switch (cv) {
	case X509_CURVE_P192: return "prime192v1";
	case X509_CURVE_P224: return "secp224r1";
	case X509_CURVE_P256: return "prime256v1";
	case X509_CURVE_P384: return "secp384r1";
	case X509_CURVE_P521: return "secp521r1";
	case X509_CURVE_K256: return "secp256k1";
	case X509_CURVE_OTHER: return "other";
	default: return "";
	}
}
