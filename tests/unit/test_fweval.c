/*
 * test_fweval.c - the reachability evaluator on hand-built models
 * (core/parse/fweval.c): policies, drop-wins across base chains, jumps
 * and returns, port sets and negation, conditions that only "may" hold,
 * rules not understood, and the one-port trace.
 */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "parse/fweval.h"

static struct fw_chain chains[16];
static struct fw_rule rules[64];
static struct fw_expr exprs[256];
static struct fw_set sets[16];
static struct fw_elem elems[64];
static char names[4096];
static struct fw_work *work;
static struct fw_family_result res;
static struct fw_model m;

static void
init(void)
{
	struct fw_storage st = { chains, 16, rules, 64, exprs, 256, sets, 16,
	    elems, 64, names, sizeof(names) };

	fw_model_init(&m, &st);
}

static uint32_t
chain(int base, uint8_t policy)
{
	struct fw_chain c;

	memset(&c, 0, sizeof(c));
	c.fam = FW_IPV4 | FW_IPV6;
	c.nfproto = 1;
	c.base_input = (uint8_t)base;
	c.policy = policy;
	c.table = fw_name_add(&m, "t", 1);
	c.name = fw_name_add(&m, base ? "input" : "user", base ? 5 : 4);
	return fw_chain_add(&m, &c);
}

/* A rule: [tcp] [dport in lo..hi (inv)] [maybe] verdict. */
static void
rule(uint32_t c, int tcp, int lo, int hi, int inv, int maybe, uint8_t v,
    uint32_t target)
{
	uint32_t r = fw_rule_add(&m, c, m.n_rules + 1);
	struct fw_expr *x;

	if (tcp) {
		x = fw_expr_new(&m);
		x->type = FX_PROTO;
		x->a = 6;
	}
	if (lo >= 0) {
		x = fw_expr_new(&m);
		x->type = FX_PORTS;
		x->set = fw_set_interval(&m, (uint32_t)lo, (uint32_t)hi);
		x->inv = (uint8_t)inv;
	}
	if (maybe) {
		x = fw_expr_new(&m);
		x->type = FX_COND;
		x->a = FC_MAYBE;
	}
	x = fw_expr_new(&m);
	x->type = v == FV_UNKNOWN ? FX_OPAQUE : FX_VERDICT;
	x->verdict = v;
	x->chain = target;
	m.rules[r].n = m.n_exprs - m.rules[r].first;
}

static void
eval(void)
{
	assert_int_equal(fw_model_finish(&m), 0);
	fw_eval_family(&m, FW_IPV4, work, &res);
}

static void
test_policies(void **st)
{
	uint32_t c;

	(void)st;
	init();
	eval();
	assert_int_equal(res.verdict, FWV_INACTIVE);
	init();
	c = chain(1, FV_DROP);
	rule(c, 1, 22, 22, 0, 0, FV_ACCEPT, FW_NONE);
	eval();
	assert_int_equal(res.verdict, FWV_ACTIVE_DENY);
	assert_int_equal(fw_pset_count(&res.tcp), 1);
	assert_true(fw_pset_has(&res.tcp, 22));
	assert_int_equal(fw_pset_count(&res.udp), 0);
	/* policy accept with one drop: permissive, all but 23 */
	init();
	c = chain(1, FV_ACCEPT);
	rule(c, 1, 23, 23, 0, 0, FV_DROP, FW_NONE);
	eval();
	assert_int_equal(res.verdict, FWV_PERMISSIVE);
	assert_false(fw_pset_has(&res.tcp, 23));
	assert_true(fw_pset_has(&res.tcp, FW_UNLISTED));
	/* policy accept ending in a reject: active-deny */
	init();
	c = chain(1, FV_ACCEPT);
	rule(c, 1, 443, 443, 0, 0, FV_ACCEPT, FW_NONE);
	rule(c, 0, -1, 0, 0, 0, FV_DROP, FW_NONE);
	eval();
	assert_int_equal(res.verdict, FWV_ACTIVE_DENY);
	assert_int_equal(fw_pset_count(&res.tcp), 1);
}

static void
test_drop_wins(void **st)
{
	uint32_t a, b;

	(void)st;
	init();
	a = chain(1, FV_DROP);
	rule(a, 1, 20, 30, 0, 0, FV_ACCEPT, FW_NONE);
	b = chain(1, FV_ACCEPT);
	rule(b, 1, 25, 25, 0, 0, FV_DROP, FW_NONE);
	eval();
	assert_int_equal(fw_pset_count(&res.tcp), 10);
	assert_false(fw_pset_has(&res.tcp, 25));
	assert_int_equal(fw_eval_trace(&m, FW_IPV4, 6, 25, work), 0);
	assert_int_equal(fw_eval_trace(&m, FW_IPV4, 6, 21, work), 1);
	assert_int_equal(work->n_trace, 2);
	assert_int_equal(work->tr_rule[1], FW_NONE);	/* b: its policy */
}

static void
test_jump_return_maybe(void **st)
{
	uint32_t in, u;

	(void)st;
	init();
	u = chain(0, FV_ACCEPT);
	in = chain(1, FV_DROP);
	rule(u, 0, -1, 0, 0, 1, FV_RETURN, FW_NONE);	/* maybe return */
	rule(u, 1, 5432, 5432, 0, 0, FV_ACCEPT, FW_NONE);
	rule(in, 1, -1, 0, 0, 0, FV_JUMP, u);
	rule(in, 1, 1000, 2000, 1, 1, FV_DROP, FW_NONE);	/* maybe: no effect */
	rule(in, 1, 9000, 9000, 0, 1, FV_ACCEPT, FW_NONE);	/* maybe: counts */
	eval();
	assert_int_equal(res.verdict, FWV_ACTIVE_DENY);
	assert_int_equal(fw_pset_count(&res.tcp), 2);
	assert_true(fw_pset_has(&res.tcp, 5432));
	assert_true(fw_pset_has(&res.tcp, 9000));
	/* a rule not understood counts as accepting what reaches it */
	init();
	in = chain(1, FV_DROP);
	rule(in, 1, 80, 81, 0, 0, FV_UNKNOWN, FW_NONE);
	eval();
	assert_int_equal(fw_pset_count(&res.tcp), 2);
	assert_int_equal(work->n_opaque, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_policies),
		cmocka_unit_test(test_drop_wins),
		cmocka_unit_test(test_jump_return_maybe),
	};
	int rc;

	work = calloc(1, sizeof(*work));
	if (work == NULL)
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	free(work);
	return rc;
}
