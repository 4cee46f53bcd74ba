/*
 * nfmsg.c - nftables netlink dump -> rule model (nfmsg.h).
 *
 * Netlink framing: nlmsghdr (host order), nfgenmsg (family), then
 * attributes (nlattr, 4-byte aligned, nested ones flagged).  nftables'
 * integers are big-endian.  Every length is checked against its
 * container before use; nesting is bounded by the structure (no
 * recursion: each level is its own loop).
 */
#include <string.h>

#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nf_tables_compat.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netlink.h>

#include "netaddr.h"
#include "nfmsg.h"
#include "xtmatch.h"

#define MAXATTR	24
#define NAMEMAX	256

struct attr {
	const uint8_t *p;
	size_t n;
	int set;
};

static uint32_t
rd32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static uint16_t
rd16(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, 2);
	return v;
}

static uint32_t
be32(const struct attr *a)
{
	if (!a->set || a->n < 4)
		return 0;
	return (uint32_t)a->p[0] << 24 | (uint32_t)a->p[1] << 16 |
	    (uint32_t)a->p[2] << 8 | a->p[3];
}

static uint64_t
be64(const struct attr *a)
{
	uint64_t v = 0;
	size_t i;

	if (!a->set || a->n < 8)
		return 0;
	for (i = 0; i < 8; i++)
		v = v << 8 | a->p[i];
	return v;
}

/* Splits p[0..n) into attributes by type (the last of a type wins).
 * Returns 0, or -1 if malformed. */
static int
attrs(const uint8_t *p, size_t n, struct attr *t)
{
	size_t off = 0;

	memset(t, 0, sizeof(*t) * MAXATTR);
	while (off + 4 <= n) {
		uint16_t len = rd16(p + off);
		uint16_t type = rd16(p + off + 2) & NLA_TYPE_MASK;
		size_t al;

		if (len < 4 || len > n - off)
			return -1;
		if (type < MAXATTR) {
			t[type].p = p + off + 4;
			t[type].n = len - 4u;
			t[type].set = 1;
		}
		al = ((size_t)len + 3) & ~(size_t)3;
		if (al > n - off)
			break;
		off += al;
	}
	return 0;
}

/* Iterates a list of NFTA_LIST_ELEM: *off in/out; returns 1 with the
 * element's payload, 0 at the end, -1 if malformed. */
static int
list_next(const struct attr *l, size_t *off, const uint8_t **p, size_t *n)
{
	while (*off + 4 <= l->n) {
		uint16_t len = rd16(l->p + *off);
		uint16_t type = rd16(l->p + *off + 2) & NLA_TYPE_MASK;
		size_t cur = *off, al;

		if (len < 4 || len > l->n - cur)
			return -1;
		al = ((size_t)len + 3) & ~(size_t)3;
		*off = al > l->n - cur ? l->n : cur + al;
		if (type != NFTA_LIST_ELEM)
			continue;
		*p = l->p + cur + 4;
		*n = len - 4u;
		return 1;
	}
	return 0;
}

/* A string attribute as (pointer, length without the NUL). */
static size_t
str(const struct attr *a, const char **s)
{
	size_t n;

	if (!a->set) {
		*s = "";
		return 0;
	}
	*s = (const char *)a->p;
	n = a->n;
	if (memchr(a->p, '\0', n) != NULL)
		n = strnlen((const char *)a->p, n);
	return n;
}

static uint8_t
fam_of(uint8_t nfproto)
{
	switch (nfproto) {
	case NFPROTO_IPV4:
		return FW_IPV4;
	case NFPROTO_IPV6:
		return FW_IPV6;
	case NFPROTO_INET:
		return FW_IPV4 | FW_IPV6;
	default:
		return 0;
	}
}

static uint32_t
table_name(struct fw_model *m, const struct attr *a)
{
	const char *s;
	size_t n = str(a, &s);

	if (n == 0 || n > NAMEMAX) {
		fw_model_fail(m, FWE_MALFORMED, "missing or long table name");
		return FW_NONE;
	}
	/* Intern once per distinct name: look for it among chains first. */
	{
		uint32_t i;

		for (i = 0; i < m->n_chains; i++) {
			const char *t = fw_name(m, m->chains[i].table);

			if (strlen(t) == n && memcmp(t, s, n) == 0)
				return m->chains[i].table;
		}
		for (i = 0; i < m->n_sets; i++) {
			const char *t = fw_name(m, m->sets[i].table);

			if (m->sets[i].table != FW_NONE && strlen(t) == n &&
			    memcmp(t, s, n) == 0)
				return m->sets[i].table;
		}
	}
	return fw_name_add(m, s, n);
}

