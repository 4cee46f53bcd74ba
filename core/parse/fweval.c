/*
 * fweval.c - the reachability evaluator (fweval.h).
 */
#include <string.h>

#include "fweval.h"
#include "netaddr.h"

#define NFPROTO_V4	2
#define NFPROTO_V6	10
#define CT_NEW		0x08u	/* NF_CT_STATE_BIT(IP_CT_NEW) */
#define LO_IFINDEX	1u	/* loopback is ifindex 1 in every namespace */

enum kind { K_UNK = 0, K_CONST, K_DPORT, K_NOTLO_IF, K_NOTLO_NAME,
	K_SADDR4, K_SADDR6, K_PORTS };	/* K_PORTS: source and destination port */

struct slot {
	uint8_t kind, part;
	uint8_t b[4];		/* K_CONST bytes */
	uint8_t mask[4];	/* K_SADDR*: bits kept by a bitwise and */
};

/* Phantom (unlisted port) state of a port condition. */
enum { PH_OUT = 0, PH_IN, PH_MAYBE };

struct cls {
	uint8_t fam, proto;
};

/* ---- bitmaps ---------------------------------------------------------- */

static void
ps_fill(struct fw_pset *s)
{
	memset(s->w, 0xff, sizeof(s->w[0]) * (FW_PW - 1));
	s->w[FW_PW - 1] = 1;
}

static void
ps_zero(struct fw_pset *s)
{
	memset(s->w, 0, sizeof(s->w));
}

static int
ps_empty(const struct fw_pset *s)
{
	size_t i;

	for (i = 0; i < FW_PW; i++)
		if (s->w[i])
			return 0;
	return 1;
}

static void
ps_set_range(struct fw_pset *s, uint32_t lo, uint32_t hi)
{
	uint32_t i;

	if (hi > 65535)
		hi = 65535;
	if (lo > hi)
		return;
	/* whole words in the middle */
	while (lo <= hi && (lo & 63) != 0) {
		s->w[lo >> 6] |= (uint64_t)1 << (lo & 63);
		lo++;
	}
	while (lo + 63 <= hi && lo <= 65535 - 63) {
		s->w[lo >> 6] = ~(uint64_t)0;
		lo += 64;
		if (lo == 0)
			return;
	}
	for (i = lo; i <= hi && i <= 65535; i++)
		s->w[i >> 6] |= (uint64_t)1 << (i & 63);
}

uint32_t
fw_pset_count(const struct fw_pset *s)
{
	uint32_t n = 0;
	size_t i;

	for (i = 0; i < FW_PW - 1; i++)
		n += (uint32_t)__builtin_popcountll(s->w[i]);
	return n;
}

/* d |= a & m */
static void
or_and(struct fw_pset *d, const struct fw_pset *a, const struct fw_mset *m)
{
	size_t i;

	if (m->empty)
		return;
	if (m->all) {
		for (i = 0; i < FW_PW; i++)
			d->w[i] |= a->w[i];
		return;
	}
	for (i = 0; i < FW_PW; i++)
		d->w[i] |= a->w[i] & m->s.w[i];
}

/* d &= ~m */
static void
and_not(struct fw_pset *d, const struct fw_mset *m)
{
	size_t i;

	if (m->empty)
		return;
	if (m->all) {
		ps_zero(d);
		return;
	}
	for (i = 0; i < FW_PW; i++)
		d->w[i] &= ~m->s.w[i];
}

/* m &= p (p: a port condition with its unlisted-port state) */
static void
ms_and(struct fw_mset *m, const struct fw_pset *p, int ph, int for_def)
{
	uint64_t last;
	size_t i;

	if (m->empty)
		return;
	last = (ph == PH_IN || (ph == PH_MAYBE && !for_def)) ? 1 : 0;
	if (m->all) {
		memcpy(m->s.w, p->w, sizeof(p->w[0]) * (FW_PW - 1));
		m->s.w[FW_PW - 1] = last;
		m->all = 0;
	} else {
		for (i = 0; i < FW_PW - 1; i++)
			m->s.w[i] &= p->w[i];
		m->s.w[FW_PW - 1] &= last;
	}
	m->empty = ps_empty(&m->s);
}

