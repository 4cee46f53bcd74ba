/* test_perm.c - the permission verdicts of the secrets check (parse/perm.c). */
#include "testutil.h"

#include <sys/stat.h>

#include "parse/perm.h"

struct file_case {
	uint32_t mode;		/* permission bits of the file */
	uint32_t allowed;	/* --mode */
	uint32_t excess;	/* expected bits outside */
};

static const struct file_case file_cases[] = {
	/* default --mode 0600 */
	{ 0600, 0600, 0 },
	{ 0400, 0600, 0 },
	{ 0200, 0600, 0 },
	{ 0000, 0600, 0 },
	{ 0644, 0600, 0044 },
	{ 0444, 0600, 0044 },
	{ 0640, 0600, 0040 },
	{ 0660, 0600, 0060 },
	{ 0622, 0600, 0022 },
	{ 0077, 0600, 0077 },
	{ 0700, 0600, 0100 },
	{ 04600, 0600, 04000 },
	{ 02600, 0600, 02000 },
	{ 01600, 0600, 01000 },
	{ 07777, 0600, 07177 },
	/* --mode 0640 */
	{ 0640, 0640, 0 },
	{ 0440, 0640, 0 },
	{ 0600, 0640, 0 },
	{ 0660, 0640, 0020 },
	{ 0644, 0640, 0004 },
	{ 02640, 0640, 02000 },
	/* --mode 0400 */
	{ 0600, 0400, 0200 },
	{ 0400, 0400, 0 },
	/* --mode 0000 */
	{ 0400, 0000, 0400 },
	/* --mode 0777 still rejects the special bits */
	{ 0777, 0777, 0 },
	{ 04777, 0777, 04000 },
};

static void
test_file_excess_table(void **st)
{
	size_t i;

	(void)st;
	for (i = 0; i < sizeof(file_cases) / sizeof(file_cases[0]); i++) {
		const struct file_case *c = &file_cases[i];

		/* with and without the file type bits */
		assert_int_equal(perm_file_excess(c->mode, c->allowed), c->excess);
		assert_int_equal(perm_file_excess(c->mode | S_IFREG, c->allowed),
		    c->excess);
	}
}

static void
test_file_verdicts_default(void **st)
{
	static const uint32_t pass[] = { 0600, 0400 };
	static const uint32_t fail[] = { 0644, 0444, 0640, 0660, 0622, 0077,
	    04600 };
	size_t i;

	(void)st;
	for (i = 0; i < sizeof(pass) / sizeof(pass[0]); i++)
		assert_int_equal(perm_file_excess(pass[i], PERM_DEFAULT), 0);
	for (i = 0; i < sizeof(fail) / sizeof(fail[0]); i++)
		assert_int_not_equal(perm_file_excess(fail[i], PERM_DEFAULT), 0);
}

static void
test_allowed_valid(void **st)
{
	(void)st;
	assert_int_equal(perm_allowed_valid(0), 1);
	assert_int_equal(perm_allowed_valid(0600), 1);
	assert_int_equal(perm_allowed_valid(0777), 1);
	assert_int_equal(perm_allowed_valid(01000), 0);
	assert_int_equal(perm_allowed_valid(04600), 0);
	assert_int_equal(perm_allowed_valid(0xffffffffu), 0);
}

static void
test_dir_allowed(void **st)
{
	(void)st;
	assert_int_equal(perm_dir_allowed(0600), 0700);
	assert_int_equal(perm_dir_allowed(0400), 0700);
	assert_int_equal(perm_dir_allowed(0000), 0700);
	assert_int_equal(perm_dir_allowed(0640), 0750);
	/* issue 6, hole 9: only READ for a class opens the directory to it */
	assert_int_equal(perm_dir_allowed(0620), 0700);
	assert_int_equal(perm_dir_allowed(0610), 0700);
	assert_int_equal(perm_dir_allowed(0602), 0700);
	assert_int_equal(perm_dir_allowed(0660), 0750);
	assert_int_equal(perm_dir_allowed(0606), 0705);
	assert_int_equal(perm_dir_allowed(0604), 0705);
	assert_int_equal(perm_dir_allowed(0644), 0755);
	assert_int_equal(perm_dir_allowed(0777), 0755);
}

