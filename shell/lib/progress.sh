# shellcheck shell=sh disable=SC2034,SC2154
# (SC2034/SC2154: globals are shared between the files sourced by signoff.)
# progress.sh - a progress line for a long audit on a terminal.
#
# Shown only when both standard output and standard error are terminals
# (so `signoff audit > report`, `| less`, `2> log`, cron, systemd and
# ansible never see it) and TERM is not "dumb"; SIGNOFF_PROGRESS=0 turns it
# off.  Decided once, when this file is sourced by the top-level signoff
# (jobs.sh sources it): later, the runner's stdout is a pipe to the
# renderer, so a test there would always say no.  The line goes to
# standard error, is rewritten in place (CR, erase line) and erased when the
# items are done, so what is left on the terminal is the report alone.
#
# What it says: "signoff: DONE/TOTAL items, running: ID (+K more)".  Jobs
# of BATCH items each are started by `xargs -P JOBS` in policy order, so
# the items running or waiting in a running job are the ones not done
# among the first min(TOTAL, DONE + JOBS * BATCH): the first of them is
# named (the one holding back the policy-ordered report), K counts the
# others.  A job reports its items when its last one is done.

PROGRESS_ON=
if [ "${SIGNOFF_PROGRESS:-1}" != 0 ] && [ "${TERM:-dumb}" != dumb ] &&
	[ -t 1 ] && [ -t 2 ]; then
	PROGRESS_ON=1
fi

# progress_filter TOTAL: copies the tagged job stream (lines "K<US>...",
# "K<US>#end" when item K is done) from stdin to stdout unchanged and,
# with PROGRESS_ON, draws the progress line on stderr.  Item ids come from
# SIGNOFF_JOB_ITEMS (one item a line, its id before the first US).
progress_filter() {
	if [ -z "$PROGRESS_ON" ]; then
		cat
		return
	fi
	awk -v n="$1" -v jobs="$((${RUN_JOBS:-1} * ${RUN_BATCH:-1}))" -v us="$US" '
	function draw(   k, lim, first, more, s) {
		lim = ndone + jobs
		if (lim > n) lim = n
		first = ""; more = 0
		for (k = 1; k <= lim; k++) {
			if (k in done) continue
			if (first == "") first = id[k]; else more++
		}
		s = "signoff: " ndone "/" n " items"
		if (first != "") s = s ", running: " first
		if (more > 0) s = s " (+" more " more)"
		if (length(s) > 79) s = substr(s, 1, 79)
		printf "\r\033[K%s", s > "/dev/stderr"
		fflush("/dev/stderr")
	}
	BEGIN {
		m = split(ENVIRON["SIGNOFF_JOB_ITEMS"], lines, "\n")
		for (k = 1; k <= m; k++) {
			i = index(lines[k], us)
			id[k] = i ? substr(lines[k], 1, i - 1) : lines[k]
		}
		ndone = 0
		draw()
	}
	{
		print
		i = index($0, us)
		if (i > 0 && substr($0, i + 1) == "#end") {
			k = substr($0, 1, i - 1) + 0
			if (!(k in done)) { done[k] = 1; ndone++; draw() }
		}
	}
	END {
		printf "\r\033[K" > "/dev/stderr"
		fflush("/dev/stderr")
	}'
}
