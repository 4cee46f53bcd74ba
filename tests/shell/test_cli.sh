#!/bin/sh
# shellcheck source-path=SCRIPTDIR disable=SC2016
# test_cli.sh - the command-line contract of signoff (DESIGN.md): every
# subcommand, help, usage errors (exit 2), version, list, explain.

# shellcheck source=lib.sh
. tests/shell/lib.sh

core_ok

# --- Help: stdout, exit 0 ---------------------------------------------------
for args in '--help' '-h' 'help' 'help audit' 'help check' 'help list' \
	'help explain' 'help version' 'help validate' 'validate --help' \
	'audit --help' 'check --help' \
	'check secrets --help' 'list --help' 'explain --help' 'version --help'; do
	# shellcheck disable=SC2086 # split the argument list on purpose
	so $args
	check_rc "signoff $args: exit 0" 0
	check_out "signoff $args: usage on stdout" "usage: signoff"
	check_empty "signoff $args: nothing on stderr" "$T_ERR"
done
so --help
for c in audit check list validate explain version help; do
	check_out "--help lists the $c command" "  $c "
done
so audit --help
for o in --policy --root --phase --format --output --only --skip --fail-on --quiet --show; do
	check_out "audit --help documents $o" "$o"
done

# --- Usage errors: exit 2, message + usage on stderr, nothing on stdout -----
usage_error "no command"
check_err "no command: short usage" "usage: signoff"
usage_error "unknown command" frobnicate
check_err "unknown command: named" "unknown command 'frobnicate'"
usage_error "unknown top-level option" --bogus
usage_error "help for an unknown command" help frobnicate
usage_error "audit: unknown option" audit --bogus
check_err "audit: unknown option named" "unknown option '--bogus'"
check_err "audit: unknown option, audit usage" "usage: signoff audit"
usage_error "audit: stray argument" audit extra
usage_error "audit: option without value" audit --format
usage_error "audit: bad --format" audit --format xml
check_err "audit: bad --format named" "bad --format 'xml'"
usage_error "audit: bad --format= form" audit --format=xml
usage_error "audit: bad --fail-on" audit --fail-on severe
check_err "audit: bad --fail-on named" "bad --fail-on 'severe'"
usage_error "audit: bad --phase" audit --phase during
check_err "audit: bad --phase named" "bad --phase 'during'"
usage_error "audit: unknown --only id" audit --only no.such.item
check_err "audit: unknown --only id named" "'no.such.item'"
usage_error "audit: empty --only" audit --only ''
usage_error "audit: --output into a missing directory" audit --output "$T_TMP/no/dir/r.json"
usage_error "check: no kind" check
usage_error "check: unknown kind" check frobnicate
check_err "check: unknown kind named" "unknown check 'frobnicate'"
usage_error "check secrets: missing DIR" check secrets
check_err "check secrets: missing DIR said" "missing DIR"
usage_error "check secrets: two DIRs" check secrets "$T_TMP" "$T_TMP"
usage_error "check secrets: unknown option" check secrets "$T_TMP" --bogus
usage_error "check secrets: bad --mode" check secrets "$T_TMP" --mode rw-------
usage_error "check secrets: bad --format" check secrets "$T_TMP" --format xml
usage_error "check secrets: bad --fail-on" check secrets "$T_TMP" --fail-on severe
usage_error "list: stray argument" list extra
usage_error "list: unknown option" list --bogus
usage_error "explain: missing ID" explain
usage_error "explain: two IDs" explain a b
usage_error "version: stray argument" version extra

# Check kinds of DESIGN.md that are not built yet.
# Every check kind of the design is built: an unknown one is a usage error.
so check no-such-check /etc
check_rc "check no-such-check: exit 2" 2
check_err "check no-such-check: unknown" "unknown check 'no-such-check'"

# --- Version ----------------------------------------------------------------
so version
check_rc "version: exit 0" 0
first=${T_OUT%%"$NL"*}
if [ "$first" = "signoff $(cat VERSION)" ]; then
	ok "version: front end version from VERSION"
