#!/bin/sh
# test_ansible.sh - contrib/ansible for real: ansible-playbook site.yml
# against an inventory of three hosts (ansible_connection=local), each with
# its own install directory, audit root and policy source (embedded, a
# shipped name, a file copied from the controller).  The roots are made to
# disagree (secrets.tls-private: private, readable by all, absent), and the
# three JSON reports must arrive on the controller side, each about its own
# root and with its own verdict.
# shellcheck source=tests/shell/lib.sh
. tests/shell/lib.sh

if ! command -v ansible-playbook >/dev/null 2>&1; then
	printf 'skip - ansible-playbook not installed (Debian package ansible): the playbook is not run\n'
	t_end
fi
if [ "$(id -u)" -ne 0 ]; then
	printf 'skip - not root: the role installs as root and the core confines itself from root\n'
	t_end
fi

T=$T_TMP
# Three audit roots that disagree.
mkdir -p "$T/root1/etc/ssl/private" "$T/root2/etc/ssl/private" "$T/root3/etc"
chmod 0700 "$T/root1/etc/ssl/private" "$T/root2/etc/ssl/private"
printf 'a-private-key-that-is-long-enough-0123456789\n' >"$T/root1/etc/ssl/private/a.key"
chmod 0600 "$T/root1/etc/ssl/private/a.key"
printf 'key\n' >"$T/root2/etc/ssl/private/a.key"
chmod 0644 "$T/root2/etc/ssl/private/a.key"

cat >"$T/inventory" <<EOI
[audited]
host1 signoff_destdir=$T/host1 signoff_root=$T/root1
host2 signoff_destdir=$T/host2 signoff_root=$T/root2 signoff_policy=host
host3 signoff_destdir=$T/host3 signoff_root=$T/root3 signoff_policy_file=$PWD/policies/host.conf

[audited:vars]
ansible_connection=local
ansible_python_interpreter=$(command -v python3)
EOI
mkdir -p "$T/host1" "$T/host2" "$T/host3" "$T/ansible-tmp"

start=$(date +%s)
T_RC=0
env -u SIGNOFF_CORE -u SIGNOFF_PROC HOME="$T" \
	ANSIBLE_LOCAL_TEMP="$T/ansible-tmp" ANSIBLE_REMOTE_TEMP="$T/ansible-tmp" \
	ANSIBLE_NOCOLOR=1 ANSIBLE_RETRY_FILES_ENABLED=0 ANSIBLE_FORKS=3 \
	ANSIBLE_GATHERING=explicit ANSIBLE_DEPRECATION_WARNINGS=0 \
	ansible-playbook -i "$T/inventory" contrib/ansible/site.yml \
	-e "signoff_stage=$T/stage signoff_report_dir=$T/reports signoff_become=false" \
	-e '{"signoff_audit_args": ["--jobs", "2"]}' \
	</dev/null >"$T/play.out" 2>&1 || T_RC=$?
secs=$(($(date +%s) - start))
T_OUT=$(cat "$T/play.out") T_ERR=
check_rc "ansible-playbook site.yml over three local hosts exits 0 (${secs}s)" 0
case $T_OUT in
*"host1"*"failed=0"*) ok "the play recap shows no failed host" ;;
*) nok "the play recap shows no failed host" "$(printf '%s\n' "$T_OUT" | tail -n 8)" ;;
esac
if printf '%s\n' "$T_OUT" | grep -q 'failed=[1-9]\|unreachable=[1-9]'; then
	nok "no host failed or unreachable" "$(printf '%s\n' "$T_OUT" | tail -n 8)"
else
	ok "no host failed or unreachable"
fi

# The reports arrived on the controller side, one per host, each a
# signoff/1 report about its own root.
for h in 1 2 3; do
	r=$T/reports/host$h.json
	if [ -s "$r" ] && jq -e '.schema == "signoff/1" and .policy == "host"' "$r" >/dev/null 2>&1; then
		ok "host$h: its JSON report was fetched to the controller"
	else
		nok "host$h: its JSON report was fetched to the controller" "$(ls -la "$T/reports" 2>&1)"
	fi
	if [ -x "$T/host$h/usr/local/bin/signoff" ]; then
		ok "host$h: signoff installed under its own directory"
	else
		nok "host$h: signoff installed under its own directory"
	fi
done
st() {
	jq -r --arg s "$2" '[.results[] | select(.id == "secrets.tls-private" and ((.subject // "") | startswith($s)))] | map(.status) | unique | join(",")' \
		"$T/reports/$1.json" 2>/dev/null
}
s1=$(st host1 "$T/root1/") s2=$(st host2 "$T/root2/") s3=$(st host3 "$T/root3/")
if [ "$s1" = pass ]; then ok "host1 audited its root: private keys pass"; else nok "host1 audited its root: private keys pass" "got '$s1'"; fi
case $s2 in *fail*) ok "host2 audited its root: a world-readable key fails" ;; *) nok "host2 audited its root: a world-readable key fails" "got '$s2'" ;; esac
if [ "$s3" = skip ]; then ok "host3 audited its root: no key directory is a skip (optional)"; else nok "host3 audited its root: no key directory is a skip (optional)" "got '$s3'"; fi
# Nothing of another host's root leaked into a report.
if grep -q "$T/root2" "$T/reports/host1.json" 2>/dev/null || grep -q "$T/root1" "$T/reports/host2.json" 2>/dev/null; then
	nok "each report is about its own root only"
else
	ok "each report is about its own root only"
fi
# host3 used the policy file copied from the controller.
if [ -f "$T/host3/var/lib/signoff/policy.conf" ] && cmp -s policies/host.conf "$T/host3/var/lib/signoff/policy.conf"; then
	ok "host3: the controller's policy file was copied and used"
else
	nok "host3: the controller's policy file was copied and used"
fi
# The verdicts disagree as the roots do: host2 is NOT READY.
case $T_OUT in
*"host2: NOT READY"*) ok "the play reports host2 NOT READY" ;;
*) nok "the play reports host2 NOT READY" "$(printf '%s\n' "$T_OUT" | grep -i ready)" ;;
esac
t_end
