# shellcheck shell=sh disable=SC2034,SC2154
# (SC2034/SC2154: globals are shared between the files sourced by signoff.)
# cmd_cert.sh - `signoff check cert FILE...` and `signoff check tls
# HOST:PORT...`: the ad-hoc items `cert` and `tls`, rendered like an audit.
# The options are checked here for the user's sake; the core checks them
# again (it is the one that must never trust its caller).

# cmd_check_cert ARG...
cmd_check_cert() {
	cc_format=human cc_fail_on=info cc_output='' cc_n=0
	# The core's arguments, in order, in cc_args (see cert_push).
	cc_args=''
	while [ "$#" -gt 0 ]; do
		case $1 in
		-h | --help) usage_help check; exit 0 ;;
		--format | --fail-on | --output)
			need_value "$1" "$#"
			report_opt_check "$1" "$2" check
			case $1 in
			--format) cc_format=$2 ;;
			--fail-on) cc_fail_on=$2 ;;
			--output) cc_output=$2 ;;
			esac
			shift 2
			;;
		--key)
			need_value "$1" "$#"
			[ -n "$2" ] || usage_die "--key needs a file" check
			cert_push "$1" "$2"
			shift 2
			;;
		--min-days | --warn-days)
			need_value "$1" "$#"
			cert_number "$1" "$2" 100000
			cert_push "$1" "$2"
			shift 2
			;;
		--key-mode)
			need_value "$1" "$#"
			case $2 in
			[0-7][0-7][0-7] | [0-7][0-7][0-7][0-7]) cert_push "$1" "$2" ;;
			*) usage_die "bad --key-mode '$2' (octal, e.g. 0600)" check ;;
			esac
			shift 2
			;;
		--min-lifetime-share)
			need_value "$1" "$#"
			cert_number "$1" "${2%\%}" 100
			cert_push "$1" "${2%\%}"
			shift 2
			;;
		--)
			shift
			for cc_a in "$@"; do
				cert_file "$cc_a"
			done
			break
			;;
		-?*) usage_die "unknown option '$1'" check ;;
		*)
			cert_file "$1"
			shift
			;;
		esac
	done
	[ "$cc_n" -gt 0 ] || usage_die "check cert: missing FILE" check
	[ "$cc_n" -le 12 ] || usage_die "check cert: at most 12 files" check
	run_check_output "$cc_output"
	core_locate
	cert_run cert 'Certificates on disk' "$cc_format" "$cc_fail_on" \
		"$cc_output" "$cc_first"
}

# cmd_check_tls ARG...
cmd_check_tls() {
	cc_format=human cc_fail_on=info cc_output='' cc_n=0
	cc_args=''
	while [ "$#" -gt 0 ]; do
		case $1 in
		-h | --help) usage_help check; exit 0 ;;
		--format | --fail-on | --output)
			need_value "$1" "$#"
			report_opt_check "$1" "$2" check
			case $1 in
			--format) cc_format=$2 ;;
			--fail-on) cc_fail_on=$2 ;;
			--output) cc_output=$2 ;;
			esac
			shift 2
			;;
		--servername | --ca-file)
			need_value "$1" "$#"
			[ -n "$2" ] || usage_die "$1 needs a value" check
			cert_push "$1" "$2"
			shift 2
			;;
		--min-days | --warn-days)
			need_value "$1" "$#"
			cert_number "$1" "$2" 100000
			cert_push "$1" "$2"
			shift 2
			;;
		--timeout-ms)
			need_value "$1" "$#"
			cert_number "$1" "$2" 600000
			[ "$2" -gt 0 ] || usage_die "--timeout-ms must be at least 1" check
			cert_push "$1" "$2"
			shift 2
			;;
		-?*) usage_die "unknown option '$1'" check ;;
		*)
			case $1 in
			*:[0-9]*) ;;
			*) usage_die "check tls: '$1' is not HOST:PORT" check ;;
			esac
			cc_n=$((cc_n + 1))
			[ "$cc_n" = 1 ] && cc_first=$1
			cert_push "$1"
			shift
			;;
		esac
	done
	[ "$cc_n" -gt 0 ] || usage_die "check tls: missing HOST:PORT" check
	[ "$cc_n" -le 16 ] || usage_die "check tls: at most 16 targets" check
	run_check_output "$cc_output"
	core_locate
	cert_run tls 'TLS endpoints' "$cc_format" "$cc_fail_on" "$cc_output" \
		"$cc_first"
}

# cert_file FILE: a certificate file argument (names like options are
# made ./-relative so the core cannot read them as options).
cert_file() {
	[ -n "$1" ] || usage_die "check cert: empty FILE" check
	cc_n=$((cc_n + 1))
	[ "$cc_n" = 1 ] && cc_first=$1
	case $1 in
	-*) cert_push "./$1" ;;
	*) cert_push "$1" ;;
	esac
}

# cert_number OPTION VALUE MAX
cert_number() {
	case $2 in
	'' | *[!0-9]*) usage_die "$1 takes a whole number, not '$2'" check ;;
	esac
	if [ "${#2}" -gt 6 ] || [ "$2" -gt "$3" ]; then
		usage_die "$1 must be at most $3" check
	fi
}

# cert_push ARG...: appends to cc_args, one argument per line, each
# prefixed with "x" so that empty or dash-leading values survive.
cert_push() {
	for cp_a in "$@"; do
		case $cp_a in
		*"$NL"*) usage_die "arguments must not contain a newline" check ;;
		esac
		cc_args="$cc_args${cc_args:+$NL}x$cp_a"
	done
}

# cert_run KIND TITLE FORMAT FAIL_ON OUTPUT SUBJECT: runs the core with
# cc_args and renders the report (exits).
cert_run() {
	cr_kind=$1 cr_title=$2 cr_format=$3 cr_fail_on=$4 cr_output=$5
	cr_subject=$6
	set --
	cr_ifs=$IFS
	IFS=$NL
	for cr_a in $cc_args; do
		set -- "$@" "${cr_a#x}"
	done
	IFS=$cr_ifs
	ITEM_ID=$cr_kind ITEM_SECTION=$cr_kind ITEM_TITLE=$cr_title
	ITEM_SEVERITY=critical ITEM_OPTIONAL=no
	cr_started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
	now_ms
	ITEM_START_MS=$NOW_MS
	core_capture check "$cr_kind" --id "$ITEM_ID" --section "$ITEM_SECTION" \
		--title "$ITEM_TITLE" --severity "$ITEM_SEVERITY" "$@"
	if [ "$CAP_RC" = 2 ]; then
		die 2 "check $cr_kind: ${CAP_ERR:-signoff-core refused the arguments}"
	fi
	if [ "$CAP_RC" = 0 ] && [ -n "$CAP_OUT" ]; then
		cr_stream=$CAP_OUT
	else
		if [ "$CAP_RC" = 0 ]; then
			REASON="signoff-core check $cr_kind produced no records"
		else
			core_failure_reason "$CAP_RC" "$CAP_ERR" "signoff-core check $cr_kind"
		fi
		cr_stream=$(records_header &&
			rec error "$cr_subject" "$REASON" "exit_status=$CAP_RC") ||
			die 3 "internal error while writing the error record"
	fi
	now_ms
	run_report "$cr_stream" "$cr_format" "$cr_fail_on" "$cr_started" \
		"$((NOW_MS - ITEM_START_MS))" "" "$cr_output"
}
