#!/bin/sh
# test_seccomp_golden.sh - every compiled seccomp filter against its
# reviewed golden export (tests/golden/seccomp/NAME.pfc), so that a policy
# that grows shows up in review.  UPDATE_GOLDEN=1 rewrites the goldens.
# The exports are for x86_64; elsewhere the comparison is skipped.
set -eu
core=${SIGNOFF_CORE:-build/signoff-core}
gold=tests/golden/seccomp
rc=0
if [ "$(uname -m)" != x86_64 ]; then
	echo "skip - seccomp goldens are x86_64 exports"
	exit 0
fi
for pol in policies/seccomp/*.policy; do
	name=$(basename "$pol" .policy)
	got=$("$core" seccomp-export "$name")
	if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
		printf '%s\n' "$got" >"$gold/$name.pfc"
	fi
	if [ -f "$gold/$name.pfc" ] && [ "$got" = "$(cat "$gold/$name.pfc")" ]; then
		echo "ok - seccomp filter $name matches its golden export"
	else
		printf '%s\n' "$got" | diff -u "$gold/$name.pfc" - | head -20 || true
		echo "not ok - seccomp filter $name differs from $gold/$name.pfc"
		rc=1
	fi
	# confine is the one denylist (see policies/seccomp/confine.policy):
	# default ALLOW, foreign architectures killed, every listed call EPERM.
	if [ "$name" = confine ]; then
		bad=
		# shellcheck disable=SC2013 # one syscall name per word
		for sc in $(sed -e 's/#.*//' -e '/^@/d' "$pol"); do
			printf '%s\n' "$got" | grep -A2 "syscall \"$sc\"" |
				grep -q 'action ERRNO(1);' || bad="$bad $sc"
		done
		if [ -z "$bad" ] &&
			printf '%s\n' "$got" | grep -A1 '# default action' | grep -q 'action ALLOW;' &&
			printf '%s\n' "$got" | grep -A1 '# invalid architecture action' | grep -q 'action KILL_PROCESS;'; then
			echo "ok - seccomp filter confine refuses every listed call and kills a foreign architecture"
		else
			echo "not ok - seccomp filter confine: not refused:$bad (or default/bad-arch wrong)"
			rc=1
		fi
		continue
	fi
	# The default action must be KILL_PROCESS, whatever the allowlist says.
	# The default and bad-architecture actions must be KILL_PROCESS.
	if printf '%s\n' "$got" | grep -A1 '# default action' | grep -q 'action KILL_PROCESS;' &&
		printf '%s\n' "$got" | grep -A1 '# invalid architecture action' | grep -q 'action KILL_PROCESS;'; then
		echo "ok - seccomp filter $name kills by default and on a foreign architecture"
	else
		echo "not ok - seccomp filter $name: default or bad-arch action is not KILL_PROCESS"
		rc=1
	fi
done
# A profile that does not exist is a usage error, not an empty filter.
if "$core" seccomp-export no-such-profile >/dev/null 2>&1; then
	echo "not ok - seccomp-export of an unknown profile succeeded"
	rc=1
else
	echo "ok - seccomp-export of an unknown profile fails"
fi
exit $rc
