/*
 * credentials.c - `signoff-core check credentials PATH...`: hardcoded
 * credentials in a tree (docs/CREDENTIALS.md).
 *
 * prepare() (root): parse arguments, read and compile the rules (a bad
 * rules file is a usage error naming FILE:LINE, before any scanning), read
 * the baseline, open every scan root and its .signoffignore, allocate one
 * scanner and one stack per worker thread.
 *
 * run() (confined): the main thread walks every root through directory
 * descriptors (openat, never following a symlink below a root, bounded
 * depth, (dev, inode) of every open ancestor compared so a bind-mount
 * loop ends) and hands each regular file, already opened, to the worker
 * threads through a bounded queue; FIFOs, sockets and devices are counted
 * and never opened.  The workers stream each file through the scanner and
 * keep their findings; after the walk the findings are sorted (path, line,
 * column, rule) so the output is the same whatever the thread timing,
 * overlapping findings of one secret are merged into the most specific
 * rule's (core/scan/dedup.h), the baseline is applied, and the records are
 * written.
 *
 * Threads are created inside the sandbox: the seccomp profile allows
 * `clone` only with the thread flags (policies/seccomp/credentials.policy,
 * `clone thread`), so the scanner can never fork or exec; each thread
 * inherits the filter, no_new_privs and the Landlock domain.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <malloc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "sandbox/sandbox.h"
#include "scan/dedup.h"
#include "scan/engine.h"
#include "scan/fingerprint.h"

#define ROOTS_MAX	SANDBOX_MAX_RO
#define RULEFILES_MAX	8
#define EXCLUDES_MAX	256
#define THREADS_MAX	16
#define DEPTH_MAX	64
#define PATH_CAP	4096
#define RULES_CAP	4096
#define STRS_CAP	65536
#define RULESFILE_MAX	((size_t)16 << 20)
#define BASELINE_MAX	((size_t)64 << 20)
#define IGNORE_MAX	((size_t)1 << 20)
#define QUEUE_CAP	64
#define QUEUE_BATCH	8	/* jobs queued before a worker is woken */
#define STACK_SIZE	((size_t)1 << 20)
#define FINDINGS_MAX	100000

extern const char embedded_credentials_rules[];
extern const unsigned char cred_prefilter_blob[];	/* build/gen/credpf.c */
extern const size_t cred_prefilter_blob_len;

enum skip_kind {
	SK_BINARY, SK_ARCHIVE, SK_EXCLUDED, SK_SPECIAL, SK_SYMLINK, SK_DEEP,
	SK__N
};
static const char *const skip_key[SK__N] = {
	"skipped_binary", "skipped_archive", "skipped_excluded",
	"skipped_special", "skipped_symlink", "skipped_too_deep",
};

struct root {
	const char *arg;	/* as given */
	int fd;			/* -1: see err */
	int err;
	int is_dir;
	char *ignore_text;	/* .signoffignore, split in place */
	char **ignore;
	size_t n_ignore;
};

/* A finding or an error, kept until the end to be sorted. */
struct item {
	char *path;
	uint32_t rule;		/* UINT32_MAX: an error item */
	uint64_t line, column;
	uint64_t start, end;	/* the secret's bytes [start, end) */
	char fp[CRED_FP_HEX + 1];
	char red[SCAN_REDACT_MAX + 1];
	const char *msg;	/* error items: static text */
	size_t winner;		/* merged: the item kept for its secret */
	size_t also, also_next;	/* kept: its merged items, a list (1-based) */
	uint8_t merged;		/* another rule's finding covers it */
	uint8_t accepted;	/* a merged finding of it is in the baseline */
};

struct job {
	int fd;
	char *path;		/* as shown: root arg + relative path */
	size_t rel;		/* offset of the relative path in path */
	size_t base;		/* offset of the base name */
	uint64_t size;		/* st_size at open (UINT64_MAX: unknown) */
};

struct cred_state;

struct worker {
	struct cred_state *s;
	struct cred_scanner *sc;
	pthread_t tid;
	void *stack;
	int started;
	struct item *items;
	size_t n_items, cap_items;
	struct cred_stats st;
	uint64_t files, skipped[SK__N], errors;
	const struct job *cur;
	int oom;
};

struct cred_state {
	struct root roots[ROOTS_MAX];
	size_t n_roots;
	const char *rulefiles[RULEFILES_MAX];
	size_t n_rulefiles;
	int only;		/* --rules-only */
	char *rtext[RULEFILES_MAX];
	size_t rlen[RULEFILES_MAX];
	const char *fname[RULEFILES_MAX + 1];
	struct cred_rule *rules;
	struct cred_str *strs;
	struct cred_rules set;
	struct cred_db *db;
	const char *excl[EXCLUDES_MAX];
	size_t n_excl;
	int exclude_env;
	int selftest;
	const char *baseline_arg;
	char (*baseline)[CRED_FP_HEX + 1];
	size_t n_baseline;
	int nthreads;
	struct worker workers[THREADS_MAX];

	/* the queue */
	pthread_mutex_t mu;
	pthread_cond_t can_put, can_get;
	struct job q[QUEUE_CAP];
	size_t qh, qn;
	int done;

	/* the walker's own counts and errors */
	struct worker walker;
	uint64_t baselined;
};

static int
usage_err(const char *what, const char *arg)
{
	if (arg != NULL)
		fprintf(stderr, "signoff-core check credentials: %s: %s\n",
		    what, arg);
	else
		fprintf(stderr, "signoff-core check credentials: %s\n", what);
	fprintf(stderr, "usage: signoff-core check credentials PATH... "
	    "[--rules FILE] [--rules-only FILE] [--exclude GLOB]... "
	    "[--exclude-env] [--baseline FILE] [--threads N]\n");
	return 2;
}

/* Reads a whole regular file (opened without following a final symlink
 * only for the scan roots; rules and baselines are the admin's own
 * arguments and may be symlinks).  Returns 0, or an errno. */
