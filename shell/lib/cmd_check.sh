# shellcheck shell=sh disable=SC2034,SC2154
# (SC2034/SC2154: globals are shared between the files sourced by signoff.)
# cmd_check.sh - `signoff check KIND ...`: one check outside any policy.

cmd_check() {
	CMD=check
	[ "$#" -gt 0 ] || usage_die "missing check kind (secrets, cert, tls)" check
	cc_kind=$1
	shift
	case $cc_kind in
	secrets) cmd_check_secrets "$@" ;;
	firewall | ports)
		# shellcheck source=shell/lib/cmd_firewall.sh
		. "$here/lib/cmd_firewall.sh"
		cmd_check_net "$cc_kind" "$@"
		;;
	http)
		# shellcheck source=shell/lib/cmd_http.sh
		. "$here/lib/cmd_http.sh"
		cmd_check_http "$@"
		;;
	credentials) cmd_check_credentials "$@" ;;
	cert) cmd_check_cert "$@" ;;
	tls) cmd_check_tls "$@" ;;
	-h | --help) usage_help check; exit 0 ;;
	-*) usage_die "unknown option '$cc_kind'" check ;;
	*)
		in_list "$cc_kind" "$CORE_PLANNED" &&
			die 2 "check '$cc_kind' is not available in this version"
		usage_die "unknown check '$cc_kind'" check
		;;
	esac
}

# cmd_check_secrets ARG...: the ad-hoc item `secrets`, rendered like an audit.
cmd_check_secrets() {
	ccs_dir='' ccs_dir_set='' ccs_format=human ccs_fail_on=info ccs_output=''
	ccs_mode=0600 ccs_owner='' ccs_require='' RUN_SHOW=''
	ccs_group=''
	while [ "$#" -gt 0 ]; do
		case $1 in
		-h | --help) usage_help check; exit 0 ;;
		-q | --quiet)
			RUN_SHOW=fail,warn,error
			shift
			;;
		--group)
			need_value "$1" "$#"
			cmd_check_secrets_opt "$1" "$2"
			shift 2
			;;
		--mode | --owner | --require | --format | --fail-on | --output | --show)
			need_value "$1" "$#"
			cmd_check_secrets_opt "$1" "$2"
			shift 2
			;;
		--*=*)
			cmd_check_secrets_opt "${1%%=*}" "${1#*=}"
			shift
			;;
		--)
			shift
			[ "$#" -le 1 ] || usage_die "unexpected argument '$2'" check
			[ "$#" = 1 ] && cmd_check_secrets_dir "$1"
			break
			;;
		-?*) usage_die "unknown option '$1'" check ;;
		*)
			cmd_check_secrets_dir "$1"
			shift
			;;
		esac
	done
	[ -n "$ccs_dir_set" ] || usage_die "check secrets: missing DIR" check
	run_check_output "$ccs_output"
	core_locate

	# A directory named like an option must not be read as one.
	case $ccs_dir in
	-*) ccs_dir=./$ccs_dir ;;
	esac
	set -- "$ccs_dir" --mode "$ccs_mode"
	[ -n "$ccs_owner" ] && set -- "$@" --owner "$ccs_owner"
	[ -n "$ccs_require" ] && set -- "$@" --require "$ccs_require"
	[ -n "$ccs_group" ] && set -- "$@" --group "$ccs_group"

	ITEM_ID=secrets ITEM_SECTION=secrets ITEM_TITLE='Secret files'
	ITEM_SEVERITY=critical ITEM_OPTIONAL=no
	ccs_started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
	now_ms
	ITEM_START_MS=$NOW_MS
	core_capture check secrets --id "$ITEM_ID" --section "$ITEM_SECTION" \
		--title "$ITEM_TITLE" --severity "$ITEM_SEVERITY" "$@"
	# The core refusing its arguments (an unknown --owner, say) is the
	# user's usage error here, not an incomplete check.
	if [ "$CAP_RC" = 2 ]; then
		die 2 "check secrets: ${CAP_ERR:-signoff-core refused the arguments}"
	fi
	if [ "$CAP_RC" = 0 ] && [ -n "$CAP_OUT" ]; then
		ccs_stream=$CAP_OUT
	else
		if [ "$CAP_RC" = 0 ]; then
			REASON="signoff-core check secrets produced no records"
		else
			core_failure_reason "$CAP_RC" "$CAP_ERR" "signoff-core check secrets"
		fi
		ccs_stream=$(records_header &&
			rec error "$ccs_dir" "$REASON" "exit_status=$CAP_RC") ||
			die 3 "internal error while writing the error record"
	fi
	RUN_FIXES=
	run_core_fix secrets && RUN_FIXES="secrets$US$FIX"
	now_ms
	run_report "$ccs_stream" "$ccs_format" "$ccs_fail_on" "$ccs_started" \
		"$((NOW_MS - ITEM_START_MS))" "" "$ccs_output"
}

cmd_check_secrets_dir() {
	[ -z "$ccs_dir_set" ] || usage_die "unexpected argument '$1' (one DIR only)" check
	[ -n "$1" ] || usage_die "check secrets: empty DIR" check
	ccs_dir=$1 ccs_dir_set=1
}

# cmd_check_secrets_opt OPTION VALUE
cmd_check_secrets_opt() {
	case $1 in
	--mode)
		case $2 in
		[0-7][0-7][0-7] | [0-7][0-7][0-7][0-7]) ccs_mode=$2 ;;
		*) usage_die "bad --mode '$2' (octal, e.g. 0600)" check ;;
		esac
		;;
	--owner)
		[ -n "$2" ] || usage_die "--owner needs a user name or uid" check
		ccs_owner=$2
		;;
	--group)
		[ -n "$2" ] || usage_die "--group needs a group name or gid" check
		ccs_group=$2
		;;
	--require)
		[ -n "$2" ] || usage_die "--require needs at least one name" check
		ccs_require=$2
		;;
	--format)
		report_opt_check "$1" "$2" check
		ccs_format=$2
		;;
	--fail-on)
		report_opt_check "$1" "$2" check
		ccs_fail_on=$2
		;;
	--output)
		report_opt_check "$1" "$2" check
		ccs_output=$2
		;;
	--show)
		report_opt_check "$1" "$2" check
		RUN_SHOW=$2
		;;
	*) usage_die "unknown option '$1'" check ;;
	esac
}
