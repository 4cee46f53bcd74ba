/*
 * pctl.c - exact nearest-rank percentiles (see pctl.h).
 *
 * Proved by ci/prove.sh (WP + RTE): the index is in bounds and is the
 * nearest rank, every array access is valid, nothing overflows.  That the
 * heapsort sorts is not proved here; tests/unit/test_pctl.c compares it
 * with qsort(3) on random, sorted, reversed and constant arrays.
 */
#include "pctl.h"

size_t
pctl_index(size_t n, unsigned p)
{
	/* ceil(p * n / 100) - 1, with p * n <= 100 * PCTL_MAX_N. */
	size_t r = ((size_t)p * n + 99u) / 100u;

	/*@ assert r >= 1; */
	return r - 1u;
}

uint32_t
pctl_value(const uint32_t *a, size_t n, unsigned p)
{
	size_t k = pctl_index(n, p);

	return a[k];
}

/* Moves a[root] down the heap a[0..end) until both children are smaller. */
/*@ requires end <= PCTL_MAX_N;
    requires root < end;
    requires \valid(a + (0 .. end - 1));
    assigns a[0 .. end - 1];
*/
static void
sift_down(uint32_t *a, size_t root, size_t end)
{
	size_t child;
	uint32_t t;

	/*@ loop invariant root < end;
	    loop assigns root, child, t, a[0 .. end - 1];
	    loop variant end - root;
	*/
	while (root < end / 2u) {
		child = 2u * root + 1u;
		if (child + 1u < end && a[child] < a[child + 1u])
			child++;
		if (a[root] >= a[child])
			return;
		t = a[root];
		a[root] = a[child];
		a[child] = t;
		root = child;
	}
}

void
pctl_sort(uint32_t *a, size_t n)
{
	size_t i, end;
	uint32_t t;

	if (n < 2u)
		return;
	/*@ loop invariant 0 <= i <= n / 2u;
	    loop assigns i, a[0 .. n - 1];
	    loop variant i;
	*/
	for (i = n / 2u; i > 0u; i--)
		sift_down(a, i - 1u, n);
	/*@ loop invariant 1 <= end <= n;
	    loop assigns end, t, a[0 .. n - 1];
	    loop variant end;
	*/
	for (end = n; end > 1u; end--) {
		t = a[0];
		a[0] = a[end - 1u];
		a[end - 1u] = t;
		sift_down(a, 0u, end - 1u);
	}
}
