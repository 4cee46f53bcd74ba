/*
 * sandbox.c - the confinement order of DESIGN.md, one function per step.
 *
 * Every mandatory step is fatal on failure.  Best-effort layers (the uid
 * switch when not started as root, Landlock on kernels without it) are
 * written into st->problems and end up in the sandbox record, so the
 * auditor sees exactly what confined the auditor.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <linux/securebits.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "landlock.h"
#include "sandbox.h"
#include "seccomp_filter.h"

#ifndef PR_CAP_AMBIENT
#define PR_CAP_AMBIENT 47
#define PR_CAP_AMBIENT_CLEAR_ALL 4
#endif

void
sandbox_warnx(const char *msg, const char *detail)
{
	const char *parts[4] = { "signoff-core: ", msg, detail ? detail : "", "\n" };
	int i;

	for (i = 0; i < 4; i++) {
		size_t n = strlen(parts[i]);

		while (n > 0) {
			ssize_t w = write(2, parts[i], n);
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				break;
			parts[i] += w;
			n -= (size_t)w;
		}
	}
}

static void
problem(struct sandbox_state *st, const char *what)
{
	size_t n = strlen(st->problems);

	if (n > 0 && n + 2 < sizeof(st->problems)) {
		memcpy(st->problems + n, "; ", 2);
		n += 2;
		st->problems[n] = '\0';
	}
	if (n + strlen(what) < sizeof(st->problems))
		memcpy(st->problems + n, what, strlen(what) + 1);
}

/* Closes [lo, hi]; close_range(2) where the kernel has it (5.9+), else
 * one close(2) per descriptor up to the open-files limit. */
static int
close_span(unsigned lo, unsigned hi)
{
	struct rlimit rl;
	unsigned fd;

	if (lo > hi)
		return 0;
	if (syscall(SYS_close_range, lo, hi, 0) == 0)
		return 0;
	if (errno != ENOSYS)
		return -1;
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return -1;
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur - 1 < hi)
		hi = (unsigned)(rl.rlim_cur - 1);
	if (hi > (1u << 20))
		hi = 1u << 20;
	for (fd = lo; fd <= hi && fd >= lo; fd++)
		(void)close((int)fd);
	return 0;
}

/* Closes every descriptor not in keep[0..n) (which it sorts). */
static int
close_all_but(int *keep, int n)
{
	unsigned next = 0;
	int i, j;

	for (i = 1; i < n; i++)		/* insertion sort: n is small */
		for (j = i; j > 0 && keep[j - 1] > keep[j]; j--) {
			int t = keep[j];

			keep[j] = keep[j - 1];
			keep[j - 1] = t;
		}
	for (i = 0; i < n; i++) {
		if (keep[i] < 0 || (unsigned)keep[i] < next)
			continue;	/* invalid or repeated */
		if ((unsigned)keep[i] > next &&
		    close_span(next, (unsigned)keep[i] - 1) != 0)
			return -1;
		next = (unsigned)keep[i] + 1;
	}
	return close_span(next, ~0u);
}

int
sandbox_close_inherited(void)
{
	return close_span(3, ~0u);
}

/* Everything but 0-2, the status descriptor and what req declares. */
static int
close_undeclared(const struct sandbox_state *st, const struct sandbox_req *req)
{
	int keep[3 + 1 + SANDBOX_MAX_RO + SANDBOX_MAX_KEEP];
	int n = 0, i;

	keep[n++] = 0;
	keep[n++] = 1;
	keep[n++] = 2;
	keep[n++] = st->status_fd;
	if (req != NULL) {
		if (req->n_ro < 0 || req->n_ro > SANDBOX_MAX_RO ||
		    req->n_keep < 0 || req->n_keep > SANDBOX_MAX_KEEP)
			return -1;
		for (i = 0; i < req->n_ro; i++)
			keep[n++] = req->ro_fds[i];
		for (i = 0; i < req->n_keep; i++)
			keep[n++] = req->keep_fds[i];
	}
	return close_all_but(keep, n);
}

const struct sandbox_profile *
sandbox_profile_find(const char *name)
{
	size_t i;

	for (i = 0; i < sandbox_n_profiles; i++)
		if (strcmp(sandbox_profiles[i].name, name) == 0)
			return &sandbox_profiles[i];
	return NULL;
}

