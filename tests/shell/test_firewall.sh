#!/bin/sh
# shellcheck source-path=SCRIPTDIR disable=SC2016
# test_firewall.sh - `check firewall` and `check ports` against real
# firewalls: every case builds its own network namespace (unshare -n, lo
# up), loads real nft / iptables-nft / iptables-legacy / ufw rules in it,
# runs the check inside it and asserts the verdict and the reachable
# ports of both families.  The host's firewall is never touched;
# iptables-legacy and ufw only ever run inside a throwaway namespace (ufw
# with a private copy of /etc/ufw bind-mounted in its own mount namespace).
#
# FW_SEED_DIR=DIR: also write each case's raw dumps there (fuzz seeds).

# shellcheck source=lib.sh
. tests/shell/lib.sh

core_ok

if [ "$(id -u)" != 0 ]; then
	echo "skip - the firewall matrix needs root (network namespaces, netlink dumps)"
	t_end
fi
if ! unshare -n true 2>/dev/null; then
	echo "skip - cannot create network namespaces here"
	t_end
fi
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

# listen PROTO ADDR PORT: a real socket listening in the current namespace
# (a background python3), for the exposure cases.  Prints nothing.
LISTEN='import socket,sys,time
fam = socket.AF_INET6 if ":" in sys.argv[2] else socket.AF_INET
s = socket.socket(fam, socket.SOCK_STREAM if sys.argv[1] == "tcp" else socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[2], int(sys.argv[3])))
if sys.argv[1] == "tcp":
    s.listen(1)
open(sys.argv[4], "w").close()
time.sleep(30)'

# in_ns NAME SETUP [CHECK-ARGS]...: runs SETUP (sh) then the core check in
# a fresh network namespace; T_OUT/T_ERR/T_RC as run() sets them.
in_ns() {
	in_ns_name=$1 in_ns_setup=$2
	shift 2
	printf '%s\n' "$LISTEN" >"$T_TMP/listen.py"
	cat >"$T_TMP/case.sh" <<CASE
set -e
ip link set lo up
listen() { "$PY" "$T_TMP/listen.py" "\$1" "\$2" "\$3" "$T_TMP/ready.\$3" & i=0; while [ ! -e "$T_TMP/ready.\$3" ] && [ \$i -lt 100 ]; do sleep 0.05; i=\$((i+1)); done; }
$in_ns_setup
set +e
"\$@"
rc=\$?
if [ -n "${FW_SEED_DIR:-}" ] && [ -x "$T_TMP/fwdump" ]; then
	"$T_TMP/fwdump" "${FW_SEED_DIR:-}" "$in_ns_name" || true
fi
kill \$(jobs -p) 2>/dev/null || true
exit \$rc
CASE
	rm -f "$T_TMP"/ready.*
	run unshare -n sh "$T_TMP/case.sh" "$@"
}

# field SUBJECT KEY: evidence KEY of the record whose subject is SUBJECT.
field() {
	printf '%s\n' "$T_OUT" | awk -F "$TAB" -v s="$1" -v k="$2" '
		$6 == s { for (i = 12; i <= NF; i++) if (index($i, k "=") == 1) { print substr($i, length(k) + 2); exit } }'
}

status_of() {
	printf '%s\n' "$T_OUT" | awk -F "$TAB" -v s="$1" '$6 == s { print $4; exit }'
}

# expect NAME FAMILY VERDICT TCP UDP
expect() {
	e_v=$(field "$2" verdict) e_t=$(field "$2" tcp) e_u=$(field "$2" udp)
	if [ "$e_v" = "$3" ] && [ "$e_t" = "$4" ] && [ "$e_u" = "$5" ]; then
		ok "$1: $2 $3, tcp $4, udp $5"
	else
		nok "$1: $2 $3, tcp $4, udp $5" "got $e_v, tcp $e_t, udp $e_u" "$(t_diag)"
	fi
}

ALL='0-65535,every unlisted port'
fw() { in_ns "$1" "$2" "$REAL_CORE" check firewall; }

NFT_BASE='nft add table inet filter
nft add chain inet filter input "{ type filter hook input priority 0; policy drop; }"
nft add rule inet filter input ct state established,related accept
nft add rule inet filter input iif lo accept'

