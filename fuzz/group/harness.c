/*
 * fuzz/group/harness.c - the hand-written /etc/group lookups
 * (core/parse/passwd.c: group_find, group_name).  The first input line is
 * the name to look up, the rest is the file (an image's /etc/group is
 * hostile input).  Properties: a name hit lies inside the buffer, starts a
 * line and contains no ':' or newline.  (Looking that name up again need
 * not give the same gid: /etc/group may repeat a name.)
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
	const char *buf;
	size_t nlen, n, off, len;
	uint32_t gid, g2;

	if (nl == NULL)
		return 0;
	nlen = (size_t)(nl - s);
	buf = nl + 1;
	n = size - nlen - 1;
	if (group_find(buf, n, s, nlen, &gid) == 0) {
		if (nlen == 0 || gid == 0xffffffffu)
			abort();
		if (group_name(buf, n, gid, &off, &len) != 0)
			abort();	/* the gid just found must have a name */
		if (off > n || len == 0 || len > n - off ||
		    (off > 0 && buf[off - 1] != '\n') ||
		    memchr(buf + off, ':', len) != NULL ||
		    memchr(buf + off, '\n', len) != NULL)
			abort();
		(void)group_find(buf, n, buf + off, len, &g2);
	}
	return 0;
}
