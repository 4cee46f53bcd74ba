/*
 * secrets.c - `signoff-core check secrets DIR`: a directory of secret files
 * is private, and so is every file in it.
 *
 * prepare() (root): parse arguments, normalise DIR lexically, walk it from
 * "/" one component at a time through O_PATH|O_NOFOLLOW descriptors
 * (recording every directory and every symlink met, a symlink's target
 * walked in its place; never realpath), open DIR itself without following
 * a symlink.  run() (confined): list DIR through its descriptor,
 * fstatat each entry without following, open regular files only, read the
 * ACL xattr and small contents through the descriptor.  The verdicts are in
 * parse/perm.c and parse/acl.c.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "check.h"
#include "parse/acl.h"
#include "parse/passwd.h"
#include "parse/perm.h"
#include "sandbox/sandbox.h"

#define ANCESTOR_MAX	128	/* directories and symlinks judged */
#define CONTENT_MAX	4096	/* bigger files are not read */
#define CONTENT_MIN	16	/* shorter content is weak */
#define ACL_BUF		(4 + 8 * ACL_MAX_ENTRIES)
#define MSG_MAX		8192
#define ACL_LIST_MAX	8	/* ACL entries named in one message */
#define ACL_XATTR	"system.posix_acl_access"
#define ACL_XATTR_DEFAULT "system.posix_acl_default"

enum dir_state { D_OK, D_MISSING, D_SYMLINK, D_NOTDIR, D_ERROR };

enum { IK_DIR, IK_LINK };

/* A directory or a symlink met on the way to DIR: each is judged. */
struct ancestor {
	int kind;		/* IK_DIR or IK_LINK */
	char *path;		/* resolved path of the directory, or the
				 * link's own path */
	char *target;		/* IK_LINK: its target, as stored */
	size_t holder;		/* IK_LINK: the directory holding it (index),
				 * or SIZE_MAX */
	uint32_t mode, uid, gid;
	dev_t dev;
	ino_t ino;
};

struct secrets_state {
	const char *dir;	/* as given: the directory record's subject */
	char *join;		/* dir without trailing slashes, for DIR/NAME */
	size_t join_len;
	uint32_t allowed;	/* --mode */
	uint32_t owner;		/* --owner uid; 0 when not given */
	int owner_given;
	const char *group_arg;	/* --group as given, or NULL */
	uint32_t group;		/* its gid, when group_known */
	int group_known;
	char *grbuf;		/* /etc/group, read while privileged */
	size_t grlen;
	char *req_buf;		/* --require, split in place */
	char **req;
	size_t n_req;

	enum dir_state dstate;
	int derrno;
	const char *dwhat;	/* what failed, for D_ERROR */
	uint32_t dtype_mode;	/* st_mode for D_SYMLINK / D_NOTDIR */
	int dirfd;
	struct stat dst;
	char *real;		/* canonical path of DIR */
	struct ancestor anc[ANCESTOR_MAX];
	size_t n_anc;		/* directories and symlinks */
	size_t n_links;
	int anc_overflow;
	char *root;		/* --root, normalised; NULL = "/" */

	char *subject;		/* DIR/NAME scratch */
	size_t subject_cap;
	uint8_t *aclbuf;	/* ACL_BUF bytes */
};

/* A sorted list of the names in DIR: one byte arena plus offsets. */
struct names {
	char *buf;
	size_t len, cap;
	size_t *off;
	size_t n, ncap;
};

struct msg {
	char b[MSG_MAX];
	size_t n;
	int parts;
};

/* Well-known default or placeholder values, compared trimmed and
 * case-insensitively. */
static const char *const weak_defaults[] = {
	"changeme", "change_me", "change-me", "changeit", "password",
	"passw0rd", "password1", "password123", "p@ssw0rd", "admin",
	"administrator", "secret", "secrets", "123456", "1234567", "12345678",
	"123456789", "1234567890", "root", "toor", "test", "testing",
	"default", "postgres", "redis", "mysql", "letmein", "qwerty",
	"example", "guest", "pass", "welcome", "master", "abc123",
	"mysecretpassword", "supersecretpassword", "your-secret-key",
	"your_secret_key", "your-secret-key-here", "your_secret_key_here",
	"changemechangeme", "please-change-me", "insecure", "xxxxxxxx",
	"todo", "fixme", "none", "null", "dummy", "placeholder",
};

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
		return "a symbolic link where none is allowed, or a loop of symbolic links";
	case ENOMEM:
		return "out of memory";
	case EIO:
		return "input/output error";
	case EMFILE:
	case ENFILE:
		return "too many open files";
	case ENAMETOOLONG:
		return "name too long";
	case EOVERFLOW:
		return "value too large";
	case ENOSYS:
		return "not supported by the sandbox";
	default:
		return "system error";
	}
}

static const char *
type_name(uint32_t mode)
{
	switch (perm_type(mode)) {
	case PERM_T_REGULAR:
		return "regular";
	case PERM_T_DIRECTORY:
		return "directory";
	case PERM_T_SYMLINK:
		return "symlink";
	case PERM_T_FIFO:
		return "fifo";
	case PERM_T_SOCKET:
		return "socket";
	case PERM_T_CHARDEV:
		return "character device";
	case PERM_T_BLOCKDEV:
		return "block device";
	default:
		return "unknown";
	}
}

static void msg_add(struct msg *m, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Appends one part, separated from the previous by "; ". */
static void
msg_add(struct msg *m, const char *fmt, ...)
{
	va_list ap;
	int k;

	if (m->n + 3 >= sizeof(m->b))
		return;
	if (m->parts > 0) {
		m->b[m->n++] = ';';
		m->b[m->n++] = ' ';
	}
	va_start(ap, fmt);
	k = vsnprintf(m->b + m->n, sizeof(m->b) - m->n, fmt, ap);
	va_end(ap);
	if (k < 0)
		k = 0;
	if ((size_t)k >= sizeof(m->b) - m->n)
		m->n = sizeof(m->b) - 1;
	else
		m->n += (size_t)k;
	m->b[m->n] = '\0';
	m->parts++;
}

/* "setuid, group rw, other r": the bits of a mode, in words. */
static void
bits_words(uint32_t bits, char *out, size_t cap)
{
	static const char *const cls[3] = { "user", "group", "other" };
	size_t n = 0;
	int i;

	out[0] = '\0';
#define PUT(s) do { int k_ = snprintf(out + n, cap - n, "%s%s", \
	    n > 0 ? ", " : "", (s)); \
	    if (k_ > 0 && (size_t)k_ < cap - n) n += (size_t)k_; } while (0)
	if (bits & PERM_SUID)
		PUT("setuid");
	if (bits & PERM_SGID)
		PUT("setgid");
	if (bits & PERM_STICKY)
		PUT("sticky");
	for (i = 0; i < 3; i++) {
		uint32_t b = (bits >> (6 - 3 * i)) & 7u;
		char w[16];

		if (b == 0)
			continue;
		snprintf(w, sizeof(w), "%s %s%s%s", cls[i], b & 4 ? "r" : "",
		    b & 2 ? "w" : "", b & 1 ? "x" : "");
		PUT(w);
	}
#undef PUT
}

static void
rwx(uint32_t p, char out[4])
{
	out[0] = (p & 4) ? 'r' : '-';
	out[1] = (p & 2) ? 'w' : '-';
	out[2] = (p & 1) ? 'x' : '-';
	out[3] = '\0';
}

static void
owner_expected(const struct secrets_state *s, char *out, size_t cap)
{
	if (s->owner_given && s->owner != 0)
		snprintf(out, cap, "root or uid %u", (unsigned)s->owner);
	else
		snprintf(out, cap, "root");
}

