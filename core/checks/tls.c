/*
 * tls.c - `signoff-core check tls HOST:PORT... [--servername NAME]
 * [--min-days N] [--warn-days N] [--ca-file F] [--timeout-ms N]`: live
 * TLS endpoints.
 *
 * prepare() (root): parse arguments, read the CA bundle into memory
 * (--ca-file, default the system bundle), resolve every HOST (numeric
 * addresses need no lookup), initialise libcurl and OpenSSL, build one
 * easy handle per target with every option set.  run() (confined: no
 * file access at all, no capabilities; sockets, poll, memory, clock):
 * one handshake per target and nothing else.
 *
 * The handshake (libcurl, OpenSSL backend): CURLOPT_CONNECT_ONLY (no
 * HTTP request is sent), CURLOPT_CERTINFO (the served chain), peer and
 * host verification off so that an expired or untrusted chain still
 * completes and is reported in detail; OpenSSL's verification result
 * against the CA bundle is read separately (CURLINFO_SSL_VERIFYRESULT),
 * the host name is matched here against the leaf's SAN.  The probe
 * accepts TLS 1.0 and up at security level 0 so that an old server is
 * seen and named rather than refused; anything under TLS 1.2 fails.  A
 * fresh connection per target (FRESH_CONNECT, FORBID_REUSE): certinfo is
 * empty on a reused connection.  Every socket I/O goes through send()
 * and recv() (sendto/recvfrom): no write() on a socket.
 */
#include <arpa/inet.h>
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "certeval.h"
#include "parse/pem.h"
#include "parse/x509.h"

#define TLS_TARGETS_MAX	16
#define TLS_CA_MAX	((size_t)8 << 20)
#define TLS_DEFAULT_CA	"/etc/ssl/certs/ca-certificates.crt"
#define TLS_TIMEOUT_DEFAULT 5000
#define TLS_CERTS_MAX	16
#define MSG_CAP		1024

struct target {
	const char *arg;		/* as given: the record subject */
	char host[256];			/* without brackets */
	char name[256];			/* servername: SNI and name match */
	char port[8];
	char url[300];
	char resolve[600];
	char addr[INET6_ADDRSTRLEN];
	char addrs[400];		/* every address, for CURLOPT_RESOLVE */
	const char *prep_err;		/* set when prepare() could not */
	char prep_why[256];
	CURL *h;			/* the probe: chain, protocol */
	CURL *hv;			/* the verification handshake */
	struct curl_slist *rs;
	char errbuf[CURL_ERROR_SIZE];
	char errbuf_v[CURL_ERROR_SIZE];
	char proto[32];			/* "TLSv1.3" from libcurl's text */
};

struct tls_state {
	struct target t[TLS_TARGETS_MAX];
	size_t n;
	const char *servername;
	const char *ca_file;
	char *ca;
	size_t ca_len;
	long timeout_ms;
	struct cert_limits lim;
};

static int
usage_err(const char *what, const char *arg)
{
	fprintf(stderr, "signoff-core check tls: %s%s%s\n", what,
	    arg ? ": " : "", arg ? arg : "");
	return 2;
}

static int
parse_num(const char *s, long long max, long long *v)
{
	char *end;
	long long x;

	if (s == NULL || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	x = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || x > max)
		return -1;
	*v = x;
	return 0;
}

/* HOST:PORT or [V6]:PORT into t->host, t->port.  0 or -1. */
static int
split_target(const char *a, struct target *t)
{
	const char *colon;
	size_t hl;
	long long port;

	if (a[0] == '[') {
		const char *rb = strchr(a, ']');

		if (rb == NULL || rb[1] != ':')
			return -1;
		hl = (size_t)(rb - a - 1);
		if (hl == 0 || hl >= sizeof(t->host))
			return -1;
		memcpy(t->host, a + 1, hl);
		colon = rb + 1;
	} else {
		colon = strrchr(a, ':');
		if (colon == NULL || colon == a)
			return -1;
		hl = (size_t)(colon - a);
		if (hl >= sizeof(t->host) || memchr(a, ':', hl) != NULL)
			return -1;
		memcpy(t->host, a, hl);
	}
	t->host[hl] = '\0';
	if (parse_num(colon + 1, 65535, &port) != 0 || port == 0)
		return -1;
	snprintf(t->port, sizeof(t->port), "%lld", port);
	for (hl = 0; t->host[hl] != '\0'; hl++) {
		unsigned char ch = (unsigned char)t->host[hl];

		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || ch == '.' || ch == '-' ||
		    ch == ':' || ch == '_'))
			return -1;
	}
	return 0;
}

