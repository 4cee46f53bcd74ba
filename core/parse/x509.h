/*
 * x509.h - a minimal X.509 v1/v3 certificate decoder (RFC 5280), in the
 * manner of BearSSL's: the caller owns the context and the buffer, the
 * decoder allocates nothing, never recurses, and reads each byte at most
 * a bounded number of times.  It checks structure, not signatures: no
 * cryptography here.
 *
 * What it extracts is what an auditor asks of a certificate: version,
 * serial, signature algorithm, issuer and subject (raw DER, for chain
 * order and self-issued detection, plus the first CN), validity, public
 * key (RSA modulus bits and exponent, EC named curve and point, Ed25519 /
 * Ed448 key, DSA p bits), SAN (DNS names and IP addresses), basic
 * constraints, key usage, extended key usage.
 *
 * Spans are offsets into the buffer given to x509_decode(); they stay
 * valid as long as that buffer does.
 */
#ifndef SIGNOFF_X509_H
#define SIGNOFF_X509_H

#include <stddef.h>
#include <stdint.h>

struct x509_span {
	size_t off, len;
};

enum x509_key {
	X509_KEY_UNKNOWN, X509_KEY_RSA, X509_KEY_RSAPSS, X509_KEY_EC,
	X509_KEY_ED25519, X509_KEY_ED448, X509_KEY_DSA
};

enum x509_curve {
	X509_CURVE_NONE, X509_CURVE_P192, X509_CURVE_P224, X509_CURVE_P256,
	X509_CURVE_P384, X509_CURVE_P521, X509_CURVE_K256, X509_CURVE_OTHER
};

enum x509_sig {
	X509_SIG_UNKNOWN, X509_SIG_MD2_RSA, X509_SIG_MD5_RSA, X509_SIG_SHA1_RSA,
	X509_SIG_SHA224_RSA, X509_SIG_SHA256_RSA, X509_SIG_SHA384_RSA,
	X509_SIG_SHA512_RSA, X509_SIG_RSAPSS, X509_SIG_ECDSA_SHA1,
	X509_SIG_ECDSA_SHA224, X509_SIG_ECDSA_SHA256, X509_SIG_ECDSA_SHA384,
	X509_SIG_ECDSA_SHA512, X509_SIG_ED25519, X509_SIG_ED448,
	X509_SIG_DSA_SHA1, X509_SIG_DSA_SHA224, X509_SIG_DSA_SHA256,
	X509_SIG__N
};

/* keyUsage bits, as numbered in RFC 5280 (bit 0 = digitalSignature). */
#define X509_KU_DIGITAL_SIGNATURE	(1u << 0)
#define X509_KU_KEY_ENCIPHERMENT	(1u << 2)
#define X509_KU_KEY_CERT_SIGN		(1u << 5)
/* extKeyUsage purposes we name. */
#define X509_EKU_SERVER_AUTH	(1u << 0)
#define X509_EKU_CLIENT_AUTH	(1u << 1)
#define X509_EKU_CODE_SIGNING	(1u << 2)
#define X509_EKU_EMAIL		(1u << 3)
#define X509_EKU_ANY		(1u << 4)
#define X509_EKU_OTHER		(1u << 5)

struct x509_cert {
	size_t total;			/* bytes of the Certificate TLV */
	int version;			/* 1, 2 or 3 */
	struct x509_span serial;	/* INTEGER content */
	enum x509_sig sig;		/* outer signatureAlgorithm */
	struct x509_span issuer;	/* whole Name TLV */
	struct x509_span subject;	/* whole Name TLV */
	struct x509_span subject_cn;	/* first CN value; len 0 if none */
	struct x509_span issuer_cn;
	int64_t not_before, not_after;	/* seconds since the epoch, UTC */
	enum x509_key key;
	unsigned key_bits;		/* RSA/DSA modulus bits; curve size */
	enum x509_curve curve;
	struct x509_span rsa_n;		/* modulus, leading zeros stripped */
	struct x509_span rsa_e;		/* exponent, leading zeros stripped */
	struct x509_span pub;		/* EC point / Ed25519 / Ed448 key */
	int has_san;
	struct x509_span san;		/* GeneralNames content */
	unsigned san_dns, san_ip;	/* counts */
	int has_bc, is_ca;
	int has_ku;
	unsigned ku;
	int has_eku;
	unsigned eku;
	unsigned bad_ext;		/* X509_EXT_* whose content is malformed */
};

