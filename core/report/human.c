/*
 * human.c - the terminal report, written for the person who has to act on
 * it:
 *
 *   header      host, policy, start, duration, and one short line per
 *               sandbox profile (the sandbox records are not items)
 *   sections    the policy's headings first, in their order, each titled
 *               with its sign-off role (--heading); then the others in
 *               order of first appearance; one aligned line per record
 *               (status, severity of a fail/warn, item id, subject:
 *               message), wrapped with a hanging indent to fit --width or
 *               the terminal; --show hides statuses (a section with
 *               nothing shown is left out)
 *   summary     items, not records: each item counts once, with the
 *               status of its worst record; findings (fail and warn
 *               records) beside
 *   to fix      every failed or errored item with its one-line fix
 *               (--fix, taken by the front end from the item's explain)
 *   verdict     the last line: READY, or NOT READY: and the blocking ids
 *
 * Text is shown in its escaped form, so nothing in a record can move the
 * cursor or change colours; ANSI colour comes only from here and only
 * when asked.
 */
#include <string.h>

#include "render.h"

#define SGR_RESET	"\033[0m"
#define SGR_BOLD	"\033[1m"
#define ID_COL_MAX	32	/* a longer id pushes its line, not the column */
#define MAX_PROFILES	8	/* sandbox lines in the header */

static size_t line_width(const struct report_opts *opt);
static size_t hang(size_t width, size_t want);

static const char *
status_colour(enum rec_status s)
{
	switch (s) {
	case ST_PASS: return "\033[32m";
	case ST_FAIL: return "\033[1;31m";
	case ST_WARN: return "\033[33m";
	case ST_SKIP: return "\033[36m";
	case ST_ERROR: return "\033[1;35m";
	default: return "";
	}
}

static void
spaces(struct out *o, size_t n)
{
	while (n-- > 0)
		out_char(o, ' ');
}

static void
tag(struct out *o, const struct report_opts *opt, enum rec_status s,
    size_t width)
{
	const char *t = status_tag(s);

	if (opt->color == 1)
		out_str(o, status_colour(s));
	out_str(o, t);
	if (opt->color == 1)
		out_str(o, SGR_RESET);
	if (strlen(t) < width)
		spaces(o, width - strlen(t));
}

/* Text written word by word: a word that would pass the width starts a
 * new line at the indent; a word longer than a line is cut. */
struct wrap {
	struct out *o;
	size_t col, width, indent;
	size_t pend;		/* spaces not written yet: none at a line end */
};

static void
wrap_newline(struct wrap *w)
{
	out_char(w->o, '\n');
	spaces(w->o, w->indent);
	w->col = w->indent;
	w->pend = 0;
}

static void
wrap_bytes(struct wrap *w, const char *p, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t j = i;

		if (p[i] == ' ') {
			w->pend++;
			i++;
			continue;
		}
		while (j < n && p[j] != ' ')
			j++;
		if (w->width > 0 && w->col + w->pend + (j - i) > w->width &&
		    w->col > w->indent)
			wrap_newline(w);
		spaces(w->o, w->pend);
		w->col += w->pend;
		w->pend = 0;
		while (i < j) {
			size_t take = j - i;

			if (w->width > 0) {
				if (w->col >= w->width)
					wrap_newline(w);
				if (take > w->width - w->col)
					take = w->width - w->col;
			}
			/* Fields are escaped already: every byte is one
			 * printable column (put_text guards the rest). */
			put_text(w->o, p + i, take, Q_NONE);
			w->col += take;
			i += take;
		}
	}
}

static void
wrap_init(struct wrap *w, struct out *o, const struct report_opts *opt,
    size_t col, size_t indent)
{
	w->o = o;
	w->col = col;
	w->width = line_width(opt);
	w->indent = hang(w->width, indent);
	w->pend = 0;
}

static void
wrap_str(struct wrap *w, const char *s)
{
	wrap_bytes(w, s, strlen(s));
}

static void
wrap_t(struct wrap *w, struct text t)
{
	if (t.p != NULL)
		wrap_bytes(w, t.p, t.n);
}

