/*
 * confine.c - `signoff-core confine`: the sandbox of the shell checks.
 *
 * The core checks are small C programs with a syscall allowlist.  A shell
 * check is dash, coreutils, curl, docker, amtool, promtool...: programs we
 * did not write, whose syscalls change with every release (Go runtimes,
 * glibc versions).  An allowlist for them would either be so wide that it
 * says nothing or break a check with SIGSYS after an upgrade, a false
 * `error` the user cannot fix.  So the shell-check sandbox is built the
 * other way round, and each layer does what it is good at:
 *
 *   1. a private mount namespace (root only) with a fresh tmpfs on
 *      /dev/shm: the one writable place, gone when the check ends, so a
 *      check leaves no trace on the audited host;
 *   2. capabilities: none, bounding set emptied; `root-read` keeps exactly
 *      CAP_DAC_READ_SEARCH as an ambient capability (it survives execve
 *      for the unprivileged uid, nothing else does);
 *   3. supplementary groups cleared (`docker-socket` keeps the group of
 *      the Docker socket, and only that one), gid and uid switched to
 *      `nobody`, regaining root verified to fail;
 *   4. no_new_privs;
 *   5. Landlock: read and execute beneath /, write only in the scratch
 *      tmpfs and /dev/null (and the NVIDIA device nodes with `gpu`), TCP
 *      connect/bind denied without `net`, abstract sockets and signals
 *      scoped to the check;
 *   6. seccomp, a DENYLIST (policies/seccomp/confine.policy): what no
 *      check needs and what attacks the kernel or other processes is
 *      refused with EPERM (ptrace, mount, modules, kexec, bpf, keyctl,
 *      io_uring, namespaces, ...); sockets of AF_INET/AF_INET6 without
 *      `net`, every SOCK_RAW and AF_PACKET socket are refused; clone3 says
 *      ENOSYS so that clone's namespace flags can be judged; a foreign
 *      architecture is killed.  EPERM rather than KILL: the tool reports
 *      the refusal, the shell check exits non-zero, and the front end
 *      turns that into an `error` record naming the item.
 *
 * Needs (--needs, comma-separated): net, docker-socket, root-read, gpu.
 * An unknown need is a usage error.  Not started as root, steps 1-3 are
 * skipped and the sandbox record says so.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/securebits.h>
#include <sched.h>
#include <seccomp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cli/confine.h"
#include "record/record.h"
#include "sandbox/sandbox.h"

#ifndef PR_CAP_AMBIENT
#define PR_CAP_AMBIENT 47
#define PR_CAP_AMBIENT_RAISE 2
#define PR_CAP_AMBIENT_CLEAR_ALL 4
#endif
#ifndef __NR_landlock_create_ruleset
#define __NR_landlock_create_ruleset 444
#define __NR_landlock_add_rule 445
#define __NR_landlock_restrict_self 446
#endif
#ifndef AF_PACKET
#define AF_PACKET 17
#endif

/* Landlock UAPI values (Debian 12's header stops at ABI 2). */
#define LL_VERSION	(1u << 0)
#define LL_PATH_BENEATH	1
#define LL_X		(1ull << 0)
#define LL_W		(1ull << 1)
#define LL_R		(1ull << 2)
#define LL_RDIR		(1ull << 3)
#define LL_ALL13	((1ull << 13) - 1)	/* ABI 1: bits 0-12 */
#define LL_REFER	(1ull << 13)
#define LL_TRUNC	(1ull << 14)
#define LL_IOCTL	(1ull << 15)
#define LL_NET_BIND	(1ull << 0)
#define LL_NET_CONN	(1ull << 1)
#define LL_SCOPE_ABS	(1ull << 0)
#define LL_SCOPE_SIG	(1ull << 1)

#define NEED_NET	(1u << 0)
#define NEED_DOCKER	(1u << 1)
#define NEED_ROOTREAD	(1u << 2)
#define NEED_GPU	(1u << 3)

#define SCRATCH		"/dev/shm"
#define SCRATCH_OPTS	"size=64m,nr_inodes=4096,mode=0700"
#define MAX_RULES	24

struct ll_attr {
	uint64_t fs, net, scoped;
};
struct ll_beneath {
	uint64_t allowed;
	int32_t fd;
} __attribute__((packed));

