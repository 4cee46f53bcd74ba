/*
 * test_creddedup.c - one finding per secret (core/scan/dedup.c): the
 * class of a rule id, the order, and the greedy choice; the choice does
 * not depend on the input order (every permutation of small sets, and
 * shuffles of random sets checked against the invariants: kept spans are
 * disjoint, each merged candidate overlaps the better one it names).
 */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "scan/dedup.h"

#define NMAX 64

static struct cred_cand
cand(uint64_t s, uint64_t e, uint32_t rule, uint8_t class)
{
	struct cred_cand c;

	memset(&c, 0, sizeof(c));
	c.start = s;
	c.end = e;
	c.rule = rule;
	c.class = class;
	return c;
}

static size_t
run(struct cred_cand *c, size_t n)
{
	uint32_t order[NMAX], kept[NMAX];

	return cred_dedup(c, n, order, kept);
}

static void
test_class(void **st)
{
	(void)st;
	assert_int_equal(cred_dedup_class("github-classic-pat"), 0);
	assert_int_equal(cred_dedup_class("generic-secret-shell"), 1);
	assert_int_equal(cred_dedup_class("generic-any-high-entropy"), 2);
	assert_int_equal(cred_dedup_class("generic"), 0);
	assert_int_equal(cred_dedup_class(""), 0);
}

/* A token matched by its provider rule and by two generic rules. */
static void
test_provider_wins(void **st)
{
	struct cred_cand c[3];

	(void)st;
	c[0] = cand(20, 60, 200, 1);	/* generic-secret-shell */
	c[1] = cand(20, 60, 230, 2);	/* generic-any-high-entropy */
	c[2] = cand(20, 60, 27, 0);	/* github-legacy-token */
	assert_int_equal(run(c, 3), 1);
	assert_int_equal(c[2].keep, 1);
	assert_int_equal(c[0].keep, 0);
	assert_int_equal(c[1].keep, 0);
	assert_int_equal(c[0].by, 2);
	assert_int_equal(c[1].by, 2);
	assert_int_equal(c[2].by, CRED_DEDUP_NONE);
}

/* Same class: the longer secret, then the first rule. */
static void
test_longer_then_first(void **st)
{
	struct cred_cand c[3];

	(void)st;
	c[0] = cand(10, 30, 5, 0);
	c[1] = cand(10, 50, 9, 0);
	c[2] = cand(60, 70, 9, 0);
	assert_int_equal(run(c, 3), 2);
	assert_int_equal(c[1].keep, 1);
	assert_int_equal(c[0].keep, 0);
	assert_int_equal(c[0].by, 1);
	assert_int_equal(c[2].keep, 1);
	c[0] = cand(10, 30, 9, 1);
	c[1] = cand(12, 32, 4, 1);
	assert_int_equal(run(c, 2), 1);
	assert_int_equal(c[1].keep, 1);
	assert_int_equal(c[0].by, 1);
}

/* Two secrets that one less specific match spans are both kept. */
static void
test_spanning_generic(void **st)
{
	struct cred_cand c[3];

	(void)st;
	c[0] = cand(0, 100, 200, 1);
	c[1] = cand(10, 30, 3, 0);
	c[2] = cand(60, 90, 4, 0);
	assert_int_equal(run(c, 3), 2);
	assert_int_equal(c[0].keep, 0);
	assert_int_equal(c[1].keep, 1);
	assert_int_equal(c[2].keep, 1);
	/* touching spans do not overlap; an empty one overlaps nothing */
	c[0] = cand(0, 10, 1, 0);
	c[1] = cand(10, 20, 2, 1);
	c[2] = cand(5, 5, 3, 2);
	assert_int_equal(run(c, 3), 3);
}

static int
overlap(const struct cred_cand *a, const struct cred_cand *b)
{
	return a->start < b->end && b->start < a->end &&
	    a->end > a->start && b->end > b->start;
}

static void
invariants(const struct cred_cand *c, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		if (c[i].keep) {
			assert_int_equal(c[i].by, CRED_DEDUP_NONE);
			for (j = 0; j < n; j++)
				if (j != i && c[j].keep)
					assert_false(overlap(&c[i], &c[j]));
		} else {
			assert_true(c[i].by < n);
			assert_true(c[c[i].by].keep);
			assert_true(overlap(&c[i], &c[c[i].by]));
			assert_true(cred_dedup_better(&c[c[i].by], &c[i]));
		}
	}
}

/* Shuffles of random sets: the same spans are kept whatever the order. */
static void
test_order_independent(void **st)
{
	struct cred_cand a[NMAX], b[NMAX];
	uint32_t perm[NMAX];
	unsigned seed = 12345;
	size_t round, i, n;

	(void)st;
	for (round = 0; round < 2000; round++) {
		n = 1 + (size_t)(rand_r(&seed) % NMAX);
		for (i = 0; i < n; i++) {
			uint64_t s = (uint64_t)(rand_r(&seed) % 200);

			/* distinct (rule, start): one rule never reports one
			 * position twice */
			a[i] = cand(s, s + (uint64_t)(rand_r(&seed) % 40),
			    (uint32_t)i, (uint8_t)(rand_r(&seed) % 3));
			perm[i] = (uint32_t)i;
		}
		for (i = n; i > 1; i--) {
			size_t k = (size_t)rand_r(&seed) % i;
			uint32_t t = perm[i - 1];

			perm[i - 1] = perm[k];
			perm[k] = t;
		}
		for (i = 0; i < n; i++)
			b[i] = a[perm[i]];
		run(a, n);
		run(b, n);
		invariants(a, n);
		invariants(b, n);
		for (i = 0; i < n; i++)
			assert_int_equal(b[i].keep, a[perm[i]].keep);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_class),
		cmocka_unit_test(test_provider_wins),
		cmocka_unit_test(test_longer_then_first),
		cmocka_unit_test(test_spanning_generic),
		cmocka_unit_test(test_order_independent),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