static void
chain_msg(struct fw_model *m, uint8_t nfproto, const uint8_t *p, size_t n)
{
	struct attr t[MAXATTR], h[MAXATTR];
	struct fw_chain c;
	const char *name;
	size_t nl;

	if (attrs(p, n, t) != 0) {
		fw_model_fail(m, FWE_MALFORMED, "bad chain attributes");
		return;
	}
	memset(&c, 0, sizeof(c));
	c.nfproto = nfproto;
	c.fam = fam_of(nfproto);
	c.policy = FV_ACCEPT;
	if ((c.table = table_name(m, &t[NFTA_CHAIN_TABLE])) == FW_NONE)
		return;
	nl = str(&t[NFTA_CHAIN_NAME], &name);
	if (nl == 0 || nl > NAMEMAX) {
		fw_model_fail(m, FWE_MALFORMED, "missing or long chain name");
		return;
	}
	if ((c.name = fw_name_add(m, name, nl)) == FW_NONE)
		return;
	if (t[NFTA_CHAIN_HOOK].set) {
		if (attrs(t[NFTA_CHAIN_HOOK].p, t[NFTA_CHAIN_HOOK].n, h) != 0) {
			fw_model_fail(m, FWE_MALFORMED, "bad hook attributes");
			return;
		}
		c.prio = (int32_t)be32(&h[NFTA_HOOK_PRIORITY]);
		if (h[NFTA_HOOK_HOOKNUM].set &&
		    be32(&h[NFTA_HOOK_HOOKNUM]) == NF_INET_LOCAL_IN &&
		    c.fam != 0)
			c.base_input = 1;
		if (t[NFTA_CHAIN_POLICY].set)
			c.policy = be32(&t[NFTA_CHAIN_POLICY]) == NF_DROP ?
			    FV_DROP : FV_ACCEPT;
	}
	if ((nl >= 4 && memcmp(name, "ufw-", 4) == 0) ||
	    (nl >= 5 && memcmp(name, "ufw6-", 5) == 0))
		m->ufw = 1;
	if (nfproto == NFPROTO_INET &&
	    strcmp(fw_name(m, c.table), "firewalld") == 0)
		m->firewalld = 1;
	(void)fw_chain_add(m, &c);
}

static void
set_msg(struct fw_model *m, uint8_t nfproto, const uint8_t *p, size_t n)
{
	struct attr t[MAXATTR];
	struct fw_set s;
	const char *name;
	size_t nl;
	uint32_t flags, klen;

	if (attrs(p, n, t) != 0) {
		fw_model_fail(m, FWE_MALFORMED, "bad set attributes");
		return;
	}
	memset(&s, 0, sizeof(s));
	s.nfproto = nfproto;
	if ((s.table = table_name(m, &t[NFTA_SET_TABLE])) == FW_NONE)
		return;
	nl = str(&t[NFTA_SET_NAME], &name);
	if (nl == 0 || nl > NAMEMAX) {
		fw_model_fail(m, FWE_MALFORMED, "missing or long set name");
		return;
	}
	if ((s.name = fw_name_add(m, name, nl)) == FW_NONE)
		return;
	flags = be32(&t[NFTA_SET_FLAGS]);
	klen = be32(&t[NFTA_SET_KEY_LEN]);
	s.key_len = klen > 16 ? 16 : (uint8_t)klen;
	s.opaque = klen == 0 || klen > 4 || (flags & NFT_SET_CONCAT) != 0;
	s.interval = (flags & NFT_SET_INTERVAL) != 0;
	s.map = (flags & NFT_SET_MAP) != 0 &&
	    be32(&t[NFTA_SET_DATA_TYPE]) == NFT_DATA_VERDICT;
	if ((flags & NFT_SET_MAP) != 0 && !s.map)
		s.opaque = 1;	/* a data map: lookups load data */
	(void)fw_set_add(m, &s);
}