# Optional seed dumper (FW_SEED_DIR): a tiny program over the library.
if [ -n "${FW_SEED_DIR:-}" ]; then
	mkdir -p "$FW_SEED_DIR"
	cc -std=c11 -D_GNU_SOURCE -Icore -o "$T_TMP/fwdump" tests/fuzzseed/fwdump.c \
		build/libsignoff.a -lmnl -lnftnl || echo "# cannot build fwdump"
fi

# 1. No rules at all.
fw none ':'
check_rc "no rules: the check ran" 0
expect "no rules" ipv4 inactive "$ALL" "$ALL"
expect "no rules" ipv6 inactive "$ALL" "$ALL"
if [ "$(status_of ipv4)" = warn ]; then ok "no rules: a warning by default"; else nok "no rules: a warning by default" "$(t_diag)"; fi
in_ns none-fail ':' "$REAL_CORE" check firewall --permissive fail
if [ "$(status_of ipv4)" = fail ]; then ok "no rules, --permissive fail: a failure"; else nok "no rules, --permissive fail: a failure" "$(t_diag)"; fi

# 2. nft inet input, policy drop.
fw drop 'nft add table inet filter
nft add chain inet filter input "{ type filter hook input priority 0; policy drop; }"'
expect "inet policy drop" ipv4 active-deny none none
expect "inet policy drop" ipv6 active-deny none none
if [ "$(status_of ipv4)" = pass ]; then ok "inet policy drop: pass"; else nok "inet policy drop: pass" "$(t_diag)"; fi

# 3. Drop plus accept tcp 22.
fw ssh "$NFT_BASE
nft add rule inet filter input tcp dport 22 accept"
expect "drop + tcp 22" ipv4 active-deny 22 none
expect "drop + tcp 22" ipv6 active-deny 22 none

# 4. firewalld style: policy accept, zones by goto, a final reject.
fw firewalld 'nft add table inet firewalld
nft add chain inet firewalld filter_IN_public_allow
nft add rule inet firewalld filter_IN_public_allow tcp dport 22 accept
nft add rule inet firewalld filter_IN_public_allow udp dport 546 accept
nft add chain inet firewalld filter_IN_public
nft add rule inet firewalld filter_IN_public jump filter_IN_public_allow
nft add chain inet firewalld filter_INPUT_ZONES
nft add rule inet firewalld filter_INPUT_ZONES iifname "eth9" goto filter_IN_public
nft add rule inet firewalld filter_INPUT_ZONES goto filter_IN_public
nft add chain inet firewalld filter_INPUT "{ type filter hook input priority 10; policy accept; }"
nft add rule inet firewalld filter_INPUT ct state established,related accept
nft add rule inet firewalld filter_INPUT ct status dnat accept
nft add rule inet firewalld filter_INPUT iifname lo accept
nft add rule inet firewalld filter_INPUT ct state invalid drop
nft add rule inet firewalld filter_INPUT jump filter_INPUT_ZONES
nft add rule inet firewalld filter_INPUT reject with icmpx admin-prohibited'
expect "firewalld final reject" ipv4 active-deny 22 546
expect "firewalld final reject" ipv6 active-deny 22 546
case $T_OUT in
*"${TAB}firewalld${TAB}"*) ok "firewalld: its table is reported" ;;
*) nok "firewalld: its table is reported" "$(t_diag)" ;;
esac

# 5. An ip table dropping while IPv6 is open.
fw ip-only 'nft add table ip filter
nft add chain ip filter input "{ type filter hook input priority 0; policy drop; }"
nft add rule ip filter input tcp dport 443 accept'
expect "ip table drops, ipv6 open" ipv4 active-deny 443 none
expect "ip table drops, ipv6 open" ipv6 inactive "$ALL" "$ALL"

# 6. iptables-nft INPUT DROP.
fw iptables-nft 'iptables-nft -P INPUT DROP
iptables-nft -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
iptables-nft -A INPUT -i lo -j ACCEPT
iptables-nft -A INPUT -p tcp --dport 22 -j ACCEPT
iptables-nft -A INPUT -p udp -m multiport --dports 53,123 -j ACCEPT'
expect "iptables-nft INPUT DROP" ipv4 active-deny 22 53,123
expect "iptables-nft INPUT DROP" ipv6 inactive "$ALL" "$ALL"

