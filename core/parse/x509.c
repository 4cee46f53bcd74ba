/*
 * x509.c - the certificate decoder of x509.h.
 *
 * Every read goes through get(), which calls der_tlv() (proved) on the
 * bytes left inside the enclosing value, so no read leaves its parent.
 * Loops walk a parent's value from its start to its end and each
 * iteration consumes at least one header (2 bytes): bounded by the input.
 */
#include "der.h"
#include "x509.h"

/*
 * An OID to name table entry: the OID content inline (WP follows a
 * fixed array inside the entry; it does not follow a pointer to a
 * compound literal).
 */
#define OID_MAX 9

struct oid_name {
	uint8_t oid[OID_MAX];
	uint8_t len;
	int val;
};

#define O(...) { __VA_ARGS__ }, sizeof((const uint8_t[]){ __VA_ARGS__ })

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

/*@ requires n <= 0x7fffffff;
    requires \valid_read(p + (0 .. n - 1));
    requires \valid_read(t + (0 .. nt - 1));
    assigns \nothing;
*/
static int
oid_lookup(const struct oid_name *t, size_t nt, const uint8_t *p, size_t n,
    int dflt)
{
	size_t i;

	/*@ loop invariant 0 <= i <= nt;
	    loop assigns i;
	    loop variant nt - i;
	*/
	for (i = 0; i < nt; i++)
		if (t[i].len <= OID_MAX &&
		    der_oid_eq(p, n, t[i].oid, t[i].len))
			return t[i].val;
	return dflt;
}

/*
 * Reads the TLV at b[*off..end).  want 0 accepts any tag.  Sets v to the
 * value, *tag to the tag, advances *off past the TLV.  Returns 0 or -1
 * (*off and *v unchanged).
 */
/*@ requires end <= 0x7fffffff;
    requires \valid_read(b + (0 .. end - 1));
    requires \valid(off) && \valid(v) && \valid(tag);
    requires \separated(off, v, tag, b + (0 .. end - 1));
    assigns *off, *v, *tag;
    ensures \result == 0 || \result == -1;
    ensures \result == 0 ==> \old(*off) + 2 <= v->off &&
        v->off + v->len == *off && *off <= end;
    ensures \result == 0 ==> *tag == b[\old(*off)];
    ensures \result == 0 && want != 0 ==> b[\old(*off)] == want;
    ensures \result != 0 ==> *off == \old(*off) &&
        v->off == \old(v->off) && v->len == \old(v->len);
*/
static int
gett(const uint8_t *b, size_t end, size_t *off, uint8_t want,
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
	*tag = t;
	*off = v->off + len;
	return 0;
}

/* gett() without the tag. */
/*@ requires end <= 0x7fffffff;
    requires \valid_read(b + (0 .. end - 1));
    requires \valid(off) && \valid(v);
    requires \separated(off, v, b + (0 .. end - 1));
    assigns *off, *v;
    ensures \result == 0 || \result == -1;
    ensures \result == 0 ==> \old(*off) + 2 <= v->off &&
        v->off + v->len == *off && *off <= end;
    ensures \result == 0 && want != 0 ==> b[\old(*off)] == want;
    ensures \result != 0 ==> *off == \old(*off) &&
        v->off == \old(v->off) && v->len == \old(v->len);
*/
static int
get(const uint8_t *b, size_t end, size_t *off, uint8_t want,
    struct x509_span *v)
{
	uint8_t t;

	return gett(b, end, off, want, v, &t);
}

/* The tag of the TLV at b[off..end), or 0 at the end. */
/*@ requires off < end ==> \valid_read(b + off);
    assigns \nothing;
    ensures \result != 0 ==> off < end && \result == b[off];
*/
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

	/*@ loop invariant \at(p, Pre) <= p;
	    loop invariant p + n == \at(p, Pre) + \at(n, Pre);
	    loop assigns p, n;
	    loop variant n;
	*/
	while (n > 0 && p[0] == 0) {
		p++;
		n--;
	}
	if (n == 0)
		return 0;
	if (n > 0x1000000)
		return 0;
	bits = (unsigned)(n - 1) * 8;
	/*@ loop assigns top, bits;
	    loop variant top;
	*/
	for (top = p[0]; top != 0; top >>= 1)
		bits++;
	return bits;
}

