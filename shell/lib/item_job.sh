#!/bin/sh
# shellcheck shell=sh disable=SC2034,SC2154 source-path=SCRIPTDIR
# item_job.sh - policy items, run by the parallel runner (lib/jobs.sh).
#
#   item_job.sh job N...     items N... of $SIGNOFF_JOB_ITEMS, one after the
#                            other, each one's process under `timeout`;
#                            prints every item's record lines tagged
#                            "N<US>", each item closed by "N<US>#end", in
#                            one locked write (flock on this script; stdout
#                            is a pipe shared by all jobs)
#   item_job.sh exec FN ARG...  the shell function FN, already confined by
#                            `signoff-core confine` (lib/jobs.sh)
#
# A job takes several items (jobs.sh picks how many): one shell, one lock
# and one awk for all of them instead of one each, the larger part of an
# item's own cost on a machine where a process start costs 5 ms.
#
# State comes from the environment set by jobs_run_items: SIGNOFF_HERE,
# SIGNOFF_CORE, SIGNOFF_JOB_ITEMS, SIGNOFF_JOB_EXTRA, SIGNOFF_JOB_ROOT,
# SIGNOFF_AUDIT_ENV, SIGNOFF_OFFLINE, SIGNOFF_SH; exec mode also ITEM_*.

set -eu
LC_ALL=C
export LC_ALL
here=${SIGNOFF_HERE:?}
CORE=${SIGNOFF_CORE:?}
# shellcheck source=util.sh
. "$here/lib/util.sh"
# shellcheck source=records.sh
. "$here/lib/records.sh"
# shellcheck source=core.sh
. "$here/lib/core.sh"
AUDIT_ENV=${SIGNOFF_AUDIT_ENV:-production}
POL_OFFLINE=${SIGNOFF_OFFLINE:-no}

# ij_item N: ITEM_* and the item's check and args from line N.
ij_item() {
	# Line N of the items, found in memory (util.sh line_of), then split.
	ij_want=$1 ij_k=0 ij_line_text='' ij_old=$IFS
	IFS=$NL
	set -f
	# shellcheck disable=SC2086 # split on newlines on purpose, no globbing
	set -- $SIGNOFF_JOB_ITEMS
	set +f
	IFS=$ij_old
	for ij_l in "$@"; do
		ij_k=$((ij_k + 1))
		if [ "$ij_k" = "$ij_want" ]; then
			ij_line_text=$ij_l
			break
		fi
	done
	[ -n "$ij_line_text" ] || die 3 "item_job: no item $ij_want"
	IFS=$US read -r ITEM_ID ITEM_SECTION ij_phase ITEM_SEVERITY \
		IJ_CHECK ITEM_OPTIONAL ij_line ITEM_TITLE IJ_ARGS <<EOF
$ij_line_text
EOF
	: "$ij_phase" "$ij_line"
	POL_EXTRA=$SIGNOFF_JOB_EXTRA
	policy_ext_of "$ITEM_ID"
	ROOT=$SIGNOFF_JOB_ROOT
}

ij_mode=${1:-}
[ "$#" -gt 0 ] && shift
case $ij_mode in
job)
	# The runner's own files: the exec mode (the check) needs none of them.
	# shellcheck source=policy_ext.sh
	. "$here/lib/policy_ext.sh"
	# shellcheck source=run.sh
	. "$here/lib/run.sh"
	# shellcheck source=jobs.sh
	. "$here/lib/jobs.sh"
	ij_all=
	for ij_n in "$@"; do
		ij_item "$ij_n"
		now_ms
		ITEM_START_MS=$NOW_MS
		ij_rc=0
		# The item's own process (signoff-core check, or signoff-core
		# confine running the shell check) runs under `timeout`
		# (core_capture): this job is never stopped, so it always
		# reports the item.
		CAP_TIMEOUT=$IT_TIMEOUT
		ij_out=$(run_item "$IJ_CHECK" "$IJ_ARGS" </dev/null) || ij_rc=$?
		if [ "$ij_rc" != 0 ] || [ -z "$ij_out" ]; then
			ij_out=$(rec error "internal" "internal error while running the item (status $ij_rc)" \
				"exit_status=$ij_rc") || exit 3
		fi
		# Every record of the item carries a duration: a record its
		# check left without one (a finding of a core check) gets the
		# item's own.
		now_ms
		ij_dur=$((NOW_MS - ITEM_START_MS))
		[ "$ij_dur" -ge 0 ] || ij_dur=0
		# required-in: outside those environments a failure is a warning
		# that says so (the core checks do not know the environment).
		case ,$IT_REQUIRED, in
		,, | *",$AUDIT_ENV,"*) ij_note='' ;;
		*) ij_note=" (a failure only in $IT_REQUIRED; this is $AUDIT_ENV: a warning)" ;;
		esac
		# The awk below reads "#item" lines as the item's own: no line
		# of a check starts with '#' but the core's stream header
		# (run_sh_confined drops them; the core escapes its fields).
		ij_all="$ij_all#item$TAB$ij_n$TAB$ij_dur$TAB$ij_note$NL$ij_out$NL#end$NL"
	done
	# One awk for the edits of every item (the duration, required-in, the
	# tag), run under the lock and writing straight to the shared pipe:
	# its output, however many writes, is all out before the lock is
	# released.  The lock is taken on this script, opened read-only by
	# each job on its own: all jobs share one open description of the
	# pipe, so a lock on fd 1 would not exclude anyone.  Nothing is
	# created or written.
	# shellcheck disable=SC2016 # an awk program, run by flock
	printf '%s' "$ij_all" |
		flock -x "$here/lib/item_job.sh" awk -F '\t' -v OFS='\t' -v us="$US" '
		$1 == "#item" && NF == 4 { p = $2 us; d = $3; note = $4; next }
		p == "" { next }
		$0 !~ /^#/ && NF >= 11 {
			if ($11 == "") $11 = d
			if (note != "" && $4 == "fail") { $4 = "warn"; $7 = $7 note }
		}
		{ print p $0 }'
	;;
exec)
	ITEM_START_MS=${SIGNOFF_ITEM_START_MS:-0}
	for ij_f in "$here"/sections/*.sh ${SIGNOFF_SECTIONS:+"$SIGNOFF_SECTIONS"/*.sh}; do
		[ -f "$ij_f" ] || continue
		# shellcheck source=/dev/null
		. "$ij_f"
	done
	ij_fn=$1
	shift
	case $ij_fn in
	check_*) ;;
	*) die 3 "item_job: not a check function: $ij_fn" ;;
	esac
	"$ij_fn" "$@" </dev/null
	;;
*) die 3 "item_job: unknown mode '$ij_mode'" ;;
esac
