/*
 * iptentries.c - legacy iptables entry walker (iptentries.h).
 *
 * Layout facts used (uapi headers): an entry is the fixed ipt_entry /
 * ip6t_entry, then matches (xt_entry_match, match_size each) up to
 * target_offset, then one target (xt_entry_target) up to next_offset.
 * The standard target ("") carries an int verdict: negative is
 * -NF_verdict - 1 (XT_RETURN for return), non-negative is the offset of
 * the entry to jump to.  A user chain starts after an ERROR entry whose
 * data is its name.
 */
#include <stddef.h>
#include <string.h>

#include <linux/netfilter.h>
#include <linux/netfilter/x_tables.h>
#include <linux/netfilter_ipv4/ip_tables.h>
#include <linux/netfilter_ipv6/ip6_tables.h>

#include "iptentries.h"
#include "xtmatch.h"

struct walk {
	const uint8_t *b;	/* the entries */
	uint32_t size;
	int v6;
	size_t esz;		/* sizeof the fixed entry */
	uint32_t *offs, *start;	/* scratch */
	uint32_t n, cap;
	uint8_t nfproto;
	uint32_t table;
};

static uint16_t
rd16(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, 2);
	return v;
}

static size_t
off_target(int v6)
{
	return v6 ? offsetof(struct ip6t_entry, target_offset) :
	    offsetof(struct ipt_entry, target_offset);
}

static size_t
off_next(int v6)
{
	return v6 ? offsetof(struct ip6t_entry, next_offset) :
	    offsetof(struct ipt_entry, next_offset);
}

/* Pass 1: every entry's offset, bounds-checked. */
static int
collect(struct fw_model *m, struct walk *w)
{
	uint32_t off = 0;

	w->n = 0;
	while (off < w->size) {
		uint16_t to, nx;

		if (w->size - off < w->esz) {
			fw_model_fail(m, FWE_MALFORMED, "truncated iptables entry");
			return -1;
		}
		to = rd16(w->b + off + off_target(w->v6));
		nx = rd16(w->b + off + off_next(w->v6));
		if (to < w->esz || nx < to ||
		    (size_t)(nx - to) < sizeof(struct xt_entry_target) ||
		    nx > w->size - off || (nx & 7) != 0) {
			fw_model_fail(m, FWE_MALFORMED, "bad iptables entry offsets");
			return -1;
		}
		if (w->n >= w->cap) {
			fw_model_fail(m, FWE_FULL, "too many iptables entries");
			return -1;
		}
		w->offs[w->n] = off;
		w->start[w->n] = FW_NONE;
		w->n++;
		off += nx;
	}
	return 0;
}

