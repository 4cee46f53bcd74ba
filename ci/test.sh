#!/bin/sh
# ci/test.sh - runs every test; called by `./build.sh test` after the build.
#
# Counts individual cases: cmocka's "[       OK ]"/"[  FAILED  ]" lines and
# the shell tests' "ok -"/"not ok -" lines; a binary or script that fails
# without saying which case failed counts as one failure.  The last line is
# "N passed, N failed" (and skipped), and the exit status is 1 on any failure.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 3

pass=0 fail=0 skipped=0
failed_names=""
SIGNOFF_TOP=$top
SIGNOFF_CORE=$top/build/signoff-core
SIGNOFF=$top/shell/signoff
export SIGNOFF_TOP SIGNOFF_CORE SIGNOFF

num() {
	printf '%s\n' "$txt" | sed -n "s/^\[  $1 *\] \([0-9]*\) test.*/\1/p" | head -n 1
}

count() {
	# $1 name, $2 exit status, $3 output.  cmocka: its summary lines;
	# shell tests: their ok / not ok / skip lines.
	txt=$3
	p=$(num PASSED) f=$(num FAILED) s=$(num SKIPPED)
	p=$((${p:-0} + $(printf '%s\n' "$3" | grep -c -E '^ok( |$)'))) || true
	f=$((${f:-0} + $(printf '%s\n' "$3" | grep -c -E '^not ok'))) || true
	s=$((${s:-0} + $(printf '%s\n' "$3" | grep -c -E '^skip -'))) || true
	if [ "$2" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
	fi
	pass=$((pass + p)) fail=$((fail + f)) skipped=$((skipped + s))
	if [ "$f" -gt 0 ]; then
		failed_names="$failed_names $1"
	fi
}

run() {
	# $1 name, then the command
	name=$1
	shift
	printf '\n== %s\n' "$name"
	out=$("$@" 2>&1)
	rc=$?
	printf '%s\n' "$out"
	count "$name" "$rc" "$out"
}

# The proofs (ci/prove.sh, several minutes of solver time) run in the
# background from the start, at a lower priority, while the tests use the
# other core and wait on their servers; their output is printed and
# counted at the end, as before.  SIGNOFF_PROVE_SERIAL=1 runs them last,
# alone.  prove.sh retries a file whose goals time out, alone and with a
# longer timeout, so a busy machine does not turn into a failed proof.
prove_dir=$(mktemp -d) || exit 3
trap 'rm -rf -- "$prove_dir"' EXIT
if [ -z "${SIGNOFF_PROVE_SERIAL:-}" ]; then
	(
		rc=0
		nice -n 10 sh ci/prove.sh >"$prove_dir/out" 2>&1 </dev/null || rc=$?
		echo "$rc" >"$prove_dir/rc"
	) &
	prove_pid=$!
fi

for t in build/tests/test_*; do
	[ -x "$t" ] || continue
	run "unit: ${t##*/}" "$t"
done
for t in build/asan/test_*; do
	[ -x "$t" ] || continue
	run "asan+ubsan: ${t##*/}" env ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
		UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 "$t"
done
for t in tests/shell/test_*.sh; do
	[ -f "$t" ] || continue
	run "shell (dash): ${t##*/}" dash "$t"
done
run "lint: shellcheck, banned functions" sh ci/lint.sh
run "fuzz: corpus replay" sh ci/fuzz.sh replay
if [ -z "${SIGNOFF_PROVE_SERIAL:-}" ]; then
	wait "$prove_pid" || :
	# shellcheck disable=SC2016 # expanded by the inner sh
	run "prove: Frama-C WP (ran in the background)" sh -c \
		'cat "$1/out"; [ -f "$1/rc" ] || { echo "not ok - prove: no exit status"; exit 1; }; exit "$(cat "$1/rc")"' \
		sh "$prove_dir"
else
	run "prove: Frama-C WP" sh ci/prove.sh
fi

printf '\n'
if [ -n "$failed_names" ]; then
	printf 'FAILED:%s\n' "$failed_names"
fi
printf '%d passed, %d failed, %d skipped\n' "$pass" "$fail" "$skipped"
[ "$fail" -eq 0 ]
