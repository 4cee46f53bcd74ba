/*
 * common.c - quoting, counting and grouping shared by the renderers.
 * Writes only through struct out; memory only from struct scratch.
 */
#include <stdalign.h>
#include <stdint.h>
#include <string.h>

#include "render.h"

static const char hexdig[] = "0123456789abcdef";

static void
put_byte(struct out *o, char c, enum quote q)
{
	switch (q) {
	case Q_JSON:
		if (c == '"' || c == '\\')
			out_char(o, '\\');
		out_char(o, c);
		return;
	case Q_PROM:
		if (c == '"' || c == '\\')
			out_char(o, '\\');
		out_char(o, c);
		return;
	case Q_TAP:
		if (c == '#' || c == '\\')
			out_char(o, '\\');
		out_char(o, c);
		return;
	case Q_XML:
		switch (c) {
		case '&': out_str(o, "&amp;"); return;
		case '<': out_str(o, "&lt;"); return;
		case '>': out_str(o, "&gt;"); return;
		case '"': out_str(o, "&quot;"); return;
		case '\'': out_str(o, "&apos;"); return;
		default: out_char(o, c); return;
		}
	case Q_MD:
		switch (c) {
		case '&': out_str(o, "&amp;"); return;
		case '<': out_str(o, "&lt;"); return;
		case '>': out_str(o, "&gt;"); return;
		case '\\': case '`': case '*': case '_': case '[': case ']':
		case '|': case '~': case '#': case '!':
			out_char(o, '\\');
			out_char(o, c);
			return;
		default: out_char(o, c); return;
		}
	case Q_NONE:
	default:
		out_char(o, c);
		return;
	}
}

/*
 * GitHub-flavoured Markdown turns bare text into links: URLs (`http://x`,
 * any `scheme:`), `www.x`, and e-mail addresses.  Escaping the byte that
 * makes each one recognisable - every ':' and '@', and the '.' after
 * "www" - keeps the rendered text identical and the link out.
 */
static int
md_autolink_break(const char *p, size_t i)
{
	char c = p[i];

	if (c == ':' || c == '@')
		return 1;
	return c == '.' && i >= 3 &&
	    (p[i - 1] | 0x20) == 'w' && (p[i - 2] | 0x20) == 'w' &&
	    (p[i - 3] | 0x20) == 'w';
}

void
put_text(struct out *o, const char *p, size_t n, enum quote q)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];

		if (q == Q_MD && md_autolink_break(p, i)) {
			out_char(o, '\\');
			out_char(o, (char)c);
			continue;
		}
		if (c >= 0x20 && c <= 0x7e) {
			put_byte(o, (char)c, q);
			continue;
		}
		put_byte(o, '\\', q);
		put_byte(o, 'x', q);
		put_byte(o, hexdig[c >> 4], q);
		put_byte(o, hexdig[c & 15], q);
	}
}

void
put_t(struct out *o, struct text t, enum quote q)
{
	put_text(o, t.p, t.p != NULL ? t.n : 0, q);
}

void
put_cstr(struct out *o, const char *s, enum quote q)
{
	if (s != NULL)
		put_text(o, s, strlen(s), q);
}

void
json_t(struct out *o, struct text t)
{
	out_char(o, '"');
	put_t(o, t, Q_JSON);
	out_char(o, '"');
}

void
json_cstr(struct out *o, const char *s)
{
	out_char(o, '"');
	put_cstr(o, s, Q_JSON);
	out_char(o, '"');
}

void
json_cstr_or_null(struct out *o, const char *s)
{
	if (s == NULL || *s == '\0')
		out_str(o, "null");
	else
		json_cstr(o, s);
}

void
json_ms_or_null(struct out *o, int64_t ms)
{
	if (ms < 0)
		out_str(o, "null");
	else
		out_i64(o, ms);
}

void
put_location(struct out *o, const struct record *r, enum quote q)
{
	put_t(o, r->path, q);
	if (r->line == 0)
		return;
	out_char(o, ':');
	out_u64(o, r->line);
	if (r->column == 0)
		return;
	out_char(o, ':');
	out_u64(o, r->column);
}

void
put_seconds(struct out *o, int64_t ms)
{
	int64_t frac;

	if (ms < 0)
		ms = 0;
	frac = ms % 1000;
	out_i64(o, ms / 1000);
	out_char(o, '.');
	out_char(o, (char)('0' + frac / 100));
	out_char(o, (char)('0' + frac / 10 % 10));
	out_char(o, (char)('0' + frac % 10));
}

