#!/bin/sh
# shellcheck source-path=SCRIPTDIR disable=SC2016
# test_secrets_cli.sh - `signoff check secrets` end to end against directories
# made here: permissions, required files, missing directory, hostile names,
# FIFOs, an unprivileged caller, weak contents.

# shellcheck source=lib.sh
. tests/shell/lib.sh

core_ok

# mkdir_secrets NAME: a fresh 0700 directory with two 0600 files.
mkdir_secrets() {
	d=$T_TMP/$1
	mkdir -m 0700 "$d"
	printf 'Zq8!vR2#pL6@xT4$wN9%%\n' >"$d/db_password.txt"
	printf 'b7G-2kQ-9mX-4tW-1sV-8pL\n' >"$d/api_token.txt"
	chmod 0600 "$d/db_password.txt" "$d/api_token.txt"
}

# A filter: some fail record whose subject or message contains $f.
fails_naming='any(.results[]; .status == "fail" and ((.subject + " " + .message) | contains($f)))'

mkdir_secrets good
so check secrets "$T_TMP/good"
check_rc "0700 dir, 0600 files: exit 0" 0
so check secrets "$T_TMP/good" --format json
check_rc "0700 dir, 0600 files, json: exit 0" 0
check_jq "json: no fail" '.summary.fail == 0 and .summary.error == 0'
check_jq "json: the ad-hoc item" \
	'any(.results[]; .id == "secrets" and .section == "secrets" and .title == "Secret files" and .severity == "critical")'
check_jq "json: a sandbox record" 'any(.results[]; .id == "sandbox")'

mkdir_secrets loose
chmod 0644 "$T_TMP/loose/db_password.txt"
so check secrets "$T_TMP/loose" --format json
check_rc "a 0644 file: exit 1" 1
check_jq "a 0644 file: the failure names it" --arg f db_password.txt "$fails_naming"
check_jq "a 0644 file: the 0600 file is not failed" --arg f api_token.txt "$fails_naming | not"
so check secrets "$T_TMP/loose" --fail-on critical
check_rc "a 0644 file, --fail-on critical: exit 1" 1
so check secrets "$T_TMP/loose" --mode 0644
check_rc "a 0644 file with --mode 0644: exit 0" 0

mkdir_secrets readonly
chmod 0400 "$T_TMP/readonly/db_password.txt"
so check secrets "$T_TMP/readonly"
check_rc "a 0400 file passes: exit 0" 0

mkdir_secrets req
so check secrets "$T_TMP/req" --require db_password.txt,api_token.txt
check_rc "--require present files: exit 0" 0
so check secrets "$T_TMP/req" --require db_password.txt,jwt_secret.txt --format json
check_rc "--require a missing file: exit 1" 1
check_jq "--require a missing file: the failure names it" --arg f jwt_secret.txt "$fails_naming"

mkdir_secrets owner
chown nobody "$T_TMP/owner/api_token.txt"
so check secrets "$T_TMP/owner" --format json
check_rc "a file owned by nobody: exit 1" 1
check_jq "a file owned by nobody: the failure names it" --arg f api_token.txt "$fails_naming"
so check secrets "$T_TMP/owner" --owner nobody
check_rc "a file owned by nobody, --owner nobody: exit 0" 0

so check secrets "$T_TMP/no-such-dir" --format json
check_rc "a missing directory: exit 1" 1
check_jq "a missing directory: named" --arg f no-such-dir "$fails_naming"

# The same missing directory through an optional policy item is a skip.
cat >"$T_TMP/optional.conf" <<POLICY
format = 1
name = optional
root = $T_TMP

[secrets.maybe]
section = secrets
title = Secrets, if there are any
phase = pre
severity = critical
check = core:secrets
args = \${root}/no-such-dir
optional = yes
POLICY
so audit --policy "$T_TMP/optional.conf" --format json
check_rc "a missing directory, optional item: exit 0" 0
check_jq "a missing directory, optional item: skip" \
	'any(.results[]; .id == "secrets.maybe" and .status == "skip") and .summary.fail == 0'

# --- A hostile file name: TAB, newline, ESC ---------------------------------
mkdir_secrets hostile
evil=$(printf 'evil\tname\nwith\033[31mesc')
printf 'x\n' >"$T_TMP/hostile/$evil"
chmod 0644 "$T_TMP/hostile/$evil"
so check secrets "$T_TMP/hostile" --format json
check_rc "hostile name: exit 1" 1
check_jq "hostile name: json parses and the failure names it (escaped)" \
	--arg f 'evil\tname\nwith\x1b[31mesc' "$fails_naming"