static void
ms_none(struct fw_mset *m)
{
	m->all = 0;
	m->empty = 1;
}

/* ---- port conditions -------------------------------------------------- */

/* w->p.s = the ports of the condition; returns the unlisted state. */
static int
cond_finish(struct fw_pset *p, int ph, int inv)
{
	size_t i;
	int full = 1, none = 1;

	if (inv) {
		for (i = 0; i < FW_PW - 1; i++)
			p->w[i] = ~p->w[i];
		if (ph == PH_IN)
			ph = PH_OUT;
		else if (ph == PH_OUT)
			ph = PH_IN;
	}
	for (i = 0; i < FW_PW - 1; i++) {
		if (p->w[i] != ~(uint64_t)0)
			full = 0;
		if (p->w[i] != 0)
			none = 0;
	}
	if (full)
		ph = PH_IN;
	if (none && ph == PH_MAYBE)
		ph = PH_OUT;
	return ph;
}

static int
set_ports(const struct fw_model *m, uint32_t set, struct fw_pset *p, int inv)
{
	const struct fw_set *s = &m->sets[set];
	uint32_t i;

	ps_zero(p);
	for (i = 0; i < s->n; i++) {
		const struct fw_elem *e = &m->elems[s->first + i];

		if (e->is_end == 1)
			continue;
		ps_set_range(p, e->lo, e->hi);
	}
	p->w[FW_PW - 1] = 0;
	return cond_finish(p, PH_OUT, inv);
}

static int
cmp_ports(uint8_t op, uint32_t v, struct fw_pset *p)
{
	int ph = PH_OUT;	/* a port no rule names is outside what it names */

	ps_zero(p);
	switch (op) {
	case FO_EQ:
		ps_set_range(p, v, v);
		ph = PH_OUT;
		break;
	case FO_NEQ:
		ps_set_range(p, v, v);
		return cond_finish(p, PH_OUT, 1);
	case FO_LT:
		if (v > 0)
			ps_set_range(p, 0, v - 1);
		break;
	case FO_LTE:
		ps_set_range(p, 0, v);
		break;
	case FO_GT:
		ps_set_range(p, v + 1, 65535);
		break;
	default:
		ps_set_range(p, v, 65535);
		break;
	}
	return cond_finish(p, ph, 0);
}

/* ---- one rule --------------------------------------------------------- */

struct rstate {
	struct slot r[16];
	uint8_t verdict;
	uint32_t target;
	uint32_t vmap;		/* verdict map set, or FW_NONE */
	uint8_t vmap_slot;
};

static int
load(struct rstate *st, uint8_t d, uint8_t len, uint8_t kind,
    const uint8_t *cbytes)
{
	unsigned n = ((unsigned)len + 3) / 4, i;

	if (len == 0 || d + n > 16)
		return -1;
	for (i = 0; i < n; i++) {
		struct slot *s = &st->r[d + i];

		memset(s, 0, sizeof(*s));
		s->kind = kind;
		s->part = (uint8_t)i;
		memset(s->mask, 0xff, 4);
		if (kind == K_CONST && cbytes != NULL) {
			unsigned k;

			for (k = 0; k < 4 && i * 4 + k < len; k++)
				s->b[k] = cbytes[i * 4 + k];
		}
	}
	return 0;
}