else
	nok "version: front end version from VERSION" "$(t_diag)"
fi
second=${T_OUT#*"$NL"}
case $second in
"signoff-core "?*) ok "version: the core's version" ;;
*) nok "version: the core's version" "$(t_diag)" ;;
esac

# A missing core is an internal error with a clear message.
SIGNOFF_CORE=$T_TMP/no-such-core so version
check_rc "missing core: exit 3" 3
check_err "missing core: says which" "no-such-core"
SIGNOFF_CORE=$T_TMP/no-such-core so audit
check_rc "missing core, audit: exit 3" 3

# --- list -------------------------------------------------------------------
# policy_ids FILE: the [id] lines of a policy.
policy_ids() {
	sed -n 's/^[[:blank:]]*\[\(.*\)\][[:blank:]]*$/\1/p' "$1"
}
for p in '' policies/host.conf policies/sutazai.conf sutazai; do
	label=${p:-embedded default}
	if [ -n "$p" ]; then
		so list --policy "$p"
	else
		so list
	fi
	check_rc "list $label: exit 0" 0
	check_out "list $label: header" "ID"
	hdr=${T_OUT%%"$NL"*}
	case $hdr in
	"ID "*SECTION*PHASE*SEVERITY*TITLE) ok "list $label: columns" ;;
	*) nok "list $label: columns" "$hdr" ;;
	esac
	file=$p
	case $file in '') file=policies/host.conf ;; sutazai) file=policies/sutazai.conf ;; esac
	n=0
	for id in $(policy_ids "$file"); do
		n=$((n + 1))
		case $NL$T_OUT in
		*"$NL$id "*) ok "list $label: item $id" ;;
		*) nok "list $label: item $id" "$(t_diag)" ;;
		esac
	done
	lines=$(printf '%s\n' "$T_OUT" | wc -l)
	if [ "$lines" -eq $((n + 1)) ] && [ "$n" -gt 0 ]; then
		ok "list $label: one line per item ($n)"
	else
		nok "list $label: one line per item ($n)" "$(t_diag)"
	fi
	# Aligned: the SECTION column starts at the same offset on every line.
	cols=$(printf '%s\n' "$T_OUT" | awk '{ match($0, /^[^ ]+ +/); print RLENGTH }' | sort -u | wc -l)
	if [ "$cols" -eq 1 ]; then
		ok "list $label: aligned columns"
	else
		nok "list $label: aligned columns" "$(t_diag)"
	fi
done
so list --policy policies/host.conf
check_out "list shows phase and severity" "secrets.tls-private  secrets   pre    critical  "
so list --policy policies/sutazai.conf
check_out "list sutazai: the secrets item" "security.secrets-present"

# --- explain ----------------------------------------------------------------
so explain secrets.tls-private
check_rc "explain a core item: exit 0" 0
check_out "explain: title" "TLS private keys are private"
check_out "explain: the policy's explain text" "To fix a failure: chown root:ssl-cert FILE"
check_out "explain: the core's explanation follows" "signoff-core explain secrets:"
core_text=$("$REAL_CORE" explain secrets 2>/dev/null || :)
if [ -n "$core_text" ]; then
	check_out "explain: includes signoff-core explain secrets" "$core_text"
else
	nok "explain: includes signoff-core explain secrets" "signoff-core explain secrets printed nothing"
fi
so explain hardware.memory --policy policies/host.conf
check_rc "explain a shell item: exit 0" 0
check_out "explain a shell item: check" "sh:memory"
check_out "explain a shell item: text" "MemTotal"
check_no "explain a shell item: no core section" "$T_OUT" "signoff-core explain"
so explain security.secrets-present --policy sutazai
check_rc "explain in a named policy: exit 0" 0
check_out "explain in a named policy: required files" "jwt_secret.txt"
so explain secrets
check_rc "explain a core check by name: exit 0" 0
usage_error "explain an unknown id" explain no.such.item
check_err "explain an unknown id: named" "'no.such.item'"

