# shellcheck shell=sh disable=SC2034,SC2154
# (SC2034/SC2154: globals are shared between the files sourced by signoff.)
# run.sh - selecting policy items, running them, rendering the report.

# run_select PHASE ONLY SKIP: SELECTED = ids of the items to run, in policy
# order.  ONLY and SKIP are comma-separated patterns, each an item id, a
# section name or a glob over ids and sections (`hardware.*`); every
# pattern must match some item, else it is a usage error.  Repeated
# --only/--skip add up (the caller joins them with commas).
run_select() {
	rs_phase=$1 rs_only='' rs_skip=''
	if [ -n "$2" ]; then
		run_select_ids "$2" --only
		rs_only=$RS_IDS
	fi
	if [ -n "$3" ]; then
		run_select_ids "$3" --skip
		rs_skip=$RS_IDS
	fi
	SELECTED=
	while IFS=$US read -r rs_id rs_section rs_ph rs_rest; do
		[ -n "$rs_id" ] || continue
		[ "$rs_phase" = all ] || [ "$rs_phase" = "$rs_ph" ] || continue
		[ -z "$rs_only" ] || in_list "$rs_id" "$rs_only" || continue
		in_list "$rs_id" "$rs_skip" && continue
		SELECTED="${SELECTED:+$SELECTED }$rs_id"
	done <<EOF
$POL_ITEMS
EOF
	: "$rs_section" "$rs_rest"
}

# run_select_ids LIST OPTION: RS_IDS = the ids LIST's patterns match.
run_select_ids() {
	RS_IDS=
	rsi_opt=$2
	[ -n "$1" ] || usage_die "$rsi_opt needs at least one id" audit
	rsi_old=$IFS
	IFS=,
	set -f
	# shellcheck disable=SC2086 # split on commas, no globbing
	set -- $1
	set +f
	IFS=$rsi_old
	for rsi_pat in "$@"; do
		[ -n "$rsi_pat" ] || continue
		rsi_hit=
		while IFS=$US read -r rsi_id rsi_section rsi_rest; do
			[ -n "$rsi_id" ] || continue
			# shellcheck disable=SC2254 # the pattern is a glob on purpose
			case $rsi_id in
			$rsi_pat) ;;
			*)
				case $rsi_section in
				$rsi_pat) ;;
				*) continue ;;
				esac
				;;
			esac
			rsi_hit=1
			in_list "$rsi_id" "$RS_IDS" || RS_IDS="$RS_IDS $rsi_id"
		done <<EOF
$POL_ITEMS
EOF
		[ -n "$rsi_hit" ] ||
			usage_die "$rsi_opt: no item or section '$rsi_pat' in policy $POL_SRC (see: signoff list)" audit
	done
	: "$rsi_rest"
	[ -n "$RS_IDS" ] || usage_die "$rsi_opt needs at least one id" audit
}

# run_root DIR: ROOT = DIR without trailing slashes ("/" becomes "").
run_root() {
	ROOT=$1
	while :; do
		case $ROOT in
		*/) ROOT=${ROOT%/} ;;
		*) break ;;
		esac
	done
}

# run_subst WORD: SUBST = WORD with every ${root} replaced by $ROOT.
run_subst() {
	# shellcheck disable=SC2016 # the literal text ${root}
	rsub_pat='${root}'
	rsub_in=$1
	SUBST=
	while :; do
		case $rsub_in in
		*"$rsub_pat"*)
			SUBST="$SUBST${rsub_in%%"$rsub_pat"*}$ROOT"
			rsub_in=${rsub_in#*"$rsub_pat"}
			;;
		*) break ;;
		esac
	done
	SUBST=$SUBST$rsub_in
}

# run_items: the record stream of every selected item, on stdout.
run_items() {
	if [ -n "${RUN_PARALLEL:-}" ]; then
		jobs_run_items
		return
	fi
	records_header
	while IFS=$US read -r ITEM_ID ITEM_SECTION ri_phase ITEM_SEVERITY \
		ri_check ITEM_OPTIONAL ri_line ITEM_TITLE ri_args; do
		[ -n "$ITEM_ID" ] || continue
		in_list "$ITEM_ID" "$SELECTED" || continue
		run_item "$ri_check" "$ri_args" || return 3
	done <<EOF
$POL_ITEMS
EOF
	: "$ri_phase" "$ri_line"
}

