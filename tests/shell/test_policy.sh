#!/bin/sh
# shellcheck source-path=SCRIPTDIR disable=SC2016
# test_policy.sh - policy validation, ${root}, selection, shell checks end
# to end, and a core killed by a signal.  Run under dash from the repo root.

# shellcheck source=lib.sh
. tests/shell/lib.sh

core_ok

# --- Malformed policies: exit 2, "FILE:LINE: reason", nothing runs ----------
# Each fixture's first line says "# expect: LINE REASON".  A logging core
# proves that no check started.
fake_core logcore "[ \"\$1\" = check ] && [ \"\$3\" != --dry-run ] && echo ran >>\"$T_TMP/ran\""
for f in tests/shell/fixtures/bad_*.conf; do
	IFS= read -r expect <"$f"
	expect=${expect#\# expect: }
	line=${expect%% *}
	reason=${expect#* }
	name=${f##*/}
	rm -f -- "$T_TMP/ran"
	SIGNOFF_CORE=$T_TMP/logcore so audit --policy "$f"
	check_rc "$name: audit exits 2" 2
	check_err "$name: names FILE:LINE" "signoff: $f:$line: "
	check_err "$name: says why" "$reason"
	check_empty "$name: no report" "$T_OUT"
	if [ -e "$T_TMP/ran" ]; then
		nok "$name: no check ran before validation"
	else
		ok "$name: no check ran before validation"
	fi
	so list --policy "$f"
	check_rc "$name: list exits 2 too" 2
	so validate --policy "$f"
	check_rc "$name: validate exits 2" 2
	check_err "$name: validate names FILE:LINE" "signoff: $f:$line: $reason"
done

# A shell check is a function of the sections: an executable of the same
# name on PATH does not make `sh:NAME` known (util.sh is_function).
mkdir -p "$T_TMP/pbin"
printf '#!/bin/sh\nexit 0\n' >"$T_TMP/pbin/check_nosuch"
chmod 0755 "$T_TMP/pbin/check_nosuch"
PATH="$T_TMP/pbin:$PATH" so validate --policy tests/shell/fixtures/bad_sh_check.conf
check_rc "sh:NAME with only an executable check_NAME on PATH: exit 2" 2
check_err "sh:NAME with only an executable check_NAME on PATH: unknown" "unknown shell check 'nosuch'"

# A root holding a blank: the core item's args (one of them with the blank)
# go on one `signoff-core validate` line, TAB-separated, and are judged as
# the single dry-run would.
for pa in "@0@valid" " --bogus@2@:10: bad args for core:secrets: unknown option: --bogus"; do
	printf 'format = 1\nroot = %s/t b\n\n[a]\nsection = s\ntitle = t\nphase = pre\nseverity = low\ncheck = core:secrets\nargs = ${root}/secrets%s\n' \
		"$T_TMP" "${pa%%@*}" >"$T_TMP/tabroot.conf"
	pa=${pa#*@}
	so validate --policy "$T_TMP/tabroot.conf"
	check_rc "a root with a blank, args '${pa#*@}': exit ${pa%%@*}" "${pa%%@*}"
	case $pa in
	0@*) check_out "a root with a blank: args judged" "${pa#*@}" ;;
	*) check_err "a root with a blank: bad args named" "${pa#*@}" ;;
	esac
done

# A control character (here a CR of a DOS line ending) is a policy error.
printf 'format = 1\r\n[a]\n' >"$T_TMP/crlf.conf"
so list --policy "$T_TMP/crlf.conf"
check_rc "CR line ending: exit 2" 2
check_err "CR line ending: FILE:1" "$T_TMP/crlf.conf:1: control character"

# The policy text is never shell code: quotes, $(...), backquotes and
# backslashes in a value stay what they are (the parser quotes each line
# for eval, lib/policy.sh).
cat >"$T_TMP/quotes.conf" <<'QEOF'
format = 1
description = it's "$(touch QPWNED1)" `touch QPWNED2` \' '\''
[q.a]
section = q
title = Bob's '$(touch QPWNED3)'; touch QPWNED4 \n \\
phase = pre
severity = low
check = sh:cpu_cores
args = 1
QEOF
so list --policy "$T_TMP/quotes.conf"
check_rc "quotes and \$(...) in a policy: valid" 0
check_out "quotes and \$(...) in a policy: title verbatim" "Bob's '\$(touch QPWNED3)'; touch QPWNED4 \\n \\\\"
if [ -e "$T_TMP/QPWNED1" ] || [ -e "$T_TMP/QPWNED2" ] || [ -e "$T_TMP/QPWNED3" ] ||
	[ -e "$T_TMP/QPWNED4" ] || [ -e QPWNED1 ] || [ -e QPWNED2 ] || [ -e QPWNED3 ] || [ -e QPWNED4 ]; then
	nok "quotes and \$(...) in a policy: nothing executed"
else
	ok "quotes and \$(...) in a policy: nothing executed"
fi

# An unreadable or missing policy file.
so audit --policy "$T_TMP/nonexistent.conf"
check_rc "missing policy file: exit 2" 2
check_err "missing policy file: named" "nonexistent.conf"

# The shipped policies are valid.
for p in policies/host.conf policies/sutazai.conf; do
	so list --policy "$p"
	check_rc "$p is valid" 0
done

# --- ${root} substitution -------------------------------------------------
good=tests/shell/fixtures/good.conf
root=$T_TMP/root
mkdir -p "$root/secrets"
chmod 0700 "$root/secrets"
printf 'x9$Kq2-long-random-value\n' >"$root/secrets/a.txt"
chmod 0600 "$root/secrets/a.txt"

fake_core argcore "[ \"\$1\" = check ] && [ \"\$3\" != --dry-run ] && printf '%s\n' \"\$@\" >>\"$T_TMP/args\""
rm -f -- "$T_TMP/args"
SIGNOFF_CORE=$T_TMP/argcore so audit --policy "$good" --root "$root/" --only secrets.app --format json
args=$(cat "$T_TMP/args" 2>/dev/null || :)
case $NL$args$NL in
*"$NL$root/secrets$NL"*) ok "\${root} replaced by --root without its trailing slash" ;;
*) nok "\${root} replaced by --root without its trailing slash" "$args" ;;
esac
case $args in
*'${root}'*) nok "no \${root} reaches the core" "$args" ;;
*) ok "no \${root} reaches the core" ;;
esac
check_rc "secrets in --root pass: exit 0" 0
check_jq "secrets item has a pass record" \
	'[.results[] | select(.id == "secrets.app")] | length > 0 and all(.status == "pass")'

