/*
 * fwdump.c - writes the raw inputs the firewall check reads (nftables
 * netlink dump, legacy iptables container, /proc/net/{tcp,udp}[6]) to
 * DIR/NAME.{nft,ipt,procnet}, as seeds for fuzz/nfmsg, fuzz/iptentries and
 * fuzz/procnet.  Built and run by tests/shell/test_firewall.sh only when
 * FW_SEED_DIR is set, inside each case's namespace.  A test tool, not part
 * of signoff.
 */
#include <stdio.h>
#include <string.h>

#include "checks/netread.h"

static int
put(const char *dir, const char *name, const char *ext, const void *p,
    size_t n)
{
	char path[4096];
	FILE *f;

	if (n == 0)
		return 0;
	snprintf(path, sizeof(path), "%s/%s.%s", dir, name, ext);
	if ((f = fopen(path, "wb")) == NULL)
		return -1;
	fwrite(p, 1, n, f);
	return fclose(f);
}

int
main(int argc, char **argv)
{
	struct netread r;
	char ext[16];
	int i;

	if (argc != 3)
		return 2;
	memset(&r, 0, sizeof(r));
	if (netread_firewall(&r, "/etc/ufw/ufw.conf") != 0)
		return 1;
	put(argv[1], argv[2], "nft", r.nft.p, r.nft.n);
	put(argv[1], argv[2], "ipt", r.ipt.p, r.ipt.n);
	for (i = 0; i < 4; i++) {
		/* The first byte tells the harness which family. */
		char buf[1 << 16];
		size_t n = r.proc[i].n < sizeof(buf) - 1 ? r.proc[i].n : sizeof(buf) - 1;

		buf[0] = (char)(i == 1 || i == 3);
		memcpy(buf + 1, r.proc[i].p, n);
		snprintf(ext, sizeof(ext), "procnet%d", i);
		if (r.proc[i].n > 200)
			put(argv[1], argv[2], ext, buf, n + 1);
	}
	netread_free(&r);
	return 0;
}
