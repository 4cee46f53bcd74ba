/* test_pctl.c - exact nearest-rank percentiles (parse/pctl.c). */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "parse/pctl.h"

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* The index is ceil(p * n / 100) - 1, checked against the definition. */
static void
test_index_definition(void **st)
{
	size_t n;
	unsigned p;

	(void)st;
	for (n = 1; n <= 1000; n++)
		for (p = 1; p <= 100; p++) {
			size_t k = pctl_index(n, p);

			assert_true(k < n);
			/* rank k+1 covers p %, rank k does not */
			assert_true(100 * (k + 1) >= p * n);
			assert_true(k == 0 || 100 * k < p * n);
		}
	assert_int_equal(pctl_index(PCTL_MAX_N, 100), PCTL_MAX_N - 1);
	assert_int_equal(pctl_index(PCTL_MAX_N, 1), PCTL_MAX_N / 100 - 1);
}

static void
test_known_values(void **st)
{
	uint32_t a[100], b[20], one = 7;
	size_t i;

	(void)st;
	for (i = 0; i < 100; i++)
		a[i] = (uint32_t)(100 - i);	/* 100..1, reversed */
	pctl_sort(a, 100);
	assert_int_equal(pctl_value(a, 100, 50), 50);
	assert_int_equal(pctl_value(a, 100, 95), 95);
	assert_int_equal(pctl_value(a, 100, 99), 99);
	assert_int_equal(pctl_value(a, 100, 100), 100);
	/* 20 samples: P95 is the 19th, P99 the 20th (the maximum). */
	for (i = 0; i < 20; i++)
		b[i] = (uint32_t)((i * 7) % 20) * 10;
	pctl_sort(b, 20);
	assert_int_equal(pctl_value(b, 20, 50), 90);
	assert_int_equal(pctl_value(b, 20, 95), 180);
	assert_int_equal(pctl_value(b, 20, 99), 190);
	/* One sample is every percentile. */
	pctl_sort(&one, 1);
	assert_int_equal(pctl_value(&one, 1, 1), 7);
	assert_int_equal(pctl_value(&one, 1, 99), 7);
	/* An average would say 10.9 here; P50 is a real sample, 1. */
	{
		uint32_t t[10] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 100 };

		pctl_sort(t, 10);
		assert_int_equal(pctl_value(t, 10, 50), 1);
		assert_int_equal(pctl_value(t, 10, 95), 100);
		assert_int_equal(pctl_value(t, 10, 90), 1);
	}
}

/* The heapsort agrees with qsort(3) on many shapes and sizes. */
static void
test_sort_matches_qsort(void **st)
{
	static uint32_t a[5000], b[5000];
	unsigned seed = 12345, round;
	size_t n, i;

	(void)st;
	for (round = 0; round < 200; round++) {
		n = (size_t)(round * 25) % 5000;
		for (i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			switch (round % 5) {
			case 0: a[i] = seed >> 8; break;		/* random */
			case 1: a[i] = (uint32_t)i; break;		/* sorted */
			case 2: a[i] = (uint32_t)(n - i); break;	/* reversed */
			case 3: a[i] = 42; break;			/* constant */
			default: a[i] = (seed >> 16) % 7; break;	/* few values */
			}
		}
		memcpy(b, a, n * sizeof(*a));
		pctl_sort(a, n);
		qsort(b, n, sizeof(*b), cmp_u32);
		assert_memory_equal(a, b, n * sizeof(*a));
	}
	a[0] = UINT32_MAX;
	a[1] = 0;
	pctl_sort(a, 2);
	assert_int_equal(a[0], 0);
	assert_int_equal(a[1], UINT32_MAX);
	pctl_sort(a, 0);	/* nothing to do, no access */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_index_definition),
		cmocka_unit_test(test_known_values),
		cmocka_unit_test(test_sort_matches_qsort),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