so audit --policy "$good" --only secrets.app --format json
check_rc "root from the policy (missing dir): exit 1" 1
check_jq "root from the policy reaches the check" \
	'any(.results[] | select(.id == "secrets.app"); .status == "fail")'
check_out "the policy's root is in the report" "/nonexistent-signoff-root/secrets"

so audit --policy "$good" --root "$root" --only hw.disk --format json
check_jq "sh check receives \${root}" --arg r "$root" \
	'any(.results[]; .id == "hw.disk" and .subject == $r and .status == "pass")'

so audit --policy "$good" --root "$T_TMP/nonexistent"
check_rc "--root that is not a directory: exit 2" 2

# --- Selection ------------------------------------------------------------
ids='[.results[] | select(.id != "sandbox") | .id] | unique'
so audit --policy "$good" --root "$root" --only hw.cpu --format json
check_jq "--only runs only that item" "$ids == [\"hw.cpu\"]"
so audit --policy "$good" --root "$root" --only hw.cpu,hw.memory --format json
check_jq "--only with two ids" "$ids == [\"hw.cpu\", \"hw.memory\"]"
so audit --policy "$good" --root "$root" --skip secrets.app --format json
check_jq "--skip leaves the item out" "$ids == [\"hw.cpu\", \"hw.disk\", \"hw.memory\"]"
so audit --policy "$good" --root "$root" --phase post --format json
check_rc "--phase post: exit 0" 0
check_jq "--phase post runs only post items" "$ids == [\"hw.disk\", \"hw.memory\"]"
so audit --policy "$good" --root "$root" --phase pre --format json
check_jq "--phase pre runs only pre items" "$ids == [\"hw.cpu\", \"secrets.app\"]"
so audit --policy "$good" --root "$root" --format json
check_jq "--phase all is the default" "$ids == [\"hw.cpu\", \"hw.disk\", \"hw.memory\", \"secrets.app\"]"
check_jq "results follow policy order" \
	'[.results[] | select(.id != "sandbox") | .id]
	 | reduce .[] as $i ([]; if .[-1] == $i then . else . + [$i] end)
	 | . == ["secrets.app", "hw.cpu", "hw.memory", "hw.disk"]'
