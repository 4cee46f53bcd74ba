#!/bin/sh
# bench_secrets.sh - wall time and peak memory of the secret-files check on
# a directory of N files (default 10,000), side by side with the baseline
# a shell script would use: one find(1) that applies the same permission
# rules (type, bits outside 0600, owner, link count, empty) but no ACL,
# no ancestor walk and no content check.  Prints figures; never fails on
# a number.  Run with `./build.sh bench`.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
n=${BENCH_FILES:-10000}
runs=${BENCH_RUNS:-5}
core=build/signoff-core
work=$(mktemp -d /tmp/signoff-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT INT TERM
chmod 0700 "$work"
dir=$work/secrets
mkdir -m 0700 "$dir"
i=0
umask 077
while [ "$i" -lt "$n" ]; do
	printf 'k3y-%08d-0123456789abcdef0123\n' "$i" >"$dir/secret_$i.txt"
	i=$((i + 1))
done

# measure NAME CMD... : median wall seconds and max peak RSS over $runs runs
measure() {
	name=$1
	shift
	"$@" >/dev/null 2>&1 || true	# warm the cache
	k=0
	: >"$work/times"
	while [ "$k" -lt "$runs" ]; do
		/usr/bin/time -f '%e %M' -o "$work/t" "$@" >"$work/out" 2>/dev/null || true
		cat "$work/t" >>"$work/times"
		k=$((k + 1))
	done
	med=$(cut -d' ' -f1 "$work/times" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
	rss=$(cut -d' ' -f2 "$work/times" | sort -n | tail -n 1)
	lines=$(wc -l <"$work/out")
	printf '%-58s %8s s %9s KiB %7s lines\n' "$name" "$med" "$rss" "$lines"
}

echo "bench: check secrets on $n files, median of $runs runs, peak RSS"
measure "signoff-core check secrets (records)" "$core" check secrets "$dir"
measure "signoff check secrets --format json (front end + render)" \
	sh shell/signoff check secrets "$dir" --format json
measure "peer: find -perm/-user/-links/-empty (no ACL/content)" \
	find "$dir" -mindepth 1 -maxdepth 1 \( ! -type f -o -perm /7177 \
	-o ! -user root -o -links +1 -o -empty \) -print
