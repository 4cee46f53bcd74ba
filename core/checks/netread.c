/*
 * netread.c - privileged reads into memory (netread.h).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter_ipv4/ip_tables.h>
#include <linux/netfilter_ipv6/ip6_tables.h>

#include "netread.h"
#include "parse/iptentries.h"
#include "parse/nfmsg.h"

#define DUMP_MAX	((size_t)512 << 20)
#define FILE_MAX	((size_t)256 << 20)
#define OWNERS_MAX	((size_t)1 << 22)
#define RECV_SZ		((size_t)1 << 17)

static int
buf_add(struct nr_buf *b, const void *p, size_t n)
{
	if (n > DUMP_MAX - b->n)
		return -1;
	if (b->n + n > b->cap) {
		size_t nc = b->cap ? b->cap : 65536;
		uint8_t *np;

		while (nc < b->n + n)
			nc *= 2;
		if ((np = realloc(b->p, nc)) == NULL)
			return -1;
		b->p = np;
		b->cap = nc;
	}
	memcpy(b->p + b->n, p, n);
	b->n += n;
	return 0;
}

/* Reads a whole file (bounded).  Returns 0, or an errno. */
static int
read_file(const char *path, struct nr_buf *b)
{
	uint8_t chunk[65536];
	int fd, e = 0;

	b->n = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0)
		return errno;
	for (;;) {
		ssize_t r = read(fd, chunk, sizeof(chunk));

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			e = errno;
			break;
		}
		if (r == 0)
			break;
		if (b->n + (size_t)r > FILE_MAX || buf_add(b, chunk, (size_t)r)) {
			e = EFBIG;
			break;
		}
	}
	close(fd);
	return e;
}

/* ---- nftables --------------------------------------------------------- */

struct nl {
	struct mnl_socket *s;
	uint32_t seq, portid;
	uint8_t *rbuf;
};

/* Sends one request and appends every reply to out.  Returns 0 or an
 * errno (a kernel error in the reply stays in out for the decoder). */
static int
nl_request(struct nl *nl, uint16_t msg, uint16_t flags, uint8_t family,
    const char *table, const char *set, struct nr_buf *out, int *intr)
{
	char req[1024];
	struct nlmsghdr *h;
	struct nfgenmsg *g;
	uint32_t seq = ++nl->seq;

	memset(req, 0, sizeof(req));
	h = mnl_nlmsg_put_header(req);
	h->nlmsg_type = (NFNL_SUBSYS_NFTABLES << 8) | msg;
	h->nlmsg_flags = NLM_F_REQUEST | flags;
	h->nlmsg_seq = seq;
	g = mnl_nlmsg_put_extra_header(h, sizeof(*g));
	g->nfgen_family = family;
	g->version = NFNETLINK_V0;
	g->res_id = 0;
	if (table != NULL)
		mnl_attr_put_strz(h, NFTA_SET_ELEM_LIST_TABLE, table);
	if (set != NULL)
		mnl_attr_put_strz(h, NFTA_SET_ELEM_LIST_SET, set);
	if (mnl_socket_sendto(nl->s, h, h->nlmsg_len) < 0)
		return errno;
	for (;;) {
		ssize_t r = mnl_socket_recvfrom(nl->s, nl->rbuf, RECV_SZ);
		const struct nlmsghdr *m;
		int len, done = 0;

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return errno;
		if (buf_add(out, nl->rbuf, (size_t)r) != 0)
			return ENOMEM;
		len = (int)r;
		for (m = (const struct nlmsghdr *)nl->rbuf; mnl_nlmsg_ok(m, len);
		    m = mnl_nlmsg_next(m, &len)) {
			if (m->nlmsg_flags & NLM_F_DUMP_INTR)
				*intr = 1;
			if (m->nlmsg_type == NLMSG_DONE ||
			    m->nlmsg_type == NLMSG_ERROR)
				done = 1;
			if (!(m->nlmsg_flags & NLM_F_MULTI) &&
			    (flags & NLM_F_DUMP) == 0)
				done = 1;
		}
		if (done)
			return 0;
	}
}