# Sections and globs, adding up when repeated (issue 6).
so audit --policy "$good" --root "$root" --only hardware --format json
check_jq "--only a section" "$ids == [\"hw.cpu\", \"hw.disk\", \"hw.memory\"]"
so audit --policy "$good" --root "$root" --only 'hw.*' --skip hw.disk --format json
check_jq "--only a glob, --skip an id" "$ids == [\"hw.cpu\", \"hw.memory\"]"
so audit --policy "$good" --root "$root" --only hw.cpu --only secrets --format json
check_jq "--only repeated adds up" "$ids == [\"hw.cpu\", \"secrets.app\"]"
so audit --policy "$good" --root "$root" --skip 'hw.m*' --skip secrets --format json
check_jq "--skip repeated adds up, globs" "$ids == [\"hw.cpu\", \"hw.disk\"]"
usage_error "--only a glob matching nothing" audit --policy "$good" --only 'nomatch.*'
check_err "--only a glob matching nothing: named" "no item or section 'nomatch.*'"
usage_error "--only with an unknown id" audit --policy "$good" --only hw.cpu,nope
check_err "--only: the unknown id is named" "'nope'"
usage_error "--skip with an unknown id" audit --policy "$good" --skip nope
usage_error "nothing selected" audit --policy "$good" --phase pre --only hw.memory

# --- Shell checks end to end ----------------------------------------------
sh=tests/shell/fixtures/shcheck.conf
so audit --policy "$sh" --only cpu-ok --format json
check_rc "sh:cpu_cores 1: exit 0" 0
check_jq "sh:cpu_cores 1: pass with measured and expected value" \
	'[.results[] | select(.id != "sandbox")] | length == 1 and .[0].status == "pass" and (.[0].message | test("^[0-9]+ online CPU cores, at least 1 required$"))'
check_jq "sh: record carries the item's metadata" \
	'.results[0] | .id == "cpu-ok" and .section == "hardware" and .severity == "high" and .title == "At least one CPU core"'
check_jq "sh: record has a duration" '.results[0].duration_ms >= 0'
so audit --policy "$sh" --only cpu-huge --format json
check_rc "sh:cpu_cores 1000000: exit 1" 1
check_jq "sh:cpu_cores 1000000: fail" \
	'.results[0].status == "fail" and (.results[0].message | contains("at least 1000000 required"))'
so audit --policy "$sh" --only cpu-huge --fail-on critical
check_rc "a high failure with --fail-on critical: exit 0" 0
so audit --policy "$sh" --only cpu-huge --fail-on high
check_rc "a high failure with --fail-on high: exit 1" 1
so audit --policy "$sh" --only mem-ok --format json
check_jq "sh:memory 1: pass in MiB" \
	'.results[0].status == "pass" and (.results[0].message | test("^[0-9]+ MiB of memory"))'
so audit --policy "$sh" --only disk-ok --format json
check_jq "sh:disk_free / 0: pass with a percentage" \
	'.results[0].status == "pass" and (.results[0].message | test("^[0-9]+% free"))'

mkdir "$T_TMP/noproc"
SIGNOFF_PROC=$T_TMP/noproc so audit --policy "$sh" --only mem-ok --format json
check_rc "missing /proc/meminfo: exit 4" 4
check_jq "missing /proc/meminfo: error record with the reason" \
	'.results[0].status == "error" and (.results[0].message | contains("cannot read MemTotal"))'
SIGNOFF_PROC=$T_TMP/noproc so audit --policy "$sh" --only mem-optional --format json
check_rc "missing data, optional item: exit 0" 0
check_jq "missing data, optional item: skip" '.results[0].status == "skip"'
so audit --policy "$sh" --only disk-missing --format json
check_rc "disk_free on a missing path: exit 4" 4
check_jq "disk_free on a missing path: error naming it" \
	'.results[0].status == "error" and (.results[0].message | contains("/nonexistent-signoff-path"))'
# A bad sh: argument is a policy error now (bad_sh_args.conf); a shell
# check still refuses one at run time if called without validation.

# --- A core that dies ------------------------------------------------------
# The wrapper dies only for `check`, after the real check printed its
# records (partial output of a killed core must be thrown away); record,
# report and policy go to the real core.  ulimit -c 0: no core dump lands
# in the working tree.
for sig in SYS SEGV KILL; do
	fake_core "die$sig" "ulimit -c 0
