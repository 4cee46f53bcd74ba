/*
 * fuzz/report/harness.c - every renderer over whatever the reader accepts.
 * The first input byte picks the format and the colour; the rest is the
 * record stream.  Output goes to /dev/null through struct out.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "record/record.h"
#include "report/report.h"

static struct record recs[1024];
static unsigned char scratch_mem[1 << 20];
static struct out o;
static int devnull = -1;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct report_opts opt;
	struct reader_err e;
	struct scratch s;
	const char *why = NULL;
	size_t count = 0;
	int rc;

	if (size < 1)
		return 0;
	if (devnull < 0)
		devnull = open("/dev/null", O_WRONLY);
	memset(&opt, 0, sizeof(opt));
	opt.format = (enum report_format)(data[0] % FMT__N);
	opt.color = (data[0] >> 4) & 1;
	opt.tool_version = "fuzz";
	opt.started = "2026-01-01T00:00:00Z";
	opt.duration_ms = (data[0] & 0x20) ? 1234 : -1;
	opt.now_unix = 1767225600;
	opt.policy = "fuzz";
	memcpy(opt.host.hostname, "host", 5);
	/* The reader's options: wrapping, --show, --fail-on warn, a fix. */
	opt.width = (data[0] & 0x80) ? 40 : 0;
	opt.show = (data[0] & 0x08) ? (1u << ST_FAIL) | (1u << ST_ERROR) : 0;
	opt.fail_on = (data[0] & 0x04) ? REPORT_FAIL_ON_WARN : SEV_INFO;
	if (record_read_all((const char *)data + 1, size - 1, recs, 1024,
	    &count, &e) != 0)
		return 0;
	s.p = scratch_mem;
	s.cap = (data[0] & 0x40) ? 64 : sizeof(scratch_mem);
	out_init(&o, devnull);
	rc = report_render(&o, &opt, recs, count, &s, &why);
	if (rc != 0 && why == NULL)
		abort();
	out_flush(&o);
	rc = report_exit_status(recs, count, (enum rec_severity)(data[0] % SEV__N));
	if (rc != 0 && rc != 1 && rc != 4)
		abort();
	rc = report_verdict_status(&opt, recs, count);
	if (rc != 0 && rc != 1 && rc != 4)
		abort();
	return 0;
}