/* The errno of the first netlink error message in b, or 0. */
static int
nl_error(const struct nr_buf *b)
{
	const struct nlmsghdr *m;
	int len = b->n > 0x7fffffff ? 0x7fffffff : (int)b->n;

	for (m = (const struct nlmsghdr *)b->p; b->p != NULL &&
	    mnl_nlmsg_ok(m, len); m = mnl_nlmsg_next(m, &len)) {
		if (m->nlmsg_type == NLMSG_ERROR &&
		    m->nlmsg_len >= NLMSG_HDRLEN + sizeof(int)) {
			const int *err = mnl_nlmsg_get_payload(m);

			if (*err < 0)
				return -*err;
		}
	}
	return 0;
}

struct setreq {
	struct nl *nl;
	struct nr_buf *out;
	int err, intr;
};

static void
set_cb(uint8_t family, const char *table, const char *set, void *arg)
{
	struct setreq *sr = arg;

	if (sr->err == 0)
		sr->err = nl_request(sr->nl, NFT_MSG_GETSETELEM, NLM_F_DUMP,
		    family, table, set, sr->out, &sr->intr);
}

static int
nft_loaded(void)
{
	struct stat st;

	/* A kernel without modules cannot autoload: asking is harmless.
	 * With modules, do not make the kernel load nf_tables. */
	if (stat("/proc/modules", &st) != 0)
		return 1;
	if (stat("/sys/module/nf_tables", &st) == 0)
		return 1;
	return 0;
}

static void
nft_read(struct netread *r)
{
	struct nl nl;
	struct nr_buf gen = { NULL, 0, 0 }, sets = { NULL, 0, 0 };
	int try, e = 0;

	memset(&nl, 0, sizeof(nl));
	if (!nft_loaded()) {
		r->nft_ok = 0;
		return;
	}
	r->nft_ok = -1;
	if ((nl.rbuf = malloc(RECV_SZ)) == NULL) {
		snprintf(r->nft_err, sizeof(r->nft_err), "out of memory");
		return;
	}
	nl.s = mnl_socket_open2(NETLINK_NETFILTER, SOCK_CLOEXEC);
	if (nl.s == NULL || mnl_socket_bind(nl.s, 0, MNL_SOCKET_AUTOPID) < 0) {
		snprintf(r->nft_err, sizeof(r->nft_err),
		    "cannot open a netfilter netlink socket: %s", strerror(errno));
		goto out;
	}
	nl.seq = (uint32_t)time(NULL);
	for (try = 0; try < 5; try++) {
		struct setreq sr;
		int64_t g1, g2;
		int intr = 0;

		gen.n = 0;
		r->nft.n = 0;
		sets.n = 0;
		if ((e = nl_request(&nl, NFT_MSG_GETGEN, 0, AF_UNSPEC, NULL,
		    NULL, &gen, &intr)) != 0)
			break;
		g1 = nfmsg_genid(gen.p, gen.n);
		if (g1 < 0) {
			e = nl_error(&gen);
			if (e == 0)
				e = EPROTO;
			break;
		}
		if ((e = nl_request(&nl, NFT_MSG_GETCHAIN, NLM_F_DUMP,
		    NFPROTO_UNSPEC, NULL, NULL, &r->nft, &intr)) != 0 ||
		    (e = nl_request(&nl, NFT_MSG_GETSET, NLM_F_DUMP,
		    NFPROTO_UNSPEC, NULL, NULL, &sets, &intr)) != 0)
			break;
		if (buf_add(&r->nft, sets.p, sets.n) != 0) {
			e = ENOMEM;
			break;
		}
		sr.nl = &nl;
		sr.out = &r->nft;
		sr.err = 0;
		sr.intr = 0;
		(void)nfmsg_sets(sets.p, sets.n, set_cb, &sr);
		if ((e = sr.err) != 0)
			break;
		if ((e = nl_request(&nl, NFT_MSG_GETRULE, NLM_F_DUMP,
		    NFPROTO_UNSPEC, NULL, NULL, &r->nft, &intr)) != 0)
			break;
		gen.n = 0;
		if ((e = nl_request(&nl, NFT_MSG_GETGEN, 0, AF_UNSPEC, NULL,
		    NULL, &gen, &intr)) != 0)
			break;
		g2 = nfmsg_genid(gen.p, gen.n);
		if (g1 >= 0 && g1 == g2 && !intr && !sr.intr) {
			r->nft_ok = 1;
			break;
		}
	}
	if (r->nft_ok != 1)
		snprintf(r->nft_err, sizeof(r->nft_err), "%s",
		    e ? strerror(e) : "the ruleset kept changing while it was read");
out:
	if (nl.s != NULL)
		mnl_socket_close(nl.s);
	free(nl.rbuf);
	free(gen.p);
	free(sets.p);
}