static int
is_ip(const char *s, unsigned char *bin, int *fam)
{
	if (inet_pton(AF_INET, s, bin) == 1) {
		*fam = AF_INET;
		return 1;
	}
	if (inet_pton(AF_INET6, s, bin) == 1) {
		*fam = AF_INET6;
		return 1;
	}
	return 0;
}

/* Keeps libcurl's "SSL connection using TLSv1.3 / ..." line. */
static int
debug_cb(CURL *h, curl_infotype type, char *data, size_t size, void *u)
{
	struct target *t = u;
	static const char key[] = "SSL connection using ";
	size_t k = sizeof(key) - 1, i;

	(void)h;
	if (type != CURLINFO_TEXT || size <= k || memcmp(data, key, k) != 0)
		return 0;
	for (i = 0; k + i < size && i + 1 < sizeof(t->proto); i++) {
		char ch = data[k + i];

		if (ch == ' ' || ch == '\n' || ch == '/')
			break;
		t->proto[i] = ch;
	}
	t->proto[i] = '\0';
	return 0;
}

static int
read_ca(struct tls_state *s, const char *path)
{
	struct stat sb;
	size_t n = 0;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return errno;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) ||
	    (uint64_t)sb.st_size > TLS_CA_MAX) {
		close(fd);
		return EINVAL;
	}
	s->ca = malloc((size_t)sb.st_size + 1);
	if (s->ca == NULL) {
		close(fd);
		return ENOMEM;
	}
	while (n <= (size_t)sb.st_size) {
		ssize_t r = read(fd, s->ca + n, (size_t)sb.st_size + 1 - n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	if (n == 0 || n > (size_t)sb.st_size)
		return EINVAL;
	s->ca_len = n;
	return 0;
}

static void
state_free(struct tls_state *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->n; i++) {
		if (s->t[i].h != NULL)
			curl_easy_cleanup(s->t[i].h);
		if (s->t[i].hv != NULL)
			curl_easy_cleanup(s->t[i].hv);
		curl_slist_free_all(s->t[i].rs);
	}
	free(s->ca);
	free(s);
}

/*
 * The options of both handshakes.  libcurl 7.88 loads the CA bundle only
 * when it verifies the peer, and with verification on OpenSSL aborts the
 * handshake on an untrusted chain before libcurl collects the chain.  So
 * each target gets two fresh connections: the probe (verification off:
 * chain, protocol) and the verification (on: OpenSSL's result and its
 * reason, the host name left to our own SAN match).
 */