/* An INTEGER's content without its leading zero bytes, into *out. */
/*@ requires s.off + s.len <= 0x7fffffff;
    requires \valid_read(b + (s.off .. s.off + s.len - 1));
    requires \valid(out);
    requires \separated(out, b + (s.off .. s.off + s.len - 1));
    assigns *out;
    ensures s.off <= out->off && out->off + out->len == s.off + s.len;
*/
static void
strip(const uint8_t *b, struct x509_span s, struct x509_span *out)
{
	size_t o = s.off, l = s.len;

	/*@ loop invariant s.off <= o && o + l == s.off + s.len;
	    loop assigns o, l;
	    loop variant l;
	*/
	while (l > 1 && b[o] == 0) {
		o++;
		l--;
	}
	out->off = o;
	out->len = l;
}

/* AlgorithmIdentifier: SEQ { OID, params OPTIONAL }; oid and params out. */
/*@ requires end <= 0x7fffffff;
    requires \valid_read(b + (0 .. end - 1));
    requires \valid(off) && \valid(oid) && \valid(params) && \valid(ptag);
    requires \separated(off, oid, params, ptag, b + (0 .. end - 1));
    assigns *off, *oid, *params, *ptag;
    ensures \result == 0 || \result == -1;
    ensures \result == 0 ==> \old(*off) <= *off <= end &&
        oid->off + oid->len <= end && params->off + params->len <= end;
*/
static int
algid(const uint8_t *b, size_t end, size_t *off, struct x509_span *oid,
    struct x509_span *params, uint8_t *ptag)
{
	struct x509_span seq;
	size_t o;

	if (get(b, end, off, DER_SEQUENCE, &seq) != 0)
		return -1;
	o = seq.off;
	if (get(b, seq.off + seq.len, &o, DER_OID, oid) != 0)
		return -1;
	params->off = o;
	params->len = 0;
	*ptag = 0;
	if (o < seq.off + seq.len) {
		if (gett(b, seq.off + seq.len, &o, 0, params, ptag) != 0)
			return -1;
		if (o != seq.off + seq.len)
			return -1;
	}
	return 0;
}

/* One AttributeTypeAndValue at b[*so..end): its type OID and value. */
/*@ requires end <= 0x7fffffff;
    requires \valid_read(b + (0 .. end - 1));
    requires \valid(so) && \valid(oid) && \valid(val);
    requires \separated(so, oid, val, b + (0 .. end - 1));
    assigns *so, *oid, *val;
    ensures \result == 0 || \result == -1;
    ensures \result == 0 ==> \old(*so) < *so <= end &&
        oid->off + oid->len <= end && val->off + val->len <= end;
*/
static int
atv(const uint8_t *b, size_t end, size_t *so, struct x509_span *oid,
    struct x509_span *val)
{
	struct x509_span a;
	size_t ao;

	if (get(b, end, so, DER_SEQUENCE, &a) != 0)
		return -1;
	ao = a.off;
	if (get(b, a.off + a.len, &ao, DER_OID, oid) != 0 ||
	    get(b, a.off + a.len, &ao, 0, val) != 0 ||
	    ao != a.off + a.len)
		return -1;
	return 0;
}

/* Name: checks its structure, finds the first CN. */
/*@ requires end <= 0x7fffffff;
    requires \valid_read(b + (0 .. end - 1));
    requires \valid(off) && \valid(whole) && \valid(cn);
    requires \separated(off, whole, cn, b + (0 .. end - 1));
    assigns *off, *whole, *cn;
    ensures \result == 0 || \result == -1;
    ensures \result == 0 ==> \old(*off) <= *off <= end;
*/
static int
name(const uint8_t *b, size_t end, size_t *off, struct x509_span *whole,
    struct x509_span *cn)
{
	struct x509_span seq, set, oid, val;
	size_t o, so, start = *off;

