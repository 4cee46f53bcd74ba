/*
 * pkey.c - private key structures (pkey.h).  Same reading discipline as
 * x509.c: every TLV through der_tlv() inside its parent's bounds.
 *
 * Proved with Frama-C WP (ci/prove.sh, -wp-rte; contracts here, in
 * pkey.h, der.h and x509.h, x509_int_bits() being proved in x509.c): no
 * read outside der[0..n), no write outside *k, no arithmetic overflow,
 * every loop ends, and on PKEY_OK the spans n, e and pub lie inside
 * der[0..n).  PKCS#8 is read in three small
 * functions (p8_parse, p8_alg, p8_ed) because WP's simplifier slows down
 * sharply with the number of calls in one function.
 */
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

#define NCURVES (sizeof(curves) / sizeof(curves[0]))

/*@ predicate kzero(struct pkey *k) =
      k->n.off == 0 && k->n.len == 0 && k->e.off == 0 && k->e.len == 0 &&
      k->pub.off == 0 && k->pub.len == 0;
    predicate kin(struct pkey *k, integer n) =
      k->n.off + k->n.len <= n && k->e.off + k->e.len <= n &&
      k->pub.off + k->pub.len <= n;
*/


/*
 * Reads the TLV at b[*off..end) whose tag must be want: sets v to its
 * value and moves *off past it.  Returns 0, or -1 with *off unchanged.
 */
/*@ requires end <= 0x7fffffff;
    requires \valid_read(b + (0 .. end - 1));
    requires \valid(off) && \valid(v);
    requires \separated(off, v);
    requires \separated(off, b + (0 .. end - 1));
    requires \separated(v, b + (0 .. end - 1));
    assigns *off, *v;
    ensures \result == 0 || \result == -1;
    ensures \result == 0 ==> \old(*off) + 2 <= v->off &&
        v->off + v->len == *off && *off <= end;
    ensures \result == 0 ==> b[\old(*off)] == want;
    ensures \result != 0 ==> *off == \old(*off);
*/
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

/*@ requires oid.off + oid.len <= 0x7fffffff;
    requires \valid_read(b + (oid.off .. oid.off + oid.len - 1));
    requires \valid(k);
    requires \separated(k, b + (oid.off .. oid.off + oid.len - 1));
    assigns k->curve, k->bits;
*/
static void
set_curve(const uint8_t *b, struct x509_span oid, struct pkey *k)
{
	size_t i;

	k->curve = X509_CURVE_OTHER;
	/*@ loop invariant 0 <= i <= NCURVES;
	    loop assigns i, k->curve, k->bits;
	    loop variant NCURVES - i;
	*/
	for (i = 0; i < NCURVES; i++)
		if (der_oid_eq(b + oid.off, oid.len, curves[i].oid,
		    curves[i].len)) {
			k->curve = curves[i].cv;
			k->bits = curves[i].bits;
		}
}

/* An INTEGER's content without its leading zero bytes. */
/*@ requires s.off + s.len <= 0x7fffffff;
    requires \valid_read(b + (s.off .. s.off + s.len - 1));
    assigns \nothing;
    ensures s.off <= \result.off && \result.off + \result.len == s.off + s.len;
    ensures s.len >= 1 ==> \result.len >= 1;
*/
static struct x509_span
strip(const uint8_t *b, struct x509_span s)
{
	/*@ loop invariant \at(s.off, Pre) <= s.off;
	    loop invariant s.off + s.len == \at(s.off + s.len, Pre);
	    loop invariant \at(s.len, Pre) >= 1 ==> s.len >= 1;
	    loop assigns s;
	    loop variant s.len;
	*/
	while (s.len > 1 && b[s.off] == 0) {
		s.off++;
		s.len--;
	}
	return s;
}

