/*
 * scanmath.h - the pure arithmetic of the credential scanner, with ACSL
 * contracts proved by Frama-C WP (ci/prove.sh): entropy, redaction,
 * line/column accounting and the chunk-overlap plan.
 *
 * Nothing here includes Vectorscan or PCRE2, allocates, or does I/O, so
 * the prover sees plain C.
 *
 * The streaming plan (scan_chunk_plan) in words.  A file is read into a
 * buffer of SCAN_BUF bytes.  Keyword hits are owned by the buffer whose
 * owned range (lo, hi] contains the hit's end offset; the confirmation
 * window of a hit needs at most SCAN_BACK + SCAN_KW_MAX bytes before the
 * hit's end and SCAN_WIN bytes after its start, so hi stays SCAN_WIN short
 * of the data end until end of file, and the next buffer starts with the
 * last bytes from keep_from on.  Consecutive owned ranges touch (the next
 * lo is the old hi, moved to the new buffer's coordinates), so every hit
 * is confirmed exactly once, with its whole window in memory, and a secret
 * across a read boundary is found; memory is SCAN_BUF per thread whatever
 * the file size.
 */
#ifndef SIGNOFF_SCANMATH_H
#define SIGNOFF_SCANMATH_H

#include <stddef.h>
#include <stdint.h>

#define SCAN_WIN	4096u	/* confirmation window cap, bytes */
#define SCAN_BACK	512u	/* left context kept before a keyword */
#define SCAN_REACH	2048u	/* on a long line, a hit this far inside the
				 * last window of its rule is not searched
				 * again (engine.c, confirm) */
#define SCAN_KW_MAX	64u	/* longest keyword */
#define SCAN_KEEP	(SCAN_WIN + SCAN_BACK + SCAN_KW_MAX)
#define SCAN_CHUNK	(1024u * 1024u)	/* new bytes per read, at least */
#define SCAN_BUF	(SCAN_CHUNK + SCAN_KEEP)
#define SCAN_ENT_MAX	4096u	/* bytes of a secret the entropy looks at */
#define SCAN_MASK	"********"
#define SCAN_MASK_LEN	8u
#define SCAN_SHOW_MAX	4u
#define SCAN_REDACT_MAX	(SCAN_SHOW_MAX + SCAN_MASK_LEN)

/*@ predicate valid_lc(uint64_t off, uint64_t line, uint64_t ls) =
      line >= 1 && ls <= off && off <= 0x7fffffffffffffff &&
      line <= 0x7fffffffffffffff;
*/

/* Line/column accounting: line number of byte off (1-based) and the
 * offset of the first byte of that line. */
struct scan_lc {
	uint64_t off;
	uint64_t line;
	uint64_t line_start;
};

/*
 * Shannon entropy of s[0..n) in milli-bits per byte (0..8000), computed in
 * fixed point (no floating point: the same answer on every machine).  Only
 * the first SCAN_ENT_MAX bytes are looked at.
 */
/*@ requires n == 0 || \valid_read(s + (0 .. n - 1));
    assigns \nothing;
    ensures 0 <= \result <= 8000;
    ensures n <= 1 ==> \result == 0;
*/
uint32_t scan_entropy_milli(const uint8_t *s, size_t n);

/*
 * Redacted form of a secret: its first min(4, n/4) bytes while they are
 * printable ASCII other than blank, then the fixed mask "********" (the
 * same whatever the length, so the length is not revealed either).  out
 * needs SCAN_REDACT_MAX + 1 bytes; returns the length written (then NUL).
 */
/*@ requires n == 0 || \valid_read(s + (0 .. n - 1));
    requires \valid(out + (0 .. SCAN_REDACT_MAX));
    requires \separated(s + (0 .. n), out + (0 .. SCAN_REDACT_MAX));
    assigns out[0 .. SCAN_REDACT_MAX];
    ensures SCAN_MASK_LEN <= \result <= SCAN_REDACT_MAX;
    ensures \result - SCAN_MASK_LEN <= n / 4;
    ensures \forall integer i; 0 <= i < \result - SCAN_MASK_LEN ==>
        out[i] == s[i];
    ensures \forall integer i; \result - SCAN_MASK_LEN <= i < \result ==>
        out[i] == '*';
    ensures out[\result] == 0;
*/
size_t scan_redact(const uint8_t *s, size_t n, char *out);

/* Number of '\n' in buf[0..n). */
/*@ requires n == 0 || \valid_read(buf + (0 .. n - 1));
    assigns \nothing;
    ensures \result <= n;
*/
size_t scan_count_nl(const uint8_t *buf, size_t n);

/* Moves lc forward over buf[0..n), the bytes at lc->off onwards. */
/*@ requires \valid(lc);
    requires n == 0 || \valid_read(buf + (0 .. n - 1));
    requires valid_lc(lc->off, lc->line, lc->line_start);
    requires lc->off + n <= 0x7fffffffffffffff;
    requires lc->line + n <= 0x7fffffffffffffff;
    assigns *lc;
    ensures valid_lc(lc->off, lc->line, lc->line_start);
    ensures lc->off == \old(lc->off) + n;
    ensures \old(lc->line) <= lc->line <= \old(lc->line) + n;
    ensures lc->line_start >= \old(lc->line_start);
*/
void scan_lc_advance(struct scan_lc *lc, const uint8_t *buf, size_t n);

/* 1-based column of byte lc->off. */
/*@ requires \valid_read(lc);
    requires valid_lc(lc->off, lc->line, lc->line_start);
    assigns \nothing;
    ensures \result == lc->off - lc->line_start + 1;
    ensures \result >= 1;
*/
uint64_t scan_lc_column(const struct scan_lc *lc);

/*
 * The chunk plan for a buffer holding n bytes whose owned range starts
 * after lo.  Called only with the buffer full (n == cap) or at end of file.
 * Sets *hi (hits whose end is in (lo, hi] are confirmed now) and
 * *keep_from (the bytes [keep_from, n) move to the front of the buffer;
 * the next lo is hi - keep_from).  Guarantees: lo <= hi <= n; at end of
 * file hi == n; otherwise every hit end <= hi has SCAN_WIN bytes after it
 * in the buffer (hi + SCAN_WIN <= n); the bytes a later hit may need
 * (SCAN_BACK + SCAN_KW_MAX before the next owned range) are kept; and what
 * is kept is at most SCAN_KEEP bytes, so a read always has room for
 * cap - SCAN_KEEP >= SCAN_CHUNK new bytes.
 */
/*@ requires cap == SCAN_BUF;
    requires n <= cap;
    requires lo <= SCAN_BACK + SCAN_KW_MAX;
    requires lo <= n;
    requires eof != 0 || n == cap;
    requires \valid(hi) && \valid(keep_from) && \separated(hi, keep_from);
    assigns *hi, *keep_from;
    ensures lo <= *hi;
    ensures *hi <= n;
    ensures eof != 0 ==> *hi == n;
    ensures eof == 0 ==> *hi + SCAN_WIN <= n;
    ensures *keep_from <= *hi;
    ensures *hi - *keep_from <= SCAN_BACK + SCAN_KW_MAX;
    ensures *hi >= SCAN_BACK + SCAN_KW_MAX ==>
        *hi - *keep_from == SCAN_BACK + SCAN_KW_MAX;
    ensures eof == 0 ==> n - *keep_from <= SCAN_KEEP;
*/
void scan_chunk_plan(size_t n, size_t cap, size_t lo, int eof, size_t *hi,
    size_t *keep_from);

#endif
