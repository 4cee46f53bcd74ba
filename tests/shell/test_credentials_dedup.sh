#!/bin/sh
# shellcheck source-path=SCRIPTDIR
# test_credentials_dedup.sh - one finding per secret (core/scan/dedup.h,
# docs/CREDENTIALS.md): a secret that several rules match is one `fail`
# record, from the most specific rule, naming the others in `also=`;
# distinct secrets on one line stay distinct; a secret accepted in a
# baseline under the rule that lost is still accepted; the output does
# not depend on the number of threads.

# shellcheck source=lib.sh
. tests/shell/lib.sh

core_ok
GHP=ghp_FAKEk5uHveeGmgjjbKr9vtAUIB7pKVmA9VXM	# a fake classic GitHub PAT
AKIA=AKIAFAKEFAKEUJZDEGXD
TOK=tok_q7wm2xr9lp4tz8nv3kd6

# fails ROOT: "RULE PATH-RELATIVE LINE COLUMN ALSO" of each fail record.
fails() {
	awk -F '\t' -v root="$1/" '$1 == "credentials" && $4 == "fail" && $6 != "summary" {
		p = $8
		if (index(p, root) == 1) p = substr(p, length(root) + 1)
		also = "-"
		for (i = 9; i <= NF; i++)
			if (substr($i, 1, 5) == "also=") also = substr($i, 6)
		print $6, p, $9, $10, also
	}'
}
summary_ev() {	# summary_ev KEY: the summary record's evidence KEY
	printf '%s\n' "$T_OUT" | awk -F '\t' -v k="$1=" '$6 == "summary" {
		for (i = 9; i <= NF; i++) if (index($i, k) == 1) print substr($i, length(k) + 1) }'
}

# ------------------------------------------------- the default rules
d=$T_TMP/tree
mkdir -p "$d"
printf 'export GITHUB_TOKEN=%s\n' "$GHP" >"$d/deploy.sh"
printf 'ids: %s %s\n' "$GHP" "$AKIA" >"$d/notes.txt"
run "$REAL_CORE" check credentials "$d"
check_rc "default rules: the scan exits 0" 0
printf '%s\n' "$T_OUT" | fails "$d" >"$T_TMP/f"
got=$(awk '$2 == "deploy.sh"' "$T_TMP/f")
n=$(printf '%s\n' "$got" | grep -c . || :)
if [ "$n" -eq 1 ]; then
	ok "a token matched by its provider rule and a generic rule is one record"
else
	nok "a token matched by its provider rule and a generic rule is one record" "$(cat "$T_TMP/f")"
fi
case $got in
"github-classic-pat deploy.sh 1 21 generic-secret-shell") ok "the provider rule reports it, the generic one is named in also=" ;;
*) nok "the provider rule reports it, the generic one is named in also=" "$got" ;;
esac
got=$(awk '$2 == "notes.txt" { print $1, $4 }' "$T_TMP/f" | tr '\n' ' ')
if [ "$got" = "github-classic-pat 6 aws-access-key-id 47 " ]; then
	ok "two distinct secrets on one line stay two records"
else
	nok "two distinct secrets on one line stay two records" "$got"
fi
if [ "$(summary_ev merged)" = 1 ] && [ "$(summary_ev findings)" = 3 ]; then
	ok "summary: findings=3 merged=1"
else
	nok "summary: findings=3 merged=1" "$(t_diag)"
fi
for th in 1 2 4; do
	run "$REAL_CORE" check credentials --threads "$th" "$d"
	printf '%s\n' "$T_OUT" | fails "$d" >"$T_TMP/f$th"
done
if cmp -s "$T_TMP/f1" "$T_TMP/f2" && cmp -s "$T_TMP/f1" "$T_TMP/f4" && cmp -s "$T_TMP/f1" "$T_TMP/f"; then
	ok "the same records with 1, 2 and 4 threads"
else
	nok "the same records with 1, 2 and 4 threads" "$(diff "$T_TMP/f1" "$T_TMP/f2")"
fi

# ------------------------------------------------- two rules of a file
# The generic rule is listed first: the order of the file does not decide,
# the class does.
r=$T_TMP/two.rules
cat >"$r" <<'EOF'
[rule generic-t-assign]
description = test: anything assigned to token
severity = high
keywords = token
pattern = token\s*=\s*(\S{8,})
example = token = abcdefgh12
counter = token = short
[rule t-tok]
description = test: a tok_ token
severity = critical
keywords = tok_
pattern = (tok_[a-z0-9]{20})
example = tok_abcdefghij0123456789
counter = tok_short
EOF
sed -n '/^\[rule generic-t-assign\]/,/^counter/p' "$r" >"$T_TMP/generic.rules"
t=$T_TMP/t
mkdir -p "$t"
printf 'token = %s\n' "$TOK" >"$t/a.conf"
run "$REAL_CORE" check credentials --rules-only "$r" "$t"
check_rc "two rules: exit 0" 0
got=$(printf '%s\n' "$T_OUT" | fails "$t")
if [ "$got" = "t-tok a.conf 1 9 generic-t-assign" ]; then
	ok "two rules of one file, one secret: one record, from the specific rule"
else
	nok "two rules of one file, one secret: one record, from the specific rule" "$got"
fi
check_no "the secret is not in the records" "$T_OUT" "$TOK"
# A baseline written when only the generic rule existed still accepts it.
run "$REAL_CORE" check credentials --rules-only "$T_TMP/generic.rules" "$t"
printf '%s\n' "$T_OUT" | awk -F '\t' '$4 == "fail" && $6 != "summary" {
	for (i = 9; i <= NF; i++) if (substr($i, 1, 12) == "fingerprint=") print substr($i, 13) }' >"$T_TMP/bl"
if [ "$(grep -c . "$T_TMP/bl")" -eq 1 ]; then
	ok "the generic rule alone: one fingerprint"
else
	nok "the generic rule alone: one fingerprint" "$(t_diag)"
fi
run "$REAL_CORE" check credentials --rules-only "$r" --baseline "$T_TMP/bl" "$t"
got=$(printf '%s\n' "$T_OUT" | fails "$t")
if [ -z "$got" ] && [ "$(summary_ev baselined)" = 1 ] && [ "$(summary_ev findings)" = 0 ]; then
	ok "a secret baselined under the rule that now loses stays accepted"
else
	nok "a secret baselined under the rule that now loses stays accepted" "$(t_diag)"
fi

t_end