/* RSAPrivateKey at b[off..end), exactly. */
/*@ requires off <= end <= 0x7fffffff;
    requires \valid_read(b + (0 .. end - 1));
    requires \valid(k) && kzero(k);
    requires \separated(k, b + (0 .. end - 1));
    assigns k->type, k->n, k->e, k->bits;
    ensures \result == PKEY_OK || \result == PKEY_E_STRUCT;
    ensures kin(k, end);
*/
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
	/*@ loop invariant 0 <= i <= 6;
	    loop invariant seq.off <= o <= seq.off + seq.len;
	    loop assigns i, o, v;
	    loop variant 6 - i;
	*/
	for (i = 0; i < 6; i++)
		if (get(b, seq.off + seq.len, &o, DER_INTEGER, &v) != 0)
			return PKEY_E_STRUCT;
	k->type = X509_KEY_RSA;
	k->n = strip(b, n);
	k->e = strip(b, e);
	k->bits = x509_int_bits(b + n.off, n.len);
	return PKEY_OK;
}

/* ECPrivateKey's optional [0] parameters at b[*off..end): the curve. */
/*@ requires *off <= end <= 0x7fffffff;
    requires \valid_read(b + (0 .. end - 1));
    requires \valid(off) && \valid(k);
    requires \separated(off, k, b + (0 .. end - 1));
    assigns *off, k->curve, k->bits;
    ensures \result == 0 || \result == -1;
    ensures \result == 0 ==> \old(*off) <= *off <= end;
*/
static int
sec1_params(const uint8_t *b, size_t end, size_t *off, struct pkey *k)
{
	struct x509_span w, x;
	size_t wo;

	if (!(*off < end && b[*off] == 0xa0))
		return 0;
	if (get(b, end, off, 0xa0, &w) != 0)
		return -1;
	wo = w.off;
	if (wo < w.off + w.len && b[wo] == DER_OID) {
		if (get(b, w.off + w.len, &wo, DER_OID, &x) != 0)
			return -1;
		set_curve(b, x, k);
	} else
		k->curve = X509_CURVE_OTHER;
	return 0;
}

/* ECPrivateKey's optional [1] publicKey at b[*off..end). */
/*@ requires *off <= end <= 0x7fffffff;
    requires \valid_read(b + (0 .. end - 1));
    requires \valid(off) && \valid(k) && kzero(k);
    requires \separated(off, k, b + (0 .. end - 1));
    assigns *off, k->has_pub, k->pub;
    ensures \result == 0 || \result == -1;
    ensures \result == 0 ==> \old(*off) <= *off <= end;
    ensures kin(k, end);
*/
static int
sec1_pub(const uint8_t *b, size_t end, size_t *off, struct pkey *k)
{
	struct x509_span w, x;
	size_t wo;

	if (!(*off < end && b[*off] == 0xa1))
		return 0;
	if (get(b, end, off, 0xa1, &w) != 0)
		return -1;
	wo = w.off;
	if (get(b, w.off + w.len, &wo, DER_BITSTRING, &x) != 0 ||
	    x.len < 2 || b[x.off] != 0)
		return -1;
	k->has_pub = 1;
	k->pub.off = x.off + 1;
	k->pub.len = x.len - 1;
	return 0;
}

/* ECPrivateKey at b[off..end); params may come from PKCS#8 instead. */
/*@ requires off <= end <= 0x7fffffff;
    requires \valid_read(b + (0 .. end - 1));
    requires \valid(k) && kzero(k);
    requires \separated(k, b + (0 .. end - 1));
    assigns k->type, k->curve, k->bits, k->has_pub, k->pub;
    ensures \result == PKEY_OK || \result == PKEY_E_STRUCT;
    ensures kin(k, end);
*/
static int
sec1(const uint8_t *b, size_t off, size_t end, struct pkey *k)
{
	struct x509_span seq, v;
	size_t o = off;

	if (get(b, end, &o, DER_SEQUENCE, &seq) != 0 || o != end)
		return PKEY_E_STRUCT;
	o = seq.off;
	end = seq.off + seq.len;
	if (get(b, end, &o, DER_INTEGER, &v) != 0 || v.len != 1 ||
	    b[v.off] != 1 || get(b, end, &o, DER_OCTETSTRING, &v) != 0)
		return PKEY_E_STRUCT;
	k->type = X509_KEY_EC;
	if (sec1_params(b, end, &o, k) != 0 || sec1_pub(b, end, &o, k) != 0)
		return PKEY_E_STRUCT;
	return o == end ? PKEY_OK : PKEY_E_STRUCT;
}