if [ \"\$1\" = check ] && [ \"\$3\" != --dry-run ]; then \"$REAL_CORE\" \"\$@\"; kill -$sig \$\$; fi"
	SIGNOFF_CORE=$T_TMP/die$sig so audit --policy "$good" --root "$root" \
		--only secrets.app,hw.cpu --format json
	check_rc "core killed by SIG$sig: exit 4" 4
	check_jq "core killed by SIG$sig: error record naming the signal" \
		--arg s "killed by SIG$sig" \
		'[.results[] | select(.id == "secrets.app")] | length == 1 and .[0].status == "error" and (.[0].message | contains($s))'
	check_jq "core killed by SIG$sig: no pass for the item" \
		'all(.results[] | select(.id == "secrets.app"); .status != "pass")'
	check_jq "core killed by SIG$sig: the other items still run" \
		'any(.results[]; .id == "hw.cpu" and .status == "pass")'
done
fake_core dieearly "ulimit -c 0; [ \"\$1\" = check ] && [ \"\$3\" != --dry-run ] && kill -SYS \$\$"
SIGNOFF_CORE=$T_TMP/dieearly so audit --policy "$good" --root "$root" --only secrets.app --format json
check_rc "core killed by SIGSYS before any output: exit 4" 4
check_jq "SIGSYS is reported as a sandbox violation" \
	'.results[0].message | contains("killed by SIGSYS: sandbox violation")'
check_jq "summary counts the error" '.summary.error == 1 and .summary.pass == 0'
SIGNOFF_CORE=$T_TMP/dieSYS so audit --policy "$good" --root "$root" --only secrets.app
check_rc "SIGSYS, human format: exit 4" 4
check_out "SIGSYS, human format: the reason is shown" "SIGSYS"

fake_core fail3 "[ \"\$1\" = check ] && [ \"\$3\" != --dry-run ] && { echo 'boom: cannot open' >&2; exit 3; }"
SIGNOFF_CORE=$T_TMP/fail3 so audit --policy "$good" --root "$root" --only secrets.app --format json
check_rc "core exits 3: exit 4" 4
check_jq "core exits 3: error with status and first stderr line" \
	'.results[0].status == "error" and (.results[0].message | contains("exited with status 3: boom: cannot open"))'

# A failure wins over an error: exit 1.
so audit --policy "$sh" --only cpu-huge,disk-missing --format json
check_rc "a failure and an error: exit 1" 1
check_jq "a failure and an error: both reported" '.summary.fail == 1 and .summary.error == 1'

# --- Generic options only before the check's arguments (issue 6, hole 6) ---
# The core: after the first argument of the check, --severity/--run-as are
# the check's unknown options, never the item's metadata.
mkdir -p "$T_TMP/g6"
run "$REAL_CORE" check secrets --severity critical "$T_TMP/g6" --severity info --run-as daemon
check_rc "core: --severity after DIR is refused (exit 2)" 2
check_err "core: --severity after DIR named" "unknown option: --severity"
check_empty "core: --severity after DIR prints no record" "$T_OUT"
run "$REAL_CORE" check secrets --severity high --id g6 "$T_TMP/g6" --mode 0700
check_rc "core: generic options before DIR still work" 0
case $T_OUT in
*"${TAB}fail${TAB}high${TAB}"* | *"${TAB}pass${TAB}high${TAB}"*) ok "core: the severity given first is used" ;;
*) nok "core: the severity given first is used" "$(t_diag)" ;;
esac

# --- validate and the dry parse (issue 6, hole 7) ---------------------------
so validate --policy "$good"
check_rc "validate a good policy: exit 0" 0
check_out "validate says valid" "valid, 4 items"
so validate
check_rc "validate the embedded default: exit 0" 0
for p in sutazai policies/host.conf; do
	so validate --policy "$p"
	check_rc "validate $p: exit 0" 0
done
usage_error "validate: stray argument" validate extra
run "$REAL_CORE" check secrets --dry-run /nonexistent-signoff/x --mode 0640
check_rc "core --dry-run: valid args, missing DIR: exit 0 (nothing opened)" 0
check_empty "core --dry-run: no records" "$T_OUT"
run "$REAL_CORE" check secrets --dry-run /x --mode 0999
check_rc "core --dry-run: bad --mode: exit 2" 2
# A bad core argument reaches no check: the audit stops at load time.
rm -f -- "$T_TMP/ran"
SIGNOFF_CORE=$T_TMP/logcore so audit --policy tests/shell/fixtures/bad_core_args.conf
check_rc "bad core args: audit exit 2, not 4" 2
check_no "bad core args: not an internal error" "$T_ERR" "internal error"

t_end
