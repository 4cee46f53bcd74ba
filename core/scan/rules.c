/*
 * rules.c - parser of the credential rules format (docs/CREDENTIALS.md).
 * Pure: caller-owned arrays, spans into the caller's text, no I/O.
 */
#include <stdio.h>
#include <string.h>

#include "rules.h"
#include "scanmath.h"
#include "sha256.h"

/* Single-valued keys, as bits of cred_rule.seen. */
enum {
	K_DESC = 1u << 0, K_SEV = 1u << 1, K_KW = 1u << 2, K_PAT = 1u << 3,
	K_GROUP = 1u << 4, K_ENT = 1u << 5, K_LEN = 1u << 6, K_LINES = 1u << 7,
	K_PATH = 1u << 8,
};

static const char *const sev_names[] = {
	"critical", "high", "medium", "low", "info"
};

static int
fail(struct cred_err *e, uint16_t file, uint32_t line, const char *msg,
    const char *detail, size_t dlen)
{
	if (dlen > 64)
		dlen = 64;
	e->file = file;
	e->line = line;
	if (detail != NULL)
		snprintf(e->msg, sizeof(e->msg), "%s '%.*s'", msg, (int)dlen,
		    detail);
	else
		snprintf(e->msg, sizeof(e->msg), "%s", msg);
	/* The detail comes from the file: keep the message printable. */
	for (dlen = 0; e->msg[dlen] != '\0'; dlen++)
		if ((unsigned char)e->msg[dlen] < 0x20 ||
		    (unsigned char)e->msg[dlen] >= 0x7f)
			e->msg[dlen] = '?';
	return -1;
}

