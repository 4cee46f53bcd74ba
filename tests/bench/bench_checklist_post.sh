#!/bin/sh
# bench_checklist_post.sh - wall time of the whole checklist, `signoff audit
# --policy policies/sutazai.conf --phase all`, against a healthy test
# platform on loopback (real PostgreSQL, Redis, Prometheus, Alertmanager;
# stubs for what Debian does not package: tests/services/lib.sh) and a
# fixture root (tests/shell/fixtures/checklist_root.sh, stand-ins on PATH
# for the host facts, as bench_checklist.sh).  The policy is the shipped
# one with only its service addresses changed (as test_checklist_post.sh).
# Prints, per section (from the --jobs 1 run, where items run one at a
# time), the items, the sum of their durations (duration_ms of their
# records: the section's wall time) and the longest item (the least the
# section can take in parallel), then the total wall time with
# the default --jobs and with --jobs 1.  Figures only; never pass/fail.
# shellcheck source-path=SCRIPTDIR
set -eu
cd "$(dirname "$0")/../.."
SIGNOFF_CORE=${SIGNOFF_CORE:-$PWD/build/signoff-core}
export SIGNOFF_CORE
if [ "$(id -u)" != 0 ]; then
	echo "bench_checklist_post: skipped (starts PostgreSQL as user postgres: needs root)"
	exit 0
fi
tmp=$(mktemp -d)
chmod 0755 "$tmp"
# shellcheck source=../services/lib.sh
. tests/services/lib.sh
trap 'svc_cleanup; rm -rf -- "$tmp"' EXIT
trap 'exit 130' INT TERM HUP
# shellcheck source=../shell/fixtures/checklist_root.sh
. tests/shell/fixtures/checklist_root.sh
mk_root "$tmp/root" good
mk_etc "$tmp/etc" good

rpw="redis-bench-$$-Kp3"
svc_redis_start 24661 --requirepass "$rpw" --maxmemory 64mb \
	--maxmemory-policy allkeys-lru --appendonly yes
for s in ollama:0 grafana:1 loki:2 chroma:3 qdrant:4 backend:5 frontend:6 neo4j:7; do
	svc_stub_start "${s%:*}" $((24670 + ${s#*:}))
done
svc_am_start 24665
svc_prom_start 24663 127.0.0.1:24675 - 127.0.0.1:24665 21
svc_pg_start 24660 250
svc_prom_wait 24663
cp "$SVC_PG_PWFILE" "$tmp/root/secrets/postgres_password.txt"
printf '%s\n' "$rpw" >"$tmp/root/secrets/redis_password.txt"
mkdir -p "$tmp/root/config"
k=1
while [ "$k" -le 21 ]; do printf 'agent-%s\n' "$k"; k=$((k + 1)); done >"$tmp/root/config/agents.txt"
b=24670
sed -e 's/127\.0\.0\.1 5432 /127.0.0.1 24660 /' -e 's/127\.0\.0\.1 6379 /127.0.0.1 24661 /' \
	-e "s|127\\.0\\.0\\.1:11434/|127.0.0.1:$b/|g" -e "s|127\\.0\\.0\\.1:3000/|127.0.0.1:$((b + 1))/|g" \
	-e "s|127\\.0\\.0\\.1:3100/|127.0.0.1:$((b + 2))/|g" -e "s|127\\.0\\.0\\.1:8001/|127.0.0.1:$((b + 3))/|g" \
	-e "s|127\\.0\\.0\\.1:6333/|127.0.0.1:$((b + 4))/|g" -e "s|127\\.0\\.0\\.1:8000/|127.0.0.1:$((b + 5))/|g" \
	-e "s|127\\.0\\.0\\.1:8501/|127.0.0.1:$((b + 6))/|g" -e "s|127\\.0\\.0\\.1:7474/|127.0.0.1:$((b + 7))/|g" \
	-e 's|127\.0\.0\.1:9090/|127.0.0.1:24663/|g' -e "s/^args = localhost:443 /args = 127.0.0.1:$((b + 9)) /" \
	policies/sutazai.conf >"$tmp/sutazai.conf"

ms() { date +%s%N | cut -c1-13; }

# audit OUT ARG...: one audit of the whole checklist; WALL = its wall ms.
audit() {
	a_out=$1
	shift
	t0=$(ms)
	(
		export PATH="$PWD/tests/standins:$PATH" STANDIN_NPROC=16 STANDIN_DF_AVAIL_KIB=2147483648 \
			SIGNOFF_ETC="$tmp/etc/etc" SIGNOFF_SPOOL="$tmp/etc/spool" SIGNOFF_SYS="$tmp/etc/sys"
		dash shell/signoff audit --policy "$tmp/sutazai.conf" --root "$tmp/root" \
			--phase all --format json "$@" >"$a_out" 2>/dev/null || :
	)
	WALL=$(($(ms) - t0))
}

audit "$tmp/all.json"
wall_default=$WALL
audit "$tmp/one.json" --jobs 1
wall_one=$WALL

printf 'signoff audit --phase all against the test platform (%s CPUs; load %s); per section\n' \
	"$(getconf _NPROCESSORS_ONLN)" "$(cut -d' ' -f1 /proc/loadavg)"
printf 'from the --jobs 1 run (items one at a time: sum_ms is the section'"'"'s wall time)\n'
printf '%-12s %5s %5s %5s %5s %10s %10s  %s\n' section items pass fail other sum_ms max_ms longest
jq -r '[.results[] | select(.id != "sandbox")] | group_by(.id)
	| map({id: .[0].id, section: .[0].section,
	       ms: (map(.duration_ms // 0) | max),
	       st: (map(.status) | if index("fail") then "fail" elif index("error") then "error"
	            elif index("warn") then "warn" elif index("pass") then "pass" else "skip" end)})
	| group_by(.section)[]
	| [.[0].section, length, (map(select(.st == "pass")) | length),
	   (map(select(.st == "fail")) | length), (map(select(.st != "pass" and .st != "fail")) | length),
	   (map(.ms) | add), (max_by(.ms) | .ms), (max_by(.ms) | .id)] | @tsv' "$tmp/one.json" |
	awk -F '\t' '{ printf "%-12s %5d %5d %5d %5d %10d %10d  %s\n", $1, $2, $3, $4, $5, $6, $7, $8 }'
printf 'total: %d items, wall %d ms with the default --jobs (%s), %d ms with --jobs 1\n' \
	"$(jq '[.results[] | select(.id != "sandbox") | .id] | unique | length' "$tmp/all.json")" \
	"$wall_default" "$(getconf _NPROCESSORS_ONLN)" "$wall_one"
