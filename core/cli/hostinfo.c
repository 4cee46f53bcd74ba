/*
 * hostinfo.c - what the report header says about the host, gathered before
 * the renderer's sandbox: uname(2) and PRETTY_NAME from os-release.  All
 * values are stored escaped (renderers take escaped text).
 */
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "../parse/escape.h"
#include "cli.h"

static void
put(char *dst, size_t cap, const char *src, size_t n)
{
	size_t w = escape_field((const uint8_t *)src, n, dst, cap - 1);

	if (w == SIZE_MAX) {
		/* Too long: keep a shorter escaped prefix. */
		n = (cap - 1) / 4;
		w = escape_field((const uint8_t *)src, n, dst, cap - 1);
		if (w == SIZE_MAX)
			w = 0;
	}
	dst[w] = '\0';
}

void
hostinfo_gather(struct host_info *h)
{
	struct utsname u;
	static char buf[8192];
	ssize_t n = 0;
	int fd;

	memset(h, 0, sizeof(*h));
	/* The width the human report wraps at when stdout is a terminal
	 * (the ioctl is not allowed once the renderer is confined). */
	{
		struct winsize ws;

		if (ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40)
			h->term_cols = ws.ws_col;
	}
	if (uname(&u) == 0) {
		put(h->hostname, sizeof(h->hostname), u.nodename, strlen(u.nodename));
		put(h->kernel, sizeof(h->kernel), u.release, strlen(u.release));
		put(h->machine, sizeof(h->machine), u.machine, strlen(u.machine));
	}
	fd = open("/etc/os-release", O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		fd = open("/usr/lib/os-release", O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd >= 0) {
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
	}
	if (n > 0) {
		char *p = buf, *end = buf + n;

		while (p < end) {
			char *eol = memchr(p, '\n', (size_t)(end - p));

			if (eol == NULL)
				eol = end;
			if ((size_t)(eol - p) > 12 &&
			    memcmp(p, "PRETTY_NAME=", 12) == 0) {
				char *v = p + 12, *ve = eol;

				if (ve > v && (*v == '"' || *v == '\'')) {
					v++;
					if (ve > v && (ve[-1] == '"' || ve[-1] == '\''))
						ve--;
				}
				put(h->os, sizeof(h->os), v, (size_t)(ve - v));
				break;
			}
			p = eol + 1;
		}
	}
}

void
format_rfc3339(int64_t t, char *dst, size_t cap)
{
	struct tm tm;
	time_t tt = (time_t)t;
	int v[6], i;
	char *p = dst;

	if (cap < 21 || gmtime_r(&tt, &tm) == NULL) {
		if (cap > 0)
			dst[0] = '\0';
		return;
	}
	v[0] = tm.tm_year + 1900;
	v[1] = tm.tm_mon + 1;
	v[2] = tm.tm_mday;
	v[3] = tm.tm_hour;
	v[4] = tm.tm_min;
	v[5] = tm.tm_sec;
	*p++ = (char)('0' + v[0] / 1000 % 10);
	*p++ = (char)('0' + v[0] / 100 % 10);
	*p++ = (char)('0' + v[0] / 10 % 10);
	*p++ = (char)('0' + v[0] % 10);
	for (i = 1; i < 6; i++) {
		*p++ = i == 1 || i == 2 ? '-' : i == 3 ? 'T' : ':';
		*p++ = (char)('0' + v[i] / 10 % 10);
		*p++ = (char)('0' + v[i] % 10);
	}
	*p++ = 'Z';
	*p = '\0';
}