/* "ssl-cert" for a gid in /etc/group, else "". */
static void
group_of(const struct secrets_state *s, uint32_t gid, char *out, size_t cap)
{
	size_t off, len;

	out[0] = '\0';
	if (s->grbuf == NULL ||
	    group_name(s->grbuf, s->grlen, gid, &off, &len) != 0)
		return;
	if (len >= cap)
		len = cap - 1;
	memcpy(out, s->grbuf + off, len);
	out[len] = '\0';
}

/* 1 if gid may hold the group class: root's group or --group. */
static int
group_ok(const struct secrets_state *s, uint32_t gid)
{
	return gid == 0 || (s->group_known && gid == s->group);
}

/* "root's group (gid 0) or ssl-cert (gid 103)", for messages. */
static void
group_expected(const struct secrets_state *s, char *out, size_t cap)
{
	if (s->group_known)
		snprintf(out, cap, "root's group (gid 0) or %s (gid %u)",
		    s->group_arg, (unsigned)s->group);
	else if (s->group_arg != NULL)
		snprintf(out, cap, "root's group (gid 0); --group %s is not "
		    "in /etc/group", s->group_arg);
	else
		snprintf(out, cap, "root's group (gid 0) or the one named by "
		    "--group");
}

/*
 * With group access allowed by --mode and given by mode: the group that
 * holds it must be root's or --group's (issue 6, hole 8).
 */
static void
group_verdict(const struct secrets_state *s, uint32_t mode, uint32_t gid,
    uint32_t allowed, struct msg *fails)
{
	char name[64], want[160], rw[4];

	if ((allowed & 070u) == 0 || (mode & 070u) == 0 || group_ok(s, gid))
		return;
	group_of(s, gid, name, sizeof(name));
	group_expected(s, want, sizeof(want));
	rwx((mode >> 3) & 7u, rw);
	msg_add(fails, "group gid %u%s%s%s has group access (%s); expected %s%s%s",
	    (unsigned)gid, name[0] ? " (" : "", name, name[0] ? ")" : "", rw,
	    want, name[0] && s->group_arg == NULL ? "; if that group must "
	    "read the files, add --group " : "",
	    name[0] && s->group_arg == NULL ? name : "");
}

/* ---------------------------------------------------------------- */
/* prepare: arguments                                                */

static int
usage_err(const char *what, const char *arg)
{
	if (arg != NULL)
		fprintf(stderr, "signoff-core check secrets: %s: %s\n", what, arg);
	else
		fprintf(stderr, "signoff-core check secrets: %s\n", what);
	fprintf(stderr, "usage: signoff-core check secrets DIR [--mode OCTAL] "
	    "[--owner USER|UID] [--group GROUP|GID] [--require NAME,...] "
	    "[--root DIR]\n");
	return 2;
}

static int
parse_mode(const char *arg, uint32_t *mode)
{
	size_t i, n = strlen(arg);
	unsigned long v;
	char *end;

	if (n == 0 || n > 4)
		return -1;
	for (i = 0; i < n; i++)
		if (arg[i] < '0' || arg[i] > '7')
			return -1;
	errno = 0;
	v = strtoul(arg, &end, 8);
	if (errno != 0 || *end != '\0' || !perm_allowed_valid((uint32_t)v) ||
	    v > PERM_MAX_ALLOWED)
		return -1;
	*mode = (uint32_t)v;
	return 0;
}

/* Splits "a,b,c" in place into s->req; every name must be plain. */
static int
parse_require(struct secrets_state *s, const char *arg)
{
	size_t i, n = 1, len = strlen(arg);
	char *p;

	for (i = 0; i < len; i++)
		if (arg[i] == ',')
			n++;
	s->req_buf = strdup(arg);
	s->req = calloc(n, sizeof(*s->req));
	if (s->req_buf == NULL || s->req == NULL)
		return 3;
	p = s->req_buf;
	for (i = 0; i < n; i++) {
		char *c = strchr(p, ',');
		size_t k;

		if (c != NULL)
			*c = '\0';
		k = strlen(p);
		if (k == 0 || k > NAME_MAX || strchr(p, '/') != NULL ||
		    strcmp(p, ".") == 0 || strcmp(p, "..") == 0)
			return usage_err("--require takes plain file names "
			    "(no '/', not empty, not . or ..)", arg);
		s->req[i] = p;
		if (c != NULL)
			p = c + 1;
	}
	s->n_req = n;
	return 0;
}

static char *normalise(const char *path);

static int
parse_args(struct secrets_state *s, int argc, char **argv)
{
	int i, seen_mode = 0, seen_req = 0, rc;
	int only_pos = 0;
	const char *owner_arg = NULL, *root_arg = NULL;
	gid_t gid;
	uid_t uid;

	for (i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (!only_pos && strcmp(a, "--") == 0) {
			only_pos = 1;
		} else if (!only_pos && (strcmp(a, "--mode") == 0 ||
		    strcmp(a, "--owner") == 0 || strcmp(a, "--require") == 0 ||
		    strcmp(a, "--root") == 0 || strcmp(a, "--group") == 0)) {
			if (i + 1 >= argc)
				return usage_err("option needs a value", a);
			i++;
			if (strcmp(a, "--group") == 0) {
				if (s->group_arg != NULL)
					return usage_err("given twice", a);
				if (argv[i][0] == '\0')
					return usage_err("--group is empty", NULL);
				s->group_arg = argv[i];
			} else if (strcmp(a, "--root") == 0) {
				if (root_arg != NULL)
					return usage_err("given twice", a);
				root_arg = argv[i];
			} else if (a[2] == 'm') {
				if (seen_mode++)
					return usage_err("given twice", a);
				if (parse_mode(argv[i], &s->allowed) != 0)
					return usage_err("--mode takes an octal "
					    "mode of at most 0777", argv[i]);
			} else if (a[2] == 'o') {
				if (owner_arg != NULL)
					return usage_err("given twice", a);
				owner_arg = argv[i];
			} else {
				if (seen_req++)
					return usage_err("given twice", a);
				if ((rc = parse_require(s, argv[i])) != 0)
					return rc;
			}
		} else if (!only_pos && a[0] == '-' && a[1] != '\0') {
			return usage_err("unknown option", a);
		} else {
			if (s->dir != NULL)
				return usage_err("one directory only", a);
			s->dir = a;
		}
	}
	if (s->dir == NULL)
		return usage_err("missing DIR", NULL);
	if (s->dir[0] == '\0')
		return usage_err("DIR is empty", NULL);
	if (root_arg != NULL) {
		char *nd;
		size_t rl;
		int beneath;

		if (root_arg[0] != '/')
			return usage_err("--root takes an absolute path",
			    root_arg);
		if ((s->root = normalise(root_arg)) == NULL ||
		    (nd = normalise(s->dir)) == NULL)
			return errno == ENOMEM ? 3 : usage_err("path too long",
			    NULL);
		rl = strlen(s->root);
		beneath = strcmp(s->root, "/") == 0 ||
		    (strncmp(nd, s->root, rl) == 0 &&
		    (nd[rl] == '\0' || nd[rl] == '/'));
		free(nd);
		if (!beneath)
			return usage_err("DIR is not beneath --root", s->dir);
	}
	/* /etc/group by hand (no NSS): --group, and group names in messages.
	 * A name not in /etc/group accepts nothing beyond root's group, and
	 * every message says so (a shared policy may name a group that this
	 * host does not have). */
	if ((s->grbuf = group_file_read(s->root, &s->grlen)) == NULL)
		return 3;
	if (s->group_arg != NULL) {
		const char *g = s->group_arg;
		size_t k, gl = strlen(g);

		for (k = 0; k < gl && g[k] >= '0' && g[k] <= '9'; k++)
			;
		if (group_find(s->grbuf, s->grlen, g, gl, &s->group) == 0)
			s->group_known = 1;
		else if (k == gl && gl <= 10) {
			unsigned long v = strtoul(g, NULL, 10);

			if (v >= 0xffffffffUL)
				return usage_err("--group: gid out of range", g);
			s->group = (uint32_t)v;
			s->group_known = 1;
		}
	}
	if (owner_arg != NULL) {
		if (owner_arg[0] == '\0' ||
		    user_lookup(owner_arg, &uid, &gid) != 0)
			return usage_err("--owner: no such user", owner_arg);
		s->owner = (uint32_t)uid;
		s->owner_given = 1;
	}
	return 0;
}