void
count_status(const struct record *recs, size_t n, size_t cnt[ST__N])
{
	size_t i;

	for (i = 0; i < ST__N; i++)
		cnt[i] = 0;
	for (i = 0; i < n; i++)
		if ((unsigned)recs[i].status < ST__N)
			cnt[recs[i].status]++;
}

const char *
status_tag(enum rec_status s)
{
	switch (s) {
	case ST_PASS: return "PASS";
	case ST_FAIL: return "FAIL";
	case ST_WARN: return "WARN";
	case ST_SKIP: return "SKIP";
	case ST_ERROR: return "ERROR";
	default: return "?";
	}
}

/* Takes count * size bytes, aligned for size_t, from *s; NULL if short. */
static void *
take(struct scratch *s, size_t count, size_t size)
{
	uintptr_t at = (uintptr_t)s->p;
	size_t pad = (size_t)(-at & (alignof(size_t) - 1));
	size_t need;
	char *r;

	if (s->p == NULL || size == 0 || count > SIZE_MAX / size)
		return NULL;
	need = count * size;
	if (pad > s->cap || need > s->cap - pad)
		return NULL;
	r = (char *)s->p + pad;
	s->p = r + need;
	s->cap -= pad + need;
	return r;
}

static uint64_t
hash_bytes(uint64_t h, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 0x100000001b3ULL;
	}
	h ^= 0xff;		/* field separator */
	h *= 0x100000001b3ULL;
	return h;
}

static uint64_t
key_hash(const struct record *r, unsigned keys)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	char b[2];

	if (keys & KEY_SECTION)
		h = hash_bytes(h, r->section.p, r->section.n);
	if (keys & KEY_ID)
		h = hash_bytes(h, r->id.p, r->id.n);
	b[0] = (char)r->status;
	b[1] = (char)r->severity;
	if (keys & KEY_STATUS)
		h = hash_bytes(h, b, 1);
	if (keys & KEY_SEVERITY)
		h = hash_bytes(h, b + 1, 1);
	return h;
}

static int
text_eq(struct text a, struct text b)
{
	return a.n == b.n && (a.n == 0 || memcmp(a.p, b.p, a.n) == 0);
}

static int
key_eq(const struct record *a, const struct record *b, unsigned keys)
{
	if ((keys & KEY_SECTION) && !text_eq(a->section, b->section))
		return 0;
	if ((keys & KEY_ID) && !text_eq(a->id, b->id))
		return 0;
	if ((keys & KEY_STATUS) && a->status != b->status)
		return 0;
	if ((keys & KEY_SEVERITY) && a->severity != b->severity)
		return 0;
	return 1;
}