static int
handle_setup(struct tls_state *s, struct target *t, CURL *h, int verify)
{
	struct curl_blob blob;

	blob.data = s->ca;
	blob.len = s->ca_len;
	blob.flags = CURL_BLOB_NOCOPY;
	if (curl_easy_setopt(h, CURLOPT_URL, t->url) != CURLE_OK ||
	    (t->rs != NULL &&
	    curl_easy_setopt(h, CURLOPT_RESOLVE, t->rs) != CURLE_OK) ||
	    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "https") != CURLE_OK ||
	    curl_easy_setopt(h, CURLOPT_CONNECT_ONLY, 1L) != CURLE_OK ||
	    curl_easy_setopt(h, CURLOPT_CERTINFO, verify ? 0L : 1L) !=
	    CURLE_OK ||
	    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, (long)verify) !=
	    CURLE_OK ||
	    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L) != CURLE_OK ||
	    curl_easy_setopt(h, CURLOPT_CAINFO_BLOB, &blob) != CURLE_OK ||
	    curl_easy_setopt(h, CURLOPT_CAPATH, NULL) != CURLE_OK ||
	    curl_easy_setopt(h, CURLOPT_SSLVERSION,
	    (long)CURL_SSLVERSION_TLSv1_0) != CURLE_OK ||
	    curl_easy_setopt(h, CURLOPT_SSL_CIPHER_LIST,
	    "DEFAULT:@SECLEVEL=0") != CURLE_OK ||
	    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L) != CURLE_OK ||
	    curl_easy_setopt(h, CURLOPT_FRESH_CONNECT, 1L) != CURLE_OK ||
	    curl_easy_setopt(h, CURLOPT_FORBID_REUSE, 1L) != CURLE_OK ||
	    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
	    s->timeout_ms) != CURLE_OK ||
	    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, s->timeout_ms) !=
	    CURLE_OK ||
	    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, verify ? t->errbuf_v :
	    t->errbuf) != CURLE_OK)
		return -1;
	if (!verify && (curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, debug_cb) !=
	    CURLE_OK ||
	    curl_easy_setopt(h, CURLOPT_DEBUGDATA, t) != CURLE_OK ||
	    curl_easy_setopt(h, CURLOPT_VERBOSE, 1L) != CURLE_OK))
		return -1;
	return 0;
}

/* Everything but the handshake; sets t->prep_err on a target's problem. */
static int
target_prepare(struct tls_state *s, struct target *t)
{
	unsigned char bin[16];
	struct addrinfo hints, *ai = NULL;
	int fam, r;
	const char *bra, *ket;

	snprintf(t->name, sizeof(t->name), "%s",
	    s->servername != NULL ? s->servername : t->host);
	bra = is_ip(t->name, bin, &fam) && fam == AF_INET6 ? "[" : "";
	ket = *bra ? "]" : "";
	snprintf(t->url, sizeof(t->url), "https://%s%s%s:%s/", bra, t->name,
	    ket, t->port);
	if (!is_ip(t->host, bin, &fam)) {
		memset(&hints, 0, sizeof(hints));
		hints.ai_socktype = SOCK_STREAM;
		hints.ai_flags = AI_NUMERICSERV;
		r = getaddrinfo(t->host, t->port, &hints, &ai);
		if (r != 0 || ai == NULL) {
			snprintf(t->prep_why, sizeof(t->prep_why),
			    "cannot resolve %s: %s", t->host, gai_strerror(r));
			t->prep_err = t->prep_why;
			return 0;
		}
		/* Every address of the name (at most 8), in resolver order,
		 * so libcurl tries them all ("localhost" is ::1 first where
		 * /etc/hosts says so, and a server may listen on 127.0.0.1
		 * only).  t->addr is the first, for messages. */
		t->addrs[0] = '\0';
		{
			struct addrinfo *p;
			int n = 0;

			for (p = ai; p != NULL && n < 8; p = p->ai_next) {
				char a[INET6_ADDRSTRLEN];
				size_t used = strlen(t->addrs);
				int v6 = p->ai_family == AF_INET6;

				if (p->ai_family == AF_INET)
					inet_ntop(AF_INET, &((struct sockaddr_in *)
					    (void *)p->ai_addr)->sin_addr, a,
					    sizeof(a));
				else if (v6)
					inet_ntop(AF_INET6, &((struct sockaddr_in6 *)
					    (void *)p->ai_addr)->sin6_addr, a,
					    sizeof(a));
				else
					continue;
				if (n == 0)
					snprintf(t->addr, sizeof(t->addr), "%s", a);
				if (used + strlen(a) + 4 >= sizeof(t->addrs))
					break;
				snprintf(t->addrs + used, sizeof(t->addrs) - used,
				    "%s%s%s%s", n > 0 ? "," : "", v6 ? "[" : "",
				    a, v6 ? "]" : "");
				n++;
			}
		}
		freeaddrinfo(ai);
	} else {
		int v6 = strchr(t->host, ':') != NULL;

		snprintf(t->addr, sizeof(t->addr), "%s", t->host);
		snprintf(t->addrs, sizeof(t->addrs), "%s%s%s", v6 ? "[" : "",
		    t->host, v6 ? "]" : "");
	}
	/* The name in the URL always resolves to the address, without any
	 * lookup once confined. */
	if (!is_ip(t->name, bin, &fam) || strcmp(t->name, t->host) != 0) {
		snprintf(t->resolve, sizeof(t->resolve), "%s:%s:%s",
		    t->name, t->port, t->addrs);
		t->rs = curl_slist_append(NULL, t->resolve);
		if (t->rs == NULL)
			return -1;
	}

	t->h = curl_easy_init();
	t->hv = curl_easy_init();
	if (t->h == NULL || t->hv == NULL)
		return -1;
	if (handle_setup(s, t, t->h, 0) != 0 ||
	    handle_setup(s, t, t->hv, 1) != 0)
		return -1;
	return 0;
}