/* ---------------------------------------------------------------- */
/* prepare: paths (root, before the sandbox)                          */

static void
dir_error(struct secrets_state *s, const char *what, int e)
{
	s->dstate = D_ERROR;
	s->dwhat = what;
	s->derrno = e;
}

/*
 * Lexical normalisation of path into a new absolute path: a relative path
 * is taken from the working directory (getcwd(3), itself canonical), empty
 * components and "." are dropped, ".." removes the component before it
 * ("/.." is "/").  Nothing is resolved: DIR/. and DIR/.. name DIR and its
 * parent as written, so a symlinked DIR stays a symlink (hole 2 of issue 6).
 * Returns NULL on allocation failure or an over-long path (errno set).
 */
static char *
normalise(const char *path)
{
	char cwd[PATH_MAX], *out;
	size_t n = 0, cap, plen = strlen(path), clen = 0, i = 0;

	if (path[0] != '/') {
		if (getcwd(cwd, sizeof(cwd)) == NULL)
			return NULL;
		clen = strlen(cwd);
	}
	cap = clen + 1 + plen + 2;
	if ((out = malloc(cap)) == NULL)
		return NULL;
	out[0] = '\0';
	/* Two passes over one loop: the working directory, then path. */
	for (int pass = 0; pass < 2; pass++) {
		const char *p = pass == 0 ? cwd : path;
		size_t len = pass == 0 ? clen : plen;

		for (i = 0; i < len;) {
			size_t e = i, k;

			while (e < len && p[e] != '/')
				e++;
			k = e - i;
			if (k == 0 || (k == 1 && p[i] == '.')) {
				/* nothing */
			} else if (k == 2 && p[i] == '.' && p[i + 1] == '.') {
				while (n > 0 && out[n - 1] != '/')
					n--;
				if (n > 0)
					n--;	/* the slash before it */
			} else {
				out[n++] = '/';
				memcpy(out + n, p + i, k);
				n += k;
			}
			i = e + 1;
		}
	}
	if (n == 0)
		out[n++] = '/';
	out[n] = '\0';
	if (n >= PATH_MAX) {
		free(out);
		errno = ENAMETOOLONG;
		return NULL;
	}
	return out;
}

/* The walk: a stack of O_PATH directory descriptors from "/" down, the
 * path text of the top one, and the items judged on the way. */
#define WALK_DEPTH_MAX	256
#define WALK_LINKS_MAX	40	/* as the kernel's own limit */
#define WALK_PEND_MAX	(2 * PATH_MAX)

struct walk {
	int fd[WALK_DEPTH_MAX];
	size_t plen[WALK_DEPTH_MAX];	/* length of cur at each level */
	size_t item[WALK_DEPTH_MAX];	/* its index in s->anc, or SIZE_MAX */
	size_t depth;			/* levels in use, >= 1 ("/") */
	size_t floor;			/* the walk root's level (--root) */
	int links;
	char cur[PATH_MAX + NAME_MAX + 2];	/* "" for "/" */
	char pend[WALK_PEND_MAX];	/* components still to walk */
	char tmp[WALK_PEND_MAX];
};

/* Records a directory (once per dev/ino) or a symlink; SIZE_MAX when the
 * list is full (then anc_overflow says the rest was not judged). */
static size_t
item_add(struct secrets_state *s, int kind, const char *path,
    const char *target, size_t holder, const struct stat *sb)
{
	struct ancestor *a;
	size_t i;

	if (kind == IK_DIR)
		for (i = 0; i < s->n_anc; i++)
			if (s->anc[i].kind == IK_DIR &&
			    s->anc[i].dev == sb->st_dev &&
			    s->anc[i].ino == sb->st_ino)
				return i;
	if (s->n_anc == ANCESTOR_MAX) {
		s->anc_overflow = 1;
		return SIZE_MAX;
	}
	a = &s->anc[s->n_anc];
	a->kind = kind;
	a->path = strdup(path);
	a->target = target != NULL ? strdup(target) : NULL;
	if (a->path == NULL || (target != NULL && a->target == NULL)) {
		free(a->path);
		free(a->target);
		return SIZE_MAX - 1;
	}
	a->holder = holder;
	a->mode = (uint32_t)sb->st_mode;
	a->uid = (uint32_t)sb->st_uid;
	a->gid = (uint32_t)sb->st_gid;
	a->dev = sb->st_dev;
	a->ino = sb->st_ino;
	if (kind == IK_LINK)
		s->n_links++;
	return s->n_anc++;
}

static void
walk_pop(struct walk *w, size_t to)
{
	while (w->depth - 1 > to) {
		w->depth--;
		close(w->fd[w->depth]);
		w->fd[w->depth] = -1;
	}
	w->cur[w->plen[w->depth - 1]] = '\0';
}

/*
 * Walks the components of path (relative to the top of the stack, or to
 * the walk root when absolute) without following anything: every
 * directory is opened O_PATH|O_NOFOLLOW and recorded; a symlink is
 * recorded with the directory holding it, and its target is walked the
 * same way in its place (an absolute target from the walk root, so an
 * image's links never lead into the host; ".." never above the walk root).
 * Returns 0, an errno value, or -1 on allocation failure.
 */
static int
walk(struct secrets_state *s, struct walk *w, const char *path)
{
	char name[NAME_MAX + 1], target[PATH_MAX];
	struct stat sb;
	size_t pos = 0, len = strlen(path);

	if (len >= sizeof(w->pend))
		return ENAMETOOLONG;
	memcpy(w->pend, path, len + 1);
	for (;;) {
		size_t e, k, it;
		ssize_t tl;
		int nfd;

		while (w->pend[pos] == '/')
			pos++;
		if (w->pend[pos] == '\0')
			return 0;
		e = pos;
		while (w->pend[e] != '\0' && w->pend[e] != '/')
			e++;
		k = e - pos;
		if (k > NAME_MAX)
			return ENAMETOOLONG;
		memcpy(name, w->pend + pos, k);
		name[k] = '\0';
		pos = e;
		if (strcmp(name, ".") == 0)
			continue;
		if (strcmp(name, "..") == 0) {
			if (w->depth - 1 > w->floor)
				walk_pop(w, w->depth - 2);
			continue;
		}
		nfd = openat(w->fd[w->depth - 1], name,
		    O_PATH | O_NOFOLLOW | O_CLOEXEC);
		if (nfd < 0)
			return errno;
		if (fstat(nfd, &sb) != 0) {
			e = (size_t)errno;
			close(nfd);
			return (int)e;
		}
		k = strlen(w->cur);
		if (k + 1 + strlen(name) >= sizeof(w->cur)) {
			close(nfd);
			return ENAMETOOLONG;
		}
		w->cur[k] = '/';
		memcpy(w->cur + k + 1, name, strlen(name) + 1);
		if (S_ISLNK(sb.st_mode)) {
			size_t rest = strlen(w->pend + pos);

			tl = readlinkat(nfd, "", target, sizeof(target) - 1);
			close(nfd);
			if (tl < 0)
				return errno;
			target[tl] = '\0';
			it = item_add(s, IK_LINK, w->cur, target,
			    w->item[w->depth - 1], &sb);
			w->cur[k] = '\0';
			if (it == SIZE_MAX - 1)
				return -1;
			if (++w->links > WALK_LINKS_MAX)
				return ELOOP;
			if ((size_t)tl + 1 + rest >= sizeof(w->tmp))
				return ENAMETOOLONG;
			memcpy(w->tmp, target, (size_t)tl);
			w->tmp[tl] = '/';
			memcpy(w->tmp + tl + 1, w->pend + pos, rest + 1);
			memcpy(w->pend, w->tmp, (size_t)tl + 1 + rest + 1);
			pos = 0;
			if (target[0] == '/')
				walk_pop(w, w->floor);
			continue;
		}
		if (!S_ISDIR(sb.st_mode)) {
			close(nfd);
			return ENOTDIR;
		}
		if (w->depth == WALK_DEPTH_MAX) {
			close(nfd);
			return ENAMETOOLONG;
		}
		it = item_add(s, IK_DIR, w->cur, NULL, SIZE_MAX, &sb);
		if (it == SIZE_MAX - 1) {
			close(nfd);
			return -1;
		}
		w->fd[w->depth] = nfd;
		w->plen[w->depth] = strlen(w->cur);
		w->item[w->depth] = it;
		w->depth++;
	}
}

