#!/bin/sh
# shellcheck source-path=SCRIPTDIR
# test_tls.sh - `signoff-core check tls` and `signoff check tls` against
# real `openssl s_server` processes on 127.0.0.1 ports 24410-24415: a valid
# chain, an expired certificate, a TLS 1.1-only server, a wrong host name,
# a server that accepts and never answers (s_server stopped with SIGSTOP:
# the kernel still completes the TCP handshake), and a closed port.

# shellcheck source=lib.sh
. tests/shell/lib.sh

core_ok
FX=$T_TMP/fx
SERVERS=''
# shellcheck disable=SC2317 # run by the EXIT trap
stop_servers() {
	for sp in $SERVERS; do
		kill -CONT "$sp" 2>/dev/null || :
		kill "$sp" 2>/dev/null || :
	done
	rm -rf -- "$T_TMP"
}
trap stop_servers EXIT

if ! command -v openssl >/dev/null 2>&1 || ! command -v ss >/dev/null 2>&1; then
	nok "openssl and ss are installed (./build.sh deps test)"
	t_end
fi
if sh tests/certs/mkfixtures.sh "$FX" tls >"$T_TMP/mkfx.log" 2>&1; then
	ok "fixtures generated with openssl"
else
	nok "fixtures generated with openssl" "$(cat "$T_TMP/mkfx.log")"
	t_end
fi

# serve PORT ARG...: openssl s_server on 127.0.0.1:PORT, waits until it
# listens (at most 10 s).
serve() {
	sv_port=$1
	shift
	openssl s_server -accept "127.0.0.1:$sv_port" -quiet \
		"$@" >"$T_TMP/s_server.$sv_port.log" 2>&1 </dev/null &
	SERVERS="$SERVERS $!"
	sv_i=0
	while [ "$sv_i" -lt 100 ]; do
		if ss -ltn "sport = :$sv_port" | grep -q LISTEN; then
			return 0
		fi
		sv_i=$((sv_i + 1))
		sleep 0.1
	done
	nok "s_server on port $sv_port listens" "$(cat "$T_TMP/s_server.$sv_port.log")"
}

serve 24410 -cert "$FX/valid-730.pem" -key "$FX/leaf.key" -cert_chain "$FX/ca.pem"
serve 24411 -cert "$FX/expired.pem" -key "$FX/leaf.key" -cert_chain "$FX/ca.pem"
serve 24412 -cert "$FX/valid-730.pem" -key "$FX/leaf.key" -cert_chain "$FX/ca.pem" \
	-tls1_1 -cipher 'DEFAULT:@SECLEVEL=0'