int
group_records(const struct record *recs, size_t n, unsigned keys,
    const struct scratch *s, struct groups *g, const char **why)
{
	struct scratch sc = *s;
	size_t h = 1, i, k, *tab;

	/* The table is a power of two at least 2n, so it never fills. */
	while (h < n * 2) {
		if (h > SIZE_MAX / 4) {
			*why = "too many records to group";
			return -1;
		}
		h *= 2;
	}
	g->ng = 0;
	g->gid = take(&sc, n, sizeof(size_t));
	g->order = take(&sc, n, sizeof(size_t));
	g->start = take(&sc, n + 1, sizeof(size_t));
	tab = take(&sc, h, sizeof(size_t));
	if ((n > 0 && (g->gid == NULL || g->order == NULL)) ||
	    g->start == NULL || tab == NULL) {
		*why = "report scratch memory too small";
		return -1;
	}
	for (k = 0; k < h; k++)
		tab[k] = 0;

	/* Pass 1: group number of each record; start[] holds each group's
	 * first record for comparisons. */
	for (i = 0; i < n; i++) {
		size_t slot = (size_t)key_hash(&recs[i], keys) & (h - 1);

		for (k = 0; k < h; k++) {
			size_t e = tab[slot];

			if (e == 0) {
				tab[slot] = g->ng + 1;
				g->start[g->ng] = i;
				g->gid[i] = g->ng++;
				break;
			}
			if (key_eq(&recs[g->start[e - 1]], &recs[i], keys)) {
				g->gid[i] = e - 1;
				break;
			}
			slot = (slot + 1) & (h - 1);
		}
	}

	/* Pass 2: a stable counting sort by group (tab reused: h > ng). */
	for (k = 0; k <= g->ng; k++)
		tab[k] = 0;
	for (i = 0; i < n; i++)
		tab[g->gid[i]]++;
	g->start[0] = 0;
	for (k = 0; k < g->ng; k++)
		g->start[k + 1] = g->start[k] + tab[k];
	for (k = 0; k < g->ng; k++)
		tab[k] = g->start[k];
	for (i = 0; i < n; i++)
		g->order[tab[g->gid[i]]++] = i;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Options of the person reading, items and the verdict               */

void
report_opts_init(struct report_opts *opt)
{
	memset(opt, 0, sizeof(*opt));
	opt->format = FMT_HUMAN;
	opt->duration_ms = -1;
	opt->fail_on = SEV_INFO;
}

static int
cstr_eq(const char *a, size_t n, const char *b)
{
	return strlen(b) == n && memcmp(a, b, n) == 0;
}

static int
parse_show(const char *v, unsigned *mask)
{
	unsigned m = 0;
	const char *p = v;

	if (*v == '\0')
		return -1;
	while (*p != '\0') {
		const char *c = strchr(p, ',');
		size_t n = c != NULL ? (size_t)(c - p) : strlen(p);
		int st;

		if (cstr_eq(p, n, "all"))
			m |= (1u << ST__N) - 1;
		else if ((st = rec_status_from(p, n)) >= 0)
			m |= 1u << st;
		else
			return -1;
		p += n;
		if (*p == ',' && *++p == '\0')
			return -1;
	}
	*mask = m;
	return 0;
}

/* --indicator IDS|LABEL|KEY: IDS a comma list of item ids, LABEL 1-64
 * printable bytes without '|', KEY "-" or an evidence key. */
static int
indicator_option(struct report_opts *opt, const char *value,
    const char **why)
{
	static struct report_indicator ind[REPORT_MAX_INDICATORS];
	const char *b1 = strchr(value, '|');
	const char *b2 = b1 != NULL ? strchr(b1 + 1, '|') : NULL;
	const char *p, *e;
	size_t i;

	*why = "--indicator must be IDS|LABEL|KEY (ids comma-separated, "
	    "a label of 1-64 printable characters, KEY - or an evidence key)";
	if (b1 == NULL || b2 == NULL || strchr(b2 + 1, '|') != NULL ||
	    b2 - b1 - 1 < 1 || b2 - b1 - 1 > 64 ||
	    (strcmp(b2 + 1, "-") != 0 &&
	    !rec_name_valid(b2 + 1, strlen(b2 + 1), 64)))
		return -1;
	for (p = b1 + 1; p < b2; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7e)
			return -1;
	for (p = value; p <= b1; p = e + 1) {
		for (e = p; e < b1 && *e != ','; e++)
			;
		if (!rec_name_valid(p, (size_t)(e - p), 64))
			return -1;
	}
	if (opt->n_indicators == REPORT_MAX_INDICATORS ||
	    (opt->indicators != NULL && opt->indicators != ind)) {
		*why = "too many --indicator (16 at most)";
		return -1;
	}
	i = opt->n_indicators;
	ind[i].ids = value;
	ind[i].ids_len = (size_t)(b1 - value);
	ind[i].label = b1 + 1;
	ind[i].label_len = (size_t)(b2 - b1 - 1);
	ind[i].key = b2 + 1;
	opt->indicators = ind;
	opt->n_indicators++;
	*why = NULL;
	return 1;
}

/* --heading SECTION|TITLE|ROLE: SECTION a record section name, TITLE 1-128
 * printable bytes without '|', ROLE 0-128 printable bytes without '|'. */
static int
heading_option(struct report_opts *opt, const char *value, const char **why)
{
	static struct report_heading hd[REPORT_MAX_HEADINGS];
	const char *b1 = strchr(value, '|');
	const char *b2 = b1 != NULL ? strchr(b1 + 1, '|') : NULL;
	const char *p;
	size_t i;

	*why = "--heading must be SECTION|TITLE|ROLE (a section name, a title "
	    "of 1-128 printable characters, a role of 0-128)";
	if (b1 == NULL || b2 == NULL || strchr(b2 + 1, '|') != NULL ||
	    !rec_name_valid(value, (size_t)(b1 - value), 64) ||
	    b2 - b1 - 1 < 1 || b2 - b1 - 1 > 128 || strlen(b2 + 1) > 128)
		return -1;
	for (p = b1 + 1; *p != '\0'; p++)
		if (p != b2 && ((unsigned char)*p < 0x20 ||
		    (unsigned char)*p > 0x7e))
			return -1;
	if (opt->n_headings == REPORT_MAX_HEADINGS ||
	    (opt->headings != NULL && opt->headings != hd)) {
		*why = "too many --heading (64 at most)";
		return -1;
	}
	for (i = 0; i < opt->n_headings; i++)
		if (hd[i].section_len == (size_t)(b1 - value) &&
		    memcmp(hd[i].section, value, hd[i].section_len) == 0) {
			*why = "--heading names a section twice";
			return -1;
		}
	hd[i].section = value;
	hd[i].section_len = (size_t)(b1 - value);
	hd[i].title = b1 + 1;
	hd[i].title_len = (size_t)(b2 - b1 - 1);
	hd[i].role = b2 + 1;
	opt->headings = hd;
	opt->n_headings++;
	*why = NULL;
	return 1;
}

const struct report_heading *
heading_of(const struct report_opts *opt, struct text section, size_t *at)
{
	size_t i;

	for (i = 0; i < opt->n_headings; i++)
		if (opt->headings[i].section_len == section.n &&
		    (section.n == 0 || memcmp(opt->headings[i].section,
		    section.p, section.n) == 0)) {
			if (at != NULL)
				*at = i;
			return &opt->headings[i];
		}
	return NULL;
}

int
section_in_pass(const struct report_opts *opt, struct text section,
    size_t pass)
{
	size_t at;

	if (heading_of(opt, section, &at) == NULL)
		return pass == opt->n_headings;
	return pass == at;
}

int
report_option(struct report_opts *opt, const char *name, const char *value,
    const char **why)
{
	static struct report_fix fixes[REPORT_MAX_FIXES];
	int v;

	if (strcmp(name, "--show") == 0) {
		if (parse_show(value, &opt->show) != 0) {
			*why = "--show takes statuses: fail,warn,error,skip,pass or all";
			return -1;
		}
		return 1;
	}
	if (strcmp(name, "--fail-on") == 0) {
		if (strcmp(value, "warn") == 0)
			opt->fail_on = REPORT_FAIL_ON_WARN;
		else if ((v = rec_severity_from(value, strlen(value))) >= 0)
			opt->fail_on = v;
		else {
			*why = "--fail-on must be critical|high|medium|low|info|warn";
			return -1;
		}
		return 1;
	}
	if (strcmp(name, "--width") == 0) {
		size_t i, n = strlen(value);

		v = 0;
		for (i = 0; i < n && i < 5; i++) {
			if (value[i] < '0' || value[i] > '9')
				break;
			v = v * 10 + (value[i] - '0');
		}
		if (n == 0 || i != n || (v != 0 && v < 40)) {
			*why = "--width must be 0 (no wrapping) or 40..99999";
			return -1;
		}
		opt->width = v;
		return 1;
	}
	if (strcmp(name, "--fix") == 0) {
		const char *eq = strchr(value, '=');
		size_t k = eq != NULL ? (size_t)(eq - value) : 0;

		if (eq == NULL || !rec_name_valid(value, k, 64) ||
		    eq[1] == '\0') {
			*why = "--fix must be ID=TEXT";
			return -1;
		}
		if (opt->n_fixes == REPORT_MAX_FIXES ||
		    (opt->fixes != NULL && opt->fixes != fixes)) {
			*why = "too many --fix";
			return -1;
		}
		fixes[opt->n_fixes].id = value;
		fixes[opt->n_fixes].id_len = k;
		fixes[opt->n_fixes].text = eq + 1;
		opt->fixes = fixes;
		opt->n_fixes++;
		return 1;
	}
	if (strcmp(name, "--indicator") == 0)
		return indicator_option(opt, value, why);
	if (strcmp(name, "--heading") == 0)
		return heading_option(opt, value, why);
	return 0;
}

int
rec_is_sandbox(const struct record *r)
{
	return r->section.n == 7 && memcmp(r->section.p, "sandbox", 7) == 0;
}

int
rec_blocks(const struct report_opts *opt, const struct record *r)
{
	if (r->status == ST_ERROR)
		return 1;
	if (opt->fail_on == REPORT_FAIL_ON_WARN)
		return r->status == ST_FAIL || r->status == ST_WARN;
	return r->status == ST_FAIL && (int)r->severity <= opt->fail_on;
}

int
report_verdict_status(const struct report_opts *opt,
    const struct record *recs, size_t n)
{
	int error = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (recs[i].status != ST_ERROR && rec_blocks(opt, &recs[i]))
			return 1;
		if (recs[i].status == ST_ERROR)
			error = 1;
	}
	return error ? 4 : 0;
}

