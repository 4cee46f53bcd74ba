/*
 * pem.h - PEM blocks (RFC 7468) in a text buffer: several per file, any
 * text between them tolerated (OpenSSL's "Bag Attributes", comments),
 * RFC 1421 headers (Proc-Type, DEK-Info) noticed.  Pure, no allocation.
 */
#ifndef SIGNOFF_PEM_H
#define SIGNOFF_PEM_H

#include <stddef.h>
#include <stdint.h>

#define PEM_LABEL_MAX 64

struct pem_block {
	char label[PEM_LABEL_MAX + 1];	/* "CERTIFICATE", NUL-terminated */
	size_t body_off, body_len;	/* base64 text (headers skipped) */
	size_t next;			/* offset after the END line */
	int encrypted;			/* a Proc-Type: 4,ENCRYPTED header */
};

/* Results of pem_next(). */
#define PEM_FOUND	1
#define PEM_NONE	0	/* no further BEGIN line */
#define PEM_E_NOEND	(-1)	/* BEGIN without its END line */
#define PEM_E_LABEL	(-2)	/* label too long, or END label differs */

/*
 * Finds the next block at or after buf[off..n).  Returns PEM_FOUND and
 * fills *b, PEM_NONE, or a PEM_E_* error.  On PEM_FOUND the body lies
 * inside buf[off..n) and off < b->next <= n, so a loop that restarts at
 * b->next ends.  (Contracts proved with Frama-C WP, -wp-rte over pem.c.)
 */
/*@ requires off <= n <= 0x7fffffff;
    requires \valid_read(buf + (0 .. n - 1));
    requires \valid(b);
    requires \separated(b, buf + (0 .. n - 1));
    assigns *b;
    ensures \result == PEM_FOUND || \result == PEM_NONE ||
        \result == PEM_E_NOEND || \result == PEM_E_LABEL;
    ensures \result == PEM_FOUND ==> off <= b->body_off &&
        b->body_off + b->body_len <= n && off < b->next <= n;
*/
int pem_next(const char *buf, size_t n, size_t off, struct pem_block *b);

/*
 * 1 if buf[0..n) holds a "-----BEGIN " line anywhere, else 0.
 */
/*@ requires n <= 0x7fffffff;
    requires \valid_read(buf + (0 .. n - 1));
    assigns \nothing;
    ensures \result == 0 || \result == 1;
*/
int pem_present(const char *buf, size_t n);

/*
 * Decodes base64 text (whitespace ignored, '=' padding only at the end)
 * into out[0..cap).  Returns 0 with *outlen set, or -1 (a character
 * outside the alphabet, bad padding, a length that is not a whole number
 * of quanta, or more than cap bytes).
 */
/*@ requires \valid_read(in + (0 .. n - 1));
    requires \valid(out + (0 .. cap - 1));
    requires \valid(outlen);
    requires \separated(outlen, out + (0 .. cap - 1));
    assigns out[0 .. cap - 1], *outlen;
    ensures \result == 0 || \result == -1;
    ensures \result == 0 ==> *outlen <= cap;
*/
int pem_base64(const char *in, size_t n, uint8_t *out, size_t cap,
    size_t *outlen);

#endif