/* ---- legacy iptables -------------------------------------------------- */

static int
ipt_table(struct netread *r, int v6, const char *name)
{
	struct iptdump_hdr h;
	int fd, e = 0, try;

	fd = socket(v6 ? AF_INET6 : AF_INET, SOCK_RAW | SOCK_CLOEXEC,
	    IPPROTO_RAW);
	if (fd < 0)
		return errno;
	for (try = 0; try < 5; try++) {
		socklen_t sl;
		size_t total;
		void *ge;

		memset(&h, 0, sizeof(h));
		h.family = v6 ? 6 : 4;
		snprintf(h.name, sizeof(h.name), "%s", name);
		if (v6) {
			struct ip6t_getinfo info;

			memset(&info, 0, sizeof(info));
			snprintf(info.name, sizeof(info.name), "%s", name);
			sl = sizeof(info);
			if (getsockopt(fd, IPPROTO_IPV6, IP6T_SO_GET_INFO, &info,
			    &sl) != 0) {
				e = errno;
				break;
			}
			h.valid_hooks = info.valid_hooks;
			memcpy(h.hook_entry, info.hook_entry, sizeof(h.hook_entry));
			memcpy(h.underflow, info.underflow, sizeof(h.underflow));
			h.size = info.size;
			total = sizeof(struct ip6t_get_entries) + info.size;
		} else {
			struct ipt_getinfo info;

			memset(&info, 0, sizeof(info));
			snprintf(info.name, sizeof(info.name), "%s", name);
			sl = sizeof(info);
			if (getsockopt(fd, IPPROTO_IP, IPT_SO_GET_INFO, &info,
			    &sl) != 0) {
				e = errno;
				break;
			}
			h.valid_hooks = info.valid_hooks;
			memcpy(h.hook_entry, info.hook_entry, sizeof(h.hook_entry));
			memcpy(h.underflow, info.underflow, sizeof(h.underflow));
			h.size = info.size;
			total = sizeof(struct ipt_get_entries) + info.size;
		}
		if ((ge = calloc(1, total)) == NULL) {
			e = ENOMEM;
			break;
		}
		if (v6) {
			struct ip6t_get_entries *g = ge;

			snprintf(g->name, sizeof(g->name), "%s", name);
			g->size = h.size;
		} else {
			struct ipt_get_entries *g = ge;

			snprintf(g->name, sizeof(g->name), "%s", name);
			g->size = h.size;
		}
		sl = (socklen_t)total;
		if (getsockopt(fd, v6 ? IPPROTO_IPV6 : IPPROTO_IP,
		    v6 ? IP6T_SO_GET_ENTRIES : IPT_SO_GET_ENTRIES, ge, &sl) != 0) {
			e = errno;
			free(ge);
			if (e == EAGAIN)	/* changed between the two calls */
				continue;
			break;
		}
		e = 0;
		if (buf_add(&r->ipt, &h, sizeof(h)) != 0 ||
		    buf_add(&r->ipt, (uint8_t *)ge + (v6 ?
		    sizeof(struct ip6t_get_entries) :
		    sizeof(struct ipt_get_entries)), h.size) != 0)
			e = ENOMEM;
		free(ge);
		r->n_legacy_tables++;
		break;
	}
	close(fd);
	return e;
}

