/*
 * perm.c - permission verdicts of the secret-files check; contracts in
 * perm.h.  Integers only, so that WP proves them:
 *   frama-c -wp -wp-rte -wp-prover z3,cvc4 -cpp-extra-args='-Icore' core/parse/perm.c
 */
#include <stdint.h>

#include "perm.h"

enum perm_type
perm_type(uint32_t mode)
{
	switch (mode & PERM_IFMT) {
	case 0100000u:
		return PERM_T_REGULAR;
	case 0040000u:
		return PERM_T_DIRECTORY;
	case 0120000u:
		return PERM_T_SYMLINK;
	case 0010000u:
		return PERM_T_FIFO;
	case 0140000u:
		return PERM_T_SOCKET;
	case 0020000u:
		return PERM_T_CHARDEV;
	case 0060000u:
		return PERM_T_BLOCKDEV;
	default:
		return PERM_T_UNKNOWN;
	}
}

int
perm_allowed_valid(uint32_t v)
{
	return v <= PERM_MAX_ALLOWED ? 1 : 0;
}

uint32_t
perm_file_excess(uint32_t mode, uint32_t allowed)
{
	return (mode & PERM_BITS) & (PERM_BITS ^ allowed);
}

uint32_t
perm_dir_allowed(uint32_t allowed)
{
	if ((allowed & 040u) != 0)
		return (allowed & 04u) != 0 ? 0755u : 0750u;
	return (allowed & 04u) != 0 ? 0705u : 0700u;
}

uint32_t
perm_dir_excess(uint32_t mode, uint32_t allowed)
{
	uint32_t keep = perm_dir_allowed(allowed);

	/* Four values only: spelled out, each case is a constant mask. */
	if (keep == 0700u)
		return (mode & PERM_BITS) & (PERM_BITS ^ 01700u);
	if (keep == 0750u)
		return (mode & PERM_BITS) & (PERM_BITS ^ 01750u);
	if (keep == 0705u)
		return (mode & PERM_BITS) & (PERM_BITS ^ 01705u);
	return (mode & PERM_BITS) & (PERM_BITS ^ 01755u);
}

int
perm_owner_ok(uint32_t uid, uint32_t owner)
{
	return (uid == 0 || uid == owner) ? 1 : 0;
}

int
perm_ancestor_ok(uint32_t mode, uint32_t uid, uint32_t owner)
{
	if (!perm_owner_ok(uid, owner))
		return 0;
	if ((mode & 022u) != 0 && (mode & PERM_STICKY) == 0)
		return 0;
	return 1;
}

uint32_t
perm_acl_excess(uint32_t perm, uint32_t mask, int has_mask, uint32_t allowed)
{
	uint32_t eff = perm & 7u;

	if (has_mask != 0)
		eff &= mask;
	return eff & (7u ^ allowed);
}