	if (get(b, end, off, DER_SEQUENCE, &seq) != 0)
		return -1;
	whole->off = start;
	whole->len = *off - start;
	cn->off = 0;
	cn->len = 0;
	o = seq.off;
	/*@ loop invariant seq.off <= o <= seq.off + seq.len;
	    loop assigns o, so, set, oid, val, *cn;
	    loop variant seq.off + seq.len - o;
	*/
	while (o < seq.off + seq.len) {
		if (get(b, seq.off + seq.len, &o, DER_SET, &set) != 0)
			return -1;
		so = set.off;
		/*@ loop invariant set.off <= so <= set.off + set.len;
		    loop assigns so, oid, val, *cn;
		    loop variant set.off + set.len - so;
		*/
		while (so < set.off + set.len) {
			if (atv(b, set.off + set.len, &so, &oid, &val) != 0)
				return -1;
			if (cn->len == 0 && der_oid_eq(b + oid.off, oid.len,
			    oid_cn, sizeof(oid_cn)))
				*cn = val;
		}
	}
	return 0;
}

/*@ requires end <= 0x7fffffff;
    requires \valid_read(b + (0 .. end - 1));
    requires \valid(off) && \valid(c);
    requires \separated(off, c, b + (0 .. end - 1));
    assigns *off, c->not_before, c->not_after;
    ensures \result == X509_OK || \result == X509_E_STRUCT ||
        \result == X509_E_TIME;
    ensures \result == X509_OK ==> \old(*off) <= *off <= end;
*/
static int
validity(const uint8_t *b, size_t end, size_t *off, struct x509_cert *c)
{
	struct x509_span seq, t;
	uint8_t tag;
	size_t o;

	if (get(b, end, off, DER_SEQUENCE, &seq) != 0)
		return X509_E_STRUCT;
	o = seq.off;
	if (gett(b, seq.off + seq.len, &o, 0, &t, &tag) != 0)
		return X509_E_STRUCT;
	if (der_time(tag, b + t.off, t.len, &c->not_before) != 0)
		return X509_E_TIME;
	if (gett(b, seq.off + seq.len, &o, 0, &t, &tag) != 0)
		return X509_E_STRUCT;
	if (der_time(tag, b + t.off, t.len, &c->not_after) != 0)
		return X509_E_TIME;
	if (o != seq.off + seq.len)
		return X509_E_STRUCT;
	return X509_OK;
}

/*@ assigns \nothing;
    ensures 0 <= \result <= 521;
*/
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

/* RSAPublicKey in the BIT STRING c->pub. */
/*@ requires c->pub.off + c->pub.len <= 0x7fffffff;
    requires \valid_read(b + (0 .. c->pub.off + c->pub.len - 1));
    requires \valid(c);
    requires \separated(c, b + (0 .. c->pub.off + c->pub.len - 1));
    assigns c->rsa_n, c->rsa_e, c->key_bits;
    ensures \result == X509_OK || \result == X509_E_KEY;
*/
static int
spki_rsa(const uint8_t *b, struct x509_cert *c)
{
	struct x509_span rsa, n, e;
	size_t ro, end = c->pub.off + c->pub.len;

	ro = c->pub.off;
	if (get(b, end, &ro, DER_SEQUENCE, &rsa) != 0 || ro != end)
		return X509_E_KEY;
	ro = rsa.off;
	if (get(b, rsa.off + rsa.len, &ro, DER_INTEGER, &n) != 0 ||
	    get(b, rsa.off + rsa.len, &ro, DER_INTEGER, &e) != 0 ||
	    ro != rsa.off + rsa.len || n.len == 0 || e.len == 0)
		return X509_E_KEY;
	strip(b, n, &c->rsa_n);
	strip(b, e, &c->rsa_e);
	c->key_bits = x509_int_bits(b + n.off, n.len);
	return X509_OK;
}

/* EC parameters: the named curve, or the order of explicit ones. */
/*@ requires params.off + params.len <= 0x7fffffff;
    requires \valid_read(b + (0 .. params.off + params.len - 1));
    requires \valid(c);
    requires \separated(c, b + (0 .. params.off + params.len - 1));
    assigns c->curve, c->key_bits;
*/
static void
spki_ec(const uint8_t *b, struct x509_span params, uint8_t ptag,
    struct x509_cert *c)
{
	struct x509_span q;
	uint8_t qt = 0;
	size_t ro;
	int k;

