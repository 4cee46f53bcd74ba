/*
 * pem.c - PEM block finder and base64 decoder (pem.h).
 *
 * Proved with Frama-C WP (ci/prove.sh, -wp-rte): every read stays inside
 * buf[0..n) / in[0..n), every write inside b->label or out[0..cap), no
 * arithmetic overflows, every loop ends; pem_next()'s spans lie inside
 * the buffer.  The byte loops below stand in for memcmp/memchr/memcpy so
 * that each has a contract of its own.
 */
#include "pem.h"

static const char begin_tag[] = "-----BEGIN ";
static const char end_tag[] = "-----END ";
static const char dashes[] = "-----";
static const char proc_type[] = "Proc-Type:";
static const char encrypted[] = "ENCRYPTED";

/* An all-zero block: what pem_next() starts from. */
static const struct pem_block pem_zero;

/* 1 if a[0..n) equals s[0..n), else 0 (memcmp() == 0). */
/*@ requires \valid_read(a + (0 .. n - 1));
    requires \valid_read(s + (0 .. n - 1));
    assigns \nothing;
    ensures \result == 0 || \result == 1;
*/
static int
same(const char *a, const char *s, size_t n)
{
	size_t i;

	/*@ loop invariant 0 <= i <= n;
	    loop assigns i;
	    loop variant n - i;
	*/
	for (i = 0; i < n; i++)
		if (a[i] != s[i])
			return 0;
	return 1;
}

/* 1 if c occurs in a[0..n), else 0 (memchr() != NULL). */
/*@ requires \valid_read(a + (0 .. n - 1));
    assigns \nothing;
    ensures \result == 0 || \result == 1;
*/
static int
has(const char *a, size_t n, char c)
{
	size_t i;

	/*@ loop invariant 0 <= i <= n;
	    loop assigns i;
	    loop variant n - i;
	*/
	for (i = 0; i < n; i++)
		if (a[i] == c)
			return 1;
	return 0;
}

/* Offset of the first occurrence of s (length sn) in buf[off..n), or n. */
/*@ requires off <= n <= 0x7fffffff;
    requires 1 <= sn <= 16;
    requires \valid_read(buf + (0 .. n - 1));
    requires \valid_read(s + (0 .. sn - 1));
    assigns \nothing;
    ensures \result == n || (off <= \result && \result + sn <= n);
*/
static size_t
find(const char *buf, size_t n, size_t off, const char *s, size_t sn)
{
	size_t i;

	if (n < sn)
		return n;
	/*@ loop invariant off <= i <= n;
	    loop assigns i;
	    loop variant n - i;
	*/
	for (i = off; i + sn <= n; i++)
		if (buf[i] == s[0] && same(buf + i, s, sn))
			return i;
	return n;
}

/* Offset just after the end of the line holding buf[off], or n. */
/*@ requires off <= n <= 0x7fffffff;
    requires \valid_read(buf + (0 .. n - 1));
    assigns \nothing;
    ensures off <= \result <= n;
    ensures off < n ==> off < \result;
*/
static size_t
line_end(const char *buf, size_t n, size_t off)
{
	/*@ loop invariant \at(off, Pre) <= off <= n;
	    loop assigns off;
	    loop variant n - off;
	*/
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

	*b = pem_zero;
	/*@ loop invariant \at(off, Pre) <= off <= n;
	    loop assigns off, i;
	    loop variant n - off;
	*/
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
	if (labn > PEM_LABEL_MAX || has(buf + lab, labn, '\n'))
		return PEM_E_LABEL;
	/*@ loop invariant 0 <= i <= labn;
	    loop assigns i, b->label[0 .. PEM_LABEL_MAX];
	    loop variant labn - i;
	*/
	for (i = 0; i < labn; i++)
		b->label[i] = buf[lab + i];
	b->label[labn] = '\0';
	body = line_end(buf, n, e);
	/* RFC 1421 headers: lines with a colon, then a blank line. */
	p = body;
	/*@ loop invariant \at(off, Pre) <= body == p <= n;
	    loop assigns p, le, body, b->encrypted;
	    loop variant n - p;
	*/
	while (p < n) {
		le = line_end(buf, n, p);
		if (!has(buf + p, le - p, ':'))
			break;
		if (le - p >= 10 && same(buf + p, proc_type, 10) &&
		    find(buf, le, p, encrypted, 9) < le)
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
	if (n - lab < labn + 5 || !same(buf + lab, b->label, labn) ||
	    !same(buf + lab + labn, dashes, 5))
		return PEM_E_LABEL;
	b->next = line_end(buf, n, lab + labn + 5);
	return PEM_FOUND;
}

/*@ assigns \nothing;
    ensures -1 <= \result <= 63;
*/
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

	/*@ loop invariant 0 <= i <= n;
	    loop invariant o <= cap;
	    loop invariant q <= 3 && pad <= 2;
	    loop assigns i, o, q, pad, acc, v, out[0 .. cap - 1];
	    loop variant n - i;
	*/
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