struct confine {
	unsigned needs;
	char needs_text[64];
	const char *record_id;
	const char *run_as;
	gid_t docker_gid;
	int have_docker_gid;
	int scratch;			/* the private tmpfs is mounted */
	int rule_fd[MAX_RULES];
	uint64_t rule_acc[MAX_RULES];
	int n_rules;
	int landlock_abi;
	char problems[256];
};

static struct out cout;

static void
problem(struct confine *c, const char *what)
{
	size_t n = strlen(c->problems), w = strlen(what);

	if (n > 0 && n + 2 < sizeof(c->problems)) {
		memcpy(c->problems + n, "; ", 3);
		n += 2;
	}
	if (n + w < sizeof(c->problems))
		memcpy(c->problems + n, what, w + 1);
}

static int
parse_needs(struct confine *c, const char *list)
{
	char buf[64], *tok, *save = NULL;

	if (strlen(list) >= sizeof(buf))
		return -1;
	memcpy(buf, list, strlen(list) + 1);
	for (tok = strtok_r(buf, ",", &save); tok;
	    tok = strtok_r(NULL, ",", &save)) {
		if (strcmp(tok, "none") == 0)
			continue;
		else if (strcmp(tok, "net") == 0)
			c->needs |= NEED_NET;
		else if (strcmp(tok, "docker-socket") == 0)
			c->needs |= NEED_DOCKER;
		else if (strcmp(tok, "root-read") == 0)
			c->needs |= NEED_ROOTREAD;
		else if (strcmp(tok, "gpu") == 0)
			c->needs |= NEED_GPU;
		else
			return -1;
	}
	return 0;
}

static void
needs_text(struct confine *c)
{
	static const char *const names[] = { "net", "docker-socket",
	    "root-read", "gpu" };
	size_t n = 0, i;

	c->needs_text[0] = '\0';
	for (i = 0; i < 4; i++) {
		size_t w = strlen(names[i]);

		if (!(c->needs & (1u << i)) || n + w + 2 >= sizeof(c->needs_text))
			continue;
		if (n > 0)
			c->needs_text[n++] = ',';
		memcpy(c->needs_text + n, names[i], w + 1);
		n += w;
	}
	if (n == 0)
		memcpy(c->needs_text, "none", 5);
}

/* A Landlock rule on path (opened O_PATH now, while privileged). */
static void
add_rule(struct confine *c, const char *path, uint64_t acc)
{
	int fd;

	if (c->n_rules == MAX_RULES)
		return;
	fd = open(path, O_PATH | O_CLOEXEC);
	if (fd < 0)
		return;
	c->rule_fd[c->n_rules] = fd;
	c->rule_acc[c->n_rules] = acc;
	c->n_rules++;
}

/* The group of the Docker socket ($DOCKER_HOST unix://PATH or the default). */
static void
docker_group(struct confine *c)
{
	const char *h = getenv("DOCKER_HOST"), *path = "/var/run/docker.sock";
	struct stat sb;

	if (h != NULL && strncmp(h, "unix://", 7) == 0)
		path = h + 7;
	if (stat(path, &sb) != 0 || !S_ISSOCK(sb.st_mode)) {
		problem(c, "docker-socket: no Docker socket");
		return;
	}
	if (sb.st_gid == 0) {
		problem(c, "docker-socket: the socket's group is root, not granted");
		return;
	}
	c->docker_gid = sb.st_gid;
	c->have_docker_gid = 1;
}

/*
 * The new namespace's mounts are made private, so that the scratch tmpfs
 * never propagates back to the host.  Normally all of them ("/", MS_REC).
 * Under chroot the root is usually not a mount point and that fails with
 * EINVAL: then the mount that holds the scratch directory is enough (the
 * tmpfs's parent decides its propagation): the scratch itself when it is a
 * mount point, else its parent directory.  Anything else fails as before.
 */
static int
make_private(void)
{
	char parent[sizeof(SCRATCH)];
	char *slash;

	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0)
		return 0;
	if (errno != EINVAL)
		return -1;
	if (mount(NULL, SCRATCH, NULL, MS_REC | MS_PRIVATE, NULL) == 0)
		return 0;
	memcpy(parent, SCRATCH, sizeof(SCRATCH));
	slash = strrchr(parent, '/');
	if (slash == NULL || slash == parent)
		return -1;
	*slash = '\0';
	return mount(NULL, parent, NULL, MS_REC | MS_PRIVATE, NULL);
}