serve 24413 -cert "$FX/valid-730.pem" -key "$FX/leaf.key"
hang_pid=${SERVERS##* }
kill -STOP "$hang_pid"

# tls ARG...: the core's record stream in T_OUT.
tls() {
	run timeout 60 "$REAL_CORE" check tls "$@"
}

# status_of SUBJECT: the status of the record whose subject is SUBJECT.
status_of() {
	printf '%s\n' "$T_OUT" | awk -F '\t' -v p="$1" \
		'NR > 1 && $1 != "sandbox" && $6 == p { print $4; exit }'
}

# endpoint NAME EXPECTED TARGET ARG...
endpoint() {
	ep_name=$1 ep_want=$2 ep_target=$3
	shift 3
	tls "$ep_target" "$@"
	ep_got=$(status_of "$ep_target")
	if [ "$T_RC" = 0 ] && [ "$ep_got" = "$ep_want" ]; then
		ok "$ep_name: $ep_want"
	else
		nok "$ep_name: $ep_want" "got '$ep_got'" "$(t_diag)"
	fi
}

CA="--ca-file $FX/ca.pem"
# shellcheck disable=SC2086 # $CA is two words
{
endpoint "valid chain, trusted CA, localhost" pass localhost:24410 $CA
check_out "valid: TLS 1.2 or 1.3 named" "protocol=TLSv1."
check_out "valid: chain verifies" "chain verifies against"
check_out "valid: every served certificate judged" "localhost:24410: certificate 2 (CN=signoff fixture CA"
endpoint "valid chain, system bundle (fixture CA unknown)" fail localhost:24410
check_out "untrusted: OpenSSL's reason" "self-signed certificate in certificate chain"
check_out "untrusted: the certificates are still reported" "localhost:24410: certificate 1 (CN=localhost"
endpoint "expired certificate" fail localhost:24411 $CA
check_out "expired: OpenSSL's reason" "certificate has expired"
v=$(status_of "localhost:24411: certificate 1 (CN=localhost, serial 1001)")
if [ "$v" = fail ]; then ok "expired: the leaf record fails"; else nok "expired: the leaf record fails" "$(t_diag)"; fi
check_out "expired: days named" "expired 10 days ago"
endpoint "TLS 1.1 only" fail localhost:24412 $CA
check_out "TLS 1.1: the protocol named" "negotiated TLSv1.1, older than TLS 1.2"
endpoint "wrong host name (--servername)" fail 127.0.0.1:24410 $CA --servername wrong.example.test
check_out "wrong name: said so" "does not name wrong.example.test"
endpoint "IP address in the SAN" pass 127.0.0.1:24410 $CA
endpoint "--servername in the SAN" pass 127.0.0.1:24410 $CA --servername www.example.test
}
start=$(date +%s)
# shellcheck disable=SC2086
endpoint "accepts and never answers: error" error localhost:24413 $CA --timeout-ms 1500
end=$(date +%s)
check_out "never answers: timed out" "timed out after 1500 ms"
if [ $((end - start)) -lt 20 ]; then ok "never answers: bounded by --timeout-ms"; else nok "never answers: bounded by --timeout-ms" "took $((end - start)) s"; fi
# shellcheck disable=SC2086
endpoint "closed port: error" error 127.0.0.1:24414 $CA
check_out "closed port: cannot connect" "cannot connect to 127.0.0.1:24414"

# Several targets in one run, each on a fresh connection.
tls localhost:24410 localhost:24411 --ca-file "$FX/ca.pem"
a=$(status_of localhost:24410) b=$(status_of localhost:24411)
if [ "$a" = pass ] && [ "$b" = fail ]; then ok "two targets: each judged on its own"; else nok "two targets: each judged on its own" "$(t_diag)"; fi

# Sandbox: no capabilities, network allowed, nothing else.
tls localhost:24410 --ca-file "$FX/ca.pem"
check_out "sandbox: profile tls" "profile=tls"
check_out "sandbox: no capabilities" "cap_eff=0000000000000000"
check_out "sandbox: seccomp" "seccomp=2"
tls localhost:24410 --ca-file "$FX/nope.pem"
v=$(status_of localhost:24410)
if [ "$v" = error ]; then ok "missing CA file: error"; else nok "missing CA file: error" "$(t_diag)"; fi
tls nohost.invalid:443 --timeout-ms 500
v=$(status_of nohost.invalid:443)
if [ "$v" = error ]; then ok "unresolvable name: error"; else nok "unresolvable name: error" "$(t_diag)"; fi

# Usage.
tls
check_rc "no target: exit 2" 2
tls localhost
check_rc "no port: exit 2" 2
tls localhost:0
check_rc "port 0: exit 2" 2
tls localhost:24410 --timeout-ms 0
check_rc "--timeout-ms 0: exit 2" 2

# The front end.
so check tls localhost:24410 --ca-file "$FX/ca.pem" --format json
check_rc "signoff check tls valid: exit 0" 0
check_jq "signoff check tls: endpoint and certificate records" \
	'[.results[] | select(.id == "tls")] | length == 3'
so check tls localhost:24411 --ca-file "$FX/ca.pem"
check_rc "signoff check tls expired: exit 1" 1
so check tls 127.0.0.1:24414 --ca-file "$FX/ca.pem"
check_rc "signoff check tls closed port: exit 4" 4
so check tls localhost
check_rc "signoff check tls without port: exit 2" 2

t_end
