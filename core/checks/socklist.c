/*
 * socklist.c - listening sockets and their owners (socklist.h).
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "socklist.h"

size_t
socklist_cap(const struct netread *r)
{
	size_t n = 0, i, k;

	for (k = 0; k < 4; k++)
		for (i = 0; i < r->proc[k].n; i++)
			if (r->proc[k].p[i] == '\n')
				n++;
	return n + 4;
}

static const struct nr_owner *
owner_of(const struct netread *r, uint64_t inode)
{
	size_t i;

	if (inode == 0)
		return NULL;
	for (i = 0; i < r->n_own; i++)
		if (r->own[i].inode == inode)
			return &r->own[i];
	return NULL;
}

size_t
socklist_build(const struct netread *r, struct sl_sock *out, size_t cap,
    size_t *bad)
{
	size_t n = 0, k;

	*bad = 0;
	for (k = 0; k < 4; k++) {
		const uint8_t *p = r->proc[k].p;
		size_t len = r->proc[k].n, i = 0, line = 0;

		while (i < len) {
			size_t j = i;
			struct pn_sock s;

			while (j < len && p[j] != '\n')
				j++;
			if (line++ > 0 && j > i) {
				if (pn_line(p + i, j - i, k == 1 || k == 3, &s) != 0)
					(*bad)++;
				else if ((k < 2 && s.state == PN_TCP_LISTEN) ||
				    (k >= 2 && s.state == PN_UDP_CLOSE)) {
					if (n < cap) {
						out[n].s = s;
						out[n].proto = k < 2 ? 6 : 17;
						out[n].own = owner_of(r, s.inode);
						n++;
					}
				}
			}
			i = j + 1;
		}
	}
	return n;
}

void
socklist_addr(const struct sl_sock *s, char *buf, size_t cap)
{
	char a[INET6_ADDRSTRLEN];

	if (inet_ntop(s->s.v6 ? AF_INET6 : AF_INET, s->s.addr, a,
	    sizeof(a)) == NULL)
		snprintf(a, sizeof(a), "?");
	if (s->s.v6)
		snprintf(buf, cap, "[%s]:%u", a, (unsigned)s->s.port);
	else
		snprintf(buf, cap, "%s:%u", a, (unsigned)s->s.port);
}

void
socklist_owner(const struct sl_sock *s, char *buf, size_t cap)
{
	if (s->own == NULL)
		snprintf(buf, cap, "owner unknown");
	else
		snprintf(buf, cap, "%s (pid %u)",
		    s->own->comm[0] ? s->own->comm : "?",
		    (unsigned)s->own->pid);
}

void
txt_init(struct txt *t)
{
	t->n = 0;
	t->parts = 0;
	t->b[0] = '\0';
}

void
txt_add(struct txt *t, const char *sep, const char *fmt, ...)
{
	va_list ap;
	int k;

	if (t->n + 8 >= sizeof(t->b))
		return;
	if (t->parts > 0 && sep != NULL) {
		size_t sl = strlen(sep);

		if (t->n + sl + 8 >= sizeof(t->b))
			return;
		memcpy(t->b + t->n, sep, sl);
		t->n += sl;
		t->b[t->n] = '\0';
	}
	va_start(ap, fmt);
	k = vsnprintf(t->b + t->n, sizeof(t->b) - t->n, fmt, ap);
	va_end(ap);
	if (k < 0)
		k = 0;
	if ((size_t)k >= sizeof(t->b) - t->n) {
		t->n = sizeof(t->b) - 4;
		memcpy(t->b + t->n, "...", 4);
		t->n += 3;
	} else
		t->n += (size_t)k;
	t->parts++;
}

int
port_list(const char *s, uint16_t *out, size_t max, size_t *n)
{
	*n = 0;
	while (*s != '\0') {
		char *end;
		unsigned long v;

		if (*s == ',' || *s == ' ') {
			s++;
			continue;
		}
		if (*s < '0' || *s > '9')
			return -1;
		v = strtoul(s, &end, 10);
		if (v == 0 || v > 65535 || (*end != '\0' && *end != ',' &&
		    *end != ' ') || *n >= max)
			return -1;
		out[(*n)++] = (uint16_t)v;
		s = end;
	}
	return *n > 0 ? 0 : -1;
}
