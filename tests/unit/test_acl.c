/* test_acl.c - the system.posix_acl_access decoder (parse/acl.c), on
 * hand-built blobs and on ACLs the kernel stored for real files. */
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/acl.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "parse/acl.h"

/* A blob builder: version then entries, little-endian. */
struct blob {
	uint8_t b[4 + 8 * 9000];
	size_t n;
};

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void
put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static void
blob_init(struct blob *b, uint32_t version)
{
	put32(b->b, version);
	b->n = 4;
}

static void
blob_add(struct blob *b, uint16_t tag, uint16_t perm, uint32_t id)
{
	put16(b->b + b->n, tag);
	put16(b->b + b->n + 2, perm);
	put32(b->b + b->n + 4, id);
	b->n += 8;
}

static struct blob bl;

static void
minimal(struct blob *b, uint16_t u, uint16_t g, uint16_t o)
{
	blob_init(b, 2);
	blob_add(b, ACL_TAG_USER_OBJ, u, ACL_ID_UNDEFINED);
	blob_add(b, ACL_TAG_GROUP_OBJ, g, ACL_ID_UNDEFINED);
	blob_add(b, ACL_TAG_OTHER, o, ACL_ID_UNDEFINED);
}

static void
test_no_acl(void **st)
{
	struct acl a;

	(void)st;
	assert_int_equal(acl_parse(&a, NULL, 0), -1);
	assert_non_null(a.err);
	assert_int_equal(acl_parse(&a, bl.b, 0), -1);
	assert_int_equal(acl_is_extended(&a), 0);
}

static void
test_minimal(void **st)
{
	struct acl a;
	struct acl_entry e;
	size_t at;
	uint32_t x;

	(void)st;
	minimal(&bl, 6, 0, 0);
	assert_int_equal(acl_parse(&a, bl.b, bl.n), 0);
	assert_null(a.err);
	assert_int_equal(a.count, 3);
	assert_int_equal(acl_is_extended(&a), 0);
	assert_int_equal(acl_find_excess(&a, 0, 0, &at, &e, &x), 0);
	assert_int_equal(acl_get(&a, 0, &e), 0);
	assert_int_equal(e.tag, ACL_TAG_USER_OBJ);
	assert_int_equal(e.perm, 6);
	assert_int_equal(acl_get(&a, 3, &e), -1);

	/* an owning group with r and no mask goes beyond --- */
	minimal(&bl, 6, 4, 0);
	assert_int_equal(acl_parse(&a, bl.b, bl.n), 0);
	assert_int_equal(acl_find_excess(&a, 0, 0, &at, &e, &x), 1);
	assert_int_equal(e.tag, ACL_TAG_GROUP_OBJ);
	assert_int_equal(x, 4);
	assert_int_equal(acl_find_excess(&a, 4, 0, &at, &e, &x), 0);
}

static void
test_named_user(void **st)
{
	struct acl a;
	struct acl_entry e;
	size_t at;
	uint32_t x;

	(void)st;
	blob_init(&bl, 2);
	blob_add(&bl, ACL_TAG_USER_OBJ, 6, ACL_ID_UNDEFINED);
	blob_add(&bl, ACL_TAG_USER, 4, 1000);
	blob_add(&bl, ACL_TAG_GROUP_OBJ, 0, ACL_ID_UNDEFINED);
	blob_add(&bl, ACL_TAG_MASK, 4, ACL_ID_UNDEFINED);
	blob_add(&bl, ACL_TAG_OTHER, 0, ACL_ID_UNDEFINED);
	assert_int_equal(acl_parse(&a, bl.b, bl.n), 0);
	assert_int_equal(acl_is_extended(&a), 1);
	assert_int_equal(a.has_mask, 1);
	assert_int_equal(a.mask, 4);
	assert_int_equal(acl_find_excess(&a, 0, 0, &at, &e, &x), 1);
	assert_int_equal(at, 1);
	assert_int_equal(e.tag, ACL_TAG_USER);
	assert_int_equal(e.id, 1000);
	assert_int_equal(x, 4);
	/* no other offender after it */
	assert_int_equal(acl_find_excess(&a, 0, at + 1, &at, &e, &x), 0);
	/* allowed group r: fine */
	assert_int_equal(acl_find_excess(&a, 4, 0, &at, &e, &x), 0);
}

