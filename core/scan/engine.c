/*
 * engine.c - keyword prefilter (Vectorscan) + confirmation (PCRE2) over a
 * bounded window, streamed in chunks with the overlap of scanmath.h.
 *
 * Prefilter gates (the speed work of issue 7).  Profiled single-threaded
 * on a warm 395 MB / 29,032-file tree of real source (perf, and rdtsc
 * counters per rule), about half of the CPU went to PCRE2 confirming
 * keyword hits (923,000 hits, 352,000 windows), two thirds of that in one
 * rule (generic-any-high-entropy: an unanchored pattern starting with a
 * lazy [\w.-]*?, 108,000 cycles a window, on the "key" of every C
 * header), and one allow regex ((?i)["']?[\w.-]*(?:hash|digest|...)...)
 * spent 240 million cycles on each of three 800-byte JWT lines.  So every
 * PCRE2 program (each rule's pattern, each allow and allow-secret) gets a
 * gate: a Vectorscan database of its prefilter form (rules.c,
 * cred_prefilter_expr: assertions dropped, possessive and atomic made
 * plain; HS_FLAG_PREFILTER), which matches wherever the program can.
 * PCRE2 runs only where the gate matches the very same subject (window,
 * secret or line), so the findings cannot change; PCRE2 keeps its limits.
 * Compiling the gates takes seconds (0.3 s for a generic assignment
 * pattern), so the default rules' gates are compiled at build time
 * (core/scan/gen/credpf_gen.c), serialized, and found at start-up by a
 * SHA-256 of their expression (cred_db_use_prefilters): a user's rule, or
 * a database this CPU cannot run, simply has no gate.
 *
 * Why not one Vectorscan database of all the full patterns instead of the
 * keywords: measured, it scans this tree at 80 MB/s (the 30 generic rules
 * are large NFAs; the keyword database runs at about 1 GB/s) and takes 5
 * s to compile; a gate only ever sees a window of a line or a few lines.
 *
 * Vectorscan 5.4.9 (Debian) is not exact at the end of its data: with
 * "%[sdv]|%\(\w+\)s", 16 to 30 bytes then "%s" do not match (any other
 * length does), and a trailing negative lookahead is taken to need one
 * more byte.  Hence the prefilter form drops every assertion, each subject
 * is copied and followed by PF_PAD newlines, and tests/unit/test_credgate.c
 * runs PCRE2 behind every "cannot match" of every gate over all the
 * examples and counters of the default rules (0 wrong of about 68,000;
 * 594,000 on the bench tree, /usr/share/doc, the corpora and labelled
 * trees), as fuzz/credgate does on its inputs.  Before a rule's gate, a
 * window that lacks the byte PCRE2 says every match contains (its first
 * or last code unit, either case) is refused by memchr.
 *
 * Measured, the same 395 MB tree, CPU seconds (user + system) of
 * `check credentials --threads 1`, machine shared (load 3 to 9):
 *   before: 3.1 s (PCRE2 46 %, kernel 31 %, Vectorscan 8 %)
 *   gates:  2.0 s; walker scans instead of sleeping on a full queue,
 *           path globs without strlen/strcmp: 1.55 s; allow gates: 1.5 s;
 *           no fstatat per regular file, no second read at end of file,
 *           workers woken per batch of 8 (context switches 39,000 ->
 *           2,000), globs bucketed by last byte: 1.15 to 1.3 s.
 * Second pass (load 5 to 6): read(2) into a page-aligned buffer
 * (malloc's 1 MiB buffer sat 16 bytes past a page, and the kernel's copy
 * into it ran at half speed: the engine's system time on the half-tree
 * 0.81-0.90 s -> 0.52-0.66 s), and req_bytes: the top-level punctuation
 * of a pattern (the '@' of url-http-basic-auth, whose gate was a third
 * of all gate cycles) refused by memchr before the gate (gates 13 % ->
 * 7 % of the samples).  The 828 MB bench tree, old and new alternated,
 * findings identical: 2 threads 3.06 -> 2.54 CPU s (270 -> 326
 * MB/CPU-s, 273 -> 337 MB/s), --threads 1 2.70 -> 2.52 CPU s (306 -> 328
 * MB/CPU-s); rg over the same keywords 5.06 CPU s (164 MB/CPU-s); 28 MB
 * RSS.  Now (perf, --threads 1): the kernel 51 % (read 17 %, open 15 %
 * with Landlock's path check 6 %, getdents, fstat, close 3 % each), the
 * keyword pass about 25 %, gates 7 %, PCRE2 4 %, the rest 10 %.  The
 * floor outside the engine: open+aligned read+close 0.35 s plus the
 * keyword pass alone 0.33-0.38 s for 395 MB, i.e. 510-530 MB/CPU-s before
 * any window is confirmed.  Measured and not kept: mmap (no cheaper than
 * an aligned read, and SIGBUS on truncation), 128 KiB chunks, dropping
 * keywords that start with a shorter keyword of the same rule (3 of 355,
 * no hit saved).  Long runs of 'A' (a base64 PNG in an SVG) hit
 * twitter-bearer-token's 21-'a' keyword at every byte: on a long line a
 * rule is searched once per SCAN_REACH bytes, not once per hit (confirm;
 * docs/CREDENTIALS.md), 0.4 s instead of minutes for that 44 KB file.
 * First pass, where the rest went (perf, 1.2 s): the kernel half (read's
 * copy 17 %,
 * open/close/fstat/getdents with Landlock and seccomp), the keyword pass
 * about 0.35 s (the 355 caseless keywords alone scan at ~1 GB/s, 923,000
 * hits), gates 0.2 s, PCRE2 0.05 s.  1 GB/s per core would need 0.4 s for
 * the whole tree: the keyword pass alone and the kernel's read path alone
 * (a plain C walk-and-read of the tree: 0.4 s of system time) each take
 * about that, so the target is out of reach on this machine; rg over the
 * same keywords uses about twice the CPU of signoff (docs/CREDENTIALS.md:
 * 828 MB, signoff 2.6 CPU s, 318 MB/CPU-s, 28 MB RSS; rg 4.9 CPU s).
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <errno.h>
#include <fnmatch.h>
#include <hs/hs.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine.h"

#define MATCH_LIMIT	100000u	/* PCRE2 backtracking steps per attempt */
#define DEPTH_LIMIT	1000u	/* PCRE2 nested backtracking frames */
#define HEAP_LIMIT	1024u	/* KiB of PCRE2 backtracking memory */
#define BINARY_PROBE	8192u	/* the "first block" looked at for NUL */
#define PF_PAD		64u	/* newlines after a gate's subject */
/* read(2) is given a 64-byte aligned destination: the kernel's copy into
 * a buffer 16 bytes off (what malloc returns for 1 MiB) measured 0.40 to
 * 0.61 system seconds for the 395 MB bench half-tree, 0.26 to 0.36 s
 * aligned (a plain open-read-close loop over the same files).  The
 * buffer is allocated page-aligned; a file's first read lands at its
 * start and every later one after the SCAN_KEEP bytes kept from the
 * previous chunk (scan_chunk_plan), a multiple of BUF_ALIGN. */
#define BUF_ALIGN	64u
#define RAW_SIZE	((SCAN_BUF + 4095u) & ~(size_t)4095u)
_Static_assert(SCAN_KEEP % BUF_ALIGN == 0,
    "reads after the kept tail must land BUF_ALIGN-aligned");

struct rule_rt {
	pcre2_code *code;
	hs_database_t *pf;		/* prefilter gate, or NULL */
	uint8_t req[4];			/* more bytes every match holds */
	uint8_t n_req;
	int16_t need[2];		/* a byte every match holds (either
					 * case), from PCRE2, or -1 */
	uint32_t group;
	uint32_t allow_first, allow_n;	/* into db->allow */
	uint32_t path_first, path_n;	/* into db->paths */
};

