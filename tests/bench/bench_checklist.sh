#!/bin/sh
# bench_checklist.sh - wall time of `signoff audit --policy
# policies/sutazai.conf --phase pre` on a fixture root (built here, as in
# test_checklist.sh, with the stand-ins on PATH) and on this machine's own
# root, with the default --jobs (the CPU count) and with --jobs 1; then
# the peer the issue names, Lynis's quick audit of this machine, in the
# same run (`lynis audit system --quick`, its log and report in a
# temporary directory).
# Prints figures; never a pass/fail.  Best of RUNS (default 3) runs; CPU
# is user + system time of signoff and every process it started.
# shellcheck source-path=SCRIPTDIR
set -eu
cd "$(dirname "$0")/../.."
SIGNOFF_CORE=${SIGNOFF_CORE:-$PWD/build/signoff-core}
export SIGNOFF_CORE
runs=${RUNS:-3}
tmp=$(mktemp -d)
chmod 0755 "$tmp"
trap 'rm -rf -- "$tmp"' EXIT
# shellcheck source=../shell/fixtures/checklist_root.sh
. tests/shell/fixtures/checklist_root.sh
mk_root "$tmp/root" good
mk_etc "$tmp/etc" good

ms() { date +%s%N | cut -c1-13; }

# bench LABEL ARG...: best wall time of RUNS audits, and the item count.
bench() {
	label=$1
	shift
	best=
	i=0
	while [ "$i" -lt "$runs" ]; do
		t0=$(ms)
		/usr/bin/time -f '%U %S' -o "$tmp/cpu" dash shell/signoff audit --policy policies/sutazai.conf \
			--phase pre --format json "$@" >"$tmp/out.json" 2>/dev/null || :
		t=$(($(ms) - t0))
		if [ -z "$best" ] || [ "$t" -lt "$best" ]; then
			best=$t
			cpu=$(tail -n 1 "$tmp/cpu" | awk '{ printf "%d", ($1 + $2) * 1000 }')
		fi
		i=$((i + 1))
	done
	n=$(jq '[.results[] | select(.id != "sandbox") | .id] | unique | length' "$tmp/out.json")
	printf '%-46s %6d ms wall %6d ms CPU  %2d items\n' "$label" "$best" "$cpu" "$n"
}

printf 'signoff audit --policy policies/sutazai.conf --phase pre (best of %s; %s CPUs; load %s)\n' \
	"$runs" "$(getconf _NPROCESSORS_ONLN)" "$(cut -d' ' -f1 /proc/loadavg)"
PATH_SAVE=$PATH
for jobs in default 1; do
	set --
	[ "$jobs" = default ] || set -- --jobs "$jobs"
	(
		export PATH="$PWD/tests/standins:$PATH_SAVE" STANDIN_NPROC=16 STANDIN_DF_AVAIL_KIB=2147483648 \
			SIGNOFF_ETC="$tmp/etc/etc" SIGNOFF_SPOOL="$tmp/etc/spool" SIGNOFF_SYS="$tmp/etc/sys"
		bench "fixture root, --jobs $jobs" --root "$tmp/root" "$@"
	)
	bench "this machine (/opt/sutazaiapp), --jobs $jobs" "$@"
done

# The peer: Lynis's quick audit of this machine (one run: it takes a
# minute).  Its test count is its report's lynis_tests_done.
if command -v lynis >/dev/null 2>&1; then
	t0=$(ms)
	/usr/bin/time -f '%U %S' -o "$tmp/cpu" lynis audit system --quick --no-colors \
		--log-file "$tmp/lynis.log" --report-file "$tmp/lynis.dat" >/dev/null 2>&1 || :
	t=$(($(ms) - t0))
	cpu=$(tail -n 1 "$tmp/cpu" | awk '{ printf "%d", ($1 + $2) * 1000 }')
	n=$(sed -n 's/^lynis_tests_done=//p' "$tmp/lynis.dat" 2>/dev/null | tail -n 1)
	printf '%-46s %6d ms wall %6d ms CPU  %s tests\n' "lynis audit system --quick (peer, this machine)" \
		"$t" "$cpu" "${n:-?}"
else
	printf 'skip - lynis is not installed (./build.sh deps bench): no peer figure\n'
fi