static void
test_named_group_masked(void **st)
{
	struct acl a;
	struct acl_entry e;
	size_t at;
	uint32_t x;

	(void)st;
	blob_init(&bl, 2);
	blob_add(&bl, ACL_TAG_USER_OBJ, 6, ACL_ID_UNDEFINED);
	blob_add(&bl, ACL_TAG_GROUP_OBJ, 4, ACL_ID_UNDEFINED);
	blob_add(&bl, ACL_TAG_GROUP, 7, 50);
	blob_add(&bl, ACL_TAG_MASK, 0, ACL_ID_UNDEFINED);
	blob_add(&bl, ACL_TAG_OTHER, 0, ACL_ID_UNDEFINED);
	assert_int_equal(acl_parse(&a, bl.b, bl.n), 0);
	assert_int_equal(acl_is_extended(&a), 1);
	/* mask --- takes everything away */
	assert_int_equal(acl_find_excess(&a, 0, 0, &at, &e, &x), 0);

	/* same with mask rw-: the group entry is effective rw- */
	put16(bl.b + 4 + 3 * 8 + 2, 6);
	assert_int_equal(acl_parse(&a, bl.b, bl.n), 0);
	assert_int_equal(acl_find_excess(&a, 0, 0, &at, &e, &x), 1);
	assert_int_equal(e.tag, ACL_TAG_GROUP_OBJ);
	assert_int_equal(x, 4);
	assert_int_equal(acl_find_excess(&a, 0, at + 1, &at, &e, &x), 1);
	assert_int_equal(e.tag, ACL_TAG_GROUP);
	assert_int_equal(e.id, 50);
	assert_int_equal(x, 6);
}

/* Issue 6, hole 8: with group access allowed (r), a named user within it
 * is still foreign; a named group is accepted only if it is gid 0 or the
 * --group one; entries beyond `allowed` are acl_find_excess's. */
static void
test_foreign(void **st)
{
	struct acl a;
	struct acl_entry e;
	size_t at;

	(void)st;
	blob_init(&bl, 2);
	blob_add(&bl, ACL_TAG_USER_OBJ, 6, ACL_ID_UNDEFINED);
	blob_add(&bl, ACL_TAG_USER, 4, 65534);		/* 1 */
	blob_add(&bl, ACL_TAG_USER, 0, 1000);		/* 2: grants nothing */
	blob_add(&bl, ACL_TAG_GROUP_OBJ, 4, ACL_ID_UNDEFINED);
	blob_add(&bl, ACL_TAG_GROUP, 4, 0);		/* 4: root's group */
	blob_add(&bl, ACL_TAG_GROUP, 4, 103);		/* 5: --group */
	blob_add(&bl, ACL_TAG_GROUP, 4, 100);		/* 6: users */
	blob_add(&bl, ACL_TAG_GROUP, 6, 200);		/* 7: beyond r */
	blob_add(&bl, ACL_TAG_MASK, 6, ACL_ID_UNDEFINED);
	blob_add(&bl, ACL_TAG_OTHER, 0, ACL_ID_UNDEFINED);
	assert_int_equal(acl_parse(&a, bl.b, bl.n), 0);
	assert_int_equal(acl_find_foreign(&a, 4, 103, 1, 0, &at, &e), 1);
	assert_int_equal(at, 1);
	assert_int_equal(e.tag, ACL_TAG_USER);
	assert_int_equal(e.id, 65534);
	assert_int_equal(acl_find_foreign(&a, 4, 103, 1, at + 1, &at, &e), 1);
	assert_int_equal(at, 6);
	assert_int_equal(e.id, 100);
	assert_int_equal(acl_find_foreign(&a, 4, 103, 1, at + 1, &at, &e), 0);
	/* without --group, gid 103 is foreign too */
	assert_int_equal(acl_find_foreign(&a, 4, 0, 0, 2, &at, &e), 1);
	assert_int_equal(at, 5);
	/* the mask can take the grant away */
	put16(bl.b + 4 + 8 * 8 + 2, 0);
	assert_int_equal(acl_parse(&a, bl.b, bl.n), 0);
	assert_int_equal(acl_find_foreign(&a, 4, 103, 1, 0, &at, &e), 0);
	/* a broken ACL is -1 */
	a.err = "x";
	assert_int_equal(acl_find_foreign(&a, 4, 103, 1, 0, &at, &e), -1);
}

