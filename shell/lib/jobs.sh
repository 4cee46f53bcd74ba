# shellcheck shell=sh disable=SC2034,SC2154
# (SC2034/SC2154: globals are shared between the files sourced by signoff.)
# jobs.sh - running the selected items in parallel, each with a timeout,
# shell checks confined by `signoff-core confine`.
#
# Items are independent (each reads the host, none writes it), so they run
# as parallel jobs, at most RUN_JOBS at a time (--jobs, default: the number
# of online CPUs).  `xargs -P` bounds the jobs; each job
# (lib/item_job.sh) runs its item under `timeout` and writes its whole
# output at once, holding an flock(1) on lib/item_job.sh (opened read-only
# by each job: a lock on the shared pipe itself would be shared by all of
# them and exclude nobody), so the outputs of two items never interleave.  Every line is tagged with the item's
# position; the collector puts the records back in policy order, an item's
# own records before its sandbox record.  Nothing is written to disk.

RUN_JOBS=
RUN_PARALLEL=1
RUN_CONFINE=1

# The progress line on a terminal (lib/progress.sh: progress_filter).
# shellcheck source=shell/lib/progress.sh
. "$here/lib/progress.sh"

# jobs_default: RUN_JOBS = the number of online CPUs (1 if unknown), read
# from the kernel's list (/sys/devices/system/cpu/online, e.g. "0-3,8"):
# no process started, and no `getconf` found on PATH (a test's stand-in
# for the audited hardware) decides how the runner itself runs.
jobs_default() {
	[ -n "$RUN_JOBS" ] && return 0
	RUN_JOBS=0
	jd_list=
	{ IFS= read -r jd_list; } </sys/devices/system/cpu/online 2>/dev/null || jd_list=
	jd_rest=${jd_list:+$jd_list,}
	while [ -n "$jd_rest" ]; do
		jd_r=${jd_rest%%,*}
		jd_rest=${jd_rest#*,}
		case $jd_r in
		'' | *[!0-9-]* | *-*-* | -* | *-) RUN_JOBS=0 && break ;;
		*-*) RUN_JOBS=$((RUN_JOBS + ${jd_r#*-} - ${jd_r%-*} + 1)) ;;
		*) RUN_JOBS=$((RUN_JOBS + 1)) ;;
		esac
	done
	if [ "$RUN_JOBS" -lt 1 ]; then
		RUN_JOBS=$(getconf _NPROCESSORS_ONLN 2>/dev/null) || RUN_JOBS=
		is_uint "$RUN_JOBS" && [ "$RUN_JOBS" -ge 1 ] || RUN_JOBS=1
	fi
}

# jobs_shell: SIGNOFF_SH = the shell that runs the job scripts.
jobs_shell() {
	if [ -z "${SIGNOFF_SH:-}" ]; then
		SIGNOFF_SH=$(command -v dash 2>/dev/null) || SIGNOFF_SH=
		[ -n "$SIGNOFF_SH" ] || SIGNOFF_SH=/bin/sh
	fi
}

# jobs_run_items: the record stream of every selected item, on stdout (the
# header first).  Returns 3 if a job could not report at all.
jobs_run_items() {
	jobs_default
	jobs_shell
	{ command -v xargs >/dev/null 2>&1 && command -v flock >/dev/null 2>&1 &&
		command -v timeout >/dev/null 2>&1; } ||
		{ msg "xargs, flock and timeout are needed to run the items"; return 3; }
	SIGNOFF_JOB_ITEMS=
	jri_n=0
	while IFS= read -r jri_line; do
		[ -n "$jri_line" ] || continue
		jri_id=${jri_line%%"$US"*}
		in_list "$jri_id" "$SELECTED" || continue
		SIGNOFF_JOB_ITEMS="$SIGNOFF_JOB_ITEMS$jri_line$NL"
		jri_n=$((jri_n + 1))
	done <<EOF
$POL_ITEMS
EOF
	SIGNOFF_JOB_EXTRA=$POL_EXTRA SIGNOFF_JOB_ROOT=$ROOT SIGNOFF_CORE=$CORE
	SIGNOFF_HERE=$here SIGNOFF_AUDIT_ENV=${AUDIT_ENV:-production}
	SIGNOFF_OFFLINE=${POL_OFFLINE:-no}
	export SIGNOFF_JOB_ITEMS SIGNOFF_JOB_EXTRA SIGNOFF_JOB_ROOT SIGNOFF_CORE \
		SIGNOFF_HERE SIGNOFF_AUDIT_ENV SIGNOFF_OFFLINE SIGNOFF_SH
	records_header
	# Items per job: about four jobs per slot, so a slow item is balanced
	# by the others while most items share their job's shell, lock and
	# awk (item_job.sh); at least 1, at most 8 (a job's records wait for
	# its last item).
	RUN_BATCH=$(((jri_n + 4 * RUN_JOBS - 1) / (4 * RUN_JOBS)))
	[ "$RUN_BATCH" -ge 1 ] || RUN_BATCH=1
	[ "$RUN_BATCH" -le 8 ] || RUN_BATCH=8
	jri_i=1
	while [ "$jri_i" -le "$jri_n" ]; do
		printf '%s\n' "$jri_i"
		jri_i=$((jri_i + 1))
	done | xargs -P "$RUN_JOBS" -n "$RUN_BATCH" "$SIGNOFF_SH" "$here/lib/item_job.sh" job |
		progress_filter "$jri_n" |
		awk -v n="$jri_n" -v us="$US" '
		{
			i = index($0, us)
			if (i == 0) { bad = 1; next }
			k = substr($0, 1, i - 1) + 0
			line = substr($0, i + 1)
			if (line == "#end") { done[k] = 1; next }
			if (substr(line, 1, 1) == "#") next
			if (substr(line, 1, 8) == "sandbox\t") sb[k] = sb[k] line "\n"
			else rec[k] = rec[k] line "\n"
		}
		END {
			for (k = 1; k <= n; k++) {
				if (!(k in done)) { bad = 1; continue }
				printf "%s%s", rec[k], sb[k]
			}
			exit bad ? 3 : 0
		}'
}

# jobs_core_planned NAME: for a core check that is designed but not built
# in this signoff-core (core.sh's CORE_PLANNED), emits the item's skip
# record and returns 0; returns 1 for any other check.
jobs_core_planned() {
	in_list "$1" "$CORE_PLANNED" || return 1
	in_list "$1" "$CORE_CHECKS" && return 1
	now_ms
	ITEM_START_MS=$NOW_MS
	rec skip "core:$1" "not implemented yet: this signoff-core has no '$1' check, so the item cannot be judged" \
		"check=core:$1"
	return 0
}

# run_sh_confined NAME ARG...: shell function check_NAME for the current
# item, run by `signoff-core confine` with exactly the item's needs
# (IT_NEEDS).  The confine's sandbox record is kept; a check that exits
# non-zero (a write, a socket or a file refused by the sandbox makes it
# do so) or reports nothing becomes an error record naming the reason.
run_sh_confined() {
	rsc_fn=check_$1
	shift
	now_ms
	ITEM_START_MS=$NOW_MS
	SIGNOFF_ITEM_START_MS=$ITEM_START_MS
	export ITEM_ID ITEM_SECTION ITEM_TITLE ITEM_SEVERITY ITEM_OPTIONAL \
		SIGNOFF_ITEM_START_MS
	jobs_shell
	core_capture confine --needs "${IT_NEEDS:-none}" --record "$ITEM_ID" -- \
		"$SIGNOFF_SH" "$here/lib/item_job.sh" exec "$rsc_fn" "$@"
	if [ -n "$CAP_TIMED_OUT" ]; then
		run_timeout_rec
		return
	fi
	rsc_sandbox='' rsc_records=''
	while IFS= read -r rsc_l; do
		case $rsc_l in
		'' | '#'*) ;;
		"sandbox$TAB"*) rsc_sandbox="$rsc_sandbox$rsc_l$NL" ;;
		*) rsc_records="$rsc_records$rsc_l$NL" ;;
		esac
	done <<EOF
$CAP_OUT
EOF
	if [ "$CAP_RC" = 0 ] && [ -n "$rsc_records" ]; then
		printf '%s%s' "$rsc_records" "$rsc_sandbox"
		return 0
	fi
	if [ "$CAP_RC" = 0 ]; then
		REASON="shell check $rsc_fn produced no records"
	elif [ "$CAP_RC" -gt 128 ]; then
		core_failure_reason "$CAP_RC" "" "shell check $rsc_fn"
	elif [ -z "$rsc_sandbox" ]; then
		REASON="signoff-core confine could not confine shell check $rsc_fn (status $CAP_RC)${CAP_ERR:+: $CAP_ERR}"
	else
		REASON="shell check $rsc_fn failed with status $CAP_RC under confinement (needs ${IT_NEEDS:-none})${CAP_ERR:+: $CAP_ERR}"
	fi
	rec error "sh:${rsc_fn#check_}" "$REASON" "exit_status=$CAP_RC" "needs=${IT_NEEDS:-none}" || return 3
	printf '%s' "$rsc_sandbox"
}
