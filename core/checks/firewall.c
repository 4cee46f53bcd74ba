/*
 * firewall.c - `signoff-core check firewall [--critical-ports LIST]
 * [--permissive warn|fail] [--ufw-conf FILE]`: is the host firewall
 * active and denying by default, per family, and which ports can a
 * stranger reach?
 *
 * prepare() (root, CAP_NET_ADMIN/CAP_NET_RAW): netread_firewall() takes
 * the nftables dump, the legacy tables, /proc/net and socket owners into
 * memory; the storage of the rule model and the evaluator's scratch are
 * allocated there too.  run() (confined, no capabilities, no files, no
 * allocation): nfmsg/iptentries decode, fweval decides, records out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "netread.h"
#include "parse/fweval.h"
#include "parse/iptentries.h"
#include "parse/nfmsg.h"
#include "socklist.h"

#define CRIT_MAX	64

struct fw_state {
	struct netread nr;
	struct fw_storage st;
	uint32_t *scratch;
	uint32_t scratch_cap;
	struct fw_work *w;
	struct fw_family_result *res;	/* [2] */
	struct sl_sock *socks;
	size_t cap_socks;
	uint16_t crit[CRIT_MAX];
	size_t n_crit;
	enum rec_status open_status;	/* permissive / inactive */
	const char *ufw_conf;
};

static int
usage_err(const char *what, const char *arg)
{
	fprintf(stderr, "signoff-core check firewall: %s%s%s\n", what,
	    arg ? ": " : "", arg ? arg : "");
	fprintf(stderr, "usage: signoff-core check firewall "
	    "[--critical-ports PORT,...] [--permissive warn|fail] "
	    "[--ufw-conf FILE]\n");
	return 2;
}

static void
state_free(struct fw_state *s)
{
	if (s == NULL)
		return;
	netread_free(&s->nr);
	free(s->st.chains);
	free(s->st.rules);
	free(s->st.exprs);
	free(s->st.sets);
	free(s->st.elems);
	free(s->st.names);
	free(s->scratch);
	free(s->w);
	free(s->res);
	free(s->socks);
	free(s);
}

static int
firewall_prepare(int argc, char **argv, const struct item_meta *m,
    void **state, struct sandbox_req *req)
{
	struct fw_state *s;
	size_t raw;
	int i, rc = 3;

	(void)m;
	(void)req;
	*state = NULL;
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return 3;
	s->open_status = ST_WARN;
	s->ufw_conf = "/etc/ufw/ufw.conf";
	for (i = 0; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(a, "--critical-ports") == 0 && v != NULL) {
			if (port_list(v, s->crit, CRIT_MAX, &s->n_crit) != 0) {
				rc = usage_err("--critical-ports wants 1-64 "
				    "ports 1..65535, comma-separated", v);
				goto out;
			}
			i++;
		} else if (strcmp(a, "--permissive") == 0 && v != NULL) {
			if (strcmp(v, "warn") == 0)
				s->open_status = ST_WARN;
			else if (strcmp(v, "fail") == 0)
				s->open_status = ST_FAIL;
			else {
				rc = usage_err("--permissive must be warn or fail", v);
				goto out;
			}
			i++;
		} else if (strcmp(a, "--ufw-conf") == 0 && v != NULL) {
			s->ufw_conf = v;
			i++;
		} else {
			rc = usage_err("unknown argument", a);
			goto out;
		}
	}
	if (check_dry_run) {	/* check.h: arguments only, nothing read */
		rc = 0;
		goto out;
	}
	if (netread_firewall(&s->nr, s->ufw_conf) != 0)
		goto out;
	/* Model storage, bounded by what was read. */
	raw = s->nr.nft.n + s->nr.ipt.n;
	s->st.cap_exprs = (uint32_t)(raw / 8 + 4096);
	s->st.cap_rules = (uint32_t)(raw / 24 + 1024);
	s->st.cap_chains = (uint32_t)(raw / 32 + 256);
	s->st.cap_sets = (uint32_t)(raw / 24 + 1024);
	s->st.cap_elems = (uint32_t)(raw / 8 + 1024);
	s->st.cap_names = raw + 4096;
	s->scratch_cap = (uint32_t)(s->nr.ipt.n / 112 + 16);
	s->st.chains = calloc(s->st.cap_chains, sizeof(*s->st.chains));
	s->st.rules = calloc(s->st.cap_rules, sizeof(*s->st.rules));
	s->st.exprs = calloc(s->st.cap_exprs, sizeof(*s->st.exprs));
	s->st.sets = calloc(s->st.cap_sets, sizeof(*s->st.sets));
	s->st.elems = calloc(s->st.cap_elems, sizeof(*s->st.elems));
	s->st.names = calloc(s->st.cap_names, 1);
	s->scratch = calloc((size_t)s->scratch_cap * 2, sizeof(uint32_t));
	s->w = calloc(1, sizeof(*s->w));
	s->res = calloc(2, sizeof(*s->res));
	s->cap_socks = socklist_cap(&s->nr);
	s->socks = calloc(s->cap_socks, sizeof(*s->socks));
	if (!s->st.chains || !s->st.rules || !s->st.exprs || !s->st.sets ||
	    !s->st.elems || !s->st.names || !s->scratch || !s->w ||
	    !s->res || !s->socks)
		goto out;
	*state = s;
	s = NULL;
	rc = 0;