static int
tls_prepare(int argc, char **argv, const struct item_meta *m, void **state,
    struct sandbox_req *req)
{
	struct tls_state *s;
	int i, e;
	size_t k;
	long long x;

	(void)m;
	(void)req;		/* run() opens no file */
	s = calloc(1, sizeof(*s));
	if (s == NULL)
		return 3;
	s->lim.min_days = CERT_MIN_DAYS_DEFAULT;
	s->lim.warn_days = CERT_WARN_DAYS_DEFAULT;
	s->lim.min_share = CERT_SHARE_DEFAULT;
	s->timeout_ms = TLS_TIMEOUT_DEFAULT;
	s->ca_file = TLS_DEFAULT_CA;
	for (i = 0; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (a[0] != '-') {
			if (s->n == TLS_TARGETS_MAX) {
				state_free(s);
				return usage_err("too many targets (at most 16)",
				    NULL);
			}
			if (split_target(a, &s->t[s->n]) != 0) {
				state_free(s);
				return usage_err("not HOST:PORT", a);
			}
			s->t[s->n++].arg = a;
			continue;
		}
		if (v == NULL) {
			state_free(s);
			return usage_err("option needs a value", a);
		}
		i++;
		if (strcmp(a, "--servername") == 0) {
			struct target tmp;
			char hp[300];

			snprintf(hp, sizeof(hp), "%s:1", v);
			if (strchr(v, ':') != NULL || split_target(hp, &tmp) != 0) {
				state_free(s);
				return usage_err("bad --servername", v);
			}
			s->servername = v;
		} else if (strcmp(a, "--ca-file") == 0) {
			s->ca_file = v;
		} else if (strcmp(a, "--min-days") == 0 ||
		    strcmp(a, "--warn-days") == 0) {
			if (parse_num(v, 100000, &x) != 0) {
				state_free(s);
				return usage_err("takes a number of days", a);
			}
			if (a[2] == 'm')
				s->lim.min_days = x;
			else
				s->lim.warn_days = x;
		} else if (strcmp(a, "--timeout-ms") == 0) {
			if (parse_num(v, 600000, &x) != 0 || x == 0) {
				state_free(s);
				return usage_err("--timeout-ms takes 1-600000", v);
			}
			s->timeout_ms = (long)x;
		} else {
			state_free(s);
			return usage_err("unknown option", a);
		}
	}
	if (s->n == 0) {
		state_free(s);
		return usage_err("missing HOST:PORT", NULL);
	}
	if (check_dry_run) {	/* check.h: arguments only, nothing opened */
		state_free(s);
		*state = NULL;
		return 0;
	}
	/* glibc reads /etc/localtime once; do it now, not when confined. */
	tzset();
	if ((e = read_ca(s, s->ca_file)) != 0) {
		for (k = 0; k < s->n; k++) {
			snprintf(s->t[k].prep_why, sizeof(s->t[k].prep_why),
			    "cannot read the CA bundle %s: %s", s->ca_file,
			    e == EINVAL ? "not a regular non-empty file of at "
			    "most 8 MiB" : strerror(e));
			s->t[k].prep_err = s->t[k].prep_why;
		}
		*state = s;
		return 0;
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		state_free(s);
		fprintf(stderr, "signoff-core check tls: curl_global_init "
		    "failed\n");
		return 3;
	}
	for (k = 0; k < s->n; k++)
		if (target_prepare(s, &s->t[k]) != 0) {
			state_free(s);
			fprintf(stderr, "signoff-core check tls: cannot set up "
			    "libcurl\n");
			return 3;
		}
	*state = s;
	return 0;
}