/* Reads a key of at most 4 bytes as a big-endian number. */
static int
key_value(const struct attr *a, uint32_t *v)
{
	struct attr d[MAXATTR];

	if (!a->set || attrs(a->p, a->n, d) != 0 || !d[NFTA_DATA_VALUE].set ||
	    d[NFTA_DATA_VALUE].n == 0 || d[NFTA_DATA_VALUE].n > 4)
		return -1;
	*v = na_be_key(d[NFTA_DATA_VALUE].p, d[NFTA_DATA_VALUE].n);
	return 0;
}

/* A verdict (NFTA_DATA_VERDICT nested) into model terms. */
static uint8_t
verdict_of(struct fw_model *m, uint8_t nfproto, uint32_t table,
    const struct attr *vd, uint32_t *chain)
{
	struct attr v[MAXATTR];
	const char *cn;
	size_t cl;
	int32_t code;

	*chain = FW_NONE;
	if (!vd->set || attrs(vd->p, vd->n, v) != 0 ||
	    !v[NFTA_VERDICT_CODE].set)
		return FV_UNKNOWN;
	code = (int32_t)be32(&v[NFTA_VERDICT_CODE]);
	switch (code) {
	case NF_DROP:
		return FV_DROP;
	case NF_ACCEPT:
		return FV_ACCEPT;
	case NFT_CONTINUE:
		return FV_NONE;
	case NFT_RETURN:
		return FV_RETURN;
	case NFT_JUMP:
	case NFT_GOTO:
		cl = str(&v[NFTA_VERDICT_CHAIN], &cn);
		if (cl == 0)
			return FV_UNKNOWN;
		*chain = fw_chain_find(m, nfproto, table, cn, cl);
		if (*chain == FW_NONE)
			return FV_UNKNOWN;
		return code == NFT_JUMP ? FV_JUMP : FV_GOTO;
	default:
		return FV_UNKNOWN;
	}
}

static void
setelem_msg(struct fw_model *m, uint8_t nfproto, const uint8_t *p, size_t n)
{
	struct attr t[MAXATTR], e[MAXATTR], dd[MAXATTR];
	const char *sn;
	size_t sl, off = 0, en;
	const uint8_t *ep;
	uint32_t table, set;
	int r;

	if (attrs(p, n, t) != 0) {
		fw_model_fail(m, FWE_MALFORMED, "bad set element attributes");
		return;
	}
	if ((table = table_name(m, &t[NFTA_SET_ELEM_LIST_TABLE])) == FW_NONE)
		return;
	sl = str(&t[NFTA_SET_ELEM_LIST_SET], &sn);
	set = fw_set_find(m, nfproto, table, sn, sl);
	if (set == FW_NONE)
		return;		/* elements of a set we did not see: ignored */
	while ((r = list_next(&t[NFTA_SET_ELEM_LIST_ELEMENTS], &off, &ep,
	    &en)) == 1) {
		uint32_t lo = 0, hi, flags, chain = FW_NONE;
		uint8_t vd = FV_NONE;
		int kind = 0;

		if (attrs(ep, en, e) != 0) {
			fw_model_fail(m, FWE_MALFORMED, "bad set element");
			return;
		}
		if (m->sets[set].opaque)
			continue;
		if (key_value(&e[NFTA_SET_ELEM_KEY], &lo) != 0) {
			flags = be32(&e[NFTA_SET_ELEM_FLAGS]);
			if (flags & NFT_SET_ELEM_INTERVAL_END)
				continue;	/* the zero end sentinel */
			m->sets[set].opaque = 1;
			continue;
		}
		hi = lo;
		flags = be32(&e[NFTA_SET_ELEM_FLAGS]);
		if (flags & NFT_SET_ELEM_INTERVAL_END)
			kind = 1;
		if (e[NFTA_SET_ELEM_KEY_END].set) {
			if (key_value(&e[NFTA_SET_ELEM_KEY_END], &hi) != 0 ||
			    hi < lo) {
				m->sets[set].opaque = 1;
				continue;
			}
			kind = 2;
		} else if (!m->sets[set].interval)
			kind = 2;
		if (m->sets[set].map && kind != 1) {
			if (!e[NFTA_SET_ELEM_DATA].set ||
			    attrs(e[NFTA_SET_ELEM_DATA].p,
			    e[NFTA_SET_ELEM_DATA].n, dd) != 0)
				vd = FV_UNKNOWN;
			else
				vd = verdict_of(m, nfproto, table,
				    &dd[NFTA_DATA_VERDICT], &chain);
		}
		if (fw_elem_add(m, set, lo, hi, kind, vd, chain) != 0)
			return;
	}
	if (r < 0)
		fw_model_fail(m, FWE_MALFORMED, "bad set element list");
}