out:
	state_free(s);
	return rc;
}

/* ---- run -------------------------------------------------------------- */

/* "22,80,443,1000-2000" (+ ", every unlisted port"), or "none". */
static void
ports_text(const struct fw_pset *p, char *buf, size_t cap)
{
	struct txt t;
	uint32_t i = 0;

	txt_init(&t);
	while (i < 65536) {
		uint32_t j;

		if (!fw_pset_has(p, i)) {
			i++;
			continue;
		}
		j = i;
		while (j + 1 < 65536 && fw_pset_has(p, j + 1))
			j++;
		if (j == i)
			txt_add(&t, ",", "%u", (unsigned)i);
		else
			txt_add(&t, ",", "%u-%u", (unsigned)i, (unsigned)j);
		i = j + 1;
	}
	if (fw_pset_has(p, FW_UNLISTED))
		txt_add(&t, ",", "every unlisted port");
	snprintf(buf, cap, "%s", t.parts ? t.b : "none");
}

static const char *
chain_family(const struct fw_chain *c)
{
	if (c->legacy)
		return c->nfproto == 10 ? "ip6tables-legacy" : "iptables-legacy";
	switch (c->nfproto) {
	case 1:
		return "inet";
	case 2:
		return "ip";
	case 10:
		return "ip6";
	default:
		return "?";
	}
}

static void
chain_text(const struct fw_model *m, uint32_t c, char *buf, size_t cap)
{
	const struct fw_chain *ch = &m->chains[c];

	snprintf(buf, cap, "%s %s %s", chain_family(ch),
	    fw_name(m, ch->table), fw_name(m, ch->name));
}

static void
rule_text(const struct fw_model *m, uint32_t r, char *buf, size_t cap)
{
	char cn[600];
	const struct fw_rule *ru = &m->rules[r];
	const char *what = "";
	uint32_t i;

	chain_text(m, ru->chain, cn, sizeof(cn));
	for (i = 0; i < ru->n; i++)
		if (m->exprs[ru->first + i].type == FX_OPAQUE)
			what = fw_name(m, m->exprs[ru->first + i].name);
	snprintf(buf, cap, "%s %s %llu%s%s%s", cn,
	    m->chains[ru->chain].legacy ? "rule" : "handle",
	    (unsigned long long)ru->handle, what[0] ? " (" : "", what,
	    what[0] ? ")" : "");
}

static const char *const verdict_word[] = { "inactive", "permissive",
	"active-deny" };

