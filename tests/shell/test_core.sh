#!/bin/sh
# test_core.sh - signoff-core's own command line: usage errors, the record
# command's escaping, the reader's rejections through `report`, the sandbox
# record of a real check, and a large stream rendered inside the
# read/write/exit-only filter.
set -eu
core=${SIGNOFF_CORE:-build/signoff-core}
fails=0
ok() { echo "ok - $1"; }
notok() { echo "not ok - $1"; fails=$((fails + 1)); }
# expect_rc WANT NAME CMD...: runs CMD, compares its exit status
expect_rc() {
	want=$1 name=$2
	shift 2
	set +e
	"$@" >/dev/null 2>&1
	got=$?
	set -e
	if [ "$got" -eq "$want" ]; then ok "$name (exit $got)"; else notok "$name: exit $got, want $want"; fi
}
work=$(mktemp -d /tmp/signoff-core-test.XXXXXX)
trap 'rm -rf "$work"' EXIT INT TERM
tab=$(printf '\t')
esc=$(printf '\033')

expect_rc 2 "no command" "$core"
expect_rc 2 "unknown command" "$core" frobnicate
expect_rc 2 "unknown check" "$core" check nosuch /tmp
expect_rc 2 "check without a name" "$core" check
expect_rc 2 "bad --severity" "$core" check secrets /tmp --severity fatal
expect_rc 2 "bad --id" "$core" check secrets /tmp --id 'Bad Id'
expect_rc 2 "report: bad format" "$core" report --format xml
expect_rc 2 "report: bad --fail-on" "$core" report --fail-on none
expect_rc 2 "report: bad --started" "$core" report --started 'now"<x>'
expect_rc 2 "record: missing fields" "$core" record --id a
expect_rc 2 "record: bad status" "$core" record --id a --section s --title t \
	--status passed --severity info --subject s --message m
expect_rc 2 "record: line without path" "$core" record --id a --section s --title t \
	--status pass --severity info --subject s --message m --line 3
expect_rc 0 "version" "$core" version
expect_rc 0 "help" "$core" --help
expect_rc 0 "explain secrets" "$core" explain secrets
expect_rc 2 "explain unknown" "$core" explain nosuch

# validate: many `check NAME --dry-run` in one run, one answer per line, in
# order; each as the single dry-run judges it.
vin="3${tab}http${tab}http://127.0.0.1:1/
4${tab}ports${tab}5432
9${tab}http${tab}ftp://x/
12${tab}cert
"
vwant="3${tab}http${tab}0${tab}
4${tab}ports${tab}2${tab}$("$core" check ports --dry-run 5432 2>&1 | head -n 1)
9${tab}http${tab}2${tab}$("$core" check http --dry-run ftp://x/ 2>&1 | head -n 1)
12${tab}cert${tab}2${tab}$("$core" check cert --dry-run 2>&1 | head -n 1)"
vgot=$(printf '%s' "$vin" | "$core" validate 2>&1) && vrc=0 || vrc=$?
if [ "$vrc" = 0 ] && [ "$vgot" = "$vwant" ]; then
	ok "validate: one line per item, the status and first stderr line of its dry-run"
else
	notok "validate: got (exit $vrc) [$vgot], want [$vwant]"
fi
expect_rc 2 "validate: a tag that is not digits" sh -c "printf 'x${tab}ports\n' | $core validate"
expect_rc 2 "validate: an unknown check" sh -c "printf '1${tab}nosuch\n' | $core validate"
expect_rc 2 "validate: a last line without newline" sh -c "printf '1${tab}ports' | $core validate"
expect_rc 2 "validate: takes no arguments" "$core" validate x
for vcase in "1 MiB:over 1 MiB" "NUL:a NUL byte"; do
	if [ "${vcase%%:*}" = NUL ]; then
		vgot=$(printf '1\tports\0\n' | "$core" validate 2>&1) && vrc=0 || vrc=$?
	else
		vgot=$(head -c 1100000 /dev/zero | tr '\0' x | "$core" validate 2>&1) && vrc=0 || vrc=$?
	fi
	case $vrc:$vgot in
	2:*"${vcase#*:}"*) ok "validate: refuses ${vcase#*:} (exit 2, says so)" ;;
	*) notok "validate: ${vcase#*:}: exit $vrc: $vgot" ;;
	esac
done