static void
load_payload(struct rstate *st, const struct fw_expr *x, struct cls c)
{
	uint8_t b = c.proto;

	if (x->a == 1 && c.fam == FW_IPV4 && x->off == 9 && x->len == 1)
		(void)load(st, x->dreg, 1, K_CONST, &b);
	else if (x->a == 1 && c.fam == FW_IPV6 && x->off == 6 && x->len == 1)
		(void)load(st, x->dreg, 1, K_CONST, &b);
	else if (x->a == 1 && c.fam == FW_IPV4 && x->off == 12 && x->len == 4)
		(void)load(st, x->dreg, 4, K_SADDR4, NULL);
	else if (x->a == 1 && c.fam == FW_IPV6 && x->off == 8 && x->len == 16)
		(void)load(st, x->dreg, 16, K_SADDR6, NULL);
	else if (x->a == 2 && x->off == 2 && x->len == 2)
		(void)load(st, x->dreg, 2, K_DPORT, NULL);
	else if (x->a == 2 && x->off == 0 && x->len == 4)
		(void)load(st, x->dreg, 4, K_PORTS, NULL);	/* iptables-nft's sport+dport */
	else
		(void)load(st, x->dreg, x->len ? x->len : 4, K_UNK, NULL);
}

static void
load_meta(struct rstate *st, const struct fw_expr *x, struct cls c)
{
	uint8_t b[4] = { 0, 0, 0, 0 };

	switch (x->a) {
	case 15:	/* NFT_META_NFPROTO */
		b[0] = c.fam == FW_IPV4 ? NFPROTO_V4 : NFPROTO_V6;
		(void)load(st, x->dreg, 1, K_CONST, b);
		break;
	case 16:	/* NFT_META_L4PROTO */
		b[0] = c.proto;
		(void)load(st, x->dreg, 1, K_CONST, b);
		break;
	case 1:		/* NFT_META_PROTOCOL (ethertype, big-endian) */
		b[0] = c.fam == FW_IPV4 ? 0x08 : 0x86;
		b[1] = c.fam == FW_IPV4 ? 0x00 : 0xdd;
		(void)load(st, x->dreg, 2, K_CONST, b);
		break;
	case 4:		/* NFT_META_IIF */
		(void)load(st, x->dreg, 4, K_NOTLO_IF, NULL);
		break;
	case 6:		/* NFT_META_IIFNAME */
		(void)load(st, x->dreg, 16, K_NOTLO_NAME, NULL);
		break;
	default:
		(void)load(st, x->dreg, 16, K_UNK, NULL);
		break;
	}
}

static void
load_ct(const struct fw_model *m, struct rstate *st, const struct fw_expr *x)
{
	uint32_t v = CT_NEW;	/* host order, as the kernel stores it */
	uint8_t b[4];

	if (x->a == 0) {
		memcpy(b, &v, 4);
		(void)load(st, x->dreg, 4, K_CONST, b);
	} else if (x->a == 1) {	/* direction: original */
		memset(b, 0, 4);
		(void)load(st, x->dreg, 1, K_CONST, b);
	} else if (x->a == 2 && !m->has_nat) {
		/* status: a new connection nobody NATs has no status bit
		 * that rules test (dnat, snat, expected, seen-reply...). */
		memset(b, 0, 4);
		(void)load(st, x->dreg, 4, K_CONST, b);
	} else
		(void)load(st, x->dreg, 16, K_UNK, NULL);
}

/* The kind shared by the slots of [s, s+len), or K_UNK. */
static int
span(const struct rstate *st, uint8_t s, uint8_t len, uint8_t *kind)
{
	unsigned n = ((unsigned)len + 3) / 4, i;

	if (len == 0 || s + n > 16)
		return -1;
	*kind = st->r[s].kind;
	for (i = 1; i < n; i++)
		if (st->r[s + i].kind != *kind ||
		    st->r[s + i].part != st->r[s].part + i)
			*kind = K_UNK;
	return 0;
}

static void
gather(const struct rstate *st, uint8_t s, uint8_t len, uint8_t *out)
{
	unsigned i;

	for (i = 0; i < len; i++)
		out[i] = st->r[s + i / 4].b[i % 4];
}

static uint32_t
port_of(const uint8_t *d)
{
	return na_be16(d);
}

