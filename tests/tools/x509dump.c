/*
 * x509dump.c - a test tool (not installed): runs the core's decoders
 * (core/parse/pem.c, x509.c) over certificate files outside any sandbox,
 * for the conformance test and the benchmark.
 *
 *   x509dump FILE...
 *       one line per certificate, in file order:
 *       notBefore<TAB>notAfter<TAB>key<TAB>bits<TAB>signature
 *       dates as `openssl x509 -text` prints them ("Jan  1 00:00:00 2020
 *       GMT"), names as openssl's; "ERROR<TAB>reason" for a certificate
 *       that does not decode.
 *   x509dump --bench MILLISECONDS FILE...
 *       decodes every certificate of the files (already PEM-decoded)
 *       again and again for that long on one core; prints
 *       "certs=N seconds=S per_second=R".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "parse/pem.h"
#include "parse/x509.h"

#define MAX_CERTS 100000

static uint8_t *ders[MAX_CERTS];
static size_t lens[MAX_CERTS];
static size_t ncert;

static char *
slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	char *b = NULL;
	long sz;

	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (sz = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0 || (b = malloc((size_t)sz + 1)) == NULL ||
	    fread(b, 1, (size_t)sz, f) != (size_t)sz) {
		fprintf(stderr, "x509dump: cannot read %s\n", path);
		exit(2);
	}
	fclose(f);
	*n = (size_t)sz;
	return b;
}

static void
load(const char *path)
{
	size_t n, off = 0, used;
	char *b = slurp(path, &n);
	struct pem_block blk;

	if (!pem_present(b, n)) {
		ders[ncert] = (uint8_t *)b;
		lens[ncert++] = n;
		return;
	}
	while (ncert < MAX_CERTS && pem_next(b, n, off, &blk) == PEM_FOUND) {
		off = blk.next;
		if (strcmp(blk.label, "CERTIFICATE") != 0)
			continue;
		ders[ncert] = malloc(blk.body_len + 1);
		if (ders[ncert] == NULL || pem_base64(b + blk.body_off,
		    blk.body_len, ders[ncert], blk.body_len + 1, &used) != 0) {
			lens[ncert++] = 0;
			continue;
		}
		lens[ncert++] = used;
	}
}

static void
date(int64_t t, char *out, size_t cap)
{
	static const char *const mon[12] = { "Jan", "Feb", "Mar", "Apr", "May",
	    "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	snprintf(out, cap, "%s %2d %02d:%02d:%02d %d GMT", mon[tm.tm_mon],
	    tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, tm.tm_year + 1900);
}

int
main(int argc, char **argv)
{
	struct x509_cert c;
	struct timespec a, b;
	char nb[48], na[48];
	size_t i, used, done = 0;
	long ms = 0;
	int first = 1;
	double secs;

	if (argc > 2 && strcmp(argv[1], "--bench") == 0) {
		ms = strtol(argv[2], NULL, 10);
		first = 3;
	}
	for (; first < argc; first++)
		load(argv[first]);
	if (ms == 0) {
		for (i = 0; i < ncert; i++) {
			enum x509_err e = x509_decode(ders[i], lens[i], &c, &used);

			if (e == X509_OK && used != lens[i])
				e = X509_E_TRAILING;
			if (e != X509_OK) {
				printf("ERROR\t%s\n", x509_strerror(e));
				continue;
			}
			date(c.not_before, nb, sizeof(nb));
			date(c.not_after, na, sizeof(na));
			if (c.key == X509_KEY_ED25519 || c.key == X509_KEY_ED448)
				printf("%s\t%s\t%s\t-\t%s\n", nb, na,
				    x509_key_name(c.key), x509_sig_name(c.sig));
			else
				printf("%s\t%s\t%s\t%u\t%s\n", nb, na,
				    x509_key_name(c.key), c.key_bits,
				    x509_sig_name(c.sig));
		}
		return 0;
	}
	if (ncert == 0)
		return 2;
	clock_gettime(CLOCK_MONOTONIC, &a);
	do {
		for (i = 0; i < ncert; i++)
			if (x509_decode(ders[i], lens[i], &c, &used) == X509_OK)
				done++;
		clock_gettime(CLOCK_MONOTONIC, &b);
		secs = (double)(b.tv_sec - a.tv_sec) +
		    (double)(b.tv_nsec - a.tv_nsec) / 1e9;
	} while (secs * 1000 < (double)ms);
	printf("certs=%zu seconds=%.3f per_second=%.0f\n", done, secs,
	    (double)done / secs);
	return 0;
}
