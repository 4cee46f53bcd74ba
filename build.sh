#!/bin/sh
# build.sh - the one entry point (DESIGN.md "Layout").
#
#   ./build.sh deps [build|test|fuzz|prove|bench|all]  install missing Debian packages
#   ./build.sh deps --list    print the package lists
#   ./build.sh build          build build/signoff-core
#   ./build.sh test           deps, build, every test (what .ci/run calls)
#   ./build.sh audit [ARGS]   deps, build, `signoff audit` with the embedded policy
#   ./build.sh fuzz [SECONDS] fuzz every harness SECONDS each (default 60)
#   ./build.sh prove          Frama-C WP on the ACSL contracts; fails on any unproved goal
#   ./build.sh bench          benchmarks that print figures (never pass/fail)
#   ./build.sh install [PREFIX]  install under PREFIX (default /usr/local; DESTDIR honoured)
#   ./build.sh clean
#
# Packages come from Debian's archive only, and only when missing.  Not
# root and something missing: we say which packages and stop (exit 2).
set -eu

top=$(cd "$(dirname "$0")" && pwd)
cd "$top"

# Every Debian package any command needs, in one place (`./build.sh deps
# --list` prints them).  Sets: build (the binary), test (every test, which
# also replays the fuzz corpora and runs the proofs), fuzz, prove, bench.
PKG_BUILD="gcc make libc6-dev pkg-config libseccomp-dev libcap-dev libcurl4-openssl-dev libmnl-dev libnftnl-dev libvectorscan-dev libpcre2-dev"
PKG_TEST="python3 curl man-db systemd libcmocka-dev libacl1-dev acl attr dash shellcheck jq libxml2-utils prometheus prometheus-alertmanager procps util-linux time iproute2 nftables iptables ufw openssl postgresql redis-server redis-tools apache2-utils ansible openssh-client ca-certificates git"
PKG_FUZZ="afl++ clang libclang-rt-14-dev"
PKG_PROVE="frama-c-base why3 z3 cvc4"
PKG_BENCH="ripgrep hyperfine lynis"
# npm: Debian's package, installed only when no npm is on PATH (a machine
# with Node.js from elsewhere already has one, and Debian's npm would
# conflict with that nodejs).
PKG_NPM="npm"

say() { printf 'build.sh: %s\n' "$*" >&2; }
die() { say "$*"; exit "${2:-2}"; }

missing_pkgs() {
	for p in "$@"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
			grep -q '^install ok installed$' || printf '%s ' "$p"
	done
}

pkgs_for() {
	case "$1" in
	build) printf '%s' "$PKG_BUILD" ;;
	test | all) printf '%s' "$PKG_BUILD $PKG_TEST $PKG_FUZZ $PKG_PROVE $PKG_BENCH" ;;
	fuzz) printf '%s' "$PKG_BUILD $PKG_FUZZ" ;;
	prove) printf '%s' "$PKG_BUILD $PKG_PROVE" ;;
	bench) printf '%s' "$PKG_BUILD $PKG_TEST $PKG_BENCH" ;;
	*) die "deps: unknown set '$1' (build, test, fuzz, prove, bench, all)" ;;
	esac
}

deps() {
	set_=${1:-build}
	if [ "$set_" = --list ]; then
		for s in build test fuzz prove bench; do
			printf '%s: %s\n' "$s" "$(pkgs_for "$s")"
		done
		printf 'npm (when no npm is on PATH): %s\n' "$PKG_NPM"
		return 0
	fi
	want=$(pkgs_for "$set_")
	case "$set_" in
	test | all | bench) command -v npm >/dev/null 2>&1 || want="$want $PKG_NPM" ;;
	esac
	# shellcheck disable=SC2086 # word splitting of the package lists is wanted
	miss=$(missing_pkgs $want)
	if [ -n "$miss" ]; then
		if [ "$(id -u)" -ne 0 ]; then
			die "missing packages: $miss- run as root: apt-get install $miss"
		fi
		say "installing: $miss"
		DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
		# shellcheck disable=SC2086
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
			--no-install-recommends $miss >/dev/null ||
			die "apt-get install failed for: $miss" 3
	fi
	case "$set_" in
	test | all | bench) node_deps ;;
	esac
}

