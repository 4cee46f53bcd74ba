#!/bin/sh
# bench_cert.sh - certificates decoded per second by the core's X.509
# decoder, side by side with `openssl x509 -noout -dates` over the same
# files in the same run.  Prints figures; never fails on a number.  Run
# with `./build.sh bench` (needs `make tests` for build/tools/x509dump).
#
# Files: the x509-limbo certificates when ../shared is present (one PEM
# file each), else 40 certificates made here with openssl; repeated up to
# BENCH_FILES files (default 1000).
#   1. decoder only: build/tools/x509dump --bench (DER already in memory,
#      one core, BENCH_MS milliseconds, default 3000)
#   2. decoder end to end: x509dump over every file in one process
#      (read, PEM, DER, X.509, one output line per certificate)
#   3. signoff-core check cert, 12 files per run (sandbox, verdicts, records)
#   4. peer: openssl x509 -noout -dates -in FILE, once per file
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
n=${BENCH_FILES:-1000}
ms=${BENCH_MS:-3000}
dump=build/tools/x509dump
core=build/signoff-core
[ -x "$dump" ] || make -s tests >/dev/null
work=$(mktemp -d /tmp/signoff-bench-cert.XXXXXX)
trap 'rm -rf "$work"' EXIT INT TERM
mkdir "$work/src" "$work/files"

limbo=../shared/corpora/x509-limbo
if [ -d "$limbo" ]; then
	for j in "$limbo"/limbo-*.json; do
		jq -r '.testcases[]? | (.trusted_certs[]?, .untrusted_intermediates[]?, (.peer_certificate // empty))' "$j"
	done | awk -v d="$work/src" '/BEGIN CERT/ { k++ } { print > (d "/c" k ".pem") }'
	what="x509-limbo certificates"
else
	sh tests/certs/mkfixtures.sh "$work/fx" >/dev/null 2>&1
	cp "$work"/fx/*.pem "$work/src/"
	rm -f "$work/src/garbage.pem" "$work/src/empty.pem" "$work/src/twocert.pem" \
		"$work/src/wrongorder.pem" "$work/src/chain.pem" "$work/src/stray.pem"
	what="certificates generated with openssl"
fi
nsrc=$(find "$work/src" -name '*.pem' | wc -l)
i=0
while [ "$i" -lt "$n" ]; do
	for f in "$work"/src/*.pem; do
		[ "$i" -lt "$n" ] || break
		cp "$f" "$work/files/f$i.pem"
		i=$((i + 1))
	done
done

# measure LABEL COUNT CMD...: certificates per second of wall time and of
# CPU time (user + system, children included: the machine may be shared).
measure() {
	m_label=$1 m_count=$2
	shift 2
	/usr/bin/time -f '%e %U %S' -o "$work/time" "$@" >/dev/null 2>&1 || :
	awk -v c="$m_count" -v l="$m_label" '{ cpu = $2 + $3; if (cpu <= 0) cpu = 0.01
		printf "%-50s %9.0f certs/s wall, %9.0f certs/s CPU  (%d in %.2f s, CPU %.2f s)\n",
		l, c / ($1 > 0 ? $1 : 0.01), c / cpu, c, $1, cpu }' "$work/time"
}

echo "bench: $n files from $nsrc distinct $what, one certificate each"
"$dump" --bench "$ms" "$work"/files/f*.pem | awk '{ split($1, a, "="); split($2, b, "="); split($3, r, "=")
	printf "%-50s %9.0f certs/s (one core, %d decoded in %.2f s)\n", "core decoder, DER in memory (x509dump --bench):", r[2], a[2], b[2] }'
measure "core decoder, files read + PEM (x509dump):" "$n" "$dump" "$work"/files/f*.pem
# shellcheck disable=SC2016 # the scripts expand their own arguments
measure "signoff-core check cert, 12 files a run:" "$((n / 12 * 12))" \
	sh -c 'd=$1; set -- x; for f in "$d"/f*.pem; do set -- "$@" "$f"; if [ "$#" = 13 ]; then shift; "$0" check cert "$@" >/dev/null 2>&1 || :; set -- x; fi; done' \
	"$core" "$work/files"
# shellcheck disable=SC2016
measure "peer: openssl x509 -noout -dates, one per file:" "$n" \
	sh -c 'for f in "$0"/f*.pem; do openssl x509 -noout -dates -in "$f" >/dev/null; done' "$work/files"