static void
wrap_u64(struct wrap *w, uint64_t v)
{
	char b[24];
	size_t k = sizeof(b);

	do {
		b[--k] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	wrap_bytes(w, b + k, sizeof(b) - k);
}

static size_t
line_width(const struct report_opts *opt)
{
	return opt->width > 0 ? (size_t)opt->width :
	    opt->host.term_cols > 0 ? (size_t)opt->host.term_cols : 0;
}

/* Where the wrapped text of a line continues. */
static size_t
hang(size_t width, size_t want)
{
	if (width == 0 || width < want + 24)
		return width == 0 ? want : 4;
	return want;
}

static void
line(struct out *o, const struct report_opts *opt, const struct record *r,
    size_t idw)
{
	struct wrap w;
	size_t col;

	out_str(o, "  ");
	tag(o, opt, r->status, 7);
	if (r->status == ST_FAIL || r->status == ST_WARN) {
		const char *sev = rec_severity_name(r->severity);

		out_str(o, sev);
		spaces(o, 10 - strlen(sev));
	} else
		spaces(o, 10);
	put_t(o, r->id, Q_NONE);
	col = 2 + 7 + 10 + r->id.n;
	/* The padding after the id is pending: no blanks at a line end. */
	wrap_init(&w, o, opt, col, 2 + 7 + 10 + idw + 2);
	w.pend = (r->id.n < idw ? idw - r->id.n : 0) + 2;
	wrap_t(&w, r->subject);
	wrap_str(&w, ": ");
	wrap_t(&w, r->message);
	if (r->path.n > 0) {
		wrap_str(&w, " (at ");
		wrap_t(&w, r->path);
		if (r->line > 0) {
			wrap_str(&w, ":");
			wrap_u64(&w, r->line);
			if (r->column > 0) {
				wrap_str(&w, ":");
				wrap_u64(&w, r->column);
			}
		}
		wrap_str(&w, ")");
	}
	out_char(o, '\n');
}

static int
ev_get(const struct record *r, const char *key, struct text *val)
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

static int
text_same(struct text a, struct text b)
{
	return a.n == b.n && (a.n == 0 || memcmp(a.p, b.p, a.n) == 0);
}

/* The profile a sandbox record describes: evidence `profile`, else its
 * subject. */
static struct text
profile_of(const struct record *r)
{
	struct text t;

	if (ev_get(r, "profile", &t) && t.n > 0)
		return t;
	return r->subject;
}

static void
sandbox_fact(struct wrap *w, const struct record *r, const char *key,
    const char *label, int *first)
{
	struct text v;

	if (!ev_get(r, key, &v))
		return;
	if (!*first)
		wrap_str(w, ", ");
	*first = 0;
	wrap_str(w, label);
	wrap_t(w, v);
}

/* One short line per profile: the worst record of each profile (the first
 * of equals), MAX_PROFILES at most.  Details: `signoff explain sandbox`. */
static void
sandbox_lines(struct out *o, const struct report_opts *opt,
    const struct record *recs, size_t n)
{
	const struct record *shown[MAX_PROFILES];
	size_t ns = 0, more = 0, i, k, pw = 0;

	for (i = 0; i < n; i++) {
		const struct record *r = &recs[i];

		if (!rec_is_sandbox(r))
			continue;
		for (k = 0; k < ns; k++)
			if (text_same(profile_of(shown[k]), profile_of(r)))
				break;
		if (k < ns) {
			if (r->status != shown[k]->status &&
			    r->status != ST_PASS && r->status != ST_SKIP)
				shown[k] = r;
		} else if (ns < MAX_PROFILES)
			shown[ns++] = r;
		else
			more++;
	}
	for (k = 0; k < ns; k++)
		if (profile_of(shown[k]).n > pw)
			pw = profile_of(shown[k]).n;
	if (pw > 16)
		pw = 16;
	for (k = 0; k < ns; k++) {
		const struct record *r = shown[k];
		struct text p = profile_of(r);
		struct wrap w;
		const char *na;
		int first = 1;

		out_str(o, k == 0 ? "sandbox:  " : "          ");
		put_t(o, p, Q_NONE);
		spaces(o, p.n < pw ? pw - p.n : 0);
		out_str(o, "  ");
		tag(o, opt, r->status, 0);
		wrap_init(&w, o, opt, 10 + (p.n < pw ? pw : p.n) + 2 +
		    strlen(status_tag(r->status)),
		    10 + (p.n < pw ? pw : p.n) + 2 + 6);
		w.pend = 6 - strlen(status_tag(r->status));
		sandbox_fact(&w, r, "uid", "uid ", &first);
		sandbox_fact(&w, r, "cap_eff", "CapEff ", &first);
		sandbox_fact(&w, r, "no_new_privs", "no_new_privs ", &first);
		sandbox_fact(&w, r, "seccomp", "seccomp ", &first);
		sandbox_fact(&w, r, "landlock", "Landlock ", &first);
		if (first)
			wrap_t(&w, r->message);
		na = NULL;
		if (r->message.n > 0) {
			size_t j;

			for (j = 0; j + 13 <= r->message.n; j++)
				if (memcmp(r->message.p + j, "not applied: ", 13) == 0) {
					na = r->message.p + j;
					break;
				}
		}
		if (na != NULL && !first) {
			wrap_str(&w, "; ");
			wrap_bytes(&w, na, (size_t)(r->message.p +
			    r->message.n - na));
		}
		out_char(o, '\n');
	}
	if (more > 0) {
		out_str(o, "          (");
		out_u64(o, more);
		out_str(o, " more sandbox records)\n");
	}
	if (ns > 0)
		out_str(o, "          (what each means: signoff explain sandbox)\n");
}

static void
header(struct out *o, const struct report_opts *opt,
    const struct record *recs, size_t n)
{
	const struct host_info *h = &opt->host;
	struct wrap w;

	if (opt->color == 1)
		out_str(o, SGR_BOLD);
	out_str(o, "signoff report");
	if (opt->color == 1)
		out_str(o, SGR_RESET);
	out_char(o, '\n');
	out_str(o, "host:     ");
	wrap_init(&w, o, opt, 10, 10);
	wrap_str(&w, h->hostname[0] != '\0' ? h->hostname : "(unknown)");
	if (h->os[0] != '\0' || h->kernel[0] != '\0' || h->machine[0] != '\0') {
		const char *sep = "";

		wrap_str(&w, " (");
		if (h->os[0] != '\0') {
			wrap_str(&w, h->os);
			sep = ", ";
		}
		if (h->kernel[0] != '\0') {
			wrap_str(&w, sep);
			wrap_str(&w, h->kernel);
			sep = ", ";
		}
		if (h->machine[0] != '\0') {
			wrap_str(&w, sep);
			wrap_str(&w, h->machine);
		}
		wrap_str(&w, ")");
	}
	out_char(o, '\n');
	if (opt->policy != NULL && opt->policy[0] != '\0') {
		out_str(o, "policy:   ");
		put_cstr(o, opt->policy, Q_NONE);
		out_char(o, '\n');
	}
	if (opt->started != NULL && opt->started[0] != '\0') {
		out_str(o, "started:  ");
		put_cstr(o, opt->started, Q_NONE);
		out_char(o, '\n');
	}
	if (opt->duration_ms >= 0) {
		out_str(o, "duration: ");
		out_i64(o, opt->duration_ms);
		out_str(o, " ms\n");
	}
	sandbox_lines(o, opt, recs, n);
}

static void
wplural(struct wrap *w, size_t v, const char *one, const char *many)
{
	wrap_u64(w, v);
	wrap_str(w, v == 1 ? one : many);
}

static void
summary(struct out *o, const struct report_opts *opt,
    const struct items *it, size_t hidden)
{
	struct wrap w;

	out_str(o, "\nSummary: ");
	wrap_init(&w, o, opt, 9, 9);
	wplural(&w, it->n_items, " item: ", " items: ");
	wrap_u64(&w, it->cnt[ST_PASS]);
	wrap_str(&w, " passed, ");
	wrap_u64(&w, it->cnt[ST_FAIL]);
	wrap_str(&w, " failed, ");
	wrap_u64(&w, it->cnt[ST_WARN]);
	wrap_str(&w, " with warnings, ");
	wrap_u64(&w, it->cnt[ST_SKIP]);
	wrap_str(&w, " skipped, ");
	wplural(&w, it->cnt[ST_ERROR], " error", " errors");
	wrap_str(&w, "; ");
	wplural(&w, it->findings, " finding", " findings");
	out_char(o, '\n');
	if (hidden > 0) {
		out_str(o, "         (");
		out_u64(o, hidden);
		out_str(o, hidden == 1 ? " result" : " results");
		out_str(o, " not shown: --show)\n");
	}
}

/* Every failed or errored item, with its fix. */
static void
to_fix(struct out *o, const struct report_opts *opt,
    const struct record *recs, const struct items *it)
{
	size_t k, idw = 0;
	int any = 0;

	for (k = 0; k < it->g.ng; k++) {
		const struct record *r = &recs[it->g.order[it->g.start[k]]];
		enum rec_status st = item_status(recs, it, k);

		if ((st == ST_FAIL || st == ST_ERROR ||
		    item_blocks(opt, recs, it, k)) && r->id.n > idw)
			idw = r->id.n;
	}
	if (idw > ID_COL_MAX)
		idw = ID_COL_MAX;
	for (k = 0; k < it->g.ng; k++) {
		const struct record *r = &recs[it->g.order[it->g.start[k]]];
		enum rec_status st = item_status(recs, it, k);
		const char *fix;
		struct wrap w;

		if (st != ST_FAIL && st != ST_ERROR &&
		    !item_blocks(opt, recs, it, k))
			continue;
		if (!any)
			out_str(o, "\nTo fix:\n");
		any = 1;
		out_str(o, "  ");
		put_t(o, r->id, Q_NONE);
		wrap_init(&w, o, opt, 2 + r->id.n, 2 + idw + 2);
		w.pend = (r->id.n < idw ? idw - r->id.n : 0) + 2;
		if (st == ST_ERROR)
			wrap_str(&w, "(could not be checked: see its ERROR "
			    "line) ");
		fix = fix_for(opt, r->id);
		if (fix != NULL)
			wrap_bytes(&w, fix, strlen(fix));
		else {
			wrap_str(&w, "see: signoff explain ");
			wrap_t(&w, r->id);
		}
		out_char(o, '\n');
	}
}

/* A section's title line: "section", or with a policy heading
 * "section - TITLE  [sign-off: ROLE]". */
static void
section_title(struct out *o, const struct report_opts *opt, struct text sec)
{
	const struct report_heading *h = heading_of(opt, sec, NULL);

	out_char(o, '\n');
	if (opt->color == 1)
		out_str(o, SGR_BOLD);
	put_t(o, sec, Q_NONE);
	if (h != NULL) {
		out_str(o, " - ");
		put_text(o, h->title, h->title_len, Q_NONE);
	}
	if (opt->color == 1)
		out_str(o, SGR_RESET);
	if (h != NULL && h->role[0] != '\0') {
		out_str(o, "  [sign-off: ");
		put_cstr(o, h->role, Q_NONE);
		out_char(o, ']');
	}
	out_char(o, '\n');
}

int
render_human(struct out *o, const struct report_opts *opt,
    const struct record *recs, size_t n, struct scratch *s, const char **why)
{
	struct scratch sa, sb;
	struct groups g;
	struct items it;
	size_t k, j, pass, idw = 0, hidden = 0;

	scratch_halves(s, &sa, &sb);
	if (group_records(recs, n, KEY_SECTION, &sa, &g, why) != 0 ||
	    items_compute(opt, recs, n, &sb, &it, why) != 0)
		return -1;
	for (j = 0; j < n; j++) {
		if (rec_is_sandbox(&recs[j]))
			continue;
		if (!status_shown(opt, recs[j].status))
			hidden++;
		else if (recs[j].id.n > idw)
			idw = recs[j].id.n;
	}
	if (idw > ID_COL_MAX)
		idw = ID_COL_MAX;
	header(o, opt, recs, n);
	if (it.n_items == 0)
		out_str(o, "\nNo results.\n");
	for (pass = 0; pass <= opt->n_headings; pass++)
	for (k = 0; k < g.ng; k++) {
		const struct record *first = &recs[g.order[g.start[k]]];
		int any = 0;

		if (rec_is_sandbox(first) ||
		    !section_in_pass(opt, first->section, pass))
			continue;
		for (j = g.start[k]; j < g.start[k + 1]; j++) {
			const struct record *r = &recs[g.order[j]];

			if (!status_shown(opt, r->status))
				continue;
			if (!any)
				section_title(o, opt, first->section);
			any = 1;
			line(o, opt, r, idw);
		}
	}
	summary(o, opt, &it, hidden);
	to_fix(o, opt, recs, &it);
	out_char(o, '\n');
	if (it.n_blocking == 0) {
		if (opt->color == 1)
			out_str(o, "\033[1;32m");
		out_str(o, "READY");
	} else {
		if (opt->color == 1)
			out_str(o, "\033[1;31m");
		out_str(o, "NOT READY: ");
		put_blocking(o, opt, recs, &it, ", ", Q_NONE);
	}
	if (opt->color == 1)
		out_str(o, SGR_RESET);
	out_char(o, '\n');
	indicators_put(o, opt, recs, n, 0);
	return 0;
}