# The SARIF validators used by the output tests live in tests/node (ajv
# with the SARIF 2.1.0 schema, and Microsoft's SARIF multitool, whose Linux
# binary ships inside its npm package).  Without them the SARIF test fails:
# a validation that did not run is not a pass.
node_deps() {
	[ -f tests/node/package.json ] || return 0
	[ -d tests/node/node_modules ] && return 0
	if ! command -v npm >/dev/null 2>&1; then
		say "npm not found: the SARIF validation test will fail"
		return 0
	fi
	say "installing the SARIF validators (npm ci in tests/node)"
	for try in 1 2; do
		if npm ci --prefix tests/node --no-audit --no-fund --silent >/dev/null 2>&1; then
			return 0
		fi
		rm -rf tests/node/node_modules
		say "npm ci failed (try $try)"
	done
	say "the SARIF validation test will fail"
}

build() {
	make -s -j"$(nproc)" all
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case "$cmd" in
deps) deps "${1:-all}" ;;
build) deps build; build ;;
test)
	deps test
	build
	make -s -j"$(nproc)" tests asan-tests
	make -s -j"$(nproc)" fuzzers
	sh ci/test.sh
	;;
audit)
	deps build
	build
	exec sh shell/signoff audit "$@"
	;;
fuzz)
	deps fuzz
	make -s -j"$(nproc)" fuzzers
	sh ci/fuzz.sh "${1:-60}"
	;;
prove)
	deps prove
	sh ci/prove.sh
	;;
bench)
	deps bench
	build
	sh tests/bench/bench_secrets.sh
	sh tests/bench/bench_firewall.sh
	sh tests/bench/bench_checklist.sh
	sh tests/bench/bench_checklist_post.sh
	sh tests/bench/bench_http.sh
	sh tests/bench/bench_credentials.sh
	sh tests/bench/bench_cert.sh
	sh tests/bench/bench_fleet.sh
	;;
install)
	# PREFIX (default /usr/local) is where the files will live; DESTDIR
	# (environment, default empty) is prepended to every path written, for
	# packagers and for tests/shell/test_install.sh.  The core finds no
	# policy file at run time: host.conf, credentials.rules and the seccomp
	# profiles are compiled into it; policies/*.conf are installed beside
	# the front end (named policies: --policy sutazai), credentials.rules
	# for reference (and --rules-only).
	build
	prefix=${1:-/usr/local}
	dest=${DESTDIR:-}
	lib="$dest$prefix/lib/signoff"
	man="$dest$prefix/share/man"
	install -d "$lib/lib" "$lib/sections" "$lib/policies" "$dest$prefix/bin" \
		"$man/man1" "$man/man5" \
		"$dest$prefix/share/bash-completion/completions" \
		"$dest$prefix/lib/systemd/system"
	install -m 0755 shell/signoff "$lib/signoff"
	install -m 0644 shell/lib/*.sh "$lib/lib/"
	install -m 0644 shell/sections/*.sh "$lib/sections/"
	install -m 0644 policies/*.conf policies/credentials.rules "$lib/policies/"
	install -m 0644 VERSION "$lib/VERSION"
	install -m 0755 build/signoff-core "$lib/signoff-core"
	ln -sf ../lib/signoff/signoff "$dest$prefix/bin/signoff"
	install -m 0644 man/signoff.1 "$man/man1/signoff.1"
	install -m 0644 man/signoff.conf.5 "$man/man5/signoff.conf.5"
	install -m 0644 contrib/completion/signoff.bash \
		"$dest$prefix/share/bash-completion/completions/signoff"
	sed "s#@BINDIR@#$prefix/bin#g" contrib/systemd/signoff-audit.service \
		>"$dest$prefix/lib/systemd/system/signoff-audit.service"
	chmod 0644 "$dest$prefix/lib/systemd/system/signoff-audit.service"
	install -m 0644 contrib/systemd/signoff-audit.timer \
		"$dest$prefix/lib/systemd/system/signoff-audit.timer"
	say "installed: $dest$prefix/bin/signoff (units: $dest$prefix/lib/systemd/system)"
	;;
clean) make -s clean ;;
'' | -h | --help | help)
	sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'
	;;
*) die "unknown command '$cmd' (see ./build.sh --help)" ;;
esac
