/*
 * user.c - resolves an account by reading /etc/passwd by hand, and reads
 * /etc/group whole for group lookups (no NSS, never getgrnam).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../parse/passwd.h"
#include "sandbox.h"

#define PASSWD_MAX (4u << 20)

int
user_lookup(const char *name, uid_t *uid, gid_t *gid)
{
	static char buf[PASSWD_MAX];
	uint32_t u, g;
	size_t n = 0;
	char *end;
	int fd, rc = -1;

	if (name == NULL || name[0] == '\0')
		return -1;
	fd = open("/etc/passwd", O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY);
	if (fd >= 0) {
		while (n < sizeof(buf)) {
			ssize_t r = read(fd, buf + n, sizeof(buf) - n);
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				break;
			n += (size_t)r;
		}
		close(fd);
		if (passwd_find(buf, n, name, strlen(name), &u, &g) == 0) {
			*uid = (uid_t)u;
			*gid = (gid_t)g;
			rc = 0;
		}
	}
	if (rc != 0 && name[0] >= '0' && name[0] <= '9') {
		/* A numeric uid not in /etc/passwd: its group is the same number. */
		unsigned long v;

		errno = 0;
		v = strtoul(name, &end, 10);
		if (errno == 0 && *end == '\0' && v < 0xffffffffUL) {
			*uid = (uid_t)v;
			*gid = (gid_t)v;
			rc = 0;
		}
	}
	return rc;
}

char *
group_file_read(const char *root, size_t *len)
{
	char *buf;
	size_t n = 0;
	int fd = -1;

	*len = 0;
	if ((buf = malloc(PASSWD_MAX)) == NULL)
		return NULL;
	if (root == NULL || strcmp(root, "/") == 0)
		fd = open("/etc/group",
		    O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY);
	else {
		/* An image's own /etc/group, its links kept inside it. */
		struct open_how how;
		int rfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);

		if (rfd >= 0) {
			memset(&how, 0, sizeof(how));
			how.flags = O_RDONLY | O_CLOEXEC | O_NOCTTY;
			how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
			fd = (int)syscall(SYS_openat2, rfd, "etc/group", &how,
			    sizeof(how));
			close(rfd);
		}
	}
	if (fd >= 0) {
		while (n < PASSWD_MAX) {
			ssize_t r = read(fd, buf + n, PASSWD_MAX - n);

			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				break;
			n += (size_t)r;
		}
		close(fd);
	}
	*len = n;
	return buf;
}
