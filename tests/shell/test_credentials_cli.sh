#!/bin/sh
# shellcheck source-path=SCRIPTDIR disable=SC2016
# test_credentials_cli.sh - `signoff check credentials` end to end with the
# engine's own small rule set (tests/credentials-engine/basic.rules): what
# is found and where, what the walk must never do (follow a symlink out,
# loop, open a FIFO), excludes, markers, baselines, bad rules files, every
# output format free of the secrets, SARIF rules and fingerprints, an
# unreadable file, a secret across a read boundary, and a 2 GB sparse file
# scanned in bounded memory.

# shellcheck source=lib.sh
. tests/shell/lib.sh

core_ok
RULES=$PWD/tests/credentials-engine/basic.rules
AKIA=AKIAZ7VQ3XK2M4NP6RT8
GHP=ghp_Zx8Kq2Lm9Vb4Nw7Rt1Yp3Hs6Jd5Fg0Ce2Au9
PW='Tr0ub4dor&3xQz'
NETRC=S3cr3tPassw0rdZ
OUT_SECRET=AKIAQ2W3E4R5T6Y7U8I9	# outside the tree, behind a symlink
GIT_SECRET=AKIAGITGITGITGIT1234
ENV_SECRET=AKIAENVENVENVENV5678
IGN_SECRET=AKIAIGNIGNIGNIGN9012

root=$T_TMP/tree
mkdir -p "$root/src/deep" "$root/.git" "$root/ignored" "$root/logs"
printf 'import os\nkey = "%s"\n' "$AKIA" >"$root/src/app.py"
printf 'x: 1\n  token: %s\n' "$GHP" >"$root/src/deep/conf.yml"
printf 'db_password = "%s"\npassword = "changeme"\npassword = os.environ["X"]\n' "$PW" >"$root/src/settings.py"
printf 'other = "%s" # signoff:allow\n' "$AKIA" >"$root/src/allowed.py"
printf 'machine h login u password %s\n' "$NETRC" >"$root/.netrc"
printf 'machine h login u password %s\n' "$NETRC" >"$root/netrc.txt"
printf '[remote]\nkey = %s\n' "$GIT_SECRET" >"$root/.git/config"
printf 'AWS_KEY=%s\n' "$ENV_SECRET" >"$root/.env"
printf 'k = %s\n' "$IGN_SECRET" >"$root/ignored/a.txt"
printf 'k = %s\n' "$IGN_SECRET" >"$root/logs/b.log"
printf 'ignored/\n# comment\n' >"$root/.signoffignore"
printf 'bin\000ary %s\n' "$AKIA" >"$root/blob.bin"
mkdir -p "$T_TMP/outside"
printf 'k = %s\n' "$OUT_SECRET" >"$T_TMP/outside/secret.txt"
ln -s "$T_TMP/outside/secret.txt" "$root/src/link.txt"
ln -s "$T_TMP/outside" "$root/src/outdir"
ln -s .. "$root/src/deep/loop"
mkfifo "$root/src/fifo"

# fails_at FILTER: the JSON report's credential findings as "rule path:line:col".
findings() {
	printf '%s\n' "$T_OUT" | jq -r '.results[] | select(.status == "fail" and .evidence.rule != null) |
		"\(.evidence.rule) \(.location.path):\(.location.line):\(.location.column)"' 2>/dev/null | sort
}

so check credentials "$root" --rules-only "$RULES" --exclude '*.log' --format json
check_rc "findings: exit 1" 1
want=$(sort <<EOF
test.aws-access-key-id $root/src/app.py:2:8
test.github-pat $root/src/deep/conf.yml:2:10
test.netrc $root/.netrc:1:28
test.password-assignment $root/src/settings.py:1:16
test.aws-access-key-id $root/.env:1:9
EOF
)
got=$(findings)
if [ "$got" = "$want" ]; then
	ok "findings: exactly the planted secrets, at their line and column"
else
	nok "findings: exactly the planted secrets, at their line and column" "want:" "$want" "got:" "$got"
fi
check_jq "summary: skipped kinds counted" '.results[] | select(.subject == "summary") |
	(.evidence.skipped_symlink | tonumber) == 3 and (.evidence.skipped_special | tonumber) == 1 and
	(.evidence.skipped_binary | tonumber) == 1 and (.evidence.skipped_excluded | tonumber) == 3 and
	(.evidence.errors | tonumber) == 0 and (.evidence.files | tonumber) == 8'
