/*
 * scanmath.c - entropy, redaction, line/column accounting and the chunk
 * plan of the credential scanner (contracts in scanmath.h).
 */
#include "scanmath.h"

/* log2(x) in Q16 fixed point for 1 <= x <= SCAN_ENT_MAX: the integer part
 * by shifting, 16 fraction bits by repeated squaring. */
/*@ requires 1 <= x <= 4096;
    assigns \nothing;
    ensures 0 <= \result <= 13 * 65536;
*/
static uint32_t
log2_q16(uint32_t x)
{
	uint32_t k = 0, p = 1, frac = 0, i;
	uint64_t y;

	/*@ loop invariant 0 <= k <= 12;
	    loop invariant 1 <= p <= x;
	    loop invariant p <= 4096;
	    loop assigns k, p;
	    loop variant 12 - k;
	*/
	while (k < 12 && p <= x / 2) {
		p *= 2;
		k++;
	}
	y = ((uint64_t)x * 65536u) / p;
	if (y < 65536)
		y = 65536;
	if (y >= 131072)
		y = 131071;
	/*@ loop invariant 0 <= i <= 16;
	    loop invariant 65536 <= y < 131072;
	    loop assigns i, y, frac;
	    loop variant 16 - i;
	*/
	for (i = 0; i < 16; i++) {
		y = (y * y) / 65536u;
		if (y >= 131072) {
			y /= 2;
			frac |= 1u << (15 - i);
		}
		if (y >= 131072)
			y = 131071;
		if (y < 65536)
			y = 65536;
	}
	if (frac > 65535)
		frac = 65535;
	return k * 65536u + frac;
}

uint32_t
scan_entropy_milli(const uint8_t *s, size_t n)
{
	uint32_t counts[256];
	uint64_t sum = 0, h, ln;
	size_t i, m = n < SCAN_ENT_MAX ? n : SCAN_ENT_MAX;
	uint32_t j;

	if (m <= 1)
		return 0;
	/*@ loop invariant 0 <= j <= 256;
	    loop invariant \forall integer k; 0 <= k < j ==> counts[k] == 0;
	    loop assigns j, counts[0 .. 255];
	    loop variant 256 - j;
	*/
	for (j = 0; j < 256; j++)
		counts[j] = 0;
	/*@ loop invariant 0 <= i <= m;
	    loop invariant \forall integer k; 0 <= k < 256 ==> counts[k] <= i;
	    loop assigns i, counts[0 .. 255];
	    loop variant m - i;
	*/
	for (i = 0; i < m; i++)
		counts[s[i]]++;
	/*@ loop invariant 0 <= j <= 256;
	    loop invariant sum <= (uint64_t)j * 4096 * 13 * 65536;
	    loop assigns j, sum;
	    loop variant 256 - j;
	*/
	for (j = 0; j < 256; j++) {
		uint32_t c = counts[j];

		if (c >= 1 && c <= SCAN_ENT_MAX)
			sum += (uint64_t)c * log2_q16(c);
	}
	ln = log2_q16((uint32_t)m);
	h = sum / m;
	if (h > ln)
		return 0;
	h = ln - h;		/* bits per byte, Q16 */
	h = (h * 1000u) / 65536u;
	if (h > 8000)
		h = 8000;
	return (uint32_t)h;
}

size_t
scan_redact(const uint8_t *s, size_t n, char *out)
{
	size_t show = n / 4, i, k;

	if (show > SCAN_SHOW_MAX)
		show = SCAN_SHOW_MAX;
	/*@ loop invariant 0 <= i <= show;
	    loop invariant \forall integer j; 0 <= j < i ==> out[j] == s[j];
	    loop assigns i, out[0 .. SCAN_SHOW_MAX - 1];
	    loop variant show - i;
	*/
	for (i = 0; i < show; i++) {
		if (s[i] <= 0x20 || s[i] >= 0x7f)
			break;
		out[i] = (char)s[i];
	}
	/*@ loop invariant 0 <= k <= SCAN_MASK_LEN;
	    loop invariant \forall integer j; 0 <= j < i ==> out[j] == s[j];
	    loop invariant \forall integer j; i <= j < i + k ==> out[j] == '*';
	    loop assigns k, out[i .. i + SCAN_MASK_LEN - 1];
	    loop variant SCAN_MASK_LEN - k;
	*/
	for (k = 0; k < SCAN_MASK_LEN; k++)
		out[i + k] = '*';
	out[i + SCAN_MASK_LEN] = '\0';
	return i + SCAN_MASK_LEN;
}

size_t
scan_count_nl(const uint8_t *buf, size_t n)
{
	size_t c = 0, i;

	/*@ loop invariant 0 <= i <= n;
	    loop invariant c <= i;
	    loop assigns i, c;
	    loop variant n - i;
	*/
	for (i = 0; i < n; i++)
		c += buf[i] == '\n';
	return c;
}

void
scan_lc_advance(struct scan_lc *lc, const uint8_t *buf, size_t n)
{
	size_t c, j;

	if (n == 0)
		return;
	c = scan_count_nl(buf, n);
	j = n;
	/*@ loop invariant 0 <= j <= n;
	    loop assigns j;
	    loop variant j;
	*/
	while (j > 0 && buf[j - 1] != '\n')
		j--;
	if (j > 0)
		lc->line_start = lc->off + j;
	lc->line += c;
	lc->off += n;
}

uint64_t
scan_lc_column(const struct scan_lc *lc)
{
	return lc->off - lc->line_start + 1;
}

void
scan_chunk_plan(size_t n, size_t cap, size_t lo, int eof, size_t *hi,
    size_t *keep_from)
{
	size_t h;

	(void)cap;
	(void)lo;
	if (eof != 0)
		h = n;
	else
		h = n - SCAN_WIN;
	*hi = h;
	*keep_from = h >= SCAN_BACK + SCAN_KW_MAX ?
	    h - (SCAN_BACK + SCAN_KW_MAX) : 0;
}