/* nftables register number -> 4-byte slot, or -1. */
static int
slot(uint32_t reg)
{
	if (reg >= NFT_REG_1 && reg <= NFT_REG_4)
		return (int)(reg - NFT_REG_1) * 4;
	if (reg >= NFT_REG32_00 && reg <= NFT_REG32_15)
		return (int)(reg - NFT_REG32_00);
	return -1;
}

static int
data_value(const struct attr *a, uint8_t *out, uint8_t *len)
{
	struct attr d[MAXATTR];

	if (!a->set || attrs(a->p, a->n, d) != 0 || !d[NFTA_DATA_VALUE].set ||
	    d[NFTA_DATA_VALUE].n == 0 || d[NFTA_DATA_VALUE].n > 16)
		return -1;
	memcpy(out, d[NFTA_DATA_VALUE].p, d[NFTA_DATA_VALUE].n);
	*len = (uint8_t)d[NFTA_DATA_VALUE].n;
	return 0;
}

static void
opaque(struct fw_model *m, struct fw_expr *x, const char *name, size_t nl)
{
	x->type = FX_OPAQUE;
	x->name = fw_name_add(m, name, nl);
	m->n_opaque++;
}

static int
dreg_of(const struct attr *a, struct fw_expr *x)
{
	int s;

	if (!a->set)
		return -1;
	s = slot(be32(a));
	if (s < 0)
		return -1;
	x->dreg = (uint8_t)s;
	return 0;
}