/* A cmp/range/lookup on a concrete value. */
static int
cmp_bytes(uint8_t op, const uint8_t *a, const uint8_t *b, size_t n)
{
	int d = memcmp(a, b, n);

	switch (op) {
	case FO_EQ:
		return d == 0;
	case FO_NEQ:
		return d != 0;
	case FO_LT:
		return d < 0;
	case FO_LTE:
		return d <= 0;
	case FO_GT:
		return d > 0;
	default:
		return d >= 0;
	}
}

/* What a cmp says about a stranger: FC_TRUE / FC_FALSE / FC_MAYBE, or -1
 * for a port condition left in w->p. */
static int
cmp_eval(const struct rstate *st, const struct fw_expr *x, struct fw_work *w,
    int *ph)
{
	static const uint8_t lo16[16] = { 'l', 'o' };
	uint8_t kind, buf[16];
	const struct slot *s;

	if (span(st, x->sreg, x->len, &kind) != 0)
		return FC_MAYBE;
	s = &st->r[x->sreg];
	switch (kind) {
	case K_CONST:
		gather(st, x->sreg, x->len, buf);
		return cmp_bytes(x->op, buf, x->data, x->len) ? FC_TRUE : FC_FALSE;
	case K_DPORT:
		if (x->len != 2 || s->part != 0)
			return FC_MAYBE;
		*ph = cmp_ports(x->op, port_of(x->data), &w->p.s);
		return -1;
	case K_PORTS:
		/* sport == a && dport == b: the port b, and maybe. */
		if (x->len != 4 || x->op != FO_EQ)
			return FC_MAYBE;
		*ph = cmp_ports(FO_EQ, port_of(x->data + 2), &w->p.s);
		return -2;
	case K_NOTLO_IF:
		if (x->len == 4 && (x->op == FO_EQ || x->op == FO_NEQ)) {
			uint32_t v;

			memcpy(&v, x->data, 4);
			if (v == LO_IFINDEX)
				return x->op == FO_EQ ? FC_FALSE : FC_TRUE;
		}
		return FC_MAYBE;
	case K_NOTLO_NAME:
		/* Equal to "lo" up to and including its NUL: the packet
		 * came in on lo, which a stranger's does not. */
		if ((x->op == FO_EQ || x->op == FO_NEQ) && s->part == 0 &&
		    x->len >= 3 && memcmp(x->data, lo16, x->len) == 0)
			return x->op == FO_EQ ? FC_FALSE : FC_TRUE;
		return FC_MAYBE;
	case K_SADDR4:
		if ((x->op == FO_EQ || x->op == FO_NEQ) && s->part == 0 &&
		    x->len >= 1 && s->mask[0] == 0xff && x->data[0] == 127)
			return x->op == FO_EQ ? FC_FALSE : FC_TRUE;
		return FC_MAYBE;
	case K_SADDR6:
		if ((x->op == FO_EQ || x->op == FO_NEQ) && s->part == 0 &&
		    x->len == 16) {
			static const uint8_t one[16] = { [15] = 1 };
			unsigned i;
			int exact = 1;

			for (i = 0; i < 4; i++)
				if (memcmp(st->r[x->sreg + i].mask,
				    "\xff\xff\xff\xff", 4) != 0)
					exact = 0;
			if (exact && memcmp(x->data, one, 16) == 0)
				return x->op == FO_EQ ? FC_FALSE : FC_TRUE;
		}
		return FC_MAYBE;
	default:
		return FC_MAYBE;
	}
}