/* Opens DIR = parent/last relative to the walked parent. */
static void
open_dir(struct secrets_state *s, int pfd, const char *last)
{
	struct stat lsb;
	int lfd;

	lfd = openat(pfd, last, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (lfd < 0) {
		if (errno == ENOENT)
			s->dstate = D_MISSING;
		else
			dir_error(s, "cannot open", errno);
		return;
	}
	if (fstat(lfd, &lsb) != 0) {
		dir_error(s, "cannot stat", errno);
		goto out;
	}
	if (S_ISLNK(lsb.st_mode)) {
		s->dstate = D_SYMLINK;
		s->dtype_mode = (uint32_t)lsb.st_mode;
		goto out;
	}
	if (!S_ISDIR(lsb.st_mode)) {
		s->dstate = D_NOTDIR;
		s->dtype_mode = (uint32_t)lsb.st_mode;
		goto out;
	}
	s->dirfd = openat(pfd, last,
	    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (s->dirfd < 0) {
		dir_error(s, "cannot open", errno);
		goto out;
	}
	if (fstat(s->dirfd, &s->dst) != 0) {
		dir_error(s, "cannot stat", errno);
		goto out;
	}
	if (s->dst.st_dev != lsb.st_dev || s->dst.st_ino != lsb.st_ino)
		dir_error(s, "the directory changed while being opened", 0);
out:
	close(lfd);
}

/* A walk error: a missing component is a missing directory. */
static int
walk_failed(struct secrets_state *s, int e)
{
	if (e < 0)
		return 3;
	if (e == ENOENT || e == ENOTDIR)
		s->dstate = D_MISSING;
	else if (e == ELOOP)
		dir_error(s, "cannot walk the path (more than 40 symbolic "
		    "links)", 0);
	else
		dir_error(s, "cannot walk the path", e);
	return 0;
}

/*
 * DIR as given, normalised lexically, walked component by component from
 * "/" (never realpath(3)): every directory and every symlink met is
 * recorded for the verdict; DIR itself is opened without following.
 */
static int
resolve(struct secrets_state *s)
{
	struct walk *w;
	const char *last;
	char *norm = NULL, *parent = NULL;
	size_t n, rlen, plen;
	int rc = 3, e;
	struct stat sb;

	s->dstate = D_OK;
	n = strlen(s->dir);
	while (n > 1 && s->dir[n - 1] == '/')
		n--;
	if ((s->join = strndup(s->dir, n)) == NULL)
		return 3;
	s->join_len = (n == 1 && s->join[0] == '/') ? 0 : n;
	if ((w = calloc(1, sizeof(*w))) == NULL)
		return 3;
	for (n = 0; n < WALK_DEPTH_MAX; n++)
		w->fd[n] = -1;
	if ((norm = normalise(s->dir)) == NULL) {
		if (errno == ENOMEM)
			goto out;
		dir_error(s, "cannot resolve", errno);
		rc = 0;
		goto out;
	}
	if (strcmp(norm, "/") == 0) {
		/* DIR is / itself: no ancestors. */
		if ((s->real = strdup("/")) == NULL)
			goto out;
		s->dirfd = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (s->dirfd < 0 || fstat(s->dirfd, &s->dst) != 0)
			dir_error(s, "cannot open", errno);
		rc = 0;
		goto out;
	}
	last = strrchr(norm, '/') + 1;
	plen = (size_t)(last - 1 - norm);
	if ((parent = strndup(norm, plen)) == NULL)
		goto out;
	w->fd[0] = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (w->fd[0] < 0 || fstat(w->fd[0], &sb) != 0) {
		dir_error(s, "cannot open /", errno);
		rc = 0;
		goto out;
	}
	w->depth = 1;
	w->item[0] = item_add(s, IK_DIR, "/", NULL, SIZE_MAX, &sb);
	if (w->item[0] == SIZE_MAX - 1)
		goto out;
	/* The walk root (--root, normalised when parsed): its own path is
	 * walked like any other; beneath it, it stands for "/". */
	rlen = s->root != NULL && strcmp(s->root, "/") != 0 ? strlen(s->root) : 0;
	if (rlen > plen)
		rlen = plen;	/* DIR is the root itself */
	parent[rlen] = '\0';
	if ((e = walk(s, w, parent)) != 0) {
		rc = walk_failed(s, e);
		goto out;
	}
	if (rlen > 0 && strlen(s->root) <= plen)
		w->floor = w->depth - 1;	/* DIR lies beneath the root */
	memcpy(parent, norm, plen);
	parent[plen] = '\0';
	if ((e = walk(s, w, parent + rlen)) != 0) {
		rc = walk_failed(s, e);
		goto out;
	}
	n = strlen(w->cur) + 1 + strlen(last) + 1;
	if ((s->real = malloc(n)) == NULL)
		goto out;
	snprintf(s->real, n, "%s/%s", w->cur, last);
	open_dir(s, w->fd[w->depth - 1], last);
	rc = 0;
out:
	for (n = 0; n < WALK_DEPTH_MAX; n++)
		if (w->fd[n] >= 0)
			close(w->fd[n]);
	free(w);
	free(norm);
	free(parent);
	return rc;
}

static void
state_free(struct secrets_state *s)
{
	if (s == NULL)
		return;
	if (s->dirfd >= 0)
		close(s->dirfd);
	free(s->join);
	free(s->req_buf);
	free(s->req);
	free(s->real);
	free(s->root);
	free(s->grbuf);
	for (size_t i = 0; i < s->n_anc; i++) {
		free(s->anc[i].path);
		free(s->anc[i].target);
	}
	free(s->subject);
	free(s->aclbuf);
	free(s);
}

static int
secrets_prepare(int argc, char **argv, const struct item_meta *m,
    void **state, struct sandbox_req *req)
{
	struct secrets_state *s;
	int rc = 3;

	*state = NULL;
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return 3;
	s->dirfd = -1;
	s->allowed = PERM_DEFAULT;
	if ((rc = parse_args(s, argc, argv)) != 0)
		goto out;
	if (check_dry_run)	/* check.h: arguments only */
		goto out;
	rc = 3;
	if (resolve(s) != 0)
		goto out;
	s->subject_cap = s->join_len + 1 + NAME_MAX + 1;
	if ((s->subject = malloc(s->subject_cap)) == NULL)
		goto out;
	if ((s->aclbuf = malloc(ACL_BUF)) == NULL)
		goto out;
	if (s->dstate == D_OK) {
		if (req->n_ro >= SANDBOX_MAX_RO)
			goto out;
		req->ro_fds[req->n_ro++] = s->dirfd;
	}
	*state = s;
	s = NULL;
	rc = 0;
out:
	state_free(s);
	return rc;
}

/* ---------------------------------------------------------------- */
/* run: listing                                                      */

/* Grows *p (of *cap elements of size el) to hold need; no realloc, so the
 * allocator needs nothing beyond brk/mmap/munmap. */
static int
grow(void **p, size_t *cap, size_t need, size_t el)
{
	size_t ncap = *cap;
	void *np;

	if (need <= *cap)
		return 0;
	if (ncap < 256)
		ncap = 256;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2)
			return -1;
		ncap *= 2;
	}
	if (ncap > SIZE_MAX / el)
		return -1;
	if ((np = malloc(ncap * el)) == NULL)
		return -1;
	if (*p != NULL && *cap > 0)
		memcpy(np, *p, *cap * el);
	free(*p);
	*p = np;
	*cap = ncap;
	return 0;
}

