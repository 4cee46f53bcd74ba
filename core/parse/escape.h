/*
 * escape.h - the record escaping of docs/FORMATS.md: pure functions, proved
 * with Frama-C WP (see escape.c and ./build.sh prove).
 */
#ifndef SIGNOFF_ESCAPE_H
#define SIGNOFF_ESCAPE_H

#include <stddef.h>
#include <stdint.h>

/* Worst case output size for n input bytes: every byte becomes \xHH. */
#define ESCAPE_MAX(n) ((n) * 4)

/*
 * Escapes in[0..n) into out[0..cap).  Returns the number of bytes written,
 * or (size_t)-1 if cap is too small (out is then unspecified).  The output
 * contains only bytes 0x20..0x7e and never a TAB.
 */
size_t escape_field(const uint8_t *in, size_t n, char *out, size_t cap);

/*
 * Reverses escape_field.  Returns the number of bytes written, or
 * (size_t)-1 on a malformed escape, a raw byte outside 0x20..0x7e, or if cap
 * is too small.
 */
size_t unescape_field(const char *in, size_t n, uint8_t *out, size_t cap);

/*
 * Decodes the one escaped unit at in[0] (n > 0) into *byte.  Returns the
 * number of input bytes it spans (1, 2 or 4), or 0 if it is malformed.
 */
size_t unescape_one(const char *in, size_t n, uint8_t *byte);

/* 1 if in[0..n) is well-formed escaped text. */
int escape_valid(const char *in, size_t n);

#endif