	if (ptag == DER_OID)
		c->curve = (enum x509_curve)oid_lookup(curve_oids,
		    NELEM(curve_oids), b + params.off, params.len,
		    X509_CURVE_OTHER);
	else
		c->curve = X509_CURVE_OTHER;	/* explicit parameters */
	c->key_bits = (unsigned)curve_bits(c->curve);
	if (ptag != DER_SEQUENCE)
		return;
	/* ECParameters: version, fieldID, curve, base, order; the size is
	 * the order's, as OpenSSL counts it. */
	ro = params.off;
	q.off = params.off;
	q.len = 0;
	/*@ loop invariant 0 <= k <= 5;
	    loop invariant params.off <= ro <= params.off + params.len;
	    loop invariant q.off + q.len <= params.off + params.len;
	    loop assigns k, ro, q, qt;
	    loop variant 5 - k;
	*/
	for (k = 0; k < 5; k++)
		if (gett(b, params.off + params.len, &ro, 0, &q, &qt) != 0)
			break;
	if (k == 5 && qt == DER_INTEGER)
		c->key_bits = x509_int_bits(b + q.off, q.len);
}

/* DSA parameters: p's size. */
/*@ requires params.off + params.len <= 0x7fffffff;
    requires \valid_read(b + (0 .. params.off + params.len - 1));
    requires \valid(c);
    requires \separated(c, b + (0 .. params.off + params.len - 1));
    assigns c->key_bits;
    ensures \result == X509_OK || \result == X509_E_KEY;
*/
static int
spki_dsa(const uint8_t *b, struct x509_span params, struct x509_cert *c)
{
	struct x509_span p;
	size_t ro = params.off;

	if (get(b, params.off + params.len, &ro, DER_INTEGER, &p) != 0)
		return X509_E_KEY;
	c->key_bits = x509_int_bits(b + p.off, p.len);
	return X509_OK;
}

/* SubjectPublicKeyInfo. */
/*@ requires end <= 0x7fffffff;
    requires \valid_read(b + (0 .. end - 1));
    requires \valid(off) && \valid(c);
    requires \separated(off, c, b + (0 .. end - 1));
    assigns *off, c->key, c->pub, c->rsa_n, c->rsa_e, c->key_bits, c->curve;
    ensures \result == X509_OK || \result == X509_E_STRUCT ||
        \result == X509_E_KEY;
    ensures \result == X509_OK ==> \old(*off) <= *off <= end;
*/
static int
spki(const uint8_t *b, size_t end, size_t *off, struct x509_cert *c)
{
	struct x509_span seq, oid, params, bits;
	uint8_t ptag;
	size_t o;

	if (get(b, end, off, DER_SEQUENCE, &seq) != 0)
		return X509_E_STRUCT;
	o = seq.off;
	if (algid(b, seq.off + seq.len, &o, &oid, &params, &ptag) != 0 ||
	    get(b, seq.off + seq.len, &o, DER_BITSTRING, &bits) != 0 ||
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
		return spki_rsa(b, c);
	case X509_KEY_EC:
		spki_ec(b, params, ptag, c);
		break;
	case X509_KEY_ED25519:
		c->key_bits = 256;
		break;
	case X509_KEY_ED448:
		c->key_bits = 456;
		break;
	case X509_KEY_DSA:
		if (ptag == DER_SEQUENCE)
			return spki_dsa(b, params, c);
		break;
	default:
		break;
	}
	return X509_OK;
}

