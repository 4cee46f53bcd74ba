/*
 * certeval.c - the verdicts of certeval.h.
 *
 * Decisions (README "check cert"):
 * - fail: expired; not yet valid; fewer seconds left than min_days * 86400
 *   (as `openssl x509 -checkend`); less than min_share percent of the
 *   certificate's own lifetime left; RSA or DSA under 2048 bits, EC under
 *   256 bits or on an unnamed curve; an MD2, MD5 or SHA-1 signature; on
 *   the leaf only: no SAN, or CA:TRUE.
 * - warn: fewer days left than warn_days; a self-signed leaf; an unknown
 *   key algorithm.
 * - A self-signed certificate after the leaf is a trust anchor: nobody
 *   checks its own signature, so its signature algorithm is not judged.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "certeval.h"
#include "check.h"

static void
add(char *msg, size_t cap, const char *fmt, ...)
{
	size_t n = strlen(msg);
	va_list ap;

	if (n + 3 >= cap)
		return;
	if (n > 0) {
		memcpy(msg + n, "; ", 3);
		n += 2;
	}
	va_start(ap, fmt);
	vsnprintf(msg + n, cap - n, fmt, ap);
	va_end(ap);
}

/* Civil date of a day count since 1970-01-01 (proleptic Gregorian);
 * no gmtime_r: glibc may load /etc/localtime behind it, which the
 * sandbox forbids. */
void
cert_time(int64_t t, char *out, size_t cap)
{
	int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	int64_t sod = t - days * 86400, z, era, doe, yoe, y, doy, mp, d, mo;

	z = days + 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	mo = mp < 10 ? mp + 3 : mp - 9;
	y += mo <= 2;
	snprintf(out, cap, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lldZ",
	    (long long)y, (long long)mo, (long long)d, (long long)(sod / 3600),
	    (long long)(sod / 60 % 60), (long long)(sod % 60));
}

void
cert_label(const uint8_t *der, const struct x509_cert *c, char *out,
    size_t cap)
{
	size_t n = c->subject_cn.len;

	if (n == 0) {
		snprintf(out, cap, "no CN");
		return;
	}
	if (n > 128)
		n = 128;
	snprintf(out, cap, "CN=%.*s", (int)n,
	    (const char *)der + c->subject_cn.off);
	/* A NUL inside the CN would cut the text: show it as '?'. */
	for (size_t i = 3; i < cap && out[i] != '\0'; i++)
		if (out[i] == '\n' || out[i] == '\t')
			out[i] = '?';
}

void
cert_serial(const uint8_t *der, const struct x509_cert *c, char *out,
    size_t cap)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i, o = 0, n = c->serial.len;

	if (cap == 0)
		return;
	if (n > 32)
		n = 32;
	for (i = 0; i < n && o + 3 < cap; i++) {
		out[o++] = hex[der[c->serial.off + i] >> 4];
		out[o++] = hex[der[c->serial.off + i] & 15];
	}
	if (n < c->serial.len && o + 4 < cap) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
}

void
cert_keydesc(const struct x509_cert *c, char *out, size_t cap)
{
	switch (c->key) {
	case X509_KEY_RSA:
	case X509_KEY_RSAPSS:
		snprintf(out, cap, "%s %u", c->key == X509_KEY_RSA ? "RSA" :
		    "RSA-PSS", c->key_bits);
		break;
	case X509_KEY_EC:
		snprintf(out, cap, "EC %s", c->curve == X509_CURVE_OTHER ?
		    "unnamed-curve" : x509_curve_name(c->curve));
		break;
	case X509_KEY_ED25519: snprintf(out, cap, "Ed25519"); break;
	case X509_KEY_ED448: snprintf(out, cap, "Ed448"); break;
	case X509_KEY_DSA: snprintf(out, cap, "DSA %u", c->key_bits); break;
	default: snprintf(out, cap, "unknown key algorithm"); break;
	}
}

static int
same(const uint8_t *da, struct x509_span a, const uint8_t *db,
    struct x509_span b)
{
	return a.len == b.len && memcmp(da + a.off, db + b.off, a.len) == 0;
}

int
cert_issued_by(const uint8_t *da, const struct x509_cert *a,
    const uint8_t *db, const struct x509_cert *b)
{
	return same(da, a->issuer, db, b->subject);
}

static int64_t
floor_days(int64_t s)
{
	return s >= 0 ? s / 86400 : -((-s + 86399) / 86400);
}