/* The parts of a PrivateKeyInfo that the key decoders need. */
struct p8 {
	struct x509_span oid;		/* privateKeyAlgorithm */
	struct x509_span params;	/* its OID parameters, len 0 if none */
	struct x509_span priv;		/* privateKey OCTET STRING content */
	struct x509_span pub;		/* [1] publicKey, len 0 if none */
};

/*@ predicate p8in(struct p8 *f, integer n) =
      f->oid.off + f->oid.len <= n && f->params.off + f->params.len <= n &&
      f->priv.off + f->priv.len <= n && f->pub.off + f->pub.len <= n &&
      (f->pub.len == 0 || (f->pub.len >= 2 && f->pub.off < n));
*/

/* AlgorithmIdentifier content at b[off..end): the OID, an OID parameter. */
/*@ requires off <= end <= 0x7fffffff;
    requires \valid_read(b + (0 .. end - 1));
    requires \valid(f);
    requires \separated(f, b + (0 .. end - 1));
    assigns f->oid, f->params;
    ensures \result == 0 || \result == -1;
    ensures \result == 0 ==> f->oid.off + f->oid.len <= end &&
        f->params.off + f->params.len <= end;
*/
static int
p8_alg(const uint8_t *b, size_t off, size_t end, struct p8 *f)
{
	size_t ao = off;

	if (get(b, end, &ao, DER_OID, &f->oid) != 0)
		return -1;
	f->params.off = 0;
	f->params.len = 0;
	if (ao < end && b[ao] == DER_OID &&
	    get(b, end, &ao, DER_OID, &f->params) != 0)
		return -1;
	return 0;
}

/* PrivateKeyInfo / OneAsymmetricKey at b[0..n), exactly: its parts. */
/*@ requires n <= 0x7fffffff;
    requires \valid_read(b + (0 .. n - 1));
    requires \valid(f);
    requires \separated(f, b + (0 .. n - 1));
    assigns *f;
    ensures \result == 0 || \result == -1;
    ensures \result == 0 ==> p8in(f, n);
*/
static int
p8_parse(const uint8_t *b, size_t n, struct p8 *f)
{
	struct x509_span seq, v, alg;
	size_t o = 0, end;

	if (get(b, n, &o, DER_SEQUENCE, &seq) != 0 || o != n)
		return -1;
	o = seq.off;
	end = seq.off + seq.len;
	if (get(b, end, &o, DER_INTEGER, &v) != 0 || v.len != 1 ||
	    b[v.off] > 1 || get(b, end, &o, DER_SEQUENCE, &alg) != 0)
		return -1;
	if (p8_alg(b, alg.off, alg.off + alg.len, f) != 0)
		return -1;
	if (get(b, end, &o, DER_OCTETSTRING, &f->priv) != 0)
		return -1;
	if (o < end && b[o] == 0xa0 && get(b, end, &o, 0xa0, &v) != 0)
		return -1;
	f->pub.off = 0;
	f->pub.len = 0;
	if (o < end && b[o] == 0x81) {
		if (get(b, end, &o, 0x81, &f->pub) != 0 || f->pub.len < 2 ||
		    b[f->pub.off] != 0)
			return -1;
	}
	return o == end ? 0 : -1;
}