static int
slurp(const char *path, size_t max, char **out, size_t *len)
{
	struct stat sb;
	char *b = NULL;
	size_t n = 0;
	int fd, e = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return errno;
	if (fstat(fd, &sb) != 0) {
		e = errno;
		goto out;
	}
	if (!S_ISREG(sb.st_mode)) {
		e = EINVAL;
		goto out;
	}
	if ((uint64_t)sb.st_size > max) {
		e = EFBIG;
		goto out;
	}
	if ((b = malloc((size_t)sb.st_size + 1)) == NULL) {
		e = ENOMEM;
		goto out;
	}
	while (n < (size_t)sb.st_size) {
		ssize_t r = read(fd, b + n, (size_t)sb.st_size - n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			e = errno;
			goto out;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	b[n] = '\0';
	*out = b;
	*len = n;
	b = NULL;
out:
	free(b);
	close(fd);
	return e;
}

static int
parse_args(struct cred_state *s, int argc, char **argv)
{
	int i;

	for (i = 0; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(a, "--exclude-env") == 0) {
			s->exclude_env = 1;
			continue;
		}
		if (strcmp(a, "--self-test") == 0) {
			s->selftest = 1;
			continue;
		}
		if (strcmp(a, "--") == 0) {
			for (i++; i < argc; i++) {
				if (s->n_roots == ROOTS_MAX)
					return usage_err("at most 16 paths",
					    NULL);
				s->roots[s->n_roots++].arg = argv[i];
			}
			break;
		}
		if (a[0] != '-' || a[1] == '\0') {
			if (s->n_roots == ROOTS_MAX)
				return usage_err("at most 16 paths", NULL);
			if (a[0] == '\0')
				return usage_err("empty path", NULL);
			s->roots[s->n_roots++].arg = a;
			continue;
		}
		if (strcmp(a, "--rules") && strcmp(a, "--rules-only") &&
		    strcmp(a, "--exclude") && strcmp(a, "--baseline") &&
		    strcmp(a, "--threads"))
			return usage_err("unknown option", a);
		if (v == NULL)
			return usage_err("option needs a value", a);
		i++;
		if (strcmp(a, "--rules") == 0 || strcmp(a, "--rules-only") == 0) {
			if (s->n_rulefiles == RULEFILES_MAX)
				return usage_err("at most 8 rules files", NULL);
			if (a[7] == '-')
				s->only = 1;
			s->rulefiles[s->n_rulefiles++] = v;
		} else if (strcmp(a, "--exclude") == 0) {
			if (s->n_excl == EXCLUDES_MAX)
				return usage_err("at most 256 --exclude", NULL);
			if (v[0] == '\0')
				return usage_err("empty --exclude", NULL);
			s->excl[s->n_excl++] = v;
		} else if (strcmp(a, "--baseline") == 0) {
			if (s->baseline_arg != NULL)
				return usage_err("--baseline given twice", NULL);
			s->baseline_arg = v;
		} else if (strcmp(a, "--threads") == 0) {
			char *end;
			long t = strtol(v, &end, 10);

			if (*end != '\0' || t < 1 || t > THREADS_MAX)
				return usage_err("--threads must be 1..16", v);
			s->nthreads = (int)t;
		} else
			return usage_err("unknown option", a);
	}
	if (s->n_roots == 0 && !s->selftest)
		return usage_err("missing PATH", NULL);
	return 0;
}

static int
rules_load(struct cred_state *s)
{
	struct cred_err e;
	size_t i, nf = 0;
	int err;

	s->rules = calloc(RULES_CAP, sizeof(*s->rules));
	s->strs = calloc(STRS_CAP, sizeof(*s->strs));
	if (s->rules == NULL || s->strs == NULL)
		return 3;
	cred_rules_init(&s->set, s->rules, RULES_CAP, s->strs, STRS_CAP);
	memset(&e, 0, sizeof(e));
	if (!s->only) {
		if (embedded_credentials_rules[0] == '\0')
			return usage_err("no default rules were built in "
			    "(policies/credentials.rules was missing at build "
			    "time); give --rules-only FILE", NULL);
		s->fname[0] = "(built-in policies/credentials.rules)";
		if (cred_rules_parse(&s->set, embedded_credentials_rules,
		    strlen(embedded_credentials_rules), 0, &e) != 0)
			goto bad;
		nf = 1;
	}
	for (i = 0; i < s->n_rulefiles; i++) {
		err = slurp(s->rulefiles[i], RULESFILE_MAX, &s->rtext[i],
		    &s->rlen[i]);
		if (err != 0) {
			fprintf(stderr, "signoff-core check credentials: %s: "
			    "cannot read the rules file: %s\n", s->rulefiles[i],
			    err == EINVAL ? "not a regular file" :
			    err == EFBIG ? "larger than 16 MiB" : strerror(err));
			return 2;
		}
		s->fname[nf] = s->rulefiles[i];
		if (cred_rules_parse(&s->set, s->rtext[i], s->rlen[i],
		    (uint16_t)nf, &e) != 0)
			goto bad;
		nf++;
	}
	s->db = cred_db_build(&s->set, &e);
	if (s->db == NULL)
		goto bad;
	cred_db_use_prefilters(s->db, cred_prefilter_blob,
	    cred_prefilter_blob_len);
	return 0;
bad:
	if (e.line > 0)
		fprintf(stderr, "signoff-core check credentials: %s:%u: %s\n",
		    s->fname[e.file] ? s->fname[e.file] : "?",
		    (unsigned)e.line, e.msg);
	else
		fprintf(stderr, "signoff-core check credentials: rules: %s\n",
		    e.msg);
	return 2;
}

static int
fpcmp(const void *a, const void *b)
{
	return memcmp(a, b, CRED_FP_HEX);
}

/* The baseline: one fingerprint per line (anything after it on the line,
 * and lines starting with '#', are comments). */
static int
baseline_load(struct cred_state *s)
{
	char *text = NULL, *p, *end;
	size_t len, n = 0, cap;
	unsigned line = 0;
	int err, rc = 2;

	if (s->baseline_arg == NULL)
		return 0;
	err = slurp(s->baseline_arg, BASELINE_MAX, &text, &len);
	if (err != 0) {
		fprintf(stderr, "signoff-core check credentials: %s: cannot "
		    "read the baseline: %s\n", s->baseline_arg,
		    err == EINVAL ? "not a regular file" :
		    err == EFBIG ? "larger than 64 MiB" : strerror(err));
		return 2;
	}
	cap = len / CRED_FP_HEX + 1;
	if ((s->baseline = calloc(cap, sizeof(*s->baseline))) == NULL) {
		rc = 3;
		goto out;
	}
	for (p = text, end = text + len; p < end; ) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t ln = nl ? (size_t)(nl - p) : (size_t)(end - p), k = 0;

		line++;
		while (k < ln && (p[k] == ' ' || p[k] == '\t'))
			k++;
		if (k < ln && p[k] != '#' && p[k] != '\r') {
			size_t w = k;

			while (w < ln && p[w] != ' ' && p[w] != '\t' &&
			    p[w] != '\r')
				w++;
			if (!cred_fp_valid(p + k, w - k) || n == cap) {
				fprintf(stderr, "signoff-core check credentials: "
				    "%s:%u: not a fingerprint (32 lower-case hex "
				    "digits)\n", s->baseline_arg, line);
				goto out;
			}
			memcpy(s->baseline[n], p + k, CRED_FP_HEX);
			s->baseline[n][CRED_FP_HEX] = '\0';
			n++;
		}
		p += ln + 1;
	}
	qsort(s->baseline, n, sizeof(*s->baseline), fpcmp);
	s->n_baseline = n;
	rc = 0;
out:
	free(text);
	return rc;
}