struct cred_db {
	const struct cred_rules *set;
	struct rule_rt *rt;
	size_t n_rules;
	pcre2_code **allow;		/* rule allows, grouped by rule */
	hs_database_t **allow_pf;	/* their gates (or NULL) */
	size_t n_allow;
	pcre2_code **gallow;		/* [global] allow-secret */
	hs_database_t **gallow_pf;
	size_t n_gallow;
	char **paths;			/* NUL-terminated globs */
	uint8_t *path_kind;		/* PK_*: how each glob is matched */
	uint32_t *path_len;		/* strlen of the literal / the suffix */
	uint32_t *path_rule;		/* the rule of each glob */
	/* Globs by the last byte a matching name must end with (bucket
	 * 256: any), so a file name is tried against few of them. */
	uint32_t pb_first[258];		/* into pb_glob */
	uint32_t *pb_glob;
	uint8_t *applies0;		/* per rule: has no path (applies) */
	size_t n_paths;
	uint32_t *kw_first, *kw_n, *kw_rules;	/* keyword -> rules */
	char **kw;			/* lower-case keywords */
	uint32_t *kw_len;
	size_t n_kw;
	hs_database_t *hs;
	pcre2_match_context *mctx;
	pcre2_compile_context *cctx;
};

/* Most path globs are a name or "*.suffix": matched without fnmatch(3),
 * which was 8 % of a scan's time with the default rules. */
enum { PK_FNMATCH, PK_LITERAL, PK_SUFFIX };

static uint8_t
path_kind(const char *g)
{
	if (strpbrk(g, "*?[\\") == NULL)
		return PK_LITERAL;
	if (g[0] == '*' && strpbrk(g + 1, "*?[\\") == NULL)
		return PK_SUFFIX;
	return PK_FNMATCH;
}

/* gl: path_len of the glob; bl: strlen(base). */
static int
path_match(const char *g, uint8_t kind, size_t gl, const char *base,
    size_t bl)
{
	switch (kind) {
	case PK_LITERAL:
		return gl == bl && g[0] == base[0] && memcmp(g, base, bl) == 0;
	case PK_SUFFIX:
		if (base[0] == '.')	/* FNM_PERIOD: '*' never eats it */
			break;
		/* the last byte first: it rejects nearly every glob */
		return bl >= gl && (gl == 0 || base[bl - 1] == g[gl]) &&
		    memcmp(base + bl - gl, g + 1, gl) == 0;
	default:
		break;
	}
	return fnmatch(g, base, FNM_PERIOD) == 0;
}

struct rule_state {
	uint64_t ws, we;		/* last window tried (absolute) */
	uint64_t last_end;		/* end of the last reported match */
};

struct cred_scanner {
	const struct cred_db *db;
	hs_scratch_t *scratch;
	hs_scratch_t *pf_scratch;	/* the gates run inside on_hit */
	uint8_t *pf_buf;		/* SCAN_WIN + PF_PAD: a gate's subject */
	pcre2_match_data *md;
	uint8_t *buf;			/* SCAN_BUF bytes, page-aligned */
	uint8_t *applies;		/* per rule: applies to this file */
	struct rule_state *rs;
	/* the current buffer */
	uint64_t base;			/* file offset of buf[0] */
	size_t n, lo, hi;
	int eof;
	struct scan_lc lc;		/* at base */
	struct scan_lc cur;		/* somewhere in [base, base + n] */
	cred_emit_fn emit;
	void *ctx;
	struct cred_stats *st;
	int stop;
	int verify;			/* cred_scanner_verify_gates() */
	uint64_t expect;		/* cred_scanner_expect() */
	/* the memory source of cred_scan_buffer */
	const uint8_t *mem;
	size_t mem_n, mem_off;
};

static void
errf(struct cred_err *e, uint16_t file, uint32_t line, const char *what,
    const char *detail)
{
	size_t i;

	e->file = file;
	e->line = line;
	snprintf(e->msg, sizeof(e->msg), "%s%s%s", what, detail ? ": " : "",
	    detail ? detail : "");
	for (i = 0; e->msg[i] != '\0'; i++)
		if ((unsigned char)e->msg[i] < 0x20 ||
		    (unsigned char)e->msg[i] >= 0x7f)
			e->msg[i] = '?';
}

static pcre2_code *
compile(struct cred_db *db, const char *p, size_t n, uint32_t opts,
    const struct cred_str *where, uint16_t file, uint32_t line,
    const char *what, struct cred_err *e)
{
	pcre2_code *c;
	PCRE2_SIZE eoff;
	int ec;
	char msg[160], full[200];

	(void)where;
	c = pcre2_compile((PCRE2_SPTR)p, n, opts | PCRE2_NEVER_UTF |
	    PCRE2_NEVER_UCP | PCRE2_NEVER_BACKSLASH_C, &ec, &eoff, db->cctx);
	if (c == NULL) {
		if (pcre2_get_error_message(ec, (PCRE2_UCHAR *)msg,
		    sizeof(msg)) < 0)
			snprintf(msg, sizeof(msg), "error %d", ec);
		snprintf(full, sizeof(full), "%s (at offset %zu)", msg,
		    (size_t)eoff);
		errf(e, file, line, what, full);
	}
	return c;
}

static int
kwcmp(const void *a, const void *b)
{
	const uint32_t *x = a, *y = b;

	/* sorted by keyword index then rule */
	if (x[0] != y[0])
		return x[0] < y[0] ? -1 : 1;
	return x[1] < y[1] ? -1 : x[1] > y[1];
}

static void
lower(char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] >= 'A' && s[i] <= 'Z')
			s[i] = (char)(s[i] - 'A' + 'a');
}

/*
 * The punctuation bytes every match of PCRE2 pattern p[0..n) holds: the
 * literals at the top level of the pattern (outside every group and
 * class) whose quantifier asks for at least one, e.g. the '@' of
 * "https?://[^:]+:([^@]+)@host".  A window without one of them cannot
 * match, which memchr tells faster than a gate (url-http-basic-auth's
 * gate ran on 108,796 windows of the bench half-tree, a third of all gate
 * time).  Deliberately narrow, and 0 whenever in doubt: a top-level '|',
 * an escape other than punctuation or a plain class (\d \w \s \b ...),
 * \Q, (?#, an extended-mode flag, a '{' that is not a plain quantifier,
 * unbalanced brackets.  Letters and digits are never taken (caseless
 * matching); only bytes 0x21-0x7e.  Returns how many (at most max).
 */
static size_t
skip_class(const char *p, size_t n, size_t i)
{
	/* p[i] == '['; returns the index after its ']' or n */
	i++;
	if (i < n && p[i] == '^')
		i++;
	if (i < n && p[i] == ']')
		i++;
	while (i < n && p[i] != ']') {
		if (p[i] == '\\')
			i++;
		else if (p[i] == '[' && i + 1 < n && (p[i + 1] == ':' ||
		    p[i + 1] == '.' || p[i + 1] == '=')) {
			char t = p[i + 1];

			for (i += 2; i + 1 < n && !(p[i] == t &&
			    p[i + 1] == ']'); i++)
				;
			i++;
		}
		i++;
	}
	return i < n ? i + 1 : n;
}