# run_item CHECK ARGS: one policy item (ITEM_* set).  ARGS is split on
# blanks, then ${root} is substituted in each word.
run_item() {
	ri_spec=$1
	ri_old=$IFS
	IFS=" $TAB"
	set -f
	# shellcheck disable=SC2086 # args are split on blanks, never globbed
	set -- $2
	set +f
	IFS=$ri_old
	ri_n=$#
	while [ "$ri_n" -gt 0 ]; do
		run_subst "$1"
		set -- "$@" "$SUBST"
		shift
		ri_n=$((ri_n - 1))
	done
	case $ri_spec in
	core:*) run_core_item "${ri_spec#core:}" "$@" ;;
	sh:*) run_sh_item "${ri_spec#sh:}" "$@" ;;
	*) msg "internal: bad check '$ri_spec'"; return 3 ;;
	esac
}

# run_core_item NAME ARG...: `signoff-core check NAME` for the current item.
# Its records are kept only if it exited 0; otherwise one error record says
# why (a signal, e.g. SIGSYS from the sandbox, is named).
run_core_item() {
	rci_name=$1
	shift
	jobs_core_planned "$rci_name" && return 0
	if [ "$ITEM_OPTIONAL" = yes ]; then
		set -- --optional "$@"
	fi
	now_ms
	ITEM_START_MS=$NOW_MS
	core_capture check "$rci_name" --id "$ITEM_ID" --section "$ITEM_SECTION" \
		--title "$ITEM_TITLE" --severity "$ITEM_SEVERITY" "$@"
	if [ -n "$CAP_TIMED_OUT" ]; then
		run_timeout_rec
		return
	fi
	if [ "$CAP_RC" = 0 ] && [ -n "$CAP_OUT" ]; then
		printf '%s' "$CAP_OUT"
		case $CAP_OUT in
		*"$NL") ;;
		*) printf '\n' ;;
		esac
		return 0
	fi
	if [ "$CAP_RC" = 0 ]; then
		REASON="signoff-core check $rci_name produced no records"
	else
		core_failure_reason "$CAP_RC" "$CAP_ERR" "signoff-core check $rci_name"
	fi
	rec error "core:$rci_name" "$REASON" "exit_status=$CAP_RC"
}

# run_timeout_rec: the error record of an item stopped by its timeout
# (core_capture's CAP_TIMEOUT; the item job sets it to the policy's key).
run_timeout_rec() {
	# shellcheck disable=SC2153 # set by the item job (item_job.sh)
	rec error "timeout" "stopped after the item's timeout of $CAP_TIMEOUT s (policy key timeout): no verdict" \
		"timeout_s=$CAP_TIMEOUT"
}

# run_sh_item NAME ARG...: shell function check_NAME for the current item.
# It must exit 0 and emit at least one record; otherwise one error record.
run_sh_item() {
	if [ -n "${RUN_CONFINE:-}" ]; then
		run_sh_confined "$@"
		return
	fi
	rsi_fn=check_$1
	shift
	now_ms
	ITEM_START_MS=$NOW_MS
	rsi_rc=0
	rsi_out=$("$rsi_fn" "$@" </dev/null) || rsi_rc=$?
	if [ "$rsi_rc" = 0 ] && [ -n "$rsi_out" ]; then
		printf '%s\n' "$rsi_out"
		return 0
	fi
	if [ "$rsi_rc" = 0 ]; then
		REASON="shell check $rsi_fn produced no records"
	else
		REASON="shell check $rsi_fn failed with status $rsi_rc"
	fi
	rec error "sh:${rsi_fn#check_}" "$REASON" "exit_status=$rsi_rc"
}

# run_report STREAM FORMAT FAIL_ON STARTED DURATION_MS POLICY OUTPUT:
# renders STREAM with `signoff-core report` to stdout or OUTPUT and exits
# with the report's status (0, 1 or 4), or 3 if rendering failed.
run_report() {
	rr_stream=$1 rr_policy=$6 rr_output=$7
	while :; do
		case $rr_stream in
		*"$NL") rr_stream=${rr_stream%"$NL"} ;;
		*) break ;;
		esac
	done
	set -- --format "$2" --fail-on "$3" --started "$4" --duration-ms "$5"
	if [ -n "$rr_policy" ]; then
		set -- "$@" --policy "$rr_policy"
	fi
	# The reader's options: which statuses to list, each item's fix.
	[ -n "${RUN_SHOW:-}" ] && set -- "$@" --show "$RUN_SHOW"
	while IFS=$US read -r rr_id rr_fix; do
		[ -n "$rr_id" ] && [ -n "$rr_fix" ] && set -- "$@" --fix "$rr_id=$rr_fix"
	done <<EOF
