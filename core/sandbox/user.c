/*
 * user.c - resolves an account by reading /etc/passwd by hand.
 */
#include <errno.h>
#include <fcntl.h>
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
