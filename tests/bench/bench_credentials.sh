#!/bin/sh
# bench_credentials.sh - speed and peak memory of `check credentials` on a
# tree of at least 500 MB of real text (source files copied from /usr:
# Python, C headers, Perl, documentation) with planted secrets, side by
# side in the same run with
#   - rg (ripgrep) searching the same keyword set, case-insensitive,
#     fixed strings: the practical upper bound (it only finds keywords);
#   - secretlint (recommended preset), installed by this script with npm
#     into a scratch folder (never a project dependency).  It is about four
#     orders of magnitude slower, so it runs (once) on a BENCH_SECRETLINT_MB
#     (default 5) MB slice of the tree and its MB/s is from that slice.
# Warm cache: every tool runs once before it is measured.  Each tool is
# measured by wall time and by CPU time (user + system, all threads): on a
# shared machine the wall time depends on the other users' load, the CPU
# time much less, so "MB/s per CPU-second" is the per-core speed.  signoff
# and rg run twice: with their default threads and with one (signoff
# --threads 1: one scanning thread, plus the walker, which also scans when
# the queue is full; rg -j1).  Prints figures; never fails on a number.
# Run with `./build.sh bench`.
#
# Environment: BENCH_MB (default 520), BENCH_RULES (a rules file instead
# of the built-in rules), BENCH_SECRETLINT_MB, BENCH_KEEP=1 keeps the tree.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
core=$top/build/signoff-core
mb=${BENCH_MB:-520}
slmb=${BENCH_SECRETLINT_MB:-5}
work=$(mktemp -d /tmp/signoff-credbench.XXXXXX)
[ "${BENCH_KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT INT TERM
tree=$work/tree
mkdir -p "$tree"

say() { printf '%s\n' "$*"; }

# --- the rules and their keywords -------------------------------------------
if [ -n "${BENCH_RULES:-}" ]; then
	rules_arg="--rules-only $BENCH_RULES"
	rules_file=$BENCH_RULES
elif "$core" check credentials "$work" >/dev/null 2>&1; then
	rules_arg=
	rules_file=$top/policies/credentials.rules
else
	rules_arg="--rules-only $top/tests/credentials-engine/basic.rules"
	rules_file=$top/tests/credentials-engine/basic.rules
	say "# no built-in rules in this build: using $rules_file"
fi
sed -n 's/^[[:space:]]*keywords[[:space:]]*=[[:space:]]*//p' "$rules_file" |
	tr ',' '\n' | sed 's/^[[:space:]]*//; s/[[:space:]]*$//' | grep -v '^$' |
	sort -u >"$work/keywords.txt"

# --- the tree ----------------------------------------------------------------
say "# building a tree of at least $mb MB under $tree"
src_list=$work/sources.txt
find /usr/lib/python3* /usr/include /usr/share/perl* /usr/share/doc -type f \
	\( -name '*.py' -o -name '*.h' -o -name '*.pm' -o -name '*.pl' \
	-o -name '*.txt' -o -name '*.md' -o -name '*.json' -o -name '*.yml' \
	-o -name '*.yaml' -o -name '*.html' -o -name '*.rst' -o -name '*.cfg' \) \
	-size -2M 2>/dev/null | sort >"$src_list"
copy=0
while :; do
	have=$(du -sm "$tree" | cut -f1)
	[ "$have" -ge "$mb" ] && break
	copy=$((copy + 1))
	dst=$tree/copy$copy
	mkdir -p "$dst"
	tar -cf - -T "$src_list" 2>/dev/null | tar -xf - -C "$dst" 2>/dev/null || :
	[ "$copy" -lt 50 ] || break
done
# planted secrets, one file per copy
i=0
while [ "$i" -lt "$copy" ]; do
	i=$((i + 1))
	printf 'aws_access_key_id = AKIAZ7VQ3XK2M4NP6RT8\ntoken = "ghp_Zx8Kq2Lm9Vb4Nw7Rt1Yp3Hs6Jd5Fg0Ce2Au9"\ndb_password = "Tr0ub4dor&3xQz"\n' \
		>"$tree/copy$i/settings_local.py"
done
bytes=$(du -sb "$tree" | cut -f1)
files=$(find "$tree" -type f | wc -l)
say "# tree: $files files, $bytes bytes ($(($(wc -l <"$work/keywords.txt"))) keywords)"

# run NAME CMD...: wall seconds, CPU seconds (user + system) and peak RSS
# (KiB) of CMD, second of two runs (one run when BENCH_COLD_OK=1:
# secretlint is CPU-bound, not I/O).
run() {
	name=$1
	shift
	[ "${BENCH_COLD_OK:-0}" = 1 ] || "$@" >/dev/null 2>&1 || :
	/usr/bin/time -f '%e %U %S %M' -o "$work/time.$name" "$@" >"$work/out.$name" 2>/dev/null || :
	# the last line: time(1) first says when the command exited non-zero
	# shellcheck disable=SC2034 # read by the eval below
	read -r secs usr sys rss <<EOF
$(tail -n 1 "$work/time.$name")
EOF
	# shellcheck disable=SC2034 # read by the eval below
	cpu=$(awk -v u="$usr" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
	eval "secs_$name=\$secs cpu_$name=\$cpu rss_$name=\$rss"
}

mbps() { awk -v b="$1" -v s="$2" 'BEGIN { if (s > 0) printf "%.1f", b / 1e6 / s; else print "inf" }'; }

# row LABEL NAME BYTES: one line of the table.
row() {
	eval "r_secs=\$secs_$2 r_cpu=\$cpu_$2 r_rss=\$rss_$2"
	# shellcheck disable=SC2154 # set by the eval above
	printf '%-36s %8s %9s %8s %11s %10s\n' "$1" "$r_secs" \
	    "$(mbps "$3" "$r_secs")" "$r_cpu" "$(mbps "$3" "$r_cpu")" "$r_rss"
}
header() {
	printf '%-36s %8s %9s %8s %11s %10s\n' tool "wall s" "MB/s" "CPU s" \
	    "MB/CPU-s" "RSS KiB"
}

# shellcheck disable=SC2086 # $rules_arg is empty or two words
run signoff "$core" check credentials "$tree" $rules_arg
found=$(grep -c "${TAB:-	}fail${TAB:-	}" "$work/out.signoff" || :)
threads=$(sed -n 's/.*threads=\([0-9]*\).*/\1/p' "$work/out.signoff" | head -n 1)
run rg rg -i -F -c -f "$work/keywords.txt" "$tree"
# shellcheck disable=SC2086
run signoff1 "$core" check credentials "$tree" --threads 1 $rules_arg
found1=$(grep -c "${TAB:-	}fail${TAB:-	}" "$work/out.signoff1" || :)
run rg1 rg -j1 -i -F -c -f "$work/keywords.txt" "$tree"

say ""
say "check credentials bench: $bytes bytes, $files files, warm cache, $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
header
row "signoff-core ($threads threads)" signoff "$bytes"
row "rg -i -F (same keywords)" rg "$bytes"
row "signoff-core --threads 1" signoff1 "$bytes"
row "rg -j1 -i -F (same keywords)" rg1 "$bytes"
say "signoff findings (fail records incl. summary): $found (--threads 1: $found1)"
# shellcheck disable=SC2154 # set by eval in run()
say "signoff / rg: wall time $(awk -v a="$secs_signoff" -v b="$secs_rg" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')x, CPU time $(awk -v a="$cpu_signoff" -v b="$cpu_rg" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')x"

# --- secretlint on a slice ----------------------------------------------------
sl=$work/secretlint
slice=$work/slice
mkdir -p "$sl" "$slice"
if ! command -v npm >/dev/null 2>&1; then
	say "secretlint: skipped (npm not found)"
	exit 0
fi
if ! npm install --prefix "$sl" --no-audit --no-fund --silent \
	secretlint @secretlint/secretlint-rule-preset-recommend >/dev/null 2>&1; then
	say "secretlint: skipped (npm install failed: offline?)"
	exit 0
fi
printf '{"rules":[{"id":"@secretlint/secretlint-rule-preset-recommend"}]}\n' >"$slice/.secretlintrc.json"
# the first files of copy1 up to the slice size
find "$tree/copy1" -type f | sort | while read -r f; do
	cur=$(du -sm "$slice" | cut -f1)
	[ "$cur" -ge "$slmb" ] && break
	cp -- "$f" "$slice/"
done
slbytes=$(du -sb --exclude=.secretlintrc.json "$slice" | cut -f1)
BENCH_COLD_OK=1
run secretlint sh -c "cd '$slice' && '$sl/node_modules/.bin/secretlint' --secretlintrc .secretlintrc.json '**/*'"
BENCH_COLD_OK=0
# shellcheck disable=SC2086
run signoff_slice "$core" check credentials "$slice" $rules_arg
say ""
say "on a $slbytes-byte slice (secretlint is too slow for the whole tree):"
header
row "secretlint (recommended preset)" secretlint "$slbytes"
row "signoff-core (same slice)" signoff_slice "$slbytes"
# shellcheck disable=SC2154 # set by eval in run()
say "signoff (whole tree) MB/s / secretlint MB/s: $(awk -v a="$(mbps "$bytes" "$secs_signoff")" -v b="$(mbps "$slbytes" "$secs_secretlint")" 'BEGIN { if (b > 0) printf "%.0f", a / b; else print "n/a" }')x"