static size_t
req_bytes(const char *p, size_t n, uint8_t *out, size_t max)
{
	size_t i, k = 0;

	for (i = 0; i + 1 < n; i++) {
		if (p[i] == '\\' && (p[i + 1] == 'Q' || p[i + 1] == 'E'))
			return 0;
		if (p[i] == '(' && p[i + 1] == '?') {
			size_t j = i + 2;

			if (j < n && p[j] == '#')
				return 0;
			for (; j < n && (p[j] == '^' || p[j] == '-' ||
			    (p[j] >= 'a' && p[j] <= 'z') ||
			    (p[j] >= 'A' && p[j] <= 'Z')); j++)
				if (p[j] == 'x')
					return 0;
		}
	}
	i = 0;
	while (i < n) {
		int lit = -1;
		unsigned long min = 1;
		char c = p[i];

		if (c == '\\') {
			if (i + 1 >= n)
				return 0;
			c = p[i + 1];
			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			    (c >= '0' && c <= '9')) {
				if (strchr("dDwWsShHvVbBAzZG", c) == NULL)
					return 0;
			} else
				lit = (unsigned char)c;
			i += 2;
		} else if (c == '[') {
			i = skip_class(p, n, i);
			if (i >= n && p[n - 1] != ']')
				return 0;
		} else if (c == '(') {
			size_t depth = 0;

			while (i < n) {
				if (p[i] == '\\')
					i += 2;
				else if (p[i] == '[')
					i = skip_class(p, n, i);
				else {
					if (p[i] == '(')
						depth++;
					else if (p[i] == ')' && --depth == 0)
						break;
					i++;
				}
			}
			if (i >= n)
				return 0;
			i++;
		} else if (c == '|' || c == ')' || c == '*' || c == '+' ||
		    c == '?' || c == '{')
			return 0;
		else {
			if (c != '.' && c != '^' && c != '$')
				lit = (unsigned char)c;
			i++;
		}
		/* the quantifier of that atom */
		if (i < n && (p[i] == '?' || p[i] == '*')) {
			min = 0;
			i++;
		} else if (i < n && p[i] == '+')
			i++;
		else if (i < n && p[i] == '{') {
			size_t j = i + 1, d = 0;

			min = 0;
			for (; j < n && p[j] >= '0' && p[j] <= '9' && d < 6;
			    j++, d++)
				min = min * 10 + (unsigned long)(p[j] - '0');
			if (d == 0 || d == 6)
				return 0;
			if (j < n && p[j] == ',')
				for (j++; j < n && p[j] >= '0' && p[j] <= '9';
				    j++)
					;
			if (j >= n || p[j] != '}')
				return 0;
			i = j + 1;
		}
		if (i < n && (p[i] == '?' || p[i] == '+'))
			i++;
		if (lit > 0x20 && lit < 0x7f && min > 0 &&
		    !((lit >= 'a' && lit <= 'z') || (lit >= 'A' && lit <= 'Z') ||
		    (lit >= '0' && lit <= '9')) &&
		    (k == 0 || memchr(out, lit, k) == NULL) && k < max)
			out[k++] = (uint8_t)lit;
	}
	return k;
}

/* Builds the keyword table: unique lower-case keywords, each with the
 * rules that listed it, and the Vectorscan literal database. */
static int
build_keywords(struct cred_db *db, struct cred_err *e)
{
	const struct cred_rules *set = db->set;
	uint32_t (*pairs)[2] = NULL;
	const char **exprs = NULL;
	unsigned *flags = NULL, *ids = NULL;
	size_t *lens = NULL, n_pairs = 0, i, j;
	hs_compile_error_t *herr = NULL;
	int rc = -1;

	for (i = 0; i < set->n_strs; i++)
		if (set->strs[i].kind == CK_KEYWORD)
			n_pairs++;
	if (n_pairs == 0) {
		errf(e, 0, 0, "no keywords in the rules", NULL);
		return -1;
	}
	pairs = calloc(n_pairs, sizeof(*pairs));
	db->kw = calloc(n_pairs, sizeof(*db->kw));
	if (pairs == NULL || db->kw == NULL)
		goto nomem;
	n_pairs = 0;
	for (i = 0; i < set->n_strs; i++) {
		const struct cred_str *s = &set->strs[i];
		char tmp[SCAN_KW_MAX + 1];

		if (s->kind != CK_KEYWORD)
			continue;
		memcpy(tmp, s->p, s->n);
		tmp[s->n] = '\0';
		lower(tmp, s->n);
		for (j = 0; j < db->n_kw; j++)
			if (strcmp(db->kw[j], tmp) == 0)
				break;
		if (j == db->n_kw) {
			if ((db->kw[j] = strdup(tmp)) == NULL)
				goto nomem;
			db->n_kw++;
		}
		pairs[n_pairs][0] = (uint32_t)j;
		pairs[n_pairs][1] = (uint32_t)s->rule;
		n_pairs++;
	}
	qsort(pairs, n_pairs, sizeof(*pairs), kwcmp);
	db->kw_first = calloc(db->n_kw, sizeof(uint32_t));
	db->kw_n = calloc(db->n_kw, sizeof(uint32_t));
	db->kw_rules = calloc(n_pairs, sizeof(uint32_t));
	exprs = calloc(db->n_kw, sizeof(*exprs));
	flags = calloc(db->n_kw, sizeof(*flags));
	ids = calloc(db->n_kw, sizeof(*ids));
	lens = calloc(db->n_kw, sizeof(*lens));
	if (!db->kw_first || !db->kw_n || !db->kw_rules || !exprs || !flags ||
	    !ids || !lens)
		goto nomem;
	for (i = 0, j = 0; i < n_pairs; i++) {
		uint32_t k = pairs[i][0];

		/* a rule listing the same keyword twice counts once */
		if (i > 0 && pairs[i - 1][0] == k && pairs[i - 1][1] ==
		    pairs[i][1])
			continue;
		if (db->kw_n[k] == 0)
			db->kw_first[k] = (uint32_t)j;
		db->kw_n[k]++;
		db->kw_rules[j++] = pairs[i][1];
	}
	if ((db->kw_len = calloc(db->n_kw, sizeof(*db->kw_len))) == NULL)
		goto nomem;
	for (i = 0; i < db->n_kw; i++) {
		exprs[i] = db->kw[i];
		lens[i] = strlen(db->kw[i]);
		db->kw_len[i] = (uint32_t)lens[i];
		flags[i] = HS_FLAG_CASELESS;
		ids[i] = (unsigned)i;
	}
	if (hs_compile_lit_multi(exprs, flags, ids, lens, (unsigned)db->n_kw,
	    HS_MODE_BLOCK, NULL, &db->hs, &herr) != HS_SUCCESS) {
		errf(e, 0, 0, "cannot compile the keyword database",
		    herr && herr->message ? herr->message : NULL);
		hs_free_compile_error(herr);
		goto out;
	}
	rc = 0;
	goto out;
nomem:
	errf(e, 0, 0, "out of memory compiling the rules", NULL);
out:
	free(pairs);
	free(exprs);
	free(flags);
	free(ids);
	free(lens);
	return rc;
}

/* The byte a name matching glob g must end with, or 256 if unknown. */
static unsigned
glob_last(const struct cred_db *db, size_t g)
{
	const char *p = db->paths[g];
	size_t n = strlen(p);
	unsigned char c;

	if (n == 0)
		return 256;
	c = (unsigned char)p[n - 1];
	if (c == '*' || c == '?' || c == ']' || (n >= 2 && p[n - 2] == '\\'))
		return 256;
	if (db->path_kind[g] == PK_FNMATCH && n >= 2 && p[n - 2] == '[')
		return 256;
	return c;
}