# 7. iptables-legacy INPUT DROP (only ever inside the namespace).
fw legacy 'iptables-legacy -P INPUT DROP
iptables-legacy -A INPUT -m state --state ESTABLISHED,RELATED -j ACCEPT
iptables-legacy -A INPUT -i lo -j ACCEPT
iptables-legacy -N svc
iptables-legacy -A svc -p tcp --dport 5432 -j ACCEPT
iptables-legacy -A INPUT -p tcp -j svc
iptables-legacy -A INPUT -p tcp -m multiport --dports 80,443,8000:8010 -j ACCEPT
ip6tables-legacy -P INPUT DROP
ip6tables-legacy -A INPUT -p tcp --dport 22 -j ACCEPT'
expect "iptables-legacy INPUT DROP" ipv4 active-deny 80,443,5432,8000-8010 none
expect "ip6tables-legacy INPUT DROP" ipv6 active-deny 22 none

# 8. Two base chains where only one drops: the drop wins.
fw two-chains 'nft add table inet a
nft add chain inet a input "{ type filter hook input priority 0; policy drop; }"
nft add rule inet a input tcp dport { 22, 80 } accept
nft add table inet b
nft add chain inet b input "{ type filter hook input priority 10; policy accept; }"
nft add rule inet b input tcp dport 80 drop'
expect "two base chains" ipv4 active-deny 22 none
expect "two base chains" ipv6 active-deny 22 none
fw two-chains-open 'nft add table inet a
nft add chain inet a input "{ type filter hook input priority 0; policy accept; }"
nft add rule inet a input tcp dport 23 drop
nft add table ip b
nft add chain ip b input "{ type filter hook input priority 10; policy drop; }"'
expect "accepting chain + dropping ip chain" ipv4 active-deny none none
expect "accepting chain + dropping ip chain" ipv6 permissive "0-22,24-65535,every unlisted port" "$ALL"

# 9. Established/related only.
fw established "$NFT_BASE"
expect "established/related only" ipv4 active-deny none none

# 10. A jump to a user chain that accepts 5432.
fw jump "$NFT_BASE
nft add chain inet filter db
nft add rule inet filter db ip saddr 127.0.0.0/8 return
nft add rule inet filter db tcp dport 5432 accept
nft add rule inet filter input meta l4proto tcp jump db"
expect "jump to a user chain" ipv4 active-deny 5432 none

# 11. An anonymous port set; 12. a range; 13. a named set (and an interval set).
fw set "$NFT_BASE
nft add rule inet filter input tcp dport { 80, 443 } accept"
expect "port set {80, 443}" ipv4 active-deny 80,443 none
fw range "$NFT_BASE
nft add rule inet filter input udp dport 60000-61000 accept
nft add rule inet filter input tcp dport 8000-8100 accept"
expect "port ranges" ipv4 active-deny 8000-8100 60000-61000
fw named-set "$NFT_BASE
nft add set inet filter web '{ type inet_service; elements = { 8080, 8443 }; }'
nft add set inet filter high '{ type inet_service; flags interval; elements = { 9000-9010, 9100 }; }'
nft add rule inet filter input tcp dport @web accept
nft add rule inet filter input udp dport @high accept"
expect "named sets" ipv4 active-deny 8080,8443 9000-9010,9100
fw vmap "$NFT_BASE
nft add rule inet filter input tcp dport vmap '{ 25 : drop, 587 : accept, 993 : accept }'"
expect "verdict map" ipv4 active-deny 587,993 none

# 14. Exposure: 0.0.0.0:5432 with an accepting rule; 127.0.0.1:6379 with one.
in_ns exposed "$NFT_BASE
nft add rule inet filter input tcp dport { 5432, 6379 } accept
listen tcp 0.0.0.0 5432
listen tcp 127.0.0.1 6379" "$REAL_CORE" check firewall --critical-ports 5432,6379,7474
expect "exposure" ipv4 active-deny 5432,6379 none
if [ "$(status_of 'port 5432')" = fail ] && [ "$(field 'port 5432' exposed)" = yes ]; then
	ok "0.0.0.0:5432 with an accepting rule: exposed, a failure"