/* .signoffignore: one glob per line; '#' comments. */
static void
ignore_load(struct root *r)
{
	struct stat sb;
	char *t;
	size_t n = 0, i, k = 0;
	int fd;

	fd = openat(r->fd, ".signoffignore",
	    O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) ||
	    (uint64_t)sb.st_size > IGNORE_MAX ||
	    (t = malloc((size_t)sb.st_size + 1)) == NULL) {
		close(fd);
		return;
	}
	while (n < (size_t)sb.st_size) {
		ssize_t got = read(fd, t + n, (size_t)sb.st_size - n);

		if (got <= 0)
			break;
		n += (size_t)got;
	}
	close(fd);
	t[n] = '\0';
	for (i = 0; i < n; i++)
		if (t[i] == '\n')
			k++;
	r->ignore = calloc(k + 1, sizeof(char *));
	if (r->ignore == NULL) {
		free(t);
		return;
	}
	r->ignore_text = t;
	for (i = 0; i < n; ) {
		char *l = t + i, *nl = strchr(l, '\n'), *e;

		if (nl != NULL)
			*nl = '\0';
		i += strlen(l) + 1;
		while (*l == ' ' || *l == '\t')
			l++;
		e = l + strlen(l);
		while (e > l && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
			*--e = '\0';
		if (*l == '\0' || *l == '#')
			continue;
		r->ignore[r->n_ignore++] = l;
	}
}

static int
roots_open(struct cred_state *s, struct sandbox_req *req)
{
	size_t i;

	for (i = 0; i < s->n_roots; i++) {
		struct root *r = &s->roots[i];
		struct stat sb;

		/* The root itself is the admin's argument: followed. */
		r->fd = open(r->arg, O_RDONLY | O_CLOEXEC | O_NOCTTY |
		    O_NONBLOCK);
		if (r->fd < 0) {
			r->err = errno;
			continue;
		}
		if (fstat(r->fd, &sb) != 0) {
			r->err = errno;
			close(r->fd);
			r->fd = -1;
			continue;
		}
		if (S_ISDIR(sb.st_mode)) {
			r->is_dir = 1;
			ignore_load(r);
		} else if (!S_ISREG(sb.st_mode)) {
			r->err = EINVAL;
			close(r->fd);
			r->fd = -1;
			continue;
		}
		if (req->n_ro >= SANDBOX_MAX_RO)
			return 3;
		req->ro_fds[req->n_ro++] = r->fd;
	}
	return 0;
}

static void
state_free(struct cred_state *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->n_roots; i++) {
		if (s->roots[i].fd >= 0)
			close(s->roots[i].fd);
		free(s->roots[i].ignore_text);
		free(s->roots[i].ignore);
	}
	for (i = 0; i < THREADS_MAX; i++) {
		cred_scanner_free(s->workers[i].sc);
		if (s->workers[i].stack != NULL)
			munmap(s->workers[i].stack, STACK_SIZE);
	}
	cred_scanner_free(s->walker.sc);
	cred_db_free(s->db);
	for (i = 0; i < RULEFILES_MAX; i++)
		free(s->rtext[i]);
	free(s->rules);
	free(s->strs);
	free(s->baseline);
	free(s);
}

static int
cred_prepare(int argc, char **argv, const struct item_meta *m, void **state,
    struct sandbox_req *req)
{
	struct cred_state *s;
	size_t i;
	long ncpu;
	int rc = 3;

