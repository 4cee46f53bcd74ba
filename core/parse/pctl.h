/*
 * pctl.h - exact percentiles over every latency sample (pure, no I/O, no
 * allocation; contracts proved with Frama-C WP, see pctl.c).
 *
 * Definition (nearest rank, as in NIST's and Hyndman & Fan's type 1): the
 * p-th percentile of n sorted samples is the sample of 1-based rank
 * ceil(p * n / 100), i.e. the smallest sample such that at least p % of
 * all samples are at or below it.  No interpolation, no histogram buckets,
 * no averaging: the figure is always a latency that was really measured.
 *
 * Samples are microseconds in uint32_t (up to 71 minutes, far beyond any
 * timeout the http check accepts).
 */
#ifndef SIGNOFF_PCTL_H
#define SIGNOFF_PCTL_H

#include <stddef.h>
#include <stdint.h>

#define PCTL_MAX_N	1000000u	/* samples; keeps p * n far from overflow */

/*@ predicate pctl_sorted(uint32_t *a, integer n) =
      \forall integer i, j; 0 <= i <= j < n ==> a[i] <= a[j];
*/

/*
 * The 0-based index of the p-th percentile among n sorted samples.
 * It is the smallest index whose rank (index + 1) covers p % of n.
 */
/*@ requires 1 <= n <= PCTL_MAX_N;
    requires 1 <= p <= 100;
    assigns \nothing;
    ensures \result < n;
    ensures 100 * (\result + 1) >= p * n;
    ensures \result == 0 || 100 * \result < p * n;
*/
size_t pctl_index(size_t n, unsigned p);

/*
 * Sorts a[0..n) ascending in place (heapsort: O(n log n), no recursion,
 * no allocation, bounded loops).
 */
/*@ requires n <= PCTL_MAX_N;
    requires \valid(a + (0 .. n - 1));
    assigns a[0 .. n - 1];
*/
void pctl_sort(uint32_t *a, size_t n);

/* The p-th percentile of the sorted samples a[0..n). */
/*@ requires 1 <= n <= PCTL_MAX_N;
    requires 1 <= p <= 100;
    requires \valid_read(a + (0 .. n - 1));
    assigns \nothing;
    ensures \exists integer k; 0 <= k < n && \result == a[k] &&
        100 * (k + 1) >= p * n && (k == 0 || 100 * k < p * n);
*/
uint32_t pctl_value(const uint32_t *a, size_t n, unsigned p);

#endif