check_no "hostile name, json: no raw ESC" "$T_OUT" "$ESC"
fields=$(printf '%s\n' "$T_OUT" | jq -r '.results[] | (.subject, .message)' 2>/dev/null || echo FAILED)
check_no "hostile name, json fields via jq -r: no raw TAB" "$fields" "$TAB"
check_no "hostile name, json fields via jq -r: no raw ESC" "$fields" "$ESC"
check_no "hostile name, json fields via jq -r: jq worked" "$fields" FAILED
case $fields in
*"evil$NL"*) nok "hostile name, json fields: no raw newline inside a name" "$fields" ;;
*) ok "hostile name, json fields: no raw newline inside a name" ;;
esac
so check secrets "$T_TMP/hostile"
check_rc "hostile name, human: exit 1" 1
check_no "hostile name, human: no raw ESC" "$T_OUT" "$ESC"
check_out "hostile name, human: shown escaped" 'evil\tname\nwith\x1b[31mesc'
case $T_OUT in
*"evil$TAB"* | *"evil$NL"*) nok "hostile name, human: no raw TAB or newline in the name" "$T_OUT" ;;
*) ok "hostile name, human: no raw TAB or newline in the name" ;;
esac
for f in junit sarif tap markdown prometheus; do
	so check secrets "$T_TMP/hostile" --format "$f"
	check_no "hostile name, $f: no raw ESC" "$T_OUT" "$ESC"
done
so check secrets "$T_TMP/hostile" --format sarif
check_jq "hostile name, sarif parses" '.version == "2.1.0"'

# --- A FIFO: a failure, never a hang -------------------------------------------
mkdir_secrets fifo
mkfifo -m 0600 "$T_TMP/fifo/pipe"
run timeout 20 "$SIGNOFF_SHELL" "$SIGNOFF" check secrets "$T_TMP/fifo" --format json
if [ "$T_RC" = 124 ]; then
	nok "a FIFO: does not hang" "timed out after 20 s"
else
	ok "a FIFO: does not hang"
fi
check_rc "a FIFO: exit 1" 1
check_jq "a FIFO: the failure names it" --arg f pipe "$fails_naming"

# --- Weak contents ------------------------------------------------------------
mkdir_secrets weak
printf 'changeme\n' >"$T_TMP/weak/redis_password.txt"
chmod 0600 "$T_TMP/weak/redis_password.txt"
so check secrets "$T_TMP/weak" --format json
check_rc "weak content only: exit 0 (a warning is no failure)" 0
check_jq "weak content: warn naming the file" \
	'any(.results[]; .status == "warn" and ((.subject + " " + .message) | contains("redis_password.txt")))'
check_no "weak content: the secret is never printed" "$T_OUT" "changeme"

# --- Issue 6: a group-readable layout (Debian's /etc/ssl/private) ----------
# Directory 0710 and key 0640, both group nogroup: the default mode fails
# and says what would accept it; --mode 0640 alone fails on the group;
# --mode 0640 --group nogroup passes.
if grep -q '^nogroup:' /etc/group; then
	mkdir -m 0710 "$T_TMP/sslpriv"
	printf 'Zq8!vR2#pL6@xT4$wN9%%\n' >"$T_TMP/sslpriv/site.key"
	chmod 0640 "$T_TMP/sslpriv/site.key"
	chgrp nogroup "$T_TMP/sslpriv" "$T_TMP/sslpriv/site.key"
	so check secrets "$T_TMP/sslpriv" --format json
	check_rc "0710 root:nogroup, default mode: exit 1" 1
	check_jq "0710 root:nogroup, default mode: the message suggests --mode 0640 --group nogroup, and why" \
		'any(.results[]; .status == "fail" and (.message | contains("check with --mode 0640 --group nogroup (group search/list on the directory is accepted only when --mode grants the group read)")))'
	so check secrets "$T_TMP/sslpriv" --mode 0640 --format json
	check_rc "0640 root:nogroup key, --mode 0640 without --group: exit 1" 1
	check_jq "--mode 0640 without --group: the key's group is named" \
		--arg f site.key '[.results[] | select(.status == "fail" and (.subject | contains($f)))][0].message | contains("group gid 65534 (nogroup) has group access (r--)")'
	so check secrets "$T_TMP/sslpriv" --mode 0640 --group nogroup
	check_rc "--mode 0640 --group nogroup: exit 0" 0
	chgrp users "$T_TMP/sslpriv/site.key" 2>/dev/null || chgrp 100 "$T_TMP/sslpriv/site.key"
	so check secrets "$T_TMP/sslpriv" --mode 0640 --group nogroup
	check_rc "a 0640 key of another group, --group nogroup: exit 1" 1