	(void)m;
	*state = NULL;
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return 3;
	for (i = 0; i < ROOTS_MAX; i++)
		s->roots[i].fd = -1;
	if ((rc = parse_args(s, argc, argv)) != 0)
		goto out;
	if ((rc = rules_load(s)) != 0)
		goto out;
	if ((rc = baseline_load(s)) != 0)
		goto out;
	rc = 3;
	if (roots_open(s, req) != 0)
		goto out;
	if (s->nthreads == 0) {
		ncpu = sysconf(_SC_NPROCESSORS_ONLN);
		s->nthreads = ncpu < 1 ? 1 : ncpu > 8 ? 8 : (int)ncpu;
	}
	/* One malloc arena: threads then need no mprotect for arenas. */
	mallopt(M_ARENA_MAX, 1);
	for (i = 0; i < (size_t)s->nthreads; i++) {
		struct worker *w = &s->workers[i];

		w->s = s;
		w->sc = cred_scanner_new(s->db);
		w->stack = mmap(NULL, STACK_SIZE, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
		if (w->sc == NULL || w->stack == MAP_FAILED) {
			w->stack = NULL;
			goto out;
		}
	}
	s->walker.s = s;
	/* The walker's scanner: the self-test's, and the walker scans a
	 * file itself rather than wait when the queue is full. */
	if ((s->walker.sc = cred_scanner_new(s->db)) == NULL)
		goto out;
	if (pthread_mutex_init(&s->mu, NULL) != 0 ||
	    pthread_cond_init(&s->can_put, NULL) != 0 ||
	    pthread_cond_init(&s->can_get, NULL) != 0)
		goto out;
	*state = s;
	s = NULL;
	rc = 0;
out:
	state_free(s);
	return rc;
}

/* ------------------------------------------------------------------ */
/* run: items                                                          */

static int
item_add(struct worker *w, const char *path, uint32_t rule, uint64_t line,
    uint64_t column, const char *msg, struct item **out)
{
	struct item *it;

	if (w->n_items == w->cap_items) {
		size_t ncap = w->cap_items ? w->cap_items * 2 : 64;
		struct item *n = malloc(ncap * sizeof(*n));

		if (n == NULL) {
			w->oom = 1;
			return -1;
		}
		if (w->n_items > 0)
			memcpy(n, w->items, w->n_items * sizeof(*n));
		free(w->items);
		w->items = n;
		w->cap_items = ncap;
	}
	it = &w->items[w->n_items];
	memset(it, 0, sizeof(*it));
	if ((it->path = strdup(path)) == NULL) {
		w->oom = 1;
		return -1;
	}
	it->rule = rule;
	it->line = line;
	it->column = column;
	it->msg = msg;
	w->n_items++;
	if (out != NULL)
		*out = it;
	return 0;
}

static int
on_finding(void *ctx, const struct cred_finding *f)
{
	struct worker *w = ctx;
	const struct cred_rule *r = cred_db_rule(w->s->db, f->rule);
	struct item *it;

	if (w->n_items >= FINDINGS_MAX)
		return 0;
	if (item_add(w, w->cur->path, f->rule, f->line, f->column, NULL,
	    &it) != 0)
		return 1;
	it->start = f->offset;
	it->end = f->offset + f->secret_len;
	scan_redact(f->secret, f->secret_len, it->red);
	cred_fingerprint((const uint8_t *)CRED_FP_KEY_DEFAULT,
	    strlen(CRED_FP_KEY_DEFAULT), r->id, w->cur->path + w->cur->rel,
	    f->secret, f->secret_len, it->fp);
	return 0;
}

static const char *
errno_text(int e)
{
	switch (e) {
	case EACCES:
	case EPERM:
		return "permission denied";
	case ENOENT:
		return "no such file or directory";
	case ENOTDIR:
		return "not a directory";
	case ELOOP:
		return "a symbolic link where none is allowed";
	case EIO:
		return "input/output error";
	case EMFILE:
	case ENFILE:
		return "too many open files";
	case ENAMETOOLONG:
		return "name too long";
	case EINVAL:
		return "not a regular file or directory";
	case ENOMEM:
		return "out of memory";
	case ENOSYS:
		return "not supported by the sandbox";
	default:
		return "system error";
	}
}

static void
scan_job(struct worker *w, struct job *j)
{
	enum cred_result res;
	int err = 0;

	w->cur = j;
	cred_scanner_set_name(w->sc, j->path + j->base);
	cred_scanner_expect(w->sc, j->size);
	res = cred_scan_fd(w->sc, j->fd, on_finding, w, &w->st, &err);
	switch (res) {
	case CRED_SCANNED:
	case CRED_STOPPED:
		w->files++;
		break;
	case CRED_BINARY:
		w->skipped[SK_BINARY]++;
		break;
	case CRED_ARCHIVE:
		w->skipped[SK_ARCHIVE]++;
		break;
	case CRED_READ_ERROR:
		w->errors++;
		(void)item_add(w, j->path, UINT32_MAX, 0, 0, errno_text(err),
		    NULL);
		break;
	default:
		w->errors++;
		(void)item_add(w, j->path, UINT32_MAX, 0, 0,
		    "internal error in the scanner", NULL);
		break;
	}
	close(j->fd);
	free(j->path);
}

static void *
worker_main(void *arg)
{
	struct worker *w = arg;
	struct cred_state *s = w->s;
	struct job j;

	for (;;) {
		pthread_mutex_lock(&s->mu);
		while (s->qn == 0 && !s->done)
			pthread_cond_wait(&s->can_get, &s->mu);
		if (s->qn == 0) {
			pthread_mutex_unlock(&s->mu);
			return NULL;
		}
		j = s->q[s->qh];
		s->qh = (s->qh + 1) % QUEUE_CAP;
		s->qn--;
		pthread_cond_signal(&s->can_put);
		pthread_mutex_unlock(&s->mu);
		scan_job(w, &j);
	}
}

/* Hands a job to the workers (or scans it here without workers). */
static void
job_put(struct cred_state *s, struct job *j)
{
	if (s->nthreads == 0 || !s->workers[0].started) {
		scan_job(&s->workers[0], j);
		return;
	}
	pthread_mutex_lock(&s->mu);
	if (s->qn == QUEUE_CAP) {
		/* Workers busy: scan it here instead of sleeping (no context
		 * switch per file, and the walker's CPU is not wasted). */
		pthread_mutex_unlock(&s->mu);
		scan_job(&s->walker, j);
		return;
	}
	s->q[(s->qh + s->qn) % QUEUE_CAP] = *j;
	s->qn++;
	/* Wake a worker for a batch, not for every file: one context
	 * switch per file was a tenth of the CPU time.  The end of the
	 * walk wakes every worker for what is left. */
	if (s->qn >= QUEUE_BATCH)
		pthread_cond_signal(&s->can_get);
	pthread_mutex_unlock(&s->mu);
}

/* ------------------------------------------------------------------ */
/* run: the walk                                                       */

static int
is_env_name(const char *b)
{
	size_t n = strlen(b);

	return strcmp(b, ".env") == 0 || strncmp(b, ".env.", 5) == 0 ||
	    (n > 4 && strcmp(b + n - 4, ".env") == 0);
}

/* rel: path relative to the root; base: the base name. */
static int
excluded(const struct cred_state *s, const struct root *r, const char *rel,
    const char *base, int is_dir)
{
	size_t i;

	if (is_dir && strcmp(base, ".git") == 0)
		return 1;
	if (!is_dir && s->exclude_env && is_env_name(base))
		return 1;
	for (i = 0; i < s->n_excl + r->n_ignore; i++) {
		const char *g = i < s->n_excl ? s->excl[i] :
		    r->ignore[i - s->n_excl];
		size_t gl = strlen(g);
		char tmp[PATH_CAP];

		if (gl > 0 && g[gl - 1] == '/') {
			/* "dir/": directories only */
			if (!is_dir || gl >= sizeof(tmp))
				continue;
			memcpy(tmp, g, gl - 1);
			tmp[gl - 1] = '\0';
			g = tmp;
		}
		if (strchr(g, '/') != NULL) {
			if (fnmatch(g[0] == '/' ? g + 1 : g, rel,
			    FNM_PATHNAME | FNM_PERIOD) == 0)
				return 1;
		} else if (fnmatch(g, base, 0) == 0)
			return 1;
	}
	return 0;
}

struct frame {
	DIR *d;
	dev_t dev;
	ino_t ino;
	size_t len;		/* path length of this directory */
};

static void
walk_error(struct cred_state *s, const char *path, int e)
{
	s->walker.errors++;
	(void)item_add(&s->walker, path, UINT32_MAX, 0, 0, errno_text(e),
	    NULL);
}

/* Appends "/name" to path (of length len); returns the new length or 0. */
static size_t
path_join(char *path, size_t len, const char *name)
{
	size_t k = strlen(name);

	if (len + 1 + k + 1 > PATH_CAP)
		return 0;
	if (len > 0 && path[len - 1] != '/')
		path[len++] = '/';
	memcpy(path + len, name, k + 1);
	return len + k;
}

static void
file_found(struct cred_state *s, int dirfd, const char *name, char *path,
    size_t rel, size_t base)
{
	struct stat sb;
	struct job j;
	int fd;

	fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ELOOP)
			s->walker.skipped[SK_SYMLINK]++;
		else
			walk_error(s, path, errno);
		return;
	}
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		/* replaced between readdir and open */
		s->walker.skipped[SK_SPECIAL]++;
		close(fd);
		return;
	}
	j.fd = fd;
	j.path = strdup(path);
	j.rel = rel;
	j.base = base;
	j.size = (uint64_t)sb.st_size;
	if (j.path == NULL) {
		close(fd);
		walk_error(s, path, ENOMEM);
		return;
	}
	job_put(s, &j);
}

