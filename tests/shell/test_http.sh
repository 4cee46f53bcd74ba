#!/bin/sh
# shellcheck source-path=SCRIPTDIR disable=SC2016
# test_http.sh - `signoff check http` end to end against real servers on
# loopback ports 24500-24549: build/tests/testhttpd (plain HTTP, ours) and
# `openssl s_server -WWW` (TLS), both started and stopped here.  Every
# verdict is asserted in both directions: healthy passes, each fault fails
# naming the figure that missed.

# shellcheck source=lib.sh
. tests/shell/lib.sh

core_ok
HTTPD=${SIGNOFF_TOP:-$PWD}/build/tests/testhttpd
PIDS=
# shellcheck disable=SC2317 # run by the EXIT trap
stop_servers() {
	for p in $PIDS; do kill "$p" 2>/dev/null || :; done
	rm -rf -- "$T_TMP"
}
trap stop_servers EXIT
trap 'exit 130' INT TERM HUP PIPE

if [ ! -x "$HTTPD" ]; then
	nok "testhttpd is built ($HTTPD)" "run make tests first"
	t_end
fi

# start_httpd: PORT = the port of a fresh testhttpd on 127.0.0.1.
start_httpd() {
	"$HTTPD" -p 24500-24529 >"$T_TMP/httpd.port" 2>"$T_TMP/httpd.err" &
	PIDS="$PIDS $!"
	sh_i=0
	PORT=
	while [ "$sh_i" -lt 50 ]; do
		PORT=$(sed -n 's/^port //p' "$T_TMP/httpd.port")
		[ -n "$PORT" ] && return 0
		sleep 0.1
		sh_i=$((sh_i + 1))
	done
	return 1
}

# start_tls: TLS_PORT = the port of `openssl s_server -WWW` serving
# $T_TMP/www with a certificate for 127.0.0.1 (CA = the certificate).
start_tls() {
	mkdir -p "$T_TMP/www"
	printf 'healthy\n' >"$T_TMP/www/health.txt"
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-keyout "$T_TMP/key.pem" -out "$T_TMP/cert.pem" -days 2 \
		-subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
		>/dev/null 2>&1 || return 1
	for st_p in 24530 24531 24532 24533 24534 24535; do
		(cd "$T_TMP/www" && exec openssl s_server -WWW -accept "127.0.0.1:$st_p" \
			-cert "$T_TMP/cert.pem" -key "$T_TMP/key.pem" \
			>"$T_TMP/tls.out" 2>&1) &
		st_pid=$!
		st_i=0
		while [ "$st_i" -lt 50 ]; do
			if grep -q ACCEPT "$T_TMP/tls.out" 2>/dev/null; then
				PIDS="$PIDS $st_pid"
				TLS_PORT=$st_p
				return 0
			fi
			kill -0 "$st_pid" 2>/dev/null || break
			sleep 0.1
			st_i=$((st_i + 1))
		done
		kill "$st_pid" 2>/dev/null || :
	done
	return 1
}

# A filter: the http record's status, and a figure named in `missed`.
http_rec='(.results[] | select(.id == "http"))'
missed() { printf '%s' "$http_rec.evidence.missed | split(\",\") | index(\"$1\") != null"; }

if ! start_httpd; then
	nok "testhttpd started on a port of 24500-24529" "$(cat "$T_TMP/httpd.err")"
	t_end
fi
ok "testhttpd listens on 127.0.0.1:$PORT"
U=http://127.0.0.1:$PORT

# --- healthy ------------------------------------------------------------
so check http "$U/ok" --requests 50 --concurrency 5 --format json
check_rc "a healthy endpoint: exit 0" 0
check_jq "healthy: pass, 50 answered, no error" \
	"$http_rec | .status == \"pass\" and .evidence.completed == \"50\" and .evidence.errors == \"0\" and .evidence.statuses == \"200:50\""
check_jq "healthy: P50 <= P95 <= P99 <= max and min <= P50" \
	"$http_rec.evidence | (.p50_ms|tonumber) <= (.p95_ms|tonumber) and (.p95_ms|tonumber) <= (.p99_ms|tonumber) and (.p99_ms|tonumber) <= (.max_ms|tonumber) and (.min_ms|tonumber) <= (.p50_ms|tonumber)"
check_jq "healthy: requests per second and every error kind as evidence" \
	"$http_rec.evidence | (.requests_per_s|tonumber) > 0 and .errors_connect == \"0\" and .errors_tls == \"0\" and .errors_timeout == \"0\" and .errors_status == \"0\" and .errors_body == \"0\" and .errors_other == \"0\""