check_jq "summary: bytes, MB/s, threads" '.results[] | select(.subject == "summary") |
	(.evidence.bytes | tonumber) > 0 and (.evidence.mb_per_s | length) > 0 and
	(.evidence.threads | tonumber) >= 1 and .duration_ms != null'
check_jq "sandbox: applied in full (threads inside the filter)" \
	'any(.results[]; .id == "sandbox" and .status == "pass")'
check_jq "each finding: fingerprint and redacted secret" '[.results[] | select(.evidence.rule != null and .status == "fail")] |
	all(.evidence.fingerprint | test("^[0-9a-f]{32}$")) and all(.evidence.secret | test("^[^*]{0,4}[*]{8}$"))'
check_no "a symlink out of the tree is not followed" "$T_OUT" "outside"
check_no "a symlink to a file is neither read nor reported" "$T_OUT" "link.txt"
check_no "a symlink to a directory is neither walked nor reported" "$T_OUT" "outdir"
check_no ".git is skipped" "$T_OUT" ".git/config"
check_no ".signoffignore is honoured" "$T_OUT" "ignored/a.txt"
check_no "--exclude is honoured" "$T_OUT" "b.log"
check_no "a path rule does not apply to another name" "$T_OUT" "netrc.txt"

so check credentials "$root" --rules-only "$RULES" --exclude '*.log' --exclude-env --format json
check_no "--exclude-env skips .env" "$T_OUT" "$root/.env"
check_rc "--exclude-env: still exit 1" 1

# The same findings whatever the number of threads.
so check credentials "$root" --rules-only "$RULES" --exclude '*.log' --threads 1 --format json
one=$(findings)
if [ "$one" = "$want" ]; then ok "--threads 1: the same findings"; else nok "--threads 1: the same findings" "$one"; fi

# No output format shows a planted secret.
for fmt in human json junit sarif tap markdown prometheus; do
	so check credentials "$root" --rules-only "$RULES" --format "$fmt"
	leak=
	for sec in "$AKIA" "$GHP" "$PW" "$NETRC" "$OUT_SECRET" "$GIT_SECRET" "$ENV_SECRET" "$IGN_SECRET"; do
		case $T_OUT$T_ERR in *"$sec"*) leak="$leak $sec" ;; esac
	done
	if [ -z "$leak" ] && [ "$T_RC" = 1 ]; then
		ok "format $fmt: no secret in the output"
	else
		nok "format $fmt: no secret in the output" "leaked:$leak rc=$T_RC"
	fi
done

# SARIF: one descriptor per rule that fired, with its description, and
# partialFingerprints on each finding.
so check credentials "$root" --rules-only "$RULES" --format sarif
check_jq "sarif: a descriptor per rule that fired" '[.runs[0].tool.driver.rules[].id] as $ids |
	(["test.aws-access-key-id","test.github-pat","test.netrc","test.password-assignment"] - $ids) == [] and
	(["test.private-key"] - $ids) == ["test.private-key"]'
check_jq "sarif: descriptions" 'any(.runs[0].tool.driver.rules[]; .id == "test.github-pat" and
	.shortDescription.text == "GitHub personal access token (classic)")'
check_jq "sarif: partialFingerprints on every finding" '[.runs[0].results[] | select(.ruleId | startswith("test."))] |
	length == 6 and all(.partialFingerprints["signoffFingerprint/v1"] | test("^[0-9a-f]{32}$"))'
check_jq "sarif: ruleIndex points at the rule" '. as $d | [.runs[0].results[] |
	select($d.runs[0].tool.driver.rules[.ruleIndex].id != .ruleId)] | length == 0'
if [ -f tests/node/node_modules/ajv/package.json ]; then
	printf '%s\n' "$T_OUT" >"$T_TMP/c.sarif"
	if node tests/node/validate-sarif.js "$T_TMP/c.sarif" >/dev/null 2>&1; then
		ok "sarif: valid against the SARIF 2.1.0 schema"
	else
		nok "sarif: valid against the SARIF 2.1.0 schema" "$(node tests/node/validate-sarif.js "$T_TMP/c.sarif" 2>&1)"
	fi