/* Step 1: a private mount namespace with a tmpfs scratch (root only). */
static int
private_scratch(struct confine *c, uid_t uid, gid_t gid)
{
	char opts[96];
	struct stat sb;

	if (stat(SCRATCH, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		problem(c, "no " SCRATCH ": no scratch directory");
		return 0;
	}
	if (unshare(CLONE_NEWNS) != 0 || make_private() != 0) {
		sandbox_warnx("confine: cannot make a private mount namespace: ",
		    strerror(errno));
		return -1;
	}
	snprintf(opts, sizeof(opts), SCRATCH_OPTS ",uid=%u,gid=%u",
	    (unsigned)uid, (unsigned)gid);
	if (mount("signoff-scratch", SCRATCH, "tmpfs",
	    MS_NOSUID | MS_NODEV | MS_NOEXEC, opts) != 0) {
		sandbox_warnx("confine: cannot mount the scratch tmpfs: ",
		    strerror(errno));
		return -1;
	}
	c->scratch = 1;
	return 0;
}

/* Steps 2-3 as root: bounding set, groups, gid, uid, ambient capability. */
static int
drop_root(struct confine *c, uid_t uid, gid_t gid)
{
	cap_value_t keep = CAP_DAC_READ_SEARCH;
	int rr = (c->needs & NEED_ROOTREAD) != 0;
	unsigned long v;
	cap_t caps;
	int rc;

	for (v = 0; v <= (unsigned long)cap_max_bits() - 1; v++)
		if (!(rr && v == (unsigned long)keep) &&
		    prctl(PR_CAPBSET_DROP, v, 0, 0, 0) != 0 && errno != EINVAL)
			goto fail;
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0 ||
	    prctl(PR_SET_SECUREBITS, SECBIT_KEEP_CAPS | SECBIT_NOROOT |
	    SECBIT_NOROOT_LOCKED, 0, 0, 0) != 0)
		goto fail;
	if (c->have_docker_gid)
		rc = setgroups(1, &c->docker_gid);
	else
		rc = setgroups(0, NULL);
	if (rc != 0 || setresgid(gid, gid, gid) != 0 ||
	    setresuid(uid, uid, uid) != 0)
		goto fail;
	caps = cap_init();
	if (caps == NULL)
		goto fail;
	rc = 0;
	if (rr)
		rc = cap_set_flag(caps, CAP_PERMITTED, 1, &keep, CAP_SET) ||
		    cap_set_flag(caps, CAP_EFFECTIVE, 1, &keep, CAP_SET) ||
		    cap_set_flag(caps, CAP_INHERITABLE, 1, &keep, CAP_SET);
	if (rc == 0)
		rc = cap_set_proc(caps);
	cap_free(caps);
	if (rc != 0)
		goto fail;
	if (rr && prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE,
	    (unsigned long)keep, 0, 0) != 0)
		goto fail;
	if (prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) != 0)
		goto fail;
	if (setuid(0) == 0 || seteuid(0) == 0 || setgid(0) == 0 ||
	    getuid() != uid || geteuid() != uid || getgid() != gid) {
		sandbox_warnx("confine: regaining root did not fail", NULL);
		return -1;
	}
	return 0;
fail:
	sandbox_warnx("confine: cannot drop privileges: ", strerror(errno));
	return -1;
}