void
cred_rules_init(struct cred_rules *set, struct cred_rule *rules,
    size_t cap_rules, struct cred_str *strs, size_t cap_strs)
{
	set->rules = rules;
	set->n_rules = 0;
	set->cap_rules = cap_rules;
	set->strs = strs;
	set->n_strs = 0;
	set->cap_strs = cap_strs;
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static int
eq(const char *p, size_t n, const char *lit)
{
	return strlen(lit) == n && memcmp(p, lit, n) == 0;
}

static int
id_valid(const char *p, size_t n)
{
	size_t i;

	if (n == 0 || n > CRED_ID_MAX)
		return 0;
	for (i = 0; i < n; i++) {
		char c = p[i];
		int alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');

		if (!alnum && (i == 0 || (c != '.' && c != '-')))
			return 0;
	}
	return 1;
}

/* Decimal 0..max. */
static int
parse_uint(const char *p, size_t n, uint32_t max, uint32_t *v)
{
	uint64_t x = 0;
	size_t i;

	if (n == 0 || n > 10)
		return -1;
	for (i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		x = x * 10 + (uint64_t)(p[i] - '0');
	}
	if (x > max)
		return -1;
	*v = (uint32_t)x;
	return 0;
}

/* "F" with at most 3 decimals, 0..8, in milli-units. */
static int
parse_entropy(const char *p, size_t n, uint32_t *milli)
{
	uint32_t ip = 0, fp = 0, scale = 100;
	size_t i = 0;

	if (n == 0 || p[0] < '0' || p[0] > '9')
		return -1;
	while (i < n && p[i] >= '0' && p[i] <= '9' && ip <= 8)
		ip = ip * 10 + (uint32_t)(p[i++] - '0');
	if (i < n) {
		if (p[i++] != '.' || i == n)
			return -1;
		for (; i < n; i++) {
			if (p[i] < '0' || p[i] > '9' || scale == 0)
				return -1;
			fp += (uint32_t)(p[i] - '0') * scale;
			scale /= 10;
		}
	}
	if (ip > 8 || (ip == 8 && fp > 0))
		return -1;
	*milli = ip * 1000 + fp;
	return 0;
}

static int
add_str(struct cred_rules *set, const char *p, size_t n, uint32_t line,
    uint16_t file, int kind, int32_t rule, struct cred_err *e)
{
	struct cred_str *s;

	if (set->n_strs == set->cap_strs)
		return fail(e, file, line, "too many values in the rules files",
		    NULL, 0);
	s = &set->strs[set->n_strs++];
	s->p = p;
	s->n = (uint32_t)n;
	s->line = line;
	s->file = file;
	s->kind = (uint8_t)kind;
	s->rule = rule;
	return 0;
}

/* A comma-separated list: each item trimmed, none empty. */
static int
add_list(struct cred_rules *set, const char *v, size_t vn, uint32_t line,
    uint16_t file, int kind, int32_t rule, struct cred_err *e)
{
	size_t i = 0;

	for (;;) {
		size_t a = i, b;

		while (i < vn && v[i] != ',')
			i++;
		b = i;
		while (a < b && is_blank(v[a]))
			a++;
		while (b > a && is_blank(v[b - 1]))
			b--;
		if (a == b)
			return fail(e, file, line, kind == CK_KEYWORD ?
			    "empty keyword" : "empty path glob", NULL, 0);
		if (kind == CK_KEYWORD && b - a > SCAN_KW_MAX)
			return fail(e, file, line, "keyword longer than 64 "
			    "bytes", v + a, b - a);
		if (add_str(set, v + a, b - a, line, file, kind, rule, e) != 0)
			return -1;
		if (kind == CK_KEYWORD)
			set->rules[rule].n_kw++;
		if (i == vn)
			return 0;
		i++;
	}
}

/* A rule is complete: every required key given. */
static int
rule_close(struct cred_rules *set, struct cred_err *e)
{
	struct cred_rule *r;
	static const struct { uint32_t bit; const char *msg; } req[] = {
		{ K_DESC, "rule has no description" },
		{ K_SEV, "rule has no severity" },
		{ K_KW, "rule has no keywords (only a rule with a path may "
		    "omit them)" },
		{ K_PAT, "rule has no pattern" },
	};
	size_t i;

	if (set->n_rules == 0)
		return 0;
	r = &set->rules[set->n_rules - 1];
	for (i = 0; i < sizeof(req) / sizeof(req[0]); i++)
		if ((r->seen & req[i].bit) == 0 && !(req[i].bit == K_KW &&
		    (r->seen & K_PATH) != 0))
			return fail(e, r->file, r->line, req[i].msg, r->id,
			    strlen(r->id));
	if (r->n_ex == 0)
		return fail(e, r->file, r->line, "rule has no example", r->id,
		    strlen(r->id));
	if (r->n_ctr == 0)
		return fail(e, r->file, r->line, "rule has no counter", r->id,
		    strlen(r->id));
	return 0;
}

static int
rule_key(struct cred_rules *set, struct cred_rule *r, int32_t ri,
    const char *k, size_t kn, const char *v, size_t vn, uint32_t line,
    uint16_t file, struct cred_err *e)
{
	uint32_t bit = 0, u;
	size_t i;

	if (eq(k, kn, "description"))
		bit = K_DESC;
	else if (eq(k, kn, "severity"))
		bit = K_SEV;
	else if (eq(k, kn, "keywords"))
		bit = K_KW;
	else if (eq(k, kn, "pattern"))
		bit = K_PAT;
	else if (eq(k, kn, "secret-group"))
		bit = K_GROUP;
	else if (eq(k, kn, "min-entropy"))
		bit = K_ENT;
	else if (eq(k, kn, "min-length"))
		bit = K_LEN;
	else if (eq(k, kn, "lines"))
		bit = K_LINES;
	else if (eq(k, kn, "path"))
		bit = K_PATH;
	if (bit != 0) {
		if (r->seen & bit)
			return fail(e, file, line, "duplicate key", k, kn);
		r->seen |= bit;
	}
	switch (bit) {
	case K_DESC:
		if (vn == 0)
			return fail(e, file, line, "empty description", NULL, 0);
		r->desc = v;
		r->desc_len = (uint32_t)vn;
		return 0;
	case K_SEV:
		for (i = 0; i < 5; i++)
			if (eq(v, vn, sev_names[i])) {
				r->severity = (uint8_t)i;
				return 0;
			}
		return fail(e, file, line, "unknown severity (critical, high, "
		    "medium, low, info)", v, vn);
	case K_KW:
		return add_list(set, v, vn, line, file, CK_KEYWORD, ri, e);
	case K_PAT:
		if (vn == 0)
			return fail(e, file, line, "empty pattern", NULL, 0);
		r->pattern = v;
		r->pattern_len = (uint32_t)vn;
		r->pattern_line = line;
		return 0;
	case K_GROUP:
		if (parse_uint(v, vn, CRED_GROUP_MAX, &u) != 0)
			return fail(e, file, line, "secret-group must be 0..99",
			    v, vn);
		r->secret_group = (int32_t)u;
		r->group_line = line;
		return 0;
	case K_ENT:
		if (parse_entropy(v, vn, &u) != 0)
			return fail(e, file, line, "min-entropy must be a "
			    "number 0..8 with at most 3 decimals", v, vn);
		r->min_entropy = u;
		return 0;
	case K_LEN:
		if (parse_uint(v, vn, CRED_MINLEN_MAX, &u) != 0 || u == 0)
			return fail(e, file, line, "min-length must be 1..4096",
			    v, vn);
		r->min_length = u;
		return 0;
	case K_LINES:
		if (parse_uint(v, vn, CRED_LINES_MAX, &u) != 0 || u == 0)
			return fail(e, file, line, "lines must be 1..8", v, vn);
		r->lines = u;
		return 0;
	case K_PATH:
		return add_list(set, v, vn, line, file, CK_PATH, ri, e);
	default:
		break;
	}
	if (eq(k, kn, "allow")) {
		if (vn == 0)
			return fail(e, file, line, "empty allow pattern", NULL, 0);
		return add_str(set, v, vn, line, file, CK_ALLOW, ri, e);
	}
	if (eq(k, kn, "example") || eq(k, kn, "counter")) {
		int ex = k[0] == 'e';

		if (vn == 0)
			return fail(e, file, line, ex ? "empty example" :
			    "empty counter", NULL, 0);
		if (ex)
			r->n_ex++;
		else
			r->n_ctr++;
		return add_str(set, v, vn, line, file,
		    ex ? CK_EXAMPLE : CK_COUNTER, ri, e);
	}
	return fail(e, file, line, "unknown key", k, kn);
}

int
cred_rules_parse(struct cred_rules *set, const char *text, size_t len,
    uint16_t file, struct cred_err *e)
{
	enum { S_NONE, S_GLOBAL, S_RULE } sect = S_NONE;
	size_t pos = 0;
	uint32_t line = 0;

	if (memchr(text, '\0', len) != NULL) {
		const char *z = memchr(text, '\0', len);
		size_t i;

		for (i = 0; text + i < z; i++)
			if (text[i] == '\n')
				line++;
		return fail(e, file, line + 1, "NUL byte in the rules file",
		    NULL, 0);
	}
	while (pos < len) {
		const char *l = text + pos, *nl, *eqs;
		size_t n, a = 0, b, k_end, v_start;

		nl = memchr(l, '\n', len - pos);
		n = nl ? (size_t)(nl - l) : len - pos;
		pos += n + (nl ? 1 : 0);
		line++;
		b = n;
		while (a < b && is_blank(l[a]))
			a++;
		while (b > a && is_blank(l[b - 1]))
			b--;
		if (a == b || l[a] == '#')
			continue;
		if (l[a] == '[') {
			const char *in = l + a + 1;
			size_t in_n;

			if (l[b - 1] != ']')
				return fail(e, file, line, "section header "
				    "without ']'", NULL, 0);
			in_n = b - a - 2;
			if (sect == S_RULE && rule_close(set, e) != 0)
				return -1;
			if (eq(in, in_n, "global")) {
				sect = S_GLOBAL;
				continue;
			}
			if (in_n > 5 && memcmp(in, "rule ", 5) == 0) {
				struct cred_rule *r;
				const char *id = in + 5;
				size_t idn = in_n - 5, i;

				while (idn > 0 && is_blank(*id)) {
					id++;
					idn--;
				}
				if (!id_valid(id, idn))
					return fail(e, file, line, "bad rule id "
					    "(1-64 of [a-z0-9.-], starting with "
					    "a letter or digit)", id, idn);
				for (i = 0; i < set->n_rules; i++)
					if (eq(id, idn, set->rules[i].id))
						return fail(e, file, line,
						    "duplicate rule id", id, idn);
				if (set->n_rules == set->cap_rules)
					return fail(e, file, line, "too many "
					    "rules", NULL, 0);
				r = &set->rules[set->n_rules++];
				memset(r, 0, sizeof(*r));
				memcpy(r->id, id, idn);
				r->id[idn] = '\0';
				r->line = line;
				r->file = file;
				r->secret_group = -1;
				r->min_length = 1;
				r->lines = 1;
				sect = S_RULE;
				continue;
			}
			return fail(e, file, line, "unknown section (expected "
			    "[global] or [rule ID])", in, in_n);
		}
		eqs = memchr(l + a, '=', b - a);
		if (eqs == NULL)
			return fail(e, file, line, "expected key = value",
			    NULL, 0);
		k_end = (size_t)(eqs - l);
		v_start = k_end + 1;
		while (k_end > a && is_blank(l[k_end - 1]))
			k_end--;
		while (v_start < b && is_blank(l[v_start]))
			v_start++;
		if (k_end == a)
			return fail(e, file, line, "empty key", NULL, 0);
		if (sect == S_NONE)
			return fail(e, file, line, "key outside a section",
			    l + a, k_end - a);
		if (sect == S_GLOBAL) {
			if (!eq(l + a, k_end - a, "allow-secret"))
				return fail(e, file, line, "unknown key in "
				    "[global]", l + a, k_end - a);
			if (v_start == b)
				return fail(e, file, line, "empty allow-secret",
				    NULL, 0);
			if (add_str(set, l + v_start, b - v_start, line, file,
			    CK_ALLOW_SECRET, -1, e) != 0)
				return -1;
			continue;
		}
		if (rule_key(set, &set->rules[set->n_rules - 1],
		    (int32_t)(set->n_rules - 1), l + a, k_end - a, l + v_start,
		    b - v_start, line, file, e) != 0)
			return -1;
	}
	if (sect == S_RULE && rule_close(set, e) != 0)
		return -1;
	return 0;
}

long
cred_unescape(const char *p, size_t n, char *out, size_t cap)
{
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		char c = p[i];

		if (c == '\\' && i + 1 < n) {
			if (p[i + 1] == 'n')
				c = '\n', i++;
			else if (p[i + 1] == 't')
				c = '\t', i++;
			else if (p[i + 1] == '\\')
				c = '\\', i++;
		}
		if (o == cap)
			return -1;
		out[o++] = c;
	}
	return (long)o;
}

