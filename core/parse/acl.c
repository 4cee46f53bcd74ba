/*
 * acl.c - decoder of system.posix_acl_access; see acl.h.
 */
#include <stddef.h>
#include <stdint.h>

#include "acl.h"
#include "perm.h"

#define ACL_HDR		4u
#define ACL_ENTRY	8u

static uint16_t
le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static uint32_t
le32(const uint8_t *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
	    ((uint32_t)p[3] << 24);
}

static void
entry_at(const struct acl *a, size_t i, struct acl_entry *e)
{
	const uint8_t *q = a->p + i * ACL_ENTRY;

	e->tag = le16(q);
	e->perm = le16(q + 2);
	e->id = le32(q + 4);
}

int
acl_parse(struct acl *a, const uint8_t *buf, size_t n)
{
	size_t i, count;
	int n_user_obj = 0, n_group_obj = 0, n_other = 0, n_mask = 0;

	a->p = NULL;
	a->count = 0;
	a->has_mask = 0;
	a->mask = 0;
	a->n_named = 0;
	a->err = "truncated header";
	if (buf == NULL || n < ACL_HDR)
		return -1;
	a->err = "unsupported version";
	if (le32(buf) != ACL_XATTR_VERSION)
		return -1;
	a->err = "length is not a whole number of entries";
	if ((n - ACL_HDR) % ACL_ENTRY != 0)
		return -1;
	count = (n - ACL_HDR) / ACL_ENTRY;
	a->err = "too many entries";
	if (count > ACL_MAX_ENTRIES)
		return -1;
	a->p = buf + ACL_HDR;
	for (i = 0; i < count; i++) {
		struct acl_entry e;

		entry_at(a, i, &e);
		if (e.perm > 7) {
			a->err = "permission beyond rwx";
			return -1;
		}
		switch (e.tag) {
		case ACL_TAG_USER_OBJ:
			n_user_obj++;
			break;
		case ACL_TAG_GROUP_OBJ:
			n_group_obj++;
			break;
		case ACL_TAG_OTHER:
			n_other++;
			break;
		case ACL_TAG_MASK:
			n_mask++;
			a->mask = e.perm;
			break;
		case ACL_TAG_USER:
		case ACL_TAG_GROUP:
			a->n_named++;
			break;
		default:
			a->err = "unknown entry tag";
			return -1;
		}
	}
	a->err = "missing or repeated owner, group or other entry";
	if (n_user_obj != 1 || n_group_obj != 1 || n_other != 1)
		return -1;
	a->err = "repeated mask entry";
	if (n_mask > 1)
		return -1;
	a->err = "named entries without a mask entry";
	if (a->n_named > 0 && n_mask == 0)
		return -1;
	a->has_mask = n_mask;
	a->count = count;
	a->err = NULL;
	return 0;
}

int
acl_get(const struct acl *a, size_t i, struct acl_entry *e)
{
	if (a->err != NULL || i >= a->count)
		return -1;
	entry_at(a, i, e);
	return 0;
}

int
acl_find_excess(const struct acl *a, uint32_t allowed, size_t start,
    size_t *at, struct acl_entry *bad, uint32_t *excess)
{
	size_t i;

	if (a->err != NULL)
		return -1;
	allowed &= 7u;
	for (i = start; i < a->count; i++) {
		struct acl_entry e;
		uint32_t x;

		entry_at(a, i, &e);
		if (e.tag != ACL_TAG_USER && e.tag != ACL_TAG_GROUP &&
		    e.tag != ACL_TAG_GROUP_OBJ)
			continue;
		x = perm_acl_excess(e.perm, a->mask, a->has_mask, allowed);
		if (x != 0) {
			*at = i;
			*bad = e;
			*excess = x;
			return 1;
		}
	}
	return 0;
}

int
acl_find_foreign(const struct acl *a, uint32_t allowed, uint32_t group,
    int group_valid, size_t start, size_t *at, struct acl_entry *bad)
{
	size_t i;

	if (a->err != NULL)
		return -1;
	allowed &= 7u;
	for (i = start; i < a->count; i++) {
		struct acl_entry e;
		uint32_t eff;

		entry_at(a, i, &e);
		if (e.tag != ACL_TAG_USER && e.tag != ACL_TAG_GROUP)
			continue;
		eff = e.perm & 7u;
		if (a->has_mask)
			eff &= a->mask;
		if (eff == 0 || perm_acl_excess(e.perm, a->mask, a->has_mask,
		    allowed) != 0)
			continue;
		if (e.tag == ACL_TAG_GROUP &&
		    (e.id == 0 || (group_valid && e.id == group)))
			continue;
		*at = i;
		*bad = e;
		return 1;
	}
	return 0;
}

int
acl_is_extended(const struct acl *a)
{
	return a->err == NULL && (a->n_named > 0 || a->has_mask);
}
