# shellcheck shell=sh disable=SC2034,SC2154
# (SC2034/SC2154: globals are shared between the files sourced by signoff.)
# cmd_http.sh - `signoff check http URL ...`: the HTTP probe outside any
# policy, rendered like an audit.  The core validates every probe option
# (docs/FORMATS.md); a value it refuses is this command's usage error.

# cmd_check_http ARG...: the ad-hoc item `http`.
cmd_check_http() {
	cch_format=human cch_fail_on=info cch_output='' cch_url='' cch_url_set=''
	# The arguments for the core are rebuilt at the end of "$@" while the
	# original ones are shifted off the front (no eval, blanks kept).
	cch_n=$#
	while [ "$cch_n" -gt 0 ]; do
		case $1 in
		-h | --help) usage_help check; exit 0 ;;
		--format | --fail-on | --output)
			need_value "$1" "$cch_n"
			report_opt_check "$1" "$2" check
			case $1 in
			--format) cch_format=$2 ;;
			--fail-on) cch_fail_on=$2 ;;
			*) cch_output=$2 ;;
			esac
			shift 2
			cch_n=$((cch_n - 2))
			;;
		--requests | --concurrency | --p95-ms | --p99-ms | --expect-status | \
			--expect-body | --timeout-ms | --method | --data | --header | --cafile | \
			--capture)
			need_value "$1" "$cch_n"
			set -- "$@" "$1" "$2"
			shift 2
			cch_n=$((cch_n - 2))
			;;
		--no-keepalive)
			set -- "$@" "$1"
			shift
			cch_n=$((cch_n - 1))
			;;
		--)
			shift
			cch_n=$((cch_n - 1))
			[ "$cch_n" -le 1 ] || usage_die "check http: one URL only" check
			if [ "$cch_n" = 1 ]; then
				cmd_check_http_url "$1"
				shift
				cch_n=0
			fi
			;;
		-?*) usage_die "unknown option '$1'" check ;;
		*)
			cmd_check_http_url "$1"
			shift
			cch_n=$((cch_n - 1))
			;;
		esac
	done
	[ -n "$cch_url_set" ] || usage_die "check http: missing URL" check
	run_check_output "$cch_output"
	core_locate

	ITEM_ID=http ITEM_SECTION=http ITEM_TITLE='HTTP endpoint'
	ITEM_SEVERITY=critical ITEM_OPTIONAL=no
	cch_started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
	now_ms
	ITEM_START_MS=$NOW_MS
	core_capture check http --id "$ITEM_ID" --section "$ITEM_SECTION" \
		--title "$ITEM_TITLE" --severity "$ITEM_SEVERITY" "$@" -- "$cch_url"
	if [ "$CAP_RC" = 2 ]; then
		die 2 "check http: ${CAP_ERR:-signoff-core refused the arguments}"
	fi
	if [ "$CAP_RC" = 0 ] && [ -n "$CAP_OUT" ]; then
		cch_stream=$CAP_OUT
	else
		if [ "$CAP_RC" = 0 ]; then
			REASON="signoff-core check http produced no records"
		else
			core_failure_reason "$CAP_RC" "$CAP_ERR" "signoff-core check http"
		fi
		# The subject without user:password, as the core writes it.
		cch_rest=${cch_url#*://}
		cch_auth=${cch_rest%%[/?#]*}
		cch_subject=${cch_url%%://*}://${cch_auth##*@}${cch_rest#"$cch_auth"}
		cch_stream=$(records_header &&
			rec error "$cch_subject" "$REASON" "exit_status=$CAP_RC") ||
			die 3 "internal error while writing the error record"
	fi
	now_ms
	run_report "$cch_stream" "$cch_format" "$cch_fail_on" "$cch_started" \
		"$((NOW_MS - ITEM_START_MS))" "" "$cch_output"
}

cmd_check_http_url() {
	[ -z "$cch_url_set" ] || usage_die "unexpected argument '$1' (one URL only)" check
	case $1 in
	http://?* | https://?*) ;;
	*) usage_die "check http: '$1' is not an http:// or https:// URL" check ;;
	esac
	cch_url=$1 cch_url_set=1
}