/* The Ed25519 / Ed448 private key of a PKCS#8 key (RFC 8410). */
/*@ requires n <= 0x7fffffff;
    requires \valid_read(b + (0 .. n - 1));
    requires \valid_read(f) && p8in(f, n);
    requires \valid(k) && kzero(k);
    requires \separated(k, f, b + (0 .. n - 1));
    assigns k->type, k->bits, k->has_pub, k->pub;
    ensures \result == PKEY_OK || \result == PKEY_E_STRUCT;
    ensures kin(k, n);
*/
static int
p8_ed(const uint8_t *b, size_t n, const struct p8 *f, struct pkey *k)
{
	struct x509_span inner;
	size_t o = f->priv.off;
	int ed448 = f->oid.len == 3 && b[f->oid.off + 2] == 0x71;

	(void)n;
	if (get(b, f->priv.off + f->priv.len, &o, DER_OCTETSTRING,
	    &inner) != 0 || o != f->priv.off + f->priv.len ||
	    inner.len != (ed448 ? 57u : 32u))
		return PKEY_E_STRUCT;
	k->type = ed448 ? X509_KEY_ED448 : X509_KEY_ED25519;
	k->bits = ed448 ? 456 : 256;
	if (f->pub.len > 0) {
		k->has_pub = 1;
		k->pub.off = f->pub.off + 1;
		k->pub.len = f->pub.len - 1;
	}
	return PKEY_OK;
}

/* PrivateKeyInfo / OneAsymmetricKey at b[0..n), exactly. */
/*@ requires n <= 0x7fffffff;
    requires \valid_read(b + (0 .. n - 1));
    requires \valid(k) && kzero(k);
    requires \separated(k, b + (0 .. n - 1));
    assigns k->type, k->curve, k->bits, k->has_pub, k->pub, k->n, k->e;
    ensures \result == PKEY_OK || \result == PKEY_E_STRUCT ||
        \result == PKEY_E_ALG;
    ensures kin(k, n);
*/
static int
pkcs8(const uint8_t *b, size_t n, struct pkey *k)
{
	struct p8 f;
	int r;

	if (p8_parse(b, n, &f) != 0)
		return PKEY_E_STRUCT;
	if (der_oid_eq(b + f.oid.off, f.oid.len, oid_rsa, sizeof(oid_rsa)) ||
	    der_oid_eq(b + f.oid.off, f.oid.len, oid_rsapss,
	    sizeof(oid_rsapss)))
		return pkcs1(b, f.priv.off, f.priv.off + f.priv.len, k);
	if (der_oid_eq(b + f.oid.off, f.oid.len, oid_ec, sizeof(oid_ec))) {
		if ((r = sec1(b, f.priv.off, f.priv.off + f.priv.len, k)) !=
		    PKEY_OK)
			return r;
		if (f.params.len > 0)
			set_curve(b, f.params, k);
		return PKEY_OK;
	}
	if (der_oid_eq(b + f.oid.off, f.oid.len, oid_ed25519,
	    sizeof(oid_ed25519)) ||
	    der_oid_eq(b + f.oid.off, f.oid.len, oid_ed448, sizeof(oid_ed448)))
		return p8_ed(b, n, &f, k);
	return PKEY_E_ALG;
}

/*
 * Every field of *k to zero / none, one by one (WP follows field stores;
 * it does not follow a struct copy or a memset): a field added to struct
 * pkey must be added here.
 */
/*@ requires \valid(k);
    assigns *k;
    ensures kzero(k);
*/
static void
pkey_clear(struct pkey *k)
{
	k->type = X509_KEY_UNKNOWN;
	k->curve = X509_CURVE_NONE;
	k->bits = 0;
	k->n.off = 0;
	k->n.len = 0;
	k->e.off = 0;
	k->e.len = 0;
	k->has_pub = 0;
	k->pub.off = 0;
	k->pub.len = 0;
}

enum pkey_err
pkey_decode(const uint8_t *b, size_t n, enum pkey_format f, struct pkey *k)
{
	int r;

	pkey_clear(k);
	if (n == 0 || n > 0x7fffffff)
		return PKEY_E_DER;
	switch (f) {
	case PKEY_PKCS1: r = pkcs1(b, 0, n, k); break;
	case PKEY_SEC1: r = sec1(b, 0, n, k); break;
	case PKEY_PKCS8: r = pkcs8(b, n, k); break;
	default:
		r = pkcs8(b, n, k);
		if (r == PKEY_E_STRUCT) {
			pkey_clear(k);
			r = pkcs1(b, 0, n, k);
		}
		if (r == PKEY_E_STRUCT) {
			pkey_clear(k);
			r = sec1(b, 0, n, k);
		}
		break;
	}
	if (r != PKEY_OK)
		pkey_clear(k);
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
