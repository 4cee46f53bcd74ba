/*
 * fwmodel.h - the rule model shared by the nftables decoder (nfmsg.c), the
 * legacy iptables walker (iptentries.c) and the evaluator (fweval.c).
 *
 * Everything lives in caller-owned arrays (fw_model_init() takes them);
 * nothing here allocates or does I/O.  Capacities are hard bounds: an
 * input that does not fit sets the sticky error and the check reports
 * `unknown`, never a partial verdict.
 *
 * Expressions keep nftables' register machine (payload/meta/ct loads,
 * cmp, bitwise, range, lookup, immediate), so the evaluator interprets
 * exactly what the kernel runs.  Legacy iptables entries and xtables
 * matches are translated into the same expressions plus a few direct
 * conditions (FX_COND, FX_PROTO, FX_IIFNAME, FX_PORTS).
 */
#ifndef SIGNOFF_FWMODEL_H
#define SIGNOFF_FWMODEL_H

#include <stddef.h>
#include <stdint.h>

/* Families a chain applies to (bit mask). */
#define FW_IPV4		1u
#define FW_IPV6		2u

/* Verdicts (rules, chain policies, map data). */
enum fw_verdict {
	FV_NONE = 0,	/* no verdict: the next rule */
	FV_ACCEPT,
	FV_DROP,	/* drop and reject */
	FV_JUMP,
	FV_GOTO,
	FV_RETURN,
	FV_UNKNOWN	/* queue, or anything the analyser cannot follow */
};

enum fw_expr_type {
	FX_NOP = 0,	/* counter, log, notrack, comment, ... */
	FX_PAYLOAD,	/* a: base, off: offset, len, dreg */
	FX_META,	/* a: key, dreg */
	FX_CT,		/* a: key, dreg */
	FX_UNKREG,	/* an unmodelled load into dreg (len bytes) */
	FX_CMP,		/* sreg, op, len, data */
	FX_BITWISE,	/* sreg, dreg, len, data (mask), data2 (xor) */
	FX_RANGE,	/* sreg, op (eq/neq), len, data (from), data2 (to) */
	FX_LOOKUP,	/* sreg, set, inv; dreg 0 = verdict map, 0xff = none */
	FX_IMM,		/* dreg, len, data */
	FX_VERDICT,	/* verdict, chain (jump/goto target) */
	FX_COND,	/* a: FC_TRUE / FC_FALSE / FC_MAYBE */
	FX_PROTO,	/* l4 protocol a (0 = any), inv */
	FX_IIFNAME,	/* data: name, data2: mask (iptables semantics), inv */
	FX_PORTS,	/* destination port in set, inv (xtables tcp/udp/multiport) */
	FX_OPAQUE	/* not understood: name = expression or match name */
};

enum fw_cond { FC_TRUE = 0, FC_FALSE, FC_MAYBE };

/* cmp operators, as nftables numbers them. */
enum fw_cmp_op { FO_EQ = 0, FO_NEQ, FO_LT, FO_LTE, FO_GT, FO_GTE };

struct fw_expr {
	uint8_t type;
	uint8_t a;		/* payload base, meta/ct key, cond, proto */
	uint8_t op;
	uint8_t sreg, dreg;	/* 4-byte slots 0..15; dreg 0xff = none */
	uint8_t len;
	uint8_t inv;
	uint8_t verdict;	/* FX_VERDICT */
	uint16_t off;		/* payload offset */
	uint32_t chain;		/* FX_VERDICT jump target (index) */
	uint32_t set;		/* FX_LOOKUP / FX_PORTS */
	uint32_t name;		/* FX_OPAQUE: offset in the name arena */
	uint8_t data[16];
	uint8_t data2[16];
};

struct fw_chain {
	uint8_t fam;		/* FW_IPV4 | FW_IPV6 */
	uint8_t base_input;	/* a base chain on the input hook */
	uint8_t policy;		/* FV_ACCEPT or FV_DROP (base chains) */
	uint8_t legacy;		/* from iptables-legacy */
	uint8_t nfproto;	/* NFPROTO_* of the table (2 ip, 10 ip6, 1 inet) */
	int32_t prio;
	uint32_t table;		/* name arena offsets */
	uint32_t name;
	uint32_t first, last, n;	/* rules: a list through fw_rule.next */
};