void
scratch_halves(const struct scratch *s, struct scratch *a, struct scratch *b)
{
	size_t h = s->cap / 2;

	a->p = s->p;
	a->cap = h;
	b->p = s->p != NULL ? (char *)s->p + h : NULL;
	b->cap = s->cap - h;
}

/* Worst first: fail, error, warn, pass, skip (a skip next to a pass is a
 * part of the item that did not apply). */
static int
status_rank(enum rec_status s)
{
	switch (s) {
	case ST_FAIL: return 4;
	case ST_ERROR: return 3;
	case ST_WARN: return 2;
	case ST_PASS: return 1;
	default: return 0;
	}
}

int
items_compute(const struct report_opts *opt, const struct record *recs,
    size_t n, const struct scratch *s, struct items *it, const char **why)
{
	size_t k, j;

	memset(it, 0, sizeof(*it));
	if (group_records(recs, n, KEY_ID, s, &it->g, why) != 0)
		return -1;
	for (k = 0; k < it->g.ng; k++) {
		const struct record *first = &recs[it->g.order[it->g.start[k]]];
		int blocks = 0;

		for (j = it->g.start[k]; j < it->g.start[k + 1]; j++) {
			const struct record *r = &recs[it->g.order[j]];

			blocks |= rec_blocks(opt, r);
			if (!rec_is_sandbox(r) &&
			    (r->status == ST_FAIL || r->status == ST_WARN))
				it->findings++;
		}
		if (blocks)
			it->n_blocking++;
		if (rec_is_sandbox(first))
			continue;
		it->n_items++;
		it->cnt[item_status(recs, it, k)]++;
	}
	return 0;
}