static int
names_add(struct names *nm, const char *name)
{
	size_t k = strlen(name) + 1;

	if (k > SIZE_MAX - nm->len || nm->n == SIZE_MAX)
		return -1;
	if (grow((void **)&nm->buf, &nm->cap, nm->len + k, 1) != 0 ||
	    grow((void **)&nm->off, &nm->ncap, nm->n + 1, sizeof(size_t)) != 0)
		return -1;
	memcpy(nm->buf + nm->len, name, k);
	nm->off[nm->n++] = nm->len;
	nm->len += k;
	return 0;
}

static int
name_cmp(const struct names *nm, size_t a, size_t b)
{
	return strcmp(nm->buf + nm->off[a], nm->buf + nm->off[b]);
}

static void
sift_down(struct names *nm, size_t root, size_t end)
{
	size_t child, t;

	while ((child = 2 * root + 1) < end) {
		if (child + 1 < end && name_cmp(nm, child, child + 1) < 0)
			child++;
		if (name_cmp(nm, root, child) >= 0)
			return;
		t = nm->off[root];
		nm->off[root] = nm->off[child];
		nm->off[child] = t;
		root = child;
	}
}

/* Bytewise (strcmp) heapsort: no recursion, no allocation. */
static void
names_sort(struct names *nm)
{
	size_t i, t;

	if (nm->n < 2)
		return;
	for (i = nm->n / 2; i-- > 0;)
		sift_down(nm, i, nm->n);
	for (i = nm->n - 1; i > 0; i--) {
		t = nm->off[0];
		nm->off[0] = nm->off[i];
		nm->off[i] = t;
		sift_down(nm, 0, i);
	}
}

static int
names_has(const struct names *nm, const char *name)
{
	size_t lo = 0, hi = nm->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(nm->buf + nm->off[mid], name);

		if (c == 0)
			return 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* Reads every name but . and .. ; returns 0 or an errno value. */
static int
list_dir(DIR *d, struct names *nm)
{
	struct dirent *de;

	for (;;) {
		errno = 0;
		de = readdir(d);
		if (de == NULL)
			return errno;
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (names_add(nm, de->d_name) != 0)
			return ENOMEM;
	}
}

/* ---------------------------------------------------------------- */
/* run: verdicts                                                     */

/*
 * Reads the ACL `xattr` of fd (the access ACL, or a directory's default
 * ACL, which files created in it inherit) and adds a part to fails for
 * every entry that grants more than allowed_group (3-bit).  For the default
 * ACL every entry counts, even in a minimal ACL, and its `other` entry must
 * stay within allowed_other.  Returns 0, or -1 with an error part added
 * (the ACL could not be read).
 */
static int
acl_check(struct secrets_state *s, int fd, const char *xattr,
    uint32_t allowed_group, uint32_t allowed_other, struct msg *fails,
    struct msg *errs)
{
	const int dflt = strcmp(xattr, ACL_XATTR_DEFAULT) == 0;
	const char *what = dflt ? "default ACL" : "ACL";
	struct acl a;
	struct acl_entry e;
	ssize_t n;
	size_t at = 0, shown = 0, more = 0;
	uint32_t x;
	char have[4], want[4];

	n = fgetxattr(fd, xattr, s->aclbuf, ACL_BUF);
	if (n < 0) {
		if (errno == ENODATA || errno == ENOTSUP)
			return 0;
		if (errno == ERANGE) {
			msg_add(fails, "%s is malformed (larger than %u "
			    "entries)", what, (unsigned)ACL_MAX_ENTRIES);
			return 0;
		}
		msg_add(errs, "%s not checked: %s", what, errno_text(errno));
		return -1;
	}
	if (acl_parse(&a, s->aclbuf, (size_t)n) != 0) {
		msg_add(fails, "%s is malformed (%s)", what, a.err);
		return 0;
	}
	if (!dflt && !acl_is_extended(&a))
		return 0;
	rwx(allowed_group, want);
	while (acl_find_excess(&a, allowed_group, at, &at, &e, &x) == 1) {
		at++;
		if (shown == ACL_LIST_MAX) {
			more++;
			continue;
		}
		shown++;
		rwx(a.has_mask ? (uint32_t)(e.perm & a.mask) : e.perm, have);
		if (e.tag == ACL_TAG_USER)
			msg_add(fails, "%s entry user:%u grants %s "
			    "(effective; expected at most %s)", what,
			    (unsigned)e.id, have, want);
		else if (e.tag == ACL_TAG_GROUP)
			msg_add(fails, "%s entry group:%u grants %s "
			    "(effective; expected at most %s)", what,
			    (unsigned)e.id, have, want);
		else
			msg_add(fails, "%s owning-group entry grants %s "
			    "(effective; expected at most %s)", what, have, want);
	}
	if (more > 0)
		msg_add(fails, "and %zu more %s entries beyond %s", more, what,
		    want);
	/* Group access allowed: named users never, named groups only root's
	 * and --group's (issue 6, hole 8). */
	if (allowed_group != 0) {
		char gw[160], gn[64];

		group_expected(s, gw, sizeof(gw));
		shown = more = 0;
		for (at = 0; acl_find_foreign(&a, allowed_group, s->group,
		    s->group_known, at, &at, &e) == 1; at++) {
			if (shown == ACL_LIST_MAX) {
				more++;
				continue;
			}
			shown++;
			rwx(a.has_mask ? (uint32_t)(e.perm & a.mask) : e.perm,
			    have);
			if (e.tag == ACL_TAG_USER) {
				msg_add(fails, "%s entry user:%u grants %s "
				    "(effective; named users are not accepted: "
				    "only the owner and %s)", what,
				    (unsigned)e.id, have, gw);
				continue;
			}
			group_of(s, e.id, gn, sizeof(gn));
			msg_add(fails, "%s entry group:%u%s%s%s grants %s "
			    "(effective; expected %s)", what, (unsigned)e.id,
			    gn[0] ? " (" : "", gn, gn[0] ? ")" : "", have, gw);
		}
		if (more > 0)
			msg_add(fails, "and %zu more named %s entries", more,
			    what);
	}
	if (dflt) {
		/* New files would get this `other` entry as their other bits. */
		for (at = 0; acl_get(&a, at, &e) == 0; at++)
			if (e.tag == ACL_TAG_OTHER &&
			    (e.perm & 7u & ~(allowed_other & 7u)) != 0) {
				rwx(e.perm & 7u, have);
				rwx(allowed_other & 7u, want);
				msg_add(fails, "default ACL entry other grants "
				    "%s to files created here (expected at "
				    "most %s)", have, want);
			}
	}
	return 0;
}

/* Trimmed, case-insensitive comparison with every default; the loop reads
 * every byte of every candidate of the same length, whatever matches. */
static int
weak_default(const uint8_t *p, size_t n)
{
	size_t i, j;
	int hit = 0;

	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t' ||
	    p[n - 1] == '\r' || p[n - 1] == '\n'))
		n--;
	while (n > 0 && (p[0] == ' ' || p[0] == '\t' || p[0] == '\r' ||
	    p[0] == '\n')) {
		p++;
		n--;
	}
	for (i = 0; i < sizeof(weak_defaults) / sizeof(weak_defaults[0]); i++) {
		const char *d = weak_defaults[i];
		unsigned diff = 0;

		if (strlen(d) != n)
			continue;
		for (j = 0; j < n; j++) {
			unsigned c = p[j];

			if (c >= 'A' && c <= 'Z')
				c += 'a' - 'A';
			diff |= c ^ (unsigned char)d[j];
		}
		hit |= diff == 0;
	}
	return hit;
}

