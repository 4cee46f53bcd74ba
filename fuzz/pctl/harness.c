/*
 * fuzz/pctl/harness.c - exact percentiles (core/parse/pctl.c).
 * The input is a list of little-endian uint32 samples.  Properties: the
 * heapsort leaves the samples sorted and is a permutation (same sum and
 * same xor); every percentile is a sample whose rank is the nearest rank;
 * P50 <= P95 <= P99 <= max.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/pctl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint32_t a[16384];
	uint64_t sum0 = 0, sum1 = 0;
	uint32_t x0 = 0, x1 = 0, prev = 0;
	size_t n = size / 4, i, k;
	unsigned p;

	if (n > sizeof(a) / sizeof(a[0]))
		n = sizeof(a) / sizeof(a[0]);
	for (i = 0; i < n; i++) {
		a[i] = (uint32_t)data[4 * i] | (uint32_t)data[4 * i + 1] << 8 |
		    (uint32_t)data[4 * i + 2] << 16 |
		    (uint32_t)data[4 * i + 3] << 24;
		sum0 += a[i];
		x0 ^= a[i];
	}
	pctl_sort(a, n);
	for (i = 0; i < n; i++) {
		if (i > 0 && a[i] < a[i - 1])
			abort();
		sum1 += a[i];
		x1 ^= a[i];
	}
	if (sum0 != sum1 || x0 != x1)
		abort();
	if (n == 0)
		return 0;
	for (p = 1; p <= 100; p++) {
		k = pctl_index(n, p);
		if (k >= n || 100 * (k + 1) < p * n || (k > 0 && 100 * k >= p * n))
			abort();
		if (pctl_value(a, n, p) != a[k] || a[k] < prev)
			abort();
		prev = a[k];
	}
	return 0;
}
