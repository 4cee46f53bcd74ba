/*
 * fuzz/iptentries/harness.c - the legacy iptables entry walker
 * (core/parse/iptentries.c, xtmatch.c) and the evaluator behind it.
 * Properties as for fuzz/nfmsg: a failed decode names a reason; the
 * one-port trace agrees with the whole-range evaluation.
 */
#include <stdint.h>
#include <stdlib.h>

#include "parse/fweval.h"
#include "parse/iptentries.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct fw_chain chains[256];
static struct fw_rule rules[4096];
static struct fw_expr exprs[16384];
static struct fw_set sets[512];
static struct fw_elem elems[8192];
static char names[1 << 16];
static uint32_t scratch[2 * 4096];
static struct fw_work work;
static struct fw_family_result res;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint32_t probe[] = { 0, 22, 80, 443, 5432, 65535 };
	struct fw_storage st = { chains, 256, rules, 4096, exprs, 16384,
	    sets, 512, elems, 8192, names, sizeof(names) };
	struct fw_model m;
	int f;
	size_t i;

	fw_model_init(&m, &st);
	if (iptentries_decode(&m, data, size, scratch, 4096) != 0 ||
	    fw_model_finish(&m) != 0) {
		if (m.err == 0 || m.why == NULL)
			abort();
		return 0;
	}
	for (f = 0; f < 2; f++) {
		uint8_t fam = f ? FW_IPV6 : FW_IPV4;

		fw_eval_family(&m, fam, &work, &res);
		if (res.n_chains > FW_TRACE_MAX)
			continue;
		for (i = 0; i < sizeof(probe) / sizeof(probe[0]); i++)
			if (fw_eval_trace(&m, fam, 6, probe[i], &work) !=
			    fw_pset_has(&res.tcp, probe[i]))
				abort();
	}
	return 0;
}