/*@ requires v.off + v.len <= 0x7fffffff;
    requires \valid_read(b + (0 .. v.off + v.len - 1));
    requires \valid(c);
    requires \separated(c, b + (0 .. v.off + v.len - 1));
    assigns c->has_san, c->san, c->san_dns, c->san_ip;
    ensures \result == 0 || \result == -1;
    ensures (c->san.off == \old(c->san.off) &&
        c->san.len == \old(c->san.len)) ||
        c->san.off + c->san.len <= v.off + v.len;
*/
static int
ext_san(const uint8_t *b, struct x509_span v, struct x509_cert *c)
{
	struct x509_span seq, gn;
	size_t o = v.off;

	if (get(b, v.off + v.len, &o, DER_SEQUENCE, &seq) != 0 ||
	    o != v.off + v.len)
		return -1;
	c->has_san = 1;
	c->san = seq;
	o = seq.off;
	/*@ loop invariant seq.off <= o <= seq.off + seq.len;
	    loop invariant c->san.off == seq.off && c->san.len == seq.len;
	    loop assigns o, gn, c->san_dns, c->san_ip;
	    loop variant seq.off + seq.len - o;
	*/
	while (o < seq.off + seq.len) {
		uint8_t tag;

		if (gett(b, seq.off + seq.len, &o, 0, &gn, &tag) != 0)
			return -1;
		if (tag == 0x82)
			c->san_dns++;
		else if (tag == 0x87)
			c->san_ip++;
	}
	return 0;
}

/*@ requires v.off + v.len <= 0x7fffffff;
    requires \valid_read(b + (0 .. v.off + v.len - 1));
    requires \valid(c);
    requires \separated(c, b + (0 .. v.off + v.len - 1));
    assigns c->has_bc, c->is_ca;
    ensures \result == 0 || \result == -1;
*/
static int
ext_bc(const uint8_t *b, struct x509_span v, struct x509_cert *c)
{
	struct x509_span seq, f;
	size_t o = v.off;

	if (get(b, v.off + v.len, &o, DER_SEQUENCE, &seq) != 0 ||
	    o != v.off + v.len)
		return -1;
	c->has_bc = 1;
	o = seq.off;
	if (peek(b, seq.off + seq.len, o) == DER_BOOLEAN) {
		if (get(b, seq.off + seq.len, &o, DER_BOOLEAN, &f) != 0 ||
		    f.len != 1)
			return -1;
		c->is_ca = b[f.off] != 0;
	}
	if (peek(b, seq.off + seq.len, o) == DER_INTEGER &&
	    get(b, seq.off + seq.len, &o, DER_INTEGER, &f) != 0)
		return -1;
	return o == seq.off + seq.len ? 0 : -1;
}

/*@ requires v.off + v.len <= 0x7fffffff;
    requires \valid_read(b + (0 .. v.off + v.len - 1));
    requires \valid(c);
    requires \separated(c, b + (0 .. v.off + v.len - 1));
    assigns c->has_ku, c->ku;
    ensures \result == 0 || \result == -1;
*/
static int
ext_ku(const uint8_t *b, struct x509_span v, struct x509_cert *c)
{
	struct x509_span bs;
	size_t o = v.off, i;

	if (get(b, v.off + v.len, &o, DER_BITSTRING, &bs) != 0 ||
	    o != v.off + v.len || bs.len < 1 || b[bs.off] > 7)
		return -1;
	c->has_ku = 1;
	c->ku = 0;
	/*@ loop invariant 1 <= i <= 3;
	    loop assigns i, c->ku;
	    loop variant 3 - i;
	*/
	for (i = 1; i < bs.len && i <= 2; i++) {
		unsigned byte = b[bs.off + i], j;

		/*@ loop invariant 0 <= j <= 8;
		    loop assigns j, c->ku;
		    loop variant 8 - j;
		*/
		for (j = 0; j < 8; j++)
			if (byte & (0x80u >> j))
				c->ku |= 1u << ((i - 1) * 8 + j);
	}
	return 0;
}