static int
landlock_confine(struct confine *c)
{
	struct ll_attr ra;
	int rs, i, rc = -1;
	long abi = syscall(__NR_landlock_create_ruleset, NULL, 0, LL_VERSION);

	c->landlock_abi = abi < 0 ? 0 : (int)abi;
	if (c->landlock_abi == 0) {
		problem(c, "Landlock unsupported by this kernel");
		return 0;
	}
	memset(&ra, 0, sizeof(ra));
	ra.fs = LL_ALL13;
	if (c->landlock_abi >= 2)
		ra.fs |= LL_REFER;
	if (c->landlock_abi >= 3)
		ra.fs |= LL_TRUNC;
	if (c->landlock_abi >= 5)
		ra.fs |= LL_IOCTL;
	if (c->landlock_abi >= 4 && !(c->needs & NEED_NET))
		ra.net = LL_NET_BIND | LL_NET_CONN;
	if (c->landlock_abi >= 6)
		ra.scoped = LL_SCOPE_ABS | LL_SCOPE_SIG;
	rs = (int)syscall(__NR_landlock_create_ruleset, &ra, sizeof(ra), 0);
	if (rs < 0)
		goto out;
	for (i = 0; i < c->n_rules; i++) {
		struct ll_beneath pb;

		pb.allowed = c->rule_acc[i] & ra.fs;
		pb.fd = c->rule_fd[i];
		if (syscall(__NR_landlock_add_rule, rs, LL_PATH_BENEATH, &pb,
		    0) != 0) {
			/* A file (not a directory) takes file rights only. */
			pb.allowed &= LL_X | LL_W | LL_R | LL_TRUNC | LL_IOCTL;
			if (syscall(__NR_landlock_add_rule, rs, LL_PATH_BENEATH,
			    &pb, 0) != 0)
				goto out;
		}
	}
	if (syscall(__NR_landlock_restrict_self, rs, 0) != 0)
		goto out;
	rc = 0;
out:
	if (rs >= 0)
		close(rs);
	for (i = 0; i < c->n_rules; i++)
		close(c->rule_fd[i]);
	if (rc != 0)
		sandbox_warnx("confine: Landlock is available but could not be "
		    "applied: ", strerror(errno));
	return rc;
}

/* The filter: default ALLOW, the policy's calls EPERM, plus argument
 * rules.  Built but not loaded. */
static scmp_filter_ctx
filter_build(unsigned needs)
{
	const struct sandbox_profile *p = sandbox_profile_find("confine");
	scmp_filter_ctx ctx;
	size_t i;
	int e = 0;

	if (p == NULL)
		return NULL;
	ctx = seccomp_init(SCMP_ACT_ALLOW);
	if (ctx == NULL)
		return NULL;
	if (seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH,
	    SCMP_ACT_KILL_PROCESS) != 0)
		goto fail;
	for (i = 0; i < p->n_calls; i++) {
		int nr = seccomp_syscall_resolve_name(p->calls[i].name);

		if (nr == __NR_SCMP_ERROR)
			goto fail;
		e |= seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), nr, 0);
	}
	e |= seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0);
	/* "flags & ns != 0" is one rule per namespace flag. */
	{
		static const uint64_t f[] = { CLONE_NEWNS, CLONE_NEWUSER,
		    CLONE_NEWPID, CLONE_NEWNET, CLONE_NEWIPC, CLONE_NEWUTS,
		    CLONE_NEWCGROUP };
		size_t k;

		for (k = 0; k < sizeof(f) / sizeof(f[0]); k++)
			e |= seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM),
			    SCMP_SYS(clone), 1,
			    SCMP_A0(SCMP_CMP_MASKED_EQ, f[k], f[k]));
	}
	e |= seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(socket), 1,
	    SCMP_A0(SCMP_CMP_EQ, AF_PACKET));
	e |= seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(socket), 1,
	    SCMP_A1(SCMP_CMP_MASKED_EQ, 0xf, SOCK_RAW));
	if (!(needs & NEED_NET)) {
		e |= seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM),
		    SCMP_SYS(socket), 1, SCMP_A0(SCMP_CMP_EQ, AF_INET));
		e |= seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM),
		    SCMP_SYS(socket), 1, SCMP_A0(SCMP_CMP_EQ, AF_INET6));
	}
	if (e != 0)
		goto fail;
	return ctx;
fail:
	seccomp_release(ctx);
	return NULL;
}

int
confine_export_pfc(int fd)
{
	scmp_filter_ctx f = filter_build(0);
	int rc;

	if (f == NULL)
		return -1;
	rc = seccomp_export_pfc(f, fd);
	seccomp_release(f);
	return rc == 0 ? 0 : -1;
}