enum rec_status
item_status(const struct record *recs, const struct items *it, size_t k)
{
	enum rec_status worst = ST_SKIP;
	size_t j;

	for (j = it->g.start[k]; j < it->g.start[k + 1]; j++) {
		enum rec_status st = recs[it->g.order[j]].status;

		if (status_rank(st) > status_rank(worst))
			worst = st;
	}
	return worst;
}

int
item_blocks(const struct report_opts *opt, const struct record *recs,
    const struct items *it, size_t k)
{
	size_t j;

	for (j = it->g.start[k]; j < it->g.start[k + 1]; j++)
		if (rec_blocks(opt, &recs[it->g.order[j]]))
			return 1;
	return 0;
}

const char *
fix_for(const struct report_opts *opt, struct text id)
{
	size_t i;

	for (i = 0; i < opt->n_fixes; i++)
		if (opt->fixes[i].id_len == id.n &&
		    memcmp(opt->fixes[i].id, id.p, id.n) == 0)
			return opt->fixes[i].text;
	return NULL;
}

void
put_blocking(struct out *o, const struct report_opts *opt,
    const struct record *recs, const struct items *it, const char *sep,
    enum quote q)
{
	size_t k;
	int first = 1;

	for (k = 0; k < it->g.ng; k++) {
		if (!item_blocks(opt, recs, it, k))
			continue;
		if (!first)
			out_str(o, sep);
		first = 0;
		if (q == Q_JSON)
			json_t(o, recs[it->g.order[it->g.start[k]]].id);
		else
			put_t(o, recs[it->g.order[it->g.start[k]]].id, q);
	}
}

const char *
fail_on_name(const struct report_opts *opt)
{
	if (opt->fail_on == REPORT_FAIL_ON_WARN)
		return "warn";
	if (opt->fail_on < 0 || opt->fail_on >= SEV__N)
		return "info";
	return rec_severity_name((enum rec_severity)opt->fail_on);
}

int
status_shown(const struct report_opts *opt, enum rec_status s)
{
	return opt->show == 0 || (opt->show & (1u << s)) != 0;
}

/* Numeric evidence keys (docs/FORMATS.md, "JSON"): written as JSON numbers
 * when the value is a decimal integer of at most 15 digits. */