/* One expression; name[0..nl) is its kind. */
static void
expr(struct fw_model *m, uint8_t nfproto, uint32_t table, const char *name,
    size_t nl, const struct attr *data)
{
	static const char *const nops[] = { "counter", "log", "notrack",
	    "objref", "dynset", "last", "synproxy", "tproxy", "dup", "fwd",
	    "flow_offload", "secmark", "ct_timeout", "ct_expect",
	    "ct_helper" };
	static const char *const conds[] = { "limit", "quota", "connlimit" };
	static const struct { const char *n; int dreg; } loads[] = {
		{ "fib", 1 }, { "exthdr", 1 }, { "numgen", 1 }, { "hash", 2 },
		{ "rt", 1 }, { "socket", 2 }, { "osf", 1 }, { "xfrm", 1 },
		{ "tunnel", 1 }, { "inner", 0 },
	};
	struct attr t[MAXATTR];
	struct fw_expr *x;
	char nm[32];
	size_t i;
	int s;

	if ((x = fw_expr_new(m)) == NULL)
		return;
	if (nl >= sizeof(nm))
		nl = sizeof(nm) - 1;
	memcpy(nm, name, nl);
	nm[nl] = '\0';
	if (data->set) {
		if (attrs(data->p, data->n, t) != 0) {
			opaque(m, x, nm, nl);
			return;
		}
	} else
		memset(t, 0, sizeof(t));
	for (i = 0; i < sizeof(nops) / sizeof(nops[0]); i++)
		if (strcmp(nm, nops[i]) == 0)
			return;		/* FX_NOP */
	for (i = 0; i < sizeof(conds) / sizeof(conds[0]); i++)
		if (strcmp(nm, conds[i]) == 0) {
			x->type = FX_COND;
			x->a = FC_MAYBE;
			return;
		}
	for (i = 0; i < sizeof(loads) / sizeof(loads[0]); i++)
		if (strcmp(nm, loads[i].n) == 0) {
			x->type = FX_UNKREG;
			x->len = 16;
			if (loads[i].dreg == 0 ||
			    dreg_of(&t[loads[i].dreg], x) != 0)
				opaque(m, x, nm, nl);
			return;
		}
	if (strcmp(nm, "payload") == 0) {
		if (!t[NFTA_PAYLOAD_DREG].set)
			return;		/* a payload write: no condition */
		x->type = FX_PAYLOAD;
		x->a = (uint8_t)be32(&t[NFTA_PAYLOAD_BASE]);
		x->off = (uint16_t)be32(&t[NFTA_PAYLOAD_OFFSET]);
		x->len = (uint8_t)(be32(&t[NFTA_PAYLOAD_LEN]) > 64 ? 64 :
		    be32(&t[NFTA_PAYLOAD_LEN]));
		if (dreg_of(&t[NFTA_PAYLOAD_DREG], x) != 0)
			opaque(m, x, nm, nl);
	} else if (strcmp(nm, "meta") == 0 || strcmp(nm, "ct") == 0) {
		int isct = nm[0] == 'c';

		if (!t[isct ? NFTA_CT_DREG : NFTA_META_DREG].set)
			return;		/* meta/ct set: no condition */
		x->type = isct ? FX_CT : FX_META;
		x->a = (uint8_t)be32(&t[isct ? NFTA_CT_KEY : NFTA_META_KEY]);
		if (dreg_of(&t[isct ? NFTA_CT_DREG : NFTA_META_DREG], x) != 0)
			opaque(m, x, nm, nl);
		if (isct && t[NFTA_CT_DIRECTION].set)
			x->type = FX_UNKREG, x->len = 16;
	} else if (strcmp(nm, "cmp") == 0) {
		x->type = FX_CMP;
		x->op = (uint8_t)be32(&t[NFTA_CMP_OP]);
		s = slot(be32(&t[NFTA_CMP_SREG]));
		if (s < 0 || x->op > FO_GTE ||
		    data_value(&t[NFTA_CMP_DATA], x->data, &x->len) != 0) {
			opaque(m, x, nm, nl);
			return;
		}
		x->sreg = (uint8_t)s;
	} else if (strcmp(nm, "bitwise") == 0) {
		uint8_t l2 = 0;

		x->type = FX_BITWISE;
		s = slot(be32(&t[NFTA_BITWISE_SREG]));
		if (s < 0 || dreg_of(&t[NFTA_BITWISE_DREG], x) != 0 ||
		    be32(&t[NFTA_BITWISE_OP]) != 0 ||
		    data_value(&t[NFTA_BITWISE_MASK], x->data, &x->len) != 0 ||
		    data_value(&t[NFTA_BITWISE_XOR], x->data2, &l2) != 0 ||
		    l2 != x->len) {
			/* shifts and odd forms: the result is unknown */
			x->type = FX_UNKREG;
			x->len = 16;
			if (dreg_of(&t[NFTA_BITWISE_DREG], x) != 0)
				opaque(m, x, nm, nl);
			return;
		}
		x->sreg = (uint8_t)s;
	} else if (strcmp(nm, "range") == 0) {
		uint8_t l2 = 0;

		x->type = FX_RANGE;
		x->op = (uint8_t)be32(&t[NFTA_RANGE_OP]);
		s = slot(be32(&t[NFTA_RANGE_SREG]));
		if (s < 0 || x->op > FO_NEQ ||
		    data_value(&t[NFTA_RANGE_FROM_DATA], x->data, &x->len) ||
		    data_value(&t[NFTA_RANGE_TO_DATA], x->data2, &l2) ||
		    l2 != x->len) {
			opaque(m, x, nm, nl);
			return;
		}
		x->sreg = (uint8_t)s;
	} else if (strcmp(nm, "lookup") == 0) {
		const char *sn;
		size_t sl = str(&t[NFTA_LOOKUP_SET], &sn);

		x->type = FX_LOOKUP;
		s = slot(be32(&t[NFTA_LOOKUP_SREG]));
		x->set = fw_set_find(m, nfproto, table, sn, sl);
		x->inv = (be32(&t[NFTA_LOOKUP_FLAGS]) & NFT_LOOKUP_F_INV) != 0;
		if (s < 0 || x->set == FW_NONE) {
			opaque(m, x, nm, nl);
			return;
		}
		x->sreg = (uint8_t)s;
		if (t[NFTA_LOOKUP_DREG].set) {
			if (be32(&t[NFTA_LOOKUP_DREG]) == NFT_REG_VERDICT &&
			    m->sets[x->set].map)
				x->dreg = 0xfe;	/* verdict map */
			else {
				x->type = FX_UNKREG;
				x->len = 16;
				if (dreg_of(&t[NFTA_LOOKUP_DREG], x) != 0)
					opaque(m, x, nm, nl);
			}
		}
	} else if (strcmp(nm, "immediate") == 0) {
		struct attr d[MAXATTR];

		if (!t[NFTA_IMMEDIATE_DATA].set ||
		    attrs(t[NFTA_IMMEDIATE_DATA].p, t[NFTA_IMMEDIATE_DATA].n,
		    d) != 0) {
			opaque(m, x, nm, nl);
			return;
		}
		if (be32(&t[NFTA_IMMEDIATE_DREG]) == NFT_REG_VERDICT) {
			x->type = FX_VERDICT;
			x->verdict = verdict_of(m, nfproto, table,
			    &d[NFTA_DATA_VERDICT], &x->chain);
			if (x->verdict == FV_UNKNOWN)
				opaque(m, x, "verdict", 7);
			return;
		}
		x->type = FX_IMM;
		if (dreg_of(&t[NFTA_IMMEDIATE_DREG], x) != 0 ||
		    data_value(&t[NFTA_IMMEDIATE_DATA], x->data, &x->len) != 0)
			opaque(m, x, nm, nl);
	} else if (strcmp(nm, "reject") == 0) {
		x->type = FX_VERDICT;
		x->verdict = FV_DROP;
	} else if (strcmp(nm, "nat") == 0 || strcmp(nm, "masq") == 0 ||
	    strcmp(nm, "redir") == 0) {
		x->type = FX_VERDICT;
		x->verdict = FV_ACCEPT;
		m->has_nat = 1;
	} else if (strcmp(nm, "match") == 0 || strcmp(nm, "target") == 0) {
		char xn[32];
		const char *sp;
		size_t xl = str(&t[1], &sp);	/* NFTA_MATCH_NAME = NFTA_TARGET_NAME */

		if (xl == 0 || xl >= sizeof(xn) || !t[3].set) {
			opaque(m, x, nm, nl);
			return;
		}
		memcpy(xn, sp, xl);
		xn[xl] = '\0';
		/* Replace the placeholder by the translation. */
		m->n_exprs--;
		if (nm[0] == 'm')
			(void)xt_match(m, xn, (uint8_t)be32(&t[2]), t[3].p,
			    t[3].n);
		else
			(void)xt_target(m, xn, t[3].p, t[3].n);
	} else
		opaque(m, x, nm, nl);
}