static int
build_path_buckets(struct cred_db *db)
{
	size_t i, k, g;
	uint32_t cnt[257];

	db->path_rule = calloc(db->n_paths + 1, sizeof(*db->path_rule));
	db->pb_glob = calloc(db->n_paths + 1, sizeof(*db->pb_glob));
	db->applies0 = calloc(db->n_rules + 1, 1);
	if (db->path_rule == NULL || db->pb_glob == NULL ||
	    db->applies0 == NULL)
		return -1;
	for (i = 0; i < db->n_rules; i++) {
		db->applies0[i] = db->rt[i].path_n == 0;
		for (k = 0; k < db->rt[i].path_n; k++)
			db->path_rule[db->rt[i].path_first + k] = (uint32_t)i;
	}
	memset(cnt, 0, sizeof(cnt));
	for (g = 0; g < db->n_paths; g++)
		cnt[glob_last(db, g)]++;
	db->pb_first[0] = 0;
	for (i = 0; i < 257; i++)
		db->pb_first[i + 1] = db->pb_first[i] + cnt[i];
	memset(cnt, 0, sizeof(cnt));
	for (g = 0; g < db->n_paths; g++) {
		unsigned b = glob_last(db, g);

		db->pb_glob[db->pb_first[b] + cnt[b]++] = (uint32_t)g;
	}
	return 0;
}

/*
 * The bytes PCRE2 knows every match must contain (its "last code unit",
 * or else its "first code unit"): a window holding neither case of it
 * cannot match, which memchr tells faster than a gate or pcre2_match.
 * PCRE2 does not say whether the unit is caseless, so both cases count.
 */
static void
need_bytes(struct rule_rt *rt)
{
	uint32_t t = 0, u = 0;

	rt->need[0] = rt->need[1] = -1;
	if (pcre2_pattern_info(rt->code, PCRE2_INFO_LASTCODETYPE, &t) != 0 ||
	    t != 1 || pcre2_pattern_info(rt->code, PCRE2_INFO_LASTCODEUNIT,
	    &u) != 0) {
		t = 0;
		if (pcre2_pattern_info(rt->code, PCRE2_INFO_FIRSTCODETYPE,
		    &t) != 0 || t != 1 || pcre2_pattern_info(rt->code,
		    PCRE2_INFO_FIRSTCODEUNIT, &u) != 0)
			return;
	}
	if (u > 0xff)
		return;
	rt->need[0] = (int16_t)u;
	if (u >= 'a' && u <= 'z')
		rt->need[1] = (int16_t)(u - 'a' + 'A');
	else if (u >= 'A' && u <= 'Z')
		rt->need[1] = (int16_t)(u - 'A' + 'a');
}

struct cred_db *
cred_db_build(const struct cred_rules *set, struct cred_err *e)
{
	struct cred_db *db = calloc(1, sizeof(*db));
	size_t i, n_allow = 0, n_gallow = 0, n_paths = 0;

	if (db == NULL) {
		errf(e, 0, 0, "out of memory", NULL);
		return NULL;
	}
	db->set = set;
	db->n_rules = set->n_rules;
	if (set->n_rules == 0) {
		errf(e, 0, 0, "no rules", NULL);
		goto fail;
	}
	for (i = 0; i < set->n_strs; i++) {
		if (set->strs[i].kind == CK_ALLOW)
			n_allow++;
		else if (set->strs[i].kind == CK_ALLOW_SECRET)
			n_gallow++;
		else if (set->strs[i].kind == CK_PATH)
			n_paths++;
	}
	db->rt = calloc(set->n_rules, sizeof(*db->rt));
	db->allow = calloc(n_allow + 1, sizeof(*db->allow));
	db->gallow = calloc(n_gallow + 1, sizeof(*db->gallow));
	db->allow_pf = calloc(n_allow + 1, sizeof(*db->allow_pf));
	db->gallow_pf = calloc(n_gallow + 1, sizeof(*db->gallow_pf));
	db->paths = calloc(n_paths + 1, sizeof(*db->paths));
	db->path_kind = calloc(n_paths + 1, 1);
	db->path_len = calloc(n_paths + 1, sizeof(*db->path_len));
	db->mctx = pcre2_match_context_create(NULL);
	db->cctx = pcre2_compile_context_create(NULL);
	if (!db->rt || !db->allow || !db->gallow || !db->allow_pf ||
	    !db->gallow_pf || !db->paths ||
	    !db->path_kind || !db->path_len || !db->mctx || !db->cctx) {
		errf(e, 0, 0, "out of memory", NULL);
		goto fail;
	}
	pcre2_set_match_limit(db->mctx, MATCH_LIMIT);
	pcre2_set_depth_limit(db->mctx, DEPTH_LIMIT);
	pcre2_set_heap_limit(db->mctx, HEAP_LIMIT);
	/* Patterns: ^ and $ at line boundaries inside a multi-line window. */
	for (i = 0; i < set->n_rules; i++) {
		const struct cred_rule *r = &set->rules[i];
		struct rule_rt *rt = &db->rt[i];
		uint32_t caps = 0;

		rt->code = compile(db, r->pattern, r->pattern_len,
		    PCRE2_MULTILINE, NULL, r->file, r->pattern_line,
		    "pattern does not compile", e);
		if (rt->code == NULL)
			goto fail;
		pcre2_pattern_info(rt->code, PCRE2_INFO_CAPTURECOUNT, &caps);
		need_bytes(rt);
		rt->n_req = (uint8_t)req_bytes(r->pattern, r->pattern_len,
		    rt->req, sizeof(rt->req));
		if (r->secret_group < 0)
			rt->group = caps > 0 ? 1 : 0;
		else if ((uint32_t)r->secret_group > caps) {
			errf(e, r->file, r->group_line, "secret-group is larger "
			    "than the number of groups in the pattern", NULL);
			goto fail;
		} else
			rt->group = (uint32_t)r->secret_group;
	}
	/* Allows and paths, grouped per rule in the order of the rules. */
	for (i = 0; i < set->n_strs; i++) {
		const struct cred_str *s = &set->strs[i];

		if (s->kind == CK_ALLOW_SECRET) {
			db->gallow[db->n_gallow] = compile(db, s->p, s->n, 0,
			    s, s->file, s->line, "allow-secret does not "
			    "compile", e);
			if (db->gallow[db->n_gallow] == NULL)
				goto fail;
			db->n_gallow++;
		}
	}
	for (i = 0; i < set->n_rules; i++) {
		size_t k;

		db->rt[i].allow_first = (uint32_t)db->n_allow;
		db->rt[i].path_first = (uint32_t)db->n_paths;
		for (k = 0; k < set->n_strs; k++) {
			const struct cred_str *s = &set->strs[k];

			if (s->rule != (int32_t)i)
				continue;
			if (s->kind == CK_ALLOW) {
				db->allow[db->n_allow] = compile(db, s->p, s->n,
				    0, s, s->file, s->line, "allow does not "
				    "compile", e);
				if (db->allow[db->n_allow] == NULL)
					goto fail;
				db->n_allow++;
				db->rt[i].allow_n++;
			} else if (s->kind == CK_PATH) {
				db->paths[db->n_paths] = strndup(s->p, s->n);
				if (db->paths[db->n_paths] == NULL) {
					errf(e, 0, 0, "out of memory", NULL);
					goto fail;
				}
				db->path_kind[db->n_paths] =
				    path_kind(db->paths[db->n_paths]);
				db->path_len[db->n_paths] = (uint32_t)strlen(
				    db->paths[db->n_paths] +
				    (db->path_kind[db->n_paths] == PK_SUFFIX));
				db->n_paths++;
				db->rt[i].path_n++;
			}
		}
	}
	if (build_path_buckets(db) != 0) {
		errf(e, 0, 0, "out of memory", NULL);
		goto fail;
	}
	if (build_keywords(db, e) != 0)
		goto fail;
	return db;
fail:
	cred_db_free(db);
	return NULL;
}

