#!/bin/sh
# ci/lint.sh - shellcheck over every shell file, the docs/STYLE.md ban list
# over core/, and the docs the sources cite.  Prints ok/not ok lines.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 3
rc=0

files=$(find shell tests ci build.sh .ci -type f \( -name '*.sh' -o -name signoff \
	-o -name build.sh -o -name run \) ! -path '*/node_modules/*' | sort)
# shellcheck disable=SC2086 # one file per word
if out=$(shellcheck -s sh -x $files 2>&1); then
	echo "ok - shellcheck -s sh clean ($(echo "$files" | wc -l) files)"
else
	printf '%s\n' "$out" | head -40
	echo "not ok - shellcheck -s sh"
	rc=1
fi

# Functions docs/STYLE.md bans in the core: they write past buffers, parse
# numbers without errors, or open files and sockets behind the sandbox.
banned='\b(sprintf|vsprintf|strcpy|strcat|gets|atoi|atol|system|popen|getpwnam|getpwuid|getgrnam|localtime|syslog)[[:space:]]*\('
if hits=$(grep -rnE "$banned" core | grep -vE '^[^:]+:[0-9]+:[[:space:]]*(/?\*|//)'); then
	printf '%s\n' "$hits"
	echo "not ok - banned functions in core/"
	rc=1
else
	echo "ok - no banned function in core/"
fi
# The grep must be able to fail: check it on a planted line.
if printf 'x = atoi(s);\n' | grep -qE "$banned"; then
	echo "ok - the banned-function grep catches a planted call"
else
	echo "not ok - the banned-function grep is broken"
	rc=1
fi
# The design and style documents every source and the README cite exist,
# and the README links them where they are.
for d in DESIGN STYLE; do
	if [ -f "docs/$d.md" ] && grep -q "docs/$d.md" README.md; then
		echo "ok - docs/$d.md exists and README.md links it"
	else
		echo "not ok - docs/$d.md missing or not linked from README.md"
		rc=1
	fi
done
exit $rc