static void
bitwise(struct rstate *st, const struct fw_expr *x)
{
	uint8_t kind, buf[16];
	unsigned i, n = ((unsigned)x->len + 3) / 4;
	struct slot src[4];

	if (span(st, x->sreg, x->len, &kind) != 0 || n > 4 ||
	    x->dreg + n > 16) {
		if (x->dreg < 16)
			(void)load(st, x->dreg, x->len ? x->len : 4, K_UNK, NULL);
		return;
	}
	memcpy(src, &st->r[x->sreg], n * sizeof(src[0]));
	if (kind == K_CONST) {
		for (i = 0; i < x->len; i++)
			buf[i] = (uint8_t)((src[i / 4].b[i % 4] & x->data[i]) ^
			    x->data2[i]);
		(void)load(st, x->dreg, x->len, K_CONST, buf);
		return;
	}
	for (i = 0; i < x->len; i++)
		if (x->data2[i] != 0)
			kind = K_UNK;
	if (kind == K_DPORT && x->len == 2 && x->data[0] == 0xff &&
	    x->data[1] == 0xff) {
		st->r[x->dreg] = src[0];
		return;
	}
	if (kind == K_SADDR4 || kind == K_SADDR6) {
		for (i = 0; i < n; i++) {
			unsigned k;

			st->r[x->dreg + i] = src[i];
			for (k = 0; k < 4; k++)
				st->r[x->dreg + i].mask[k] &=
				    i * 4 + k < x->len ? x->data[i * 4 + k] : 0;
		}
		return;
	}
	(void)load(st, x->dreg, x->len, K_UNK, NULL);
}

/* A lookup on a concrete key: member or not. */
static int
set_has(const struct fw_model *m, uint32_t set, uint32_t v)
{
	const struct fw_set *s = &m->sets[set];
	uint32_t i;

	for (i = 0; i < s->n; i++) {
		const struct fw_elem *e = &m->elems[s->first + i];

		if (e->is_end != 1 && e->lo <= v && v <= e->hi)
			return 1;
	}
	return 0;
}

/*
 * Interprets rule ri for class c: w->mdef / w->mposs = the ports for which
 * the rule surely / possibly matches, st->verdict its verdict.  Returns 0,
 * or 1 when the rule cannot match at all.
 */
static int
rule_eval(const struct fw_model *m, uint32_t ri, struct cls c,
    struct fw_work *w, struct rstate *st)
{
	const struct fw_rule *r = &m->rules[ri];
	uint32_t i;
	uint8_t kind, buf[16];

