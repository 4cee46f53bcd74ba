/*
 * dedup.c - one finding per secret (dedup.h).
 */
#include <stdlib.h>
#include <string.h>

#include "dedup.h"

uint8_t
cred_dedup_class(const char *rule_id)
{
	if (strncmp(rule_id, "generic-any-", 12) == 0)
		return 2;
	if (strncmp(rule_id, "generic-", 8) == 0)
		return 1;
	return 0;
}

static uint64_t
span(const struct cred_cand *a)
{
	return a->end > a->start ? a->end - a->start : 0;
}

int
cred_dedup_better(const struct cred_cand *a, const struct cred_cand *b)
{
	if (a->class != b->class)
		return a->class < b->class;
	if (span(a) != span(b))
		return span(a) > span(b);
	if (a->rule != b->rule)
		return a->rule < b->rule;
	return a->start < b->start;
}

static int
ordcmp(const void *x, const void *y, void *ctx)
{
	const struct cred_cand *c = ctx;
	const struct cred_cand *a = &c[*(const uint32_t *)x];
	const struct cred_cand *b = &c[*(const uint32_t *)y];

	if (cred_dedup_better(a, b))
		return -1;
	if (cred_dedup_better(b, a))
		return 1;
	return 0;
}

size_t
cred_dedup(struct cred_cand *c, size_t n, uint32_t *order, uint32_t *kept)
{
	size_t i, n_kept = 0, n_out = 0;

	for (i = 0; i < n; i++) {
		order[i] = (uint32_t)i;
		c[i].keep = 0;
		c[i].by = CRED_DEDUP_NONE;
	}
	if (n > 1)
		qsort_r(order, n, sizeof(*order), ordcmp, c);
	/* kept[0..n_kept): the kept non-empty spans, disjoint, by start
	 * (hence also by end). */
	for (i = 0; i < n; i++) {
		struct cred_cand *x = &c[order[i]];
		size_t lo = 0, hi = n_kept;

		if (span(x) == 0) {
			x->keep = 1;
			n_out++;
			continue;
		}
		/* the first kept span ending after x starts */
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (c[kept[mid]].end > x->start)
				hi = mid;
			else
				lo = mid + 1;
		}
		if (lo < n_kept && c[kept[lo]].start < x->end) {
			x->by = kept[lo];
			continue;
		}
		memmove(kept + lo + 1, kept + lo, (n_kept - lo) *
		    sizeof(*kept));
		kept[lo] = order[i];
		n_kept++;
		x->keep = 1;
		n_out++;
	}
	return n_out;
}
