#!/bin/sh
# bench_http.sh - `signoff-core check http` next to ApacheBench (ab, from
# apache2-utils) against the same local server in the same run.
#
# The server is build/tests/testhttpd on a loopback port of 24550-24599.
# Two profiles:
#   /spread/20   each answer delayed by a fixed, uniform spread of 0..20 ms
#                (the same multiset of delays for both tools): the latency
#                percentiles of both tools should agree within 10 %;
#   /ok          no delay: what is left is each tool's own cost, shown as
#                P50 at concurrency 1 and as CPU time (user + sys) per
#                request.
# Two modes, like with like: keep-alive (signoff's default, libcurl reuses
# its connections; ab -k) and a new connection per request (signoff
# --no-keepalive; ab without -k).  ab's percentiles come from its CSV
# export (-e, microsecond resolution).  CPU per request is (CPU of an
# N-request run - CPU of a 1-request run) / (N - 1), user + sys from
# time(1), the median of $BENCH_RUNS runs, so that start-up (sandbox,
# libcurl and OpenSSL set-up) is not counted.
# Prints figures; never fails on a number.  Run with `./build.sh bench`.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
n=${BENCH_REQUESTS:-2000}
c=${BENCH_CONCURRENCY:-10}
runs=${BENCH_RUNS:-5}
n_ok=${BENCH_OVERHEAD_REQUESTS:-20000}	# enough CPU time for time(1)'s 10 ms
# a new connection per request costs ~5x more: fewer, and fewer sockets
# left in TIME_WAIT
n_nk=${BENCH_NEWCONN_REQUESTS:-5000}
core=build/signoff-core
httpd=build/tests/testhttpd
[ -x "$httpd" ] || make -s build/tests/testhttpd
command -v ab >/dev/null 2>&1 || {
	echo "bench_http: ab not found (apache2-utils); no comparison"
	exit 0
}
work=$(mktemp -d /tmp/signoff-bench-http.XXXXXX)
pid=
cleanup() {
	[ -z "$pid" ] || kill "$pid" 2>/dev/null || :
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$httpd" -p 24550-24599 >"$work/port" 2>"$work/err" &
pid=$!
i=0
port=
while [ "$i" -lt 50 ] && [ -z "$port" ]; do
	sleep 0.1
	port=$(sed -n 's/^port //p' "$work/port")
	i=$((i + 1))
done
[ -n "$port" ] || { echo "bench_http: testhttpd did not start: $(cat "$work/err")"; exit 0; }
base=http://127.0.0.1:$port

# signoff FILE URL N C [ARG]: the core's evidence, one key=value per line.
signoff_run() {
	/usr/bin/time -f '%U %S' -o "$work/cpu" "$core" check http "$2" \
		--requests "$3" --concurrency "$4" ${5:+"$5"} >"$work/rec" 2>/dev/null || :
	grep -v '^#' "$work/rec" | grep -v '^sandbox' | tr '\t' '\n' | grep '=' >"$1"
	printf 'cpu=%s\n' "$(awk '{print $1 + $2}' "$work/cpu")" >>"$1"
}

# ab_run FILE URL N C [-k]: p50/p95/p99 (ms), rps and cpu, one key=value a
# line.
ab_run() {
	/usr/bin/time -f '%U %S' -o "$work/cpu" ab -q ${5:+"$5"} -n "$3" -c "$4" \
		-e "$work/ab.csv" "$2" >"$work/ab.out" 2>&1 || :
	{
		awk -F, '$1 == 50 {print "p50_ms=" $2} $1 == 95 {print "p95_ms=" $2}
			$1 == 99 {print "p99_ms=" $2}' "$work/ab.csv"
		sed -n 's/^Requests per second: *\([0-9.]*\).*/requests_per_s=\1/p' "$work/ab.out"
		sed -n 's/^Failed requests: *\([0-9]*\).*/errors=\1/p' "$work/ab.out"
		printf 'cpu=%s\n' "$(awk '{print $1 + $2}' "$work/cpu")"
	} >"$1"
}

get() { sed -n "s/^$2=//p" "$1" | head -n 1; }

# both TAG URL C N MODE: $runs alternating runs of each tool in MODE
# (ka: keep-alive, nk: a new connection per request); files TAG.s.R,
# TAG.a.R.
both() {
	if [ "$5" = ka ]; then so='' ao=-k; else so=--no-keepalive ao=''; fi
	r=1
	while [ "$r" -le "$runs" ]; do
		signoff_run "$work/$1.s.$r" "$2" "$4" "$3" "$so"
		ab_run "$work/$1.a.$r" "$2" "$4" "$3" "$ao"
		r=$((r + 1))
	done
}

# med TAG TOOL KEY: the median of KEY over the runs.
med() {
	for f in "$work/$1.$2".*; do get "$f" "$3"; done | sort -n |
		awk '{a[NR] = $1} END {if (NR) print a[int((NR + 1) / 2)]}'
}

# Warm both up (page cache, connection setup code paths).
signoff_run "$work/w" "$base/ok" 50 2
ab_run "$work/w" "$base/ok" 50 2

echo "bench: check http vs ab, server $base, median of $runs alternating"
echo "runs per figure; keep-alive = signoff (default) vs ab -k, new"
echo "connection = signoff --no-keepalive vs ab (no -k)"

for mode in ka nk; do
	if [ "$mode" = ka ]; then
		mname="keep-alive" no=$n_ok
	else
		mname="new connection per request" no=$n_nk
	fi
	echo
	echo "== $mname =="
	echo "latency profile /spread/20 (server delays 0..20 ms, uniform), $n requests at concurrency $c"
	both "spread$mode" "$base/spread/20" "$c" "$n" "$mode"
	printf '  %-8s %12s %12s %9s\n' figure signoff ab difference
	for f in p50_ms p95_ms p99_ms; do
		s=$(med "spread$mode" s "$f") a=$(med "spread$mode" a "$f")
		awk -v f="$f" -v s="$s" -v a="$a" 'BEGIN {
			d = (a > 0) ? (s - a) / a * 100 : 0
			printf "  %-8s %12.3f %12.3f %+8.1f%% %s\n", f, s, a, d,
			    (d <= 10 && d >= -10) ? "(within 10%)" : "(DIFFERS by more than 10%)"
		}'
	done
	printf '  %-8s %12s %12s\n' req/s "$(med "spread$mode" s requests_per_s)" "$(med "spread$mode" a requests_per_s)"
	printf '  %-8s %12s %12s\n' errors "$(med "spread$mode" s errors)" "$(med "spread$mode" a errors)"

	echo "overhead: /ok (no server delay), $no requests"
	both "ok1$mode" "$base/ok" 1 "$no" "$mode"
	both "okc$mode" "$base/ok" "$c" "$no" "$mode"
	both "one$mode" "$base/ok" 1 1 "$mode"
	printf '  %-34s %12s %12s\n' figure signoff ab
	for f in p50_ms p95_ms p99_ms; do
		printf '  %-34s %12s %12s\n' "$f, concurrency 1" "$(med "ok1$mode" s "$f")" "$(med "ok1$mode" a "$f")"
	done
	printf '  %-34s %12s %12s\n' "requests/s, concurrency 1" "$(med "ok1$mode" s requests_per_s)" "$(med "ok1$mode" a requests_per_s)"
	printf '  %-34s %12s %12s\n' "requests/s, concurrency $c" "$(med "okc$mode" s requests_per_s)" "$(med "okc$mode" a requests_per_s)"
	awk -v n="$no" -v c="$c" -v s1="$(med "ok1$mode" s cpu)" -v a1="$(med "ok1$mode" a cpu)" \
		-v sc="$(med "okc$mode" s cpu)" -v ac="$(med "okc$mode" a cpu)" \
		-v s0="$(med "one$mode" s cpu)" -v a0="$(med "one$mode" a cpu)" 'BEGIN {
		printf "  %-34s %12.1f %12.1f\n", "CPU ms, start-up (1 request)", s0 * 1e3, a0 * 1e3
		printf "  %-34s %12.1f %12.1f\n", "CPU us/request, concurrency 1", (s1 - s0) / (n - 1) * 1e6, (a1 - a0) / (n - 1) * 1e6
		printf "  %-34s %12.1f %12.1f\n", "CPU us/request, concurrency " c, (sc - s0) / (n - 1) * 1e6, (ac - a0) / (n - 1) * 1e6
	}'
done
echo
echo "(CPU = user + sys from time(1), 10 ms resolution; per request = the"
echo "run minus the 1-request run: sandbox, libcurl and OpenSSL set-up)"