check_jq "healthy: the probe ran confined (profile http, seccomp, no capabilities)" \
	'any(.results[]; .id == "sandbox" and .evidence.profile == "http" and (.evidence.seccomp | tostring) == "2" and .evidence.cap_eff == "0000000000000000" and (.evidence.no_new_privs | tostring) == "1")'

# --- latency bounds: the delays are the server's, so the bound is sure ----
so check http "$U/delay/60" --requests 10 --concurrency 5 --p95-ms 20 --format json
check_rc "60 ms answers with --p95-ms 20: exit 1" 1
check_jq "P95 bound missed: fail naming p95_ms" "$http_rec.status == \"fail\" and ($(missed p95_ms))"
check_jq "P95 bound missed: the message says P95 and the bound" \
	"$http_rec.message | contains(\"P95\") and contains(\"bound of 20 ms\")"
check_jq "P95 bound missed: P95 is really above 60 ms" "$http_rec.evidence.p95_ms | tonumber >= 60"
so check http "$U/delay/60" --requests 10 --concurrency 5 --p95-ms 5000 --p99-ms 20 --format json
check_rc "--p99-ms 20 missed, --p95-ms 5000 met: exit 1" 1
check_jq "P99 missed: names p99_ms and not p95_ms" "($(missed p99_ms)) and ($(missed p95_ms) | not)"
so check http "$U/delay/20" --requests 10 --concurrency 5 --p95-ms 5000 --p99-ms 5000 --format json
check_rc "bounds met: exit 0" 0
check_jq "bounds met: the bounds are evidence" "$http_rec.evidence | .p95_bound_ms == \"5000\" and .p99_bound_ms == \"5000\""

# --- status, redirect, body -----------------------------------------------
so check http "$U/status/503" --requests 4 --format json
check_rc "503: exit 1" 1
check_jq "503: a status error naming the code" \
	"($(missed errors_status)) and $http_rec.evidence.errors_status == \"4\" and ($http_rec.message | contains(\"status 503\"))"
so check http "$U/status/503" --requests 4 --expect-status 503
check_rc "503 with --expect-status 503: exit 0" 0
so check http "$U/ok" --requests 2 --expect-status 204 --format json
check_rc "200 with --expect-status 204: exit 1" 1
check_jq "200 with --expect-status 204: status error" "$(missed errors_status)"
so check http "$U/redirect" --requests 2 --format json
check_rc "a redirect is not followed: exit 1" 1
check_jq "redirect: status 302 named, with its target, not followed" \
	"$http_rec.message | contains(\"status 302\") and contains(\"not followed\")"
check_jq "redirect: the target was never requested (only 302s)" "$http_rec.evidence.statuses == \"302:2\""
so check http "$U/body/status-green" --requests 3 --expect-body '^status-(green|ok)$'
check_rc "a body matching --expect-body: exit 0" 0
so check http "$U/body/status-red" --requests 3 --expect-body '^status-(green|ok)$' --format json
check_rc "a body not matching --expect-body: exit 1" 1
check_jq "body mismatch: errors_body named" "($(missed errors_body)) and $http_rec.evidence.errors_body == \"3\""
so check http "$U/big/20000" --requests 1 --expect-body '(a+)+b' --format json
check_rc "a catastrophic regex on a 20 kB body: bounded, exit 1" 1
check_jq "catastrophic regex: a body error (limit), not a hang" "$(missed errors_body)"

so check http "$U/body/a1b2a1c3" --requests 2 --capture '[a-c]([0-9])' --format json
check_rc "--capture: exit 0" 0
check_jq "--capture: the distinct values of its group, in order" \
	"$http_rec | .evidence.captured == \"1, 2, 3\" and .evidence.captured_count == \"3\" and (.message | contains(\"captured (3): 1, 2, 3\"))"
usage_error "check http: bad --capture regex" check http "$U/ok" --capture '[a-'

# --- method, data, header ---------------------------------------------------
so check http "$U/echo" --requests 2 --method PUT --data 'a b&c' \
	--header 'X-Test: two words' --expect-body '(?s)method=PUT.*body=a b&c.*x-test=two words'
check_rc "--method PUT --data --header reach the server: exit 0" 0
so check http "$U/echo" --requests 1 --data 'x=1' --expect-body '^method=POST'
check_rc "--data alone is a POST: exit 0" 0
so check http "$U/echo" --requests 1 --method HEAD
check_rc "--method HEAD: exit 0" 0
so check http "$U/echo" --requests 2 --expect-body '(?m)^user-agent=signoff/[0-9][^ ]*$'
check_rc "our User-Agent (a fixed header line) on every request: exit 0" 0
so check http "$U/echo" --requests 2 --header 'user-agent: probe/7' --expect-body '(?m)^user-agent=probe/7$'
check_rc "--header User-Agent replaces ours: exit 0" 0