	memset(st->r, 0, sizeof(st->r));
	st->verdict = FV_NONE;
	st->target = FW_NONE;
	st->vmap = FW_NONE;
	w->mdef.all = w->mposs.all = 1;
	w->mdef.empty = w->mposs.empty = 0;
	for (i = 0; i < r->n && r->first + i < m->n_exprs; i++) {
		const struct fw_expr *x = &m->exprs[r->first + i];
		int res = FC_TRUE, ph = PH_OUT;

		switch (x->type) {
		case FX_PAYLOAD:
			load_payload(st, x, c);
			break;
		case FX_META:
			load_meta(st, x, c);
			break;
		case FX_CT:
			load_ct(m, st, x);
			break;
		case FX_UNKREG:
			if (x->dreg < 16)
				(void)load(st, x->dreg, x->len, K_UNK, NULL);
			break;
		case FX_IMM:
			if (load(st, x->dreg, x->len, K_CONST, x->data) != 0)
				res = FC_MAYBE;
			break;
		case FX_BITWISE:
			bitwise(st, x);
			break;
		case FX_CMP:
			res = cmp_eval(st, x, w, &ph);
			break;
		case FX_RANGE:
			if (span(st, x->sreg, x->len, &kind) != 0) {
				res = FC_MAYBE;
				break;
			}
			if (kind == K_DPORT && x->len == 2 &&
			    st->r[x->sreg].part == 0) {
				uint32_t lo = port_of(x->data), hi = port_of(x->data2);

				ps_zero(&w->p.s);
				ps_set_range(&w->p.s, lo, hi);
				ph = cond_finish(&w->p.s, PH_OUT, x->op == FO_NEQ);
				res = -1;
			} else if (kind == K_CONST) {
				int in;

				gather(st, x->sreg, x->len, buf);
				in = memcmp(buf, x->data, x->len) >= 0 &&
				    memcmp(buf, x->data2, x->len) <= 0;
				if (x->op == FO_NEQ)
					in = !in;
				res = in ? FC_TRUE : FC_FALSE;
			} else
				res = FC_MAYBE;
			break;
		case FX_LOOKUP: {
			const struct fw_set *s = &m->sets[x->set];

			if (x->set >= m->n_sets) {
				res = FC_MAYBE;
				break;
			}
			if (x->dreg == 0xfe) {
				st->vmap = x->set;
				st->vmap_slot = x->sreg;
				i = r->n;	/* the map decides */
				break;
			}
			if (s->opaque || s->key_len == 0 ||
			    span(st, x->sreg, s->key_len, &kind) != 0) {
				res = FC_MAYBE;
				break;
			}
			if (kind == K_DPORT && s->key_len == 2) {
				ph = set_ports(m, x->set, &w->p.s, x->inv);
				res = -1;
			} else if (kind == K_CONST) {
				uint32_t v;

				gather(st, x->sreg, s->key_len, buf);
				v = na_be_key(buf, s->key_len);
				res = set_has(m, x->set, v) != x->inv ?
				    FC_TRUE : FC_FALSE;
			} else
				res = FC_MAYBE;
			break;
		}
		case FX_VERDICT:
			st->verdict = x->verdict;
			st->target = x->chain;
			i = r->n;
			break;
		case FX_COND:
			res = x->a;
			break;
		case FX_PROTO:
			if (x->a != 0)
				res = (x->a == c.proto) != (x->inv != 0) ?
				    FC_TRUE : FC_FALSE;
			break;
		case FX_IIFNAME: {
			int any = 1, exact_lo = 1;
			unsigned k;

			for (k = 0; k < 16; k++) {
				if (x->data2[k] != 0)
					any = 0;
				if (k < 3 && (x->data2[k] != 0xff ||
				    x->data[k] != (k == 0 ? 'l' : k == 1 ? 'o' : 0)))
					exact_lo = 0;
			}
			if (any)
				res = x->inv ? FC_FALSE : FC_TRUE;
			else if (exact_lo)
				res = x->inv ? FC_TRUE : FC_FALSE;
			else
				res = FC_MAYBE;
			break;
		}
		case FX_PORTS:
			if (x->set >= m->n_sets) {
				res = FC_MAYBE;
				break;
			}
			ph = set_ports(m, x->set, &w->p.s, x->inv);
			res = -1;
			break;
		case FX_OPAQUE:
			st->verdict = FV_UNKNOWN;
			i = r->n;
			break;
		default:
			break;
		}
		if (res == FC_FALSE)
			return 1;
		if (res == FC_MAYBE)
			ms_none(&w->mdef);
		else if (res == -1 || res == -2) {
			if (res == -2)
				ms_none(&w->mdef);
			ms_and(&w->mposs, &w->p.s, ph, 0);
			ms_and(&w->mdef, &w->p.s, ph, 1);
			if (w->mposs.empty)
				return 1;
		}
	}
	return 0;
}

/* ---- chains ----------------------------------------------------------- */

static void
note_opaque(struct fw_work *w, uint32_t ri)
{
	uint32_t i;

	for (i = 0; i < w->n_opaque; i++)
		if (w->opaque[i] == ri)
			return;
	if (w->n_opaque < FW_OPAQUE_MAX)
		w->opaque[w->n_opaque++] = ri;
}

static void
accept_into(struct fw_work *w, const struct fw_pset *f,
    const struct fw_mset *m, uint32_t why)
{
	if (w->tracing && w->n_trace > 0 && !w->tr_acc[w->n_trace - 1]) {
		struct fw_pset t = w->acc;

		or_and(&w->acc, f, m);
		if (memcmp(&t, &w->acc, sizeof(t)) != 0) {
			w->tr_acc[w->n_trace - 1] = 1;
			w->tr_rule[w->n_trace - 1] = why;
		}
		return;
	}
	or_and(&w->acc, f, m);
}