static const char *const numeric_keys[] = {
	"uid", "gid", "nlink", "size", "files", "exit_status", "measured",
	"required", "measured_mib", "required_mib", "free_percent",
	"required_percent", "available_kib", "size_kib", "landlock_abi",
	"no_new_privs", "seccomp", "syscalls", NULL
};

int
evidence_is_number(struct text key, struct text val)
{
	size_t i;

	if (val.n == 0 || val.n > 15 || (val.n > 1 && val.p[0] == '0'))
		return 0;
	for (i = 0; i < val.n; i++)
		if (val.p[i] < '0' || val.p[i] > '9')
			return 0;
	for (i = 0; numeric_keys[i] != NULL; i++)
		if (cstr_eq(key.p, key.n, numeric_keys[i]))
			return 1;
	return 0;
}

/* ev_find: the value of evidence KEY in r. */
static int
ev_find(const struct record *r, const char *key, struct text *val)
{
	struct text k, v;
	size_t pos = 0, i, n = strlen(key);

	for (i = 0; i < RECORD_MAX_EVIDENCE + 1 &&
	    recline_evidence_next(r, &pos, &k, &v); i++)
		if (k.n == n && memcmp(k.p, key, n) == 0) {
			*val = v;
			return 1;
		}
	return 0;
}

int
indicator_eval(const struct report_indicator *ind, const struct record *recs,
    size_t n, struct indicator_val *v)
{
	const char *p, *e, *end = ind->ids + ind->ids_len;
	int want_key = strcmp(ind->key, "-") != 0;
	size_t j;

	memset(v, 0, sizeof(*v));
	v->status = ST_SKIP;
	for (p = ind->ids; p < end; p = e + 1) {
		enum rec_status worst = ST_SKIP;
		int seen = 0;

		for (e = p; e < end && *e != ','; e++)
			;
		for (j = 0; j < n; j++) {
			const struct record *r = &recs[j];

			if (r->id.n != (size_t)(e - p) ||
			    memcmp(r->id.p, p, r->id.n) != 0 || rec_is_sandbox(r))
				continue;
			seen = 1;
			if (status_rank(r->status) > status_rank(worst))
				worst = r->status;
			if (want_key && !v->has_value &&
			    ev_find(r, ind->key, &v->value))
				v->has_value = 1;
		}
		if (!seen)
			continue;
		v->items++;
		if (status_rank(worst) > status_rank(v->status))
			v->status = worst;
		if (worst == ST_PASS)
			v->passed++;
		else if (v->n_named < INDICATOR_MAX_NAMED) {
			v->named[v->n_named].p = p;
			v->named[v->n_named].n = (size_t)(e - p);
			v->n_named++;
		}
	}
	return v->items > 0;
}

void
indicators_put(struct out *o, const struct report_opts *opt,
    const struct record *recs, size_t n, int md)
{
	struct indicator_val v;
	enum quote q = md ? Q_MD : Q_NONE;
	size_t i, k, pad;
	int any = 0;

	for (i = 0; i < opt->n_indicators; i++) {
		const struct report_indicator *ind = &opt->indicators[i];

		if (!indicator_eval(ind, recs, n, &v))
			continue;
		if (!any)
			out_str(o, md ? "\n## Key indicators\n\n"
			    "| Indicator | Value | Status |\n| --- | --- | --- |\n" :
			    "\nKey indicators\n");
		any = 1;
		out_str(o, md ? "| " : "  ");
		put_text(o, ind->label, ind->label_len, q);
		if (md)
			out_str(o, " | ");
		else
			for (pad = ind->label_len; pad < 28; pad++)
				out_char(o, ' ');
		if (strcmp(ind->key, "-") != 0) {
			if (v.has_value)
				put_t(o, v.value, q);
			else
				out_str(o, "not measured");
		} else {
			out_u64(o, v.passed);
			out_str(o, " of ");
			out_u64(o, v.items);
			out_str(o, " pass");
			for (k = 0; k < v.n_named; k++) {
				out_str(o, k == 0 ? " (not: " : ", ");
				put_t(o, v.named[k], q);
			}
			if (v.n_named > 0)
				out_str(o, v.items - v.passed > v.n_named ?
				    ", ...)" : ")");
		}
		out_str(o, md ? " | " : " (");
		out_str(o, rec_status_name(v.status));
		out_str(o, md ? " |\n" : ")\n");
	}
}
