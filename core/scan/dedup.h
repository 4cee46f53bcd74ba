/*
 * dedup.h - one finding per secret: when several rules report overlapping
 * bytes of one file, keep the most specific (docs/CREDENTIALS.md,
 * "One finding per secret").  Pure: no I/O, no allocation; the caller
 * owns every array.
 *
 * Order, most specific first (cred_dedup_better):
 *   1. the rule's class: a provider or format rule (class 0) before a
 *      per-syntax generic rule (class 1, id "generic-...") before the
 *      catch-all (class 2, id "generic-any-..."); the provider rule knows
 *      what the secret is, the generic one only that it is assigned to a
 *      secret-like name;
 *   2. the longer secret (the complete, anchored token rather than a part
 *      of it);
 *   3. the rule listed first (the defaults' order, then --rules files');
 *   4. the earlier secret.
 * The candidates are then taken in that order, and one is kept unless its
 * bytes overlap a candidate already kept (greedy): two distinct secrets
 * that a third, less specific match happens to span are both kept.  The
 * result depends only on the candidates, never on their input order.
 */
#ifndef SIGNOFF_CRED_DEDUP_H
#define SIGNOFF_CRED_DEDUP_H

#include <stddef.h>
#include <stdint.h>

#define CRED_DEDUP_NONE UINT32_MAX

struct cred_cand {
	uint64_t start, end;	/* the secret's bytes [start, end) in its file */
	uint32_t rule;		/* index of the rule in the rule set */
	uint8_t class;		/* 0 provider/format, 1 generic, 2 catch-all */
	/* out */
	uint8_t keep;		/* 1: reported, 0: merged into `by` */
	uint32_t by;		/* the kept candidate it overlaps, or NONE */
};

/* The class of a rule id: 2 "generic-any-...", 1 "generic-...", else 0. */
uint8_t cred_dedup_class(const char *rule_id);

/* 1 if a is more specific than b (the order above), else 0. */
int cred_dedup_better(const struct cred_cand *a, const struct cred_cand *b);

/*
 * Decides keep and by for the n candidates of ONE file (any order).
 * order and kept are caller scratch arrays of n entries each.  A candidate
 * with start == end (an empty secret) overlaps nothing and is kept.
 * Work: O(n log n) to sort, then O(log n) per candidate to look for an
 * overlap, plus moving the kept indices to insert one (O(n) each, in
 * practice a few: most files have few findings).  Returns the number of
 * candidates kept.
 */
size_t cred_dedup(struct cred_cand *c, size_t n, uint32_t *order,
    uint32_t *kept);

#endif
