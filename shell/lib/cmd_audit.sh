# shellcheck shell=sh disable=SC2034,SC2154
# (SC2034/SC2154: globals are shared between the files sourced by signoff.)
# cmd_audit.sh - `signoff audit`: run a policy, render one report.

cmd_audit() {
	CMD=audit
	ca_policy='' ca_root='' ca_root_set='' ca_phase=all ca_format=human
	ca_output='' ca_only='' ca_skip='' ca_fail_on=info ca_env='' RUN_SHOW='' ca_waivers=''
	while [ "$#" -gt 0 ]; do
		case $1 in
		-h | --help) usage_help audit; exit 0 ;;
		-q | --quiet)
			RUN_SHOW=fail,warn,error
			shift
			;;
		--policy | --root | --phase | --format | --output | --only | --skip | --fail-on | --show | --env | --jobs | --waivers)
			need_value "$1" "$#"
			cmd_audit_opt "$1" "$2"
			shift 2
			;;
		--*=*)
			cmd_audit_opt "${1%%=*}" "${1#*=}"
			shift
			;;
		-*) usage_die "unknown option '$1'" audit ;;
		*) usage_die "unexpected argument '$1'" audit ;;
		esac
	done
	run_check_output "$ca_output"
	[ -z "$ca_waivers" ] || waivers_load "$ca_waivers"
	policy_load "$ca_policy"
	policy_ext_env "$ca_env"
	core_locate
	if [ -n "$ca_root_set" ]; then
		[ -d "$ca_root" ] || usage_die "--root $ca_root: not a directory" audit
	else
		ca_root=$POL_ROOT
	fi
	run_root "$ca_root"
	run_select "$ca_phase" "$ca_only" "$ca_skip"
	[ -n "$SELECTED" ] ||
		usage_die "no item of policy $POL_SRC is selected (--phase $ca_phase, --only, --skip): nothing would be checked" audit
	ca_started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
	now_ms
	ca_t0=$NOW_MS
	ca_stream=$(run_items) || die 3 "internal error while running the checks"
	if [ -n "$ca_waivers" ]; then
		ca_stream=$(printf '%s\n' "$ca_stream" | waivers_apply) ||
			die 3 "internal error while applying the waivers"
	fi
	run_fixes "$SELECTED"
	now_ms
	run_report "$ca_stream" "$ca_format" "$ca_fail_on" "$ca_started" \
		"$((NOW_MS - ca_t0))" "$POL_NAME" "$ca_output"
}

# cmd_audit_opt OPTION VALUE
cmd_audit_opt() {
	case $1 in
	--policy)
		[ -n "$2" ] || usage_die "--policy needs a file" audit
		ca_policy=$2
		;;
	--root)
		[ -n "$2" ] || usage_die "--root needs a directory" audit
		ca_root=$2 ca_root_set=1
		;;
	--phase)
		case $2 in
		pre | post | all) ca_phase=$2 ;;
		*) usage_die "bad --phase '$2' (pre, post or all)" audit ;;
		esac
		;;
	--format)
		report_opt_check "$1" "$2" audit
		ca_format=$2
		;;
	--output)
		report_opt_check "$1" "$2" audit
		ca_output=$2
		;;
	--only)
		[ -n "$2" ] || usage_die "--only needs at least one id" audit
		ca_only=${ca_only:+$ca_only,}$2
		;;
	--skip)
		[ -n "$2" ] || usage_die "--skip needs at least one id" audit
		ca_skip=${ca_skip:+$ca_skip,}$2
		;;
	--show)
		report_opt_check "$1" "$2" audit
		RUN_SHOW=$2
		;;
	--fail-on)
		report_opt_check "$1" "$2" audit
		ca_fail_on=$2
		;;
	--env)
		is_env_name "$2" || usage_die "bad --env '$2' (production, staging or development)" audit
		ca_env=$2
		;;
	--waivers)
		[ -n "$2" ] || usage_die "--waivers needs a file" audit
		ca_waivers=$2
		;;
	--jobs)
		if ! is_uint "$2" || [ "$2" -lt 1 ] || [ "$2" -gt 256 ]; then
			usage_die "bad --jobs '$2' (1..256)" audit
		fi
		uint_norm "$2"
		RUN_JOBS=$UINT
		;;
	*) usage_die "unknown option '$1'" audit ;;
	esac
}
