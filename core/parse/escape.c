/*
 * escape.c - record field escaping (docs/FORMATS.md, "Escaping").
 *
 * Pure functions over byte buffers, carrying ACSL contracts that
 * `./build.sh prove` discharges with Frama-C WP: no out-of-bounds access,
 * no overflow, and every byte escape_field writes is printable ASCII, so a
 * hostile file name cannot forge a record separator or a terminal escape.
 */
#include <stddef.h>
#include <stdint.h>

#include "escape.h"

/*@ requires d < 16;
    assigns \nothing;
    ensures 0x30 <= \result <= 0x66; */
static char
hexdig(unsigned d)
{
	return (char)(d < 10 ? '0' + d : 'a' + (d - 10));
}

/*@ requires c == '\\' || c == '\t' || c == '\n' || c == '\r';
    assigns \nothing;
    ensures 0x5c <= \result <= 0x74; */
static char
short_escape(unsigned c)
{
	if (c == '\\')
		return '\\';
	if (c == '\t')
		return 't';
	if (c == '\n')
		return 'n';
	return 'r';
}

/*@ requires c <= 0xff;
    assigns \nothing;
    ensures \result == 1 ==> 0x20 <= c <= 0x7e;
    ensures \result == 0 || \result == 1; */
static int
is_plain(unsigned c)
{
	return c >= 0x20 && c <= 0x7e && c != '\\';
}

/*@ requires n == 0 || \valid_read(in + (0 .. n - 1));
    requires cap < SIZE_MAX;
    requires cap == 0 || \valid(out + (0 .. cap - 1));
    requires cap == 0 || n == 0 ||
             \separated(in + (0 .. n - 1), out + (0 .. cap - 1));
    assigns out[0 .. cap - 1];
    ensures \result == SIZE_MAX || \result <= cap;
    ensures \result != SIZE_MAX ==>
        \forall integer k; 0 <= k < \result ==> 0x20 <= out[k] <= 0x7e;
 */
size_t
escape_field(const uint8_t *in, size_t n, char *out, size_t cap)
{
	size_t i, o = 0;

	/*@ loop invariant 0 <= i <= n;
	    loop invariant 0 <= o <= cap;
	    loop invariant \forall integer k; 0 <= k < o ==> 0x20 <= out[k] <= 0x7e;
	    loop assigns i, o, out[0 .. cap - 1];
	    loop variant n - i; */
	for (i = 0; i < n; i++) {
		unsigned c = in[i];

		if (is_plain(c)) {
			if (cap - o < 1)
				return SIZE_MAX;
			out[o] = (char)c;
			o += 1;
		} else if (c == '\\' || c == '\t' || c == '\n' || c == '\r') {
			if (cap - o < 2)
				return SIZE_MAX;
			out[o] = '\\';
			out[o + 1] = short_escape(c);
			o += 2;
		} else {
			if (cap - o < 4)
				return SIZE_MAX;
			out[o] = '\\';
			out[o + 1] = 'x';
			out[o + 2] = hexdig(c >> 4);
			out[o + 3] = hexdig(c & 15u);
			o += 4;
		}
	}
	return o;
}

/*@ assigns \nothing;
    ensures -1 <= \result < 16; */
static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/*@ requires n > 0 && \valid_read(in + (0 .. n - 1));
    requires \valid(byte);
    assigns *byte;
    ensures \result == 0 || \result == 1 || \result == 2 || \result == 4;
    ensures \result <= n;
 */
size_t
unescape_one(const char *in, size_t n, uint8_t *byte)
{
	char c = in[0];
	int hi, lo, v;

	if (c < 0x20 || c > 0x7e)
		return 0;
	if (c != '\\') {
		*byte = (uint8_t)c;
		return 1;
	}
	if (n < 2)
		return 0;
	switch (in[1]) {
	case '\\': *byte = '\\'; return 2;
	case 't': *byte = '\t'; return 2;
	case 'n': *byte = '\n'; return 2;
	case 'r': *byte = '\r'; return 2;
	case 'x':
		break;
	default:
		return 0;
	}
	if (n < 4)
		return 0;
	hi = hexval(in[2]);
	lo = hexval(in[3]);
	if (hi < 0 || lo < 0)
		return 0;
	v = hi * 16 + lo;
	/* Canonical form only: bytes with a shorter spelling (printable,
	 * \\, \t, \n, \r) may not use \x. */
	if ((v >= 0x20 && v <= 0x7e) || v == '\t' || v == '\n' || v == '\r')
		return 0;
	*byte = (uint8_t)v;
	return 4;
}

/*@ requires n == 0 || \valid_read(in + (0 .. n - 1));
    requires cap < SIZE_MAX;
    requires cap == 0 || \valid(out + (0 .. cap - 1));
    requires cap == 0 || n == 0 ||
             \separated(in + (0 .. n - 1), out + (0 .. cap - 1));
    assigns out[0 .. cap - 1];
    ensures \result == SIZE_MAX || \result <= cap;
 */
size_t
unescape_field(const char *in, size_t n, uint8_t *out, size_t cap)
{
	size_t i = 0, o = 0;

	/*@ loop invariant 0 <= i <= n;
	    loop invariant 0 <= o <= cap;
	    loop assigns i, o, out[0 .. cap - 1];
	    loop variant n - i; */
	while (i < n) {
		size_t k;

		if (o == cap)
			return SIZE_MAX;
		k = unescape_one(in + i, n - i, &out[o]);
		if (k == 0)
			return SIZE_MAX;
		i += k;
		o++;
	}
	return o;
}

/*@ requires n == 0 || \valid_read(in + (0 .. n - 1));
    assigns \nothing;
    ensures \result == 0 || \result == 1; */
int
escape_valid(const char *in, size_t n)
{
	size_t i = 0;
	uint8_t b;

	/*@ loop invariant 0 <= i <= n;
	    loop assigns i, b;
	    loop variant n - i; */
	while (i < n) {
		size_t k = unescape_one(in + i, n - i, &b);

		if (k == 0)
			return 0;
		i += k;
	}
	return 1;
}
