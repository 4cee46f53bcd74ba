/*
 * cert.c - `signoff-core check cert FILE... [--key KEYFILE] [--min-days N]
 * [--warn-days N] [--min-lifetime-share P]`: certificates on disk.
 *
 * prepare() (root): parse arguments, open every FILE and the key file
 * (read-only, non-blocking so a FIFO cannot hang us, then fstat: regular
 * files only, at most CERT_FILE_MAX bytes), allocate every buffer.
 * run() (confined: read, close, memory, clock): read each descriptor,
 * decode PEM or DER (parse/pem.c, parse/x509.c), judge every certificate
 * (certeval.c), compare the key's public half (parse/pkey.c).
 *
 * Records: one per certificate (path = FILE, line = its BEGIN line), one
 * per file (count, effective expiry, chain order, or the error), one for
 * the key match when --key is given.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "certeval.h"
#include "parse/pem.h"
#include "parse/perm.h"
#include "parse/pkey.h"
#include "parse/x509.h"

#define CERT_FILES_MAX	12
#define CERT_FILE_MAX	((size_t)1 << 20)
#define CERT_PER_FILE	1024
#define MSG_CAP		1024

enum fstate { CF_OK, CF_MISSING, CF_NOTREG, CF_TOOBIG, CF_ERROR, CF_SYMLINK };

struct cfile {
	const char *path;
	int fd;
	enum fstate st;
	int err;
	size_t size;		/* from fstat */
	uint32_t mode, uid, nlink;	/* from fstat */
	uint8_t *buf;		/* size + 1 bytes: the file */
	uint8_t *der;		/* size + 1 bytes: decoded PEM bodies */
	struct x509_cert *certs;
	size_t *lines;		/* BEGIN line of each certificate (0 = DER) */
	size_t *doff;		/* offset of each certificate in der/buf */
	int is_der;
	size_t ncert, cap;
};

struct cert_state {
	struct cfile f[CERT_FILES_MAX];
	size_t nf;
	struct cfile key;
	int has_key;
	struct cert_limits lim;
	uint32_t key_mode;	/* --key-mode, default 0600 */
};

static int
usage_err(const char *what, const char *arg)
{
	fprintf(stderr, "signoff-core check cert: %s%s%s\n", what,
	    arg ? ": " : "", arg ? arg : "");
	return 2;
}

static int
parse_num(const char *s, int64_t max, int64_t *v)
{
	char *end;
	long long x;

	if (s == NULL || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	x = strtoll(s, &end, 10);
	if (errno != 0 || x > max)
		return -1;
	if (*end == '%' && end[1] == '\0')
		end++;
	if (*end != '\0')
		return -1;
	*v = x;
	return 0;
}

/* nofollow: the key file, which must not be a symlink (secret-file rules). */
static void
file_open(struct cfile *cf, const char *path, int nofollow)
{
	struct stat sb;

	cf->path = path;
	cf->fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK |
	    (nofollow ? O_NOFOLLOW : 0));
	if (cf->fd < 0) {
		cf->err = errno;
		cf->st = errno == ENOENT || errno == ENOTDIR ? CF_MISSING :
		    errno == ELOOP && nofollow ? CF_SYMLINK : CF_ERROR;
		return;
	}
	if (fstat(cf->fd, &sb) != 0) {
		cf->err = errno;
		cf->st = CF_ERROR;
		close(cf->fd);
		cf->fd = -1;
		return;
	}
	cf->mode = (uint32_t)sb.st_mode;
	cf->uid = (uint32_t)sb.st_uid;
	cf->nlink = (uint32_t)sb.st_nlink;
	if (!S_ISREG(sb.st_mode)) {
		cf->st = CF_NOTREG;
	} else if ((uint64_t)sb.st_size > CERT_FILE_MAX) {
		cf->st = CF_TOOBIG;
		cf->size = (size_t)sb.st_size;
	} else {
		cf->size = (size_t)sb.st_size;
		cf->st = CF_OK;
		return;
	}
	close(cf->fd);
	cf->fd = -1;
}

