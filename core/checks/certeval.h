/*
 * certeval.h - the certificate verdicts shared by `check cert` (files)
 * and `check tls` (served chains): one decoded certificate, its place in
 * its chain and the clock in, a status and a message naming the figures
 * out.  No I/O.
 */
#ifndef SIGNOFF_CERTEVAL_H
#define SIGNOFF_CERTEVAL_H

#include <stddef.h>
#include <stdint.h>

#include "parse/x509.h"
#include "record/record.h"

#define CERT_MIN_DAYS_DEFAULT	14
#define CERT_WARN_DAYS_DEFAULT	30
#define CERT_SHARE_DEFAULT	10	/* percent of the lifetime left */
#define CERT_RSA_MIN_BITS	2048
#define CERT_EC_MIN_BITS	256

struct cert_limits {
	int64_t min_days;	/* fail under */
	int64_t warn_days;	/* warn under */
	int64_t min_share;	/* percent; 0 = off */
};

/* Facts about one certificate, filled by cert_eval(). */
struct cert_facts {
	int self_signed;	/* issuer name == subject name */
	int64_t secs_left;	/* not_after - now */
	int64_t days_left;	/* floor of secs_left / 86400 */
};

/*
 * Judges certificate c (der is its buffer) at position idx (0 = the leaf)
 * of a chain of n, at time now.  Appends "; "-separated findings to msg
 * (cap bytes, always NUL-terminated) and returns ST_PASS, ST_WARN or
 * ST_FAIL.  A passing certificate gets a summary instead.
 */
enum rec_status cert_eval(const uint8_t *der, const struct x509_cert *c,
    size_t idx, int64_t now, const struct cert_limits *lim,
    struct cert_facts *f, char *msg, size_t cap);

/* "CN=name" or "no CN", escaped later by the record writer. */
void cert_label(const uint8_t *der, const struct x509_cert *c, char *out,
    size_t cap);
/* Upper-case hex of the serial (at most 32 bytes shown, then "..."). */
void cert_serial(const uint8_t *der, const struct x509_cert *c, char *out,
    size_t cap);
/* "2026-11-27T19:44:47Z" */
void cert_time(int64_t t, char *out, size_t cap);
/* "RSA 2048", "EC prime256v1", "Ed25519" */
void cert_keydesc(const struct x509_cert *c, char *out, size_t cap);
/*
 * The record text of certificate idx (0-based) of `where` (a file path or
 * HOST:PORT), shared by cert and tls: subj "WHERE: certificate N (CN=..,
 * serial ..)" and evidence ev[0..CERT_DESC_EV) = cn, serial, not_before,
 * not_after, days_left, key, signature (pointing into *d).  The ev array
 * has room for CERT_DESC_EV_MAX pairs, so a caller may add its own.
 */
#define CERT_DESC_EV		7
#define CERT_DESC_EV_MAX	10
struct cert_desc {
	char subj[600], label[160], serial[80];
	char nb[32], na[32], dl[32], kd[48];
	struct rec_ev ev[CERT_DESC_EV_MAX];
};
void cert_describe(const uint8_t *der, const struct x509_cert *c,
    const struct cert_facts *f, const char *where, size_t idx,
    struct cert_desc *d);

/* 1 if a's issuer name equals b's subject name (b may have issued a). */
int cert_issued_by(const uint8_t *da, const struct x509_cert *a,
    const uint8_t *db, const struct x509_cert *b);

#endif