# --- audit and check: every format renders ------------------------------------
for f in human json junit sarif tap markdown prometheus; do
	so audit --only hardware.cpu --format "$f"
	check_rc "audit --format $f: exit 0" 0
	if [ -n "$T_OUT" ]; then ok "audit --format $f: output"; else nok "audit --format $f: output" "$(t_diag)"; fi
done
so audit --only hardware.cpu --format=json
check_jq "--opt=value form" '.schema == "signoff/1" and ([.results[] | select(.id != "sandbox")] | length == 1)'
so audit --format json
case $T_RC in
0 | 1 | 4) ok "audit with the embedded default: exit 0, 1 or 4 ($T_RC)" ;;
*) nok "audit with the embedded default: exit 0, 1 or 4" "$(t_diag)" ;;
esac
check_jq "audit with the embedded default: every host.conf item reported" \
	'[.results[] | select(.id != "sandbox") | .id] | unique == (["access.docker-group", "files.passwd", "files.shadow", "hardware.cpu", "hardware.disk-root", "hardware.memory", "network.firewall", "secrets.tls-private"] | sort)'
check_jq "audit: started is RFC 3339 UTC" '.started | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$")'

so audit --only hardware.cpu --format json --output "$T_TMP/report.json"
check_rc "audit --output: exit 0" 0
check_empty "audit --output: nothing on stdout" "$T_OUT"
if jq -e '.results[0].id == "hardware.cpu"' "$T_TMP/report.json" >/dev/null 2>&1; then
	ok "audit --output: the file holds the report"
else
	nok "audit --output: the file holds the report"
fi

# --- --output (issue 6, hole 5): new file + rename, no symlink followed ----
od=$T_TMP/outdir
mkdir -p "$od"
echo 'do not touch' >"$od/victim"
ln -s "$od/victim" "$od/r.prom"
so audit --only hardware.cpu --format prometheus --output "$od/r.prom"
check_rc "--output onto a planted symlink: exit 0" 0
if [ "$(cat "$od/victim")" = 'do not touch' ]; then
	ok "--output onto a planted symlink: the link's target is untouched"
else
	nok "--output onto a planted symlink: the link's target is untouched" "$(cat "$od/victim")"
fi
if [ -f "$od/r.prom" ] && [ ! -h "$od/r.prom" ] && grep -q '^signoff_' "$od/r.prom"; then
	ok "--output onto a planted symlink: replaced by a regular file with the report"
else
	nok "--output onto a planted symlink: replaced by a regular file with the report" "$(ls -la "$od")"
fi
left=$(find "$od" -name '*.tmp' | wc -l)
if [ "$left" -eq 0 ]; then
	ok "--output: no temporary file left"
else
	nok "--output: no temporary file left" "$(ls -la "$od")"
fi
# A render that fails leaves the previous report as it was.
echo 'previous report' >"$od/keep.json"
fake_core failreport "[ \"\$1\" = report ] && { cat >/dev/null; echo 'boom' >&2; exit 3; }"
SIGNOFF_CORE=$T_TMP/failreport so audit --only hardware.cpu --format json --output "$od/keep.json"
check_rc "--output, render fails: exit 3" 3
if [ "$(cat "$od/keep.json")" = 'previous report' ]; then
	ok "--output, render fails: the old file is intact"
else
	nok "--output, render fails: the old file is intact" "$(cat "$od/keep.json")"
fi

# A failed write on stdout is said once (it was said twice).
if [ -w /dev/full ]; then
	rc=0
	"$REAL_CORE" report <tests/golden/report/input.rec >/dev/full 2>"$T_TMP/full.stderr" || rc=$?
	n=$(grep -c 'write error on stdout' "$T_TMP/full.stderr" || :)
	if [ "$rc" = 3 ] && [ "$n" = 1 ]; then
		ok "core report to a full stdout: exit 3, the write error said once"
	else
		nok "core report to a full stdout: exit 3, the write error said once" "rc=$rc" "$(cat "$T_TMP/full.stderr")"
	fi
else
	echo "skip - /dev/full not writable"