static void
rule_msg(struct fw_model *m, uint8_t nfproto, const uint8_t *p, size_t n)
{
	struct attr t[MAXATTR], e[MAXATTR];
	const char *cn, *en;
	size_t cl, el, off = 0, xn;
	const uint8_t *xp;
	uint32_t table, chain, r;
	int rc;

	if (attrs(p, n, t) != 0) {
		fw_model_fail(m, FWE_MALFORMED, "bad rule attributes");
		return;
	}
	if ((table = table_name(m, &t[NFTA_RULE_TABLE])) == FW_NONE)
		return;
	cl = str(&t[NFTA_RULE_CHAIN], &cn);
	chain = fw_chain_find(m, nfproto, table, cn, cl);
	if (chain == FW_NONE)
		return;		/* a rule of a chain we did not see */
	if ((r = fw_rule_add(m, chain, be64(&t[NFTA_RULE_HANDLE]))) == FW_NONE)
		return;
	while ((rc = list_next(&t[NFTA_RULE_EXPRESSIONS], &off, &xp, &xn)) == 1) {
		if (attrs(xp, xn, e) != 0) {
			fw_model_fail(m, FWE_MALFORMED, "bad expression");
			return;
		}
		el = str(&e[NFTA_EXPR_NAME], &en);
		expr(m, nfproto, table, en, el, &e[NFTA_EXPR_DATA]);
		if (m->err)
			return;
	}
	if (rc < 0)
		fw_model_fail(m, FWE_MALFORMED, "bad expression list");
	m->rules[r].n = m->n_exprs - m->rules[r].first;
}

