/*
 * fweval.h - which new inbound connections from a stranger (a
 * non-loopback source arriving on a non-loopback interface) the rule
 * model accepts, per family and transport protocol.
 *
 * Semantics (nftables and legacy iptables alike): a packet traverses every
 * base chain on the input hook of its family; a drop in any of them wins,
 * so the reachable set is the intersection of what each chain accepts.
 * Within a chain, rules run in order, jumps and gotos are followed with an
 * explicit stack (no recursion; deeper than FW_DEPTH counts as accepting).
 *
 * Each rule is interpreted on nftables' registers with what is known of a
 * stranger's new packet: ct state is NEW, the input interface is not lo,
 * the source address is not loopback, the protocol is the class's, and
 * the destination port is the unknown being solved for.  A condition on
 * anything else (source subnets, rate limits, marks) is "maybe": such a
 * rule may match, so its accept counts and its drop does not.  Port sets
 * are bitmaps of 65536 ports plus one "unlisted port" bit that stands for
 * a port no rule names: a reachable unlisted port means a default of
 * accept, i.e. a permissive firewall.
 */
#ifndef SIGNOFF_FWEVAL_H
#define SIGNOFF_FWEVAL_H

#include <stdint.h>

#include "fwmodel.h"

#define FW_PW		1025	/* 64-bit words: 65536 ports + the unlisted bit */
#define FW_UNLISTED	65536u
#define FW_DEPTH	16
#define FW_OPAQUE_MAX	8
#define FW_TRACE_MAX	16

struct fw_pset {
	uint64_t w[FW_PW];
};

struct fw_mset {
	int all;		/* every port (w not used) */
	int empty;		/* no port (w not used) */
	struct fw_pset s;
};

struct fw_frame {
	uint32_t chain, rule;
	int mode;		/* FV_JUMP / FV_GOTO of the pending call */
	struct fw_pset f, ret, mdef;
};

/* Scratch for the evaluator: one allocation of sizeof(struct fw_work). */
struct fw_work {
	struct fw_frame fr[FW_DEPTH];
	struct fw_mset mdef, mposs, p;
	struct fw_pset acc, tmp;
	/* Rules not understood that a stranger's packet may reach. */
	uint32_t opaque[FW_OPAQUE_MAX];
	uint32_t n_opaque;
	/* Trace (one port): the rule (or FW_NONE = chain policy) that first
	 * accepted it in each base chain. */
	int tracing;
	uint32_t tr_chain[FW_TRACE_MAX], tr_rule[FW_TRACE_MAX];
	uint8_t tr_acc[FW_TRACE_MAX];
	uint32_t n_trace;
};

enum fw_family_verdict { FWV_INACTIVE = 0, FWV_PERMISSIVE, FWV_ACTIVE_DENY };

struct fw_family_result {
	int verdict;
	uint32_t n_chains;	/* input base chains of the family */
	struct fw_pset tcp, udp;	/* reachable ports (+ the unlisted bit) */
};

/* fam: FW_IPV4 or FW_IPV6.  Fills r; w->opaque lists rules not
 * understood.  The model must be finished (fw_model_finish). */
void fw_eval_family(const struct fw_model *m, uint8_t fam,
    struct fw_work *w, struct fw_family_result *r);

/* One port (proto 6 or 17): fills w->tr_* for every base chain of fam.
 * Returns 1 if a stranger may reach it. */
int fw_eval_trace(const struct fw_model *m, uint8_t fam, uint8_t proto,
    uint32_t port, struct fw_work *w);

static inline int
fw_pset_has(const struct fw_pset *s, uint32_t port)
{
	return (s->w[port >> 6] >> (port & 63)) & 1;
}

/* Number of real ports (0..65535) in s. */
uint32_t fw_pset_count(const struct fw_pset *s);

#endif