${RUN_FIXES:-}
EOF
	# The policy's section headings (titles, sign-off roles, order).
	while IFS=$US read -r rr_sec rr_title rr_role; do
		[ -n "$rr_sec" ] && set -- "$@" --heading "$rr_sec|$rr_title|$rr_role"
	done <<EOF
${POL_HEADINGS:-}
EOF
	# The policy's key indicators (policy_ext.sh), shown when their items ran.
	while IFS= read -r rr_ind; do
		[ -n "$rr_ind" ] && set -- "$@" --indicator "$rr_ind"
	done <<EOF
${POL_INDICATORS:-}
EOF
	rr_rc=0
	if [ -n "$rr_output" ]; then
		# Rendered into memory first: a failed render leaves the old
		# file as it was.  The x keeps trailing newlines.
		rr_doc=$(
			rr_in=0
			printf '%s\n' "$rr_stream" | "$CORE" report "$@" || rr_in=$?
			printf x
			exit "$rr_in"
		) || rr_rc=$?
		case $rr_rc in
		0 | 1 | 4) run_write_file "$rr_output" "${rr_doc%x}" ;;
		esac
	else
		printf '%s\n' "$rr_stream" | "$CORE" report "$@" || rr_rc=$?
	fi
	case $rr_rc in
	0 | 1 | 4) exit "$rr_rc" ;;
	esac
	core_failure_reason "$rr_rc" "" "signoff-core report"
	die 3 "rendering the report failed: $REASON"
}

# run_check_output FILE: --output must be writable before anything runs:
# FILE is not a directory, is writable if it exists, and its directory is
# writable (the report is written to a new file there, then renamed).
run_check_output() {
	[ -n "$1" ] || return 0
	if [ -d "$1" ]; then
		usage_die "--output $1: is a directory" "$CMD"
	elif [ -e "$1" ] && [ ! -w "$1" ]; then
		usage_die "--output $1: not writable" "$CMD"
	fi
	case $1 in
	*/*) rco_dir=${1%/*} ;;
	*) rco_dir=. ;;
	esac
	[ -n "$rco_dir" ] || rco_dir=/
	if [ ! -d "$rco_dir" ] || [ ! -w "$rco_dir" ]; then
		usage_die "--output $1: directory $rco_dir does not exist or is not writable" "$CMD"
	fi
}

# run_write_file FILE TEXT: replaces FILE by a file holding TEXT, so that a
# reader (a Prometheus textfile collector, say) sees the old or the new
# report, never half of one.  TEXT goes to a new file in FILE's directory,
# created exclusively (set -C: O_CREAT|O_EXCL, so no planted file or
# symlink is followed; the name is random, and never ends in .prom), then
# renamed over FILE (rename replaces a symlink at FILE, it never follows
# it).  The new file gets the process umask, like `>` did.  On failure:
# "cannot write FILE: REASON" once, the temporary file removed, FILE
# untouched, exit 3.
run_write_file() {
	rwf_file=$1
	case $rwf_file in
	*/*) rwf_dir=${rwf_file%/*} rwf_base=${rwf_file##*/} ;;
	*) rwf_dir=. rwf_base=$rwf_file ;;
	esac
	[ -n "$rwf_dir" ] || rwf_dir=/
	rwf_rand=$(od -An -N8 -tx1 /dev/urandom 2>/dev/null | tr -d ' \n') || rwf_rand=
	[ -n "$rwf_rand" ] || rwf_rand=$$
	rwf_tmp=$rwf_dir/.$rwf_base.$rwf_rand.tmp
	rwf_err=$(
		set -C
		if [ -e "$rwf_tmp" ] || [ -h "$rwf_tmp" ]; then
			echo "signoff: $rwf_tmp: File exists"
			exit 1
		fi
		{ printf '%s' "$2" | cat >"$rwf_tmp"; } 2>&1 || exit 1
		# Still our regular file (not swapped for a link or a FIFO)?
		if [ -h "$rwf_tmp" ] || [ ! -f "$rwf_tmp" ]; then
			echo "signoff: $rwf_tmp: replaced while it was written"
			exit 1
		fi
		mv -fT -- "$rwf_tmp" "$rwf_file" 2>&1 || exit 1
	) && return 0
	rm -f -- "$rwf_tmp" 2>/dev/null || :
	rwf_err=${rwf_err%%"$NL"*}
	rwf_why=${rwf_err##*: }
	die 3 "cannot write $rwf_file: ${rwf_why:-write failed}"
}

