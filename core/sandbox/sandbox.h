/*
 * sandbox.h - the confinement of DESIGN.md, in its order.
 *
 *   sandbox_prepare()  as root: RLIMIT_CORE 0, non-dumpable, static stdout,
 *                      /proc/self/status opened for the self-report
 *   sandbox_enter()    caps -> groups -> gid -> uid -> re-raise check caps ->
 *                      verify no way back -> no_new_privs -> Landlock -> seccomp
 *   sandbox_report()   the `sandbox` record, read back from /proc/self/status
 *
 * Profiles (capabilities, network, threads, syscalls) are data generated
 * from policies/seccomp/<name>.policy into build/gen/policies.c.
 */
#ifndef SIGNOFF_SANDBOX_H
#define SIGNOFF_SANDBOX_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "../record/record.h"

#define SANDBOX_MAX_RO		16
#define SANDBOX_MAX_KEEP	16

/*
 * What a check's prepare() asks of the sandbox.  Before confinement every
 * descriptor is closed except 0-2, the sandbox's own /proc/self/status,
 * ro_fds (kept automatically) and keep_fds: descriptors prepare() opened
 * that run() reads but that are not Landlock read-only roots (a file, a
 * socket).  An inherited descriptor never survives into a confined run.
 */
#define SANDBOX_MAX_PORTS 8

struct sandbox_req {
	int ro_fds[SANDBOX_MAX_RO];	/* Landlock: read-only beneath these */
	int n_ro;
	int keep_fds[SANDBOX_MAX_KEEP];	/* kept open, no Landlock rule */
	int n_keep;
	/* Profiles with @net yes, Landlock ABI >= 4: when n_tcp > 0, TCP
	 * connect is allowed to these ports only and bind to none; with
	 * n_tcp == 0 TCP is not restricted. */
	uint16_t tcp_connect[SANDBOX_MAX_PORTS];
	int n_tcp;
};

/*
 * Argument rules of a policy line (core/sandbox/policy2c.awk):
 *   POL_ANY          any arguments (`write any` is the explicit opt-in for
 *                    write on every descriptor, e.g. a future network
 *                    check's own socket; no profile uses it today)
 *   POL_RDONLY_OPEN  open/openat without a write-capable flag
 *   POL_WRITE_STDOUT write on descriptor 1 or 2 only (`write stdout`)
 *   POL_NOEXEC       mmap/mprotect without PROT_EXEC (`mmap noexec`)
 *   POL_CLONE_THREAD clone only with the flags of a new thread (`clone thread`)
 */
enum pol_arg { POL_ANY = 0, POL_RDONLY_OPEN, POL_WRITE_STDOUT, POL_NOEXEC,
    POL_CLONE_THREAD };

struct pol_syscall {
	const char *name;
	enum pol_arg arg;
};

struct sandbox_profile {
	const char *name;
	const char *caps;		/* space-separated, e.g. "cap_dac_read_search" */
	int net;			/* 1: may use TCP (Landlock net not handled) */
	const struct pol_syscall *calls;
	size_t n_calls;
};

/* Generated from policies/seccomp/ (build/gen/policies.c). */
extern const struct sandbox_profile sandbox_profiles[];
extern const size_t sandbox_n_profiles;
const struct sandbox_profile *sandbox_profile_find(const char *name);

struct sandbox_state {
	int status_fd;			/* /proc/self/status, opened early */
	int started_root;
	uid_t uid;
	gid_t gid;
	int uid_switched;
	int caps_applied;
	int nnp;
	int landlock_abi;		/* 0 = unsupported */
	int landlock_enforced;
	int seccomp_applied;
	const char *profile;
	size_t n_calls;			/* syscalls allowed by the filter */
	char caps_text[128];		/* capabilities kept, for the record */
	char problems[256];		/* what could not be applied, for the record */
};

/*
 * Looks a user up by reading /etc/passwd by hand (no NSS).  name may also
 * be a decimal uid.  Returns 0, or -1 if not found / unreadable.
 */
int user_lookup(const char *name, uid_t *uid, gid_t *gid);

/* /etc/group read whole by hand (at most 4 MiB; empty if unreadable), for
 * the pure lookups of parse/passwd.h; with root (an image), ROOT/etc/group
 * resolved inside ROOT (openat2 RESOLVE_IN_ROOT).  Returns a malloc'd
 * buffer with its length in *len, or NULL when out of memory. */
char *group_file_read(const char *root, size_t *len);

/* Closes every descriptor above 2 (at the very start of main: nothing
 * inherited is ever used).  Returns 0 or -1. */
int sandbox_close_inherited(void);

/* Step 1: core dumps off, /proc/self/status opened, and (when root) the
 * account run_as ("nobody" by default) looked up in /etc/passwd.
 * Returns 0 or -1 (message on stderr). */
int sandbox_prepare(struct sandbox_state *st, const char *run_as);

/*
 * Steps 2-5 for profile p, after closing every descriptor but 0-2, the
 * status descriptor and those req declares.  Every failure of a mandatory
 * step is fatal: returns -1 with a message on stderr, and the caller must
 * exit 3.  req may be NULL (no Landlock read-only paths, nothing kept).
 */
int sandbox_enter(struct sandbox_state *st, const struct sandbox_profile *p,
    const struct sandbox_req *req);

/* Writes "signoff-core: " msg to stderr with write(2) only (safe inside
 * every seccomp profile). */
void sandbox_warnx(const char *msg, const char *detail);

/* Step 6: writes the sandbox record for item id `subject`. */
int sandbox_report(struct sandbox_state *st, struct out *o,
    const char *subject, int64_t duration_ms);

/* Builds the seccomp filter of p without loading it and prints it as PFC
 * on fd (for golden tests).  Returns 0 or -1. */
int sandbox_export_pfc(const struct sandbox_profile *p, int fd);

#endif