/*@ requires v.off + v.len <= 0x7fffffff;
    requires \valid_read(b + (0 .. v.off + v.len - 1));
    requires \valid(c);
    requires \separated(c, b + (0 .. v.off + v.len - 1));
    assigns c->has_eku, c->eku;
    ensures \result == 0 || \result == -1;
*/
static int
ext_eku(const uint8_t *b, struct x509_span v, struct x509_cert *c)
{
	struct x509_span seq, oid;
	size_t o = v.off;

	if (get(b, v.off + v.len, &o, DER_SEQUENCE, &seq) != 0 ||
	    o != v.off + v.len)
		return -1;
	c->has_eku = 1;
	o = seq.off;
	/*@ loop invariant seq.off <= o <= seq.off + seq.len;
	    loop assigns o, oid, c->eku;
	    loop variant seq.off + seq.len - o;
	*/
	while (o < seq.off + seq.len) {
		if (get(b, seq.off + seq.len, &o, DER_OID, &oid) != 0)
			return -1;
		c->eku |= (unsigned)oid_lookup(eku_oids, NELEM(eku_oids),
		    b + oid.off, oid.len, X509_EKU_OTHER);
	}
	return 0;
}

/*@ predicate san_in(struct x509_cert *c, integer e) =
      c->san.off + c->san.len <= e;
*/

