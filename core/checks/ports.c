/*
 * ports.c - `signoff-core check ports [--must-be-free PORT,...]`: the
 * ports a deployment needs are free (nothing listens on them, on any
 * address), and which sockets listen on non-loopback addresses.
 *
 * prepare() (root): /proc/net/{tcp,tcp6,udp,udp6} and the socket owners
 * (/proc/PID/fd, /proc/PID/comm) into memory.  run() (confined): the
 * pure parser (parse/procnet.c) and the verdicts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "netread.h"
#include "socklist.h"

#define FREE_MAX	64

struct ports_state {
	struct netread nr;
	struct sl_sock *socks;
	size_t cap;
	uint16_t want[FREE_MAX];
	size_t n_want;
};

static int
usage_err(const char *what, const char *arg)
{
	fprintf(stderr, "signoff-core check ports: %s%s%s\n", what,
	    arg ? ": " : "", arg ? arg : "");
	fprintf(stderr, "usage: signoff-core check ports "
	    "[--must-be-free PORT,...]\n");
	return 2;
}

static void
state_free(struct ports_state *s)
{
	if (s == NULL)
		return;
	netread_free(&s->nr);
	free(s->socks);
	free(s);
}

static int
ports_prepare(int argc, char **argv, const struct item_meta *m,
    void **state, struct sandbox_req *req)
{
	struct ports_state *s;
	int i, rc = 3;

	(void)m;
	(void)req;
	*state = NULL;
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return 3;
	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--must-be-free") == 0 && i + 1 < argc) {
			if (port_list(argv[i + 1], s->want, FREE_MAX,
			    &s->n_want) != 0) {
				rc = usage_err("--must-be-free wants 1-64 ports "
				    "1..65535, comma-separated", argv[i + 1]);
				goto out;
			}
			i++;
		} else {
			rc = usage_err("unknown argument", argv[i]);
			goto out;
		}
	}
	if (check_dry_run) {	/* check.h: arguments only, nothing read */
		rc = 0;
		goto out;
	}
	if (netread_sockets(&s->nr) != 0)
		goto out;
	s->cap = socklist_cap(&s->nr);
	if ((s->socks = calloc(s->cap, sizeof(*s->socks))) == NULL)
		goto out;
	*state = s;
	s = NULL;
	rc = 0;
out:
	state_free(s);
	return rc;
}

static int
ports_run(void *state, const struct item_meta *im, struct out *o)
{
	struct ports_state *s = state;
	size_t ns, bad = 0, i, k;
	char addr[80], own[64], subj[32], cnt[24];
	struct rec_ev ev[2];
	struct txt msg;
	int rc = 3;

	if (s == NULL)
		return 3;
	if (s->nr.proc_ok[0] <= 0 && s->nr.proc_ok[1] <= 0) {
		rc = check_emit(o, im, ST_ERROR, "sockets",
		    "cannot read /proc/net/tcp "
		    "or /proc/net/tcp6", NULL, 0, 0, NULL, 0) == 0 ? 0 : 3;
		goto out;
	}
	ns = socklist_build(&s->nr, s->socks, s->cap, &bad);
	if (bad > 0) {
		snprintf(cnt, sizeof(cnt), "%zu", bad);
		ev[0].key = "bad_lines";
		ev[0].val = cnt;
		ev[0].val_len = strlen(cnt);
		if (check_emit(o, im, ST_ERROR, "sockets",
		    "lines of /proc/net could "
		    "not be parsed: the port list may be incomplete", NULL, 0, 0, ev, 1))
			goto out;
	}
	for (i = 0; i < s->n_want; i++) {
		int used = 0;

		txt_init(&msg);
		for (k = 0; k < ns; k++) {
			const struct sl_sock *so = &s->socks[k];

			if (so->s.port != s->want[i])
				continue;
			used = 1;
			socklist_addr(so, addr, sizeof(addr));
			socklist_owner(so, own, sizeof(own));
			txt_add(&msg, "; ", "in use: %s listens on %s (%s)",
			    so->proto == 6 ? "tcp" : "udp", addr, own);
		}
		if (!used)
			txt_add(&msg, NULL, "free: nothing listens on it (tcp or "
			    "udp, any address)");
		snprintf(subj, sizeof(subj), "port %u", (unsigned)s->want[i]);
		ev[0].key = "in_use";
		ev[0].val = used ? "yes" : "no";
		ev[0].val_len = strlen(ev[0].val);
		if (check_emit(o, im, used ? ST_FAIL : ST_PASS, subj, msg.b,
		    NULL, 0, 0, ev, 1))
			goto out;
	}
	/* The listeners strangers could try: non-loopback addresses. */
	txt_init(&msg);
	for (k = 0, i = 0; k < ns; k++) {
		const struct sl_sock *so = &s->socks[k];

		if (pn_is_loopback(&so->s))
			continue;
		socklist_addr(so, addr, sizeof(addr));
		socklist_owner(so, own, sizeof(own));
		txt_add(&msg, ", ", "%s %s %s", so->proto == 6 ? "tcp" : "udp",
		    addr, own);
		i++;
	}
	snprintf(cnt, sizeof(cnt), "%zu", i);
	ev[0].key = "non_loopback";
	ev[0].val = cnt;
	ev[0].val_len = strlen(cnt);
	{
		struct txt all;

		txt_init(&all);
		txt_add(&all, NULL, "%zu socket%s listen%s on non-loopback "
		    "addresses%s%s", i, i == 1 ? "" : "s", i == 1 ? "s" : "",
		    i ? ": " : "", i ? msg.b : "");
		if (check_emit(o, im, ST_PASS, "listeners", all.b, NULL, 0, 0,
		    ev, 1) != 0)
			goto out;
	}
	rc = 0;
out:
	state_free(s);
	return rc;
}

const struct check_def check_ports = {
	.name = "ports",
	.summary = "the ports a deployment needs are free; which sockets "
	    "listen on non-loopback addresses",
	.usage = "[--must-be-free PORT,...]",
	.explain =
	    "What: reads the kernel's socket tables (/proc/net/tcp, tcp6, "
	    "udp, udp6) and the owning processes (/proc/PID/fd).  Every port "
	    "of --must-be-free must have no TCP listener and no unconnected "
	    "UDP socket on any address, loopback included (the service "
	    "about to be deployed could not bind it); a port in use is a "
	    "failure naming the address and the process.  The sockets "
	    "listening on non-loopback addresses are listed.\n\n"
	    "Why: a deployment whose port is taken fails at start, or "
	    "worse, clients talk to the old process.\n\n"
	    "How to fix: stop or reconfigure the named process (ss -ltnup "
	    "shows the same), or move the new service to another port.",
	.prepare = ports_prepare,
	.run = ports_run,
};
