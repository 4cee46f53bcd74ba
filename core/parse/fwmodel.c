/*
 * fwmodel.c - the caller-owned rule model (fwmodel.h): bounded appends,
 * name interning, and the interval normalisation of sets.
 */
#include <string.h>

#include "fwmodel.h"

void
fw_model_init(struct fw_model *m, const struct fw_storage *s)
{
	memset(m, 0, sizeof(*m));
	m->chains = s->chains;
	m->cap_chains = s->cap_chains;
	m->rules = s->rules;
	m->cap_rules = s->cap_rules;
	m->exprs = s->exprs;
	m->cap_exprs = s->cap_exprs;
	m->sets = s->sets;
	m->cap_sets = s->cap_sets;
	m->elems = s->elems;
	m->cap_elems = s->cap_elems;
	m->names = s->names;
	m->cap_names = s->cap_names;
	/* Offset 0 is the empty name. */
	if (m->cap_names > 0) {
		m->names[0] = '\0';
		m->n_names = 1;
	} else
		fw_model_fail(m, FWE_FULL, "no room for names");
}

void
fw_model_fail(struct fw_model *m, int err, const char *why)
{
	if (m->err == 0) {
		m->err = err;
		m->why = why;
	}
}

uint32_t
fw_name_add(struct fw_model *m, const char *s, size_t n)
{
	size_t off = m->n_names;

	if (memchr(s, '\0', n) != NULL)
		n = strlen(s);
	if (n == 0)
		return 0;
	if (n >= m->cap_names - m->n_names || off > 0xfffffff0u) {
		fw_model_fail(m, FWE_FULL, "too many names");
		return FW_NONE;
	}
	memcpy(m->names + off, s, n);
	m->names[off + n] = '\0';
	m->n_names += n + 1;
	return (uint32_t)off;
}

const char *
fw_name(const struct fw_model *m, uint32_t off)
{
	if (off == FW_NONE || off >= m->n_names)
		return "";
	return m->names + off;
}

static int
name_is(const struct fw_model *m, uint32_t off, const char *s, size_t n)
{
	const char *a = fw_name(m, off);

	if (memchr(s, '\0', n) != NULL)
		n = strlen(s);
	return strlen(a) == n && memcmp(a, s, n) == 0;
}

uint32_t
fw_chain_add(struct fw_model *m, const struct fw_chain *c)
{
	if (m->n_chains >= m->cap_chains) {
		fw_model_fail(m, FWE_FULL, "too many chains");
		return FW_NONE;
	}
	m->chains[m->n_chains] = *c;
	m->chains[m->n_chains].first = FW_NONE;
	m->chains[m->n_chains].last = FW_NONE;
	m->chains[m->n_chains].n = 0;
	return m->n_chains++;
}

uint32_t
fw_chain_find(const struct fw_model *m, uint8_t nfproto, uint32_t table,
    const char *name, size_t n)
{
	uint32_t i;

	for (i = 0; i < m->n_chains; i++)
		if (m->chains[i].nfproto == nfproto &&
		    m->chains[i].table == table &&
		    name_is(m, m->chains[i].name, name, n))
			return i;
	return FW_NONE;
}

uint32_t
fw_set_add(struct fw_model *m, const struct fw_set *s)
{
	if (m->n_sets >= m->cap_sets) {
		fw_model_fail(m, FWE_FULL, "too many sets");
		return FW_NONE;
	}
	m->sets[m->n_sets] = *s;
	m->sets[m->n_sets].first = 0;
	m->sets[m->n_sets].n = 0;
	return m->n_sets++;
}

uint32_t
fw_set_find(const struct fw_model *m, uint8_t nfproto, uint32_t table,
    const char *name, size_t n)
{
	uint32_t i;

	for (i = 0; i < m->n_sets; i++)
		if (m->sets[i].nfproto == nfproto && m->sets[i].table == table &&
		    m->sets[i].name != FW_NONE &&
		    name_is(m, m->sets[i].name, name, n))
			return i;
	return FW_NONE;
}

struct fw_expr *
fw_expr_new(struct fw_model *m)
{
	struct fw_expr *e;

	if (m->n_exprs >= m->cap_exprs) {
		fw_model_fail(m, FWE_FULL, "too many expressions");
		return NULL;
	}
	e = &m->exprs[m->n_exprs++];
	memset(e, 0, sizeof(*e));
	e->dreg = 0xff;
	e->chain = FW_NONE;
	e->set = FW_NONE;
	e->name = FW_NONE;
	return e;
}

