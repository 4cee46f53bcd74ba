# shellcheck shell=sh disable=SC2034,SC2154
# (SC2034/SC2154: globals are shared between the files sourced by signoff.)
# cmd_credentials.sh - `signoff check credentials PATH...`: hardcoded
# credentials in a tree (docs/CREDENTIALS.md).  The core scans; this file
# passes the core's options through, renders the report, and writes the
# baseline for --write-baseline (the core never writes to the host).

# cmd_check_credentials ARG...
cmd_check_credentials() {
	ccc_format=human ccc_fail_on=info ccc_output='' ccc_wb='' ccc_bl=''
	ccc_paths=0
	ccc_n=$#
	# The core's arguments are rebuilt at the end of "$@" as the
	# original ones are shifted off, so no value is ever re-split.
	while [ "$ccc_n" -gt 0 ]; do
		ccc_a=$1
		shift
		ccc_n=$((ccc_n - 1))
		case $ccc_a in
		-h | --help) usage_help check; exit 0 ;;
		--*=*)
			ccc_v=${ccc_a#*=}
			ccc_a=${ccc_a%%=*}
			cmd_check_credentials_opt "$ccc_a" "$ccc_v" && set -- "$@" "$ccc_a" "$ccc_v"
			;;
		--format | --fail-on | --output | --write-baseline | --rules | \
			--rules-only | --exclude | --baseline | --threads)
			[ "$ccc_n" -gt 0 ] || usage_die "option $ccc_a needs a value" check
			ccc_v=$1
			shift
			ccc_n=$((ccc_n - 1))
			cmd_check_credentials_opt "$ccc_a" "$ccc_v" && set -- "$@" "$ccc_a" "$ccc_v"
			;;
		--exclude-env) set -- "$@" "$ccc_a" ;;
		--)
			while [ "$ccc_n" -gt 0 ]; do
				cmd_check_credentials_path "$1"
				set -- "$@" "$CCC_PATH"
				shift
				ccc_n=$((ccc_n - 1))
			done
			;;
		-?*) usage_die "unknown option '$ccc_a'" check ;;
		*)
			cmd_check_credentials_path "$ccc_a"
			set -- "$@" "$CCC_PATH"
			;;
		esac
	done
	[ "$ccc_paths" -gt 0 ] || usage_die "check credentials: missing PATH" check
	run_check_output "$ccc_output"
	if [ -n "$ccc_wb" ]; then
		ccc_out=$ccc_output
		run_check_output "$ccc_wb"
	fi
	core_locate

	ITEM_ID=credentials ITEM_SECTION=credentials
	ITEM_TITLE='No hardcoded credentials' ITEM_SEVERITY=critical
	ITEM_OPTIONAL=no
	ccc_started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
	now_ms
	ITEM_START_MS=$NOW_MS
	core_capture check credentials --id "$ITEM_ID" --section "$ITEM_SECTION" \
		--title "$ITEM_TITLE" --severity "$ITEM_SEVERITY" "$@"
	# A bad rules file or baseline is the user's usage error (the core
	# names FILE:LINE), not an incomplete check.
	if [ "$CAP_RC" = 2 ]; then
		die 2 "check credentials: ${CAP_ERR#signoff-core check credentials: }"
	fi
	if [ "$CAP_RC" = 0 ] && [ -n "$CAP_OUT" ]; then
		ccc_stream=$CAP_OUT
	else
		if [ "$CAP_RC" = 0 ]; then
			REASON="signoff-core check credentials produced no records"
		else
			core_failure_reason "$CAP_RC" "$CAP_ERR" "signoff-core check credentials"
		fi
		ccc_stream=$(records_header &&
			rec error credentials "$REASON" "exit_status=$CAP_RC") ||
			die 3 "internal error while writing the error record"
	fi
	if [ -n "$ccc_wb" ]; then
		credentials_write_baseline "$ccc_stream" "$ccc_wb" "$ccc_bl"
	fi
	now_ms
	run_report "$ccc_stream" "$ccc_format" "$ccc_fail_on" "$ccc_started" \
		"$((NOW_MS - ITEM_START_MS))" "" "$ccc_output"
}

# cmd_check_credentials_path PATH: CCC_PATH = PATH, never read as an option.
cmd_check_credentials_path() {
	[ -n "$1" ] || usage_die "check credentials: empty PATH" check
	case $1 in
	-*) CCC_PATH=./$1 ;;
	*) CCC_PATH=$1 ;;
	esac
	ccc_paths=$((ccc_paths + 1))
}

# cmd_check_credentials_opt OPTION VALUE: checks a value; returns 0 when
# the option goes to the core, 1 when the front end keeps it.
cmd_check_credentials_opt() {
	case $1 in
	--format | --fail-on | --output)
		report_opt_check "$1" "$2" check
		case $1 in
		--format) ccc_format=$2 ;;
		--fail-on) ccc_fail_on=$2 ;;
		*) ccc_output=$2 ;;
		esac
		return 1
		;;
	--write-baseline)
		[ -n "$2" ] || usage_die "--write-baseline needs a file name" check
		ccc_wb=$2
		return 1
		;;
	--baseline)
		[ -n "$2" ] || usage_die "--baseline needs a file name" check
		ccc_bl=$2
		;;
	--rules | --rules-only | --exclude)
		[ -n "$2" ] || usage_die "$1 needs a value" check
		;;
	--threads)
		case $2 in
		[1-9] | 1[0-6]) ;;
		*) usage_die "--threads must be 1..16" check ;;
		esac
		;;
	*) usage_die "unknown option '$1'" check ;;
	esac
	return 0
}

# credentials_write_baseline STREAM FILE [OLD]: FILE = the fingerprints of
# every finding in STREAM (one per line, with the rule and place as a
# comment; never the secret), plus the entries of the baseline OLD that was
# in force, so the next run with --baseline FILE reports only new findings.
credentials_write_baseline() {
	cwb_tmp=$2.tmp.$$
	{
		printf '# signoff credentials baseline: one fingerprint per line\n'
		printf '# (hash of rule, path and a keyed hash of the secret)\n'
		printf '%s\n' "$1" | awk -F '\t' '
			$4 == "fail" {
				fp = ""; rule = ""
				for (i = 12; i <= NF; i++) {
					if ($i ~ /^fingerprint=/) fp = substr($i, 13)
					if ($i ~ /^rule=/) rule = substr($i, 6)
				}
				if (fp != "") printf "%s %s %s:%s\n", fp, rule, $8, $9
			}'
		if [ -n "$3" ] && [ -f "$3" ]; then
			grep -E '^[0-9a-f]{32}' "$3" || :
		fi
	} >"$cwb_tmp" || {
		rm -f "$cwb_tmp"
		die 3 "cannot write the baseline $2"
	}
	mv -f "$cwb_tmp" "$2" || die 3 "cannot write the baseline $2"
}