struct fw_rule {
	uint32_t chain;
	uint32_t first, n;	/* expressions */
	uint32_t next;		/* next rule of the chain, FW_NONE at the end */
	uint64_t handle;	/* nftables handle, or legacy rule number */
};

/* A set: intervals [lo, hi] of keys of at most 4 bytes, big-endian.
 * Longer keys (concatenations) are kept as opaque: lookups are "maybe". */
struct fw_set {
	uint8_t nfproto;
	uint8_t opaque;		/* key longer than 4 bytes */
	uint8_t interval;	/* NFT_SET_INTERVAL */
	uint8_t map;		/* verdict map */
	uint8_t key_len;
	uint32_t table, name;
	uint32_t first, n;	/* elements (contiguous) */
};

struct fw_elem {
	uint32_t set;
	uint32_t lo, hi;
	uint8_t is_end;		/* interval end marker (exclusive) */
	uint8_t verdict;	/* verdict maps */
	uint32_t chain;
};

struct fw_model {
	struct fw_chain *chains;
	struct fw_rule *rules;
	struct fw_expr *exprs;
	struct fw_set *sets;
	struct fw_elem *elems;
	char *names;
	uint32_t n_chains, n_rules, n_exprs, n_sets, n_elems;
	uint32_t cap_chains, cap_rules, cap_exprs, cap_sets, cap_elems;
	size_t n_names, cap_names;
	int err;		/* sticky: 0 or an FWE_* code */
	const char *why;	/* static text for err */
	uint32_t n_opaque;	/* opaque expressions seen */
	int ufw;		/* a chain named ufw-* exists */
	int firewalld;		/* table inet firewalld exists */
	int has_nat;		/* some rule NATs: ct status is not known */
};

enum { FWE_OK = 0, FWE_FULL, FWE_MALFORMED, FWE_KERNEL };

#define FW_NONE		0xffffffffu

/* Storage for a model: every array caller-owned, sizes in elements. */
struct fw_storage {
	struct fw_chain *chains; uint32_t cap_chains;
	struct fw_rule *rules; uint32_t cap_rules;
	struct fw_expr *exprs; uint32_t cap_exprs;
	struct fw_set *sets; uint32_t cap_sets;
	struct fw_elem *elems; uint32_t cap_elems;
	char *names; size_t cap_names;
};

void fw_model_init(struct fw_model *m, const struct fw_storage *s);
/* Sets the sticky error (first one wins). */
void fw_model_fail(struct fw_model *m, int err, const char *why);
/* Interns a name of n bytes (no NUL inside); returns its offset or
 * FW_NONE (error set). */
uint32_t fw_name_add(struct fw_model *m, const char *s, size_t n);
const char *fw_name(const struct fw_model *m, uint32_t off);
/* Adds a chain; returns its index or FW_NONE. */
uint32_t fw_chain_add(struct fw_model *m, const struct fw_chain *c);
uint32_t fw_chain_find(const struct fw_model *m, uint8_t nfproto,
    uint32_t table, const char *name, size_t n);
uint32_t fw_set_add(struct fw_model *m, const struct fw_set *s);
uint32_t fw_set_find(const struct fw_model *m, uint8_t nfproto,
    uint32_t table, const char *name, size_t n);
struct fw_expr *fw_expr_new(struct fw_model *m);
int fw_elem_add(struct fw_model *m, uint32_t set, uint32_t lo, uint32_t hi,
    int is_end, uint8_t verdict, uint32_t chain);
/* Adds a set of one interval (xtables ports); returns its index. */
uint32_t fw_set_interval(struct fw_model *m, uint32_t lo, uint32_t hi);
/* Adds a rule at the end of chain c; returns its index or FW_NONE. */
uint32_t fw_rule_add(struct fw_model *m, uint32_t c, uint64_t handle);
/*
 * Turns the elements of interval sets (start and end markers, in any
 * order) into [lo, hi] intervals.  Returns 0 or -1 (error set).
 */
int fw_model_finish(struct fw_model *m);

#endif
