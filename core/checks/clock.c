/*
 * clock.c - the check's monotonic start time, for duration_ms.
 */
#include <stdint.h>
#include <time.h>

#include "check.h"

static struct timespec clock_t0;
static int clock_started;

void
check_clock_start(void)
{
	if (clock_gettime(CLOCK_MONOTONIC, &clock_t0) == 0)
		clock_started = 1;
}

int64_t
check_elapsed_ms(void)
{
	struct timespec now;
	int64_t ms;

	if (!clock_started || clock_gettime(CLOCK_MONOTONIC, &now) != 0)
		return -1;
	ms = ((int64_t)now.tv_sec - (int64_t)clock_t0.tv_sec) * 1000 +
	    ((int64_t)now.tv_nsec - (int64_t)clock_t0.tv_nsec) / 1000000;
	return ms < 0 ? 0 : ms;
}
