# shellcheck shell=sh disable=SC2034,SC2154
# (SC2034/SC2154: globals are shared between the files sourced by signoff.)
# common.sh - helpers of the check functions (no check_* here).
#
# Every check reads its arguments as the policy's `args` split on blanks
# (docs/FORMATS.md 3) and reports a bad argument as an error record: a
# policy that cannot be evaluated is never a pass.
#
# Overridable roots, for the tests' fixtures (defaults in brackets):
#   SIGNOFF_ETC [/etc]  SIGNOFF_SPOOL [/var/spool/cron]  SIGNOFF_SYS [/sys]
#   SIGNOFF_PROC [/proc]

# ck_badarg MESSAGE: the error record of a malformed `args`.
ck_badarg() {
	rec error "$ITEM_ID" "bad arguments: $1"
}

# ck_tool NAME: 0 if NAME is on PATH; otherwise a skip record naming it.
ck_tool() {
	command -v "$1" >/dev/null 2>&1 && return 0
	rec skip "$1" "$1 not found on PATH: cannot check this here (install $1, or run where it is installed)" \
		"missing_tool=$1"
	return 1
}

# ck_size_kib SIZE: KIB = SIZE in KiB.  SIZE is a whole number with a
# binary suffix K, M, G or T (KiB, MiB, GiB, TiB: the units `df -h` and
# `free -h` print, which the checklist's commands use).
ck_size_kib() {
	case $1 in
	*[KMGT]) cs_n=${1%?} cs_u=${1#"$cs_n"} ;;
	*) return 1 ;;
	esac
	is_uint "$cs_n" || return 1
	uint_norm "$cs_n"
	case $cs_u in
	K) KIB=$UINT ;;
	M) KIB=$((UINT * 1024)) ;;
	G) KIB=$((UINT * 1048576)) ;;
	T) KIB=$((UINT * 1073741824)) ;;
	esac
}

# ck_human_kib KIB: HUMAN = KIB as "N.N GiB" (or MiB below 1 GiB).
ck_human_kib() {
	if [ "$1" -ge 1048576 ]; then
		HUMAN="$(($1 / 1048576)).$(($1 % 1048576 * 10 / 1048576)) GiB"
	else
		HUMAN="$(($1 / 1024)) MiB"
	fi
}

# ver_ge A B: version A >= B, compared numerically field by field ("." or
# "-" separated; a missing field is 0; so 24.0 >= 24, 2.20.1 >= 2.20,
# 2.3 < 2.20, 10.0 > 9.9).  Non-numeric fields compare as 0.
ver_ge() {
	awk -v a="$1" -v b="$2" 'BEGIN {
		na = split(a, x, /[.-]/); nb = split(b, y, /[.-]/)
		n = na > nb ? na : nb
		for (i = 1; i <= n; i++) {
			p = (i <= na && x[i] ~ /^[0-9]+$/) ? x[i] + 0 : 0
			q = (i <= nb && y[i] ~ /^[0-9]+$/) ? y[i] + 0 : 0
			if (p > q) exit 0
			if (p < q) exit 1
		}
		exit 0
	}'
}

# is_version S: digits separated by dots, at most 8 fields.
is_version() {
	case $1 in
	'' | .* | *. | *..* | *[!0-9.]*) return 1 ;;
	esac
	return 0
}

# ck_first_line TEXT: FIRST = the first line of TEXT, at most 200 bytes.
ck_first_line() {
	FIRST=${1%%"$NL"*}
	if [ "${#FIRST}" -gt 200 ]; then
		FIRST=$(printf '%s' "$FIRST" | cut -c1-200)...
	fi
}

# ck_in_env LIST: the audited environment (--env, env-from, env) is one of
# the comma-separated LIST.
ck_in_env() {
	case ,$1, in
	*",${AUDIT_ENV:-production},"*) return 0 ;;
	esac
	return 1
}