static int
file_alloc(struct cfile *cf, int want_certs)
{
	if (cf->st != CF_OK)
		return 0;
	cf->buf = calloc(cf->size + 1, 1);
	cf->der = calloc(cf->size + 1, 1);
	if (cf->buf == NULL || cf->der == NULL)
		return -1;
	if (want_certs) {
		cf->cap = cf->size / 64 + 1;
		if (cf->cap > CERT_PER_FILE)
			cf->cap = CERT_PER_FILE;
		cf->certs = calloc(cf->cap, sizeof(*cf->certs));
		cf->lines = calloc(cf->cap, sizeof(*cf->lines));
		cf->doff = calloc(cf->cap, sizeof(*cf->doff));
		if (cf->certs == NULL || cf->lines == NULL || cf->doff == NULL)
			return -1;
	}
	return 0;
}

static void
file_free(struct cfile *cf)
{
	if (cf->fd >= 0)
		close(cf->fd);
	cf->fd = -1;
	if (cf->buf != NULL)
		explicit_bzero(cf->buf, cf->size + 1);
	if (cf->der != NULL)
		explicit_bzero(cf->der, cf->size + 1);
	free(cf->buf);
	free(cf->der);
	free(cf->certs);
	free(cf->lines);
	free(cf->doff);
	cf->buf = cf->der = NULL;
	cf->certs = NULL;
	cf->lines = cf->doff = NULL;
}

static void
state_free(struct cert_state *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nf; i++)
		file_free(&s->f[i]);
	if (s->has_key)
		file_free(&s->key);
	free(s);
}

static int
cert_prepare(int argc, char **argv, const struct item_meta *m, void **state,
    struct sandbox_req *req)
{
	struct cert_state *s;
	const char *key = NULL;
	int i, only_files = 0;
	size_t k;

	(void)m;
	s = calloc(1, sizeof(*s));
	if (s == NULL)
		return 3;
	s->lim.min_days = CERT_MIN_DAYS_DEFAULT;
	s->lim.warn_days = CERT_WARN_DAYS_DEFAULT;
	s->lim.min_share = CERT_SHARE_DEFAULT;
	s->key.fd = -1;
	s->key_mode = 0600;
	for (i = 0; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		int64_t x;

		if (!only_files && strcmp(a, "--") == 0) {
			only_files = 1;
			continue;
		}
		if (only_files || a[0] != '-' || a[1] == '\0') {
			if (s->nf == CERT_FILES_MAX) {
				state_free(s);
				return usage_err("too many files (at most 12)",
				    NULL);
			}
			s->f[s->nf].fd = -1;
			s->f[s->nf++].path = a;
			continue;
		}
		if (v == NULL) {
			state_free(s);
			return usage_err("option needs a value", a);
		}
		i++;
		if (strcmp(a, "--key") == 0) {
			key = v;
		} else if (strcmp(a, "--key-mode") == 0) {
			char *end;
			unsigned long km = strtoul(v, &end, 8);

			if (*v < '0' || *v > '7' || *end != '\0' ||
			    !perm_allowed_valid((uint32_t)km) || strlen(v) > 4) {
				state_free(s);
				return usage_err("--key-mode takes an octal mode "
				    "up to 0777", v);
			}
			s->key_mode = (uint32_t)km;
		} else if (strcmp(a, "--min-days") == 0) {
			if (parse_num(v, 100000, &x) != 0 || strchr(v, '%')) {
				state_free(s);
				return usage_err("--min-days takes a number of days", v);
			}
			s->lim.min_days = x;
		} else if (strcmp(a, "--warn-days") == 0) {
			if (parse_num(v, 100000, &x) != 0 || strchr(v, '%')) {
				state_free(s);
				return usage_err("--warn-days takes a number of days", v);
			}
			s->lim.warn_days = x;
		} else if (strcmp(a, "--min-lifetime-share") == 0) {
			if (parse_num(v, 100, &x) != 0) {
				state_free(s);
				return usage_err("--min-lifetime-share takes a "
				    "percentage 0-100", v);
			}
			s->lim.min_share = x;
		} else {
			state_free(s);
			return usage_err("unknown option", a);
		}
	}
	if (s->nf == 0) {
		state_free(s);
		return usage_err("missing FILE", NULL);
	}
	if (check_dry_run) {	/* check.h: arguments only, nothing opened */
		state_free(s);
		*state = NULL;
		return 0;
	}
	for (k = 0; k < s->nf; k++) {
		file_open(&s->f[k], s->f[k].path, 0);
		if (file_alloc(&s->f[k], 1) != 0) {
			state_free(s);
			return 3;
		}
		if (s->f[k].fd >= 0)
			req->ro_fds[req->n_ro++] = s->f[k].fd;
	}
	if (key != NULL) {
		s->has_key = 1;
		file_open(&s->key, key, 1);
		if (file_alloc(&s->key, 0) != 0) {
			state_free(s);
			return 3;
		}
		if (s->key.fd >= 0)
			req->ro_fds[req->n_ro++] = s->key.fd;
	}
	*state = s;
	return 0;
}