static void
walk_root(struct cred_state *s, struct root *r)
{
	static char path[PATH_CAP];
	struct frame st[DEPTH_MAX + 1];
	size_t depth = 0, rel, i;
	struct stat sb;
	int fd;

	if (strlen(r->arg) >= PATH_CAP) {
		walk_error(s, r->arg, ENAMETOOLONG);
		return;
	}
	memcpy(path, r->arg, strlen(r->arg) + 1);
	if (!r->is_dir) {
		const char *b = strrchr(path, '/');
		struct job j;

		j.fd = r->fd;
		j.size = UINT64_MAX;
		r->fd = -1;
		j.path = strdup(path);
		j.rel = b ? (size_t)(b - path) + 1 : 0;
		j.base = j.rel;
		if (j.path == NULL) {
			close(j.fd);
			walk_error(s, path, ENOMEM);
			return;
		}
		job_put(s, &j);
		return;
	}
	rel = strlen(path);
	while (rel > 1 && path[rel - 1] == '/')
		path[--rel] = '\0';
	/* relative paths start after "root/" */
	fd = dup(r->fd);
	if (fd < 0 || fstat(fd, &sb) != 0 ||
	    (st[0].d = fdopendir(fd)) == NULL) {
		if (fd >= 0)
			close(fd);
		walk_error(s, path, errno);
		return;
	}
	st[0].dev = sb.st_dev;
	st[0].ino = sb.st_ino;
	st[0].len = rel;
	rel = rel + (path[rel - 1] == '/' ? 0 : 1);
	while (1) {
		struct frame *f = &st[depth];
		struct dirent *de;
		size_t len, base;
		int dfd;

		errno = 0;
		de = readdir(f->d);
		if (de == NULL) {
			if (errno != 0) {
				path[f->len] = '\0';
				walk_error(s, path, errno);
			}
			closedir(f->d);
			if (depth == 0)
				break;
			depth--;
			continue;
		}
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		dfd = dirfd(f->d);
		len = path_join(path, f->len, de->d_name);
		if (len == 0) {
			path[f->len] = '\0';
			s->walker.skipped[SK_DEEP]++;
			continue;
		}
		base = len - strlen(de->d_name);
		/* A regular file by its directory entry: file_found()'s
		 * open (O_NOFOLLOW) and fstat check it again, so the
		 * fstatat would only cost a system call per file. */
		if (de->d_type == DT_REG) {
			if (excluded(s, r, path + rel, path + base, 0))
				s->walker.skipped[SK_EXCLUDED]++;
			else
				file_found(s, dfd, de->d_name, path, rel, base);
			continue;
		}
		if (fstatat(dfd, de->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0) {
			walk_error(s, path, errno);
			continue;
		}
		if (S_ISLNK(sb.st_mode)) {
			s->walker.skipped[SK_SYMLINK]++;
			continue;
		}
		if (!S_ISREG(sb.st_mode) && !S_ISDIR(sb.st_mode)) {
			s->walker.skipped[SK_SPECIAL]++;
			continue;
		}
		if (excluded(s, r, path + rel, path + base, S_ISDIR(sb.st_mode))) {
			s->walker.skipped[SK_EXCLUDED]++;
			continue;
		}
		if (S_ISREG(sb.st_mode)) {
			file_found(s, dfd, de->d_name, path, rel, base);
			continue;
		}
		/* a directory */
		if (depth == DEPTH_MAX) {
			s->walker.skipped[SK_DEEP]++;
			continue;
		}
		for (i = 0; i <= depth; i++)
			if (st[i].dev == sb.st_dev && st[i].ino == sb.st_ino)
				break;
		if (i <= depth) {
			s->walker.skipped[SK_DEEP]++;	/* a loop */
			continue;
		}
		fd = openat(dfd, de->d_name, O_RDONLY | O_DIRECTORY |
		    O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
		if (fd < 0) {
			walk_error(s, path, errno);
			continue;
		}
		if ((st[depth + 1].d = fdopendir(fd)) == NULL) {
			walk_error(s, path, errno);
			close(fd);
			continue;
		}
		depth++;
		st[depth].dev = sb.st_dev;
		st[depth].ino = sb.st_ino;
		st[depth].len = len;
	}
}

/* ------------------------------------------------------------------ */
/* run: records                                                        */

static int
itemcmp(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	int c = strcmp(x->path, y->path);

	if (c != 0)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->column != y->column)
		return x->column < y->column ? -1 : 1;
	return x->rule < y->rule ? -1 : x->rule > y->rule;
}

static int
write_rec(struct out *o, const struct item_meta *m, enum rec_status st,
    enum rec_severity sev, const char *subject, const char *msg,
    const char *path, uint64_t line, uint64_t col, const struct rec_ev *ev,
    unsigned n_ev)
{
	struct rec_out r;

	memset(&r, 0, sizeof(r));
	r.id = m->id;
	r.section = m->section;
	r.title = m->title;
	r.status = st;
	r.severity = sev;
	r.subject = subject;
	r.message = msg;
	r.path = path;
	r.line = line > 0x7fffffff ? 0x7fffffff : (uint32_t)line;
	r.column = col > 0x7fffffff ? 0x7fffffff : (uint32_t)col;
	r.duration_ms = -1;
	r.ev = ev;
	r.n_ev = n_ev;
	if (record_write(o, &r) == 0)
		return 0;
	/* Too long once escaped (a hostile path): keep the verdict. */
	r.path = NULL;
	r.line = r.column = 0;
	r.message = "finding in a file whose path is too long to report";
	r.ev = NULL;
	r.n_ev = 0;
	return record_write(o, &r) == 0 ? 0 : -1;
}

/*
 * The ids of the rules whose findings were merged into it (core/scan/
 * dedup.h), comma-separated in the order of the rules, each once; "" when
 * none.  A list longer than the buffer ends with ",...".
 */
static void
also_list(const struct cred_state *s, const struct item *all,
    const struct item *it, char *out, size_t cap)
{
	uint32_t last = UINT32_MAX;
	size_t len = 0;

	out[0] = '\0';
	for (;;) {
		uint32_t best = UINT32_MAX;
		size_t k;
		const char *id;
		int w;

		/* the next rule index above last (lists are short) */
		for (k = it->also; k != 0; k = all[k - 1].also_next) {
			uint32_t r = all[k - 1].rule;

			if ((last == UINT32_MAX || r > last) && r < best)
				best = r;
		}
		if (best == UINT32_MAX)
			return;
		id = cred_db_rule(s->db, best)->id;
		if (len + strlen(id) + 5 > cap) {
			snprintf(out + len, cap - len, "%s...", len ? "," : "");
			return;
		}
		w = snprintf(out + len, cap - len, "%s%s", len ? "," : "", id);
		len += (size_t)w;
		last = best;
	}
}

static int
emit_item(struct cred_state *s, const struct item_meta *m, struct out *o,
    const struct item *all, const struct item *it)
{
	char msg[512], desc[320], also[400];
	struct rec_ev ev[5];
	const struct cred_rule *r;
	unsigned n_ev = 4;

	if (it->rule == UINT32_MAX) {
		snprintf(msg, sizeof(msg), "cannot scan: %s (not checked)",
		    it->msg);
		return write_rec(o, m, ST_ERROR, m->severity, "unreadable",
		    msg, it->path, 0, 0, NULL, 0);
	}
	r = cred_db_rule(s->db, it->rule);
	snprintf(msg, sizeof(msg), "%.*s: %s", (int)(r->desc_len > 300 ? 300 :
	    r->desc_len), r->desc, it->red);
	snprintf(desc, sizeof(desc), "%.*s", (int)(r->desc_len > 300 ? 300 :
	    r->desc_len), r->desc);
	check_ev(&ev[0], "rule", r->id);
	check_ev(&ev[1], "description", desc);
	check_ev(&ev[2], "fingerprint", it->fp);
	check_ev(&ev[3], "secret", it->red);
	also_list(s, all, it, also, sizeof(also));
	if (also[0] != '\0')
		check_ev(&ev[n_ev++], "also", also);
	return write_rec(o, m, ST_FAIL, (enum rec_severity)r->severity, r->id,
	    msg, it->path, it->line, it->column, ev, n_ev);
}

static int
in_baseline(const struct cred_state *s, const char *fp)
{
	return s->n_baseline > 0 && bsearch(fp, s->baseline, s->n_baseline,
	    sizeof(*s->baseline), fpcmp) != NULL;
}

/*
 * One finding per secret (core/scan/dedup.h): all[] is sorted by path, so
 * each file's findings are contiguous; where several rules report
 * overlapping bytes of one file, only the most specific is kept and the
 * others are marked merged, pointing at it.  Returns the number merged.
 * Out of memory: nothing is merged (every finding is reported).
 */
static size_t
merge_items(const struct cred_state *s, struct item *all, size_t n_all)
{
	struct cred_cand *c;
	uint32_t *order, *kept;
	size_t *idx, i, j, k, n, merged = 0;

	c = malloc((n_all + 1) * sizeof(*c));
	order = malloc((n_all + 1) * sizeof(*order));
	kept = malloc((n_all + 1) * sizeof(*kept));
	idx = malloc((n_all + 1) * sizeof(*idx));
	if (c == NULL || order == NULL || kept == NULL || idx == NULL)
		goto out;
	for (i = 0; i < n_all; i = j) {
		for (j = i + 1; j < n_all && strcmp(all[j].path, all[i].path) ==
		    0; j++)
			;
		for (n = 0, k = i; k < j; k++) {
			if (all[k].rule == UINT32_MAX)
				continue;	/* an error item */
			memset(&c[n], 0, sizeof(c[n]));
			c[n].start = all[k].start;
			c[n].end = all[k].end;
			c[n].rule = all[k].rule;
			c[n].class = cred_dedup_class(cred_db_rule(s->db,
			    all[k].rule)->id);
			idx[n++] = k;
		}
		if (n < 2)
			continue;
		(void)cred_dedup(c, n, order, kept);
		for (k = 0; k < n; k++) {
			if (c[k].keep)
				continue;
			all[idx[k]].merged = 1;
			all[idx[k]].winner = idx[c[k].by];
			all[idx[k]].also_next = all[idx[c[k].by]].also;
			all[idx[c[k].by]].also = idx[k] + 1;
			merged++;
		}
	}
out:
	free(c);
	free(order);
	free(kept);
	free(idx);
	return merged;
}

struct st_args {
	struct cred_state *s;
	const struct item_meta *m;
	struct out *o;
};

static void
st_report(void *ctx, size_t rule, int ok, const char *why)
{
	struct st_args *a = ctx;
	struct cred_state *s = a->s;
	const struct item_meta *m = a->m;
	struct out *o = a->o;
	const struct cred_rule *r = cred_db_rule(s->db, rule);
	char msg[400];
	struct rec_ev ev[1];

	snprintf(msg, sizeof(msg), "%s", ok ? "every example is reported "
	    "and no counter is" : why);
	check_ev(&ev[0], "rule", r->id);
	(void)write_rec(o, m, ok ? ST_PASS : ST_FAIL, m->severity, r->id, msg,
	    NULL, 0, 0, ev, 1);
}

static int
selftest_run(struct cred_state *s, const struct item_meta *m, struct out *o)
{
	struct st_args a = { s, m, o };
	int n = cred_selftest(s->db, s->walker.sc, st_report, &a);

	return n < 0 ? 3 : 0;
}

static int
cred_run(void *state, const struct item_meta *m, struct out *o)
{
	struct cred_state *s = state;
	struct item *all = NULL;
	uint64_t files = 0, bytes = 0, skipped[SK__N], errors = 0, findings = 0;
	uint64_t limit_hits = 0, suppressed = 0;
	size_t n_all = 0, i, k, started = 0, merged = 0;
	struct timespec t0, t1;
	char msg[1024], ev_v[20][24], mbs[32], blmsg[48] = "";
	struct rec_ev ev[20];
	unsigned n_ev = 0;
	int64_t ms;
	int rc = 3, oom = 0;

	if (s == NULL)
		return 3;
	if (s->selftest) {
		rc = selftest_run(s, m, o);
		goto out;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < (size_t)s->nthreads; i++) {
		struct worker *w = &s->workers[i];
		pthread_attr_t at;

		if (pthread_attr_init(&at) != 0)
			break;
		if (pthread_attr_setstack(&at, w->stack, STACK_SIZE) == 0 &&
		    pthread_create(&w->tid, &at, worker_main, w) == 0) {
			w->started = 1;
			started++;
		}
		pthread_attr_destroy(&at);
		if (!w->started)
			break;
	}
	/* No thread could start: scan in this thread (workers[0]). */
	for (i = 0; i < s->n_roots; i++) {
		struct root *r = &s->roots[i];

		if (r->fd < 0 && r->err != 0) {
			if (r->err == ENOENT && m->optional) {
				/* the workers are running: no early exit */
				(void)write_rec(o, m, ST_SKIP, m->severity,
				    r->arg, "does not exist (optional item)",
				    NULL, 0, 0, NULL, 0);
				continue;
			}
			walk_error(s, r->arg, r->err);
			continue;
		}
		walk_root(s, r);
	}
	pthread_mutex_lock(&s->mu);
	s->done = 1;
	pthread_cond_broadcast(&s->can_get);
	pthread_mutex_unlock(&s->mu);
	for (i = 0; i < (size_t)s->nthreads; i++)
		if (s->workers[i].started)
			pthread_join(s->workers[i].tid, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);

	/* Merge every worker's items and counts. */
	memset(skipped, 0, sizeof(skipped));
	for (i = 0; i <= (size_t)s->nthreads; i++) {
		struct worker *w = i < (size_t)s->nthreads ? &s->workers[i] :
		    &s->walker;

		n_all += w->n_items;
		files += w->files;
		bytes += w->st.bytes;
		errors += w->errors;
		limit_hits += w->st.limit_hits;
		suppressed += w->st.suppressed;
		oom |= w->oom;
		for (k = 0; k < SK__N; k++)
			skipped[k] += w->skipped[k];
	}
	all = malloc((n_all + 1) * sizeof(*all));
	if (all == NULL)
		goto out;
	n_all = 0;
	for (i = 0; i <= (size_t)s->nthreads; i++) {
		struct worker *w = i < (size_t)s->nthreads ? &s->workers[i] :
		    &s->walker;

		if (w->n_items > 0)
			memcpy(all + n_all, w->items, w->n_items * sizeof(*all));
		n_all += w->n_items;
	}
	qsort(all, n_all, sizeof(*all), itemcmp);
	merged = merge_items(s, all, n_all);
	/* A secret accepted in the baseline under any rule that found it
	 * stays accepted, whichever rule now reports it. */
	for (i = 0; i < n_all; i++)
		if (all[i].merged && in_baseline(s, all[i].fp))
			all[all[i].winner].accepted = 1;
	for (i = 0; i < n_all; i++) {
		if (all[i].rule != UINT32_MAX) {
			if (all[i].merged)
				continue;
			if (all[i].accepted || in_baseline(s, all[i].fp)) {
				s->baselined++;
				continue;
			}
			findings++;
		}
		if (emit_item(s, m, o, all, &all[i]) != 0)
			goto out;
	}

	/* The summary. */
	if (s->n_baseline > 0)
		snprintf(blmsg, sizeof(blmsg), " (%ju more in the baseline)",
		    (uintmax_t)s->baselined);
	ms = (int64_t)(t1.tv_sec - t0.tv_sec) * 1000 +
	    (t1.tv_nsec - t0.tv_nsec) / 1000000;
	{
		double secs = (double)(t1.tv_sec - t0.tv_sec) +
		    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;

		snprintf(mbs, sizeof(mbs), "%.1f", secs > 0 ?
		    (double)bytes / 1e6 / secs : 0.0);
	}
#define EVN(key, v) do { snprintf(ev_v[n_ev], sizeof(ev_v[0]), "%ju", \
	(uintmax_t)(v)); check_ev(&ev[n_ev], key, ev_v[n_ev]); \
	n_ev++; } while (0)
	EVN("files", files);
	EVN("bytes", bytes);
	EVN("findings", findings);
	EVN("baselined", s->baselined);
	EVN("suppressed", suppressed);
	for (k = 0; k < SK__N; k++)
		EVN(skip_key[k], skipped[k]);
	EVN("errors", errors);
	EVN("threads", started > 0 ? started : 1);
	EVN("rules", cred_db_nrules(s->db));
	EVN("limit_hits", limit_hits);
	EVN("merged", merged);
	check_ev(&ev[n_ev++], "mb_per_s", mbs);
