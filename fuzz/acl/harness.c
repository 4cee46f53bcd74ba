/*
 * fuzz/acl/harness.c - the POSIX ACL xattr decoder (core/parse/acl.c).
 * Properties: acl_parse accepts or names a reason; every entry of an
 * accepted ACL can be read back; acl_find_excess walks forward and only
 * reports entries that really exceed what is allowed.
 */
#include <stdint.h>
#include <stdlib.h>

#include "parse/acl.h"
#include "parse/perm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct acl a;
	struct acl_entry e;
	size_t i, at = 0, start;
	uint32_t allowed, x;

	if (size < 1)
		return 0;
	allowed = data[0] & 7u;
	if (acl_parse(&a, data + 1, size - 1) != 0) {
		if (a.err == NULL)
			abort();
		return 0;
	}
	if (a.count > ACL_MAX_ENTRIES)
		abort();
	for (i = 0; i < a.count; i++)
		if (acl_get(&a, i, &e) != 0)
			abort();
	if (acl_get(&a, a.count, &e) == 0)
		abort();
	for (start = 0; acl_find_excess(&a, allowed, start, &at, &e, &x) == 1;
	    start = at + 1) {
		if (at < start || at >= a.count || x == 0 || (x & allowed) != 0)
			abort();
	}
	(void)acl_is_extended(&a);
	return 0;
}
