#!/bin/sh
# bench_firewall.sh - `signoff-core check firewall` on a generated ruleset
# of N rules (default 10,000) next to `nft -j list ruleset` on the same
# namespace, in the same run: median wall time and peak memory.  The
# ruleset mixes what real ones hold: port accepts, anonymous and named
# sets, ranges, source-restricted rules, jumps to user chains, ct state,
# counters and a drop policy.  Everything happens inside a throwaway
# network namespace (unshare -n); the host's firewall is never touched.
# Prints figures; never fails on a number.  Run with `./build.sh bench`.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
n=${BENCH_RULES:-10000}
runs=${BENCH_RUNS:-5}
core=$top/build/signoff-core
if [ "$(id -u)" != 0 ] || ! unshare -n true 2>/dev/null; then
	echo "bench firewall: skipped (needs root and network namespaces)"
	exit 0
fi
work=$(mktemp -d /tmp/signoff-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT INT TERM

# The ruleset, as one nft -f file.
awk -v n="$n" 'BEGIN {
	print "table inet filter {"
	print "  set web { type inet_service; elements = { 80, 443, 8080 } }"
	nchains = 20
	for (c = 0; c < nchains; c++) {
		printf "  chain svc%d {\n", c
		for (i = 0; i < n / 2 / nchains; i++)
			printf "    tcp dport %d counter accept\n", 20000 + c * 1000 + i
		print "  }"
	}
	print "  chain input {"
	print "    type filter hook input priority 0; policy drop;"
	print "    ct state established,related accept"
	print "    iif lo accept"
	print "    tcp dport @web accept"
	left = n - n / 2 - 3
	for (i = 0; i < left; i++) {
		k = i % 5
		if (k == 0) printf "    tcp dport %d accept\n", 1000 + i
		else if (k == 1) printf "    ip saddr 10.%d.%d.0/24 udp dport %d accept\n", (i / 256) % 256, i % 256, 1000 + i
		else if (k == 2) printf "    tcp dport { %d, %d } counter accept\n", 1000 + i, 40000 + i
		else if (k == 3) printf "    udp dport %d-%d drop\n", 1000 + i, 1002 + i
		else printf "    meta l4proto tcp tcp dport %d jump svc%d\n", 20000 + (i % 20) * 1000, i % 20
	}
	print "  }"
	print "}"
}' >"$work/ruleset.nft"

cat >"$work/bench.sh" <<BENCH
set -eu
ip link set lo up
nft -f "$work/ruleset.nft"
rules=\$(nft -a list ruleset | grep -c 'handle [0-9]*\$' || true)
echo "bench: check firewall on a ruleset of \$rules rules/chains/sets (requested $n rules), median wall and CPU (user+sys) of $runs runs, peak RSS"
measure() {
	name=\$1
	shift
	"\$@" >/dev/null 2>&1 || true
	k=0
	: >"$work/times"
	while [ "\$k" -lt "$runs" ]; do
		/usr/bin/time -f '%e %M %U %S' -o "$work/t" "\$@" >"$work/out" 2>/dev/null || true
		cat "$work/t" >>"$work/times"
		k=\$((k + 1))
	done
	med=\$(cut -d' ' -f1 "$work/times" | sort -n | awk '{a[NR]=\$1} END {print a[int((NR+1)/2)]}')
	rss=\$(cut -d' ' -f2 "$work/times" | sort -n | tail -n 1)
	cpu=\$(awk '{print \$3 + \$4}' "$work/times" | sort -n | awk '{a[NR]=\$1} END {print a[int((NR+1)/2)]}')
	printf '%-54s %6s s wall %6s s cpu %7s KiB %8s bytes out\n' "\$name" "\$med" "\$cpu" "\$rss" "\$(wc -c <"$work/out")"
}
measure "signoff-core check firewall (dump, decode, verdicts)" "$core" check firewall --critical-ports 22,5432
measure "peer: nft -j list ruleset (dump and print only)" nft -j list ruleset
"$core" check firewall | awk -F '\t' '\$6 == "ipv4" || \$6 == "ipv6" { v = ""; for (i = 12; i <= NF; i++) if (\$i ~ /^verdict=/) v = \$i; print "# " \$6 ": " v " (" length(\$0) " bytes)" }'
BENCH
unshare -n sh "$work/bench.sh"
