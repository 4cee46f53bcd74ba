#!/bin/sh
# ci/fuzz.sh - AFL++ over every harness in fuzz/*/harness.c.
#
#   sh ci/fuzz.sh replay     run each harness over its seed corpus and its
#                            frozen regressions (fuzz/NAME/regressions/)
#   sh ci/fuzz.sh SECONDS    fuzz each harness SECONDS; any crash fails
#
# Harnesses are built by `make fuzzers` (afl-clang-fast, ASan+UBSan,
# libAFLDriver, which also replays files given as arguments).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 3
mode=${1:-replay}
rc=0
AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1
AFL_NO_AFFINITY=1
export AFL_SKIP_CPUFREQ AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES AFL_NO_UI AFL_NO_AFFINITY

for h in fuzz/*/harness.c; do
	name=$(basename "$(dirname "$h")")
	bin=build/fuzz/$name
	if [ ! -x "$bin" ]; then
		echo "not ok - fuzz $name: $bin not built (make fuzzers)"
		rc=1
		continue
	fi
	if [ "$mode" = replay ]; then
		n=0 bad=0
		for f in fuzz/"$name"/corpus/* fuzz/"$name"/regressions/*; do
			[ -f "$f" ] || continue
			n=$((n + 1))
			if ! "$bin" "$f" >/dev/null 2>&1; then
				echo "# crash replaying $f"
				bad=$((bad + 1))
			fi
		done
		if [ "$n" -gt 0 ] && [ "$bad" -eq 0 ]; then
			echo "ok - fuzz $name: replayed $n inputs"
		else
			echo "not ok - fuzz $name: $bad of $n inputs crashed"
			rc=1
		fi
		continue
	fi
	out=build/fuzz-out/$name
	rm -rf "$out"
	mkdir -p "$out"
	dict=""
	[ -f fuzz/"$name"/dict ] && dict="-x fuzz/$name/dict"
	# shellcheck disable=SC2086 # $dict is empty or two words
	timeout $((mode + 60)) afl-fuzz -i fuzz/"$name"/corpus -o "$out" $dict \
		-V "$mode" -- "$bin" >"$out/afl.log" 2>&1
	st=$out/default/fuzzer_stats
	if [ ! -f "$st" ]; then
		tail -n 20 "$out/afl.log"
		echo "not ok - fuzz $name: afl-fuzz did not run"
		rc=1
		continue
	fi
	execs=$(sed -n 's/^execs_done *: *//p' "$st")
	crashes=$(sed -n 's/^saved_crashes *: *//p' "$st")
	[ -n "$crashes" ] || crashes=$(sed -n 's/^unique_crashes *: *//p' "$st")
	hangs=$(sed -n 's/^saved_hangs *: *//p' "$st")
	if [ "${crashes:-0}" -eq 0 ]; then
		echo "ok - fuzz $name: ${mode}s, $execs executions, 0 crashes, ${hangs:-0} hangs"
	else
		echo "not ok - fuzz $name: $crashes crashes in $execs executions (see $out/default/crashes)"
		rc=1
	fi
done
exit $rc