else
	nok "sarif: valid against the SARIF 2.1.0 schema" "tests/node not installed (npm ci --prefix tests/node)"
fi

# Baselines: written by the front end, read by the core; only new findings fail.
so check credentials "$root" --rules-only "$RULES" --write-baseline "$T_TMP/base.txt"
check_rc "--write-baseline: the run itself still reports (exit 1)" 1
if [ "$(grep -cE '^[0-9a-f]{32} ' "$T_TMP/base.txt")" = 6 ]; then
	ok "--write-baseline: one fingerprint per finding"
else
	nok "--write-baseline: one fingerprint per finding" "$(cat "$T_TMP/base.txt")"
fi
leak=
for sec in "$AKIA" "$GHP" "$PW" "$NETRC" "$ENV_SECRET"; do
	grep -qF -- "$sec" "$T_TMP/base.txt" && leak="$leak $sec"
done
check_empty "--write-baseline: no secret in the baseline" "$leak"
so check credentials "$root" --rules-only "$RULES" --baseline "$T_TMP/base.txt" --format json
check_rc "--baseline: nothing new, exit 0" 0
check_jq "--baseline: counted as baselined" '.results[] | select(.subject == "summary") | .evidence.baselined == "6"'
printf 'new = "%s"\n' "$OUT_SECRET" >"$root/src/new.py"
so check credentials "$root" --rules-only "$RULES" --baseline "$T_TMP/base.txt" --format json
check_rc "--baseline: a new finding fails" 1
got=$(findings)
check_out "--baseline: only the new finding" "new.py"
if [ "$(printf '%s\n' "$got" | grep -c .)" = 1 ]; then ok "--baseline: one finding"; else nok "--baseline: one finding" "$got"; fi
rm -f "$root/src/new.py"
printf 'nothex\n' >"$T_TMP/bad-base.txt"
so check credentials "$root" --rules-only "$RULES" --baseline "$T_TMP/bad-base.txt"
check_rc "a bad baseline: exit 2" 2
check_err "a bad baseline: names FILE:LINE" "bad-base.txt:1:"

# A bad rules file is a usage error naming FILE:LINE, before any scan.
printf '[rule x]\ndescription = d\nseverity = high\nkeywords = a\npattern = (unclosed\nexample = a\ncounter = b\n' >"$T_TMP/bad.rules"
so check credentials "$root" --rules-only "$T_TMP/bad.rules"
check_rc "bad rules: exit 2" 2
check_err "bad rules: FILE:LINE and the reason" "bad.rules:5: pattern does not compile"
check_empty "bad rules: nothing on stdout" "$T_OUT"
printf '[rule x]\ndescription = d\nseverity = urgent\n' >"$T_TMP/bad2.rules"
so check credentials "$root" --rules "$T_TMP/bad2.rules"
check_rc "bad --rules file: exit 2" 2
so check credentials "$root" --rules-only "$T_TMP/missing.rules"
check_rc "missing rules file: exit 2" 2
usage_error "no PATH" check credentials --rules-only "$RULES"
usage_error "unknown option" check credentials "$root" --bogus
usage_error "bad --threads" check credentials "$root" --threads 0

# --self-test: every rule's examples are found and no counter is.
run "$REAL_CORE" check credentials --self-test --rules-only "$RULES"
check_rc "--self-test: exit 0" 0
if [ "$(printf '%s\n' "$T_OUT" | grep -c "${TAB}pass${TAB}.*every example is reported")" = 5 ]; then
	ok "--self-test: one passing record per rule"
else
	nok "--self-test: one passing record per rule" "$(t_diag)"
fi
sed 's/^counter = db_password = "changeme"$/counter = db_password = "Xk8!vQ2pLm9z"/' "$RULES" >"$T_TMP/st.rules"
run "$REAL_CORE" check credentials --self-test --rules-only "$T_TMP/st.rules"
case $T_OUT in
*"${TAB}fail${TAB}"*"test.password-assignment${TAB}counter at line "*" is reported by rule test.password-assignment"*)
	ok "--self-test: a counter that is reported fails its rule, naming the line" ;;
