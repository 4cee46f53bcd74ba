# shellcheck shell=sh disable=SC2034
# lib.sh - helpers for the shell tests (sourced by tests/shell/test_*.sh).
#
# Environment: SIGNOFF (default shell/signoff), SIGNOFF_CORE (default
# build/signoff-core); the working directory is the repository root.
# Every assertion prints "ok - NAME" or "not ok - NAME" (with diagnostics as
# "#" lines); t_end exits 1 if any failed.

set -eu

SIGNOFF=${SIGNOFF:-shell/signoff}
SIGNOFF_CORE=${SIGNOFF_CORE:-build/signoff-core}
case $SIGNOFF in /*) ;; *) SIGNOFF=$PWD/$SIGNOFF ;; esac
case $SIGNOFF_CORE in /*) ;; *) SIGNOFF_CORE=$PWD/$SIGNOFF_CORE ;; esac
SIGNOFF_SHELL=${SIGNOFF_SHELL:-dash}
REAL_CORE=$SIGNOFF_CORE
export SIGNOFF_CORE
unset SIGNOFF_PROC NO_COLOR 2>/dev/null || :

FIXTURES=$PWD/tests/shell/fixtures
T_COUNT=0
T_FAILED=0
T_TMP=$(mktemp -d)
# Shell checks run confined as nobody (signoff-core confine): they must
# be able to reach the fixtures, as on a real host they reach /opt.
chmod 0755 "$T_TMP"
trap 'rm -rf -- "$T_TMP"' EXIT
trap 'exit 130' INT TERM
TAB=$(printf '\t')
ESC=$(printf '\033')
NL='
'

ok() {
	T_COUNT=$((T_COUNT + 1))
	printf 'ok - %s\n' "$1"
}

# nok NAME [DIAGNOSTIC]...
nok() {
	T_COUNT=$((T_COUNT + 1))
	T_FAILED=$((T_FAILED + 1))
	printf 'not ok - %s\n' "$1"
	shift
	for nok_l in "$@"; do
		printf '%s\n' "$nok_l" | head -n 15 | sed 's/^/#   /'
	done
}

# t_diag: what the last run did, for a failed assertion.
t_diag() {
	printf 'rc=%s\nstdout:\n%s\nstderr:\n%s\n' "$T_RC" "$T_OUT" "$T_ERR"
}

# run CMD...: runs CMD (stdin /dev/null); sets T_RC, T_OUT, T_ERR.
run() {
	T_RC=0
	"$@" >"$T_TMP/.out" 2>"$T_TMP/.err" </dev/null || T_RC=$?
	T_OUT=$(cat "$T_TMP/.out")
	T_ERR=$(cat "$T_TMP/.err")
}

# so ARG...: signoff under dash (or $SIGNOFF_SHELL, e.g. bash).
so() {
	run "$SIGNOFF_SHELL" "$SIGNOFF" "$@"
}

# core_ok: the core exists; the end-to-end assertions need it.
core_ok() {
	if [ -x "$REAL_CORE" ]; then
		ok "signoff-core is built ($REAL_CORE)"
	else
		nok "signoff-core is built ($REAL_CORE)" "run make first"
	fi
}

check_rc() {
	if [ "$T_RC" = "$2" ]; then
		ok "$1"
	else
		nok "$1" "expected exit $2" "$(t_diag)"
	fi
}

# check_out NAME TEXT: stdout contains TEXT.
check_out() {
	case $T_OUT in
	*"$2"*) ok "$1" ;;
	*) nok "$1" "stdout lacks: $2" "$(t_diag)" ;;
	esac
}

# check_err NAME TEXT: stderr contains TEXT.
check_err() {
	case $T_ERR in
	*"$2"*) ok "$1" ;;
	*) nok "$1" "stderr lacks: $2" "$(t_diag)" ;;
	esac
}

# check_no NAME HAYSTACK NEEDLE: HAYSTACK does not contain NEEDLE.
check_no() {
	case $2 in
	*"$3"*) nok "$1" "unexpected text found" "$(t_diag)" ;;
	*) ok "$1" ;;
	esac
}

# check_empty NAME TEXT
check_empty() {
	if [ -z "$2" ]; then
		ok "$1"
	else
		nok "$1" "expected nothing, got:" "$2"
	fi
}

# check_jq NAME [JQ-ARG]... FILTER: FILTER on stdout gives exactly "true"
# (JQ-ARGs such as --arg NAME VALUE come before the filter, as for jq
# itself).  Not jq -e: that passes on empty input.
check_jq() {
	check_jq_n=$1
	shift
	for check_jq_f in "$@"; do :; done
	check_jq_r=$(printf '%s\n' "$T_OUT" | jq "$@" 2>/dev/null) || check_jq_r=
	if [ "$check_jq_r" = true ]; then
		ok "$check_jq_n"
	else
		nok "$check_jq_n" "jq filter false: $check_jq_f" "$(t_diag)"
	fi
}

# usage_error NAME ARG...: signoff ARG... is a usage error: exit 2, a
# message and the usage on stderr, nothing on stdout.
usage_error() {
	usage_error_n=$1
	shift
	so "$@"
	check_rc "$usage_error_n: exit 2" 2
	check_err "$usage_error_n: says so on stderr" "signoff: "
	check_empty "$usage_error_n: nothing on stdout" "$T_OUT"
}

# fake_core NAME SCRIPT: an executable in $T_TMP wrapping the real core.
# SCRIPT is sh run before delegating; it sees the core arguments as "$@".
fake_core() {
	{
		printf '#!/bin/sh\n'
		printf '%s\n' "$2"
		printf 'exec "%s" "$@"\n' "$REAL_CORE"
	} >"$T_TMP/$1"
	chmod 0755 "$T_TMP/$1"
}

t_end() {
	printf '# %s: %s assertions, %s failed\n' "${0##*/}" "$T_COUNT" "$T_FAILED"
	# It ends the test, wherever it is called: a skip or an abort in the
	# middle of a script stops there (a skip that went on ran the rest on
	# missing inputs: test_cert_conformance.sh without ../shared).
	[ "$T_FAILED" = 0 ] && exit 0
	exit 1
}