static void
test_dir_excess(void **st)
{
	(void)st;
	/* --mode 0600: no group/other bits at all */
	assert_int_equal(perm_dir_excess(S_IFDIR | 0700, 0600), 0);
	assert_int_equal(perm_dir_excess(S_IFDIR | 0500, 0600), 0);
	assert_int_equal(perm_dir_excess(S_IFDIR | 0710, 0600), 0010);
	assert_int_equal(perm_dir_excess(S_IFDIR | 0750, 0600), 0050);
	assert_int_equal(perm_dir_excess(S_IFDIR | 0755, 0600), 0055);
	assert_int_equal(perm_dir_excess(S_IFDIR | 0777, 0600), 0077);
	/* --mode 0640: 0710 and 0750 pass, group write does not */
	assert_int_equal(perm_dir_excess(S_IFDIR | 0710, 0640), 0);
	assert_int_equal(perm_dir_excess(S_IFDIR | 0750, 0640), 0);
	assert_int_equal(perm_dir_excess(S_IFDIR | 0770, 0640), 0020);
	assert_int_equal(perm_dir_excess(S_IFDIR | 0751, 0640), 0001);
	/* --mode 0620 / 0602: no read for the class, no r-x on the dir */
	assert_int_equal(perm_dir_excess(S_IFDIR | 0750, 0620), 0050);
	assert_int_equal(perm_dir_excess(S_IFDIR | 0705, 0602), 0005);
	/* --mode 0644: other r-x too */
	assert_int_equal(perm_dir_excess(S_IFDIR | 0755, 0644), 0);
	assert_int_equal(perm_dir_excess(S_IFDIR | 0757, 0644), 0002);
	/* setuid/setgid never; sticky tolerated */
	assert_int_equal(perm_dir_excess(S_IFDIR | 02700, 0600), 02000);
	assert_int_equal(perm_dir_excess(S_IFDIR | 04700, 0600), 04000);
	assert_int_equal(perm_dir_excess(S_IFDIR | 01700, 0600), 0);
}

static void
test_owner(void **st)
{
	(void)st;
	assert_int_equal(perm_owner_ok(0, 0), 1);
	assert_int_equal(perm_owner_ok(0, 1000), 1);
	assert_int_equal(perm_owner_ok(1000, 1000), 1);
	assert_int_equal(perm_owner_ok(1000, 0), 0);
	assert_int_equal(perm_owner_ok(65534, 1000), 0);
}

static void
test_ancestor(void **st)
{
	(void)st;
	assert_int_equal(perm_ancestor_ok(S_IFDIR | 0755, 0, 0), 1);
	assert_int_equal(perm_ancestor_ok(S_IFDIR | 0700, 0, 0), 1);
	assert_int_equal(perm_ancestor_ok(S_IFDIR | 0711, 0, 0), 1);
	/* sticky, world-writable (/tmp) is fine */
	assert_int_equal(perm_ancestor_ok(S_IFDIR | 01777, 0, 0), 1);
	assert_int_equal(perm_ancestor_ok(S_IFDIR | 01775, 0, 0), 1);
	/* writable by group or other without sticky is not */
	assert_int_equal(perm_ancestor_ok(S_IFDIR | 0777, 0, 0), 0);
	assert_int_equal(perm_ancestor_ok(S_IFDIR | 0775, 0, 0), 0);
	assert_int_equal(perm_ancestor_ok(S_IFDIR | 0757, 0, 0), 0);
	assert_int_equal(perm_ancestor_ok(S_IFDIR | 0770, 0, 0), 0);
	/* owner: root or --owner only */
	assert_int_equal(perm_ancestor_ok(S_IFDIR | 0755, 1000, 0), 0);
	assert_int_equal(perm_ancestor_ok(S_IFDIR | 0755, 1000, 1000), 1);
	assert_int_equal(perm_ancestor_ok(S_IFDIR | 01777, 1000, 0), 0);
	assert_int_equal(perm_ancestor_ok(S_IFDIR | 0775, 1000, 1000), 0);
}

static void
test_acl_excess(void **st)
{
	(void)st;
	/* unmasked */
	assert_int_equal(perm_acl_excess(4, 0, 0, 0), 4);
	assert_int_equal(perm_acl_excess(7, 0, 0, 4), 3);
	assert_int_equal(perm_acl_excess(4, 0, 0, 4), 0);
	/* masked off */
	assert_int_equal(perm_acl_excess(7, 0, 1, 0), 0);
	assert_int_equal(perm_acl_excess(6, 4, 1, 0), 4);
	assert_int_equal(perm_acl_excess(6, 4, 1, 4), 0);
	/* bits above rwx are ignored */
	assert_int_equal(perm_acl_excess(0xfff8, 7, 1, 0), 0);
}

static void
test_type(void **st)
{
	(void)st;
	assert_int_equal(perm_type(S_IFREG | 0600), PERM_T_REGULAR);
	assert_int_equal(perm_type(S_IFDIR | 0700), PERM_T_DIRECTORY);
	assert_int_equal(perm_type(S_IFLNK | 0777), PERM_T_SYMLINK);
	assert_int_equal(perm_type(S_IFIFO | 0600), PERM_T_FIFO);
	assert_int_equal(perm_type(S_IFSOCK | 0600), PERM_T_SOCKET);
	assert_int_equal(perm_type(S_IFCHR | 0600), PERM_T_CHARDEV);
	assert_int_equal(perm_type(S_IFBLK | 0600), PERM_T_BLOCKDEV);
	assert_int_equal(perm_type(0600), PERM_T_UNKNOWN);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_file_excess_table),
		cmocka_unit_test(test_file_verdicts_default),
		cmocka_unit_test(test_allowed_valid),
		cmocka_unit_test(test_dir_allowed),
		cmocka_unit_test(test_dir_excess),
		cmocka_unit_test(test_owner),
		cmocka_unit_test(test_ancestor),
		cmocka_unit_test(test_acl_excess),
		cmocka_unit_test(test_type),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