# --- connections: kept alive by default, one per request with --no-keepalive
# /nth answers the request's number on its connection.
so check http "$U/nth" --requests 5 --concurrency 1 --expect-body '^1$' --format json
check_rc "keep-alive by default: requests 2..5 reuse the connection (exit 1)" 1
check_jq "keep-alive: 4 answers were not the first on their connection" "$http_rec.evidence.errors_body == \"4\""
so check http "$U/nth" --requests 5 --concurrency 2 --no-keepalive --expect-body '^1$' --format json
check_rc "--no-keepalive: every request on a new connection (exit 0)" 0
check_jq "--no-keepalive: 5 answered, all first on their connection" "$http_rec | .status == \"pass\" and .evidence.completed == \"5\""

# --- timeouts, broken connections, nothing listening ------------------------
so check http "$U/delay/3000" --requests 2 --timeout-ms 200 --format json
check_rc "a 3 s answer with --timeout-ms 200: exit 1" 1
check_jq "timeout: errors_timeout named, no latency sample" \
	"($(missed errors_timeout)) and $http_rec.evidence.completed == \"0\" and ($http_rec.evidence | has(\"p95_ms\") | not)"
so check http "$U/close" --requests 2 --format json
check_rc "a connection closed without an answer: exit 1" 1
check_jq "closed: counted as other, not as a pass" "$(missed errors_other)"

# A port with nothing behind it: a free one of our range.
free=24549
so check http "http://127.0.0.1:$free/" --requests 3 --format json
check_rc "nothing listening: exit 1" 1
check_jq "nothing listening: errors_connect named" "($(missed errors_connect)) and $http_rec.evidence.errors_connect == \"3\""
T_OUT=$("$SIGNOFF_CORE" check http --optional "http://127.0.0.1:$free/" --requests 2 2>&1) || :
case $T_OUT in
*"${TAB}skip${TAB}"*"not reachable (optional item)"*) ok "nothing listening, --optional: a skip with its reason" ;;
*) nok "nothing listening, --optional: a skip with its reason" "$T_OUT" ;;
esac
so check http "http://signoff-no-such-host.invalid/" --requests 2 --format json
check_rc "a host name that does not resolve: exit 1" 1
check_jq "unresolvable: a fail saying so" "$http_rec.status == \"fail\" and ($http_rec.message | contains(\"cannot resolve\"))"

# An unreachable network, in a network namespace of our own (no route).
if [ "$(id -u)" = 0 ] && unshare -n true 2>/dev/null; then
	T_RC=0
	T_OUT=$(unshare -n sh -c 'ip link set lo up; exec "$0" check http http://192.0.2.1:24540/ --requests 2 --timeout-ms 2000' "$SIGNOFF_CORE" 2>&1) || T_RC=$?
	case $T_OUT in
	*"${TAB}fail${TAB}"*"connect error"*"errors_connect=2"*) ok "an unreachable network (netns without a route): connect errors" ;;
	*) nok "an unreachable network (netns without a route): connect errors" "$T_OUT" ;;
	esac
else
	echo "skip - unreachable-network test needs root and unshare -n"
fi

# --- TLS ----------------------------------------------------------------------
if start_tls; then
	ok "openssl s_server -WWW listens on 127.0.0.1:$TLS_PORT"
	S=https://127.0.0.1:$TLS_PORT
	so check http "$S/health.txt" --requests 6 --concurrency 3 --cafile "$T_TMP/cert.pem" \
		--expect-body '^healthy$' --format json
	check_rc "TLS, certificate verified with --cafile: exit 0" 0
	check_jq "TLS: pass with 6 answers" "$http_rec | .status == \"pass\" and .evidence.completed == \"6\""
	so check http "$S/health.txt" --requests 4 --concurrency 2 --no-keepalive --cafile "$T_TMP/cert.pem" \
		--expect-body '^healthy$' --format json
	check_rc "TLS, --no-keepalive (a handshake per request, confined): exit 0" 0
	so check http "$S/health.txt" --requests 2 --format json
	check_rc "TLS, self-signed against the system CAs: exit 1" 1
	check_jq "TLS, not verified: errors_tls named" "$(missed errors_tls)"
	so check http "https://localhost:$TLS_PORT/health.txt" --requests 1 --cafile "$T_TMP/cert.pem" --format json
	check_rc "TLS, certificate for another name: exit 1" 1
	check_jq "TLS, wrong name: errors_tls" "$(missed errors_tls)"
	so check http "$S/health.txt" --requests 1 --cafile "$T_TMP/no-such.pem" --format json
	check_rc "TLS, --cafile missing: exit 4 (could not run)" 4
	check_jq "TLS, --cafile missing: an error record" "$http_rec.status == \"error\""
	so check http "$U/ok" --cafile "$T_TMP/cert.pem"
	check_rc "--cafile with http://: usage error" 2