# policy default is the embedded host.conf, byte for byte.
if [ "$("$core" policy default)" = "$(cat policies/host.conf)" ]; then
	ok "policy default prints the embedded policies/host.conf"
else
	notok "policy default differs from policies/host.conf"
fi

# record: hostile bytes are escaped, and the line reads back.
rec=$("$core" record --header --id x.y --section s --title "T" --status pass \
	--severity info --subject "a${tab}pass
${esc}[31mred" --message "m\\" --evidence "k=v${tab}w")
case $rec in
*"$esc"*) notok "record let a raw ESC through" ;;
*) ok "record escapes ESC" ;;
esac
if [ "$(printf '%s\n' "$rec" | wc -l)" -eq 2 ]; then ok "record: header + exactly one line despite a newline in the subject"; else notok "record forged extra lines"; fi
fields=$(printf '%s\n' "$rec" | tail -n 1 | awk -F '\t' '{print NF}')
if [ "$fields" -eq 12 ]; then ok "record: 11 fields + 1 evidence despite tabs in values"; else notok "record: $fields fields"; fi
if printf '%s\n' "$rec" | tail -n 1 | grep -qF 'a\tpass\n\x1b[31mred'; then ok "record: subject escaped as documented"; else notok "record: subject escaping"; fi
if printf '%s\n' "$rec" | "$core" report --format json | jq -e '.results[0].subject == "a\\tpass\\n\\x1b[31mred" and .results[0].evidence.k == "v\\tw"' >/dev/null; then
	ok "record -> report json round trip"
else
	notok "record -> report json round trip"
fi

# report: malformed streams exit 3 and name the line and field.
bad=$(printf '#signoff-records\t1\nid\tsec\tt\tpasss\tinfo\ts\tm\t\t\t\t\n')
set +e
err=$(printf '%s\n' "$bad" | "$core" report 2>&1 >/dev/null)
rc=$?
set -e
if [ "$rc" -eq 3 ] && printf '%s' "$err" | grep -q 'line 2, field 4 (status)'; then
	ok "report rejects a bad status, naming line 2 field 4"
else
	notok "report on a bad status: exit $rc, '$err'"
fi
expect_rc 3 "report rejects a stream without header" sh -c "printf 'a\tb\n' | '$core' report"
expect_rc 3 "report rejects a truncated last line" sh -c "printf '#signoff-records\t1\nid' | '$core' report"
expect_rc 3 "report rejects empty input" sh -c "'$core' report </dev/null"
expect_rc 0 "report accepts a header alone" sh -c "'$core' record --header | '$core' report"

# Exit status follows the records and --fail-on.
# mk N STATUS SEVERITY
mk() { "$core" record --id "c$1" --section s --title t --status "$2" --severity "$3" --subject s --message m; }
stream() {
	"$core" record --header
	for spec in "$@"; do
		# shellcheck disable=SC2086 # "N STATUS SEVERITY" split on purpose
		mk $spec
	done
}
s1=$(stream "1 pass info" "2 fail low" "3 warn high")
expect_rc 1 "a low failure fails by default" sh -c "printf '%s\n' \"\$1\" | '$core' report" _ "$s1"
expect_rc 0 "a low failure passes --fail-on high" sh -c "printf '%s\n' \"\$1\" | '$core' report --fail-on high" _ "$s1"
s2=$(stream "1 pass info" "2 error high")
expect_rc 4 "an error without failure is incomplete (4)" sh -c "printf '%s\n' \"\$1\" | '$core' report" _ "$s2"