static int
family_record(struct fw_state *s, const struct fw_model *m, int v6,
    const struct item_meta *im, struct out *o)
{
	const struct fw_family_result *r = &s->res[v6];
	uint8_t fam = v6 ? FW_IPV6 : FW_IPV4;
	static char tcp[4096], udp[4096];
	struct txt msg, chains;
	struct rec_ev ev[5];
	char nch[16], cn[600];
	enum rec_status st;
	uint32_t c;

	ports_text(&r->tcp, tcp, sizeof(tcp));
	ports_text(&r->udp, udp, sizeof(udp));
	txt_init(&chains);
	for (c = 0; c < m->n_chains; c++) {
		const struct fw_chain *ch = &m->chains[c];

		if (!ch->base_input || !(ch->fam & fam))
			continue;
		chain_text(m, c, cn, sizeof(cn));
		txt_add(&chains, "; ", "%s (policy %s, %u rules)", cn,
		    ch->policy == FV_DROP ? "drop" : "accept", (unsigned)ch->n);
	}
	txt_init(&msg);
	switch (r->verdict) {
	case FWV_ACTIVE_DENY:
		st = ST_PASS;
		txt_add(&msg, NULL, "active-deny: new inbound connections from "
		    "other hosts are dropped or rejected by default");
		break;
	case FWV_PERMISSIVE:
		st = s->open_status;
		txt_add(&msg, NULL, "permissive: new inbound connections from "
		    "other hosts are accepted by default (expected active-deny)");
		break;
	default:
		st = s->open_status;
		txt_add(&msg, NULL, "inactive: no input rules and no drop "
		    "policy for this family (expected active-deny)");
		break;
	}
	txt_add(&msg, "; ", "reachable tcp: %s; udp: %s", tcp, udp);
	if (chains.parts)
		txt_add(&msg, "; ", "input base chains: %s", chains.b);
	snprintf(nch, sizeof(nch), "%u", (unsigned)r->n_chains);
	check_ev(&ev[0], "verdict", verdict_word[r->verdict]);
	check_ev(&ev[1], "tcp", tcp);
	check_ev(&ev[2], "udp", udp);
	check_ev(&ev[3], "input_chains", nch);
	return check_emit(o, im, st, v6 ? "ipv6" : "ipv4", msg.b, NULL, 0, 0,
	    ev, 4);
}

static int
unknown_records(struct fw_state *s, const struct item_meta *im,
    struct out *o, const char *why)
{
	struct rec_ev ev[1];
	int v6;

	check_ev(&ev[0], "verdict", "unknown");
	for (v6 = 0; v6 < 2; v6++)
		if (check_emit(o, im, ST_ERROR, v6 ? "ipv6" : "ipv4", why, NULL,
		    0, 0, ev, 1) != 0)
			return -1;
	(void)s;
	return 0;
}

static int
ufw_record(struct fw_state *s, const struct fw_model *m,
    const struct item_meta *im, struct out *o)
{
	const uint8_t *p = s->nr.ufw_conf.p;
	size_t n = s->nr.ufw_conf.n, i = 0;
	const char *boot = "absent";
	struct rec_ev ev[2];
	struct txt msg;
	enum rec_status st = ST_PASS;

	if (s->nr.ufw_conf_ok == 0 && !m->ufw)
		return 0;
	if (s->nr.ufw_conf_ok < 0)
		boot = "unreadable";
	while (s->nr.ufw_conf_ok > 0 && i < n) {
		size_t j = i;

		while (j < n && p[j] != '\n')
			j++;
		if (j - i >= 8 && memcmp(p + i, "ENABLED=", 8) == 0) {
			const uint8_t *v = p + i + 8;
			size_t vl = j - i - 8;

			if (vl >= 2 && (v[0] == '"' || v[0] == '\'')) {
				v++;
				vl -= 2;
			}
			boot = vl == 3 && memcmp(v, "yes", 3) == 0 ? "yes" : "no";
		}
		i = j + 1;
	}
	txt_init(&msg);
	txt_add(&msg, NULL, "ufw %s (its chains are %sloaded); ENABLED=%s "
	    "in %s (%s at boot)", m->ufw ? "is active" : "is not active",
	    m->ufw ? "" : "not ", boot, s->ufw_conf,
	    strcmp(boot, "yes") == 0 ? "starts" : "does not start");
	if (m->ufw != (strcmp(boot, "yes") == 0)) {
		st = ST_WARN;
		txt_add(&msg, "; ", "%s", m->ufw ?
		    "the rules are loaded now but will not come back after a reboot" :
		    "ufw is enabled for boot but its rules are not loaded now");
	}
	check_ev(&ev[0], "loaded", m->ufw ? "yes" : "no");
	check_ev(&ev[1], "enabled_at_boot", boot);
	return check_emit(o, im, st, "ufw", msg.b, NULL, 0, 0, ev, 2);
}

static int
opaque_record(struct fw_state *s, const struct fw_model *m,
    const struct item_meta *im, struct out *o)
{
	struct txt msg;
	char rt[900], cnt[16];
	struct rec_ev ev[1];
	uint32_t i;

	if (s->w->n_opaque == 0)
		return 0;
	txt_init(&msg);
	txt_add(&msg, NULL, "%u rule%s not understood by the analyser, "
	    "counted as possibly accepting: ", (unsigned)s->w->n_opaque,
	    s->w->n_opaque == 1 ? "" : "s");
	for (i = 0; i < s->w->n_opaque; i++) {
		rule_text(m, s->w->opaque[i], rt, sizeof(rt));
		txt_add(&msg, i ? "; " : NULL, "%s", rt);
	}
	snprintf(cnt, sizeof(cnt), "%u", (unsigned)s->w->n_opaque);
	check_ev(&ev[0], "not_understood", cnt);
	return check_emit(o, im, ST_WARN, "rules", msg.b, NULL, 0, 0, ev, 1);
}

