/*
 * selfreport.c - step 6: the `sandbox` record, read back from
 * /proc/self/status through the descriptor opened before confinement.
 */
#include <errno.h>
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
	char ll[16], abi[16], msg[1024], ncalls[24];
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
	ok = strcmp(nnp, "1") == 0 && strcmp(sec, "2") == 0 &&
	    strcmp(uid, "0") != 0 && st->landlock_enforced &&
	    st->problems[0] == '\0';
	snprintf(msg, sizeof(msg),
	    "profile %s: uid %s gid %s, capabilities %s (CapEff %s), "
	    "no_new_privs %s, seccomp mode %s (%s syscalls allowed), "
	    "Landlock ABI %d %s%s%s",
	    st->profile ? st->profile : "?", uid, gid,
	    st->caps_text[0] ? st->caps_text : "none", ceff, nnp, sec, ncalls,
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