/*
 * Reads fd (a regular file of at most CONTENT_MAX bytes) into a stack
 * buffer, judges it and wipes it.  Adds a "weak" part to weak, or an error
 * part to errs.  The content never leaves this function.
 */
static void
content_check(int fd, struct msg *weak, struct msg *errs)
{
	uint8_t buf[CONTENT_MAX + 1];
	size_t n = 0, len;
	int short_, dflt;

	while (n < sizeof(buf)) {
		ssize_t r = read(fd, buf + n, sizeof(buf) - n);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			msg_add(errs, "content not checked: %s",
			    errno_text(errno));
			goto out;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	if (n > CONTENT_MAX)
		goto out;	/* grew past the limit: not judged */
	len = n;
	if (len > 0 && buf[len - 1] == '\n')
		len--;
	short_ = len < CONTENT_MIN;
	dflt = weak_default(buf, n);
	if (short_ && dflt)
		msg_add(weak, "content is weak (%zu bytes, expected at least "
		    "%d; a well-known default value)", len, CONTENT_MIN);
	else if (short_)
		msg_add(weak, "content is weak (%zu bytes, expected at least "
		    "%d)", len, CONTENT_MIN);
	else if (dflt)
		msg_add(weak, "content is weak (a well-known default value)");
out:
	explicit_bzero(buf, sizeof(buf));
}

/* One regular file: mode, owner, links, size, ACL, content. */
static void
file_verdict(struct secrets_state *s, int dirfd, const char *name,
    const struct stat *sb, struct msg *fails, struct msg *weak,
    struct msg *errs)
{
	char words[128], want[32], octal[8];
	struct stat fsb;
	uint32_t mode = (uint32_t)sb->st_mode, x;
	int fd;

	x = perm_file_excess(mode, s->allowed);
	if (x != 0) {
		bits_words(x, words, sizeof(words));
		snprintf(octal, sizeof(octal), "%04o", (unsigned)s->allowed);
		msg_add(fails, "mode %04o has bits outside %s: %s",
		    (unsigned)(mode & PERM_BITS), octal, words);
	}
	if (!perm_owner_ok((uint32_t)sb->st_uid, s->owner)) {
		owner_expected(s, want, sizeof(want));
		msg_add(fails, "owner uid %u (expected %s)",
		    (unsigned)sb->st_uid, want);
	}
	group_verdict(s, mode, (uint32_t)sb->st_gid, s->allowed, fails);
	if (sb->st_nlink != 1)
		msg_add(fails, "link count %ju (expected 1)",
		    (uintmax_t)sb->st_nlink);
	if (sb->st_size == 0)
		msg_add(fails, "file is empty (expected a secret)");

	fd = openat(dirfd, name,
	    O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ELOOP || errno == ENOENT || errno == ENXIO)
			msg_add(errs, "changed while being checked (%s); "
			    "content and ACL not checked", errno_text(errno));
		else
			msg_add(errs, "content not checked: %s; ACL not "
			    "checked", errno_text(errno));
		return;
	}
	if (fstat(fd, &fsb) != 0) {
		msg_add(errs, "content not checked: %s", errno_text(errno));
		goto out;
	}
	if (fsb.st_dev != sb->st_dev || fsb.st_ino != sb->st_ino ||
	    !S_ISREG(fsb.st_mode)) {
		msg_add(errs, "changed while being checked (replaced); "
		    "content and ACL not checked");
		goto out;
	}
	(void)acl_check(s, fd, ACL_XATTR, (s->allowed >> 3) & 7u, 7u, fails,
	    errs);
	if (fsb.st_size > 0 && fsb.st_size <= CONTENT_MAX)
		content_check(fd, weak, errs);
out:
	close(fd);
}

static int
entry_record(struct secrets_state *s, int dirfd, const char *name,
    const struct item_meta *m, struct out *o)
{
	static struct msg fails, weak, errs, all;
	char ev_mode[8], ev_uid[16], ev_gid[16], ev_nlink[24], ev_size[24];
	struct rec_ev ev[6];
	struct stat sb;
	enum rec_status st;
	unsigned n_ev = 0;

	fails.n = weak.n = errs.n = all.n = 0;
	fails.parts = weak.parts = errs.parts = all.parts = 0;
	fails.b[0] = weak.b[0] = errs.b[0] = all.b[0] = '\0';
	snprintf(s->subject, s->subject_cap, "%.*s/%s", (int)s->join_len,
	    s->join, name);

	if (fstatat(dirfd, name, &sb, AT_SYMLINK_NOFOLLOW) != 0) {
		msg_add(&all, "cannot stat: %s (not checked)",
		    errno_text(errno));
		return check_emit(o, m, ST_ERROR, s->subject, all.b, NULL, 0, 0,
		    NULL, 0);
	}
	snprintf(ev_mode, sizeof(ev_mode), "%04o",
	    (unsigned)(sb.st_mode & PERM_BITS));
	snprintf(ev_uid, sizeof(ev_uid), "%u", (unsigned)sb.st_uid);
	snprintf(ev_gid, sizeof(ev_gid), "%u", (unsigned)sb.st_gid);
	snprintf(ev_nlink, sizeof(ev_nlink), "%ju", (uintmax_t)sb.st_nlink);
	snprintf(ev_size, sizeof(ev_size), "%jd", (intmax_t)sb.st_size);
	check_ev(&ev[n_ev++], "mode", ev_mode);
	check_ev(&ev[n_ev++], "uid", ev_uid);
	check_ev(&ev[n_ev++], "gid", ev_gid);
	check_ev(&ev[n_ev++], "nlink", ev_nlink);
	check_ev(&ev[n_ev++], "size", ev_size);
	check_ev(&ev[n_ev++], "type", type_name((uint32_t)sb.st_mode));

	if (!S_ISREG(sb.st_mode))
		msg_add(&fails, "is a %s (expected a regular file; not opened)",
		    type_name((uint32_t)sb.st_mode));
	else
		file_verdict(s, dirfd, name, &sb, &fails, &weak, &errs);

	if (fails.parts > 0) {
		st = ST_FAIL;
		msg_add(&all, "%s", fails.b);
		if (weak.parts > 0)
			msg_add(&all, "%s", weak.b);
		if (errs.parts > 0)
			msg_add(&all, "%s", errs.b);
	} else if (errs.parts > 0) {
		st = ST_ERROR;
		msg_add(&all, "%s", errs.b);
		if (weak.parts > 0)
			msg_add(&all, "%s", weak.b);
	} else if (weak.parts > 0) {
		st = ST_WARN;
		msg_add(&all, "%s", weak.b);
	} else {
		st = ST_PASS;
		msg_add(&all, "mode %04o within %04o, owner uid %u, link count "
		    "1, %jd bytes, no ACL entry beyond the mode",
		    (unsigned)(sb.st_mode & PERM_BITS), (unsigned)s->allowed,
		    (unsigned)sb.st_uid, (intmax_t)sb.st_size);
		if (sb.st_size > CONTENT_MAX)
			msg_add(&all, "content not judged (larger than %d "
			    "bytes)", CONTENT_MAX);
	}
	return check_emit(o, m, st, s->subject, all.b, NULL, 0, 0, ev, n_ev);
}