/* ---------------------------------------------------------------- */

/* OpenSSL's X509_V_ERR_* texts for the codes a server commonly earns. */
static const char *
verify_text(long v)
{
	switch (v) {
	case 0: return "ok";
	case 2: return "unable to get issuer certificate";
	case 7: return "certificate signature failure";
	case 9: return "certificate is not yet valid";
	case 10: return "certificate has expired";
	case 18: return "self-signed certificate";
	case 19: return "self-signed certificate in certificate chain";
	case 20: return "unable to get local issuer certificate";
	case 21: return "unable to verify the first certificate";
	case 24: return "invalid CA certificate";
	case 26: return "unsupported certificate purpose";
	case 62: return "hostname mismatch";
	default: return "verification failed (see OpenSSL's X509_V_ERR code)";
	}
}

/* RFC 6125 matching of a DNS name against a SAN dNSName (one leading
 * wildcard label, never over a dot, never on a public suffix alone). */
static int
dns_match(const char *name, const uint8_t *pat, size_t pn)
{
	size_t nl = strlen(name);
	const char *dot;

	if (nl > 0 && name[nl - 1] == '.')
		nl--;
	if (pn > 0 && pat[pn - 1] == '.')
		pn--;
	if (pn >= 2 && pat[0] == '*' && pat[1] == '.') {
		dot = memchr(name, '.', nl);
		if (dot == NULL || dot == name)
			return 0;
		/* "*.com" style patterns: at least two labels after the star */
		if (memchr(pat + 2, '.', pn - 2) == NULL)
			return 0;
		return (size_t)(name + nl - dot) == pn - 1 &&
		    strncasecmp(dot, (const char *)pat + 1, pn - 1) == 0;
	}
	return nl == pn && strncasecmp(name, (const char *)pat, pn) == 0;
}

static int
name_matches(const char *name, const uint8_t *der, const struct x509_cert *c)
{
	unsigned char bin[16];
	struct x509_span v;
	size_t pos = 0;
	int type, fam = AF_INET, ip = is_ip(name, bin, &fam);
	size_t blen = fam == AF_INET6 ? 16 : 4;

	while (x509_san_next(der, c, &pos, &type, &v)) {
		if (ip && type == 7 && v.len == blen &&
		    memcmp(der + v.off, bin, blen) == 0)
			return 1;
		if (!ip && type == 2 && dns_match(name, der + v.off, v.len))
			return 1;
	}
	return 0;
}

static int
proto_ok(const char *p)
{
	return strcmp(p, "TLSv1.2") == 0 || strcmp(p, "TLSv1.3") == 0;
}

static int
target_run(struct tls_state *s, struct target *t, const struct item_meta *m,
    struct out *o, int64_t now)
{
	static uint8_t der[TLS_CERTS_MAX][16384];
	struct x509_cert certs[TLS_CERTS_MAX];
	struct curl_certinfo *ci = NULL;
	struct rec_ev ev[5];
	struct cert_desc cd;
	struct cert_facts f;
	char msg[MSG_CAP], cmsg[MSG_CAP], vr[16], ncs[16];
	size_t i, ncert = 0, used, cu;
	long verify = -1;
	unsigned n_ev;
	enum rec_status st;
	CURLcode rc;
	int named = 0;