static uint32_t
index_of(const struct walk *w, uint32_t off)
{
	uint32_t lo = 0, hi = w->n;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (w->offs[mid] == off)
			return mid;
		if (w->offs[mid] < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return FW_NONE;
}

static const uint8_t *
target_of(const struct walk *w, uint32_t i, const char **name, size_t *dlen)
{
	const uint8_t *e = w->b + w->offs[i];
	uint16_t to = rd16(e + off_target(w->v6));
	uint16_t nx = rd16(e + off_next(w->v6));
	const uint8_t *t = e + to;
	uint16_t tsz = rd16(t);
	static char nm[XT_FUNCTION_MAXNAMELEN];

	memcpy(nm, t + offsetof(struct xt_entry_target, u.user.name),
	    sizeof(nm));
	nm[sizeof(nm) - 1] = '\0';
	*name = nm;
	if (tsz < sizeof(struct xt_entry_target) || tsz > nx - to)
		tsz = (uint16_t)(nx - to);
	*dlen = tsz - sizeof(struct xt_entry_target);
	return t + sizeof(struct xt_entry_target);
}

/* The standard verdict of entry i, or 1 if it has another target. */
static int
std_verdict(const struct walk *w, uint32_t i, int32_t *v)
{
	const char *name;
	size_t dl;
	const uint8_t *d = target_of(w, i, &name, &dl);

	if (name[0] != '\0' || dl < sizeof(int32_t))
		return 1;
	memcpy(v, d, sizeof(*v));
	return 0;
}

static int
add_cond(struct fw_model *m, int c)
{
	struct fw_expr *e = fw_expr_new(m);

	if (e == NULL)
		return -1;
	e->type = FX_COND;
	e->a = (uint8_t)c;
	return 0;
}

/* The ip/ip6 header part of entry i. */
static int
header(struct fw_model *m, const struct walk *w, uint32_t i, int *go)
{
	const uint8_t *e = w->b + w->offs[i];
	struct fw_expr *x;
	const uint8_t *iface, *imask;
	unsigned proto, inv, flags;
	int has_proto, k, smsk_set = 0, dmsk_set = 0, src_lo = 0;

	if (w->v6) {
		struct ip6t_ip6 ip;
		static const uint8_t one[16] = { [15] = 1 };

		memcpy(&ip, e + offsetof(struct ip6t_entry, ipv6), sizeof(ip));
		proto = ip.proto;
		inv = ip.invflags;
		flags = ip.flags;
		has_proto = (flags & IP6T_F_PROTO) != 0;
		*go = (flags & IP6T_F_GOTO) != 0;
		for (k = 0; k < 16; k++) {
			if (ip.smsk.s6_addr[k])
				smsk_set = 1;
			if (ip.dmsk.s6_addr[k])
				dmsk_set = 1;
		}
		src_lo = memcmp(ip.src.s6_addr, one, 16) == 0 &&
		    memcmp(ip.smsk.s6_addr, "\xff\xff\xff\xff\xff\xff\xff\xff"
		    "\xff\xff\xff\xff\xff\xff\xff\xff", 16) == 0;
		iface = e + offsetof(struct ip6t_entry, ipv6.iniface);
		imask = e + offsetof(struct ip6t_entry, ipv6.iniface_mask);
		if (flags & IP6T_F_TOS)
			if (add_cond(m, FC_MAYBE) != 0)
				return -1;
	} else {
		struct ipt_ip ip;
		uint8_t s[4], sm[4];

		memcpy(&ip, e + offsetof(struct ipt_entry, ip), sizeof(ip));
		proto = ip.proto;
		inv = ip.invflags;
		flags = ip.flags;
		has_proto = proto != 0;
		*go = (flags & IPT_F_GOTO) != 0;
		smsk_set = ip.smsk.s_addr != 0;
		dmsk_set = ip.dmsk.s_addr != 0;
		memcpy(s, &ip.src.s_addr, 4);
		memcpy(sm, &ip.smsk.s_addr, 4);
		src_lo = sm[0] == 0xff && s[0] == 127;
		iface = e + offsetof(struct ipt_entry, ip.iniface);
		imask = e + offsetof(struct ipt_entry, ip.iniface_mask);
		if (flags & IPT_F_FRAG)
			if (add_cond(m, FC_MAYBE) != 0)
				return -1;
	}
	if (has_proto) {
		if ((x = fw_expr_new(m)) == NULL)
			return -1;
		if (proto > 255)
			x->type = FX_COND, x->a = FC_MAYBE;
		else {
			x->type = FX_PROTO;
			x->a = (uint8_t)proto;
			if (proto == 0)		/* "all" */
				x->type = FX_NOP;
			x->inv = (inv & XT_INV_PROTO) != 0;
		}
	}
	for (k = 0; k < IFNAMSIZ; k++)
		if (imask[k])
			break;
	if (k < IFNAMSIZ) {
		if ((x = fw_expr_new(m)) == NULL)
			return -1;
		x->type = FX_IIFNAME;
		memcpy(x->data, iface, 16);
		memcpy(x->data2, imask, 16);
		x->inv = (inv & IPT_INV_VIA_IN) != 0;
	}
	if (smsk_set) {
		int c = FC_MAYBE;

		if (src_lo)
			c = (inv & IPT_INV_SRCIP) ? FC_TRUE : FC_FALSE;
		if (add_cond(m, c) != 0)
			return -1;
	}
	if (dmsk_set && add_cond(m, FC_MAYBE) != 0)
		return -1;
	return 0;
}

static int
matches(struct fw_model *m, const struct walk *w, uint32_t i)
{
	const uint8_t *e = w->b + w->offs[i];
	uint16_t to = rd16(e + off_target(w->v6));
	size_t off = w->esz;

	while (off < to) {
		const uint8_t *mt = e + off;
		uint16_t sz;
		char nm[XT_EXTENSION_MAXNAMELEN];
		uint8_t rev;

		if (to - off < sizeof(struct xt_entry_match))
			return add_cond(m, FC_MAYBE);
		sz = rd16(mt);
		if (sz < sizeof(struct xt_entry_match) || sz > to - off)
			return add_cond(m, FC_MAYBE);
		memcpy(nm, mt + offsetof(struct xt_entry_match, u.user.name),
		    sizeof(nm));
		nm[sizeof(nm) - 1] = '\0';
		rev = mt[offsetof(struct xt_entry_match, u.user.revision)];
		if (xt_match(m, nm, rev, mt + sizeof(struct xt_entry_match),
		    sz - sizeof(struct xt_entry_match)) != 0)
			return -1;
		off += sz;
	}
	return 0;
}

static int
rule(struct fw_model *m, struct walk *w, uint32_t chain, uint32_t i,
    uint64_t num)
{
	struct fw_expr *x;
	const char *tn;
	size_t dl;
	const uint8_t *td;
	int go = 0;
	int32_t v;
	uint32_t r;

	if ((r = fw_rule_add(m, chain, num)) == FW_NONE)
		return -1;
	if (header(m, w, i, &go) != 0 || matches(m, w, i) != 0)
		return -1;
	td = target_of(w, i, &tn, &dl);
	if (std_verdict(w, i, &v) == 0) {
		if ((x = fw_expr_new(m)) == NULL)
			return -1;
		x->type = FX_VERDICT;
		if (v == -NF_DROP - 1)
			x->verdict = FV_DROP;
		else if (v == -NF_ACCEPT - 1)
			x->verdict = FV_ACCEPT;
		else if (v == XT_RETURN)
			x->verdict = FV_RETURN;
		else if (v >= 0 && (uint32_t)v == w->offs[i] +
		    rd16(w->b + w->offs[i] + off_next(w->v6)))
			x->verdict = FV_NONE;	/* XT_CONTINUE */
		else if (v >= 0) {
			uint32_t k = index_of(w, (uint32_t)v);

			if (k != FW_NONE && w->start[k] != FW_NONE) {
				x->verdict = go ? FV_GOTO : FV_JUMP;
				x->chain = w->start[k];
			} else
				x->verdict = FV_UNKNOWN;
		} else
			x->verdict = FV_UNKNOWN;
		if (x->verdict == FV_UNKNOWN) {
			x->type = FX_OPAQUE;
			x->name = fw_name_add(m, "verdict", 7);
			m->n_opaque++;
		}
	} else if (xt_target(m, tn, td, dl) != 0)
		return -1;
	m->rules[r].n = m->n_exprs - m->rules[r].first;
	return m->err ? -1 : 0;
}

static int32_t
table_prio(const char *name)
{
	if (strcmp(name, "raw") == 0)
		return -300;
	if (strcmp(name, "mangle") == 0)
		return -150;
	if (strcmp(name, "security") == 0)
		return 50;
	if (strcmp(name, "nat") == 0)
		return 100;
	return 0;
}

static int
table(struct fw_model *m, const struct iptdump_hdr *h, const uint8_t *b,
    uint32_t *scratch, uint32_t cap)
{
	struct walk w;
	struct fw_chain c;
	char tn[IPTDUMP_NAME];
	uint32_t i, k, chain;
	int32_t v;

	memset(&w, 0, sizeof(w));
	w.b = b;
	w.size = h->size;
	w.v6 = h->family == 6;
	w.esz = w.v6 ? sizeof(struct ip6t_entry) : sizeof(struct ipt_entry);
	w.offs = scratch;
	w.start = scratch + cap;
	w.cap = cap;
	w.nfproto = w.v6 ? NFPROTO_IPV6 : NFPROTO_IPV4;
	memcpy(tn, h->name, sizeof(tn));
	tn[sizeof(tn) - 1] = '\0';
	if (tn[0] == '\0') {
		fw_model_fail(m, FWE_MALFORMED, "iptables table without a name");
		return -1;
	}
	if (collect(m, &w) != 0)
		return -1;
	if ((w.table = fw_name_add(m, tn, strlen(tn))) == FW_NONE)
		return -1;
	memset(&c, 0, sizeof(c));
	c.legacy = 1;
	c.nfproto = w.nfproto;
	c.fam = w.v6 ? FW_IPV6 : FW_IPV4;
	c.table = w.table;
	/* User chains first, so that jumps can name them. */
	for (i = 0; i < w.n; i++) {
		const char *name;
		size_t dl;
		const uint8_t *d = target_of(&w, i, &name, &dl);
		char cn[XT_FUNCTION_MAXNAMELEN];

		if (strcmp(name, XT_ERROR_TARGET) != 0 || dl == 0)
			continue;
		memset(cn, 0, sizeof(cn));
		memcpy(cn, d, dl < sizeof(cn) - 1 ? dl : sizeof(cn) - 1);
		if (strcmp(cn, XT_ERROR_TARGET) == 0 || i + 1 >= w.n)
			continue;
		if ((c.name = fw_name_add(m, cn, strlen(cn))) == FW_NONE)
			return -1;
		if (strncmp(cn, "ufw-", 4) == 0 || strncmp(cn, "ufw6-", 5) == 0)
			m->ufw = 1;
		if ((chain = fw_chain_add(m, &c)) == FW_NONE)
			return -1;
		w.start[i + 1] = chain;
	}
	/* Rules of user chains: up to the next ERROR entry. */
	for (i = 0; i < w.n; i++) {
		uint64_t num = 1;

		if (w.start[i] == FW_NONE)
			continue;
		chain = w.start[i];
		for (k = i; k < w.n; k++) {
			const char *name;
			size_t dl;

			(void)target_of(&w, k, &name, &dl);
			if (strcmp(name, XT_ERROR_TARGET) == 0)
				break;
			if (rule(m, &w, chain, k, num++) != 0)
				return -1;
		}
	}
	/* The INPUT chain, from its hook entry to its policy (underflow). */
	if (h->valid_hooks & (1u << NF_INET_LOCAL_IN)) {
		uint32_t s = index_of(&w, h->hook_entry[NF_INET_LOCAL_IN]);
		uint32_t e = index_of(&w, h->underflow[NF_INET_LOCAL_IN]);
		uint64_t num = 1;

		if (s == FW_NONE || e == FW_NONE || e < s) {
			fw_model_fail(m, FWE_MALFORMED, "bad INPUT hook offsets");
			return -1;
		}
		c.name = fw_name_add(m, "INPUT", 5);
		c.base_input = 1;
		c.prio = table_prio(tn);
		c.policy = FV_ACCEPT;
		if (std_verdict(&w, e, &v) == 0 && v == -NF_DROP - 1)
			c.policy = FV_DROP;
		if ((chain = fw_chain_add(m, &c)) == FW_NONE)
			return -1;
		for (k = s; k < e; k++)
			if (rule(m, &w, chain, k, num++) != 0)
				return -1;
	}
	return 0;
}

int
iptentries_decode(struct fw_model *m, const uint8_t *buf, size_t n,
    uint32_t *scratch, uint32_t cap)
{
	size_t off = 0;

	while (off < n && m->err == 0) {
		struct iptdump_hdr h;

		if (n - off < sizeof(h)) {
			fw_model_fail(m, FWE_MALFORMED, "truncated table header");
			break;
		}
		memcpy(&h, buf + off, sizeof(h));
		off += sizeof(h);
		if ((h.family != 4 && h.family != 6) || h.size > n - off) {
			fw_model_fail(m, FWE_MALFORMED, "bad table header");
			break;
		}
		if (table(m, &h, buf + off, scratch, cap) != 0)
			break;
		off += h.size;
	}
	return m->err ? -1 : 0;
}