/* What makes an ancestor directory unsafe, in words ("" if safe). */
static void
ancestor_why(const struct secrets_state *s, const struct ancestor *a,
    const char *want, char *out, size_t cap)
{
	int k = 0;

	out[0] = '\0';
	if (!perm_owner_ok(a->uid, s->owner))
		k = snprintf(out, cap, "is owned by uid %u (expected %s)",
		    (unsigned)a->uid, want);
	if (k < 0 || (size_t)k >= cap)
		return;
	if ((a->mode & 022u) != 0 && (a->mode & PERM_STICKY) == 0)
		snprintf(out + k, cap - (size_t)k, "%smode %04o is writable by "
		    "%s and not sticky", k > 0 ? " and " : "",
		    (unsigned)(a->mode & PERM_BITS),
		    (a->mode & 022u) == 022u ? "group and other" :
		    (a->mode & 020u) ? "group" : "other");
}

/*
 * One directory or symlink met on the way to DIR.  A symlink is judged
 * like an ancestor: its owner, and the directory that holds it (whoever
 * may write there may re-point it).
 */
static void
ancestor_verdict(const struct secrets_state *s, const struct ancestor *a,
    const char *want, struct msg *fails)
{
	const struct ancestor *h;
	char why[160];

	if (a->kind == IK_DIR) {
		if (perm_ancestor_ok(a->mode, a->uid, s->owner))
			return;
		if (!perm_owner_ok(a->uid, s->owner))
			msg_add(fails, "ancestor %s is owned by uid %u "
			    "(expected %s)", a->path, (unsigned)a->uid, want);
		if ((a->mode & 022u) != 0 && (a->mode & PERM_STICKY) == 0)
			msg_add(fails, "ancestor %s mode %04o is writable "
			    "by %s and not sticky (expected no group/other "
			    "write, or sticky)", a->path,
			    (unsigned)(a->mode & PERM_BITS),
			    (a->mode & 022u) == 022u ? "group and other" :
			    (a->mode & 020u) ? "group" : "other");
		return;
	}
	if (!perm_owner_ok(a->uid, s->owner))
		msg_add(fails, "symlink %s -> %s on the path is owned by uid "
		    "%u (expected %s)", a->path, a->target, (unsigned)a->uid,
		    want);
	if (a->holder >= s->n_anc)
		return;
	h = &s->anc[a->holder];
	if (perm_ancestor_ok(h->mode, h->uid, s->owner))
		return;
	ancestor_why(s, h, want, why, sizeof(why));
	msg_add(fails, "symlink %s -> %s on the path can be re-pointed: the "
	    "directory holding it, %s, %s", a->path, a->target, h->path, why);
}

/*
 * A directory that fails only on group search/list under a --mode without
 * group read (Debian's 0710 root:ssl-cert /etc/ssl/private under the
 * default 0600): say what would accept it, and why (issue 6).
 */
static void
dir_mode_hint(const struct secrets_state *s, uint32_t mode, uint32_t x,
    struct msg *m)
{
	char name[64];

	if ((x & ~050u) != 0 || (s->allowed & 040u) != 0 ||
	    (mode & 020u) != 0)
		return;
	group_of(s, (uint32_t)s->dst.st_gid, name, sizeof(name));
	if (s->dst.st_gid != 0 && name[0] != '\0')
		msg_add(m, "if members of group %s must read these files, "
		    "check with --mode 0640 --group %s (group search/list on "
		    "the directory is accepted only when --mode grants the "
		    "group read)", name, name);
	else if (s->dst.st_gid != 0)
		msg_add(m, "if members of group gid %u must read these files, "
		    "check with --mode 0640 --group %u (group search/list on "
		    "the directory is accepted only when --mode grants the "
		    "group read)", (unsigned)s->dst.st_gid,
		    (unsigned)s->dst.st_gid);
	else
		msg_add(m, "if root's group must read these files, check with "
		    "--mode 0640 (group search/list on the directory is "
		    "accepted only when --mode grants the group read)");
}

/* The symlinks a passing path went through, named. */
static void
links_passed(const struct secrets_state *s, const char *want, struct msg *m)
{
	size_t i, shown = 0;

	if (s->n_links == 0)
		return;
	for (i = 0; i < s->n_anc && shown < 4; i++)
		if (s->anc[i].kind == IK_LINK) {
			msg_add(m, "through symlink %s -> %s (owned by %s, in "
			    "a directory others cannot write)", s->anc[i].path,
			    s->anc[i].target, want);
			shown++;
		}
	if (s->n_links > shown)
		msg_add(m, "and %zu more symlinks", s->n_links - shown);
}

static int
dir_record(struct secrets_state *s, int dirfd, size_t n_files,
    const struct item_meta *m, struct out *o)
{
	static struct msg fails, errs, all;
	char ev_mode[8], ev_uid[16], ev_gid[16], ev_files[24];
	char words[128], want[32];
	struct rec_ev ev[5];
	uint32_t mode = (uint32_t)s->dst.st_mode, x, dallowed;
	enum rec_status st;
	size_t i;

	fails.n = errs.n = all.n = 0;
	fails.parts = errs.parts = all.parts = 0;
	fails.b[0] = errs.b[0] = all.b[0] = '\0';
	dallowed = perm_dir_allowed(s->allowed);
	owner_expected(s, want, sizeof(want));

	if (!perm_owner_ok((uint32_t)s->dst.st_uid, s->owner))
		msg_add(&fails, "owner uid %u (expected %s)",
		    (unsigned)s->dst.st_uid, want);
	x = perm_dir_excess(mode, s->allowed);
	if (x != 0) {
		bits_words(x, words, sizeof(words));
		msg_add(&fails, "mode %04o has bits outside %04o: %s",
		    (unsigned)(mode & PERM_BITS), (unsigned)dallowed, words);
		dir_mode_hint(s, mode, x, &fails);
	}
	group_verdict(s, mode, (uint32_t)s->dst.st_gid, dallowed, &fails);
	for (i = 0; i < s->n_anc; i++)
		ancestor_verdict(s, &s->anc[i], want, &fails);
	if (s->anc_overflow)
		msg_add(&errs, "more than %d ancestor directories and "
		    "symlinks: the rest not checked", ANCESTOR_MAX);
	(void)acl_check(s, dirfd, ACL_XATTR, (dallowed >> 3) & 7u, 7u, &fails,
	    &errs);
	(void)acl_check(s, dirfd, ACL_XATTR_DEFAULT, (s->allowed >> 3) & 7u,
	    s->allowed & 7u, &fails, &errs);

	snprintf(ev_mode, sizeof(ev_mode), "%04o", (unsigned)(mode & PERM_BITS));
	snprintf(ev_uid, sizeof(ev_uid), "%u", (unsigned)s->dst.st_uid);
	snprintf(ev_gid, sizeof(ev_gid), "%u", (unsigned)s->dst.st_gid);
	snprintf(ev_files, sizeof(ev_files), "%zu", n_files);
	check_ev(&ev[0], "mode", ev_mode);
	check_ev(&ev[1], "uid", ev_uid);
	check_ev(&ev[2], "gid", ev_gid);
	check_ev(&ev[3], "realpath", s->real != NULL ? s->real : "");
	check_ev(&ev[4], "files", ev_files);

	if (fails.parts > 0) {
		st = ST_FAIL;
		msg_add(&all, "%s", fails.b);
		if (errs.parts > 0)
			msg_add(&all, "%s", errs.b);
	} else if (errs.parts > 0) {
		st = ST_ERROR;
		msg_add(&all, "%s", errs.b);
	} else {
		st = ST_PASS;
		msg_add(&all, "directory mode %04o within %04o, owner uid %u, "
		    "%zu ancestors owned by %s and not writable by others, "
		    "%zu file%s", (unsigned)(mode & PERM_BITS),
		    (unsigned)dallowed, (unsigned)s->dst.st_uid,
		    s->n_anc - s->n_links, want, n_files,
		    n_files == 1 ? "" : "s");
		links_passed(s, want, &all);
	}
	return check_emit(o, m, st, s->dir, all.b, NULL, 0, 0, ev, 5);
}