else
	nok "openssl s_server -WWW started on 24530-24535" "$(cat "$T_TMP/tls.out" 2>/dev/null)"
fi

# --- the subject never carries credentials -----------------------------------
so check http "http://admin:s3cr3t-pw@127.0.0.1:$PORT/ok" --requests 1 --format json
check_rc "credentials in the URL: exit 0" 0
check_no "credentials in the URL: not in the report" "$T_OUT" "s3cr3t-pw"
check_jq "credentials in the URL: the subject is the URL without them" \
	--arg u "http://127.0.0.1:$PORT/ok" "$http_rec.subject == \$u"

# --- usage errors (exit 2, nothing on stdout) ----------------------------------
usage_error "check http: missing URL" check http
usage_error "check http: ftp URL" check http ftp://127.0.0.1/
usage_error "check http: two URLs" check http "$U/ok" "$U/ok"
usage_error "check http: --requests 0" check http "$U/ok" --requests 0
usage_error "check http: --concurrency 1000" check http "$U/ok" --concurrency 1000
usage_error "check http: --p95-ms abc" check http "$U/ok" --p95-ms abc
usage_error "check http: --expect-status 42" check http "$U/ok" --expect-status 42
usage_error "check http: bad regex" check http "$U/ok" --expect-body '('
usage_error "check http: header without colon" check http "$U/ok" --header Bad
usage_error "check http: header with a newline" check http "$U/ok" --header "X-A: b${NL}X-Evil: c"
usage_error "check http: method with a blank" check http "$U/ok" --method 'GET /x'
usage_error "check http: unknown option" check http "$U/ok" --follow
usage_error "check http: option without value" check http "$U/ok" --requests

# --- a sandbox kill is an error, never a pass ----------------------------------
fake_core sigsys 'if [ "$1 $2" = "check http" ]; then kill -s SYS $$; fi'
SIGNOFF_CORE=$T_TMP/sigsys so check http "$U/ok" --format json
check_rc "core killed by SIGSYS: exit 4" 4
check_jq "core killed by SIGSYS: an error record naming it" \
	'any(.results[]; .status == "error" and (.message | contains("SIGSYS")))'

# --- libcurl is loaded by the checks that use it, nowhere else -------------------
# (core/checks/curlshim.c: linking it cost every start of the core ~9 ms.)
case $(ldd "$REAL_CORE" 2>&1) in
*libcurl*) nok "signoff-core is not linked with libcurl" "$(ldd "$REAL_CORE")" ;;
*) ok "signoff-core is not linked with libcurl" ;;
esac
# A libcurl that cannot be loaded: exit 3 and the loader's reason, no crash.
mkdir -p "$T_TMP/badlib"
printf 'not a library\n' >"$T_TMP/badlib/libcurl.so.4"
run env LD_LIBRARY_PATH="$T_TMP/badlib" "$REAL_CORE" check http "$U/ok" --requests 1
check_rc "libcurl not loadable: core exits 3" 3
check_err "libcurl not loadable: the reason on stderr" "cannot load libcurl.so.4"
run env LD_LIBRARY_PATH="$T_TMP/badlib" "$REAL_CORE" check tls 127.0.0.1:1
check_rc "libcurl not loadable (tls): core exits 3" 3
check_err "libcurl not loadable (tls): the reason on stderr" "cannot load libcurl.so.4"
SIGNOFF_CORE_SAVE=$SIGNOFF_CORE
fake_core badcurl "LD_LIBRARY_PATH='$T_TMP/badlib'; export LD_LIBRARY_PATH"
SIGNOFF_CORE=$T_TMP/badcurl so check http "$U/ok" --requests 1 --format json
SIGNOFF_CORE=$SIGNOFF_CORE_SAVE
check_rc "libcurl not loadable: signoff exits 4" 4
check_jq "libcurl not loadable: an error record, never a pass" \
	'any(.results[]; .status == "error") and all(.results[]; .status != "pass" or .id == "sandbox")'

t_end
