/*
 * xtmatch.c - xtables match and target payloads into model expressions
 * (xtmatch.h).  Payloads are kernel structs in host layout; each is copied
 * out only when the payload is at least as long as the struct.
 */
#include <string.h>

#include <linux/netfilter/xt_conntrack.h>
#include <linux/netfilter/xt_multiport.h>
#include <linux/netfilter/xt_state.h>
#include <linux/netfilter/xt_tcpudp.h>

#include "xtmatch.h"

/* The conntrack state bit of a packet opening a new connection. */
#define CT_NEW_BIT	(1u << (2 + 1))	/* IP_CT_NEW = 2 */

static int
cond(struct fw_model *m, int c)
{
	struct fw_expr *e = fw_expr_new(m);

	if (e == NULL)
		return -1;
	e->type = FX_COND;
	e->a = (uint8_t)c;
	return 0;
}

static int
ports(struct fw_model *m, uint8_t proto, uint16_t lo, uint16_t hi, int inv)
{
	struct fw_expr *e;
	uint32_t s;

	if (lo == 0 && hi == 0xffff && !inv)
		return 0;	/* every port: no condition */
	if ((e = fw_expr_new(m)) == NULL)
		return -1;
	e->type = FX_PROTO;
	e->a = proto;
	if (lo > hi)
		return cond(m, inv ? FC_TRUE : FC_FALSE);
	if ((s = fw_set_interval(m, lo, hi)) == FW_NONE)
		return -1;
	if ((e = fw_expr_new(m)) == NULL)
		return -1;
	e->type = FX_PORTS;
	e->set = s;
	e->inv = (uint8_t)(inv != 0);
	return 0;
}

static int
multiport(struct fw_model *m, const uint8_t *data, size_t len)
{
	struct xt_multiport_v1 mp;
	struct fw_expr *e;
	uint32_t s = FW_NONE;
	unsigned i;

	if (len < sizeof(mp))
		return cond(m, FC_MAYBE);
	memcpy(&mp, data, sizeof(mp));
	if (mp.flags != XT_MULTIPORT_DESTINATION || mp.count == 0 ||
	    mp.count > XT_MULTI_PORTS)
		return cond(m, FC_MAYBE);
	for (i = 0; i < mp.count; i++) {
		uint16_t lo = mp.ports[i], hi = lo;
		struct fw_set one;
		uint32_t k;

		if (mp.pflags[i]) {
			if (i + 1 >= mp.count)
				return cond(m, FC_MAYBE);
			hi = mp.ports[++i];
		}
		if (s == FW_NONE) {
			memset(&one, 0, sizeof(one));
			one.key_len = 2;
			one.name = FW_NONE;
			one.table = FW_NONE;
			if ((s = fw_set_add(m, &one)) == FW_NONE)
				return -1;
		}
		k = lo <= hi ? hi : lo;
		if (fw_elem_add(m, s, lo <= hi ? lo : hi, k, 2, 0,
		    FW_NONE) != 0)
			return -1;
	}
	if ((e = fw_expr_new(m)) == NULL)
		return -1;
	e->type = FX_PORTS;
	e->set = s;
	e->inv = mp.invert != 0;
	return 0;
}

static int
ctstate(struct fw_model *m, unsigned mask, int inv)
{
	int hit = (mask & CT_NEW_BIT) != 0;

	if (inv)
		hit = !hit;
	return cond(m, hit ? FC_TRUE : FC_FALSE);
}

static int
conntrack(struct fw_model *m, uint8_t rev, const uint8_t *data, size_t len)
{
	unsigned flags, invf, mask;

	if (rev == 1) {
		struct xt_conntrack_mtinfo1 c;

		if (len < sizeof(c))
			return cond(m, FC_MAYBE);
		memcpy(&c, data, sizeof(c));
		flags = c.match_flags;
		invf = c.invert_flags;
		mask = c.state_mask;
	} else if (rev == 2 || rev == 3) {
		struct xt_conntrack_mtinfo2 c;

		if (len < sizeof(c))
			return cond(m, FC_MAYBE);
		memcpy(&c, data, sizeof(c));
		flags = c.match_flags;
		invf = c.invert_flags;
		mask = c.state_mask;
	} else
		return cond(m, FC_MAYBE);
	if (flags == XT_CONNTRACK_STATE)
		return ctstate(m, mask, (invf & XT_CONNTRACK_STATE) != 0);
	if (flags & XT_CONNTRACK_STATE) {
		/* Other conditions too: false stays false, else maybe. */
		int hit = (mask & CT_NEW_BIT) != 0;

		if ((invf & XT_CONNTRACK_STATE) != 0)
			hit = !hit;
		return cond(m, hit ? FC_MAYBE : FC_FALSE);
	}
	return cond(m, FC_MAYBE);
}