/* The map's elements as verdicts, one after the other (they are disjoint). */
static void
apply_vmap(const struct fw_model *m, struct fw_work *w, struct rstate *st,
    struct fw_frame *fr, uint32_t ri)
{
	const struct fw_set *s = &m->sets[st->vmap];
	uint8_t kind = K_UNK;
	uint32_t i;
	struct fw_mset def = w->mdef, poss = w->mposs;

	if (s->opaque || span(st, st->vmap_slot, s->key_len, &kind) != 0)
		kind = K_UNK;
	for (i = 0; i < s->n; i++) {
		const struct fw_elem *e = &m->elems[s->first + i];
		int ph;

		if (e->is_end == 1)
			continue;
		w->mdef = def;
		w->mposs = poss;
		if (kind == K_DPORT && s->key_len == 2) {
			ps_zero(&w->p.s);
			ps_set_range(&w->p.s, e->lo, e->hi);
			ph = cond_finish(&w->p.s, PH_OUT, 0);
			ms_and(&w->mposs, &w->p.s, ph, 0);
			ms_and(&w->mdef, &w->p.s, ph, 1);
		} else if (kind == K_CONST) {
			uint8_t buf[16];
			uint32_t v;

			gather(st, st->vmap_slot, s->key_len, buf);
			v = na_be_key(buf, s->key_len);
			if (v < e->lo || v > e->hi)
				continue;
		} else
			ms_none(&w->mdef);
		if (w->mposs.empty)
			continue;
		switch (e->verdict) {
		case FV_ACCEPT:
			accept_into(w, &fr->f, &w->mposs, ri);
			and_not(&fr->f, &w->mdef);
			break;
		case FV_DROP:
			and_not(&fr->f, &w->mdef);
			break;
		case FV_RETURN:
			or_and(&fr->ret, &fr->f, &w->mposs);
			and_not(&fr->f, &w->mdef);
			break;
		case FV_NONE:
			break;
		default:	/* jumps from maps are not followed */
			note_opaque(w, ri);
			accept_into(w, &fr->f, &w->mposs, ri);
			break;
		}
	}
}

/* What base chain c accepts of class cls, starting from the ports in
 * w->fr[0].f (set by the caller); the result is in w->acc. */
static void
chain_eval(const struct fw_model *m, uint32_t c, struct cls cls,
    struct fw_work *w)
{
	struct rstate st;
	int depth = 1;

	ps_zero(&w->acc);
	w->fr[0].chain = c;
	w->fr[0].rule = m->chains[c].first;
	ps_zero(&w->fr[0].ret);
	while (depth > 0) {
		struct fw_frame *fr = &w->fr[depth - 1];
		uint32_t ri;

		if (fr->rule == FW_NONE || fr->rule >= m->n_rules ||
		    ps_empty(&fr->f)) {
			size_t i;

			for (i = 0; i < FW_PW; i++)
				fr->f.w[i] |= fr->ret.w[i];
			if (depth == 1) {
				if (m->chains[c].policy != FV_DROP) {
					struct fw_mset all;

					all.all = 1;
					all.empty = 0;
					accept_into(w, &fr->f, &all, FW_NONE);
				}
				break;
			}
			depth--;
			{
				struct fw_frame *pa = &w->fr[depth - 1];
				struct fw_mset md;

				md.all = 0;
				md.empty = 0;
				md.s = pa->mdef;
				and_not(&pa->f, &md);
				for (i = 0; i < FW_PW; i++) {
					if (pa->mode == FV_JUMP)
						pa->f.w[i] |= fr->f.w[i];
					else
						pa->ret.w[i] |= fr->f.w[i];
				}
			}
			continue;
		}
		ri = fr->rule;
		fr->rule = m->rules[ri].next;
		if (rule_eval(m, ri, cls, w, &st) != 0)
			continue;
		if (st.vmap != FW_NONE) {
			apply_vmap(m, w, &st, fr, ri);
			continue;
		}
		switch (st.verdict) {
		case FV_ACCEPT:
			accept_into(w, &fr->f, &w->mposs, ri);
			and_not(&fr->f, &w->mdef);
			break;
		case FV_DROP:
			and_not(&fr->f, &w->mdef);
			break;
		case FV_RETURN:
			or_and(&fr->ret, &fr->f, &w->mposs);
			and_not(&fr->f, &w->mdef);
			break;
		case FV_JUMP:
		case FV_GOTO:
			if (depth < FW_DEPTH && st.target < m->n_chains) {
				struct fw_frame *ch = &w->fr[depth];

				fr->mode = st.verdict;
				if (w->mdef.empty)
					ps_zero(&fr->mdef);
				else if (w->mdef.all)
					ps_fill(&fr->mdef);
				else
					fr->mdef = w->mdef.s;
				ps_zero(&ch->f);
				or_and(&ch->f, &fr->f, &w->mposs);
				ps_zero(&ch->ret);
				ch->chain = st.target;
				ch->rule = m->chains[st.target].first;
				depth++;
				break;
			}
			/* too deep to follow: counted as accepting */
			note_opaque(w, ri);
			accept_into(w, &fr->f, &w->mposs, ri);
			break;
		case FV_UNKNOWN:
			note_opaque(w, ri);
			accept_into(w, &fr->f, &w->mposs, ri);
			break;
		default:
			break;
		}
	}
}

