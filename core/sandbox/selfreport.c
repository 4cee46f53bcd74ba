/*
 * selfreport.c - step 6: the `sandbox` record, read back from
 * /proc/self/status through the descriptor opened before confinement.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sandbox.h"

/* Copies the value of "Key:\t..." from status into v (trimmed). */
static void
status_field(const char *status, const char *key, char *v, size_t cap)
{
	const char *p = status;
	size_t klen = strlen(key);

	v[0] = '\0';
	while (p && *p) {
		if (strncmp(p, key, klen) == 0 && p[klen] == ':') {
			const char *s = p + klen + 1, *e;
			size_t n;

			while (*s == ' ' || *s == '\t')
				s++;
			e = strchr(s, '\n');
			n = e ? (size_t)(e - s) : strlen(s);
			if (n >= cap)
				n = cap - 1;
			memcpy(v, s, n);
			v[n] = '\0';
			/* "Uid: r e s fs" -> keep the first (real) id. */
			return;
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
}

/* Capability names by number (linux/capability.h), for the record: what
 * is held is read from CapEff, never taken from the profile. */
static const char *const cap_names[] = {
	"cap_chown", "cap_dac_override", "cap_dac_read_search", "cap_fowner",
	"cap_fsetid", "cap_kill", "cap_setgid", "cap_setuid", "cap_setpcap",
	"cap_linux_immutable", "cap_net_bind_service", "cap_net_broadcast",
	"cap_net_admin", "cap_net_raw", "cap_ipc_lock", "cap_ipc_owner",
	"cap_sys_module", "cap_sys_rawio", "cap_sys_chroot", "cap_sys_ptrace",
	"cap_sys_pacct", "cap_sys_admin", "cap_sys_boot", "cap_sys_nice",
	"cap_sys_resource", "cap_sys_time", "cap_sys_tty_config", "cap_mknod",
	"cap_lease", "cap_audit_write", "cap_audit_control", "cap_setfcap",
	"cap_mac_override", "cap_mac_admin", "cap_syslog", "cap_wake_alarm",
	"cap_block_suspend", "cap_audit_read", "cap_perfmon", "cap_bpf",
	"cap_checkpoint_restore",
};

/*
 * The names of the bits set in hex (a CapEff value) into out: "none" for
 * 0, "cap_N" for a bit without a name, "unknown" if hex does not parse.
 * Returns the mask (0 when unparsable).
 */
static uint64_t
caps_held(const char *hex, char *out, size_t cap)
{
	uint64_t v = 0;
	size_t i, n = 0;
	unsigned b;

	snprintf(out, cap, "unknown");
	if (hex[0] == '\0' || strlen(hex) > 16)
		return 0;
	for (i = 0; hex[i] != '\0'; i++) {
		char c = hex[i];
		unsigned d = c >= '0' && c <= '9' ? (unsigned)(c - '0') :
		    c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10) : 16;

		if (d == 16)
			return 0;
		v = v << 4 | d;
	}
	out[0] = '\0';
	for (b = 0; b < 64; b++) {
		char tmp[16];
		const char *nm;
		int k;

		if ((v >> b & 1) == 0)
			continue;
		if (b < sizeof(cap_names) / sizeof(cap_names[0]))
			nm = cap_names[b];
		else {
			snprintf(tmp, sizeof(tmp), "cap_%u", b);
			nm = tmp;
		}
		k = snprintf(out + n, cap - n, "%s%s", n > 0 ? " " : "", nm);
		if (k < 0 || (size_t)k >= cap - n)
			break;
		n += (size_t)k;
	}
	if (v == 0)
		snprintf(out, cap, "none");
	return v;
}

/* The mask of a space-separated list of capability names; bit 63 set for
 * a name not in the table (so it never matches a real CapEff). */
static uint64_t
caps_mask(const char *names)
{
	uint64_t m = 0;
	const char *p = names;

	while (*p != '\0') {
		size_t k = strcspn(p, " "), i;
		int found = 0;

		for (i = 0; k > 0 && i < sizeof(cap_names) / sizeof(cap_names[0]); i++)
			if (strlen(cap_names[i]) == k &&
			    strncmp(cap_names[i], p, k) == 0) {
				m |= (uint64_t)1 << i;
				found = 1;
			}
		if (k > 0 && !found)
			m |= (uint64_t)1 << 63;
		p += k;
		while (*p == ' ')
			p++;
	}
	return m;
}

static void
first_word(char *s)
{
	size_t i = strcspn(s, " \t");

	s[i] = '\0';
}

int
sandbox_report(struct sandbox_state *st, struct out *o, const char *subject,
    int64_t duration_ms)
{
	static char status[8192];
	char uid[64], gid[64], ceff[32], cprm[32], cbnd[32], nnp[8], sec[8];
	char ll[16], abi[16], msg[1024], ncalls[24], held[128];
	struct rec_ev ev[10];
	struct rec_out r;
	ssize_t n;
	int ok;

	do
		n = pread(st->status_fd, status, sizeof(status) - 1, 0);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		n = 0;
	status[n] = '\0';
	status_field(status, "Uid", uid, sizeof(uid));
	status_field(status, "Gid", gid, sizeof(gid));
	first_word(uid);
	first_word(gid);
	status_field(status, "CapEff", ceff, sizeof(ceff));
	status_field(status, "CapPrm", cprm, sizeof(cprm));
	status_field(status, "CapBnd", cbnd, sizeof(cbnd));
	status_field(status, "NoNewPrivs", nnp, sizeof(nnp));
	status_field(status, "Seccomp", sec, sizeof(sec));
	snprintf(abi, sizeof(abi), "%d", st->landlock_abi);
	snprintf(ncalls, sizeof(ncalls), "%zu", st->n_calls);
	snprintf(ll, sizeof(ll), "%s", st->landlock_enforced ? "enforced" :
	    st->landlock_abi > 0 ? "partial" : "unsupported");

	/* Judge from what the kernel says, not from what we believe. */
	/* Exactly the profile's capabilities, as the kernel says. */
	ok = caps_held(ceff, held, sizeof(held)) == caps_mask(st->caps_text) &&
	    strcmp(held, "unknown") != 0;
	ok = ok && strcmp(nnp, "1") == 0 && strcmp(sec, "2") == 0 &&
	    strcmp(uid, "0") != 0 && st->landlock_enforced &&
	    st->problems[0] == '\0';
	snprintf(msg, sizeof(msg),
	    "profile %s: uid %s gid %s, capabilities %s (CapEff %s), "
	    "no_new_privs %s, seccomp mode %s (%s syscalls allowed), "
	    "Landlock ABI %d %s%s%s",
	    st->profile ? st->profile : "?", uid, gid, held, ceff, nnp, sec,
	    ncalls,
	    st->landlock_abi, ll, st->problems[0] ? "; not applied: " : "",
	    st->problems);

	ev[0] = (struct rec_ev){ "uid", uid, strlen(uid) };
	ev[1] = (struct rec_ev){ "gid", gid, strlen(gid) };
	ev[2] = (struct rec_ev){ "cap_eff", ceff, strlen(ceff) };
	ev[3] = (struct rec_ev){ "cap_prm", cprm, strlen(cprm) };
	ev[4] = (struct rec_ev){ "cap_bnd", cbnd, strlen(cbnd) };
	ev[5] = (struct rec_ev){ "no_new_privs", nnp, strlen(nnp) };
	ev[6] = (struct rec_ev){ "seccomp", sec, strlen(sec) };
	ev[7] = (struct rec_ev){ "landlock_abi", abi, strlen(abi) };
	ev[8] = (struct rec_ev){ "landlock", ll, strlen(ll) };
	ev[9] = (struct rec_ev){ "profile", st->profile ? st->profile : "",
	    st->profile ? strlen(st->profile) : 0 };

	memset(&r, 0, sizeof(r));
	r.id = "sandbox";
	r.section = "sandbox";
	r.title = "The auditor is confined";
	r.status = ok ? ST_PASS : ST_WARN;
	r.severity = ok ? SEV_INFO : SEV_MEDIUM;
	r.subject = subject;
	r.message = msg;
	r.path = NULL;
	r.duration_ms = duration_ms;
	r.ev = ev;
	r.n_ev = 10;
	return record_write(o, &r);
}