/* A known extension whose value does not decode does not fail the whole
 * certificate (OpenSSL prints such a certificate too): the decoder drops
 * that extension's facts and flags it here, and the verdicts say so. */
#define X509_EXT_SAN	(1u << 0)
#define X509_EXT_BC	(1u << 1)
#define X509_EXT_KU	(1u << 2)
#define X509_EXT_EKU	(1u << 3)

/* Results of x509_decode(). */
enum x509_err {
	X509_OK = 0, X509_E_EMPTY, X509_E_DER, X509_E_STRUCT, X509_E_VERSION,
	X509_E_TIME, X509_E_KEY, X509_E_EXT, X509_E_TRAILING, X509_E__N
};

/*
 * Decodes one Certificate at der[0..n).  *used gets the bytes consumed
 * (the Certificate TLV); whatever follows is the caller's business (a
 * raw DER file with anything after it is the caller's "trailing data"
 * error).  Returns X509_OK or an error; *c is complete only on X509_OK.
 */
/*@ requires \valid_read(der + (0 .. n - 1));
    requires \valid(c) && \valid(used);
    requires \separated(c, used, der + (0 .. n - 1));
    assigns *c, *used;
    ensures \result == X509_OK || \result == X509_E_EMPTY ||
        \result == X509_E_DER || \result == X509_E_STRUCT ||
        \result == X509_E_VERSION || \result == X509_E_TIME ||
        \result == X509_E_KEY || \result == X509_E_EXT;
    ensures \result == X509_OK ==> *used <= n &&
        c->san.off + c->san.len <= n;
*/
enum x509_err x509_decode(const uint8_t *der, size_t n, struct x509_cert *c,
    size_t *used);

/* A short English reason for an error code. */
/*@ assigns \nothing; */
const char *x509_strerror(enum x509_err e);

/* openssl's long name of a signature algorithm ("sha256WithRSAEncryption"). */
/*@ assigns \nothing; */
const char *x509_sig_name(enum x509_sig s);
/* 1 for MD2, MD5 and SHA-1 based signatures. */
/*@ assigns \nothing; */
int x509_sig_weak(enum x509_sig s);
/* "rsaEncryption", "id-ecPublicKey", "ED25519", ... (openssl's names). */
/*@ assigns \nothing; */
const char *x509_key_name(enum x509_key k);
/* "prime256v1", "secp384r1", ... or "" */
/*@ assigns \nothing; */
const char *x509_curve_name(enum x509_curve cv);

/* Bits of a big-endian unsigned integer with leading zeros stripped. */
/*@ requires \valid_read(p + (0 .. n - 1));
    assigns \nothing;
*/
unsigned x509_int_bits(const uint8_t *p, size_t n);

/*
 * Walks the SAN GeneralNames of c (in der): *pos starts at 0; returns 1
 * with *type (2 = dNSName, 7 = iPAddress, other context tags as they are)
 * and the value span, or 0 at the end.
 */
/*@ requires \valid_read(c);
    requires c->has_san ==> c->san.off + c->san.len <= 0x7fffffff &&
        \valid_read(der + (0 .. c->san.off + c->san.len - 1)) &&
        *pos <= c->san.len;
    requires \valid(pos) && \valid(type) && \valid(v);
    requires \separated(pos, type, v, c);
    requires c->has_san ==> \separated(pos, type, v,
        der + (0 .. c->san.off + c->san.len - 1));
    assigns *pos, *type, *v;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 ==> *pos <= c->san.len &&
        c->san.off <= v->off && v->off + v->len <= c->san.off + c->san.len;
*/
int x509_san_next(const uint8_t *der, const struct x509_cert *c, size_t *pos,
    int *type, struct x509_span *v);

#endif
