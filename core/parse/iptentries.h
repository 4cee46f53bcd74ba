/*
 * iptentries.h - legacy iptables/ip6tables tables (IPT_SO_GET_ENTRIES
 * blobs) into the rule model.
 *
 * Input: the privileged half's container, one record per table:
 *     struct iptdump_hdr, then hdr.size bytes of ipt_entry/ip6t_entry
 * in host byte order, as the kernel returned them.  The INPUT chain (from
 * hook_entry/underflow) and every user chain (ERROR entries) become model
 * chains; standard verdicts, jumps (by offset), gotos, ip header fields and
 * xtables matches become expressions.  Pure: no I/O, no allocation.
 */
#ifndef SIGNOFF_IPTENTRIES_H
#define SIGNOFF_IPTENTRIES_H

#include <stddef.h>
#include <stdint.h>

#include "fwmodel.h"

#define IPTDUMP_NAME 32

struct iptdump_hdr {
	uint8_t family;		/* 4 or 6 */
	uint8_t pad[3];
	char name[IPTDUMP_NAME];
	uint32_t valid_hooks;
	uint32_t hook_entry[5];
	uint32_t underflow[5];
	uint32_t size;
};

/*
 * Decodes every table of buf[0..n).  scratch: 2 * cap uint32_t of the
 * caller's (entry offsets and chain starts); more than cap entries in one
 * table is a model error.  Returns 0 or -1 (m->err set).
 */
int iptentries_decode(struct fw_model *m, const uint8_t *buf, size_t n,
    uint32_t *scratch, uint32_t cap);

#endif