# fix_line TEXT: FIX = the one-line fix in an explain paragraph: text after
# "To fix a failure:", "To fix:", "How to fix:" or "Fix:", up to the end
# of its first sentence; returns 1 if TEXT is no such paragraph.
fix_line() {
	case $1 in
	'To fix a failure:'* | 'To fix:'* | 'How to fix:'* | 'Fix:'*) FIX=${1#*:} ;;
	*) return 1 ;;
	esac
	trim "$FIX"
	FIX=$TRIMMED
	case $FIX in
	*'. '[A-Z]*) FIX="${FIX%%. [A-Z]*}." ;;
	esac
	# One line: a long fix keeps its first steps (cut at a ';').
	while [ "${#FIX}" -gt 160 ]; do
		case $FIX in
		*'; '*) FIX=${FIX%; *} fl_cut=1 ;;
		*) break ;;
		esac
	done
	[ -z "${fl_cut:-}" ] || FIX="$FIX; ..."
	fl_cut=
	[ -n "$FIX" ]
}

# run_fixes IDS: RUN_FIXES = "id US fix" lines for the items IDS, from the
# policy's explain (POL_EXPLAIN), else, for a core check, from the core's
# own explain.  The human report prints them beside the failed items.
run_fixes() {
	RUN_FIXES='' rf_core_done='' rf_core_fixes='' rf_found='' rf_fixes=''
	rf_wanted=$1
	# One pass over the explain lines, split in memory (a `read` loop over
	# a here-document takes one read(2) per byte: rescanning 40 KB of
	# explain text for each of 56 items cost 0.4 s of CPU here).
	rf_old=$IFS
	IFS=$NL
	set -f
	# shellcheck disable=SC2086 # split on newlines on purpose, no globbing
	set -- ${POL_EXPLAIN:-}
	set +f
	IFS=$rf_old
	for rf_l in "$@"; do
		rf_id=${rf_l%%"$US"*}
		in_list "$rf_id" "$rf_wanted" || continue
		in_list "$rf_id" "$rf_found" && continue
		fix_line "${rf_l#*"$US"}" || continue
		rf_found="$rf_found $rf_id"
		rf_fixes="$rf_fixes$rf_id$US$FIX$NL"
	done
	for rf_want in $rf_wanted; do
		rf_fix=
		if in_list "$rf_want" "$rf_found"; then
			line_of "$rf_want" "$rf_fixes"
			rf_fix=$LINE_REST
		elif policy_item "$rf_want"; then
			case $IT_CHECK in
			core:*)
				rf_name=${IT_CHECK#core:}
				if ! in_list "$rf_name" "$rf_core_done"; then
					rf_core_done="$rf_core_done $rf_name"
					run_core_fix "$rf_name" &&
						rf_core_fixes="$rf_core_fixes$rf_name$US$FIX$NL"
				fi
				line_of "$rf_name" "$rf_core_fixes" && rf_fix=$LINE_REST
				;;
			esac
		fi
		[ -n "$rf_fix" ] && RUN_FIXES="$RUN_FIXES$rf_want$US$rf_fix$NL"
	done
	return 0
}

# run_core_fix NAME: FIX = the fix line of `signoff-core explain NAME`.
run_core_fix() {
	core_capture explain "$1"
	[ "$CAP_RC" = 0 ] || return 1
	# Paragraphs are separated by blank lines; join each one's lines.
	rcf_par=
	while IFS= read -r rcf_l; do
		if [ -z "$rcf_l" ]; then
			fix_line "$rcf_par" && return 0
			rcf_par=
		else
			rcf_par="${rcf_par:+$rcf_par }$rcf_l"
		fi
	done <<EOF
$CAP_OUT

EOF
	return 1
}