static int
applies(const struct fw_chain *c, uint8_t fam)
{
	return c->base_input && (c->fam & fam) != 0;
}

static void
class_eval(const struct fw_model *m, struct cls cls, struct fw_work *w,
    struct fw_pset *out)
{
	uint32_t c;
	size_t i;

	ps_fill(out);
	for (c = 0; c < m->n_chains; c++) {
		if (!applies(&m->chains[c], cls.fam))
			continue;
		ps_fill(&w->fr[0].f);
		chain_eval(m, c, cls, w);
		for (i = 0; i < FW_PW; i++)
			out->w[i] &= w->acc.w[i];
	}
}

void
fw_eval_family(const struct fw_model *m, uint8_t fam, struct fw_work *w,
    struct fw_family_result *r)
{
	struct cls t = { fam, 6 }, u = { fam, 17 };
	uint32_t c;
	int active = 0;

	memset(r, 0, sizeof(*r));
	w->tracing = 0;
	for (c = 0; c < m->n_chains; c++)
		if (applies(&m->chains[c], fam)) {
			r->n_chains++;
			if (m->chains[c].n > 0 || m->chains[c].policy == FV_DROP)
				active = 1;
		}
	class_eval(m, t, w, &r->tcp);
	class_eval(m, u, w, &r->udp);
	if (!active)
		r->verdict = FWV_INACTIVE;
	else if (fw_pset_has(&r->tcp, FW_UNLISTED) ||
	    fw_pset_has(&r->udp, FW_UNLISTED) ||
	    fw_pset_count(&r->tcp) >= 65535 || fw_pset_count(&r->udp) >= 65535)
		r->verdict = FWV_PERMISSIVE;
	else
		r->verdict = FWV_ACTIVE_DENY;
}

int
fw_eval_trace(const struct fw_model *m, uint8_t fam, uint8_t proto,
    uint32_t port, struct fw_work *w)
{
	struct cls cls = { fam, proto };
	uint32_t c;
	int all = 1;

	w->tracing = 1;
	w->n_trace = 0;
	for (c = 0; c < m->n_chains && w->n_trace < FW_TRACE_MAX; c++) {
		if (!applies(&m->chains[c], fam))
			continue;
		w->tr_chain[w->n_trace] = c;
		w->tr_rule[w->n_trace] = FW_NONE;
		w->tr_acc[w->n_trace] = 0;
		w->n_trace++;
		ps_zero(&w->fr[0].f);
		ps_set_range(&w->fr[0].f, port, port);
		chain_eval(m, c, cls, w);
		if (!fw_pset_has(&w->acc, port))
			all = 0;
	}
	w->tracing = 0;
	return all;
}