uint32_t
fw_rule_add(struct fw_model *m, uint32_t c, uint64_t handle)
{
	struct fw_rule *r;
	struct fw_chain *ch;
	uint32_t i;

	if (c >= m->n_chains)
		return FW_NONE;
	if (m->n_rules >= m->cap_rules) {
		fw_model_fail(m, FWE_FULL, "too many rules");
		return FW_NONE;
	}
	i = m->n_rules++;
	r = &m->rules[i];
	r->chain = c;
	r->first = m->n_exprs;
	r->n = 0;
	r->next = FW_NONE;
	r->handle = handle;
	ch = &m->chains[c];
	if (ch->last == FW_NONE)
		ch->first = i;
	else
		m->rules[ch->last].next = i;
	ch->last = i;
	ch->n++;
	return i;
}

int
fw_elem_add(struct fw_model *m, uint32_t set, uint32_t lo, uint32_t hi,
    int is_end, uint8_t verdict, uint32_t chain)
{
	struct fw_set *s;
	struct fw_elem *e;

	if (set >= m->n_sets)
		return -1;
	s = &m->sets[set];
	if (m->n_elems >= m->cap_elems) {
		fw_model_fail(m, FWE_FULL, "too many set elements");
		return -1;
	}
	if (s->n == 0)
		s->first = m->n_elems;
	else if (s->first + s->n != m->n_elems) {
		/* Elements of one set arrive together; anything else is a
		 * dump we do not understand. */
		fw_model_fail(m, FWE_MALFORMED, "set elements out of order");
		return -1;
	}
	e = &m->elems[m->n_elems++];
	e->set = set;
	e->lo = lo;
	e->hi = hi;
	e->is_end = (uint8_t)is_end;
	e->verdict = verdict;
	e->chain = chain;
	s->n++;
	return 0;
}

uint32_t
fw_set_interval(struct fw_model *m, uint32_t lo, uint32_t hi)
{
	struct fw_set s;
	uint32_t i;

	memset(&s, 0, sizeof(s));
	s.key_len = 2;
	s.name = FW_NONE;
	s.table = FW_NONE;
	i = fw_set_add(m, &s);
	if (i == FW_NONE)
		return FW_NONE;
	if (fw_elem_add(m, i, lo, hi, 2, 0, FW_NONE) != 0)
		return FW_NONE;
	return i;
}

/* Order: key, then end markers before starts of the same key. */
static int
elem_less(const struct fw_elem *a, const struct fw_elem *b)
{
	int ea = a->is_end == 1, eb = b->is_end == 1;

	if (a->lo != b->lo)
		return a->lo < b->lo;
	return ea > eb;
}

static void
sift(struct fw_elem *v, size_t root, size_t end)
{
	struct fw_elem t;

	for (;;) {
		size_t c = 2 * root + 1;

		if (c >= end)
			return;
		if (c + 1 < end && elem_less(&v[c], &v[c + 1]))
			c++;
		if (!elem_less(&v[root], &v[c]))
			return;
		t = v[root];
		v[root] = v[c];
		v[c] = t;
		root = c;
	}
}

static void
heapsort_elems(struct fw_elem *v, size_t n)
{
	struct fw_elem t;
	size_t i;

	if (n < 2)
		return;
	for (i = n / 2; i > 0; i--)
		sift(v, i - 1, n);
	for (i = n - 1; i > 0; i--) {
		t = v[0];
		v[0] = v[i];
		v[i] = t;
		sift(v, 0, i);
	}
}

int
fw_model_finish(struct fw_model *m)
{
	uint32_t si, i, k;

	if (m->err)
		return -1;
	for (si = 0; si < m->n_sets; si++) {
		struct fw_set *s = &m->sets[si];
		struct fw_elem *v = m->elems + s->first;
		uint32_t max, start = 0;
		int open = 0;

		if (!s->interval || s->opaque || s->n == 0)
			continue;
		max = s->key_len >= 4 ? 0xffffffffu :
		    (uint32_t)((1ul << (8 * s->key_len)) - 1);
		heapsort_elems(v, s->n);
		k = 0;
		for (i = 0; i < s->n; i++) {
			struct fw_elem e = v[i];

			if (e.is_end == 2) {
				v[k++] = e;
				continue;
			}
			if (e.is_end == 1) {
				if (open && e.lo > start) {
					v[k] = e;
					v[k].lo = start;
					v[k].hi = e.lo - 1;
					v[k].is_end = 2;
					k++;
				}
				open = 0;
				continue;
			}
			if (open && e.lo > start) {
				/* Two starts in a row: the first interval
				 * ends before the second begins. */
				v[k] = e;
				v[k].lo = start;
				v[k].hi = e.lo - 1;
				v[k].is_end = 2;
				k++;
			}
			open = 1;
			start = e.lo;
			v[k] = e;	/* keep its verdict for the open end */
		}
		if (open) {
			v[k].lo = start;
			v[k].hi = max;
			v[k].is_end = 2;
			k++;
		}
		s->n = k;
	}
	return 0;
}