int
xt_match(struct fw_model *m, const char *name, uint8_t rev,
    const uint8_t *data, size_t len)
{
	if (strcmp(name, "tcp") == 0) {
		struct xt_tcp t;

		if (len < sizeof(t))
			return cond(m, FC_MAYBE);
		memcpy(&t, data, sizeof(t));
		if (t.spts[0] != 0 || t.spts[1] != 0xffff ||
		    t.flg_mask != 0 || t.option != 0 ||
		    (t.invflags & ~XT_TCP_INV_DSTPT) != 0) {
			if (ports(m, 6, t.dpts[0], t.dpts[1],
			    t.invflags & XT_TCP_INV_DSTPT) != 0)
				return -1;
			return cond(m, FC_MAYBE);
		}
		return ports(m, 6, t.dpts[0], t.dpts[1],
		    t.invflags & XT_TCP_INV_DSTPT);
	}
	if (strcmp(name, "udp") == 0) {
		struct xt_udp u;

		if (len < sizeof(u))
			return cond(m, FC_MAYBE);
		memcpy(&u, data, sizeof(u));
		if (ports(m, 17, u.dpts[0], u.dpts[1],
		    u.invflags & XT_UDP_INV_DSTPT) != 0)
			return -1;
		if (u.spts[0] != 0 || u.spts[1] != 0xffff ||
		    (u.invflags & ~XT_UDP_INV_DSTPT) != 0)
			return cond(m, FC_MAYBE);
		return 0;
	}
	if (strcmp(name, "multiport") == 0 && rev == 1)
		return multiport(m, data, len);
	if (strcmp(name, "state") == 0) {
		struct xt_state_info s;

		if (len < sizeof(s))
			return cond(m, FC_MAYBE);
		memcpy(&s, data, sizeof(s));
		return ctstate(m, s.statemask, 0);
	}
	if (strcmp(name, "conntrack") == 0)
		return conntrack(m, rev, data, len);
	if (strcmp(name, "comment") == 0)
		return 0;
	return cond(m, FC_MAYBE);
}

int
xt_target(struct fw_model *m, const char *name, const uint8_t *data,
    size_t len)
{
	static const char *const quiet[] = { "LOG", "NFLOG", "MARK",
	    "CONNMARK", "CT", "TRACE", "AUDIT", "ULOG", "CLASSIFY", "DSCP",
	    "TOS", "SECMARK", "CONNSECMARK", "NOTRACK" };
	struct fw_expr *e;
	size_t i;

	(void)data;
	(void)len;
	for (i = 0; i < sizeof(quiet) / sizeof(quiet[0]); i++)
		if (strcmp(name, quiet[i]) == 0)
			return 0;
	if ((e = fw_expr_new(m)) == NULL)
		return -1;
	if (strcmp(name, "REJECT") == 0 || strcmp(name, "DROP") == 0) {
		e->type = FX_VERDICT;
		e->verdict = FV_DROP;
		return 0;
	}
	if (strcmp(name, "DNAT") == 0 || strcmp(name, "SNAT") == 0 ||
	    strcmp(name, "MASQUERADE") == 0 || strcmp(name, "REDIRECT") == 0 ||
	    strcmp(name, "NETMAP") == 0)
		m->has_nat = 1;
	if (strcmp(name, "ACCEPT") == 0) {
		e->type = FX_VERDICT;
		e->verdict = FV_ACCEPT;
		return 0;
	}
	e->type = FX_OPAQUE;
	e->name = fw_name_add(m, name, strlen(name));
	m->n_opaque++;
	return 0;
}