	if (t->prep_err != NULL)
		return check_emit(o, m, ST_ERROR, t->arg, t->prep_err, NULL, 0,
		    0, NULL, 0);
	rc = curl_easy_perform(t->h);
	if (rc == CURLE_OPERATION_TIMEDOUT) {
		snprintf(msg, sizeof(msg), "timed out after %ld ms (TCP connect "
		    "or TLS handshake): %s", s->timeout_ms, t->errbuf);
		return check_emit(o, m, ST_ERROR, t->arg, msg, NULL, 0, 0, NULL,
		    0);
	}
	if (rc == CURLE_COULDNT_CONNECT || rc == CURLE_COULDNT_RESOLVE_HOST) {
		snprintf(msg, sizeof(msg), "cannot connect to %s (%s): %s",
		    t->arg, t->addr, t->errbuf[0] ? t->errbuf :
		    curl_easy_strerror(rc));
		return check_emit(o, m, ST_ERROR, t->arg, msg, NULL, 0, 0, NULL,
		    0);
	}
	if (rc != CURLE_OK) {
		const char *e = t->errbuf[0] ? t->errbuf : curl_easy_strerror(rc);

		if (strstr(e, "protocol version") || strstr(e,
		    "unsupported protocol") || strstr(e, "no protocols"))
			snprintf(msg, sizeof(msg), "TLS handshake failed: no "
			    "protocol version in common with a TLS 1.0-1.3 "
			    "client (%s)", e);
		else
			snprintf(msg, sizeof(msg), "TLS handshake failed: %s", e);
		return check_emit(o, m, ST_FAIL, t->arg, msg, NULL, 0, 0, NULL,
		    0);
	}
	if (curl_easy_getinfo(t->h, CURLINFO_CERTINFO, &ci) != CURLE_OK ||
	    ci == NULL || ci->num_of_certs <= 0)
		return check_emit(o, m, ST_ERROR, t->arg,
		    "the handshake completed "
		    "but libcurl reported no certificate", NULL, 0, 0, NULL, 0);

	/* Decode the served chain. */
	for (i = 0; i < (size_t)ci->num_of_certs && ncert < TLS_CERTS_MAX;
	    i++) {
		struct curl_slist *sl;
		struct pem_block b;
		const char *pem = NULL;

		for (sl = ci->certinfo[i]; sl != NULL; sl = sl->next)
			if (strncmp(sl->data, "Cert:", 5) == 0)
				pem = sl->data + 5;
		if (pem == NULL || pem_next(pem, strlen(pem), 0, &b) !=
		    PEM_FOUND || pem_base64(pem + b.body_off, b.body_len,
		    der[ncert], sizeof(der[0]), &used) != 0 ||
		    x509_decode(der[ncert], used, &certs[ncert], &cu) !=
		    X509_OK || cu != used) {
			snprintf(msg, sizeof(msg), "served certificate %zu "
			    "cannot be decoded", i + 1);
			return check_emit(o, m, ST_ERROR, t->arg, msg, NULL, 0,
			    0, NULL, 0);
		}
		ncert++;
	}

	/* The second handshake: OpenSSL's verdict on the chain. */
	rc = curl_easy_perform(t->hv);
	if (rc == CURLE_OK)
		verify = 0;
	else if (rc == CURLE_PEER_FAILED_VERIFICATION) {
		curl_easy_getinfo(t->hv, CURLINFO_SSL_VERIFYRESULT, &verify);
		if (verify == 0)
			verify = -1;
	} else {
		snprintf(msg, sizeof(msg), "the verification handshake failed "
		    "after the probe succeeded: %s", t->errbuf_v[0] ?
		    t->errbuf_v : curl_easy_strerror(rc));
		return check_emit(o, m, ST_ERROR, t->arg, msg, NULL, 0, 0, NULL,
		    0);
	}