/* ---------------------------------------------------------------- */

/* Reads the whole file; returns 0 or an errno value. */
static int
file_read(struct cfile *cf)
{
	size_t n = 0;

	while (n <= cf->size) {
		ssize_t r = read(cf->fd, cf->buf + n, cf->size + 1 - n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return errno;
		if (r == 0)
			break;
		n += (size_t)r;
	}
	if (n > cf->size)
		return EFBIG;	/* grew since prepare() */
	cf->size = n;
	return 0;
}

static int
cert_label_ok(const char *l)
{
	return strcmp(l, "CERTIFICATE") == 0 ||
	    strcmp(l, "X509 CERTIFICATE") == 0;
}

static size_t
line_of(const uint8_t *buf, size_t off)
{
	size_t i, line = 1;

	for (i = 0; i < off; i++)
		if (buf[i] == '\n')
			line++;
	return line;
}

/*
 * Decodes every certificate of cf.  Returns NULL, or the reason the file
 * cannot be used (written into why).
 */
static const char *
file_decode(struct cfile *cf, char *why, size_t cap)
{
	const char *txt = (const char *)cf->buf;
	struct pem_block b;
	size_t off = 0, dlen = 0, used, cu, blk = 0;
	int r;
	enum x509_err e;

	if (cf->size == 0)
		return "empty file";
	if (!pem_present(txt, cf->size)) {
		if (cf->buf[0] != 0x30) {
			return "neither PEM (no -----BEGIN line) nor DER (does "
			    "not start with a SEQUENCE)";
		}
		cf->is_der = 1;
		e = x509_decode(cf->buf, cf->size, &cf->certs[0], &used);
		if (e != X509_OK) {
			snprintf(why, cap, "DER: %s", x509_strerror(e));
			return why;
		}
		if (used != cf->size) {
			snprintf(why, cap, "DER: %zu bytes of trailing data "
			    "after the certificate", cf->size - used);
			return why;
		}
		cf->ncert = 1;
		cf->doff[0] = 0;
		return NULL;
	}
	for (;;) {
		r = pem_next(txt, cf->size, off, &b);
		if (r == PEM_NONE)
			break;
		blk++;
		if (r < 0) {
			snprintf(why, cap, "PEM block %zu (line %zu): %s", blk,
			    line_of(cf->buf, off), r == PEM_E_NOEND ?
			    "no matching END line (truncated?)" :
			    "malformed BEGIN/END label");
			return why;
		}
		off = b.next;
		if (!cert_label_ok(b.label))
			continue;
		if (cf->ncert == cf->cap) {
			snprintf(why, cap, "more than %zu certificates",
			    cf->cap);
			return why;
		}
		if (pem_base64(txt + b.body_off, b.body_len, cf->der + dlen,
		    cf->size + 1 - dlen, &used) != 0) {
			snprintf(why, cap, "certificate block at line %zu: "
			    "invalid base64", line_of(cf->buf, b.body_off));
			return why;
		}
		cf->doff[cf->ncert] = dlen;
		e = x509_decode(cf->der + dlen, used, &cf->certs[cf->ncert],
		    &cu);
		if (e == X509_OK && cu != used)
			e = X509_E_TRAILING;
		if (e != X509_OK) {
			snprintf(why, cap, "certificate block at line %zu: %s",
			    line_of(cf->buf, b.body_off) - 1, x509_strerror(e));
			return why;
		}
		cf->lines[cf->ncert] = line_of(cf->buf, b.body_off) - 1;
		dlen = cf->doff[cf->ncert] + used;
		cf->ncert++;
	}
	if (cf->ncert == 0)
		return "no CERTIFICATE block in the PEM file";
	return NULL;
}

static const uint8_t *
cert_der(const struct cfile *cf, size_t i)
{
	return (cf->is_der ? cf->buf : cf->der) + cf->doff[i];
}

static int
file_unusable(const struct cfile *cf, const struct item_meta *m,
    struct out *o, const char *what)
{
	char msg[MSG_CAP];
	enum rec_status st = ST_ERROR;

	switch (cf->st) {
	case CF_MISSING:
		st = m->optional ? ST_SKIP : ST_FAIL;
		snprintf(msg, sizeof(msg), "%s does not exist%s", what,
		    m->optional ? " (optional item)" : "");
		break;
	case CF_NOTREG:
		snprintf(msg, sizeof(msg), "%s is not a regular file", what);
		break;
	case CF_SYMLINK:
		st = ST_FAIL;
		snprintf(msg, sizeof(msg), "%s is a symlink (not followed: a "
		    "private key must be a regular file)", what);
		break;
	case CF_TOOBIG:
		snprintf(msg, sizeof(msg), "%s is larger than 1 MiB (%zu "
		    "bytes): not read", what, cf->size);
		break;
	default:
		snprintf(msg, sizeof(msg), "cannot open %s: %s", what,
		    strerror(cf->err));
		break;
	}
	return check_emit(o, m, st, cf->path, msg, NULL, 0, 0, NULL, 0);
}

static int
file_records(struct cfile *cf, const struct item_meta *m, struct out *o,
    int64_t now, const struct cert_limits *lim)
{
	char msg[MSG_CAP], why[256], label[160], na[32], dl[32], msg2[640];
	struct rec_ev ev[3];
	struct cert_desc cd;
	struct cert_facts f;
	const char *bad;
	size_t i, earliest = 0;
	unsigned n_ev;
	int e;
	enum rec_status st;

	if (cf->st != CF_OK)
		return file_unusable(cf, m, o, "certificate file");
	if ((e = file_read(cf)) != 0) {
		snprintf(msg, sizeof(msg), "cannot read: %s", strerror(e));
		return check_emit(o, m, ST_ERROR, cf->path, msg, NULL, 0, 0,
		    NULL, 0);
	}
	if ((bad = file_decode(cf, why, sizeof(why))) != NULL)
		return check_emit(o, m, ST_ERROR, cf->path, bad, NULL, 0, 0,
		    NULL, 0);

	for (i = 0; i < cf->ncert; i++) {
		const struct x509_cert *c = &cf->certs[i];
		const uint8_t *d = cert_der(cf, i);

		st = cert_eval(d, c, i, now, lim, &f, msg, sizeof(msg));
		cert_describe(d, c, &f, cf->path, i, &cd);
		n_ev = CERT_DESC_EV;
		check_ev(&cd.ev[n_ev++], "self_signed",
		    f.self_signed ? "yes" : "no");
		check_ev(&cd.ev[n_ev++], "ca",
		    c->has_bc && c->is_ca ? "yes" : "no");
		if (check_emit(o, m, st, cd.subj, msg, cf->path,
		    cf->lines[i] > 0 && cf->lines[i] < 0x7fffffff ?
		    (uint32_t)cf->lines[i] : 0, 0, cd.ev, n_ev) != 0)
			return -1;
		if (c->not_after < cf->certs[earliest].not_after)
			earliest = i;
	}

	/* The file as a whole: effective expiry and chain order. */
	st = ST_PASS;
	msg2[0] = '\0';
	for (i = 0; i + 1 < cf->ncert; i++) {
		const struct x509_cert *a = &cf->certs[i], *b = &cf->certs[i + 1];
		char la[160], lb[160];

		if (cert_issued_by(cert_der(cf, i), a, cert_der(cf, i + 1), b))
			continue;
		cert_label(cert_der(cf, i), a, la, sizeof(la));
		cert_label(cert_der(cf, i + 1), b, lb, sizeof(lb));
		st = ST_WARN;
		snprintf(msg2 + strlen(msg2), sizeof(msg2) - strlen(msg2),
		    "%schain order: certificate %zu (%s) is not followed by its "
		    "issuer (certificate %zu is %s)", msg2[0] ? "; " : "",
		    i + 1, la, i + 2, lb);
	}
	cert_label(cert_der(cf, earliest), &cf->certs[earliest], label,
	    sizeof(label));
	cert_time(cf->certs[earliest].not_after, na, sizeof(na));
	snprintf(msg, sizeof(msg), "%zu certificate%s, effective expiry %s "
	    "(certificate %zu, %s)%s%s", cf->ncert, cf->ncert == 1 ? "" : "s",
	    na, earliest + 1, label, msg2[0] ? "; " : "", msg2);
	snprintf(dl, sizeof(dl), "%zu", cf->ncert);
	n_ev = 0;
	check_ev(&ev[n_ev++], "certificates", dl);
	check_ev(&ev[n_ev++], "effective_not_after", na);
	check_ev(&ev[n_ev++], "format", cf->is_der ? "der" : "pem");
	return check_emit(o, m, st, cf->path, msg, NULL, 0, 0, ev, n_ev);
}

static enum pkey_format
key_format(const char *label)
{
	if (strcmp(label, "RSA PRIVATE KEY") == 0)
		return PKEY_PKCS1;
	if (strcmp(label, "EC PRIVATE KEY") == 0)
		return PKEY_SEC1;
	if (strcmp(label, "PRIVATE KEY") == 0)
		return PKEY_PKCS8;
	return PKEY_ANY;
}

static int
span_eq(const uint8_t *a, struct x509_span sa, const uint8_t *b,
    struct x509_span sb)
{
	return sa.len == sb.len && memcmp(a + sa.off, b + sb.off, sa.len) == 0;
}

/* The secret-file rules for the key file: regular (checked at open),
 * owned by root, no permission bit outside --key-mode, one link. */
static int
key_perm_record(struct cert_state *s, const struct item_meta *m,
    struct out *o)
{
	const struct cfile *kf = &s->key;
	char msg[MSG_CAP], subj[512], mode[16];
	struct rec_ev ev[2];
	uint32_t excess = perm_file_excess(kf->mode, s->key_mode);
	enum rec_status st = ST_PASS;

	snprintf(subj, sizeof(subj), "%s (permissions)", kf->path);
	snprintf(mode, sizeof(mode), "%04o", (unsigned)(kf->mode & 07777));
	msg[0] = '\0';
	if (kf->uid != 0) {
		st = ST_FAIL;
		snprintf(msg, sizeof(msg), "owned by uid %u, not root; ",
		    (unsigned)kf->uid);
	}
	if (excess != 0) {
		st = ST_FAIL;
		snprintf(msg + strlen(msg), sizeof(msg) - strlen(msg), "mode %s "
		    "grants %04o beyond %04o; ", mode, (unsigned)excess,
		    (unsigned)s->key_mode);
	}
	if (kf->nlink > 1) {
		st = ST_FAIL;
		snprintf(msg + strlen(msg), sizeof(msg) - strlen(msg), "%u hard "
		    "links (a copy elsewhere shares it); ", (unsigned)kf->nlink);
	}
	if (st == ST_PASS)
		snprintf(msg, sizeof(msg), "regular file, owned by root, mode "
		    "%s within %04o, one link", mode, (unsigned)s->key_mode);
	else
		msg[strlen(msg) - 2] = '\0';
	check_ev(&ev[0], "mode", mode);
	check_ev(&ev[1], "allowed", s->key_mode == 0600 ? "0600" : "--key-mode");
	return check_emit(o, m, st, subj, msg, NULL, 0, 0, ev, 2);
}

static int
key_record(struct cert_state *s, const struct item_meta *m, struct out *o)
{
	struct cfile *kf = &s->key;
	const struct cfile *cf = NULL;
	const struct x509_cert *c;
	const uint8_t *cd, *kd = NULL;
	const char *txt = (const char *)kf->buf;
	struct pem_block b;
	struct pkey k;
	char msg[MSG_CAP], label[160], subj[512];
	size_t i, klen = 0, off = 0;
	enum pkey_format fmt = PKEY_ANY;
	enum pkey_err pe;
	enum rec_status st;
	struct rec_ev ev[2];
	int r, e;

	for (i = 0; i < s->nf; i++)
		if (s->f[i].st == CF_OK && s->f[i].ncert > 0) {
			cf = &s->f[i];
			break;
		}
	if (kf->st != CF_OK)
		return file_unusable(kf, m, o, "key file");
	if (key_perm_record(s, m, o) != 0)
		return -1;
	if (cf == NULL)
		return check_emit(o, m, ST_SKIP, kf->path,
		    "no certificate could be "
		    "read to compare the key with", NULL, 0, 0, NULL, 0);
	c = &cf->certs[0];
	cd = cert_der(cf, 0);
	cert_label(cd, c, label, sizeof(label));
	snprintf(subj, sizeof(subj), "%s", kf->path);
	if ((e = file_read(kf)) != 0) {
		snprintf(msg, sizeof(msg), "cannot read: %s", strerror(e));
		return check_emit(o, m, ST_ERROR, subj, msg, NULL, 0, 0, NULL,
		    0);
	}
	if (kf->size == 0)
		return check_emit(o, m, ST_ERROR, subj, "empty key file", NULL,
		    0, 0,
		    NULL, 0);
	if (pem_present(txt, kf->size)) {
		for (;;) {
			r = pem_next(txt, kf->size, off, &b);
			if (r == PEM_NONE)
				return check_emit(o, m, ST_ERROR, subj,
				    "no private "
				    "key block in the PEM file", NULL, 0, 0, NULL,
				    0);
			if (r < 0)
				return check_emit(o, m, ST_ERROR, subj,
				    "malformed "
				    "PEM (BEGIN without a matching END line)",
				    NULL, 0, 0, NULL, 0);
			off = b.next;
			if (strcmp(b.label, "ENCRYPTED PRIVATE KEY") == 0 ||
			    (strstr(b.label, "PRIVATE KEY") && b.encrypted))
				return check_emit(o, m, ST_SKIP, subj,
				    "the key is "
				    "encrypted: its public half cannot be read "
				    "without the passphrase, so the match is "
				    "not judged", NULL, 0, 0, NULL, 0);
			if (strstr(b.label, "PRIVATE KEY") != NULL)
				break;
		}
		fmt = key_format(b.label);
		if (pem_base64(txt + b.body_off, b.body_len, kf->der,
		    kf->size + 1, &klen) != 0)
			return check_emit(o, m, ST_ERROR, subj,
			    "invalid base64 in "
			    "the private key block", NULL, 0, 0, NULL, 0);
		kd = kf->der;
	} else {
		kd = kf->buf;
		klen = kf->size;
	}
	pe = pkey_decode(kd, klen, fmt, &k);
	if (pe != PKEY_OK) {
		snprintf(msg, sizeof(msg), "cannot decode the private key: %s",
		    pkey_strerror(pe));
		return check_emit(o, m, ST_ERROR, subj, msg, NULL, 0, 0, NULL,
		    0);
	}
	check_ev(&ev[0], "certificate", label);
	st = ST_FAIL;
	if ((k.type == X509_KEY_RSA) !=
	    (c->key == X509_KEY_RSA || c->key == X509_KEY_RSAPSS) ||
	    (k.type != X509_KEY_RSA && k.type != c->key)) {
		snprintf(msg, sizeof(msg), "key does not match certificate 1 "
		    "of %s (%s): the key is %s, the certificate's key is %s",
		    cf->path, label, x509_key_name(k.type),
		    x509_key_name(c->key));
	} else if (k.type == X509_KEY_RSA) {
		if (span_eq(kd, k.n, cd, c->rsa_n) &&
		    span_eq(kd, k.e, cd, c->rsa_e)) {
			st = ST_PASS;
			snprintf(msg, sizeof(msg), "key matches certificate 1 "
			    "of %s (%s): same RSA modulus (%u bits) and "
			    "exponent", cf->path, label, k.bits);
		} else
			snprintf(msg, sizeof(msg), "key does not match "
			    "certificate 1 of %s (%s): RSA modulus or exponent "
			    "differs", cf->path, label);
	} else if (k.type == X509_KEY_EC && k.curve != X509_CURVE_NONE &&
	    k.curve != c->curve) {
		snprintf(msg, sizeof(msg), "key does not match certificate 1 "
		    "of %s (%s): key on %s, certificate on %s", cf->path,
		    label, x509_curve_name(k.curve), x509_curve_name(c->curve));
	} else if (!k.has_pub) {
		st = ST_SKIP;
		snprintf(msg, sizeof(msg), "the %s key file carries no public "
		    "key; deriving it needs curve arithmetic, which this "
		    "check does not do, so the match is not judged",
		    x509_key_name(k.type));
	} else if (span_eq(kd, k.pub, cd, c->pub)) {
		st = ST_PASS;
		snprintf(msg, sizeof(msg), "key matches certificate 1 of %s "
		    "(%s): same %s public key", cf->path, label,
		    x509_key_name(k.type));
	} else
		snprintf(msg, sizeof(msg), "key does not match certificate 1 "
		    "of %s (%s): %s public keys differ", cf->path, label,
		    x509_key_name(k.type));
	explicit_bzero(&k, sizeof(k));
	return check_emit(o, m, st, subj, msg, NULL, 0, 0, ev, 1);
}

static int
cert_run(void *state, const struct item_meta *m, struct out *o)
{
	struct cert_state *s = state;
	struct timespec ts;
	size_t i;
	int rc = 3;

	if (s == NULL)
		return 3;
	if (clock_gettime(CLOCK_REALTIME, &ts) != 0)
		goto out;
	for (i = 0; i < s->nf; i++)
		if (file_records(&s->f[i], m, o, (int64_t)ts.tv_sec,
		    &s->lim) != 0)
			goto out;
	if (s->has_key && key_record(s, m, o) != 0)
		goto out;
	rc = 0;
out:
	state_free(s);
	return rc;
}

const struct check_def check_cert = {
	.name = "cert",
	.summary = "certificates on disk are valid, strong, and match their key",
	.usage = "FILE... [--key KEYFILE] [--key-mode OCTAL] [--min-days N] "
	    "[--warn-days N] [--min-lifetime-share P]",
	.explain =
	    "What: decodes every certificate in each FILE (PEM, several per "
	    "file, or raw DER) with signoff's own DER/X.509 decoder and "
	    "judges each one.  Fail: expired; not yet valid; fewer than "
	    "--min-days days left (default 14; as openssl x509 -checkend, "
	    "in seconds); less than --min-lifetime-share percent of its own "
	    "lifetime left (default 10, 0 turns it off); an RSA or DSA key "
	    "under 2048 bits, an EC key under 256 bits; an MD5 or SHA-1 "
	    "signature (except on a self-signed trust anchor after the "
	    "leaf); on the leaf (the first certificate): no subjectAltName, "
	    "or CA:TRUE; with --key, a private key whose public half differs "
	    "from the leaf's; a key file that is a symlink, not owned by "
	    "root, has a permission bit outside --key-mode (default 0600) or "
	    "more than one link.  Warn: fewer than --warn-days days left "
	    "(default 30); a self-signed leaf; a chain whose certificates are "
	    "not each followed by their issuer.  An encrypted key, or an EC "
	    "or Ed25519 key file without its public key, is a skip: the "
	    "public half cannot be read without a passphrase or curve "
	    "arithmetic, and the check never guesses.  Garbage, truncated or "
	    "empty files are errors.\n\n"
	    "Why: an expired or soon-expiring certificate takes the service "
	    "down; a weak key or signature can be forged; a certificate "
	    "without SAN is rejected by browsers; a key that does not match "
	    "makes the server fail to start.\n\n"
	    "How to fix: renew the certificate before --min-days (certbot "
	    "renew, or your CA); reissue with an RSA 2048+ or EC P-256+ key "
	    "and SHA-256 signature; put the server name in subjectAltName; "
	    "order the chain leaf first, each certificate followed by its "
	    "issuer; install the key that was used for the certificate "
	    "request (compare with: openssl x509 -noout -pubkey -in CERT; "
	    "openssl pkey -pubout -in KEY).",
	.prepare = cert_prepare,
	.run = cert_run,
};