int
sandbox_prepare(struct sandbox_state *st, const char *run_as)
{
	static char outbuf[BUFSIZ];
	struct rlimit rl = { 0, 0 };

	memset(st, 0, sizeof(*st));
	st->status_fd = -1;
	st->started_root = geteuid() == 0;
	if (setrlimit(RLIMIT_CORE, &rl) != 0 ||
	    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) {
		sandbox_warnx("cannot disable core dumps: ", strerror(errno));
		return -1;
	}
	/* stdio may allocate its buffer lazily; give it a static one now. */
	setvbuf(stdout, outbuf, _IOFBF, sizeof(outbuf));
	st->status_fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
	if (st->status_fd < 0) {
		sandbox_warnx("cannot open /proc/self/status: ", strerror(errno));
		return -1;
	}
	if (st->started_root) {
		if (user_lookup(run_as ? run_as : "nobody", &st->uid,
		    &st->gid) != 0) {
			sandbox_warnx("no such account in /etc/passwd: ",
			    run_as ? run_as : "nobody");
			return -1;
		}
		if (st->uid == 0) {
			sandbox_warnx("refusing to run checks as uid 0: ",
			    run_as ? run_as : "nobody");
			return -1;
		}
	} else {
		st->uid = getuid();
		st->gid = getgid();
	}
	return 0;
}

/* Parses the profile's capability names into vals; returns the count or -1. */
static int
profile_caps(const struct sandbox_profile *p, cap_value_t *vals, int max)
{
	char buf[256], *tok, *save = NULL;
	int n = 0;

	if (strlen(p->caps) >= sizeof(buf))
		return -1;
	memcpy(buf, p->caps, strlen(p->caps) + 1);
	for (tok = strtok_r(buf, " ", &save); tok;
	    tok = strtok_r(NULL, " ", &save)) {
		if (n == max || cap_from_name(tok, &vals[n]) != 0)
			return -1;
		n++;
	}
	return n;
}

static int
set_caps(const cap_value_t *vals, int n)
{
	cap_t c = cap_init();
	int rc = -1;

	if (c == NULL)
		return -1;
	if (n > 0 && (cap_set_flag(c, CAP_PERMITTED, n, vals, CAP_SET) ||
	    cap_set_flag(c, CAP_EFFECTIVE, n, vals, CAP_SET)))
		goto out;
	rc = cap_set_proc(c);
out:
	cap_free(c);
	return rc;
}

/* 1 if the process holds no effective, permitted or inheritable
 * capability (as the kernel says). */
static int
caps_empty(void)
{
	cap_t now = cap_get_proc(), none = cap_init();
	int empty = 0;

	if (now != NULL && none != NULL)
		empty = cap_compare(now, none) == 0;
	cap_free(now);
	cap_free(none);
	return empty;
}