fi

# A full and a read-only target directory: tmpfs mounts in a private mount
# namespace (root and unshare -m needed).  The read-only case remounts
# while the report renders, after the up-front check passed.
if [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null; then
	mnt=$T_TMP/mnt
	mkdir -p "$mnt"
	fake_core remount "[ \"\$1\" = report ] && mount -o remount,ro \"$mnt\""
	unshare -m "$SIGNOFF_SHELL" -c '
		mnt=$1 res=$2 so=$3 sh=$4 rcore=$5
		mount -t tmpfs -o size=4k tmpfs "$mnt" || exit 1
		echo old >"$mnt/r.json"
		head -c 8192 /dev/zero >"$mnt/fill" 2>/dev/null
		rc=0
		"$sh" "$so" audit --format json --output "$mnt/r.json" \
			>/dev/null 2>"$res/full.err" || rc=$?
		echo "$rc" >"$res/full.rc"
		cat "$mnt/r.json" >"$res/full.after"
		ls -a "$mnt" >"$res/full.ls"
		rm -f "$mnt/fill"
		rc=0
		SIGNOFF_CORE=$rcore "$sh" "$so" audit --format json --output "$mnt/r.json" \
			>/dev/null 2>"$res/ro.err" || rc=$?
		echo "$rc" >"$res/ro.rc"
		cat "$mnt/r.json" >"$res/ro.after"
		rc=0
		"$sh" "$so" audit --format json --output "$mnt/r.json" \
			>/dev/null 2>"$res/ro2.err" || rc=$?
		echo "$rc" >"$res/ro2.rc"
	' sh "$mnt" "$T_TMP" "$SIGNOFF" "$SIGNOFF_SHELL" "$T_TMP/remount"
	for c in full:"No space left on device" ro:"Read-only file system"; do
		k=${c%%:*} why=${c#*:}
		if [ "$(cat "$T_TMP/$k.rc" 2>/dev/null)" = 3 ]; then
			ok "--output, $k directory: exit 3"
		else
			nok "--output, $k directory: exit 3" "$(cat "$T_TMP/$k.rc" "$T_TMP/$k.err" 2>&1)"
		fi
		n=$(grep -c "signoff: cannot write $mnt/r.json: $why" "$T_TMP/$k.err" || :)
		if [ "$n" = 1 ] && [ "$(wc -l <"$T_TMP/$k.err")" = 1 ]; then
			ok "--output, $k directory: 'cannot write FILE: $why', once"
		else
			nok "--output, $k directory: 'cannot write FILE: $why', once" "$(cat "$T_TMP/$k.err")"
		fi
		if [ "$(cat "$T_TMP/$k.after" 2>/dev/null)" = old ]; then
			ok "--output, $k directory: the old file is intact"
		else
			nok "--output, $k directory: the old file is intact" "$(cat "$T_TMP/$k.after" 2>&1)"
		fi
	done
	if grep -q '\.tmp$' "$T_TMP/full.ls"; then
		nok "--output, full directory: the temporary file is removed" "$(cat "$T_TMP/full.ls")"
	else
		ok "--output, full directory: the temporary file is removed"
	fi
	if [ "$(cat "$T_TMP/ro2.rc" 2>/dev/null)" = 2 ]; then
		ok "--output into a read-only directory: refused before anything runs (exit 2)"
	else
		nok "--output into a read-only directory: refused before anything runs (exit 2)" "$(cat "$T_TMP/ro2.err")"
	fi
else
	echo "skip - --output on full/read-only tmpfs: needs root and unshare -m"
fi

# --- The report a person reads (issue 6) -------------------------------------
fixdir=$T_TMP/fixme
mkdir -p "$fixdir"
chmod 0755 "$fixdir"
printf 'Zq8!vR2#pL6@xT4$wN9%%-long\n' >"$fixdir/ok.txt"
chmod 0600 "$fixdir/ok.txt"
for i in 1 2 3 4 5; do
	printf 'Zq8!vR2#pL6@xT4$wN9%%-long\n' >"$fixdir/f$i"
	chmod 0600 "$fixdir/f$i"
done
so check secrets "$fixdir"
check_rc "human: a failing check exits 1" 1
last=$(printf '%s\n' "$T_OUT" | tail -n 1)
if [ "$last" = "NOT READY: secrets" ]; then
	ok "human: the last line is the verdict naming the blocking item"
else
	nok "human: the last line is the verdict naming the blocking item" "$(t_diag)"
fi
check_out "human: items are counted, not records" "Summary: 1 item: 0 passed, 1 failed"
check_out "human: findings beside the items" "; 1 finding"
check_out "human: the failed item with its one-line fix (core explain)" "  secrets  chown root:root DIR DIR/*; chmod 700 DIR"
check_out "human: the sandbox is a header line" "sandbox:  secrets  PASS  uid 65534"
check_no "human: the sandbox is not a section" "$T_OUT" "${NL}sandbox${NL}"
check_out "human: passes listed by default" "${NL}  PASS "
so check secrets "$fixdir" --quiet
check_no "--quiet: no PASS line" "$T_OUT" "${NL}  PASS "
check_out "--quiet: the failure stays" "  FAIL   critical  secrets"
check_out "--quiet: says what it hid" "(6 results not shown: --show)"
so check secrets "$fixdir" --show pass
check_no "--show pass: no FAIL line" "$T_OUT" "${NL}  FAIL "
usage_error "--show with a bad status" check secrets "$fixdir" --show failed
chmod 0700 "$fixdir"
so check secrets "$fixdir"
check_rc "human: all pass: exit 0" 0
last=$(printf '%s\n' "$T_OUT" | tail -n 1)
if [ "$last" = READY ]; then ok "human: READY as the last line"; else nok "human: READY as the last line" "$(t_diag)"; fi
printf 'short\n' >"$fixdir/weak.txt"
chmod 0600 "$fixdir/weak.txt"
so check secrets "$fixdir" --format json
check_rc "a warning alone: exit 0" 0
check_jq "json: verdict READY with a warning" '.verdict.ready == true and .verdict.text == "READY"'
check_jq "json: numeric evidence is a number" '[.results[] | select(.evidence.size != null) | .evidence.size | type] | unique == ["number"]'
check_jq "json: a mode stays a string" '[.results[] | select(.evidence.mode != null) | .evidence.mode | type] | unique == ["string"]'
so check secrets "$fixdir" --fail-on warn --format json
check_rc "--fail-on warn: a warning fails the run" 1
check_jq "--fail-on warn: NOT READY naming it" '.verdict.ready == false and .verdict.blocking == ["secrets"] and .verdict.fail_on == "warn"'
so audit --only hardware.cpu --fail-on warn
check_rc "--fail-on warn: nothing warns, exit 0" 0
# A policy item's fix comes from its own explain ("To fix a failure:").
so audit --policy tests/shell/fixtures/shcheck.conf --only cpu-huge
check_out "audit: the fix from the policy's explain" "  cpu-huge  add CPU cores or move to a bigger host."
# Debian's /etc/ssl/private (0710 root:ssl-cert, keys 0640): the default
# --mode fails it and says which --mode fits and why.
deb=$T_TMP/ssl-private
mkdir -p "$deb"
printf 'Zq8!vR2#pL6@xT4$wN9%%-long-key\n' >"$deb/host.key"
chgrp 0 "$deb" "$deb/host.key" 2>/dev/null || :
chmod 0710 "$deb"
chmod 0640 "$deb/host.key"
so check secrets "$deb"
check_rc "0710 directory, default --mode: fails" 1
check_out "0710 directory: the message suggests --mode 0640" "check with --mode 0640"
so check secrets "$deb" --mode 0640
check_rc "0710 directory, --mode 0640: passes" 0
so explain sandbox
check_rc "explain sandbox: exit 0" 0
check_out "explain sandbox: what the header line means" "CapEff"
# Aligned columns: the subject starts at the same column on every line.
so audit --policy tests/shell/fixtures/shcheck.conf --only cpu-ok,cpu-huge,mem-ok,disk-missing
cols=$(printf '%s\n' "$T_OUT" | grep -E '^  (PASS|FAIL|WARN|SKIP|ERROR) ' | awk '{ match($0, /^  [A-Z]+ +((critical|high|medium|low|info) +)?[^ ]+ +/); print RLENGTH }' | sort -u | wc -l)
if [ "$cols" -eq 1 ]; then ok "human: aligned columns"; else nok "human: aligned columns" "$(t_diag)"; fi

# signoff through a symlink finds its libraries (readlink -f).
ln -s "$SIGNOFF" "$T_TMP/signoff-link"
run "$SIGNOFF_SHELL" "$T_TMP/signoff-link" list
check_rc "signoff via a symlink: exit 0" 0

# The installed layout: /usr/local/lib/signoff/{signoff,lib,sections,
# policies,VERSION,signoff-core} and a symlink in bin/, no SIGNOFF_CORE.
inst=$T_TMP/inst/lib/signoff
mkdir -p "$inst" "$T_TMP/inst/bin"
cp -R "${SIGNOFF%/*}/lib" "${SIGNOFF%/*}/sections" "$SIGNOFF" "$inst/"
cp -R policies "$inst/policies"
echo 9.9.9-installed >"$inst/VERSION"
cp "$REAL_CORE" "$inst/signoff-core"
ln -s ../lib/signoff/signoff "$T_TMP/inst/bin/signoff"
run env -u SIGNOFF_CORE "$SIGNOFF_SHELL" "$T_TMP/inst/bin/signoff" version
check_rc "installed layout: version exits 0" 0
check_out "installed layout: VERSION next to the script" "signoff 9.9.9-installed"
run env -u SIGNOFF_CORE "$SIGNOFF_SHELL" "$T_TMP/inst/bin/signoff" list --policy sutazai
check_rc "installed layout: shipped policy by name" 0
run env -u SIGNOFF_CORE "$SIGNOFF_SHELL" "$T_TMP/inst/bin/signoff" audit --only hardware.cpu --format json
check_rc "installed layout: audit with the core next to the script" 0
check_jq "installed layout: the report" '.results[0].id == "hardware.cpu"'

# Test hooks do not reach an installed front end (issue 6, hole 10): a
# forged /proc and a foreign core are ignored, with a message.
mkdir -p "$T_TMP/fakeproc"
printf 'MemTotal:       99999999999 kB\n' >"$T_TMP/fakeproc/meminfo"
run env SIGNOFF_PROC="$T_TMP/fakeproc" "$SIGNOFF_SHELL" "$T_TMP/inst/bin/signoff" audit --only hardware.memory --format json
check_jq "installed layout: SIGNOFF_PROC does not forge the memory" \
	'(.results[0].evidence.measured_mib | tostring) != "97656249"'
check_err "installed layout: SIGNOFF_PROC ignored, said" "ignoring SIGNOFF_PROC"
fake_core evilcore "[ \"\$1\" = report ] && { echo forged; exit 0; }"
mkdir -p "$T_TMP/evilpath"
cp "$T_TMP/evilcore" "$T_TMP/evilpath/signoff-core"
run env SIGNOFF_CORE="$T_TMP/evilcore" PATH="$T_TMP/evilpath:$PATH" "$SIGNOFF_SHELL" "$T_TMP/inst/bin/signoff" audit --only hardware.cpu --format json
check_jq "installed layout: its own sibling core renders, not SIGNOFF_CORE or PATH" '.results[0].id == "hardware.cpu"'
check_err "installed layout: SIGNOFF_CORE ignored, said" "ignoring SIGNOFF_CORE"
# The source checkout keeps the hook for the tests.
SIGNOFF_PROC=$T_TMP/fakeproc so audit --only hardware.memory --format json
check_jq "source checkout: SIGNOFF_PROC still works for tests" '(.results[0].evidence.measured_mib | tostring) == "97656249"'
t_end