void
cred_db_free(struct cred_db *db)
{
	size_t i;

	if (db == NULL)
		return;
	if (db->rt != NULL)
		for (i = 0; i < db->n_rules; i++) {
			pcre2_code_free(db->rt[i].code);
			if (db->rt[i].pf != NULL)
				hs_free_database(db->rt[i].pf);
		}
	for (i = 0; db->allow && i < db->n_allow; i++) {
		pcre2_code_free(db->allow[i]);
		if (db->allow_pf && db->allow_pf[i] != NULL)
			hs_free_database(db->allow_pf[i]);
	}
	for (i = 0; db->gallow && i < db->n_gallow; i++) {
		pcre2_code_free(db->gallow[i]);
		if (db->gallow_pf && db->gallow_pf[i] != NULL)
			hs_free_database(db->gallow_pf[i]);
	}
	free(db->allow_pf);
	free(db->gallow_pf);
	for (i = 0; db->paths && i < db->n_paths; i++)
		free(db->paths[i]);
	for (i = 0; db->kw && i < db->n_kw; i++)
		free(db->kw[i]);
	free(db->rt);
	free(db->allow);
	free(db->gallow);
	free(db->paths);
	free(db->path_kind);
	free(db->path_len);
	free(db->path_rule);
	free(db->pb_glob);
	free(db->applies0);
	free(db->kw_len);
	free(db->kw);
	free(db->kw_first);
	free(db->kw_n);
	free(db->kw_rules);
	if (db->hs != NULL)
		hs_free_database(db->hs);
	pcre2_match_context_free(db->mctx);
	pcre2_compile_context_free(db->cctx);
	free(db);
}

size_t
cred_db_nrules(const struct cred_db *db)
{
	return db->n_rules;
}

const struct cred_rule *
cred_db_rule(const struct cred_db *db, size_t i)
{
	return &db->set->rules[i];
}

size_t
cred_db_nkeywords(const struct cred_db *db)
{
	return db->n_kw;
}

/* One entry of a prefilter blob: key, then a 4-byte little-endian length,
 * then that many bytes of a serialized Vectorscan database. */
static const uint8_t *
blob_find(const uint8_t *blob, size_t n, const uint8_t *key, size_t *len)
{
	size_t at = sizeof(CRED_PF_MAGIC) - 1;

	if (n < at || memcmp(blob, CRED_PF_MAGIC, at) != 0)
		return NULL;
	while (n - at >= CRED_PF_KEY + 4) {
		const uint8_t *e = blob + at;
		size_t l = (size_t)e[CRED_PF_KEY] |
		    (size_t)e[CRED_PF_KEY + 1] << 8 |
		    (size_t)e[CRED_PF_KEY + 2] << 16 |
		    (size_t)e[CRED_PF_KEY + 3] << 24;

		if (l > n - at - CRED_PF_KEY - 4)
			return NULL;	/* truncated: ignore the rest */
		if (memcmp(e, key, CRED_PF_KEY) == 0) {
			*len = l;
			return e + CRED_PF_KEY + 4;
		}
		at += CRED_PF_KEY + 4 + l;
	}
	return NULL;
}

static int
pf_hit(unsigned int id, unsigned long long from, unsigned long long to,
    unsigned int flags, void *ctx)
{
	(void)id;
	(void)from;
	(void)to;
	(void)flags;
	*(int *)ctx = 1;
	return 1;		/* one is enough */
}

/*
 * 0 if gate d proves that its program cannot match p[0..n), else 1.  The
 * subject is copied and followed by PF_PAD newlines: Vectorscan 5.4.9
 * misses some matches that end exactly at the end of the data (seen:
 * "%[sdv]|%\(\w+\)s" on 16 to 30 bytes then "%s", every length matched
 * once the data goes on); padding only adds matches.  Any error: 1.
 */
static int
pf_may_match(hs_database_t *d, hs_scratch_t *scratch, uint8_t *tmp,
    const uint8_t *p, size_t n)
{
	int hit = 0;
	hs_error_t hr;

	if (n > SCAN_WIN)
		return 1;
	memcpy(tmp, p, n);
	memset(tmp + n, '\n', PF_PAD);
	hr = hs_scan(d, (const char *)tmp, (unsigned)(n + PF_PAD), 0, scratch,
	    pf_hit, &hit);
	return !((hr == HS_SUCCESS || hr == HS_SCAN_TERMINATED) && !hit);
}

/* The gate of PCRE2 program text p[0..len), from the blob; NULL if it has
 * none or the database does not load and scan on this machine. */
static hs_database_t *
pf_load(const uint8_t *blob, size_t n, const char *p, size_t len, int ml)
{
	uint8_t key[CRED_PF_KEY];
	const uint8_t *ser;
	size_t sl = 0;
	char *x;
	long xl;
	hs_database_t *d = NULL;
	hs_scratch_t *s = NULL;
	hs_error_t rc;
	int hit = 0;

	if ((x = malloc(len + 1)) == NULL)
		return NULL;
	xl = cred_prefilter_expr(p, len, x, len + 1);
	if (xl >= 0)
		cred_prefilter_key(x, (size_t)xl, ml, key);
	free(x);
	if (xl < 0 || (ser = blob_find(blob, n, key, &sl)) == NULL)
		return NULL;
	if (hs_deserialize_database((const char *)ser, sl, &d) != HS_SUCCESS)
		return NULL;
	/* A database built for other CPU features fails here, not in a
	 * scan: then the program simply has no gate. */
	if (hs_alloc_scratch(d, &s) != HS_SUCCESS ||
	    ((rc = hs_scan(d, "x", 1, 0, s, pf_hit, &hit)) != HS_SUCCESS &&
	    rc != HS_SCAN_TERMINATED)) {
		if (s != NULL)
			hs_free_scratch(s);
		hs_free_database(d);
		return NULL;
	}
	hs_free_scratch(s);
	return d;
}

/* A gate compiled now (slow: up to a second for a big pattern). */
static hs_database_t *
pf_compile(const char *p, size_t len, int ml)
{
	char *x;
	long xl;
	hs_database_t *d = NULL;
	hs_compile_error_t *ce = NULL;

	if ((x = malloc(len + 1)) == NULL)
		return NULL;
	xl = cred_prefilter_expr(p, len, x, len + 1);
	if (xl < 0 || hs_compile(x, HS_FLAG_PREFILTER | HS_FLAG_ALLOWEMPTY |
	    HS_FLAG_SINGLEMATCH | (ml ? HS_FLAG_MULTILINE : 0), HS_MODE_BLOCK,
	    NULL, &d, &ce) != HS_SUCCESS)
		d = NULL;
	if (ce != NULL)
		hs_free_compile_error(ce);
	free(x);
	return d;
}

size_t
cred_db_use_prefilters(struct cred_db *db, const uint8_t *blob, size_t n)
{
	const struct cred_rules *set = db->set;
	size_t i, gated = 0, a = 0, g = 0;

	for (i = 0; i < db->n_rules; i++) {
		const struct cred_rule *r = &set->rules[i];

		if (db->rt[i].pf == NULL)
			db->rt[i].pf = blob != NULL ? pf_load(blob, n,
			    r->pattern, r->pattern_len, 1) : pf_compile(
			    r->pattern, r->pattern_len, 1);
		gated += db->rt[i].pf != NULL;
	}
	/* Allows and allow-secrets, in the order cred_db_build compiled
	 * them (each a superset test on the same subject as PCRE2's). */
	for (i = 0; i < set->n_strs; i++) {
		const struct cred_str *st = &set->strs[i];

		if (st->kind == CK_ALLOW_SECRET && g < db->n_gallow) {
			if (db->gallow_pf[g] == NULL)
				db->gallow_pf[g] = blob != NULL ? pf_load(blob,
				    n, st->p, st->n, 0) : pf_compile(st->p,
				    st->n, 0);
			g++;
		}
	}
	for (i = 0; i < db->n_rules; i++) {
		size_t k;

		for (k = 0; k < set->n_strs; k++) {
			const struct cred_str *st = &set->strs[k];

			if (st->rule != (int32_t)i || st->kind != CK_ALLOW ||
			    a >= db->n_allow)
				continue;
			if (db->allow_pf[a] == NULL)
				db->allow_pf[a] = blob != NULL ? pf_load(blob,
				    n, st->p, st->n, 0) : pf_compile(st->p,
				    st->n, 0);
			a++;
		}
	}
	return gated;
}

