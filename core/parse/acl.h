/*
 * acl.h - pure decoder of the Linux "system.posix_acl_access" xattr value.
 *
 * Layout (all little-endian): u32 version (2), then 8-byte entries
 * { u16 tag, u16 perm, u32 id }.  No I/O, no allocation; the decoder keeps
 * a pointer into the caller's buffer and a sticky error.
 */
#ifndef SIGNOFF_ACL_H
#define SIGNOFF_ACL_H

#include <stddef.h>
#include <stdint.h>

#define ACL_XATTR_VERSION	2u
#define ACL_MAX_ENTRIES		8191	/* what fits in a 64 KiB xattr */

#define ACL_TAG_USER_OBJ	0x01u
#define ACL_TAG_USER		0x02u
#define ACL_TAG_GROUP_OBJ	0x04u
#define ACL_TAG_GROUP		0x08u
#define ACL_TAG_MASK		0x10u
#define ACL_TAG_OTHER		0x20u

#define ACL_ID_UNDEFINED	0xffffffffu

struct acl_entry {
	uint16_t tag;
	uint16_t perm;		/* r=4 w=2 x=1 */
	uint32_t id;		/* uid or gid for USER/GROUP */
};

struct acl {
	const uint8_t *p;	/* first entry */
	size_t count;		/* entries, valid only when err == NULL */
	int has_mask;
	uint16_t mask;
	int n_named;		/* USER + GROUP entries */
	const char *err;	/* static reason, NULL when the parse completed */
};

/*
 * Decodes buf[0..n).  Returns 0, or -1 with a->err set: bad length, wrong
 * version, too many entries, unknown tag, perm beyond rwx, a missing or
 * repeated USER_OBJ/GROUP_OBJ/OTHER/MASK, or named entries without a mask.
 */
int acl_parse(struct acl *a, const uint8_t *buf, size_t n);

/* Entry i (0-based) of a parsed ACL.  Returns 0, or -1 if out of range or
 * the parse failed. */
int acl_get(const struct acl *a, size_t i, struct acl_entry *e);

/*
 * The first entry among named users, named groups and the owning group
 * whose effective permission (masked) goes beyond `allowed` (3-bit rwx).
 * Returns 1 and fills *bad and *excess (the bits beyond), 0 if none, -1 if
 * the ACL did not parse.  start: index to continue from (0 at first; pass
 * the previous hit's index + 1 to list them all); *at receives the index.
 */
int acl_find_excess(const struct acl *a, uint32_t allowed, size_t start,
    size_t *at, struct acl_entry *bad, uint32_t *excess);

/*
 * Who may hold a grant when --mode gives the group access (issue 6, hole
 * 8): the first named entry from `start` whose effective (masked)
 * permission is not empty and lies within `allowed` (entries beyond it are
 * acl_find_excess's), but which names someone not accepted: any named
 * user, or a named group other than gid 0 and `group` (only when
 * group_valid).  Returns 1 and fills *at and *bad, 0 if none, -1 if the
 * ACL did not parse.
 */
int acl_find_foreign(const struct acl *a, uint32_t allowed, uint32_t group,
    int group_valid, size_t start, size_t *at, struct acl_entry *bad);

/* 1 if the ACL has entries beyond the three of a plain mode (named
 * users/groups or a mask). */
int acl_is_extended(const struct acl *a);

#endif
