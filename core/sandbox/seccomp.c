/*
 * seccomp.c - builds the allowlist filter of a profile with libseccomp.
 *
 * Default action KILL_PROCESS; foreign architectures killed; clone3
 * answered ENOSYS (so a libc falls back to clone, which the allowlist then
 * judges); open_by_handle_at refused with EPERM; an `rdonly` open is allowed
 * only without a write-capable flag and refused with EPERM otherwise (Landlock says EACCES, so
 * the two layers can be told apart); a `stdout` write only on descriptors
 * 1 and 2 and a `noexec` mmap/mprotect only without PROT_EXEC, anything
 * else falling to the default KILL_PROCESS.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <seccomp.h>
#include <string.h>
#include <sys/mman.h>

#include "sandbox.h"
#include "seccomp_filter.h"

/* O_TMPFILE's own bit: glibc's __O_TMPFILE also carries O_DIRECTORY, and
 * a read-only O_DIRECTORY open must stay allowed. */
#define TMPFILE_BIT 020000000UL

static const unsigned long write_flags[] = {
	O_WRONLY, O_RDWR, O_CREAT, O_TRUNC, O_APPEND, TMPFILE_BIT
};

static int
add_rdonly_open(scmp_filter_ctx ctx, int nr, unsigned argno)
{
	unsigned long mask = 0;
	size_t i;

	for (i = 0; i < sizeof(write_flags) / sizeof(write_flags[0]); i++) {
		mask |= write_flags[i];
		if (seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), nr, 1,
		    SCMP_CMP(argno, SCMP_CMP_MASKED_EQ, write_flags[i],
		    write_flags[i])) != 0)
			return -1;
	}
	return seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 1,
	    SCMP_CMP(argno, SCMP_CMP_MASKED_EQ, mask, 0));
}

/* write(2) on descriptor 1 or 2 only; the kernel reads the descriptor as
 * an unsigned int, so only the low 32 bits are compared. */
static int
add_write_stdout(scmp_filter_ctx ctx, int nr)
{
	if (seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 1,
	    SCMP_A0(SCMP_CMP_MASKED_EQ, 0xffffffffUL, 1)) != 0)
		return -1;
	return seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 1,
	    SCMP_A0(SCMP_CMP_MASKED_EQ, 0xffffffffUL, 2));
}

/* mmap/mprotect without PROT_EXEC (argument 2 of both). */
static int
add_noexec(scmp_filter_ctx ctx, int nr)
{
	return seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 1,
	    SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
}

/*
 * `clone thread`: clone only for a new thread of this process.  The thread
 * flags must all be set (CLONE_THREAD needs CLONE_SIGHAND and CLONE_VM, so
 * this is never a fork) and no namespace, vfork, ptrace or parent flag;
 * anything else falls to the default action (kill).
 */
static int
add_clone_thread(scmp_filter_ctx ctx, int nr)
{
	const unsigned long need = CLONE_VM | CLONE_FS | CLONE_FILES |
	    CLONE_SIGHAND | CLONE_THREAD;
	const unsigned long deny = CLONE_NEWNS | CLONE_NEWCGROUP |
	    CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID |
	    CLONE_NEWNET | CLONE_VFORK | CLONE_PARENT | CLONE_PTRACE |
	    CLONE_UNTRACED | CLONE_PIDFD | CLONE_IO;

	return seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 1,
	    SCMP_CMP(0, SCMP_CMP_MASKED_EQ, need | deny, need));
}

void *
seccomp_filter_build(const struct sandbox_profile *p, const char **why)
{
	scmp_filter_ctx ctx;
	size_t i;

	*why = "seccomp_init failed";
	ctx = seccomp_init(SCMP_ACT_KILL_PROCESS);
	if (ctx == NULL)
		return NULL;
	*why = "cannot set the bad-architecture action";
	if (seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH,
	    SCMP_ACT_KILL_PROCESS) != 0)
		goto fail;
	*why = "cannot add the fixed rules (clone3, open_by_handle_at)";
	if (seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0) ||
	    seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM),
	    SCMP_SYS(open_by_handle_at), 0))
		goto fail;
	for (i = 0; i < p->n_calls; i++) {
		const struct pol_syscall *c = &p->calls[i];
		int nr = seccomp_syscall_resolve_name(c->name);

		*why = "unknown syscall name in the policy";
		if (nr == __NR_SCMP_ERROR)
			goto fail;
		*why = "cannot add an allowlist rule";
		if (c->arg == POL_RDONLY_OPEN) {
			unsigned argno;

			if (strcmp(c->name, "openat") == 0)
				argno = 2;
			else if (strcmp(c->name, "open") == 0)
				argno = 1;
			else {
				*why = "rdonly applies to open and openat only";
				goto fail;
			}
			if (add_rdonly_open(ctx, nr, argno) != 0)
				goto fail;
		} else if (c->arg == POL_WRITE_STDOUT) {
			*why = "stdout applies to write only";
			if (strcmp(c->name, "write") != 0)
				goto fail;
			*why = "cannot add an allowlist rule";
			if (add_write_stdout(ctx, nr) != 0)
				goto fail;
		} else if (c->arg == POL_NOEXEC) {
			*why = "noexec applies to mmap and mprotect only";
			if (strcmp(c->name, "mmap") != 0 &&
			    strcmp(c->name, "mprotect") != 0)
				goto fail;
			*why = "cannot add an allowlist rule";
			if (add_noexec(ctx, nr) != 0)
				goto fail;
		} else if (c->arg == POL_CLONE_THREAD) {
			if (add_clone_thread(ctx, nr) != 0)
				goto fail;
		} else if (seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0) != 0)
			goto fail;
	}
	*why = NULL;
	return ctx;
fail:
	seccomp_release(ctx);
	return NULL;
}

int
seccomp_filter_load(void *f)
{
	int rc = seccomp_load((scmp_filter_ctx)f);

	seccomp_release((scmp_filter_ctx)f);
	return rc == 0 ? 0 : -1;
}

int
sandbox_export_pfc(const struct sandbox_profile *p, int fd)
{
	const char *why;
	void *f = seccomp_filter_build(p, &why);
	int rc;

	if (f == NULL) {
		sandbox_warnx("seccomp: ", why);
		return -1;
	}
	rc = seccomp_export_pfc((scmp_filter_ctx)f, fd);
	seccomp_release((scmp_filter_ctx)f);
	return rc == 0 ? 0 : -1;
}
