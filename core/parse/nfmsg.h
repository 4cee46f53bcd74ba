/*
 * nfmsg.h - decodes an nftables netlink dump (the bytes of every reply,
 * concatenated: chains, sets, set elements, rules) into the rule model.
 *
 * Pure: no I/O, no allocation; hostile input (the fuzzer's) gives a sticky
 * model error, never a crash.  Expressions the analyser does not model are
 * kept as FX_OPAQUE with their name, so the check can name the rule.
 */
#ifndef SIGNOFF_NFMSG_H
#define SIGNOFF_NFMSG_H

#include <stddef.h>
#include <stdint.h>

#include "fwmodel.h"

/* Decodes buf[0..n) into m.  Returns 0, or -1 with m->err set (a kernel
 * error message in the dump is FWE_KERNEL). */
int nfmsg_decode(struct fw_model *m, const uint8_t *buf, size_t n);

/*
 * For the privileged half, which must ask for each set's elements by name:
 * calls fn(family, table, set, arg) for every set in a GETSET reply dump.
 * Names are NUL-terminated copies of at most 256 bytes.  Returns the count.
 */
size_t nfmsg_sets(const uint8_t *buf, size_t n,
    void (*fn)(uint8_t family, const char *table, const char *set, void *arg),
    void *arg);

/* The generation id of a GETGEN reply, or -1. */
int64_t nfmsg_genid(const uint8_t *buf, size_t n);

#endif
