# shellcheck shell=sh disable=SC2034,SC2154
# (SC2034/SC2154: globals are shared between the files sourced by signoff.)
# cmd_firewall.sh - `signoff check firewall` and `signoff check ports`:
# the core checks of the same names as ad-hoc items, rendered like an audit.
# Sourced by cmd_check.sh when one of them is asked for.

# cmd_check_net KIND ARG...: KIND is firewall or ports.
cmd_check_net() {
	ccn_kind=$1
	shift
	ccn_format=human ccn_fail_on=info ccn_output='' ccn_ports='' ccn_perm=''
	while [ "$#" -gt 0 ]; do
		case $1 in
		-h | --help) usage_help check; exit 0 ;;
		--critical-ports | --must-be-free | --permissive | --format | --fail-on | --output)
			need_value "$1" "$#"
			cmd_check_net_opt "$1" "$2"
			shift 2
			;;
		--*=*)
			cmd_check_net_opt "${1%%=*}" "${1#*=}"
			shift
			;;
		*) usage_die "check $ccn_kind: unexpected argument '$1'" check ;;
		esac
	done
	run_check_output "$ccn_output"
	core_locate

	set --
	if [ "$ccn_kind" = firewall ]; then
		[ -n "$ccn_ports" ] && set -- --critical-ports "$ccn_ports"
		[ -n "$ccn_perm" ] && set -- "$@" --permissive "$ccn_perm"
		ITEM_TITLE='Host firewall'
	else
		[ -n "$ccn_ports" ] && set -- --must-be-free "$ccn_ports"
		ITEM_TITLE='Ports'
	fi
	ITEM_ID=$ccn_kind ITEM_SECTION=network
	ITEM_SEVERITY=critical ITEM_OPTIONAL=no
	ccn_started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
	now_ms
	ITEM_START_MS=$NOW_MS
	core_capture check "$ccn_kind" --id "$ITEM_ID" --section "$ITEM_SECTION" \
		--title "$ITEM_TITLE" --severity "$ITEM_SEVERITY" "$@"
	if [ "$CAP_RC" = 2 ]; then
		die 2 "check $ccn_kind: ${CAP_ERR:-signoff-core refused the arguments}"
	fi
	if [ "$CAP_RC" = 0 ] && [ -n "$CAP_OUT" ]; then
		ccn_stream=$CAP_OUT
	else
		if [ "$CAP_RC" = 0 ]; then
			REASON="signoff-core check $ccn_kind produced no records"
		else
			core_failure_reason "$CAP_RC" "$CAP_ERR" "signoff-core check $ccn_kind"
		fi
		ccn_stream=$(records_header &&
			rec error "$ccn_kind" "$REASON" "exit_status=$CAP_RC") ||
			die 3 "internal error while writing the error record"
	fi
	now_ms
	run_report "$ccn_stream" "$ccn_format" "$ccn_fail_on" "$ccn_started" \
		"$((NOW_MS - ITEM_START_MS))" "" "$ccn_output"
}

# cmd_check_net_opt OPTION VALUE
cmd_check_net_opt() {
	case $1 in
	--critical-ports | --must-be-free)
		case $1 in
		--critical-ports) [ "$ccn_kind" = firewall ] ||
			usage_die "check ports: --critical-ports belongs to check firewall" check ;;
		--must-be-free) [ "$ccn_kind" = ports ] ||
			usage_die "check firewall: --must-be-free belongs to check ports" check ;;
		esac
		case $2 in
		'' | *[!0-9,]* | ,* | *, | *,,*)
			usage_die "bad $1 '$2' (ports 1-65535, comma-separated)" check ;;
		esac
		ccn_ports=$2
		;;
	--permissive)
		[ "$ccn_kind" = firewall ] ||
			usage_die "check ports: --permissive belongs to check firewall" check
		case $2 in
		warn | fail) ccn_perm=$2 ;;
		*) usage_die "bad --permissive '$2' (warn or fail)" check ;;
		esac
		;;
	--format | --fail-on | --output)
		report_opt_check "$1" "$2" check
		case $1 in
		--format) ccn_format=$2 ;;
		--fail-on) ccn_fail_on=$2 ;;
		*) ccn_output=$2 ;;
		esac
		;;
	*) usage_die "unknown option '$1'" check ;;
	esac
}