enum rec_status
cert_eval(const uint8_t *der, const struct x509_cert *c, size_t idx,
    int64_t now, const struct cert_limits *lim, struct cert_facts *f,
    char *msg, size_t cap)
{
	enum rec_status st = ST_PASS;
	char t[32], kd[48];
	int64_t life = c->not_after - c->not_before;

#define FAIL(...) do { st = ST_FAIL; add(msg, cap, __VA_ARGS__); } while (0)
#define WARN(...) do { if (st == ST_PASS) st = ST_WARN; add(msg, cap, __VA_ARGS__); } while (0)

	msg[0] = '\0';
	f->self_signed = same(der, c->issuer, der, c->subject);
	f->secs_left = c->not_after - now;
	f->days_left = floor_days(f->secs_left);
	cert_keydesc(c, kd, sizeof(kd));

	if (now >= c->not_after) {
		cert_time(c->not_after, t, sizeof(t));
		FAIL("expired %lld days ago (notAfter %s)",
		    (long long)floor_days(now - c->not_after), t);
	} else if (now < c->not_before) {
		cert_time(c->not_before, t, sizeof(t));
		FAIL("not valid yet: starts in %lld days (notBefore %s)",
		    (long long)floor_days(c->not_before - now) + 1, t);
	} else {
		cert_time(c->not_after, t, sizeof(t));
		if (f->secs_left < lim->min_days * 86400)
			FAIL("%lld days left, fewer than the required %lld "
			    "(notAfter %s)", (long long)f->days_left,
			    (long long)lim->min_days, t);
		else if (lim->min_share > 0 && life > 0 &&
		    f->secs_left * 100 < lim->min_share * life)
			FAIL("%lld days left, less than %lld%% of its %lld-day "
			    "lifetime (notAfter %s)", (long long)f->days_left,
			    (long long)lim->min_share,
			    (long long)floor_days(life), t);
		else if (f->secs_left < lim->warn_days * 86400)
			WARN("%lld days left, fewer than %lld (notAfter %s)",
			    (long long)f->days_left, (long long)lim->warn_days,
			    t);
	}

	switch (c->key) {
	case X509_KEY_RSA:
	case X509_KEY_RSAPSS:
	case X509_KEY_DSA:
		if (c->key_bits < CERT_RSA_MIN_BITS)
			FAIL("%s-bit key, under %d", kd, CERT_RSA_MIN_BITS);
		break;
	case X509_KEY_EC:
		if (c->curve == X509_CURVE_OTHER)
			FAIL("EC key on an unnamed curve (explicit parameters)");
		else if (c->key_bits < CERT_EC_MIN_BITS)
			FAIL("EC key on %s (%u bits), under %d",
			    x509_curve_name(c->curve), c->key_bits,
			    CERT_EC_MIN_BITS);
		break;
	case X509_KEY_ED25519:
	case X509_KEY_ED448:
		break;
	default:
		WARN("unknown public key algorithm: strength not judged");
		break;
	}

	if (x509_sig_weak(c->sig) && !(idx > 0 && f->self_signed))
		FAIL("signed with %s (MD5 and SHA-1 signatures can be forged)",
		    x509_sig_name(c->sig));

	if (c->bad_ext != 0)
		FAIL("malformed %s%s%s%s extension (clients reject it)",
		    c->bad_ext & X509_EXT_SAN ? "subjectAltName " : "",
		    c->bad_ext & X509_EXT_BC ? "basicConstraints " : "",
		    c->bad_ext & X509_EXT_KU ? "keyUsage " : "",
		    c->bad_ext & X509_EXT_EKU ? "extKeyUsage " : "");
	if (idx == 0) {
		if (!c->has_san || c->san_dns + c->san_ip == 0)
			FAIL("no subjectAltName DNS or IP entry (clients "
			    "ignore the CN)");
		if (c->has_bc && c->is_ca)
			FAIL("the leaf certificate is a CA (basicConstraints "
			    "CA:TRUE)");
		if (f->self_signed)
			WARN("self-signed (issuer equals subject): trusted by "
			    "nobody unless pinned");
	}
#undef FAIL
#undef WARN
	if (st == ST_PASS) {
		cert_time(c->not_after, t, sizeof(t));
		snprintf(msg, cap, "valid, %lld days left (notAfter %s), %s, %s",
		    (long long)f->days_left, t, kd, x509_sig_name(c->sig));
	}
	return st;
}

void
cert_describe(const uint8_t *der, const struct x509_cert *c,
    const struct cert_facts *f, const char *where, size_t idx,
    struct cert_desc *d)
{
	cert_label(der, c, d->label, sizeof(d->label));
	cert_serial(der, c, d->serial, sizeof(d->serial));
	cert_time(c->not_before, d->nb, sizeof(d->nb));
	cert_time(c->not_after, d->na, sizeof(d->na));
	cert_keydesc(c, d->kd, sizeof(d->kd));
	snprintf(d->dl, sizeof(d->dl), "%lld", (long long)f->days_left);
	snprintf(d->subj, sizeof(d->subj), "%s: certificate %zu (%s, serial "
	    "%s)", where, idx + 1, d->label, d->serial);
	check_ev(&d->ev[0], "cn", d->label[0] == 'C' ? d->label + 3 : "");
	check_ev(&d->ev[1], "serial", d->serial);
	check_ev(&d->ev[2], "not_before", d->nb);
	check_ev(&d->ev[3], "not_after", d->na);
	check_ev(&d->ev[4], "days_left", d->dl);
	check_ev(&d->ev[5], "key", d->kd);
	check_ev(&d->ev[6], "signature", x509_sig_name(c->sig));
}
