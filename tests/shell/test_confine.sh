#!/bin/sh
# shellcheck source-path=SCRIPTDIR disable=SC2016
# test_confine.sh - shell checks run confined (signoff-core confine): a
# check that writes under the audit root, opens a socket without `net`,
# reads /etc/shadow without `root-read` or creates a namespace gets an
# error record; its twin with the need (or the scratch directory) passes,
# which shows the tests can fail.  Also: per-item timeout, --jobs, needs
# validation, the core command's own errors.  Root only (the uid switch).

# shellcheck source=lib.sh
. tests/shell/lib.sh

core_ok
if [ "$(id -u)" != 0 ]; then
	echo "skip - test_confine.sh needs root (confine switches to nobody)"
	t_end
fi
for tool in curl python3 unshare; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "skip - $tool is not installed"
		t_end
	fi
done

mkdir -p "$T_TMP/www" "$T_TMP/root"
port=$((20000 + ($$ + 7919) % 20000))
python3 -m http.server --bind 127.0.0.1 --directory "$T_TMP/www" "$port" >/dev/null 2>&1 &
http_pid=$!
trap 'kill "$http_pid" 2>/dev/null; rm -rf -- "$T_TMP"' EXIT
i=0
while ! curl -s -o /dev/null "http://127.0.0.1:$port/" && [ "$i" -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
sed "s/__PORT__/$port/" tests/shell/fixtures/confine.conf >"$T_TMP/confine.conf"
export SIGNOFF_SECTIONS="$PWD/tests/shell/fixtures/sections"

so audit --policy "$T_TMP/confine.conf" --root "$T_TMP/root" --format json
check_rc "hostile checks: incomplete, exit 4" 4

# st ID STATUS [TEXT]: the item's own record.
st() {
	check_jq "$1 is $2${3:+ ($3)}" --arg id "$1" --arg st "$2" --arg tx "${3:-}" \
		'[.results[] | select(.id == $id)] | length == 1 and .[0].status == $st and (.[0].message | contains($tx))'
}
st t.write-root error "Permission denied"
if [ -e "$T_TMP/root/planted" ]; then
	nok "nothing was written under the audit root"
else
	ok "nothing was written under the audit root"
fi
st t.write-scratch pass "wrote /dev/shm/scratch"
st t.socket error "failed with status"
st t.socket-net pass "connected"
st t.shadow error "Permission denied"
st t.shadow-rr pass "read /etc/shadow"
st t.shadow-rr-write error "Permission denied"
st t.unshare error "Operation not permitted"
st t.slow error "timeout of 1 s"
st t.exit124 error "failed with status 124"
check_jq "the error names the needs it ran with" \
	'.results[] | select(.id == "t.socket") | .evidence.needs == "none"'
check_jq "each confined item has its sandbox record" \
	'[.results[] | select(.id == "sandbox") | .subject] | sort == ["t.exit124","t.shadow","t.shadow-rr","t.shadow-rr-write","t.socket","t.socket-net","t.unshare","t.write-root","t.write-scratch"]'
check_jq "the sandbox record says what confined it" \
	'.results[] | select(.id == "sandbox" and .subject == "t.shadow-rr-write") | .evidence.needs == "net,root-read" and .evidence.net == "yes" and .evidence.cap_amb == "0000000000000004" and (.evidence.uid | tostring) == "65534" and .evidence.landlock != "" and .evidence.scratch == "/dev/shm"'
check_jq "no capability without root-read" \
	'.results[] | select(.id == "sandbox" and .subject == "t.shadow") | .evidence.cap_eff == "0000000000000000" and .evidence.cap_bnd == "0000000000000000" and (.evidence.no_new_privs | tostring) == "1" and (.evidence.seccomp | tostring) == "2"'
if [ -e /dev/shm/scratch ]; then
	nok "the scratch file did not reach the host's /dev/shm"
else
	ok "the scratch file did not reach the host's /dev/shm"
fi

# The runner writes nothing, not even in its working directory (a lock
# file, say).
mkdir "$T_TMP/cwd"
(cd "$T_TMP/cwd" && "$SIGNOFF_SHELL" "$SIGNOFF" audit --policy "$T_TMP/confine.conf" \
	--root "$T_TMP/root" --only t.write-scratch,t.shadow-rr --format json >/dev/null 2>&1) || :
if [ -z "$(ls -A "$T_TMP/cwd")" ]; then
	ok "the runner creates no file in its working directory"
else
	nok "the runner creates no file in its working directory" "$(ls -A "$T_TMP/cwd")"
fi

# The same records with --jobs 1 (order and verdicts do not depend on it).
first=$(printf '%s\n' "$T_OUT" | jq -c '[.results[] | [.id, .subject, .status]]')
so audit --policy "$T_TMP/confine.conf" --root "$T_TMP/root" --format json --jobs 1
second=$(printf '%s\n' "$T_OUT" | jq -c '[.results[] | [.id, .subject, .status]]')
if [ "$first" = "$second" ]; then
	ok "--jobs 1 gives the same records in the same order"
else
	nok "--jobs 1 gives the same records in the same order" "$first" "$second"
fi
usage_error "--jobs 0" audit --policy "$T_TMP/confine.conf" --jobs 0
usage_error "--jobs x" audit --policy "$T_TMP/confine.conf" --jobs x

# A need that does not exist is a policy error naming the line.
printf 'format = 1\n[a]\nsection = s\ntitle = t\nphase = pre\nseverity = low\ncheck = sh:cpu_cores\nargs = 1\nneeds = everything\n' \
	>"$T_TMP/badneeds.conf"
so list --policy "$T_TMP/badneeds.conf"
check_rc "unknown need: exit 2" 2
check_err "unknown need: FILE:LINE and the need" "badneeds.conf:9: unknown need 'everything'"

# The core command itself.
run "$REAL_CORE" confine --needs bogus -- true
check_rc "confine --needs bogus: exit 2" 2
run "$REAL_CORE" confine --needs net
check_rc "confine without a command: exit 2" 2
run "$REAL_CORE" confine -- /nonexistent/cmd
check_rc "confine of a missing command: exit 127" 127
run "$REAL_CORE" confine --record x.y -- id -u
check_out "confine: runs the command as nobody" "${NL}65534"
run setpriv --reuid=65534 --regid=65534 --clear-groups "$REAL_CORE" confine --record x.y -- true
check_out "confine not started as root: the sandbox record says what was not applied" "not started as root"
check_out "confine not started as root: a warning, not a pass" "${TAB}warn${TAB}"

t_end
