#!/bin/sh
# shellcheck source-path=SCRIPTDIR disable=SC2016
# test_cli.sh - the command-line contract of signoff (DESIGN.md): every
# subcommand, help, usage errors (exit 2), version, list, explain.

# shellcheck source=lib.sh
. tests/shell/lib.sh

core_ok

# --- Help: stdout, exit 0 ---------------------------------------------------
for args in '--help' '-h' 'help' 'help audit' 'help check' 'help list' \
	'help explain' 'help version' 'audit --help' 'check --help' \
	'check secrets --help' 'list --help' 'explain --help' 'version --help'; do
	# shellcheck disable=SC2086 # split the argument list on purpose
	so $args
	check_rc "signoff $args: exit 0" 0
	check_out "signoff $args: usage on stdout" "usage: signoff"
	check_empty "signoff $args: nothing on stderr" "$T_ERR"
done
so --help
for c in audit check list explain version help; do
	check_out "--help lists the $c command" "  $c "
done
so audit --help
for o in --policy --root --phase --format --output --only --skip --fail-on; do
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
for kind in credentials firewall ports http; do
	so check "$kind" /etc
	check_rc "check $kind: exit 2" 2
	check_err "check $kind: not available" "signoff: check '$kind' is not available in this version"
	check_empty "check $kind: nothing on stdout" "$T_OUT"
done

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
check_out "list sutazai: the secrets item" "secrets.files"

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
so explain secrets.files --policy sutazai
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
check_jq "--opt=value form" '.schema == "signoff/1" and (.results | length == 1)'
so audit --format json
case $T_RC in
0 | 1 | 4) ok "audit with the embedded default: exit 0, 1 or 4 ($T_RC)" ;;
*) nok "audit with the embedded default: exit 0, 1 or 4" "$(t_diag)" ;;
esac
check_jq "audit with the embedded default: every host.conf item reported" \
	'[.results[] | select(.id != "sandbox") | .id] | unique == (["hardware.cpu", "hardware.disk-root", "hardware.memory", "secrets.tls-private"] | sort)'
check_jq "audit: started is RFC 3339 UTC" '.started | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$")'

so audit --only hardware.cpu --format json --output "$T_TMP/report.json"
check_rc "audit --output: exit 0" 0
check_empty "audit --output: nothing on stdout" "$T_OUT"
if jq -e '.results[0].id == "hardware.cpu"' "$T_TMP/report.json" >/dev/null 2>&1; then
	ok "audit --output: the file holds the report"
else
	nok "audit --output: the file holds the report"
fi

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
t_end