static void
status_field(const char *s, const char *key, char *v, size_t cap)
{
	size_t kl = strlen(key);

	v[0] = '\0';
	while (s && *s) {
		if (strncmp(s, key, kl) == 0 && s[kl] == ':') {
			const char *b = s + kl + 1, *e;
			size_t n;

			while (*b == ' ' || *b == '\t')
				b++;
			e = strchr(b, '\n');
			n = e ? (size_t)(e - b) : strlen(b);
			if (n >= cap)
				n = cap - 1;
			memcpy(v, b, n);
			v[n] = '\0';
			return;
		}
		s = strchr(s, '\n');
		if (s)
			s++;
	}
}

/* The `sandbox` record, read back from /proc/self/status. */
static int
confine_record(struct confine *c, int status_fd)
{
	static char st[8192];
	char uid[64], gid[64], grp[128], ceff[32], camb[32], cbnd[32];
	char nnp[8], sec[8], abi[16], msg[1024];
	const char *ll;
	struct rec_ev ev[14];
	struct rec_out r;
	ssize_t n;
	int ok;

	do
		n = pread(status_fd, st, sizeof(st) - 1, 0);
	while (n < 0 && errno == EINTR);
	st[n < 0 ? 0 : n] = '\0';
	status_field(st, "Uid", uid, sizeof(uid));
	status_field(st, "Gid", gid, sizeof(gid));
	uid[strcspn(uid, " \t")] = '\0';
	gid[strcspn(gid, " \t")] = '\0';
	status_field(st, "Groups", grp, sizeof(grp));
	status_field(st, "CapEff", ceff, sizeof(ceff));
	status_field(st, "CapAmb", camb, sizeof(camb));
	status_field(st, "CapBnd", cbnd, sizeof(cbnd));
	status_field(st, "NoNewPrivs", nnp, sizeof(nnp));
	status_field(st, "Seccomp", sec, sizeof(sec));
	snprintf(abi, sizeof(abi), "%d", c->landlock_abi);
	ll = c->landlock_abi > 0 ? "enforced" : "unsupported";
	ok = strcmp(nnp, "1") == 0 && strcmp(sec, "2") == 0 &&
	    strcmp(uid, "0") != 0 && c->landlock_abi > 0 &&
	    c->problems[0] == '\0';
	snprintf(msg, sizeof(msg),
	    "confined shell check: needs %s; uid %s gid %s groups [%s], "
	    "ambient capabilities %s, no_new_privs %s, seccomp mode %s "
	    "(confine denylist), Landlock ABI %s %s: read-only, writable %s%s%s",
	    c->needs_text, uid, gid, grp, camb, nnp, sec, abi, ll,
	    c->scratch ? SCRATCH " (private tmpfs) and /dev/null" : "/dev/null only",
	    c->problems[0] ? "; not applied: " : "", c->problems);
	ev[0] = (struct rec_ev){ "profile", "confine", 7 };
	ev[1] = (struct rec_ev){ "needs", c->needs_text, strlen(c->needs_text) };
	ev[2] = (struct rec_ev){ "uid", uid, strlen(uid) };
	ev[3] = (struct rec_ev){ "gid", gid, strlen(gid) };
	ev[4] = (struct rec_ev){ "groups", grp, strlen(grp) };
	ev[5] = (struct rec_ev){ "cap_eff", ceff, strlen(ceff) };
	ev[6] = (struct rec_ev){ "cap_amb", camb, strlen(camb) };
	ev[7] = (struct rec_ev){ "cap_bnd", cbnd, strlen(cbnd) };
	ev[8] = (struct rec_ev){ "no_new_privs", nnp, strlen(nnp) };
	ev[9] = (struct rec_ev){ "seccomp", sec, strlen(sec) };
	ev[10] = (struct rec_ev){ "landlock_abi", abi, strlen(abi) };
	ev[11] = (struct rec_ev){ "landlock", ll, strlen(ll) };
	ev[12] = (struct rec_ev){ "net", (c->needs & NEED_NET) ? "yes" : "no",
	    (c->needs & NEED_NET) ? 3 : 2 };
	ev[13] = (struct rec_ev){ "scratch", c->scratch ? SCRATCH : "none",
	    c->scratch ? strlen(SCRATCH) : 4 };
	memset(&r, 0, sizeof(r));
	r.id = "sandbox";
	r.section = "sandbox";
	r.title = "The shell check is confined";
	r.status = ok ? ST_PASS : ST_WARN;
	r.severity = ok ? SEV_INFO : SEV_MEDIUM;
	r.subject = c->record_id;
	r.message = msg;
	r.duration_ms = -1;
	r.ev = ev;
	r.n_ev = 14;
	record_write_header(&cout);
	if (record_write(&cout, &r) != 0)
		return -1;
	return out_flush(&cout);
}