static void
test_truncated(void **st)
{
	struct acl a;
	size_t cut;

	(void)st;
	minimal(&bl, 6, 0, 0);
	for (cut = 0; cut < bl.n; cut++) {
		assert_int_equal(acl_parse(&a, bl.b, cut), -1);
		assert_non_null(a.err);
		assert_int_equal(acl_is_extended(&a), 0);
	}
}

static void
test_wrong_version(void **st)
{
	struct acl a;

	(void)st;
	minimal(&bl, 6, 0, 0);
	put32(bl.b, 1);
	assert_int_equal(acl_parse(&a, bl.b, bl.n), -1);
	assert_string_equal(a.err, "unsupported version");
	put32(bl.b, 0x02000000u);	/* big-endian 2 */
	assert_int_equal(acl_parse(&a, bl.b, bl.n), -1);
}

static void
test_huge_count(void **st)
{
	struct acl a;
	size_t i;

	(void)st;
	blob_init(&bl, 2);
	blob_add(&bl, ACL_TAG_USER_OBJ, 6, ACL_ID_UNDEFINED);
	blob_add(&bl, ACL_TAG_GROUP_OBJ, 0, ACL_ID_UNDEFINED);
	blob_add(&bl, ACL_TAG_MASK, 0, ACL_ID_UNDEFINED);
	blob_add(&bl, ACL_TAG_OTHER, 0, ACL_ID_UNDEFINED);
	for (i = 4; i < 9000; i++)
		blob_add(&bl, ACL_TAG_USER, 4, (uint32_t)i);
	assert_int_equal(acl_parse(&a, bl.b, bl.n), -1);
	assert_string_equal(a.err, "too many entries");
	/* the largest allowed count parses */
	bl.n = 4 + 8 * (size_t)ACL_MAX_ENTRIES;
	assert_int_equal(acl_parse(&a, bl.b, bl.n), 0);
	assert_int_equal(a.count, ACL_MAX_ENTRIES);
	/* a length that is no whole number of entries */
	assert_int_equal(acl_parse(&a, bl.b, bl.n - 3), -1);
}

static void
test_malformed_entries(void **st)
{
	struct acl a;

	(void)st;
	/* unknown tag */
	minimal(&bl, 6, 0, 0);
	blob_add(&bl, 0x40, 4, 1);
	assert_int_equal(acl_parse(&a, bl.b, bl.n), -1);
	assert_string_equal(a.err, "unknown entry tag");
	/* perm beyond rwx */
	minimal(&bl, 6, 0, 8);
	assert_int_equal(acl_parse(&a, bl.b, bl.n), -1);
	/* two owners */
	minimal(&bl, 6, 0, 0);
	blob_add(&bl, ACL_TAG_USER_OBJ, 6, ACL_ID_UNDEFINED);
	assert_int_equal(acl_parse(&a, bl.b, bl.n), -1);
	/* no other */
	blob_init(&bl, 2);
	blob_add(&bl, ACL_TAG_USER_OBJ, 6, ACL_ID_UNDEFINED);
	blob_add(&bl, ACL_TAG_GROUP_OBJ, 0, ACL_ID_UNDEFINED);
	assert_int_equal(acl_parse(&a, bl.b, bl.n), -1);
	/* named entry without mask */
	minimal(&bl, 6, 0, 0);
	blob_add(&bl, ACL_TAG_USER, 4, 7);
	assert_int_equal(acl_parse(&a, bl.b, bl.n), -1);
	assert_string_equal(a.err, "named entries without a mask entry");
	/* a getter returns nothing after a failed parse */
	{
		struct acl_entry e;
		size_t at;
		uint32_t x;

		assert_int_equal(acl_get(&a, 0, &e), -1);
		assert_int_equal(acl_find_excess(&a, 0, 0, &at, &e, &x), -1);
	}
}

