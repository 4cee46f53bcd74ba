#!/bin/sh
# test_waivers.sh - `signoff audit --waivers FILE` (docs/SIGNOFF.md 2):
# active, expired and stale waivers on a real secrets check, and bad files.
. tests/shell/lib.sh

core_ok
D=$T_TMP/w
mkdir -p "$D/root/secrets"
chmod 0700 "$D/root/secrets"
for f in a b; do
	printf 'abcdefghijklmnopqrstuvwxyz0123456789\n' >"$D/root/secrets/$f.txt"
	chmod 0644 "$D/root/secrets/$f.txt"
done
cat >"$D/p.conf" <<'EOF'
format = 1
name = wtest
root = /nonexistent

[secrets.app]
section = secrets
title = Application secrets
phase = pre
severity = critical
check = core:secrets
args = ${root}/secrets --mode 0600
EOF
A="--policy $D/p.conf --root $D/root"

# Without waivers both files fail.
# shellcheck disable=SC2086
so audit $A --format json
check_rc "no waivers: exit 1" 1
check_jq "no waivers: two failures" '[.results[] | select(.status == "fail")] | length == 2'

# Both failures waived (one by glob, one by exact subject): READY.
cat >"$D/active" <<EOF
# id | subject glob | justification | owner | expires
secrets.app | */a.txt | legacy reader needs 0644, OPS-1 | alice@example.org | 2999-12-31
secrets.app | $D/root/secrets/b.txt | same reader | bob | 2999-12-31
EOF
# shellcheck disable=SC2086
so audit $A --waivers "$D/active" --format json
check_rc "active waivers: exit 0" 0
check_jq "active waivers: READY" '.verdict.ready == true'
check_jq "active waivers: no fail record left" '[.results[] | select(.status == "fail")] | length == 0'
check_jq "active waivers: the waived record carries justification and owner" \
	'[.results[] | select(.evidence.waived == "fail" and .status == "skip" and (.message | startswith("waived by alice@example.org until 2999-12-31: legacy reader needs 0644, OPS-1")) and .evidence.waiver_owner == "alice@example.org")] | length == 1'
check_jq "active waivers: each waiver is in the report (pass record)" \
	'[.results[] | select(.id == "waivers" and .status == "pass")] | length == 2'
# shellcheck disable=SC2086
so audit $A --waivers "$D/active"
check_out "human: shown as waived with owner" "waived by bob until 2999-12-31: same reader"

# Expired: no longer suppresses, and is reported.
cat >"$D/expired" <<EOF
secrets.app | */a.txt | legacy reader needs 0644 | alice@example.org | 2999-12-31
secrets.app | */b.txt | was fixed | bob | 2000-01-01
EOF
# shellcheck disable=SC2086
so audit $A --waivers "$D/expired" --format json
check_rc "expired waiver: exit 1" 1
check_jq "expired waiver: b.txt fails again" '[.results[] | select(.status == "fail" and (.subject | endswith("/b.txt")))] | length == 1'
check_jq "expired waiver: a warn record says it expired" \
	'[.results[] | select(.id == "waivers" and .status == "warn" and (.message | startswith("waiver expired on 2000-01-01 (owner bob)")))] | length == 1'
check_jq "expired waiver: NOT READY on secrets.app" '.verdict.blocking == ["secrets.app"]'

# Stale: matches nothing.
cat >"$D/stale" <<EOF
secrets.app | */a.txt | ok | alice | 2999-12-31
secrets.app | */b.txt | ok | alice | 2999-12-31
hw.gone | | the item was removed | carol | 2999-01-01
secrets.app | */zzz | no such file | carol | 2999-01-01
EOF
# shellcheck disable=SC2086
so audit $A --waivers "$D/stale" --format json
check_rc "stale waivers: exit 0 (a warning)" 0
check_jq "stale waivers: two stale records" \
	'[.results[] | select(.id == "waivers" and .status == "warn" and (.message | startswith("stale waiver")))] | map(.subject) == ["hw.gone", "secrets.app */zzz"]'
# shellcheck disable=SC2086
so audit $A --waivers "$D/stale" --fail-on warn
check_rc "stale waivers under --fail-on warn: exit 1" 1

# Bad files: FILE:LINE, exit 2, nothing run.
bad() {
	printf '# header\n\n%s\n' "$2" >"$D/bad"
	# shellcheck disable=SC2086
	so audit $A --waivers "$D/bad"
	check_rc "bad waivers ($1): exit 2" 2
	check_err "bad waivers ($1): FILE:LINE and why" "$D/bad:3: $3"
	check_empty "bad waivers ($1): no report" "$T_OUT"
}
bad "4 fields" "secrets.app | x | y | 2999-12-31" "expected 5 fields"
bad "bad id" "Secrets | | y | o | 2999-12-31" "bad id"
bad "no such date" "secrets.app | | y | o | 2026-02-29" "bad expiry \"2026-02-29\" (no such date)"
bad "bad date" "secrets.app | | y | o | 31.12.2026" "bad expiry"
bad "no owner" "secrets.app | | y |  | 2999-12-31" "empty owner"
bad "no justification" "secrets.app | |  | o | 2999-12-31" "empty justification"
printf 'a | | j | o | 2999-12-31\na | | j | o | 2999-12-30\n' >"$D/dup"
# shellcheck disable=SC2086
so audit $A --waivers "$D/dup"
check_rc "duplicate waiver: exit 2" 2
check_err "duplicate waiver: FILE:LINE" "$D/dup:2: duplicate waiver for a (first at line 1)"
# shellcheck disable=SC2086
so audit $A --waivers "$D/none"
check_rc "missing waivers file: exit 2" 2
t_end