#undef EVN
	snprintf(msg, sizeof(msg), "%ju %sfinding%s%s in %ju files (%ju bytes); "
	    "skipped %ju binary, %ju archive, %ju excluded, %ju special, %ju "
	    "symlink, %ju too deep; %ju error%s; %jd ms, %s MB/s%s",
	    (uintmax_t)findings, s->n_baseline ? "new " : "",
	    findings == 1 ? "" : "s", blmsg, (uintmax_t)files,
	    (uintmax_t)bytes, (uintmax_t)skipped[SK_BINARY],
	    (uintmax_t)skipped[SK_ARCHIVE], (uintmax_t)skipped[SK_EXCLUDED],
	    (uintmax_t)skipped[SK_SPECIAL], (uintmax_t)skipped[SK_SYMLINK],
	    (uintmax_t)skipped[SK_DEEP], (uintmax_t)errors,
	    errors == 1 ? "" : "s", (intmax_t)ms, mbs,
	    oom ? "; out of memory: some findings were not kept" : "");
	{
		struct rec_out r;

		memset(&r, 0, sizeof(r));
		r.id = m->id;
		r.section = m->section;
		r.title = m->title;
		r.status = findings > 0 ? ST_FAIL : oom ? ST_ERROR : ST_PASS;
		r.severity = m->severity;
		r.subject = "summary";
		r.message = msg;
		r.duration_ms = ms;
		r.ev = ev;
		r.n_ev = n_ev;
		if (record_write(o, &r) != 0)
			goto out;
	}
	rc = 0;
