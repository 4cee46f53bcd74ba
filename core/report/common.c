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
