/*
 * xtmatch.h - xtables matches and targets (legacy iptables entries, and
 * the `match`/`target` compat expressions iptables-nft leaves in nftables
 * rules) translated into model expressions.
 *
 * Known matches: tcp, udp (destination ports), multiport, state,
 * conntrack (state only), comment; anything else becomes FX_COND maybe
 * (limit, recent, ...) - a condition we cannot decide, which is sound for
 * "may a stranger reach this port".  Known targets: REJECT (drop), LOG,
 * NFLOG, MARK, CONNMARK, CT, TRACE, AUDIT (no verdict); anything else is
 * not understood.
 */
#ifndef SIGNOFF_XTMATCH_H
#define SIGNOFF_XTMATCH_H

#include <stddef.h>
#include <stdint.h>

#include "fwmodel.h"

/* Appends the expressions of one match; returns 0 or -1 (model full). */
int xt_match(struct fw_model *m, const char *name, uint8_t rev,
    const uint8_t *data, size_t len);
/* Appends the effect of one non-standard target; returns 0 or -1. */
int xt_target(struct fw_model *m, const char *name, const uint8_t *data,
    size_t len);

#endif
