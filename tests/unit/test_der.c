/* test_der.c - the DER primitives, PEM and the X.509 decoder on vectors
 * written by hand (parse/der.c, parse/pem.c, parse/x509.c). */
#include "testutil.h"

#include <string.h>

#include "parse/der.h"
#include "parse/pem.h"
#include "parse/x509.h"

static int
tlv(const char *bytes, size_t n, uint8_t *tag, size_t *len)
{
	return der_tlv((const uint8_t *)bytes, n, tag, len);
}

static void
test_tlv_lengths(void **st)
{
	uint8_t tag;
	size_t len;
	char big[300];

	(void)st;
	assert_int_equal(tlv("\x30\x00", 2, &tag, &len), 2);
	assert_int_equal(tag, 0x30);
	assert_int_equal(len, 0);
	assert_int_equal(tlv("\x04\x01\xaa", 3, &tag, &len), 2);
	assert_int_equal(len, 1);
	/* the value runs past the buffer */
	assert_int_equal(tlv("\x04\x02\xaa", 3, &tag, &len), DER_E_SHORT);
	assert_int_equal(tlv("\x04", 1, &tag, &len), DER_E_SHORT);
	assert_int_equal(tlv("", 0, &tag, &len), DER_E_SHORT);
	/* indefinite length */
	assert_int_equal(tlv("\x30\x80\x00\x00", 4, &tag, &len), DER_E_INDEF);
	/* long form for a short length, and a leading zero length byte */
	assert_int_equal(tlv("\x04\x81\x05\0\0\0\0\0", 8, &tag, &len), DER_E_NONMIN);
	assert_int_equal(tlv("\x04\x82\x00\x80", 4, &tag, &len), DER_E_NONMIN);
	/* four length bytes */
	assert_int_equal(tlv("\x04\x84\x01\x00\x00\x00", 6, &tag, &len), DER_E_LONG);
	/* high tag number form */
	assert_int_equal(tlv("\x1f\x81\x01\x00", 4, &tag, &len), DER_E_HIGHTAG);
	/* 0x81 with a length >= 128 is minimal */
	memset(big, 0, sizeof(big));
	memcpy(big, "\x04\x81\x80", 3);
	assert_int_equal(tlv(big, 3 + 128, &tag, &len), 3);
	assert_int_equal(len, 128);
	memcpy(big, "\x04\x82\x01\x00", 4);
	assert_int_equal(tlv(big, 4 + 256, &tag, &len), 4);
	assert_int_equal(len, 256);
}

static int
tm(uint8_t tag, const char *s, int64_t *t)
{
	return der_time(tag, (const uint8_t *)s, strlen(s), t);
}

static void
test_time(void **st)
{
	int64_t t = 0;

	(void)st;
	assert_int_equal(tm(DER_UTCTIME, "700101000000Z", &t), 0);
	assert_int_equal(t, 0);
	/* RFC 5280: YY 50-99 are 19YY, 00-49 are 20YY */
	assert_int_equal(tm(DER_UTCTIME, "500101000000Z", &t), 0);
	assert_int_equal(t, -631152000);
	assert_int_equal(tm(DER_UTCTIME, "491231235959Z", &t), 0);
	assert_int_equal(t, 2524607999);
	assert_int_equal(tm(DER_GENTIME, "20500101000000Z", &t), 0);
	assert_int_equal(t, 2524608000);
	assert_int_equal(tm(DER_GENTIME, "99991231235959Z", &t), 0);
	assert_int_equal(t, 253402300799);
	assert_int_equal(tm(DER_UTCTIME, "000229120000Z", &t), 0);	/* 2000 leap */
	assert_int_equal(t, 951825600);
	/* malformed */
	assert_int_equal(tm(DER_UTCTIME, "010229120000Z", &t), -1);	/* 2001 */
	assert_int_equal(tm(DER_GENTIME, "21000229000000Z", &t), -1);	/* 2100 */
	assert_int_equal(tm(DER_UTCTIME, "7001010000Z", &t), -1);	/* no seconds */
	assert_int_equal(tm(DER_UTCTIME, "700101000000", &t), -1);	/* no Z */
	assert_int_equal(tm(DER_UTCTIME, "700101000000+0000", &t), -1);
	assert_int_equal(tm(DER_UTCTIME, "701301000000Z", &t), -1);
	assert_int_equal(tm(DER_UTCTIME, "700132000000Z", &t), -1);
	assert_int_equal(tm(DER_UTCTIME, "700101240000Z", &t), -1);
	assert_int_equal(tm(DER_UTCTIME, "700101006000Z", &t), -1);
	assert_int_equal(tm(DER_UTCTIME, "70010100006 Z", &t), -1);
	assert_int_equal(tm(DER_GENTIME, "00000101000000Z", &t), -1);
	assert_int_equal(tm(DER_GENTIME, "20500101000000.5Z", &t), -1);
	assert_int_equal(tm(DER_OCTETSTRING, "700101000000Z", &t), -1);
	assert_int_equal(tm(DER_GENTIME, "700101000000Z", &t), -1);
}

