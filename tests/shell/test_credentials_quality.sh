#!/bin/sh
# shellcheck source-path=SCRIPTDIR
# test_credentials_quality.sh - recall and precision of `check credentials`
# on a realistic labelled tree, beside the deployment checklist's own grep.
#
# tests/credentials/gen.sh builds the tree (Python, JS/TS, a minified
# bundle, Go, Java/Kotlin/C#, PHP, Ruby, shell, .env files, YAML for compose,
# Kubernetes, Helm, CI and Ansible, JSON, INI, TOML, Terraform, .properties,
# XML, a Dockerfile, credential files, keys, docs; binaries, an archive and a
# symlink loop) with a secret of every rule family planted among decoys of
# every kind the rules must reject; tests/credentials/score.sh scores a
# scan against the labels.  Targets: recall >= 0.95 and precision >= 0.95.
# SIGNOFF_CRED_SEED picks another random tree (default 1).

# shellcheck source=lib.sh
. tests/shell/lib.sh

core_ok
seed=${SIGNOFF_CRED_SEED:-1}
Q=$T_TMP/q
sh tests/credentials/gen.sh "$Q" "$seed"
planted=$(wc -l <"$Q/labels.tsv")
if [ "$planted" -ge 150 ]; then
	ok "the tree has $planted planted secrets (seed $seed)"
else
	nok "the tree has $planted planted secrets (seed $seed), expected >= 150"
fi

# findings TSV: "PATH<TAB>LINE<TAB>RULE", PATH relative to the tree.
findings() {
	awk -F '\t' -v root="$Q/tree/" '$1 == "credentials" && $4 == "fail" && $6 != "summary" {
		p = $8
		if (index(p, root) == 1) p = substr(p, length(root) + 1)
		print p "\t" $9 "\t" $6
	}'
}
# at_least NAME VALUE MIN
at_least() {
	if awk -v v="$2" -v m="$3" 'BEGIN { exit !(v + 0 >= m + 0) }'; then
		ok "$1: $2 >= $3"
	else
		nok "$1: $2 < $3"
	fi
}

run "$REAL_CORE" check credentials "$Q/tree"
check_rc "the scan of the tree: exit 0" 0
printf '%s\n' "$T_OUT" >"$T_TMP/out"
printf '%s\n' "$T_OUT" | findings >"$T_TMP/ours.tsv"
sh tests/credentials/score.sh "$Q/labels.tsv" "$T_TMP/ours.tsv" signoff >"$T_TMP/score"
sed 's/^/# /' "$T_TMP/score"
recall=$(awk '$2 == "recall" { print $3 }' "$T_TMP/score")
precision=$(awk '$2 == "recall" { print $5 }' "$T_TMP/score")
at_least "signoff recall" "$recall" 0.95
at_least "signoff precision" "$precision" 0.95

summary=$(awk -F '\t' '$6 == "summary"' "$T_TMP/out")
for want in errors=0 skipped_binary=2 skipped_archive=1; do
	case $summary in
	*"$want"*) ok "summary: $want" ;;
	*) nok "summary: $want" "$summary" ;;
	esac
done
case $summary in
*skipped_symlink=0*) nok "summary: the symlinks are skipped, not followed" "$summary" ;;
*skipped_symlink=*) ok "summary: the symlinks are skipped, not followed" ;;
*) nok "summary: the symlinks are skipped, not followed" "$summary" ;;
esac
check_no "the binary's token is not reported" "$(cat "$T_TMP/ours.tsv")" "bin/tool"
check_no "nothing is reported through the loop" "$(cat "$T_TMP/ours.tsv")" "loop/"

# --exclude-env: the checklist's view (.env files are where secrets live).
run "$REAL_CORE" check credentials "$Q/tree" --exclude-env
check_rc "--exclude-env: exit 0" 0
envs=$(printf '%s\n' "$T_OUT" | findings | awk -F '\t' '$1 ~ /(^|\/)\.env($|\.)|\.env$/')
check_empty "--exclude-env: nothing reported in .env files" "$envs"
kept=$(printf '%s\n' "$T_OUT" | findings | wc -l)
if [ "$kept" -gt 100 ]; then
	ok "--exclude-env: the other findings remain ($kept)"
else
	nok "--exclude-env: the other findings remain ($kept)"
fi

# The checklist's own test, on the same tree, scored the same way.  grep -n
# adds only the line numbers the scorer needs; the selection is the
# checklist's: grep -r "password.*=" --include=*.py --include=*.js
# --include=*.yml DIR | grep -v .env
(cd "$Q/tree" && grep -rn "password.*=" --include=*.py --include=*.js --include=*.yml . |
	grep -v .env) | awk -F: '{ p = $1; sub(/^\.\//, "", p); print p "\t" $2 "\tchecklist-grep" }' >"$T_TMP/grep.tsv" || :
sh tests/credentials/score.sh "$Q/labels.tsv" "$T_TMP/grep.tsv" checklist-grep >"$T_TMP/gscore"
g_recall=$(awk '$2 == "recall" { print $3 }' "$T_TMP/gscore")
g_precision=$(awk '$2 == "recall" { print $5 }' "$T_TMP/gscore")
printf '# side by side (seed %s, %s planted):\n' "$seed" "$planted"
printf '#   %-16s recall %s precision %s\n' signoff "$recall" "$precision"
printf '#   %-16s recall %s precision %s\n' checklist-grep "$g_recall" "$g_precision"
grep -v '^#' "$T_TMP/gscore" | sed 's/^/# /'
if awk -v a="$recall" -v b="$g_recall" 'BEGIN { exit !(a > b) }'; then
	ok "signoff finds more than the checklist's grep"
else
	nok "signoff finds more than the checklist's grep"
fi

t_end
