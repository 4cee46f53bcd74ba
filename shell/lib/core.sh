# shellcheck shell=sh disable=SC2034,SC2154
# (SC2034/SC2154: globals are shared between the files sourced by signoff.)
# core.sh - finding signoff-core and running it without temporary files.

# Core checks the front end knows (`check = core:NAME` in a policy).
CORE_CHECKS='secrets firewall ports http credentials cert tls'

# Check kinds of the command line that are designed but not built yet.
CORE_PLANNED=''

# core_locate: CORE = path of signoff-core, or exit 3 with a clear message.
# Installed: the core next to this script (the one installed with it), else
# PATH.  Source checkout (SIGNOFF_DEV): $SIGNOFF_CORE, the tree's build/,
# next to the script, PATH.
core_locate() {
	if [ -n "${SIGNOFF_CORE:-}" ] && [ -n "${SIGNOFF_DEV:-}" ]; then
		if [ ! -f "$SIGNOFF_CORE" ] || [ ! -x "$SIGNOFF_CORE" ]; then
			die 3 "SIGNOFF_CORE=$SIGNOFF_CORE is not an executable file"
		fi
		CORE=$SIGNOFF_CORE
		return 0
	fi
	if [ -n "${SIGNOFF_DEV:-}" ]; then
		set -- "$here/../build/signoff-core" "$here/signoff-core"
	else
		set -- "$here/signoff-core"
	fi
	for core_locate_c in "$@"; do
		if [ -f "$core_locate_c" ] && [ -x "$core_locate_c" ]; then
			CORE=$core_locate_c
			return 0
		fi
	done
	if CORE=$(command -v signoff-core 2>/dev/null) && [ -n "$CORE" ]; then
		return 0
	fi
	die 3 "signoff-core not found (looked at${SIGNOFF_DEV:+ \$SIGNOFF_CORE,} $* and PATH); build it with ./build.sh build${SIGNOFF_DEV:+ or set SIGNOFF_CORE}"
}

# core_capture ARG...: runs "$CORE" ARG... with stdin from /dev/null and
# sets CAP_OUT (stdout, verbatim), CAP_RC (exit status) and CAP_ERR (first
# line of stderr).  Both streams are kept in memory: the audited host is
# never written to.  The core's stdout goes straight to the outer capture
# while its stderr is captured inside; the status line is printed only after
# the core has exited, so the two cannot interleave.
# With CAP_TIMEOUT=SECONDS the core runs under `timeout -k 2 SECONDS` (its
# whole process group is stopped), and CAP_TIMED_OUT=1 says the time ran
# out: status 124 (or 137 when TERM was not enough) and at least SECONDS
# gone, as a command's own 124 can come only earlier.
core_capture() {
	if [ -n "${CAP_TIMEOUT:-}" ]; then
		set -- timeout -k 2 "$CAP_TIMEOUT" "$CORE" "$@"
		now_ms
		core_capture_t0=$NOW_MS
	else
		set -- "$CORE" "$@"
	fi
	core_capture_all=$(
		{
			core_capture_rc=0
			core_capture_err=$("$@" 2>&1 1>&3 3>&- </dev/null) ||
				core_capture_rc=$?
			printf '\n%s %s' "$core_capture_rc" "${core_capture_err%%"$NL"*}"
		} 3>&1
	)
	core_capture_last=${core_capture_all##*"$NL"}
	CAP_OUT=${core_capture_all%"$NL"*}
	CAP_RC=${core_capture_last%% *}
	CAP_ERR=${core_capture_last#* }
	CAP_TIMED_OUT=
	case ${CAP_TIMEOUT:+t}$CAP_RC in
	t124 | t137)
		now_ms
		[ "$((NOW_MS - core_capture_t0 + 50))" -lt "$((CAP_TIMEOUT * 1000))" ] ||
			CAP_TIMED_OUT=1
		;;
	esac
	return 0
}

# core_failure_reason RC ERRLINE WHAT: REASON = why a core run failed.
core_failure_reason() {
	if [ "$1" -gt 128 ]; then
		sig_name "$(($1 - 128))"
		REASON="$3 killed by $SIGNAME"
		[ "$SIGNAME" = SIGSYS ] && REASON="$REASON: sandbox violation"
	else
		REASON="$3 exited with status $1"
		[ -n "$2" ] && REASON="$REASON: $2"
	fi
	return 0
}