# A real check's sandbox record, read back from the kernel.
mkdir -m 0700 "$work/sec"
printf 'a-long-enough-secret-value-123\n' >"$work/sec/db.txt"
chmod 0600 "$work/sec/db.txt"
if [ "$(id -u)" -eq 0 ]; then
	out=$("$core" check secrets "$work/sec" | "$core" report --format json)
	if printf '%s' "$out" | jq -e '.results[] | select(.id == "sandbox") |
	    .status == "pass" and (.evidence.uid | tostring) == "65534" and
	    (.evidence.no_new_privs | tostring) == "1" and
	    (.evidence.seccomp | tostring) == "2" and
	    .evidence.cap_eff == "0000000000000004" and
	    .evidence.cap_bnd == "0000000000000004"' >/dev/null; then
		ok "check secrets as root: sandbox record shows uid 65534, CAP_DAC_READ_SEARCH only, NNP 1, seccomp 2"
	else
		notok "sandbox record as root: $(printf '%s' "$out" | jq -c '.results[] | select(.id == "sandbox") | .evidence')"
	fi
	if printf '%s' "$out" | jq -e '[.results[] | select(.id == "sandbox")][0].evidence.landlock == "enforced"' >/dev/null; then
		ok "Landlock enforced on this kernel"
	else
		echo "skip - Landlock not enforced on this kernel"
	fi
	chmod 0755 "$work" "$work/sec"
	chmod 0644 "$work/sec/db.txt"
	out=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$core" check secrets "$work/sec" | "$core" report --format json || true)
	if printf '%s' "$out" | jq -e '.results[] | select(.id == "sandbox") |
	    .status == "warn" and (.message | test("not started as root")) and (.evidence.no_new_privs | tostring) == "1" and (.evidence.seccomp | tostring) == "2"' >/dev/null; then
		ok "check secrets unprivileged: NNP and seccomp still applied, the record says what was not"
	else
		notok "sandbox record unprivileged: $out"
	fi
	# Issue 6, hole 10: the record says what is really held (CapEff),
	# even when the unprivileged caller handed over ambient capabilities.
	for how in plain ambient; do
		if [ "$how" = plain ]; then
			out=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$core" check secrets "$work/sec" || true)
		else
			out=$(setpriv --reuid=65534 --regid=65534 --clear-groups \
				--inh-caps +dac_read_search --ambient-caps +dac_read_search \
				"$core" check secrets "$work/sec" || true)
		fi
		sbx=$(printf '%s\n' "$out" | awk -F '\t' '$1 == "sandbox"')
		case $sbx in
		*cap_dac_read_search*) notok "unprivileged ($how): the sandbox record names cap_dac_read_search: $sbx" ;;
		*"capabilities none (CapEff 0000000000000000)"*"${tab}cap_eff=0000000000000000${tab}cap_prm=0000000000000000${tab}"*)
			ok "unprivileged ($how): the sandbox record says no capability is held, as CapEff says" ;;
		*) notok "unprivileged ($how): sandbox record: $sbx" ;;
		esac
	done
	chmod 0700 "$work" "$work/sec"
else
	echo "skip - sandbox record as root (not root)"
fi

# Issue 6, hole 3, from the outside: an inherited descriptor open for
# writing is closed before any input is read, every profile allows write
# on descriptors 1 and 2 only, and no profile maps executable memory.
if [ "$(id -u)" -eq 0 ] && [ -r /proc/self/syscall ]; then
	mkfifo "$work/in"
	"$core" report 7>>"$work/fd7" <"$work/in" >/dev/null 2>&1 &
	cpid=$!
	exec 9>"$work/in"
	# Wait until the core blocks reading its stdin (syscall 0 on fd 0).
	n=0
	while [ "$n" -lt 100 ]; do
		case $(cat "/proc/$cpid/syscall" 2>/dev/null) in
		"0 0x0 "*) break ;;
		esac
		sleep 0.05
		n=$((n + 1))
	done
	if [ "$n" -ge 100 ]; then
		notok "report never blocked on stdin (cannot observe its descriptors)"
	elif [ -e "/proc/$cpid/fd/7" ]; then
		notok "an inherited fd 7 open for writing is still open in the core"
	else
		ok "an inherited fd 7 open for writing is closed before input is read"
	fi
	exec 9>&-
	wait "$cpid" || :
else
	echo "skip - inherited descriptors: needs root and /proc/PID/syscall"
fi
if [ "$(uname -m)" = x86_64 ]; then
	for prof in report secrets; do
		pfc=$("$core" seccomp-export "$prof")
		w=$(printf '%s\n' "$pfc" | sed -n '/filter for syscall "write"/,/filter for syscall\|# default action/p')
		if printf '%s\n' "$w" | grep -q 'a0.lo32 & 0xffffffff == 1' &&
			printf '%s\n' "$w" | grep -q 'a0.lo32 & 0xffffffff == 2' &&
			[ "$(printf '%s\n' "$w" | grep -c 'action ALLOW')" -eq 2 ]; then
			ok "seccomp $prof: write allowed on fds 1 and 2 only"
		else
			notok "seccomp $prof: write not limited to fds 1 and 2"
		fi
	done
	m=$("$core" seccomp-export secrets | sed -n '/filter for syscall "mmap"/,/filter for syscall "[a-z]*" ([0-9]*) \[priority: [0-9]*\]$/p' | sed '$d')
	if printf '%s\n' "$m" | grep -q 'a2.lo32 & 0x00000004 == 0' &&
		[ "$(printf '%s\n' "$m" | grep -c 'action ALLOW')" -eq 1 ]; then
		ok "seccomp secrets: mmap only without PROT_EXEC"
	else
		notok "seccomp secrets: mmap with PROT_EXEC is allowed"
	fi