static void
test_oid(void **st)
{
	(void)st;
	assert_int_equal(der_oid_eq((const uint8_t *)"\x55\x1d\x11", 3,
	    (const uint8_t *)"\x55\x1d\x11", 3), 1);
	assert_int_equal(der_oid_eq((const uint8_t *)"\x55\x1d\x11", 3,
	    (const uint8_t *)"\x55\x1d\x13", 3), 0);
	assert_int_equal(der_oid_eq((const uint8_t *)"\x55\x1d\x11", 3,
	    (const uint8_t *)"\x55\x1d", 2), 0);
	assert_int_equal(der_oid_eq(NULL, 0, NULL, 0), 1);
}

static void
test_base64(void **st)
{
	uint8_t out[16];
	size_t n;

	(void)st;
	assert_int_equal(pem_base64("TWFu", 4, out, sizeof(out), &n), 0);
	assert_int_equal(n, 3);
	assert_memory_equal(out, "Man", 3);
	assert_int_equal(pem_base64("TW\nE=", 5, out, sizeof(out), &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(pem_base64("TQ==", 4, out, sizeof(out), &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(pem_base64("TQ=", 3, out, sizeof(out), &n), -1);
	assert_int_equal(pem_base64("TQ==TQ==", 8, out, sizeof(out), &n), -1);
	assert_int_equal(pem_base64("T*==", 4, out, sizeof(out), &n), -1);
	assert_int_equal(pem_base64("TWF", 3, out, sizeof(out), &n), -1);
	assert_int_equal(pem_base64("TWFuTWFu", 8, out, 5, &n), -1);	/* cap */
}

static void
test_pem_blocks(void **st)
{
	static const char txt[] =
	    "junk before\n"
	    "-----BEGIN CERTIFICATE-----\nTWFu\n-----END CERTIFICATE-----\n"
	    "text between\n"
	    "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
	    "DEK-Info: AES-128-CBC,00\n\nTWFu\n-----END RSA PRIVATE KEY-----\n"
	    "-----BEGIN CERTIFICATE-----\nTWFu\n";
	struct pem_block b;
	size_t off = 0;

	(void)st;
	assert_int_equal(pem_next(txt, sizeof(txt) - 1, off, &b), PEM_FOUND);
	assert_string_equal(b.label, "CERTIFICATE");
	assert_int_equal(b.encrypted, 0);
	off = b.next;
	assert_int_equal(pem_next(txt, sizeof(txt) - 1, off, &b), PEM_FOUND);
	assert_string_equal(b.label, "RSA PRIVATE KEY");
	assert_int_equal(b.encrypted, 1);
	{
		uint8_t out[8];
		size_t n;

		assert_int_equal(pem_base64(txt + b.body_off, b.body_len, out,
		    sizeof(out), &n), 0);
		assert_int_equal(n, 3);
		assert_memory_equal(out, "Man", 3);
	}
	off = b.next;
	assert_int_equal(pem_next(txt, sizeof(txt) - 1, off, &b), PEM_E_NOEND);
	assert_int_equal(pem_next("no pem", 6, 0, &b), PEM_NONE);
	assert_int_equal(pem_next("-----BEGIN A-----\nx\n-----END B-----\n",
	    35, 0, &b), PEM_E_LABEL);
}

/* A minimal v1 certificate built by hand, then broken in each place. */
static const uint8_t cert_v1[] = {
	0x30, 0x81, 0x80,			/* Certificate */
	0x30, 0x6d,				/* TBSCertificate */
	0x02, 0x01, 0x07,			/* serial 7 */
	0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02,
	0x30, 0x0f, 0x31, 0x0d, 0x30, 0x0b, 0x06, 0x03, 0x55, 0x04, 0x03,
	0x0c, 0x04, 'r', 'o', 'o', 't',		/* issuer CN=root */
	0x30, 0x1e,				/* validity */
	0x17, 0x0d, '2', '0', '0', '1', '0', '1', '0', '0', '0', '0', '0', '0', 'Z',
	0x17, 0x0d, '3', '0', '0', '1', '0', '1', '0', '0', '0', '0', '0', '0', 'Z',
	0x30, 0x0f, 0x31, 0x0d, 0x30, 0x0b, 0x06, 0x03, 0x55, 0x04, 0x03,
	0x0c, 0x04, 'l', 'e', 'a', 'f',		/* subject CN=leaf */
	0x30, 0x1a,				/* SPKI */
	0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01,
	0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07,
	0x03, 0x03, 0x00, 0x04, 0x00,		/* (not a real point) */
	0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02,
	0x03, 0x03, 0x00, 0x01, 0x02,		/* signature */
};

static void
test_x509_minimal(void **st)
{
	struct x509_cert c;
	uint8_t buf[sizeof(cert_v1) + 1];
	size_t used;

	(void)st;
	assert_int_equal(x509_decode(cert_v1, sizeof(cert_v1), &c, &used), X509_OK);
	assert_int_equal(used, sizeof(cert_v1));
	assert_int_equal(c.version, 1);
	assert_int_equal(c.sig, X509_SIG_ECDSA_SHA256);
	assert_int_equal(c.key, X509_KEY_EC);
	assert_int_equal(c.curve, X509_CURVE_P256);
	assert_int_equal(c.key_bits, 256);
	assert_int_equal(c.not_before, 1577836800);
	assert_int_equal(c.not_after, 1893456000);
	assert_int_equal(c.subject_cn.len, 4);
	assert_memory_equal(cert_v1 + c.subject_cn.off, "leaf", 4);
	assert_int_equal(c.has_san, 0);

	/* trailing byte: decoded, but used tells the caller */
	memcpy(buf, cert_v1, sizeof(cert_v1));
	buf[sizeof(cert_v1)] = 0;
	assert_int_equal(x509_decode(buf, sizeof(buf), &c, &used), X509_OK);
	assert_int_equal(used, sizeof(cert_v1));
	/* every truncation is refused */
	for (size_t n = 0; n < sizeof(cert_v1); n++)
		assert_int_not_equal(x509_decode(cert_v1, n, &c, &used), X509_OK);
	/* a time without Z */
	memcpy(buf, cert_v1, sizeof(cert_v1));
	assert_int_equal(buf[39], 0x17);
	assert_int_equal(buf[53], 'Z');
	buf[53] = '0';
	assert_int_equal(x509_decode(buf, sizeof(cert_v1), &c, &used), X509_E_TIME);
	/* indefinite outer length */
	memcpy(buf, cert_v1, sizeof(cert_v1));
	buf[1] = 0x80;
	assert_int_not_equal(x509_decode(buf, sizeof(cert_v1), &c, &used), X509_OK);
	assert_int_equal(x509_decode(cert_v1, 0, &c, &used), X509_E_EMPTY);
}

static void
test_names(void **st)
{
	(void)st;
	assert_string_equal(x509_sig_name(X509_SIG_SHA1_RSA), "sha1WithRSAEncryption");
	assert_int_equal(x509_sig_weak(X509_SIG_MD5_RSA), 1);
	assert_int_equal(x509_sig_weak(X509_SIG_ECDSA_SHA1), 1);
	assert_int_equal(x509_sig_weak(X509_SIG_SHA256_RSA), 0);
	assert_int_equal(x509_int_bits((const uint8_t *)"\x00\x80\x00", 3), 16);
	assert_int_equal(x509_int_bits((const uint8_t *)"\x01", 1), 1);
	assert_int_equal(x509_int_bits((const uint8_t *)"\x00", 1), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tlv_lengths),
		cmocka_unit_test(test_time),
		cmocka_unit_test(test_oid),
		cmocka_unit_test(test_base64),
		cmocka_unit_test(test_pem_blocks),
		cmocka_unit_test(test_x509_minimal),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
