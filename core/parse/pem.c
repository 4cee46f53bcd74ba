/*
 * pem.c - PEM block finder and base64 decoder (pem.h).
 */
#include <string.h>

#include "pem.h"

static const char begin_tag[] = "-----BEGIN ";
static const char end_tag[] = "-----END ";
static const char dashes[] = "-----";

/* Offset of the first occurrence of s (length sn) in buf[off..n), or n. */
static size_t
find(const char *buf, size_t n, size_t off, const char *s, size_t sn)
{
	size_t i;

	if (n < sn)
		return n;
	for (i = off; i + sn <= n; i++)
		if (buf[i] == s[0] && memcmp(buf + i, s, sn) == 0)
			return i;
	return n;
}

/* Offset just after the end of the line holding buf[off], or n. */
static size_t
line_end(const char *buf, size_t n, size_t off)
{
	while (off < n && buf[off] != '\n')
		off++;
	return off < n ? off + 1 : n;
}

int
pem_present(const char *buf, size_t n)
{
	return find(buf, n, 0, begin_tag, sizeof(begin_tag) - 1) < n;
}

int
pem_next(const char *buf, size_t n, size_t off, struct pem_block *b)
{
	size_t i, lab, labn, e, body, p, le;

	memset(b, 0, sizeof(*b));
	for (;;) {
		i = find(buf, n, off, begin_tag, sizeof(begin_tag) - 1);
		if (i >= n)
			return PEM_NONE;
		/* Only at the start of a line. */
		if (i == 0 || buf[i - 1] == '\n')
			break;
		off = i + 1;
	}
	lab = i + sizeof(begin_tag) - 1;
	e = find(buf, n, lab, dashes, sizeof(dashes) - 1);
	if (e >= n)
		return PEM_E_NOEND;
	labn = e - lab;
	if (labn > PEM_LABEL_MAX || memchr(buf + lab, '\n', labn) != NULL)
		return PEM_E_LABEL;
	memcpy(b->label, buf + lab, labn);
	b->label[labn] = '\0';
	body = line_end(buf, n, e);
	/* RFC 1421 headers: lines with a colon, then a blank line. */
	p = body;
	while (p < n) {
		le = line_end(buf, n, p);
		if (memchr(buf + p, ':', le - p) == NULL)
			break;
		if (le - p >= 10 && memcmp(buf + p, "Proc-Type:", 10) == 0 &&
		    find(buf, le, p, "ENCRYPTED", 9) < le)
			b->encrypted = 1;
		p = le;
		body = le;
	}
	e = find(buf, n, body, end_tag, sizeof(end_tag) - 1);
	if (e >= n)
		return PEM_E_NOEND;
	b->body_off = body;
	b->body_len = e - body;
	lab = e + sizeof(end_tag) - 1;
	if (n - lab < labn + 5 || memcmp(buf + lab, b->label, labn) != 0 ||
	    memcmp(buf + lab + labn, dashes, 5) != 0)
		return PEM_E_LABEL;
	b->next = line_end(buf, n, lab + labn + 5);
	return PEM_FOUND;
}

static int
b64val(unsigned char ch)
{
	if (ch >= 'A' && ch <= 'Z')
		return ch - 'A';
	if (ch >= 'a' && ch <= 'z')
		return ch - 'a' + 26;
	if (ch >= '0' && ch <= '9')
		return ch - '0' + 52;
	if (ch == '+')
		return 62;
	if (ch == '/')
		return 63;
	return -1;
}

int
pem_base64(const char *in, size_t n, uint8_t *out, size_t cap,
    size_t *outlen)
{
	uint32_t acc = 0;
	size_t i, o = 0;
	unsigned q = 0, pad = 0;
	int v;

	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)in[i];

		if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n')
			continue;
		if (ch == '=') {
			pad++;
			if (pad > 2 || q + pad > 4 || q < 2)
				return -1;
			continue;
		}
		if (pad > 0)
			return -1;	/* data after padding */
		if ((v = b64val(ch)) < 0)
			return -1;
		acc = (acc << 6) | (uint32_t)v;
		if (++q == 4) {
			if (cap - o < 3)
				return -1;
			out[o++] = (uint8_t)(acc >> 16);
			out[o++] = (uint8_t)(acc >> 8);
			out[o++] = (uint8_t)acc;
			acc = 0;
			q = 0;
		}
	}
	if (pad > 0) {
		if (q + pad != 4)
			return -1;
		if (q == 2) {
			if (cap - o < 1 || (acc & 0xf) != 0)
				return -1;
			out[o++] = (uint8_t)(acc >> 4);
		} else {
			if (cap - o < 2 || (acc & 0x3) != 0)
				return -1;
			out[o++] = (uint8_t)(acc >> 10);
			out[o++] = (uint8_t)(acc >> 2);
		}
	} else if (q != 0)
		return -1;
	*outlen = o;
	return 0;
}