/* Real files: let the kernel encode the ACL, then decode it. */
static char tmpdir[64];

static int
make_file(char *path, size_t cap)
{
	int fd;

	snprintf(path, cap, "%s/f", tmpdir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "x", 1), 1);
	close(fd);
	return 0;
}

static ssize_t
read_xattr(const char *path, uint8_t *buf, size_t cap)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	assert_true(fd >= 0);
	n = fgetxattr(fd, "system.posix_acl_access", buf, cap);
	close(fd);
	return n;
}

static void
set_acl_or_skip(const char *path, const char *text)
{
	acl_t acl = acl_from_text(text);

	assert_non_null(acl);
	if (acl_set_file(path, ACL_TYPE_ACCESS, acl) != 0) {
		int e = errno;

		acl_free(acl);
		if (e == ENOTSUP)
			skip();
		fail_msg("acl_set_file: %s", strerror(e));
	}
	acl_free(acl);
}

static void
test_real_no_acl(void **st)
{
	char path[128];
	ssize_t n;

	(void)st;
	make_file(path, sizeof(path));
	n = read_xattr(path, bl.b, sizeof(bl.b));
	assert_int_equal(n, -1);
	assert_true(errno == ENODATA || errno == ENOTSUP);
	unlink(path);
}

static void
test_real_named_user(void **st)
{
	char path[128];
	struct acl a;
	struct acl_entry e;
	size_t at;
	uint32_t x;
	ssize_t n;

	(void)st;
	make_file(path, sizeof(path));
	set_acl_or_skip(path, "u::rw-,u:65534:r--,g::---,m::r--,o::---");
	n = read_xattr(path, bl.b, sizeof(bl.b));
	assert_true(n > 0);
	assert_int_equal(acl_parse(&a, bl.b, (size_t)n), 0);
	assert_int_equal(a.count, 5);
	assert_int_equal(acl_is_extended(&a), 1);
	assert_int_equal(acl_find_excess(&a, 0, 0, &at, &e, &x), 1);
	assert_int_equal(e.tag, ACL_TAG_USER);
	assert_int_equal(e.id, 65534);
	assert_int_equal(x, 4);
	unlink(path);
}

static void
test_real_masked_group(void **st)
{
	char path[128];
	struct acl a;
	struct acl_entry e;
	size_t at;
	uint32_t x;
	ssize_t n;

	(void)st;
	make_file(path, sizeof(path));
	set_acl_or_skip(path, "u::rw-,g::r--,g:65534:rwx,m::---,o::---");
	n = read_xattr(path, bl.b, sizeof(bl.b));
	assert_true(n > 0);
	assert_int_equal(acl_parse(&a, bl.b, (size_t)n), 0);
	assert_int_equal(acl_is_extended(&a), 1);
	assert_int_equal(a.has_mask, 1);
	assert_int_equal(a.mask, 0);
	assert_int_equal(acl_find_excess(&a, 0, 0, &at, &e, &x), 0);
	unlink(path);
}

static int
setup(void **st)
{
	(void)st;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/signoff-acl.XXXXXX");
	return mkdtemp(tmpdir) == NULL ? -1 : 0;
}

static int
teardown(void **st)
{
	(void)st;
	return rmdir(tmpdir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_acl),
		cmocka_unit_test(test_minimal),
		cmocka_unit_test(test_named_user),
		cmocka_unit_test(test_named_group_masked),
		cmocka_unit_test(test_foreign),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_wrong_version),
		cmocka_unit_test(test_huge_count),
		cmocka_unit_test(test_malformed_entries),
		cmocka_unit_test(test_real_no_acl),
		cmocka_unit_test(test_real_named_user),
		cmocka_unit_test(test_real_masked_group),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