out:
	if (all != NULL) {
		for (i = 0; i < n_all; i++)
			free(all[i].path);
		free(all);
	}
	for (i = 0; i <= (size_t)s->nthreads; i++) {
		struct worker *w = i < (size_t)s->nthreads ? &s->workers[i] :
		    &s->walker;

		free(w->items);
		w->items = NULL;
	}
	state_free(s);
	return rc;
}

const struct check_def check_credentials = {
	.name = "credentials",
	.summary = "no hardcoded credentials in the files of a tree",
	.usage = "PATH... [--rules FILE] [--rules-only FILE] [--exclude GLOB]... "
	    "[--exclude-env] [--baseline FILE] [--threads N] [--self-test]",
	.explain =
	    "What: scans every regular file under each PATH for hardcoded "
	    "credentials (cloud keys, tokens, private keys, passwords in URLs "
	    "and in assignments) with the rules of policies/credentials.rules "
	    "(built in; --rules FILE adds rules, --rules-only FILE replaces "
	    "them).  Each rule has keywords (a fast literal prefilter) and a "
	    "pattern confirmed on a small window around each keyword, plus an "
	    "entropy and length floor and allow-patterns for placeholders, "
	    "templates and environment lookups.  Symbolic links below a PATH "
	    "are never followed; FIFOs, sockets and devices are never opened; "
	    "binary files (a NUL byte in the first 8 KiB) and archives are "
	    "skipped and counted; .git/ is skipped; --exclude GLOB and a "
	    ".signoffignore file at a PATH exclude more; --exclude-env skips "
	    ".env files.  A line carrying `signoff:allow` is not reported.  "
	    "Each finding is one failure naming the rule, the file, line and "
	    "column, with the secret redacted (its first 4 characters at "
	    "most) and a fingerprint; the secret itself is never printed.  "
	    "--baseline FILE lists fingerprints of accepted findings: only new "
	    "findings fail.\n\n"
	    "Why: a credential in a file is readable by everyone who can read "
	    "the file, its backups and its history, and is rarely rotated.\n\n"
	    "How to fix: move the secret to a secret store or a file readable "
	    "only by the service (see `signoff check secrets`), rotate it "
	    "(it must be considered leaked), and read it at run time (an "
	    "environment variable or a file).  A false positive: add "
	    "`signoff:allow` on the line, or accept it in a baseline "
	    "(signoff check credentials PATH --write-baseline FILE).",
	.prepare = cred_prepare,
	.run = cred_run,
};