	/* The endpoint: protocol, trust, name. */
	st = ST_PASS;
	msg[0] = '\0';
	named = name_matches(t->name, der[0], &certs[0]);
	if (t->proto[0] == '\0') {
		st = ST_WARN;
		snprintf(msg, sizeof(msg), "protocol version not reported by "
		    "libcurl");
	} else if (!proto_ok(t->proto)) {
		st = ST_FAIL;
		snprintf(msg, sizeof(msg), "negotiated %s, older than TLS 1.2",
		    t->proto);
	} else
		snprintf(msg, sizeof(msg), "%s", t->proto);
	if (verify != 0) {
		st = ST_FAIL;
		snprintf(msg + strlen(msg), sizeof(msg) - strlen(msg),
		    "; chain does not verify against %s: %s (X509_V_ERR %ld)",
		    s->ca_file, t->errbuf_v[0] ? t->errbuf_v :
		    verify_text(verify), verify);
	} else
		snprintf(msg + strlen(msg), sizeof(msg) - strlen(msg),
		    "; chain verifies against %s", s->ca_file);
	if (!named) {
		st = ST_FAIL;
		snprintf(msg + strlen(msg), sizeof(msg) - strlen(msg),
		    "; the certificate does not name %s (no matching "
		    "subjectAltName entry)", t->name);
	} else
		snprintf(msg + strlen(msg), sizeof(msg) - strlen(msg),
		    "; the certificate names %s", t->name);
	snprintf(vr, sizeof(vr), "%ld", verify);
	snprintf(ncs, sizeof(ncs), "%zu", ncert);
	n_ev = 0;
	check_ev(&ev[n_ev++], "protocol", t->proto[0] ? t->proto : "unknown");
	check_ev(&ev[n_ev++], "verify_result", vr);
	check_ev(&ev[n_ev++], "servername", t->name);
	check_ev(&ev[n_ev++], "address", t->addr);
	check_ev(&ev[n_ev++], "certificates", ncs);
	if (check_emit(o, m, st, t->arg, msg, NULL, 0, 0, ev, n_ev) != 0)
		return -1;

	/* Every served certificate, with the cert verdicts. */
	for (i = 0; i < ncert; i++) {
		st = cert_eval(der[i], &certs[i], i, now, &s->lim, &f, cmsg,
		    sizeof(cmsg));
		cert_describe(der[i], &certs[i], &f, t->arg, i, &cd);
		if (check_emit(o, m, st, cd.subj, cmsg, NULL, 0, 0, cd.ev,
		    CERT_DESC_EV) != 0)
			return -1;
	}
	return 0;
}

static int
tls_run(void *state, const struct item_meta *m, struct out *o)
{
	struct tls_state *s = state;
	struct timespec ts;
	size_t i;
	int rc = 3;

	if (s == NULL)
		return 3;
	if (clock_gettime(CLOCK_REALTIME, &ts) != 0)
		goto out;
	for (i = 0; i < s->n; i++)
		if (target_run(s, &s->t[i], m, o, (int64_t)ts.tv_sec) != 0)
			goto out;
	rc = 0;
out:
	state_free(s);
	return rc;
}

const struct check_def check_tls = {
	.name = "tls",
	.summary = "TLS endpoints serve a valid, trusted, current certificate",
	.usage = "HOST:PORT... [--servername NAME] [--min-days N] "
	    "[--warn-days N] [--ca-file F] [--timeout-ms N]",
	.explain =
	    "What: one TLS handshake with each HOST:PORT (a fresh connection "
	    "each, no HTTP request), then: the negotiated protocol (fail "
	    "under TLS 1.2: the probe itself accepts TLS 1.0 and up so that "
	    "an old server is named, not just refused); the served chain "
	    "verified against --ca-file (default the system bundle; fail "
	    "when it does not verify, with OpenSSL's reason: expired, "
	    "self-signed, unknown issuer...); the host name (--servername, "
	    "default HOST; also sent as SNI) against the leaf's "
	    "subjectAltName (fail when absent); and every served "
	    "certificate judged as by `check cert` (--min-days, default 14; "
	    "--warn-days, default 30).  A refused connection, a name that "
	    "does not resolve or a timeout (--timeout-ms, default 5000) is "
	    "an error.\n\n"
	    "Why: what matters is what clients are served, not what lies on "
	    "disk: a forgotten reload keeps an expired certificate live, a "
	    "missing intermediate breaks clients, and TLS 1.0/1.1 are "
	    "deprecated (RFC 8996).\n\n"
	    "How to fix: install the renewed certificate with its full chain "
	    "(leaf first) and reload the server; put every served name in "
	    "subjectAltName; set the server's minimum protocol to TLS 1.2 "
	    "(nginx ssl_protocols TLSv1.2 TLSv1.3).",
	.prepare = tls_prepare,
	.run = tls_run,
};