else
	echo "skip - no nogroup group in /etc/group"
fi

# --- Issue 6, hole 1: `audit --root IMAGE` never follows an image's absolute
# link into the host.  IMAGE/etc/ssl -> /shared/ssl (absolute), and only
# IMAGE/shared/ssl/private exists; the host has no /shared/ssl/private.
img=$T_TMP/img
mkdir -p "$img/etc" "$img/shared/ssl/private"
chmod 0755 "$img" "$img/etc" "$img/shared" "$img/shared/ssl"
chmod 0700 "$img/shared/ssl/private"
ln -s /shared/ssl "$img/etc/ssl"
if [ -e /shared/ssl/private ]; then
	echo "skip - this host has a /shared/ssl/private"
else
	so audit --root "$img" --format json
	check_jq "audit --root: an absolute link in the image is resolved inside it, and named" \
		'any(.results[]; .id == "secrets.tls-private" and .status == "pass" and (.message | contains("through symlink") and contains("-> /shared/ssl")) and (.evidence.realpath | endswith("/img/shared/ssl/private")))'
	# A world-writable directory holding that link fails, naming the link.
	chmod 0777 "$img/etc"
	so audit --root "$img" --format json
	check_jq "audit --root: a link in a world-writable image directory fails, named" \
		'any(.results[]; .id == "secrets.tls-private" and .status == "fail" and (.message | contains("/img/etc/ssl -> /shared/ssl on the path can be re-pointed")))'
	chmod 0755 "$img/etc"
fi

# --- Unprivileged caller ----------------------------------------------------------
# The core cannot switch uid when not started as root: the sandbox record
# says so, the report still renders, and files it cannot read are not a pass.
upriv=$(mktemp -d /tmp/signoff-upriv.XXXXXX)
chmod 0755 "$upriv"
mkdir -m 0700 "$upriv/secrets"
printf 'Zq8!vR2#pL6@xT4$wN9%%\n' >"$upriv/secrets/db_password.txt"
chmod 0600 "$upriv/secrets/db_password.txt"
if command -v setpriv >/dev/null 2>&1; then
	as_nobody='setpriv --reuid=nobody --regid=nogroup --clear-groups'
else
	as_nobody='runuser -u nobody --'
fi
# shellcheck disable=SC2086 # the command prefix is split on purpose
run $as_nobody "$SIGNOFF_SHELL" "$SIGNOFF" check secrets "$upriv/secrets" --format json
rm -rf -- "$upriv"
case $T_RC in
0) nok "unprivileged: exit is not 0" "$(t_diag)" ;;
*) ok "unprivileged: exit is not 0 ($T_RC)" ;;
esac
check_jq "unprivileged: the report still renders" '.schema == "signoff/1"'
check_jq "unprivileged: the sandbox record is a warn" \
	'any(.results[]; .id == "sandbox" and .status == "warn")'
# Every sandbox message names the uid; only this one says it could not
# switch.  The filter is shown to reject a privileged run's record below.
unpriv_said='any(.results[]; .id == "sandbox" and .status == "warn" and (.message | test("not started as root")))'
check_jq "unprivileged: the sandbox record says the uid switch was not possible" "$unpriv_said"
check_jq "unprivileged: the sandbox record says no capability is held" \
	'any(.results[]; .id == "sandbox" and (.message | contains("capabilities none (CapEff 0000000000000000)")) and (.message | contains("cap_dac_read_search") | not))'
check_jq "unprivileged: nothing passes" \
	'all(.results[] | select(.id != "sandbox"); .status != "pass")'

so check secrets "$T_TMP/good" --format json
check_jq "the uid-switch assertion can fail: a root run does not match it" \
	"($unpriv_said) | not"

t_end
