#!/bin/sh
# bench_fleet.sh - `signoff fleet` over BENCH_REPORTS generated JSON
# reports (default 10000), side by side with the obvious script: one jq
# process per report (over the first BENCH_PEER, default 300, scaled).  Prints figures; never
# fails on a number.  Run with `./build.sh bench`.
#
# The reports: one real report (signoff check secrets on a scratch tree,
# 3 sandboxed records) grown to 40 records, then copied with awk under
# BENCH_REPORTS host names; every 7th host fails, every 13th is a day old.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
n=${BENCH_REPORTS:-10000}
work=$(mktemp -d /tmp/signoff-bench-fleet.XXXXXX)
trap 'rm -rf "$work"' EXIT INT TERM
mkdir -p "$work/tree" "$work/r"
chmod 0700 "$work/tree"
printf 'abcdefghijklmnopqrstuvwxyz0123456789\n' >"$work/tree/a.txt"
chmod 0600 "$work/tree/a.txt"
sh shell/signoff check secrets "$work/tree" --format json --output "$work/one.json" || :
jq '.results = ([range(0; 14)] | map(. as $i | $in.results[] | .id = "item\($i)." + .id)) | .results = .results[0:40]' \
	"$work/one.json" >"$work/base.json" 2>/dev/null ||
	jq --slurpfile r "$work/one.json" '.results = [range(0; 14) as $i | $r[0].results[] | .id = "item\($i)." + .id][0:40]' \
		"$work/one.json" >"$work/base.json"
# One line of JSON per report; the host, verdict and date vary.
jq -c . "$work/base.json" >"$work/base.line"
awk -v n="$n" -v dir="$work/r" '
	{ base = $0 }
	END {
		for (i = 1; i <= n; i++) {
			r = base
			sub(/"hostname":"[^"]*"/, "\"hostname\":\"host" i "\"", r)
			if (i % 7 == 0) sub(/"ready":true/, "\"ready\":false", r)
			if (i % 13 == 0) sub(/"started":"[^"]*"/, "\"started\":\"2026-01-01T00:00:00Z\"", r)
			f = sprintf("%s/host%05d.json", dir, i)
			print r > f
			close(f)
		}
	}' "$work/base.line"
size=$(du -sk "$work/r" | cut -f1)
printf 'bench_fleet: %s reports, %s KiB, %s records each\n' "$n" "$size" "$(jq '.results | length' "$work/base.json")"

t0=$(date +%s%N)
rc=0
/usr/bin/time -f '%U %S' -o "$work/cpu" sh shell/signoff fleet "$work"/r/*.json >"$work/out" 2>"$work/err" || rc=$?
t1=$(date +%s%N)
ms=$(((t1 - t0) / 1000000))
printf 'bench_fleet: signoff fleet over %s reports: %s ms wall (%s reports/s), CPU user+sys %s s, exit %s, %s\n' \
	"$n" "$ms" "$((n * 1000 / (ms > 0 ? ms : 1)))" "$(tail -n 1 "$work/cpu" | awk '{ print $1 + $2 }')" "$rc" "$(tail -n 1 "$work/out" | cut -c 1-60)"
t0=$(date +%s%N)
sh shell/signoff fleet --format json "$work"/r/*.json >"$work/out.json" 2>/dev/null || :
t1=$(date +%s%N)
printf 'bench_fleet: signoff fleet --format json: %s ms, %s hosts not ready\n' \
	"$(((t1 - t0) / 1000000))" "$(jq '.not_ready | length' "$work/out.json")"

# Peer: one jq per report (the first BENCH_PEER), scaled to n.
m=${BENCH_PEER:-300}
[ "$n" -ge "$m" ] || m=$n
t0=$(date +%s%N)
find "$work/r" -name "*.json" | sort | head -n "$m" | while IFS= read -r f; do
	jq -r '[.host.hostname, .verdict.text, (.verdict.blocking | join(","))] | @tsv' "$f"
done >/dev/null
t1=$(date +%s%N)
pms=$(((t1 - t0) / 1000000))
printf 'bench_fleet: peer (one jq per report) over %s reports: %s ms, i.e. ~%s ms for %s\n' \
	"$m" "$pms" "$((pms * n / m))" "$n"