/*
 * The prefilter form of a pattern (engine.c, "prefilter gates"): an
 * expression for Vectorscan (HS_FLAG_PREFILTER) that matches wherever the
 * PCRE2 program can match in the same subject, usually more.  Every
 * construct whose meaning could differ between the two engines at the
 * edges of a subject is removed, which only widens the set of matches:
 *   - lookarounds (?=..) (?!..) (?<=..) (?<!..), anchors ^ $ \A \z \Z \G
 *     and word boundaries \b \B are dropped (an assertion becomes
 *     "always true").  This is not a nicety: Vectorscan evaluates a
 *     trailing negative lookahead as needing one more byte, so
 *     "%[sdv](?!x)" does not match "a%s" in a prefilter database built
 *     with it (seen with Vectorscan 5.4.9), where PCRE2 matches;
 *   - possessive quantifiers become greedy, atomic groups (?>..) and
 *     branch resets (?|..) plain groups (?:..), comments (?#..) go;
 *   - a pattern with a back reference, a subroutine call or recursion, a
 *     condition, a callout, \K, a (*VERB), extended mode (x), or an
 *     assertion followed by a quantifier gets no prefilter (-1).
 * Character classes, escapes and \Q..\E are copied as they are.  The
 * result is never longer than the pattern.  Returns its length (then a
 * NUL), or -1.
 */