else
	nok "0.0.0.0:5432 with an accepting rule: exposed, a failure" "$(t_diag)"
fi
check_out "the failure names the socket, the process and the rule" "listens on 0.0.0.0:5432 and the firewall lets other hosts reach it (IPv4: inet filter input handle"
if [ "$(status_of 'port 6379')" = pass ] && [ "$(field 'port 6379' listening)" = no ]; then
	ok "127.0.0.1:6379: not exposed"
else
	nok "127.0.0.1:6379: not exposed" "$(t_diag)"
fi
in_ns dropped "$NFT_BASE
listen tcp :: 5432" "$REAL_CORE" check firewall --critical-ports 5432
if [ "$(status_of 'port 5432')" = pass ] && [ "$(field 'port 5432' listening)" = yes ]; then
	ok "[::]:5432 behind a drop policy: listening, not exposed"
else
	nok "[::]:5432 behind a drop policy: listening, not exposed" "$(t_diag)"
fi

# A rule the analyser does not understand is named and counted.
fw queue 'iptables-nft -P INPUT DROP
iptables-nft -A INPUT -p tcp --dport 8000 -j NFQUEUE --queue-num 3'
expect "a queue rule" ipv4 active-deny 8000 none
case $T_OUT in
*"not understood"*"ip filter INPUT handle "*"(NFQUEUE)"*) ok "a queue rule: named as not understood" ;;
*) nok "a queue rule: named as not understood" "$(t_diag)" ;;
esac

# 15. ufw enabled with default deny and allow 22, on a private /etc/ufw.
mkdir -p "$T_TMP/ufw"
cp -a /etc/ufw/. "$T_TMP/ufw/"
cat >"$T_TMP/ufwcase.sh" <<UFW
set -e
mount --make-rprivate /
mount --bind "$T_TMP/ufw" /etc/ufw
ip link set lo up
ufw default deny incoming >/dev/null
ufw allow 22/tcp >/dev/null
ufw --force enable >/dev/null
"$REAL_CORE" check firewall
UFW
# A private mount namespace needs a mount point at / (not so under a
# chroot, where unshare -m cannot make / private): then the case is skipped
# rather than bind-mounting over a shared mount.
if ! unshare -m true 2>/dev/null; then
	echo "skip - ufw case: no private mount namespace here (unshare -m fails, e.g. under chroot)"
	T_RC=skip
else
	run unshare -n -m sh "$T_TMP/ufwcase.sh"
fi
if [ "$T_RC" = skip ]; then
	:
elif [ "$T_RC" = 0 ]; then
	if [ "$(field ipv4 verdict)" = active-deny ] && [ "$(field ipv4 tcp)" = 22 ]; then
		ok "ufw default deny, allow 22: ipv4 active-deny, tcp 22"
	else
		nok "ufw default deny, allow 22: ipv4 active-deny, tcp 22" "$(t_diag)"
	fi
	if [ "$(field ipv6 verdict)" = active-deny ] && [ "$(field ipv6 tcp)" = 22 ]; then
		ok "ufw default deny, allow 22: ipv6 active-deny, tcp 22"
	else
		nok "ufw default deny, allow 22: ipv6 active-deny, tcp 22" "$(t_diag)"
	fi
	if [ "$(field ufw loaded)" = yes ] && [ "$(field ufw enabled_at_boot)" = yes ]; then
		ok "ufw: loaded and enabled at boot, reported separately"
	else
		nok "ufw: loaded and enabled at boot, reported separately" "$(t_diag)"
	fi
else
	nok "ufw case ran" "$(t_diag)"
fi
if grep -q '^ENABLED=no' /etc/ufw/ufw.conf 2>/dev/null || [ ! -f /etc/ufw/ufw.conf ]; then
	ok "the host's /etc/ufw was not touched"