/* Steps 2 and 3: keep the check's capabilities only, switch uid/gid. */
static int
drop_privileges(struct sandbox_state *st, const cap_value_t *keep, int nkeep)
{
	cap_value_t all[32];
	int n = nkeep, i;
	unsigned long c;

	memcpy(all, keep, (size_t)nkeep * sizeof(*keep));
	all[n++] = CAP_SETUID;
	all[n++] = CAP_SETGID;
	all[n++] = CAP_SETPCAP;
	if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) != 0 || set_caps(all, n) != 0) {
		sandbox_warnx("cannot shrink capabilities: ", strerror(errno));
		return -1;
	}
	/* Bounding set: nothing the check does not need can come back. */
	for (c = 0; c <= (unsigned long)cap_max_bits() - 1; c++) {
		int needed = 0;

		for (i = 0; i < nkeep; i++)
			if ((unsigned long)keep[i] == c)
				needed = 1;
		if (!needed && prctl(PR_CAPBSET_DROP, c, 0, 0, 0) != 0 &&
		    errno != EINVAL) {
			sandbox_warnx("cannot drop the bounding set: ",
			    strerror(errno));
			return -1;
		}
	}
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0 ||
	    prctl(PR_SET_SECUREBITS, SECBIT_KEEP_CAPS | SECBIT_NOROOT |
	    SECBIT_NOROOT_LOCKED | SECBIT_NO_CAP_AMBIENT_RAISE |
	    SECBIT_NO_CAP_AMBIENT_RAISE_LOCKED, 0, 0, 0) != 0) {
		sandbox_warnx("cannot lock securebits: ", strerror(errno));
		return -1;
	}
	if (setgroups(0, NULL) != 0 ||
	    setresgid(st->gid, st->gid, st->gid) != 0 ||
	    setresuid(st->uid, st->uid, st->uid) != 0) {
		sandbox_warnx("cannot switch to the unprivileged account: ",
		    strerror(errno));
		return -1;
	}
	/* Step 3: the uid switch cleared the effective set; re-raise only the
	 * check's own capabilities (SETUID/SETGID/SETPCAP are gone). */
	if (set_caps(keep, nkeep) != 0 ||
	    prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) != 0) {
		sandbox_warnx("cannot re-raise the check's capabilities: ",
		    strerror(errno));
		return -1;
	}
	/* There must be no way back. */
	if (setuid(0) == 0 || setgid(0) == 0 || seteuid(0) == 0 ||
	    getuid() != st->uid || geteuid() != st->uid ||
	    getgid() != st->gid) {
		sandbox_warnx("regaining root did not fail", NULL);
		return -1;
	}
	st->uid_switched = 1;
	st->caps_applied = 1;
	return 0;
}

int
sandbox_enter(struct sandbox_state *st, const struct sandbox_profile *p,
    const struct sandbox_req *req)
{
	cap_value_t keep[16];
	int nkeep;
	const char *why;
	void *filter;

	st->profile = p->name;
	st->n_calls = p->n_calls;
	nkeep = profile_caps(p, keep, 16);
	if (nkeep < 0) {
		sandbox_warnx("bad capability list in profile ", p->name);
		return -1;
	}
	if (strlen(p->caps) < sizeof(st->caps_text))
		memcpy(st->caps_text, p->caps, strlen(p->caps) + 1);

	/* Nothing inherited or left over is reachable once confined. */
	if (close_undeclared(st, req) != 0) {
		sandbox_warnx("cannot close the undeclared descriptors: ",
		    strerror(errno));
		return -1;
	}

	/* Steps 2-3. */
	if (st->started_root) {
		if (drop_privileges(st, keep, nkeep) != 0)
			return -1;
	} else {
		/* Already unprivileged: give up whatever capabilities we were
		 * handed (ambient ones, say), and make sure they are gone;
		 * there is nothing to switch. */
		if (set_caps(NULL, 0) != 0 || !caps_empty()) {
			sandbox_warnx("cannot drop the capabilities this "
			    "unprivileged process was given", NULL);
			return -1;
		}
		st->caps_text[0] = '\0';	/* none held: say so */
		problem(st, "not started as root: no uid switch, no capabilities");
	}

	/* Build the filter while malloc and friends are still allowed. */
	filter = seccomp_filter_build(p, &why);
	if (filter == NULL) {
		sandbox_warnx("seccomp: ", why);
		return -1;
	}

	/* Step 4. */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
		sandbox_warnx("cannot set no_new_privs: ", strerror(errno));
		return -1;
	}
	st->nnp = 1;
	st->landlock_abi = landlock_abi();
	if (st->landlock_abi > 0) {
		if (landlock_apply_ports(st->landlock_abi, p->net,
		    req ? req->ro_fds : NULL, req ? req->n_ro : 0,
		    req ? req->tcp_connect : NULL, req ? req->n_tcp : 0) != 0) {
			sandbox_warnx("Landlock is available but could not be "
			    "applied: ", strerror(errno));
			return -1;
		}
		st->landlock_enforced = 1;
		if (p->net && req != NULL && req->n_tcp > 0 &&
		    st->landlock_abi < 4)
			problem(st, "Landlock ABI < 4: TCP not limited to the "
			    "check's ports");
	} else
		problem(st, "Landlock unsupported by this kernel");

	/* Step 5: seccomp last. */
	if (seccomp_filter_load(filter) != 0) {
		sandbox_warnx("cannot load the seccomp filter", NULL);
		return -1;
	}
	st->seccomp_applied = 1;
	return 0;
}
