#!/bin/sh
# test_progress.sh - the progress line of a long audit (lib/progress.sh):
# on a terminal (a pty from script(1)) it shows DONE/TOTAL and the running
# item on stderr and is erased at the end; with stdout or stderr
# redirected, on a pipe, with TERM=dumb or SIGNOFF_PROGRESS=0 it never
# appears, and the report itself is the same either way.
# shellcheck source=tests/shell/lib.sh
. tests/shell/lib.sh

# The embedded host policy, two jobs at a time.
A="audit --jobs 2"

# Not a terminal: stdout and stderr are files (the harness's own run()).
so audit --jobs 2 --format json
check_no "no progress on stderr when not on a terminal" "$T_ERR" "items, running"
check_no "no progress in the report when not on a terminal" "$T_OUT" "items, running"
printf '%s\n' "$T_OUT" | jq -S '[.results[] | del(.duration_ms)]' >"$T_TMP/plain.json" 2>/dev/null || :

if ! command -v script >/dev/null 2>&1; then
	printf 'skip - script(1) not installed: the terminal half is not tested\n'
	t_end
fi
# pty CMD: runs the shell command CMD in a pseudo-terminal (stdin, stdout
# and stderr all on it); what the terminal received goes to $T_TMP/tty.
pty() {
	T_RC=0
	TERM=${PTY_TERM:-xterm} script -qec "$1" /dev/null </dev/null >"$T_TMP/tty" 2>&1 || T_RC=$?
	T_OUT=$(tr '\r' '\n' <"$T_TMP/tty")
	T_ERR=
}
S="$SIGNOFF_SHELL $SIGNOFF"
pty "$S $A --format json --output $T_TMP/tty.json"
check_out "on a terminal: the progress line starts at 0 of the total" "signoff: 0/"
check_out "on a terminal: the progress line names a running item" "items, running: "
tot=$(printf '%s\n' "$T_OUT" | sed -n 's/^.*signoff: 0\/\([0-9]*\) items.*$/\1/p' | head -n 1)
done_line=$(printf '%s\n' "$T_OUT" | grep -c "signoff: $tot/$tot items" || :)
if [ -n "$tot" ] && [ "$tot" -gt 0 ] && [ "$done_line" -ge 1 ]; then
	ok "on a terminal: counts up to $tot/$tot"
else
	nok "on a terminal: counts up to the total" "tot=$tot" "$(t_diag)"
fi
# The last thing on the terminal is the erase: no progress left behind.
last=$(tail -c 4 "$T_TMP/tty" | od -An -c | tr -d ' ')
case $last in
*'\r033[K' | *'033[K') ok "on a terminal: the progress line is erased at the end" ;;
*) nok "on a terminal: the progress line is erased at the end" "last bytes: $last" ;;
esac
jq -S '[.results[] | del(.duration_ms)]' "$T_TMP/tty.json" >"$T_TMP/tty.norm" 2>/dev/null || :
# Verdicts only (ids, statuses, subjects): the same report either way.
for f in plain.json tty.norm; do
	jq -r '.[] | [.id, .status, (.subject // "")] | @tsv' "$T_TMP/$f" 2>/dev/null | sort >"$T_TMP/$f.tsv"
done
if [ -s "$T_TMP/plain.json.tsv" ] && cmp -s "$T_TMP/plain.json.tsv" "$T_TMP/tty.norm.tsv"; then
	ok "the report on a terminal has the same records as off it"
else
	nok "the report on a terminal has the same records as off it" "$(diff "$T_TMP/plain.json.tsv" "$T_TMP/tty.norm.tsv" | head)"
fi
if grep -q 'items, running' "$T_TMP/tty.json"; then
	nok "the --output report never holds the progress line"
else
	ok "the --output report never holds the progress line"
fi

# A terminal, but stdout redirected (to a file, to a pipe) or stderr
# redirected: nothing.
pty "$S $A --format json >$T_TMP/r1.json"
check_no "stdout to a file: no progress on the terminal" "$T_OUT" "items"
if grep -q 'items, running' "$T_TMP/r1.json"; then nok "stdout to a file: no progress in the file"; else ok "stdout to a file: no progress in the file"; fi
pty "$S $A --format json | cat >$T_TMP/r2.json"
check_no "stdout to a pipe: no progress on the terminal" "$T_OUT" "items"
pty "$S $A --format json --output $T_TMP/r3.json 2>$T_TMP/r3.err"
if grep -q 'items' "$T_TMP/r3.err"; then nok "stderr to a file: no progress in it" "$(cat "$T_TMP/r3.err")"; else ok "stderr to a file: no progress in it"; fi
check_no "stderr to a file: nothing on the terminal" "$T_OUT" "items, running"
pty "SIGNOFF_PROGRESS=0 $S $A --format json --output $T_TMP/r4.json"
check_no "SIGNOFF_PROGRESS=0: no progress" "$T_OUT" "items, running"
PTY_TERM=dumb pty "$S $A --format json --output $T_TMP/r5.json"
check_no "TERM=dumb: no progress" "$T_OUT" "items, running"
t_end