/* Every gate's scratch into sc->pf_scratch. */
static int
pf_scratch(struct cred_scanner *sc)
{
	const struct cred_db *db = sc->db;
	size_t i;

	for (i = 0; i < db->n_rules; i++)
		if (db->rt[i].pf != NULL && hs_alloc_scratch(db->rt[i].pf,
		    &sc->pf_scratch) != HS_SUCCESS)
			return -1;
	for (i = 0; i < db->n_allow; i++)
		if (db->allow_pf[i] != NULL && hs_alloc_scratch(
		    db->allow_pf[i], &sc->pf_scratch) != HS_SUCCESS)
			return -1;
	for (i = 0; i < db->n_gallow; i++)
		if (db->gallow_pf[i] != NULL && hs_alloc_scratch(
		    db->gallow_pf[i], &sc->pf_scratch) != HS_SUCCESS)
			return -1;
	return 0;
}

struct cred_scanner *
cred_scanner_new(const struct cred_db *db)
{
	struct cred_scanner *sc = calloc(1, sizeof(*sc));

	if (sc == NULL)
		return NULL;
	sc->db = db;
	sc->buf = aligned_alloc(4096, RAW_SIZE);
	sc->pf_buf = malloc(SCAN_WIN + PF_PAD);
	sc->applies = calloc(db->n_rules, 1);
	sc->rs = calloc(db->n_rules, sizeof(*sc->rs));
	sc->md = pcre2_match_data_create(CRED_GROUP_MAX + 1, NULL);
	if (sc->buf == NULL || sc->pf_buf == NULL || sc->applies == NULL ||
	    sc->rs == NULL ||
	    sc->md == NULL || hs_alloc_scratch(db->hs, &sc->scratch) !=
	    HS_SUCCESS) {
		cred_scanner_free(sc);
		return NULL;
	}
	if (pf_scratch(sc) != 0) {
		cred_scanner_free(sc);
		return NULL;
	}
	sc->expect = UINT64_MAX;
	cred_scanner_set_name(sc, NULL);
	return sc;
}

void
cred_scanner_free(struct cred_scanner *sc)
{
	if (sc == NULL)
		return;
	if (sc->scratch != NULL)
		hs_free_scratch(sc->scratch);
	if (sc->pf_scratch != NULL)
		hs_free_scratch(sc->pf_scratch);
	pcre2_match_data_free(sc->md);
	if (sc->buf != NULL)
		explicit_bzero(sc->buf, RAW_SIZE);
	free(sc->buf);
	if (sc->pf_buf != NULL)
		explicit_bzero(sc->pf_buf, SCAN_WIN + PF_PAD);
	free(sc->pf_buf);
	free(sc->applies);
	free(sc->rs);
	free(sc);
}

void
cred_scanner_expect(struct cred_scanner *sc, uint64_t size)
{
	sc->expect = size;
}

void
cred_scanner_verify_gates(struct cred_scanner *sc, int on)
{
	sc->verify = on != 0;
}

void
cred_scanner_set_name(struct cred_scanner *sc, const char *base)
{
	const struct cred_db *db = sc->db;
	size_t bl = base != NULL ? strlen(base) : 0, pass;

	memcpy(sc->applies, db->applies0, db->n_rules);
	if (base == NULL)
		return;
	/* the globs ending with the name's last byte, then the others
	 * that could match anything (wildcard or class at the end) */
	for (pass = bl > 0 ? 0 : 1; pass < 2; pass++) {
		unsigned b = pass == 0 ? (unsigned char)base[bl - 1] : 256;
		size_t k;

		for (k = db->pb_first[b]; k < db->pb_first[b + 1]; k++) {
			size_t g = db->pb_glob[k];
			uint32_t ri = db->path_rule[g];

			if (!sc->applies[ri] && path_match(db->paths[g],
			    db->path_kind[g], db->path_len[g], base, bl))
				sc->applies[ri] = 1;
		}
	}
}

/* 1 if regex c matches somewhere in p[0..n); pf is its gate or NULL. */
static int
search(struct cred_scanner *sc, pcre2_code *c, hs_database_t *pf,
    const uint8_t *p, size_t n)
{
	int rc;

	if (pf != NULL && !pf_may_match(pf, sc->pf_scratch, sc->pf_buf, p,
	    n)) {
		if (!sc->verify)
			return 0;
		sc->st->gate_checks++;
		if (pcre2_match(c, (PCRE2_SPTR)p, n, 0, 0, sc->md,
		    sc->db->mctx) >= 0)
			sc->st->gate_misses++;
	}
	rc = pcre2_match(c, (PCRE2_SPTR)p, n, 0, 0, sc->md, sc->db->mctx);

	if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
	    rc == PCRE2_ERROR_HEAPLIMIT)
		sc->st->limit_hits++;
	return rc >= 0;
}

static int
has(const uint8_t *p, size_t n, const char *lit)
{
	return memmem(p, n, lit, strlen(lit)) != NULL;
}

/* Line and column of buffer position pos, moving sc->cur forward. */
static void
locate(struct cred_scanner *sc, size_t pos, uint64_t *line, uint64_t *col)
{
	uint64_t abs = sc->base + pos;

	if (sc->cur.off > abs || sc->cur.off < sc->base)
		sc->cur = sc->lc;
	scan_lc_advance(&sc->cur, sc->buf + (sc->cur.off - sc->base),
	    (size_t)(abs - sc->cur.off));
	*line = sc->cur.line;
	*col = scan_lc_column(&sc->cur);
}

/* A candidate secret buf[gs..ge) of rule ri found in the window
 * [ws, we): decides and reports.  Returns nonzero to stop. */
static int
candidate(struct cred_scanner *sc, uint32_t ri, size_t ws, size_t we,
    size_t gs, size_t ge)
{
	const struct cred_db *db = sc->db;
	const struct cred_rule *r = &db->set->rules[ri];
	const struct rule_rt *rt = &db->rt[ri];
	const uint8_t *b = sc->buf;
	size_t ls = gs, le = gs, len = ge - gs, i;
	struct cred_finding f;

	if (len == 0 || len < r->min_length)
		return 0;
	if (r->min_entropy > 0 && scan_entropy_milli(b + gs, len) <
	    r->min_entropy)
		return 0;
	for (i = 0; i < db->n_gallow; i++)
		if (search(sc, db->gallow[i], db->gallow_pf[i], b + gs, len))
			return 0;
	while (ls > ws && b[ls - 1] != '\n')
		ls--;
	while (le < we && b[le] != '\n')
		le++;
	for (i = 0; i < rt->allow_n; i++) {
		pcre2_code *c = db->allow[rt->allow_first + i];
		hs_database_t *pf = db->allow_pf[rt->allow_first + i];

		if (search(sc, c, pf, b + gs, len) ||
		    search(sc, c, pf, b + ls, le - ls))
			return 0;
	}
	if (has(b + ls, le - ls, "signoff:allow") ||
	    has(b + ls, le - ls, "pragma: allowlist secret") ||
	    has(b + ls, le - ls, "pragma: whitelist secret")) {
		sc->st->suppressed++;
		return 0;
	}
	sc->st->hits++;
	memset(&f, 0, sizeof(f));
	f.rule = ri;
	f.offset = sc->base + gs;
	locate(sc, gs, &f.line, &f.column);
	f.secret = b + gs;
	f.secret_len = len;
	return sc->emit(sc->ctx, &f);
}

/* 1 if p[0..n) lacks one of the bytes req[0..k). */
static int
lacks(const uint8_t *p, size_t n, const uint8_t *req, size_t k)
{
	size_t i;

	for (i = 0; i < k; i++)
		if (memchr(p, req[i], n) == NULL)
			return 1;
	return 0;
}