int
nfmsg_decode(struct fw_model *m, const uint8_t *buf, size_t n)
{
	size_t off = 0;

	while (off + NLMSG_HDRLEN <= n && m->err == 0) {
		uint32_t len = rd32(buf + off);
		uint16_t type = rd16(buf + off + 4);
		const uint8_t *pl;
		size_t pn, al;

		if (len < NLMSG_HDRLEN || len > n - off) {
			fw_model_fail(m, FWE_MALFORMED, "truncated netlink message");
			break;
		}
		pl = buf + off + NLMSG_HDRLEN;
		pn = len - NLMSG_HDRLEN;
		al = NLMSG_ALIGN((size_t)len);
		off = al > n - off ? n : off + al;
		if (type == NLMSG_ERROR) {
			int32_t err = pn >= 4 ? (int32_t)rd32(pl) : -1;

			if (err != 0)
				fw_model_fail(m, FWE_KERNEL, "the kernel refused a dump");
			continue;
		}
		if (type == NLMSG_DONE || type == NLMSG_NOOP ||
		    (type >> 8) != NFNL_SUBSYS_NFTABLES)
			continue;
		if (pn < sizeof(struct nfgenmsg)) {
			fw_model_fail(m, FWE_MALFORMED, "short nftables message");
			break;
		}
		switch (type & 0xff) {
		case NFT_MSG_NEWCHAIN:
			chain_msg(m, pl[0], pl + 4, pn - 4);
			break;
		case NFT_MSG_NEWSET:
			set_msg(m, pl[0], pl + 4, pn - 4);
			break;
		case NFT_MSG_NEWSETELEM:
			setelem_msg(m, pl[0], pl + 4, pn - 4);
			break;
		case NFT_MSG_NEWRULE:
			rule_msg(m, pl[0], pl + 4, pn - 4);
			break;
		default:
			break;
		}
	}
	if (off < n && m->err == 0)
		fw_model_fail(m, FWE_MALFORMED, "trailing bytes after the last message");
	return m->err ? -1 : 0;
}

size_t
nfmsg_sets(const uint8_t *buf, size_t n,
    void (*fn)(uint8_t family, const char *table, const char *set, void *arg),
    void *arg)
{
	size_t off = 0, count = 0;

	while (off + NLMSG_HDRLEN <= n) {
		uint32_t len = rd32(buf + off);
		uint16_t type = rd16(buf + off + 4);
		struct attr t[MAXATTR];
		char tn[NAMEMAX + 1], sn[NAMEMAX + 1];
		const char *a, *b;
		size_t al, at, bt;

		if (len < NLMSG_HDRLEN || len > n - off)
			break;
		if ((type >> 8) == NFNL_SUBSYS_NFTABLES &&
		    (type & 0xff) == NFT_MSG_NEWSET &&
		    len >= NLMSG_HDRLEN + 4 &&
		    attrs(buf + off + NLMSG_HDRLEN + 4,
		    len - NLMSG_HDRLEN - 4, t) == 0) {
			at = str(&t[NFTA_SET_TABLE], &a);
			bt = str(&t[NFTA_SET_NAME], &b);
			if (at > 0 && at <= NAMEMAX && bt > 0 && bt <= NAMEMAX) {
				memcpy(tn, a, at);
				tn[at] = '\0';
				memcpy(sn, b, bt);
				sn[bt] = '\0';
				fn(buf[off + NLMSG_HDRLEN], tn, sn, arg);
				count++;
			}
		}
		al = NLMSG_ALIGN((size_t)len);
		if (al > n - off)
			break;
		off += al;
	}
	return count;
}

int64_t
nfmsg_genid(const uint8_t *buf, size_t n)
{
	size_t off = 0;

	while (off + NLMSG_HDRLEN <= n) {
		uint32_t len = rd32(buf + off);
		uint16_t type = rd16(buf + off + 4);
		struct attr t[MAXATTR];
		size_t al;

		if (len < NLMSG_HDRLEN || len > n - off)
			return -1;
		if ((type >> 8) == NFNL_SUBSYS_NFTABLES &&
		    (type & 0xff) == NFT_MSG_NEWGEN &&
		    len >= NLMSG_HDRLEN + 4 &&
		    attrs(buf + off + NLMSG_HDRLEN + 4,
		    len - NLMSG_HDRLEN - 4, t) == 0 && t[NFTA_GEN_ID].set)
			return (int64_t)be32(&t[NFTA_GEN_ID]);
		al = NLMSG_ALIGN((size_t)len);
		if (al > n - off)
			return -1;
		off += al;
	}
	return -1;
}