static int
confine_usage(const char *msg, const char *detail)
{
	sandbox_warnx(msg, detail);
	sandbox_warnx("usage: signoff-core confine [--needs net,docker-socket,"
	    "root-read,gpu] [--record ID] [--run-as USER] -- CMD ARG...", NULL);
	return 2;
}

int
confine_main(int argc, char **argv)
{
	struct confine c;
	struct sandbox_state st;
	scmp_filter_ctx f;
	int i;

	memset(&c, 0, sizeof(c));
	c.run_as = "nobody";
	for (i = 0; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(a, "--") == 0) {
			i++;
			break;
		}
		if (v == NULL)
			return confine_usage("confine: option needs a value: ", a);
		if (strcmp(a, "--needs") == 0) {
			if (parse_needs(&c, v) != 0)
				return confine_usage("confine: bad --needs "
				    "(net, docker-socket, root-read, gpu, none): ", v);
		} else if (strcmp(a, "--record") == 0) {
			if (!rec_name_valid(v, strlen(v), 64))
				return confine_usage("confine: --record needs an item id: ", v);
			c.record_id = v;
		} else if (strcmp(a, "--run-as") == 0)
			c.run_as = v;
		else
			return confine_usage("confine: unknown option: ", a);
		i++;
	}
	if (i >= argc || argv[i][0] == '\0')
		return confine_usage("confine: missing command after --", NULL);
	needs_text(&c);
	out_init(&cout, 1);

	if (sandbox_prepare(&st, c.run_as) != 0)
		return 3;
	if (st.started_root) {
		if (c.needs & NEED_DOCKER)
			docker_group(&c);
		if (private_scratch(&c, st.uid, st.gid) != 0)
			return 3;
	} else
		problem(&c, "not started as root: no uid switch, no private "
		    "scratch, capabilities only dropped");

	/* Landlock rules, opened while privileged. */
	add_rule(&c, "/", LL_R | LL_RDIR | LL_X);
	add_rule(&c, "/dev/null", LL_R | LL_W | LL_TRUNC | LL_IOCTL);
	if (c.scratch)
		add_rule(&c, SCRATCH, ~0ull);
	if (c.needs & NEED_GPU) {
		DIR *d = opendir("/dev");
		struct dirent *de;
		char path[300];

		while (d && (de = readdir(d)) != NULL)
			if (strncmp(de->d_name, "nvidia", 6) == 0) {
				snprintf(path, sizeof(path), "/dev/%s", de->d_name);
				add_rule(&c, path, LL_R | LL_W | LL_IOCTL);
			}
		if (d)
			closedir(d);
	}

	if (st.started_root) {
		if (drop_root(&c, st.uid, st.gid) != 0)
			return 3;
	} else {
		cap_t none = cap_init();

		if (none != NULL) {
			(void)cap_set_proc(none);
			cap_free(none);
		}
		if (c.needs & NEED_ROOTREAD)
			problem(&c, "root-read not granted (not root)");
	}
	f = filter_build(c.needs);
	if (f == NULL) {
		sandbox_warnx("confine: cannot build the seccomp filter", NULL);
		return 3;
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
		sandbox_warnx("confine: cannot set no_new_privs: ", strerror(errno));
		return 3;
	}
	if (landlock_confine(&c) != 0)
		return 3;
	if (seccomp_load(f) != 0) {
		seccomp_release(f);
		sandbox_warnx("confine: cannot load the seccomp filter", NULL);
		return 3;
	}
	seccomp_release(f);
	if (c.scratch) {
		setenv("TMPDIR", SCRATCH, 1);
		setenv("HOME", SCRATCH, 1);
	} else
		unsetenv("TMPDIR");
	if (c.record_id != NULL && confine_record(&c, st.status_fd) != 0) {
		sandbox_warnx("confine: cannot write the sandbox record", NULL);
		return 3;
	}
	close(st.status_fd);
	execvp(argv[i], argv + i);
	sandbox_warnx("confine: cannot execute ", argv[i]);
	return errno == ENOENT ? 127 : 126;
}