/* Confirms rule ri around the keyword buf[ks..ke). */
static int
confirm(struct cred_scanner *sc, uint32_t ri, size_t ks)
{
	const struct cred_db *db = sc->db;
	const struct cred_rule *r = &db->set->rules[ri];
	struct rule_state *rs = &sc->rs[ri];
	const uint8_t *b = sc->buf, *q;
	size_t lb, ws, we, limit, pos, off;
	uint32_t opts = 0, k;
	int bol, slide;

	lb = ks >= SCAN_BACK ? ks - SCAN_BACK : 0;
	q = ks > lb ? memrchr(b + lb, '\n', ks - lb) : NULL;
	if (q != NULL) {
		ws = (size_t)(q - b) + 1;
		bol = 1;
		slide = 0;
	} else {
		ws = lb;
		bol = lb == 0 && sc->base == 0;
		slide = lb > 0;
	}
	limit = ws + SCAN_WIN < sc->n ? ws + SCAN_WIN : sc->n;
	we = limit;
	pos = ks;
	for (k = 0; k < r->lines; k++) {
		q = pos < limit ? memchr(b + pos, '\n', limit - pos) : NULL;
		if (q == NULL) {
			we = limit;
			if (!(limit == sc->n && sc->eof))
				opts |= PCRE2_NOTEOL;
			break;
		}
		we = (size_t)(q - b);
		pos = we + 1;
	}
	if (!bol)
		opts |= PCRE2_NOTBOL;
	if (rs->ws == sc->base + ws && rs->we == sc->base + we)
		return 0;		/* this window was tried already */
	/*
	 * A line longer than SCAN_BACK: the window starts SCAN_BACK before
	 * the keyword and so slides with every hit, and a run of keyword
	 * bytes (a base64 blob of 'A's under twitter-bearer-token's
	 * 21-'a' keyword) would make every byte a new 4 KiB window: 10-20
	 * CPU s for a 44 KB SVG.  A hit whose keyword lies in the window
	 * last searched for this rule, at least SCAN_REACH before its end,
	 * is skipped, and so is a window inside the last one (near the end
	 * of the data, where windows stop growing): a match that holds this
	 * keyword and ends within SCAN_REACH of it starts after the old
	 * window's start and ends before its end, so that search saw it.  A rule is thus searched
	 * at most once per SCAN_WIN - SCAN_REACH bytes of a long line; what
	 * can be missed is a match reaching more than SCAN_REACH (2 KiB)
	 * past a keyword already inside the last window, on such a line
	 * (docs/CREDENTIALS.md).
	 */
	if (slide && rs->we > rs->ws && rs->ws <= sc->base + ws &&
	    (sc->base + we <= rs->we ||
	    sc->base + ks + SCAN_REACH <= rs->we))
		return 0;
	rs->ws = sc->base + ws;
	rs->we = sc->base + we;
	/* A byte every match contains is missing: no match. */
	if ((db->rt[ri].need[0] >= 0 && we > ws &&
	    memchr(b + ws, db->rt[ri].need[0], we - ws) == NULL &&
	    (db->rt[ri].need[1] < 0 ||
	    memchr(b + ws, db->rt[ri].need[1], we - ws) == NULL)) ||
	    lacks(b + ws, we - ws, db->rt[ri].req, db->rt[ri].n_req)) {
		if (!sc->verify)
			return 0;
		sc->st->gate_checks++;
		if (pcre2_match(db->rt[ri].code, (PCRE2_SPTR)(b + ws), we - ws,
		    0, opts, sc->md, db->mctx) >= 0)
			sc->st->gate_misses++;
	}
	/* No match of the superset: PCRE2 cannot match either. */
	if (db->rt[ri].pf != NULL && !pf_may_match(db->rt[ri].pf,
	    sc->pf_scratch, sc->pf_buf, b + ws, we - ws)) {
		if (!sc->verify)
			return 0;
		sc->st->gate_checks++;
		if (pcre2_match(db->rt[ri].code, (PCRE2_SPTR)(b + ws), we - ws,
		    0, opts, sc->md, db->mctx) >= 0)
			sc->st->gate_misses++;
	}
	sc->st->windows++;
	off = 0;
	while (ws + off <= we) {
		PCRE2_SIZE *ov;
		size_t ms, me, gs, ge;
		int rc = pcre2_match(db->rt[ri].code, (PCRE2_SPTR)(b + ws),
		    we - ws, off, opts, sc->md, db->mctx);

		if (rc < 0) {
			if (rc == PCRE2_ERROR_MATCHLIMIT ||
			    rc == PCRE2_ERROR_DEPTHLIMIT ||
			    rc == PCRE2_ERROR_HEAPLIMIT)
				sc->st->limit_hits++;
			break;
		}
		ov = pcre2_get_ovector_pointer(sc->md);
		ms = ov[0];
		me = ov[1];
		gs = ov[2 * db->rt[ri].group];
		ge = ov[2 * db->rt[ri].group + 1];
		if (rc > (int)db->rt[ri].group && gs != PCRE2_UNSET &&
		    ge >= gs && sc->base + ws + gs >= rs->last_end) {
			int stop = candidate(sc, ri, ws, we, ws + gs, ws + ge);

			rs->last_end = sc->base + ws + (ge > gs ? ge : gs + 1);
			if (stop)
				return 1;
		}
		off = me > ms ? me : me + 1;
	}
	return 0;
}

static int
on_hit(unsigned int id, unsigned long long from, unsigned long long to,
    unsigned int flags, void *ctx)
{
	struct cred_scanner *sc = ctx;
	const struct cred_db *db = sc->db;
	size_t ke = (size_t)to, ks, i, klen;

	(void)from;
	(void)flags;
	if (ke <= sc->lo || ke > sc->hi || id >= db->n_kw)
		return 0;
	klen = db->kw_len[id];
	ks = ke - klen;
	for (i = 0; i < db->kw_n[id]; i++) {
		uint32_t ri = db->kw_rules[db->kw_first[id] + i];

		if (!sc->applies[ri])
			continue;
		if (confirm(sc, ri, ks) != 0) {
			sc->stop = 1;
			return 1;
		}
	}
	return 0;
}

static int
is_archive(const uint8_t *p, size_t n)
{
	static const struct { const char *m; size_t n, at; } magic[] = {
		{ "PK\x03\x04", 4, 0 }, { "\x1f\x8b", 2, 0 },
		{ "\xfd" "7zXZ\x00", 6, 0 }, { "BZh", 3, 0 },
		{ "\x28\xb5\x2f\xfd", 4, 0 }, { "7z\xbc\xaf\x27\x1c", 6, 0 },
		{ "Rar!\x1a\x07", 6, 0 }, { "ustar", 5, 257 },
	};
	size_t i;

	for (i = 0; i < sizeof(magic) / sizeof(magic[0]); i++)
		if (n >= magic[i].at + magic[i].n &&
		    memcmp(p + magic[i].at, magic[i].m, magic[i].n) == 0)
			return 1;
	return 0;
}

/* Reads more into buf[n..cap): from fd, or from the memory source. */
static ssize_t
fill(struct cred_scanner *sc, int fd, size_t room)
{
	ssize_t r;

	if (fd < 0) {
		size_t k = sc->mem_n - sc->mem_off;

		if (k > room)
			k = room;
		memcpy(sc->buf + sc->n, sc->mem + sc->mem_off, k);
		sc->mem_off += k;
		return (ssize_t)k;
	}
	do
		r = read(fd, sc->buf + sc->n, room);
	while (r < 0 && errno == EINTR);
	return r;
}

