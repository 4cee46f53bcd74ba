/*
 * rules.h - the credential rules file (docs/CREDENTIALS.md): a pure parser.
 *
 * cred_rules_parse() reads one file's text into a caller-owned set (fixed
 * arrays the caller provides), allocates nothing and does no I/O.  Values
 * are kept as spans pointing into the caller's text, which must outlive
 * the set.  Several files (the defaults, then --rules files) are parsed
 * into one set; a rule id must be unique across all of them.  The
 * patterns are compiled (and so fully validated) by cred_db_build() in
 * engine.h, which reports its errors at FILE:LINE the same way.
 */
#ifndef SIGNOFF_CRED_RULES_H
#define SIGNOFF_CRED_RULES_H

#include <stddef.h>
#include <stdint.h>

#define CRED_ID_MAX		64
#define CRED_LINES_MAX		8
#define CRED_GROUP_MAX		99
#define CRED_MINLEN_MAX		4096

enum cred_kind {
	CK_KEYWORD, CK_ALLOW, CK_PATH, CK_EXAMPLE, CK_COUNTER, CK_ALLOW_SECRET
};

/* A value of a repeatable key (or one keyword / one path glob). */
struct cred_str {
	const char *p;		/* into the source text, not NUL-terminated */
	uint32_t n;
	uint32_t line;
	uint16_t file;
	uint8_t kind;		/* enum cred_kind */
	int32_t rule;		/* index in rules[], -1 for [global] */
};

struct cred_rule {
	char id[CRED_ID_MAX + 1];
	const char *desc;
	uint32_t desc_len;
	const char *pattern;
	uint32_t pattern_len;
	uint32_t pattern_line;
	uint32_t line;		/* of the [rule ID] header */
	uint16_t file;
	uint8_t severity;	/* enum rec_severity */
	int32_t secret_group;	/* -1: the default (1 if the pattern has one) */
	uint32_t group_line;
	uint32_t min_entropy;	/* milli-bits per byte */
	uint32_t min_length;
	uint32_t lines;
	uint32_t seen;		/* single-valued keys already given (bits) */
	uint32_t n_kw, n_ex, n_ctr;
};

struct cred_rules {
	struct cred_rule *rules;
	size_t n_rules, cap_rules;
	struct cred_str *strs;
	size_t n_strs, cap_strs;
};

struct cred_err {
	uint16_t file;
	uint32_t line;
	char msg[256];
};

/* Empties a set over caller arrays. */
void cred_rules_init(struct cred_rules *set, struct cred_rule *rules,
    size_t cap_rules, struct cred_str *strs, size_t cap_strs);

/*
 * Parses text[0..len) (file number `file`, for messages) into set.
 * Returns 0, or -1 with e filled (file, line, message); the set is then
 * unusable.
 */
int cred_rules_parse(struct cred_rules *set, const char *text, size_t len,
    uint16_t file, struct cred_err *e);

/* Decodes the \n \t \\ escapes of an example/counter value into out
 * (cap bytes).  Returns the decoded length, or -1 if it does not fit. */
long cred_unescape(const char *p, size_t n, char *out, size_t cap);

/*
 * The expression given to Vectorscan (HS_FLAG_PREFILTER) for a pattern:
 * see engine.c.  Writes at most cap bytes (NUL included); returns the
 * length, or -1 when the pattern gets no prefilter.
 */
long cred_prefilter_expr(const char *p, size_t n, char *out, size_t cap);

/* The key of a prefilter database in the build-time blob: SHA-256 of
 * the tag (NUL included) then the expression.  The tag names the
 * Vectorscan flags the database is compiled with: a rule's pattern is
 * compiled multi-line (as PCRE2 compiles it), an allow or allow-secret
 * not. */
#define CRED_PF_MAGIC	"signoff-pf-1\n"
#define CRED_PF_KEY	32
#define CRED_PF_TAG_ML	"signoff prefilter v1: PREFILTER MULTILINE ALLOWEMPTY " \
			"SINGLEMATCH"
#define CRED_PF_TAG	"signoff prefilter v1: PREFILTER ALLOWEMPTY SINGLEMATCH"
void cred_prefilter_key(const char *expr, size_t n, int multiline,
    uint8_t *key);

#endif