/* Why a stranger reaches port/proto in family fam: each chain's reason. */
static void
reach_reason(struct fw_state *s, const struct fw_model *m, uint8_t fam,
    uint8_t proto, uint16_t port, struct txt *t)
{
	char cn[600], rt[900];
	uint32_t k;

	(void)fw_eval_trace(m, fam, proto, port, s->w);
	if (s->w->n_trace == 0) {
		txt_add(t, NULL, "no input chain filters %s",
		    fam == FW_IPV4 ? "IPv4" : "IPv6");
		return;
	}
	for (k = 0; k < s->w->n_trace; k++) {
		chain_text(m, s->w->tr_chain[k], cn, sizeof(cn));
		if (!s->w->tr_acc[k])
			txt_add(t, "; ", "%s drops it", cn);
		else if (s->w->tr_rule[k] == FW_NONE)
			txt_add(t, "; ", "%s: policy accept", cn);
		else {
			rule_text(m, s->w->tr_rule[k], rt, sizeof(rt));
			txt_add(t, "; ", "%s accepts it", rt);
		}
	}
}

static int
critical_records(struct fw_state *s, const struct fw_model *m, size_t ns,
    const struct item_meta *im, struct out *o)
{
	size_t i, k;

	for (i = 0; i < s->n_crit; i++) {
		uint16_t port = s->crit[i];
		char subj[32], addr[80], own[64];
		struct txt msg, why, one;
		int exposed = 0, listening = 0;
		struct rec_ev ev[2];

		txt_init(&msg);
		for (k = 0; k < ns; k++) {
			const struct sl_sock *so = &s->socks[k];
			uint8_t fams;
			int f, reach = 0;

			if (so->s.port != port || pn_is_loopback(&so->s))
				continue;
			listening = 1;
			/* An IPv6 socket on :: also takes IPv4 unless it is
			 * v6only, which /proc/net does not say: both. */
			fams = so->s.v6 ? FW_IPV6 : FW_IPV4;
			if (so->s.v6 && memcmp(so->s.addr,
			    "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16) == 0)
				fams |= FW_IPV4;
			socklist_addr(so, addr, sizeof(addr));
			socklist_owner(so, own, sizeof(own));
			txt_init(&why);
			for (f = 0; f < 2; f++) {
				uint8_t fam = f ? FW_IPV6 : FW_IPV4;
				const struct fw_pset *rp = so->proto == 6 ?
				    &s->res[f].tcp : &s->res[f].udp;

				if (!(fams & fam) || !fw_pset_has(rp, port))
					continue;
				reach = 1;
				txt_init(&one);
				reach_reason(s, m, fam, so->proto, port, &one);
				txt_add(&why, "; ", "%s: %s", f ? "IPv6" : "IPv4",
				    one.b);
			}
			if (reach) {
				exposed = 1;
				txt_add(&msg, "; ", "%s %s listens on %s and the "
				    "firewall lets other hosts reach it (%s)",
				    so->proto == 6 ? "tcp" : "udp", own, addr,
				    why.b);
			} else
				txt_add(&msg, "; ", "%s %s listens on %s but the "
				    "firewall drops new connections from other "
				    "hosts", so->proto == 6 ? "tcp" : "udp", own,
				    addr);
		}
		snprintf(subj, sizeof(subj), "port %u", (unsigned)port);
		check_ev(&ev[0], "listening", listening ? "yes" : "no");
		check_ev(&ev[1], "exposed", exposed ? "yes" : "no");
		if (!listening)
			txt_add(&msg, NULL, "critical port: nothing listens on a "
			    "non-loopback address");
		if (check_emit(o, im, exposed ? ST_FAIL : ST_PASS, subj, msg.b,
		    NULL, 0, 0, ev,
		    2) != 0)
			return -1;
	}
	return 0;
}

static int
firewall_run(void *state, const struct item_meta *im, struct out *o)
{
	struct fw_state *s = state;
	struct fw_model m;
	size_t ns = 0, bad = 0;
	char why[256];
	int rc = 3, v6;

	if (s == NULL)
		return 3;
	fw_model_init(&m, &s->st);
	if (s->nr.nft_ok < 0) {
		snprintf(why, sizeof(why), "cannot read the nftables ruleset "
		    "(%s); run as root", s->nr.nft_err);
		rc = unknown_records(s, im, o, why) == 0 ? 0 : 3;
		goto out;
	}
	if (s->nr.ipt_ok < 0) {
		snprintf(why, sizeof(why), "cannot read the legacy iptables "
		    "tables (%s); run as root", s->nr.ipt_err);
		rc = unknown_records(s, im, o, why) == 0 ? 0 : 3;
		goto out;
	}
	if (s->nr.nft_ok > 0)
		(void)nfmsg_decode(&m, s->nr.nft.p, s->nr.nft.n);
	if (m.err == 0 && s->nr.ipt.n > 0)
		(void)iptentries_decode(&m, s->nr.ipt.p, s->nr.ipt.n,
		    s->scratch, s->scratch_cap);
	if (m.err == 0)
		(void)fw_model_finish(&m);
	if (m.err != 0) {
		snprintf(why, sizeof(why), "cannot decode the ruleset: %s",
		    m.why ? m.why : "malformed");
		rc = unknown_records(s, im, o, why) == 0 ? 0 : 3;
		goto out;
	}
	s->w->n_opaque = 0;
	for (v6 = 0; v6 < 2; v6++) {
		fw_eval_family(&m, v6 ? FW_IPV6 : FW_IPV4, s->w, &s->res[v6]);
		if (family_record(s, &m, v6, im, o) != 0)
			goto out;
	}
	if (opaque_record(s, &m, im, o) != 0 || ufw_record(s, &m, im, o) != 0)
		goto out;
	if (m.firewalld) {
		if (check_emit(o, im, ST_PASS, "firewalld", "firewalld's table "
		    "(inet firewalld) is loaded; its default deny is its final "
		    "reject rule, judged with the rest above", NULL, 0, 0, NULL, 0) != 0)
			goto out;
	}
	if (s->n_crit > 0) {
		if (!s->nr.proc_ok[0] && !s->nr.proc_ok[1]) {
			if (check_emit(o, im, ST_ERROR, "sockets",
			    "cannot read "
			    "/proc/net/tcp: the critical ports were not checked", NULL, 0, 0,
			    NULL, 0) != 0)
				goto out;
		} else {
			ns = socklist_build(&s->nr, s->socks, s->cap_socks, &bad);
			if (critical_records(s, &m, ns, im, o) != 0)
				goto out;
		}
	}
	rc = 0;
out:
	state_free(s);
	return rc;
}

const struct check_def check_firewall = {
	.name = "firewall",
	.summary = "the host firewall is active and denies new inbound "
	    "connections by default; critical ports are not reachable",
	.usage = "[--critical-ports PORT,...] [--permissive warn|fail] "
	    "[--ufw-conf FILE]",
	.explain =
	    "What: reads the firewall the kernel is enforcing - nftables "
	    "(every ip, ip6 and inet table, through netlink) and legacy "
	    "iptables/ip6tables (through getsockopt, only tables that already "
	    "exist) - and decides, for IPv4 and IPv6 separately, whether a "
	    "new inbound connection from another host is dropped by default "
	    "(active-deny), accepted by default (permissive), or not "
	    "filtered at all (inactive), and which TCP and UDP ports such a "
	    "connection can reach.  Every base chain on the input hook "
	    "counts: a drop in any of them wins.  Jumps, gotos, ct state, "
	    "iif lo, port matches, sets, ranges, verdict maps, reject and "
	    "policies are followed; a rule the analyser does not understand "
	    "is named and counted as possibly accepting.  ufw counts as "
	    "active when its chains are loaded (ENABLED=yes in ufw.conf "
	    "only means it starts at boot; both are reported).  With "
	    "--critical-ports, a port listening on a non-loopback address "
	    "that other hosts can reach is a failure naming the socket, its "
	    "process and the rule or policy that lets traffic in.\n\n"
	    "Why: a loaded module is not a firewall; the question is which "
	    "services a stranger can reach.\n\n"
	    "How to fix: set a drop policy on the input chain (nft add chain "
	    "inet filter input '{ type filter hook input priority 0; policy "
	    "drop; }', or ufw default deny incoming && ufw enable), accept "
	    "established,related and lo, then open only the ports you "
	    "serve; bind internal services (databases, caches) to 127.0.0.1.",
	.prepare = firewall_prepare,
	.run = firewall_run,
};