static enum cred_result
scan(struct cred_scanner *sc, int fd, cred_emit_fn emit, void *ctx,
    struct cred_stats *st, int *err)
{
	const struct cred_db *db = sc->db;
	size_t i, hi, keep;
	uint64_t bytes0 = st->bytes, got = 0;
	int first = 1;

	sc->emit = emit;
	sc->ctx = ctx;
	sc->st = st;
	sc->stop = 0;
	sc->base = 0;
	sc->n = 0;
	sc->lo = 0;
	sc->eof = 0;
	sc->lc.off = 0;
	sc->lc.line = 1;
	sc->lc.line_start = 0;
	sc->cur = sc->lc;
	for (i = 0; i < db->n_rules; i++) {
		sc->rs[i].ws = sc->rs[i].we = UINT64_MAX;
		sc->rs[i].last_end = 0;
	}
	for (;;) {
		while (sc->n < SCAN_BUF && !sc->eof) {
			size_t room = SCAN_BUF - sc->n;
			ssize_t r = fill(sc, fd, room);

			if (r < 0) {
				*err = errno;
				return CRED_READ_ERROR;
			}
			if (r == 0)
				sc->eof = 1;
			sc->n += (size_t)r;
			st->bytes += (uint64_t)r;
			got += (uint64_t)r;
			/* short, and all the caller's fstat saw: the end
			 * (not for a size of 0: /proc files say 0 and come
			 * a page per read) */
			if (r > 0 && (size_t)r < room && sc->expect > 0 &&
			    got >= sc->expect)
				sc->eof = 1;
		}
		if (first) {
			size_t probe = sc->n < BINARY_PROBE ? sc->n : BINARY_PROBE;

			first = 0;
			/* skipped files count no scanned bytes */
			if (is_archive(sc->buf, probe)) {
				st->bytes = bytes0;
				return CRED_ARCHIVE;
			}
			if (memchr(sc->buf, '\0', probe) != NULL) {
				st->bytes = bytes0;
				return CRED_BINARY;
			}
			/* A rule without keywords (it has a `path`) is
			 * tried once, on the file's first lines. */
			for (i = 0; i < db->n_rules; i++)
				if (db->set->rules[i].n_kw == 0 &&
				    sc->applies[i] && confirm(sc, (uint32_t)i, 0))
					return CRED_STOPPED;
		}
		scan_chunk_plan(sc->n, SCAN_BUF, sc->lo, sc->eof, &hi, &keep);
		sc->hi = hi;
		if (sc->n > 0 && hs_scan(db->hs, (const char *)sc->buf,
		    (unsigned)sc->n, 0, sc->scratch, on_hit, sc) !=
		    HS_SUCCESS && !sc->stop)
			return CRED_INTERNAL;
		if (sc->stop)
			return CRED_STOPPED;
		if (sc->eof)
			return CRED_SCANNED;
		/* Line accounting to the new base, then keep the tail. */
		if (sc->cur.off >= sc->base && sc->cur.off <= sc->base + keep)
			sc->lc = sc->cur;
		scan_lc_advance(&sc->lc, sc->buf + (sc->lc.off - sc->base),
		    (size_t)(sc->base + keep - sc->lc.off));
		sc->cur = sc->lc;
		/* the tail is SCAN_KEEP bytes (a multiple of BUF_ALIGN),
		 * so the next read lands aligned */
		memmove(sc->buf, sc->buf + keep, sc->n - keep);
		sc->base += keep;
		sc->n -= keep;
		sc->lo = hi - keep;
	}
}

enum cred_result
cred_scan_fd(struct cred_scanner *sc, int fd, cred_emit_fn emit, void *ctx,
    struct cred_stats *st, int *err)
{
	enum cred_result res;

	*err = 0;
	res = scan(sc, fd, emit, ctx, st, err);
	sc->expect = UINT64_MAX;
	return res;
}

enum cred_result
cred_scan_buffer(struct cred_scanner *sc, const uint8_t *p, size_t n,
    cred_emit_fn emit, void *ctx, struct cred_stats *st)
{
	int err = 0;

	sc->mem = p;
	sc->mem_n = n;
	sc->mem_off = 0;
	return scan(sc, -1, emit, ctx, st, &err);
}

/* --- self-test ---------------------------------------------------------- */

struct st_ctx {
	uint32_t want;		/* rule that must fire, or UINT32_MAX */
	int found_want;
	int found_other;
	uint32_t other;
};

static int
st_emit(void *ctx, const struct cred_finding *f)
{
	struct st_ctx *c = ctx;

	if (f->rule == c->want)
		c->found_want = 1;
	else if (!c->found_other) {
		c->found_other = 1;
		c->other = f->rule;
	}
	return 0;
}

/* A file name a path-restricted rule applies to: its first glob with
 * wildcards replaced. */
static void
example_name(const struct cred_db *db, size_t ri, char *out, size_t cap)
{
	const struct rule_rt *rt = &db->rt[ri];
	size_t i, o = 0;
	const char *g;

	if (rt->path_n == 0) {
		snprintf(out, cap, "example.txt");
		return;
	}
	g = db->paths[rt->path_first];
	for (i = 0; g[i] != '\0' && o + 1 < cap; i++) {
		if (g[i] == '[') {
			/* a bracket: take its first member */
			size_t j = i + 1;

			if (g[j] == '!' || g[j] == '^')
				j++;
			out[o++] = g[j] != '\0' && g[j] != ']' ? g[j] : 'x';
			while (g[i] != '\0' && g[i] != ']')
				i++;
			if (g[i] == '\0')
				break;
			continue;
		}
		out[o++] = g[i] == '*' || g[i] == '?' ? 'x' : g[i];
	}
	out[o] = '\0';
}

int
cred_selftest(const struct cred_db *db, struct cred_scanner *sc,
    void (*report)(void *ctx, size_t rule, int ok, const char *why),
    void *ctx)
{
	const struct cred_rules *set = db->set;
	struct cred_stats st;
	char *text = malloc(65536), why[256], name[256];
	size_t ri, k;
	int failed = 0;

	if (text == NULL)
		return -1;
	for (ri = 0; ri < db->n_rules; ri++) {
		int ok = 1;

		example_name(db, ri, name, sizeof(name));
		cred_scanner_set_name(sc, name);
		why[0] = '\0';
		for (k = 0; k < set->n_strs && ok; k++) {
			const struct cred_str *s = &set->strs[k];
			struct st_ctx c;
			long n;

			if (s->rule != (int32_t)ri || (s->kind != CK_EXAMPLE &&
			    s->kind != CK_COUNTER))
				continue;
			n = cred_unescape(s->p, s->n, text, 65535);
			if (n < 0) {
				snprintf(why, sizeof(why), "line %u: too long",
				    (unsigned)s->line);
				ok = 0;
				break;
			}
			memset(&c, 0, sizeof(c));
			memset(&st, 0, sizeof(st));
			c.want = s->kind == CK_EXAMPLE ? (uint32_t)ri : UINT32_MAX;
			if (cred_scan_buffer(sc, (const uint8_t *)text,
			    (size_t)n, st_emit, &c, &st) != CRED_SCANNED) {
				snprintf(why, sizeof(why), "line %u: not "
				    "scanned (binary or archive?)",
				    (unsigned)s->line);
				ok = 0;
			} else if (s->kind == CK_EXAMPLE && !c.found_want) {
				snprintf(why, sizeof(why), "example at line %u "
				    "is not reported by this rule",
				    (unsigned)s->line);
				ok = 0;
			} else if (s->kind == CK_COUNTER && c.found_other) {
				snprintf(why, sizeof(why), "counter at line %u "
				    "is reported by rule %s", (unsigned)s->line,
				    set->rules[c.other].id);
				ok = 0;
			}
		}
		explicit_bzero(text, 65536);
		if (!ok)
			failed++;
		report(ctx, ri, ok, why);
	}
	free(text);
	return failed;
}