/* One extension, its OID at oid and its value at val. */
/*@ requires oid.off + oid.len <= end && val.off + val.len <= end;
    requires end <= 0x7fffffff;
    requires \valid_read(b + (0 .. end - 1));
    requires \valid(c) && san_in(c, end);
    requires \separated(c, b + (0 .. end - 1));
    assigns c->bad_ext, c->has_san, c->san, c->san_dns, c->san_ip,
        c->has_bc, c->is_ca, c->has_ku, c->ku, c->has_eku, c->eku;
    ensures san_in(c, end);
*/
static void
ext_one(const uint8_t *b, size_t end, struct x509_span oid,
    struct x509_span val, struct x509_cert *c)
{
	(void)end;
	if (der_oid_eq(b + oid.off, oid.len, oid_san, sizeof(oid_san))) {
		if (ext_san(b, val, c) != 0) {
			c->bad_ext |= X509_EXT_SAN;
			c->has_san = 0;
			c->san_dns = c->san_ip = 0;
		}
	} else if (der_oid_eq(b + oid.off, oid.len, oid_bc, sizeof(oid_bc))) {
		if (ext_bc(b, val, c) != 0) {
			c->bad_ext |= X509_EXT_BC;
			c->has_bc = 0;
			c->is_ca = 0;
		}
	} else if (der_oid_eq(b + oid.off, oid.len, oid_ku, sizeof(oid_ku))) {
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

/* [3] EXPLICIT Extensions. */
/*@ requires wrap.off + wrap.len <= 0x7fffffff;
    requires \valid_read(b + (0 .. wrap.off + wrap.len - 1));
    requires \valid(c) && san_in(c, wrap.off + wrap.len);
    requires \separated(c, b + (0 .. wrap.off + wrap.len - 1));
    assigns c->bad_ext, c->has_san, c->san, c->san_dns, c->san_ip,
        c->has_bc, c->is_ca, c->has_ku, c->ku, c->has_eku, c->eku;
    ensures \result == 0 || \result == -1;
    ensures san_in(c, wrap.off + wrap.len);
*/
static int
extensions(const uint8_t *b, struct x509_span wrap, struct x509_cert *c)
{
	struct x509_span seq, ext, oid, crit, val;
	size_t o = wrap.off, eo;

	if (get(b, wrap.off + wrap.len, &o, DER_SEQUENCE, &seq) != 0 ||
	    o != wrap.off + wrap.len)
		return -1;
	o = seq.off;
	/*@ loop invariant seq.off <= o <= seq.off + seq.len;
	    loop invariant san_in(c, wrap.off + wrap.len);
	    loop assigns o, eo, ext, oid, crit, val, c->bad_ext, c->has_san,
	        c->san, c->san_dns, c->san_ip, c->has_bc, c->is_ca,
	        c->has_ku, c->ku, c->has_eku, c->eku;
	    loop variant seq.off + seq.len - o;
	*/
	while (o < seq.off + seq.len) {
		if (get(b, seq.off + seq.len, &o, DER_SEQUENCE, &ext) != 0)
			return -1;
		eo = ext.off;
		if (get(b, ext.off + ext.len, &eo, DER_OID, &oid) != 0)
			return -1;
		if (peek(b, ext.off + ext.len, eo) == DER_BOOLEAN &&
		    get(b, ext.off + ext.len, &eo, DER_BOOLEAN, &crit) != 0)
			return -1;
		if (get(b, ext.off + ext.len, &eo, DER_OCTETSTRING, &val) != 0 ||
		    eo != ext.off + ext.len)
			return -1;
		ext_one(b, wrap.off + wrap.len, oid, val, c);
	}
	return 0;
}

/*
 * Every field of *c to zero / none, one by one (WP follows field stores;
 * it does not follow a memset): a field added to struct x509_cert must
 * be added here.
 */
/*@ requires \valid(c);
    assigns *c;
    ensures c->san.off == 0 && c->san.len == 0;
*/
static void
x509_clear(struct x509_cert *c)
{
	c->total = 0;
	c->version = 0;
	c->serial.off = 0;
	c->serial.len = 0;
	c->sig = X509_SIG_UNKNOWN;
	c->issuer.off = 0;
	c->issuer.len = 0;
	c->subject.off = 0;
	c->subject.len = 0;
	c->subject_cn.off = 0;
	c->subject_cn.len = 0;
	c->issuer_cn.off = 0;
	c->issuer_cn.len = 0;
	c->not_before = 0;
	c->not_after = 0;
	c->key = X509_KEY_UNKNOWN;
	c->key_bits = 0;
	c->curve = X509_CURVE_NONE;
	c->rsa_n.off = 0;
	c->rsa_n.len = 0;
	c->rsa_e.off = 0;
	c->rsa_e.len = 0;
	c->pub.off = 0;
	c->pub.len = 0;
	c->has_san = 0;
	c->san.off = 0;
	c->san.len = 0;
	c->san_dns = 0;
	c->san_ip = 0;
	c->has_bc = 0;
	c->is_ca = 0;
	c->has_ku = 0;
	c->ku = 0;
	c->has_eku = 0;
	c->eku = 0;
	c->bad_ext = 0;
}

/* TBSCertificate's version, serialNumber and signature. */
/*@ requires end <= 0x7fffffff;
    requires \valid_read(b + (0 .. end - 1));
    requires \valid(off) && \valid(c);
    requires \separated(off, c, b + (0 .. end - 1));
    assigns *off, c->version, c->serial;
    ensures \result == X509_OK || \result == X509_E_DER ||
        \result == X509_E_VERSION || \result == X509_E_STRUCT;
    ensures \result == X509_OK ==> \old(*off) <= *off <= end;
*/
static int
tbs_head(const uint8_t *b, size_t end, size_t *off, struct x509_cert *c)
{
	struct x509_span v, oid, params;
	uint8_t ptag;

	c->version = 1;
	if (peek(b, end, *off) == 0xa0) {
		size_t vo;
		struct x509_span iv;

		if (get(b, end, off, 0xa0, &v) != 0)
			return X509_E_DER;
		vo = v.off;
		if (get(b, v.off + v.len, &vo, DER_INTEGER, &iv) != 0 ||
		    vo != v.off + v.len || iv.len != 1 || b[iv.off] > 2)
			return X509_E_VERSION;
		c->version = b[iv.off] + 1;
	}
	if (get(b, end, off, DER_INTEGER, &c->serial) != 0 ||
	    c->serial.len == 0)
		return X509_E_STRUCT;
	if (algid(b, end, off, &oid, &params, &ptag) != 0)
		return X509_E_STRUCT;
	return X509_OK;
}

/* TBSCertificate's optional unique IDs and extensions. */
/*@ requires *off <= end <= 0x7fffffff;
    requires \valid_read(b + (0 .. end - 1));
    requires \valid(off) && \valid(c);
    requires c->san.off == 0 && c->san.len == 0;
    requires \separated(off, c, b + (0 .. end - 1));
    assigns *off, c->bad_ext, c->has_san, c->san, c->san_dns, c->san_ip,
        c->has_bc, c->is_ca, c->has_ku, c->ku, c->has_eku, c->eku;
    ensures \result == X509_OK || \result == X509_E_STRUCT ||
        \result == X509_E_EXT;
    ensures \result == X509_OK ==> \old(*off) <= *off <= end;
    ensures san_in(c, end);
*/
static int
tbs_tail(const uint8_t *b, size_t end, size_t *off, struct x509_cert *c)
{
	struct x509_span v;

	if (peek(b, end, *off) == 0x81 && get(b, end, off, 0x81, &v) != 0)
		return X509_E_STRUCT;
	if (peek(b, end, *off) == 0x82 && get(b, end, off, 0x82, &v) != 0)
		return X509_E_STRUCT;
	if (peek(b, end, *off) == 0xa3) {
		if (get(b, end, off, 0xa3, &v) != 0)
			return X509_E_STRUCT;
		if (extensions(b, v, c) != 0)
			return X509_E_EXT;
	}
	return X509_OK;
}

/* TBSCertificate content at b[off..end), exactly. */
/*@ requires off <= end <= 0x7fffffff;
    requires \valid_read(b + (0 .. end - 1));
    requires \valid(c);
    requires c->san.off == 0 && c->san.len == 0;
    requires \separated(c, b + (0 .. end - 1));
    assigns c->version, c->serial, c->issuer, c->issuer_cn, c->subject,
        c->subject_cn, c->not_before, c->not_after, c->key, c->pub,
        c->rsa_n, c->rsa_e, c->key_bits, c->curve, c->bad_ext,
        c->has_san, c->san, c->san_dns, c->san_ip, c->has_bc, c->is_ca,
        c->has_ku, c->ku, c->has_eku, c->eku;
    ensures \result == X509_OK || \result == X509_E_DER ||
        \result == X509_E_STRUCT || \result == X509_E_VERSION ||
        \result == X509_E_TIME || \result == X509_E_KEY ||
        \result == X509_E_EXT;
    ensures san_in(c, end);
*/
static int
tbs(const uint8_t *b, size_t off, size_t end, struct x509_cert *c)
{
	size_t o = off;
	int r;

	if ((r = tbs_head(b, end, &o, c)) != X509_OK)
		return r;
	if (name(b, end, &o, &c->issuer, &c->issuer_cn) != 0)
		return X509_E_STRUCT;
	if ((r = validity(b, end, &o, c)) != X509_OK)
		return r;
	if (name(b, end, &o, &c->subject, &c->subject_cn) != 0)
		return X509_E_STRUCT;
	if ((r = spki(b, end, &o, c)) != X509_OK)
		return r;
	if ((r = tbs_tail(b, end, &o, c)) != X509_OK)
		return r;
	return o == end ? X509_OK : X509_E_STRUCT;
}

enum x509_err
x509_decode(const uint8_t *b, size_t n, struct x509_cert *c, size_t *used)
{
	struct x509_span cert, tbsv, oid, params, sigbits;
	uint8_t ptag;
	size_t o = 0, t;
	int r;

	x509_clear(c);
	*used = 0;
	if (n == 0)
		return X509_E_EMPTY;
	if (n > 0x7fffffff)
		return X509_E_DER;
	if (get(b, n, &o, DER_SEQUENCE, &cert) != 0)
		return n < 2 || b[0] != DER_SEQUENCE ? X509_E_STRUCT : X509_E_DER;
	c->total = o;
	t = cert.off;
	if (get(b, cert.off + cert.len, &t, DER_SEQUENCE, &tbsv) != 0)
		return X509_E_DER;
	if ((r = tbs(b, tbsv.off, tbsv.off + tbsv.len, c)) != X509_OK)
		return (enum x509_err)r;

	/* signatureAlgorithm, signatureValue, nothing else. */
	if (algid(b, cert.off + cert.len, &t, &oid, &params, &ptag) != 0)
		return X509_E_STRUCT;
	c->sig = (enum x509_sig)oid_lookup(sig_oids, NELEM(sig_oids),
	    b + oid.off, oid.len, X509_SIG_UNKNOWN);
	if (get(b, cert.off + cert.len, &t, DER_BITSTRING, &sigbits) != 0 ||
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
	if (gett(b, c->san.off + c->san.len, &o, 0, v, &tag) != 0)
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