else
	echo "skip - seccomp exports are checked on x86_64"
fi
# The policy compiler refuses the unsafe spellings, and `write any` is the
# one explicit opt-in.
mkdir "$work/pol"
for bad in write mmap mprotect 'mprotect any' 'read stdout' 'pkey_mprotect'; do
	printf '%s\n' "$bad" >"$work/pol/p.policy"
	if awk -f core/sandbox/policy2c.awk "$work/pol/p.policy" >/dev/null 2>&1; then
		notok "policy2c accepted '$bad'"
	else
		ok "policy2c refuses '$bad'"
	fi
done
printf 'write any\nmmap noexec\n' >"$work/pol/p.policy"
if awk -f core/sandbox/policy2c.awk "$work/pol/p.policy" 2>/dev/null |
	grep -q '{ "write", POL_ANY }' &&
	! grep -rqx 'write[[:space:]]*any.*' policies/seccomp/; then
	ok "policy2c: 'write any' is the explicit opt-in, and no profile uses it"
else
	notok "policy2c: 'write any'"
fi

# Issue 6, hole 4: report sizes its memory from its input, so a small
# address-space limit (ulimit -v, or vm.overcommit_memory=2 hosts) still
# renders; a check runs under the same limit.
small=$("$core" record --header; mk 1 pass info)
for fmt in human json sarif; do
	set +e
	out=$(printf '%s\n' "$small" | sh -c 'ulimit -v 200000 && exec "$0" report --format "$1"' "$core" "$fmt" 2>&1)
	rc=$?
	set -e
	if [ "$rc" -eq 0 ]; then
		ok "report --format $fmt renders under ulimit -v 200000"
	else
		notok "report --format $fmt under ulimit -v 200000: exit $rc: $out"
	fi
done
set +e
out=$(sh -c 'ulimit -v 200000 && exec "$0" check secrets "$1"' "$core" "$work/sec" 2>&1)
rc=$?
set -e
case $rc in
0 | 1) ok "check secrets runs under ulimit -v 200000 (exit $rc)" ;;
*) notok "check secrets under ulimit -v 200000: exit $rc: $out" ;;
esac

# A large stream renders inside the read/write/exit-only filter.
i=0
{
	"$core" record --header
	line=$("$core" record --id big --section s --title t --status pass --severity info --subject s --message m)
	while [ "$i" -lt 2000 ]; do printf '%s\n' "$line"; i=$((i + 1)); done
} >"$work/big.rec"
i=0
while [ "$i" -lt 25 ]; do cat "$work/big.rec"; i=$((i + 1)); done >"$work/bigger.rec"
for fmt in human json junit sarif tap markdown prometheus; do
	set +e
	"$core" report --format "$fmt" <"$work/bigger.rec" >"$work/out.$fmt" 2>"$work/err"
	rc=$?
	set -e
	if [ "$rc" -eq 0 ] && [ -s "$work/out.$fmt" ]; then
		ok "report --format $fmt renders 50,000 records under its filter"
	else
		notok "report --format $fmt on 50,000 records: exit $rc $(head -c 200 "$work/err")"
	fi
done
if [ "$(jq '.results | length' "$work/out.json")" -eq 50000 ]; then ok "json has all 50,000 results"; else notok "json result count"; fi
# The same 50,000 records need far less than 200 MB of address space.
set +e
sh -c 'ulimit -v 200000 && exec "$0" report --format json' "$core" <"$work/bigger.rec" >"$work/out2.json" 2>"$work/err"
rc=$?
set -e
if [ "$rc" -eq 0 ] && [ "$(jq '.results | length' "$work/out2.json")" -eq 50000 ]; then
	ok "50,000 records render under ulimit -v 200000"
else
	notok "50,000 records under ulimit -v 200000: exit $rc $(head -c 200 "$work/err")"
fi

[ "$fails" -eq 0 ]