fi
# ENABLED=yes but no chains loaded: a warning.
sed 's/^ENABLED=.*/ENABLED=yes/' /etc/ufw/ufw.conf >"$T_TMP/ufw-yes.conf" 2>/dev/null || echo 'ENABLED=yes' >"$T_TMP/ufw-yes.conf"
in_ns ufw-boot-only ':' "$REAL_CORE" check firewall --ufw-conf "$T_TMP/ufw-yes.conf"
if [ "$(status_of ufw)" = warn ] && [ "$(field ufw loaded)" = no ]; then
	ok "ufw enabled at boot but not loaded: a warning"
else
	nok "ufw enabled at boot but not loaded: a warning" "$(t_diag)"
fi

# check ports --must-be-free.
in_ns ports 'listen tcp 127.0.0.1 5432
listen udp 0.0.0.0 8125' "$REAL_CORE" check ports --must-be-free 5432,6379,8125
if [ "$(status_of 'port 5432')" = fail ] && [ "$(status_of 'port 6379')" = pass ] &&
	[ "$(status_of 'port 8125')" = fail ]; then
	ok "ports: 5432 and 8125 in use (loopback too), 6379 free"
else
	nok "ports: 5432 and 8125 in use (loopback too), 6379 free" "$(t_diag)"
fi
check_out "ports: the failure names the address and the process" "in use: tcp listens on 127.0.0.1:5432 (python3 (pid "
check_out "ports: udp named too" "in use: udp listens on 0.0.0.0:8125"

# Not root: no dump, an error record (never a pass).
if id nobody >/dev/null 2>&1; then
	in_ns unprivileged 'nft add table inet filter' setpriv --reuid=65534 --regid=65534 --clear-groups "$REAL_CORE" check firewall
	if [ "$(status_of ipv4)" = error ] && [ "$(field ipv4 verdict)" = unknown ]; then
		ok "unprivileged: unknown, an error record"
	else
		nok "unprivileged: unknown, an error record" "$(t_diag)"
	fi
fi

# The front end.
in_ns front "$NFT_BASE
nft add rule inet filter input tcp dport 22 accept" "$SIGNOFF_SHELL" "$SIGNOFF" check firewall --format json
check_rc "signoff check firewall: exit 0 on active-deny" 0
check_jq "signoff check firewall: json verdicts" \
	'[.results[] | select(.subject == "ipv4" or .subject == "ipv6") | .evidence.verdict] == ["active-deny", "active-deny"]'
in_ns front-ports 'listen tcp 0.0.0.0 6379' "$SIGNOFF_SHELL" "$SIGNOFF" check ports --must-be-free 5432,6379
check_rc "signoff check ports: exit 1 when a port is taken" 1
in_ns front-crit "nft add table inet filter
listen tcp 0.0.0.0 5432" "$SIGNOFF_SHELL" "$SIGNOFF" check firewall --critical-ports 5432
check_rc "signoff check firewall --critical-ports: exit 1 when exposed" 1

# Through a policy: core:firewall and core:ports items in an audit.
cat >"$T_TMP/fw.conf" <<'POL'
format = 1
name = fwtest
root = /

[security.firewall]
section = security
title = Firewall denies by default
phase = pre
severity = critical
check = core:firewall
args = --permissive fail --critical-ports 5432,6379

[network.ports-free]
section = network
title = Ports are free
phase = pre
severity = high
check = core:ports
args = --must-be-free 5432,8000
POL
in_ns audit "nft add table inet f
nft add chain inet f input '{ type filter hook input priority 0; policy drop; }'
nft add rule inet f input tcp dport 5432 accept
listen tcp 0.0.0.0 5432" "$SIGNOFF_SHELL" "$SIGNOFF" audit --policy "$T_TMP/fw.conf" --format json
check_rc "audit with firewall and ports items: exit 1" 1
check_jq "audit: the exposed critical port fails" \
	'any(.results[]; .id == "security.firewall" and .subject == "port 5432" and .status == "fail")'
check_jq "audit: the taken port fails, the free one passes" \
	'any(.results[]; .id == "network.ports-free" and .subject == "port 5432" and .status == "fail") and any(.results[]; .id == "network.ports-free" and .subject == "port 8000" and .status == "pass")'
check_jq "audit: both families active-deny" \
	'[.results[] | select(.id == "security.firewall" and (.subject == "ipv4" or .subject == "ipv6")) | .status] == ["pass", "pass"]'

t_end
