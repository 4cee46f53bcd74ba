/*
 * passwd.c - see passwd.h.  Lines are name:pw:uid:gid:gecos:home:shell
 * in /etc/passwd, name:pw:gid:members in /etc/group.
 */
#include "passwd.h"

static int
field_uint(const char *p, size_t n, uint32_t *v)
{
	uint64_t x = 0;
	size_t i;

	if (n == 0 || n > 10)
		return -1;
	for (i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		x = x * 10 + (uint64_t)(p[i] - '0');
	}
	if (x > 0xfffffffeu)
		return -1;
	*v = (uint32_t)x;
	return 0;
}

int
passwd_find(const char *buf, size_t n, const char *name, size_t nlen,
    uint32_t *uid, uint32_t *gid)
{
	size_t pos = 0;

	if (nlen == 0)
		return -1;
	while (pos < n) {
		size_t end = pos, f[4], nf = 0, i;

		while (end < n && buf[end] != '\n')
			end++;
		/* Offsets of the first four ':' on this line. */
		for (i = pos; i < end && nf < 4; i++)
			if (buf[i] == ':')
				f[nf++] = i;
		if (nf == 4 && f[0] - pos == nlen) {
			size_t j = 0;

			while (j < nlen && buf[pos + j] == name[j])
				j++;
			if (j == nlen) {
				if (field_uint(buf + f[1] + 1, f[2] - f[1] - 1, uid) ||
				    field_uint(buf + f[2] + 1, f[3] - f[2] - 1, gid))
					return -1;
				return 0;
			}
		}
		pos = end + 1;
	}
	return -1;
}

/* Offsets of the first three ':' of the line [pos, end); 0 or -1. */
static int
group_line(const char *buf, size_t pos, size_t end, size_t f[3])
{
	size_t i, nf = 0;

	for (i = pos; i < end && nf < 3; i++)
		if (buf[i] == ':')
			f[nf++] = i;
	return nf == 3 ? 0 : -1;
}

int
group_find(const char *buf, size_t n, const char *name, size_t nlen,
    uint32_t *gid)
{
	size_t pos = 0;

	if (nlen == 0)
		return -1;
	while (pos < n) {
		size_t end = pos, f[3];

		while (end < n && buf[end] != '\n')
			end++;
		if (group_line(buf, pos, end, f) == 0 && f[0] - pos == nlen) {
			size_t j = 0;

			while (j < nlen && buf[pos + j] == name[j])
				j++;
			if (j == nlen)
				return field_uint(buf + f[1] + 1,
				    f[2] - f[1] - 1, gid);
		}
		pos = end + 1;
	}
	return -1;
}

int
group_name(const char *buf, size_t n, uint32_t gid, size_t *off, size_t *len)
{
	size_t pos = 0;

	while (pos < n) {
		size_t end = pos, f[3];
		uint32_t g;

		while (end < n && buf[end] != '\n')
			end++;
		if (group_line(buf, pos, end, f) == 0 && f[0] > pos &&
		    field_uint(buf + f[1] + 1, f[2] - f[1] - 1, &g) == 0 &&
		    g == gid) {
			*off = pos;
			*len = f[0] - pos;
			return 0;
		}
		pos = end + 1;
	}
	return -1;
}
