/*
 * landlock.c - Landlock, probed by ABI, defined here from the kernel's UAPI
 * (Debian 12's <linux/landlock.h> stops at the 6.1 kernel: ABI 2).
 *
 * Everything the ABI can restrict is handled; the only rules added are
 * read-only access beneath the descriptors the check opened while
 * privileged.  TCP is denied (ABI >= 4) unless the profile has @net yes;
 * abstract unix sockets and signals are scoped (ABI >= 6).
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "landlock.h"

#ifndef __NR_landlock_create_ruleset
#define __NR_landlock_create_ruleset 444
#define __NR_landlock_add_rule 445
#define __NR_landlock_restrict_self 446
#endif

#define LL_CREATE_RULESET_VERSION	(1u << 0)
#define LL_RULE_PATH_BENEATH		1
#define LL_RULE_NET_PORT		2	/* ABI 4 */

#define LL_FS_EXECUTE		(1ull << 0)
#define LL_FS_WRITE_FILE	(1ull << 1)
#define LL_FS_READ_FILE		(1ull << 2)
#define LL_FS_READ_DIR		(1ull << 3)
#define LL_FS_REMOVE_DIR	(1ull << 4)
#define LL_FS_REMOVE_FILE	(1ull << 5)
#define LL_FS_MAKE_CHAR		(1ull << 6)
#define LL_FS_MAKE_DIR		(1ull << 7)
#define LL_FS_MAKE_REG		(1ull << 8)
#define LL_FS_MAKE_SOCK		(1ull << 9)
#define LL_FS_MAKE_FIFO		(1ull << 10)
#define LL_FS_MAKE_BLOCK	(1ull << 11)
#define LL_FS_MAKE_SYM		(1ull << 12)
#define LL_FS_REFER		(1ull << 13)	/* ABI 2 */
#define LL_FS_TRUNCATE		(1ull << 14)	/* ABI 3 */
#define LL_FS_IOCTL_DEV		(1ull << 15)	/* ABI 5 */
#define LL_NET_BIND_TCP		(1ull << 0)	/* ABI 4 */
#define LL_NET_CONNECT_TCP	(1ull << 1)	/* ABI 4 */
#define LL_SCOPE_ABSTRACT_UNIX	(1ull << 0)	/* ABI 6 */
#define LL_SCOPE_SIGNAL		(1ull << 1)	/* ABI 6 */

struct ll_ruleset_attr {
	uint64_t handled_access_fs;
	uint64_t handled_access_net;
	uint64_t scoped;
};

struct ll_path_beneath_attr {
	uint64_t allowed_access;
	int32_t parent_fd;
} __attribute__((packed));

struct ll_net_port_attr {
	uint64_t allowed_access;
	uint64_t port;
};

int
landlock_abi(void)
{
	long v = syscall(__NR_landlock_create_ruleset, NULL, 0,
	    LL_CREATE_RULESET_VERSION);

	return v < 0 ? 0 : (int)v;
}

int
landlock_apply(int abi, int net_allowed, const int *ro_fds, int n_ro)
{
	return landlock_apply_ports(abi, net_allowed, ro_fds, n_ro, NULL, 0);
}

int
landlock_apply_ports(int abi, int net_allowed, const int *ro_fds, int n_ro,
    const uint16_t *ports, int n_ports)
{
	struct ll_ruleset_attr ra;
	uint64_t ro = LL_FS_READ_FILE | LL_FS_READ_DIR;
	int rs, i, rc = -1;

	if (abi <= 0)
		return -1;
	memset(&ra, 0, sizeof(ra));
	ra.handled_access_fs = LL_FS_EXECUTE | LL_FS_WRITE_FILE |
	    LL_FS_READ_FILE | LL_FS_READ_DIR | LL_FS_REMOVE_DIR |
	    LL_FS_REMOVE_FILE | LL_FS_MAKE_CHAR | LL_FS_MAKE_DIR |
	    LL_FS_MAKE_REG | LL_FS_MAKE_SOCK | LL_FS_MAKE_FIFO |
	    LL_FS_MAKE_BLOCK | LL_FS_MAKE_SYM;
	if (abi >= 2)
		ra.handled_access_fs |= LL_FS_REFER;
	if (abi >= 3)
		ra.handled_access_fs |= LL_FS_TRUNCATE;
	if (abi >= 5)
		ra.handled_access_fs |= LL_FS_IOCTL_DEV;
	if (abi >= 4 && !net_allowed)
		ra.handled_access_net = LL_NET_BIND_TCP | LL_NET_CONNECT_TCP;
	if (abi >= 4 && net_allowed && n_ports > 0)
		ra.handled_access_net = LL_NET_BIND_TCP | LL_NET_CONNECT_TCP;
	if (abi >= 6)
		ra.scoped = LL_SCOPE_ABSTRACT_UNIX | LL_SCOPE_SIGNAL;

	rs = (int)syscall(__NR_landlock_create_ruleset, &ra, sizeof(ra), 0);
	if (rs < 0)
		return -1;
	for (i = 0; i < n_ro; i++) {
		struct ll_path_beneath_attr pb;

		pb.allowed_access = ro;
		pb.parent_fd = ro_fds[i];
		if (syscall(__NR_landlock_add_rule, rs, LL_RULE_PATH_BENEATH,
		    &pb, 0) != 0) {
			/* A regular file may only carry file rights. */
			pb.allowed_access = LL_FS_READ_FILE;
			if (syscall(__NR_landlock_add_rule, rs,
			    LL_RULE_PATH_BENEATH, &pb, 0) != 0)
				goto out;
		}
	}
	for (i = 0; ra.handled_access_net != 0 && net_allowed && i < n_ports;
	    i++) {
		struct ll_net_port_attr np;

		np.allowed_access = LL_NET_CONNECT_TCP;
		np.port = ports[i];
		if (syscall(__NR_landlock_add_rule, rs, LL_RULE_NET_PORT, &np,
		    0) != 0)
			goto out;
	}
	if (syscall(__NR_landlock_restrict_self, rs, 0) != 0)
		goto out;
	rc = 0;
out:
	close(rs);
	return rc;
}
