#!/bin/sh
# shellcheck source-path=SCRIPTDIR
# test_required_in.sh - the policy key `required-in`: a core check's
# failure is a failure only in the listed environments and a warning that
# says so elsewhere (security.firewall in sutazai.conf relies on it).  A
# real listener on loopback makes `core:ports` fail; the same policy under
# --env production and --env staging must disagree, which shows the test
# can fail.  Also: a bad environment in required-in is a policy error.

# shellcheck source=lib.sh
. tests/shell/lib.sh

core_ok
if ! command -v python3 >/dev/null 2>&1; then
	echo "skip - python3 is not installed (the test's listener)"
	t_end
fi
port=$((24000 + $$ % 300))
python3 -c 'import socket,sys,time
s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(); time.sleep(30)' "$port" &
lpid=$!
trap 'kill "$lpid" 2>/dev/null' EXIT
sleep 1

pol=$T_TMP/req.conf
cat >"$pol" <<EOT
format = 1
name = req
description = required-in
root = /

[net.port-free]
section = net
title = the test port is free
phase = pre
severity = high
check = core:ports
args = --must-be-free $port
required-in = production
EOT

so audit --policy "$pol" --env production
check_rc "required-in production, env production: the failure fails the run" 1
check_out "env production: a FAIL line" "FAIL"

so audit --policy "$pol" --env staging
check_rc "required-in production, env staging: exit 0" 0
check_out "env staging: the failure became a warning" "WARN"
check_out "env staging: the warning says why" "a failure only in production; this is staging"
check_no "env staging: no FAIL line" "$T_OUT" "FAIL  "

so audit --policy "$pol" --env staging --format json
check_jq "env staging, JSON: the port record is a warn" \
	'[.results[] | select(.id == "net.port-free" and (.subject | startswith("port ")))][0].status == "warn"'

sed 's/^required-in = production$/required-in = prod/' "$pol" >"$T_TMP/bad.conf"
so list --policy "$T_TMP/bad.conf"
check_rc "required-in with an unknown environment is a policy error" 2
check_err "the policy error names the line" "bad.conf:"

t_end
