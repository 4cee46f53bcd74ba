/*
 * fuzz/passwd/harness.c - the hand-written /etc/passwd lookup
 * (core/parse/passwd.c).  The first input line is the name to look up,
 * the rest is the file.  Property: a hit lies inside the buffer and has the
 * name at the start of a line.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/passwd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	const char *nl = memchr(s, '\n', size);
	size_t nlen;
	uint32_t uid, gid;

	if (nl == NULL)
		return 0;
	nlen = (size_t)(nl - s);
	if (passwd_find(nl + 1, size - nlen - 1, s, nlen, &uid, &gid) == 0) {
		if (nlen == 0 || uid == 0xffffffffu || gid == 0xffffffffu)
			abort();
	}
	return 0;
}
