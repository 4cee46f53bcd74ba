#!/bin/sh
# shellcheck source-path=SCRIPTDIR
# test_http_raw.sh - the built-in HTTP/1.1 client of `check http` (plain
# http, GET/HEAD) against canned answers byte for byte
# (fixtures/rawhttpd.py, one request per connection, then closed): body
# framings it must read, malformed answers it must count as errors with a
# reason, a kept-alive connection the server closed (sent again on a new
# one, as libcurl does), and the options that stay with libcurl.

# shellcheck source=lib.sh
. tests/shell/lib.sh

core_ok
SRV=
# shellcheck disable=SC2317 # run by the EXIT trap
cleanup() {
	[ -z "$SRV" ] || kill "$SRV" 2>/dev/null || :
	rm -rf -- "$T_TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP PIPE

python3 tests/shell/fixtures/rawhttpd.py >"$T_TMP/port" 2>"$T_TMP/err" &
SRV=$!
i=0
PORT=
while [ "$i" -lt 50 ] && [ -z "$PORT" ]; do
	sleep 0.1
	PORT=$(sed -n 's/^port //p' "$T_TMP/port")
	i=$((i + 1))
done
if [ -z "$PORT" ]; then
	nok "rawhttpd.py started" "$(cat "$T_TMP/err")"
	t_end
fi
U=http://127.0.0.1:$PORT
http_rec='(.results[] | select(.id == "http"))'

so check http "$U/chunked" --requests 3 --concurrency 1 --expect-body '^hello$' --format json
check_rc "a chunked body (extension, trailer) is read whole: exit 0" 0
check_jq "chunked: 3 answered" "$http_rec.evidence.completed == \"3\""

so check http "$U/until-close" --requests 2 --expect-body '^until-close$'
check_rc "an HTTP/1.0 body until the server closes: exit 0" 0

so check http "$U/interim" --requests 2 --expect-body '^final$' --format json
check_rc "a 103 interim answer, then the final 200: exit 0" 0
check_jq "interim: only the final status counted" "$http_rec.evidence.statuses == \"200:2\""

so check http "$U/closes" --requests 5 --concurrency 1 --format json
check_rc "a kept-alive connection the server closed: the request sent anew, exit 0" 0
check_jq "closed keep-alive: 5 answered, no error" \
	"$http_rec | .evidence.completed == \"5\" and .evidence.errors == \"0\""

so check http "$U/bad-length" --requests 2 --format json
check_rc "a malformed Content-Length: exit 1" 1
check_jq "malformed: errors_other with the parser's reason" \
	"$http_rec | .evidence.errors_other == \"2\" and (.message | contains(\"malformed response: Content-Length is not a number\"))"

so check http "$U/truncated" --requests 1 --format json
check_rc "a body cut short by the server: exit 1" 1
check_jq "truncated: errors_other, closed in the middle of the body" \
	"$http_rec | .evidence.errors_other == \"1\" and (.message | contains(\"middle of the body\"))"

# --data stays with libcurl (its own words for the same fault).
so check http "$U/bad-length" --requests 1 --data x --format json
check_rc "--data (libcurl): a malformed answer is still an error, exit 1" 1
check_jq "--data goes through libcurl, not the built-in client" \
	"$http_rec | .evidence.errors_other == \"1\" and (.message | contains(\"malformed response\") | not)"

t_end