/* The single record when DIR itself cannot be walked. */
static int
dir_unusable(struct secrets_state *s, const struct item_meta *m,
    struct out *o)
{
	struct msg all;
	enum rec_status st = ST_FAIL;
	struct rec_ev ev[1];
	unsigned n_ev = 0;

	all.n = 0;
	all.parts = 0;
	all.b[0] = '\0';
	switch (s->dstate) {
	case D_MISSING:
		if (m->optional) {
			st = ST_SKIP;
			msg_add(&all, "directory does not exist (optional item)");
		} else
			msg_add(&all, "directory does not exist");
		break;
	case D_SYMLINK:
		msg_add(&all, "is a symlink (not followed; expected a real "
		    "directory)");
		check_ev(&ev[n_ev++], "type", "symlink");
		break;
	case D_NOTDIR:
		msg_add(&all, "is a %s%s (expected a directory)",
		    type_name(s->dtype_mode),
		    perm_type(s->dtype_mode) == PERM_T_REGULAR ? " file" : "");
		check_ev(&ev[n_ev++], "type", type_name(s->dtype_mode));
		break;
	default:
		st = ST_ERROR;
		if (s->derrno != 0)
			msg_add(&all, "%s: %s", s->dwhat,
			    errno_text(s->derrno));
		else
			msg_add(&all, "%s", s->dwhat);
		break;
	}
	return check_emit(o, m, st, s->dir, all.b, NULL, 0, 0, ev, n_ev);
}

static int
secrets_run(void *state, const struct item_meta *m, struct out *o)
{
	struct secrets_state *s = state;
	struct names nm;
	DIR *d = NULL;
	size_t i;
	int rc = 3, e, dirfd;

	memset(&nm, 0, sizeof(nm));
	if (s == NULL)
		return 3;
	if (s->dstate != D_OK) {
		rc = dir_unusable(s, m, o) == 0 ? 0 : 3;
		goto out;
	}
	dirfd = s->dirfd;
	if ((d = fdopendir(dirfd)) == NULL) {
		s->dstate = D_ERROR;
		s->dwhat = "cannot list";
		s->derrno = errno;
		rc = dir_unusable(s, m, o) == 0 ? 0 : 3;
		goto out;
	}
	s->dirfd = -1;		/* owned by d now */
	if ((e = list_dir(d, &nm)) != 0) {
		s->dstate = D_ERROR;
		s->dwhat = "cannot list";
		s->derrno = e;
		rc = dir_unusable(s, m, o) == 0 ? 0 : 3;
		goto out;
	}
	names_sort(&nm);
	if (dir_record(s, dirfd, nm.n, m, o) != 0)
		goto out;
	for (i = 0; i < nm.n; i++)
		if (entry_record(s, dirfd, nm.buf + nm.off[i], m, o) != 0)
			goto out;
	for (i = 0; i < s->n_req; i++) {
		if (names_has(&nm, s->req[i]))
			continue;
		snprintf(s->subject, s->subject_cap, "%.*s/%s",
		    (int)s->join_len, s->join, s->req[i]);
		if (check_emit(o, m, ST_FAIL, s->subject,
		    "required secret file is missing", NULL, 0, 0, NULL, 0) != 0)
			goto out;
	}
	rc = 0;
out:
	if (d != NULL)
		closedir(d);
	free(nm.buf);
	free(nm.off);
	state_free(s);
	return rc;
}

const struct check_def check_secrets = {
	.name = "secrets",
	.summary = "a directory of secret files is private, and so is every "
	    "file in it",
	.usage = "DIR [--mode OCTAL] [--owner USER|UID] [--group GROUP|GID] "
	    "[--require NAME,...] [--root DIR]",
	.explain =
	    "What: checks a directory of secret files (keys, passwords, "
	    "tokens).  The directory must be a real directory (not a symlink), "
	    "owned by root (or --owner), with no access beyond 0700 plus "
	    "group r-x or other r-x only when --mode grants that class read, "
	    "no setuid/setgid bit, no ACL entry beyond that, and no default "
	    "ACL that would give files created there more than --mode.  Every "
	    "directory above it, up to /, must be owned by root (or --owner) "
	    "and not writable by group or others unless sticky (like /tmp).  "
	    "DIR is taken as written (DIR/. and DIR/.. are resolved "
	    "lexically first) and walked one component at a time, never "
	    "through realpath: a symlink on the way is judged like an "
	    "ancestor (owned by root or --owner, in a directory nobody else "
	    "may write) and named in the verdict, and its target is walked "
	    "the same way.  With --root IMAGE, absolute links are resolved "
	    "beneath IMAGE and .. never climbs above it, so an image's links "
	    "never lead into the host.  "
	    "Every entry must be a regular file (no symlink, FIFO, socket, "
	    "device or subdirectory), with no permission bit outside --mode "
	    "(default 0600; setuid, setgid and sticky always count), owned by "
	    "root (or --owner), with one link, not empty, and no POSIX ACL "
	    "entry granting more than --mode grants the group.  When --mode "
	    "gives the group bits, whatever grants its group access (file or "
	    "directory) must belong to root's group or to --group (read from "
	    "/etc/group), a named-user ACL entry fails and a named-group "
	    "entry passes only for root's group or --group.  Files of at "
	    "most 4096 bytes are read to warn about weak content (shorter "
	    "than 16 bytes, or a well-known default such as changeme); the "
	    "content is never printed.  --require names files that must "
	    "exist.\n\n"
	    "Why: a secret readable by another account, replaceable through "
	    "a writable parent directory or a symlink, or shared through a "
	    "hard link, is no longer secret; a default password is no secret "
	    "at all.\n\n"
	    "How to fix: chown root:root DIR DIR/*; chmod 700 DIR; chmod 600 "
	    "DIR/* (or the --mode you need); remove ACLs with setfacl -b "
	    "DIR DIR/*; replace symlinks, FIFOs, devices and subdirectories "
	    "by regular files; replace hard-linked files by copies (cp, then "
	    "rm the other link); remove group/other write from every parent "
	    "directory (chmod go-w) or make it sticky; generate real secrets "
	    "(e.g. openssl rand -base64 32 > DIR/NAME) instead of defaults; "
	    "if a group must read the files (Debian's ssl-cert for "
	    "/etc/ssl/private), check with --mode 0640 --group ssl-cert after "
	    "chgrp ssl-cert DIR DIR/* and chmod 710 DIR.",
	.prepare = secrets_prepare,
	.run = secrets_run,
};
