/*
 * netread.h - the privileged reads of the firewall and ports checks, all
 * into memory, before the sandbox:
 *
 *   - the nftables ruleset as raw netlink replies (libmnl; generation id
 *     read before and after, retried when the ruleset changed meanwhile),
 *   - legacy iptables/ip6tables tables through IPT_SO_GET_INFO/ENTRIES
 *     (and the IPv6 twins), only for tables listed in
 *     /proc/net/ip_tables_names / ip6_tables_names: asking the kernel for
 *     a table that does not exist would create it,
 *   - /proc/net/{tcp,tcp6,udp,udp6},
 *   - socket inode -> pid and comm from /proc/PID/fd and /proc/PID/comm,
 *   - /etc/ufw/ufw.conf.
 *
 * Nothing is decoded here beyond what is needed to ask the next question
 * (set names for their elements).  Errors are kept as text for the
 * confined half to report.
 */
#ifndef SIGNOFF_NETREAD_H
#define SIGNOFF_NETREAD_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct nr_buf {
	uint8_t *p;
	size_t n, cap;
};

struct nr_owner {
	uint64_t inode;
	uint32_t pid;
	char comm[16];
};

struct netread {
	struct nr_buf nft;		/* raw netlink replies */
	int nft_ok;			/* 1 read, 0 not loaded, -1 error */
	char nft_err[160];
	struct nr_buf ipt;		/* iptdump container (iptentries.h) */
	int ipt_ok;
	char ipt_err[160];
	unsigned n_legacy_tables;
	struct nr_buf proc[4];		/* tcp tcp6 udp udp6 */
	int proc_ok[4];
	struct nr_owner *own;
	size_t n_own, cap_own;
	int own_ok;			/* 0: owners could not be read */
	struct nr_buf ufw_conf;
	int ufw_conf_ok;		/* 1 read, 0 absent, -1 error */
};

/* Each returns 0, or -1 on an allocation failure (other failures are
 * recorded in the struct and reported by the confined half). */
int netread_firewall(struct netread *r, const char *ufw_conf);
int netread_sockets(struct netread *r);
void netread_free(struct netread *r);

#endif
