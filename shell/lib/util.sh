# shellcheck shell=sh disable=SC2034,SC2154
# (SC2034/SC2154: globals are shared between the files sourced by signoff.)
# util.sh - messages, exit helpers and small validators shared by every
# command.  Functions here use globals prefixed with their own name (POSIX sh
# has no local variables).

NL='
'
TAB=$(printf '\t')
US=$(printf '\037')	# field separator of the parsed policy tables

# msg TEXT: one diagnostic line on stderr.
msg() {
	printf 'signoff: %s\n' "$*" >&2
}

# die CODE TEXT: diagnostic, then exit with CODE (exit codes: FORMATS.md 4).
die() {
	die_code=$1
	shift
	msg "$@"
	exit "$die_code"
}

# usage_die TEXT [COMMAND]: usage error; the command's short usage follows.
usage_die() {
	msg "$1"
	usage_short "${2:-}" >&2
	exit 2
}

# need_value OPTION ARGC: an option that takes a value must have one.
need_value() {
	[ "$2" -ge 2 ] || usage_die "option '$1' needs a value" "${CMD:-}"
}

# is_uint S: 1 to 15 decimal digits (small enough for shell arithmetic).
is_uint() {
	case $1 in
	'' | *[!0-9]*) return 1 ;;
	esac
	[ "${#1}" -le 15 ]
}

# is_function NAME: NAME is a shell function (or a builtin), found without
# a subshell: `command -v` knows it and no executable file of that name is
# on PATH (where both exist the answer is no: the safe side for a policy
# check, which then refuses the name).
is_function() {
	command -v "$1" >/dev/null 2>&1 || return 1
	case $1 in */*) return 1 ;; esac
	isf_old=$IFS
	IFS=:
	set -f
	# shellcheck disable=SC2086 # PATH split on colons, never globbed
	set -- "$1" $PATH
	set +f
	IFS=$isf_old
	isf_name=$1
	shift
	for isf_d in "$@"; do
		[ -f "${isf_d:-.}/$isf_name" ] && [ -x "${isf_d:-.}/$isf_name" ] && return 1
	done
	return 0
}

# uint_norm S: UINT = S without leading zeros ($((010)) would be octal).
uint_norm() {
	UINT=$1
	while :; do
		case $UINT in
		0?*) UINT=${UINT#0} ;;
		*) break ;;
		esac
	done
}

# is_id S: a record/item id, 1-64 of [a-z0-9._-], starting alphanumeric.
is_id() {
	case $1 in
	'' | [!a-z0-9]* | *[!a-z0-9._-]*) return 1 ;;
	esac
	[ "${#1}" -le 64 ]
}

# is_section S: 1-64 of [a-z0-9._-].
is_section() {
	case $1 in
	'' | *[!a-z0-9._-]*) return 1 ;;
	esac
	[ "${#1}" -le 64 ]
}

is_severity() {
	case $1 in
	critical | high | medium | low | info) return 0 ;;
	esac
	return 1
}

is_format() {
	case $1 in
	human | json | junit | sarif | tap | markdown | prometheus) return 0 ;;
	esac
	return 1
}

# report_opt_check OPTION VALUE CMD: dies with a usage error (exit 2) unless
# VALUE is valid for one of the report options every command shares
# (--format, --fail-on, --output, --show).  One place for their rules and messages.
report_opt_check() {
	case $1 in
	--format)
		is_format "$2" ||
			usage_die "bad --format '$2' (human, json, junit, sarif, tap, markdown, prometheus)" "$3"
		;;
	--fail-on)
		is_severity "$2" || [ "$2" = warn ] ||
			usage_die "bad --fail-on '$2' (critical, high, medium, low, info, or warn)" "$3"
		;;
	--show)
		case ,$2, in
		*,,*) usage_die "bad --show '$2' (fail, warn, error, skip, pass or all, comma-separated)" "$3" ;;
		esac
		rop_old=$IFS
		IFS=,
		for rop_s in $2; do
			case $rop_s in
			fail | warn | error | skip | pass | all) ;;
			*) usage_die "bad --show '$2' (fail, warn, error, skip, pass or all, comma-separated)" "$3" ;;
			esac
		done
		IFS=$rop_old
		;;
	--output)
		[ -n "$2" ] || usage_die "--output needs a file" "$3"
		;;
	esac
}

# line_of KEY TEXT: LINE_REST = what follows "KEY<US>" on the first line of
# TEXT that starts so; returns 1 if there is none.  TEXT is split in
# memory: no here-document, whose `read` costs a read(2) per byte.
line_of() {
	lo_key=$1 lo_old=$IFS
	IFS=$NL
	set -f
	# shellcheck disable=SC2086 # split on newlines on purpose, no globbing
	set -- $2
	set +f
	IFS=$lo_old
	for lo_l in "$@"; do
		case $lo_l in
		"$lo_key$US"*)
			LINE_REST=${lo_l#"$lo_key$US"}
			return 0
			;;
		esac
	done
	LINE_REST=
	return 1
}

# now_ms: NOW_MS = a clock in milliseconds, for durations only (always a
# difference of two readings).  /proc/uptime (CLOCK_BOOTTIME, 10 ms steps,
# never set back) is read by the shell itself: `date` costs a fork and an
# exec, about 8 ms of CPU here, and an audit read the clock over a hundred
# times.  Where /proc/uptime is unreadable (no /proc), `date` in
# milliseconds; one host gives every process of a run the same answer, so
# the two clocks are never mixed in one difference.
now_ms() {
	if { IFS=' .' read -r nm_s nm_cs nm_rest; } </proc/uptime 2>/dev/null; then
		case $nm_s$nm_cs in
		'' | *[!0-9]*) ;;
		*)
			nm_cs=${nm_cs#0}
			NOW_MS=$((nm_s * 1000 + ${nm_cs:-0} * 10))
			return 0
			;;
		esac
	fi
	NOW_MS=$(date +%s%N)
	case $NOW_MS in
	'' | *[!0-9]*) NOW_MS=$(date +%s)000 ;;
	*) NOW_MS=${NOW_MS%??????} ;;
	esac
}

# trim S: TRIMMED = S without leading and trailing blanks (TABs are turned
# into spaces by the caller).
trim() {
	TRIMMED=${1#"${1%%[! ]*}"}
	TRIMMED=${TRIMMED%"${TRIMMED##*[! ]}"}
}

# untab S: UNTABBED = S with every TAB replaced by a space.
untab() {
	UNTABBED=$1
	while :; do
		case $UNTABBED in
		*"$TAB"*) UNTABBED="${UNTABBED%%"$TAB"*} ${UNTABBED#*"$TAB"}" ;;
		*) break ;;
		esac
	done
}

# in_list WORD LIST: LIST is a blank-separated list of words.
in_list() {
	case " $2 " in
	*" $1 "*) return 0 ;;
	esac
	return 1
}

# sig_name N: SIGNAME = name of signal N without the SIG prefix.
sig_name() {
	SIGNAME=$(kill -l "$1" 2>/dev/null) || SIGNAME=
	case $SIGNAME in
	'' | *[!A-Z0-9+-]*) SIGNAME="signal $1" ;;
	SIG*) ;;
	*) SIGNAME=SIG$SIGNAME ;;
	esac
}
