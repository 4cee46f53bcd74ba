#!/bin/sh
# test_fleet.sh - `signoff fleet` (docs/SIGNOFF.md 3) on real reports of
# hosts that disagree, and on broken reports.
. tests/shell/lib.sh

core_ok
D=$T_TMP/f
mkdir -p "$D/root/secrets"
chmod 0700 "$D/root/secrets"
printf 'abcdefghijklmnopqrstuvwxyz0123456789\n' >"$D/root/secrets/a.txt"
chmod 0600 "$D/root/secrets/a.txt"
cat >"$D/p.conf" <<'EOF2'
format = 1
name = ftest
root = /nonexistent

[secrets.app]
section = secrets
title = Application secrets
phase = pre
severity = critical
check = core:secrets
args = ${root}/secrets --mode 0600
EOF2
# web1: ready (real audit); web2: the same tree made to fail (real audit);
# db1: web2's report under another name (a copy, as a fleet run fetches).
so audit --policy "$D/p.conf" --root "$D/root" --format json --output "$D/web1.json"
check_rc "ready host audited: exit 0" 0
chmod 0644 "$D/root/secrets/a.txt"
so audit --policy "$D/p.conf" --root "$D/root" --format json --output "$D/web2.json"
check_rc "failing host audited: exit 1" 1
jq '.host.hostname = "web1"' "$D/web1.json" >"$D/x" && mv "$D/x" "$D/web1.json"
jq '.host.hostname = "web2"' "$D/web2.json" >"$D/x" && mv "$D/x" "$D/web2.json"
jq '.host.hostname = "db1" | .started = "2026-01-01T00:00:00Z"' "$D/web2.json" >"$D/db1.json"

so fleet "$D/web1.json"
check_rc "one ready host: exit 0" 0
check_out "one ready host: FLEET READY" "FLEET READY: 1 hosts"

so fleet "$D/web1.json" "$D/web2.json" "$D/db1.json"
check_rc "hosts disagree: exit 1" 1
check_out "human: header" "HOST  VERDICT"
check_out "human: the ready host" "web1  READY"
check_out "human: the failing host, its failed id and worst finding" "web2  NOT READY"
check_out "human: worst finding" "critical fail secrets.app: $D/root/secrets/a.txt: mode 0644"
check_out "human: verdict names the hosts not ready" "FLEET NOT READY: 2 of 3 hosts: web2, db1"
case $T_OUT in
*"db1   NOT READY"*" "[0-9]*[0-9]d"  secrets.app"*) ok "human: age of an old report in days" ;;
*) nok "human: age of an old report in days" "$(t_diag)" ;;
esac

# The ready host last: the exit status must not follow the last row.
so fleet "$D/web2.json" "$D/web1.json"
check_rc "hosts disagree, the ready one last: exit 1" 1

so fleet --format json "$D/web1.json" "$D/web2.json" "$D/db1.json"
check_rc "json: exit 1" 1
check_jq "json: schema, three hosts in order" '.schema == "signoff-fleet/1" and ([.hosts[].host] == ["web1", "web2", "db1"])'
check_jq "json: ready flags and failed ids" '([.hosts[].ready] == [true, false, false]) and .hosts[1].failed == ["secrets.app"] and .ready == false and .not_ready == ["web2", "db1"]'
check_jq "json: worst finding" '.hosts[1].worst.severity == "critical" and .hosts[1].worst.status == "fail" and .hosts[0].worst == null'
check_jq "json: age" '.hosts[2].age_s > 86400 and .hosts[0].age_s < 3600'

so fleet "$D/web1.json" "$D/web2.json" --format markdown
check_rc "markdown: exit 1" 1
check_out "markdown: table" "| Host | Verdict | Failed | Worst finding | Age |"
check_out "markdown: escaped row" "| web2 | NOT READY | secrets.app | critical fail secrets.app\\: "
check_out "markdown: verdict" "**FLEET NOT READY**: 1 of 2 hosts: web2"

# A report that says ready but is not a signoff report, broken JSON, a
# missing file: each its own INVALID row, never a pass, the others kept.
printf '{"verdict": {"ready": true}}\n' >"$D/foreign.json"
printf '{"schema": "signoff/1", "verdict": {"re\n' >"$D/broken.json"
so fleet "$D/web1.json" "$D/foreign.json" "$D/broken.json" "$D/missing.json"
check_rc "invalid reports: exit 1" 1
check_out "invalid: foreign JSON" "$D/foreign.json: not a signoff/1 JSON report"
check_out "invalid: broken JSON" "$D/broken.json: not readable as one JSON document"
check_out "invalid: missing file" "$D/missing.json: not readable"
check_out "invalid: the good report still listed" "web1  READY"
check_out "invalid: verdict" "FLEET NOT READY: 3 of 4 hosts"

# Hostile text stays printable.
jq '.host.hostname = "evil\u001b[31m\nhost"' "$D/web1.json" >"$D/evil.json"
so fleet "$D/evil.json"
check_no "no raw ESC reaches the terminal" "$T_OUT" "$ESC"

usage_error "no report" fleet
usage_error "bad format" fleet "$D/web1.json" --format xml
usage_error "unknown option" fleet --bogus "$D/web1.json"
t_end