static void
ipt_read(struct netread *r)
{
	static const char *const names[2] = { "/proc/net/ip_tables_names",
	    "/proc/net/ip6_tables_names" };
	int v6;

	r->ipt_ok = 1;
	for (v6 = 0; v6 < 2; v6++) {
		struct nr_buf nb = { NULL, 0, 0 };
		size_t i = 0;
		int e = read_file(names[v6], &nb);

		if (e == ENOENT) {	/* the module is not loaded: no tables */
			free(nb.p);
			continue;
		}
		if (e != 0) {
			r->ipt_ok = -1;
			snprintf(r->ipt_err, sizeof(r->ipt_err), "%s: %s",
			    names[v6], strerror(e));
			free(nb.p);
			continue;
		}
		while (i < nb.n) {
			char name[XT_TABLE_MAXNAMELEN];
			size_t j = i, k;

			while (j < nb.n && nb.p[j] != '\n')
				j++;
			k = j - i;
			if (k > 0 && k < sizeof(name)) {
				memcpy(name, nb.p + i, k);
				name[k] = '\0';
				if ((e = ipt_table(r, v6, name)) != 0 &&
				    r->ipt_ok == 1) {
					r->ipt_ok = -1;
					snprintf(r->ipt_err, sizeof(r->ipt_err),
					    "%s table %s: %s", v6 ? "ip6tables" :
					    "iptables", name, strerror(e));
				}
			}
			i = j + 1;
		}
		free(nb.p);
	}
}

/* ---- sockets and owners ----------------------------------------------- */

static void
owners_read(struct netread *r)
{
	DIR *d = opendir("/proc");
	struct dirent *de;

	r->own_ok = d != NULL;
	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		char path[64], comm[16], link[64];
		struct nr_buf cb = { NULL, 0, 0 };
		DIR *fdd;
		struct dirent *fe;
		char *end;
		unsigned long pid = strtoul(de->d_name, &end, 10);
		int dfd;

		if (*end != '\0' || pid == 0 || pid > 0xffffffffUL)
			continue;
		snprintf(path, sizeof(path), "/proc/%lu/comm", pid);
		memset(comm, 0, sizeof(comm));
		if (read_file(path, &cb) == 0 && cb.n > 0) {
			size_t k = cb.n < sizeof(comm) - 1 ? cb.n : sizeof(comm) - 1;

			memcpy(comm, cb.p, k);
			if (k > 0 && comm[k - 1] == '\n')
				comm[k - 1] = '\0';
		}
		free(cb.p);
		snprintf(path, sizeof(path), "/proc/%lu/fd", pid);
		if ((dfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
			continue;
		if ((fdd = fdopendir(dfd)) == NULL) {
			close(dfd);
			continue;
		}
		while ((fe = readdir(fdd)) != NULL) {
			ssize_t n = readlinkat(dfd, fe->d_name, link,
			    sizeof(link) - 1);
			unsigned long long ino;

			if (n <= 9)
				continue;
			link[n] = '\0';
			if (strncmp(link, "socket:[", 8) != 0)
				continue;
			ino = strtoull(link + 8, &end, 10);
			if (*end != ']')
				continue;
			if (r->n_own == r->cap_own) {
				size_t nc = r->cap_own ? r->cap_own * 2 : 1024;
				struct nr_owner *no;

				if (nc > OWNERS_MAX)
					break;
				if ((no = realloc(r->own, nc * sizeof(*no))) == NULL)
					break;
				r->own = no;
				r->cap_own = nc;
			}
			r->own[r->n_own].inode = ino;
			r->own[r->n_own].pid = (uint32_t)pid;
			memcpy(r->own[r->n_own].comm, comm, sizeof(comm));
			r->n_own++;
		}
		closedir(fdd);
	}
	closedir(d);
}

int
netread_sockets(struct netread *r)
{
	static const char *const files[4] = { "/proc/net/tcp",
	    "/proc/net/tcp6", "/proc/net/udp", "/proc/net/udp6" };
	int i;

	for (i = 0; i < 4; i++) {
		int e = read_file(files[i], &r->proc[i]);

		r->proc_ok[i] = e == 0 ? 1 : (e == ENOENT ? 0 : -1);
	}
	owners_read(r);
	return 0;
}

int
netread_firewall(struct netread *r, const char *ufw_conf)
{
	int e;

	nft_read(r);
	ipt_read(r);
	e = read_file(ufw_conf, &r->ufw_conf);
	r->ufw_conf_ok = e == 0 ? 1 : (e == ENOENT ? 0 : -1);
	return netread_sockets(r);
}

void
netread_free(struct netread *r)
{
	int i;

	free(r->nft.p);
	free(r->ipt.p);
	for (i = 0; i < 4; i++)
		free(r->proc[i].p);
	free(r->own);
	free(r->ufw_conf.p);
	memset(r, 0, sizeof(*r));
}