/* Index just past the ')' closing the group opened at p[i] == '('. */
static long
group_end(const char *p, size_t n, size_t i)
{
	size_t depth = 0;
	int in_class = 0, quoted = 0;

	for (; i < n; i++) {
		char c = p[i];

		if (quoted) {
			if (c == '\\' && i + 1 < n && p[i + 1] == 'E') {
				quoted = 0;
				i++;
			}
		} else if (c == '\\') {
			if (i + 1 < n && p[i + 1] == 'Q')
				quoted = 1;
			i++;
			if (in_class)
				in_class = 2;
		} else if (in_class) {
			if (c == ']' && in_class > 1)
				in_class = 0;
			else if (!(c == '^' && in_class == 1 && p[i - 1] == '['))
				in_class = 2;
		} else if (c == '[') {
			in_class = 1;
		} else if (c == '(') {
			depth++;
		} else if (c == ')') {
			if (--depth == 0)
				return (long)(i + 1);
		}
	}
	return -1;
}

static int
is_quant(char c)
{
	return c == '*' || c == '+' || c == '?' || c == '{';
}

long
cred_prefilter_expr(const char *p, size_t n, char *out, size_t cap)
{
	size_t i = 0, o = 0;
	int in_class = 0, quoted = 0, lastq = 0;

	if (cap == 0 || n >= cap)
		return -1;
	while (i < n) {
		char c = p[i];
		int q = 0;

		if (quoted) {
			if (c == '\\' && i + 1 < n && p[i + 1] == 'E') {
				quoted = 0;
				out[o++] = p[i++];
			}
			out[o++] = p[i++];
			lastq = 0;
			continue;
		}
		if (c == '\\') {
			char d;

			if (i + 1 >= n)
				return -1;
			d = p[i + 1];
			if (!in_class && strchr("bBAzZG", d) != NULL) {
				i += 2;
				if (i < n && is_quant(p[i]))
					return -1;
				continue;
			}
			if (!in_class && ((d >= '1' && d <= '9') || d == 'g' ||
			    d == 'k' || d == 'K'))
				return -1;
			if (d == 'Q')
				quoted = 1;
			if (in_class)
				in_class = 2;
			out[o++] = p[i++];
			out[o++] = p[i++];
			if (strchr("xopPN", d) != NULL && i < n && p[i] == '{') {
				/* \x{..}: the braces are not a quantifier */
				while (i < n && p[i] != '}')
					out[o++] = p[i++];
				if (i >= n)
					return -1;
				out[o++] = p[i++];
			} else if (d == 'c' && i < n)
				out[o++] = p[i++];
			lastq = 0;
			continue;
		}
		if (in_class) {
			if (c == ']' && in_class > 1)
				in_class = 0;
			else if (c == '[' && i + 1 < n && p[i + 1] == ':') {
				/* a POSIX class [:name:] inside the class */
				const char *e = memchr(p + i + 2, ']', n - i - 2);

				if (e != NULL && e[-1] == ':') {
					size_t k = (size_t)(e - (p + i)) + 1;

					memcpy(out + o, p + i, k);
					o += k;
					i += k;
					in_class = 2;
					continue;
				}
				in_class = 2;
			} else if (!(c == '^' && in_class == 1 &&
			    p[i - 1] == '['))
				in_class = 2;
			out[o++] = p[i++];
			continue;
		}
		switch (c) {
		case '[':
			in_class = 1;
			break;
		case '^':
		case '$':
			i++;
			if (i < n && is_quant(p[i]))
				return -1;
			continue;
		case '(':
			if (i + 1 < n && p[i + 1] == '*')
				return -1;
			if (i + 2 < n && p[i + 1] == '?') {
				char e = p[i + 2];
				int look = e == '=' || e == '!' || (e == '<' &&
				    i + 3 < n && (p[i + 3] == '=' || p[i + 3] == '!'));

				if (look || e == '#') {
					long end = e == '#' ? -1 : group_end(p, n, i);

					if (e == '#') {
						const char *r = memchr(p + i, ')',
						    n - i);

						if (r == NULL)
							return -1;
						end = r - p + 1;
					}
					if (end < 0)
						return -1;
					i = (size_t)end;
					if (i < n && is_quant(p[i]))
						return -1;
					continue;
				}
				if (e == '|' || e == '>') {
					memcpy(out + o, "(?:", 3);
					o += 3;
					i += 3;
					lastq = 0;
					continue;
				}
				if (e == '(' || e == 'C' || e == 'R' || e == '&' ||
				    e == '+' || (e >= '0' && e <= '9') ||
				    (e == 'P' && i + 3 < n && p[i + 3] != '<') ||
				    (e == '-' && i + 3 < n && p[i + 3] >= '0' &&
				    p[i + 3] <= '9'))
					return -1;
				if (e != '<' && e != 'P' && e != '\'') {
					/* options: (?i) (?-s) (?i:..) (?^) */
					size_t k = i + 2;

					while (k < n && p[k] != ')' && p[k] != ':') {
						if (p[k] == 'x')
							return -1;
						k++;
					}
				}
			}
			break;
		case '*':
		case '+':
		case '?':
			if (c == '+' && lastq) {
				i++;		/* possessive: now greedy */
				lastq = 0;
				continue;
			}
			if (c == '?' && lastq) {
				out[o++] = p[i++];	/* lazy */
				lastq = 0;
				continue;
			}
			q = 1;
			break;
		case '{': {
			/* a {m}, {m,} or {m,n} quantifier: copied whole */
			size_t k = i + 1;

			while (k < n && ((p[k] >= '0' && p[k] <= '9') ||
			    p[k] == ','))
				k++;
			if (k < n && p[k] == '}' && k > i + 1 &&
			    p[i + 1] != ',') {
				memcpy(out + o, p + i, k + 1 - i);
				o += k + 1 - i;
				i = k + 1;
				lastq = 1;
				continue;
			}
			break;
		}
		default:
			break;
		}
		out[o++] = p[i++];
		lastq = q;
	}
	if (in_class || quoted)
		return -1;
	out[o] = '\0';
	return (long)o;
}

void
cred_prefilter_key(const char *expr, size_t n, int multiline, uint8_t *key)
{
	struct sha256 c;

	sha256_init(&c);
	if (multiline)
		sha256_update(&c, CRED_PF_TAG_ML, sizeof(CRED_PF_TAG_ML));
	else
		sha256_update(&c, CRED_PF_TAG, sizeof(CRED_PF_TAG));
	sha256_update(&c, expr, n);
	sha256_final(&c, key);
}
