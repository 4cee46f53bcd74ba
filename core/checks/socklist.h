/*
 * socklist.h - listening sockets from the /proc/net buffers netread took,
 * with their owners, for the firewall and ports checks (confined half).
 */
#ifndef SIGNOFF_SOCKLIST_H
#define SIGNOFF_SOCKLIST_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "netread.h"
#include "parse/procnet.h"

struct sl_sock {
	struct pn_sock s;
	uint8_t proto;			/* 6 tcp, 17 udp */
	const struct nr_owner *own;	/* NULL: unknown */
};

/* An upper bound of the sockets in r (line count), for allocation. */
size_t socklist_cap(const struct netread *r);
/* TCP sockets in LISTEN and unconnected UDP sockets.  *bad counts lines
 * that did not parse.  Returns the count (at most cap). */
size_t socklist_build(const struct netread *r, struct sl_sock *out,
    size_t cap, size_t *bad);
/* "0.0.0.0:5432", "[::]:5432" */
void socklist_addr(const struct sl_sock *s, char *buf, size_t cap);
/* "postgres (pid 812)" or "owner unknown" */
void socklist_owner(const struct sl_sock *s, char *buf, size_t cap);

/* A bounded message: parts joined with sep, truncated with "...". */
struct txt {
	char b[4096];
	size_t n;
	int parts;
};
void txt_init(struct txt *t);
void txt_add(struct txt *t, const char *sep, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Parses "5432,6379" or "5432 6379" (1..65535, at most max ports). */
int port_list(const char *s, uint16_t *out, size_t max, size_t *n);

#endif