*) nok "--self-test: a counter that is reported fails its rule, naming the line" "$(t_diag)" ;;
esac

# A secret across the 1 MiB read boundary of a real file.
big=$T_TMP/big
mkdir "$big"
awk 'BEGIN { for (i = 0; i < 16380; i++) printf "%063d\n", i }' >"$big/f.txt"
sz=$(wc -c <"$big/f.txt")
printf 'password = "%s"\n' "$PW" >>"$big/f.txt"
awk 'BEGIN { for (i = 0; i < 20000; i++) printf "%063d\n", i }' >>"$big/f.txt"
so check credentials "$big" --rules-only "$RULES" --format json
check_jq "a secret across the read boundary (offset $sz) is found once" \
	'[.results[] | select(.evidence.rule == "test.password-assignment")] | length == 1 and .[0].location.line == 16381 and .[0].location.column == 13'

# An unreadable file, run without privileges: an error record, not a pass.
if command -v setpriv >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
	ur=$(mktemp -d)
	chmod 0755 "$ur"
	printf 'k = %s\n' "$AKIA" >"$ur/readable.txt"
	printf 'k = %s\n' "$AKIA" >"$ur/closed.txt"
	chmod 0644 "$ur/readable.txt"
	chmod 0000 "$ur/closed.txt"
	run setpriv --reuid=65534 --regid=65534 --clear-groups "$REAL_CORE" check credentials "$ur" --rules-only "$RULES"
	case $T_OUT in
	*"${TAB}error${TAB}"*"closed.txt"*) ok "unreadable file: an error record naming it" ;;
	*) nok "unreadable file: an error record naming it" "$(t_diag)" ;;
	esac
	case $T_OUT in
	*"readable.txt${TAB}1${TAB}5"*) ok "unreadable file: the readable one is still scanned" ;;
	*) nok "unreadable file: the readable one is still scanned" "$(t_diag)" ;;
	esac
	rm -rf "$ur"
else
	echo "skip - unreadable file: needs root and setpriv"
fi

# A 2 GB sparse file with a secret at its end: found, in bounded memory.
echo "# 2 GB sparse file: building"
sp=$T_TMP/sparse
if mkdir "$sp" &&
	awk 'BEGIN { for (i = 0; i < 300; i++) printf "# configuration line %04d of the header\n", i }' >"$sp/huge.conf" &&
	truncate -s 2G "$sp/huge.conf" 2>/dev/null &&
	printf '\npassword = "%s"\n' "$PW" >>"$sp/huge.conf"; then
	echo "# 2 GB sparse file: scanning"
	if [ -x /usr/bin/time ]; then
		run /usr/bin/time -f 'maxrss_kb=%M' "$REAL_CORE" check credentials "$sp" --rules-only "$RULES"
		rss=$(printf '%s\n' "$T_ERR" | sed -n 's/^maxrss_kb=//p' | tail -n 1)
		case $T_OUT in
		*"test.password-assignment"*"huge.conf${TAB}302${TAB}13"*) ok "2 GB sparse file: the secret at its end is found (line 302)" ;;
		*) nok "2 GB sparse file: the secret at its end is found (line 302)" "$(t_diag)" ;;
		esac
		case $T_OUT in
		*"${TAB}bytes=2147"*) scanned=1 ;;
		*) scanned=0 ;;
		esac
		if [ "$scanned" = 1 ] && [ -n "$rss" ] && [ "$rss" -lt 65536 ]; then
			ok "2 GB sparse file: peak RSS ${rss} KiB < 64 MiB"
		else
			nok "2 GB sparse file: peak RSS ${rss:-?} KiB < 64 MiB" "$(t_diag)"
		fi
	else
		echo "skip - 2 GB sparse file: /usr/bin/time missing"
	fi
else
	nok "2 GB sparse file: could not be made in $sp"
fi

# A hostile file name: escaped in the record, no crash.
hn=$T_TMP/hostile
mkdir "$hn"
printf 'k = %s\n' "$AKIA" >"$hn/a$(printf '\t')b$(printf '\033')[31m.txt"
so check credentials "$hn" --rules-only "$RULES" --format json
check_rc "hostile name: exit 1" 1
check_out "hostile name: escaped" 'a\\tb\\x1b[31m.txt'

t_end
