#!/bin/sh
# shellcheck source-path=SCRIPTDIR
# test_credentials_conformance.sh - `check credentials` on two public
# corpora kept beside the project in ../shared/corpora (never copied in):
#
# leaky-repo: .leaky-meta/secrets.csv counts, per file, the lines that are a
#   risk and the merely informative ones (96 risk lines in all).  Scored as
#   the corpus' own benchmark does, per file, on distinct reported lines:
#   found += min(reported, risk); a false positive is a reported line beyond
#   risk + informative, or any line in a file the CSV does not list.
#   Targets: >= 90 % of the 96 found, <= 5 false positives.
# detect-secrets test_data: agreement with its baseline.file (a reference,
#   not ground truth: its line numbers predate later edits of the files, so
#   a baseline entry counts as agreed when we report its line or the next);
#   and no line marked `pragma: allowlist secret` is ever reported.
#
# Without ../shared the test prints a skip line and passes.

# shellcheck source=lib.sh
. tests/shell/lib.sh

CORPORA=${SIGNOFF_CORPORA:-../shared/corpora}
if [ ! -d "$CORPORA/leaky-repo" ] || [ ! -d "$CORPORA/detect-secrets/test_data" ]; then
	printf 'skip - %s not found (public corpora live beside the project)\n' "$CORPORA"
	t_end
fi
core_ok

# lines ROOT: "RELPATH<TAB>LINE" of every finding, distinct, sorted.
lines() {
	awk -F '\t' -v root="$1/" '$1 == "credentials" && $4 == "fail" && $6 != "summary" {
		p = $8
		if (index(p, root) == 1) p = substr(p, length(root) + 1)
		print p "\t" $9
	}' | sort -u
}

# ------------------------------------------------------------ leaky-repo
L=$CORPORA/leaky-repo
run "$REAL_CORE" check credentials "$L"
check_rc "leaky-repo: the scan exits 0" 0
printf '%s\n' "$T_OUT" | lines "$L" >"$T_TMP/leaky"
awk -F '\t' '
FNR == NR {
	if ($0 ~ /^#/ || $0 !~ /,/) next
	split($0, a, ",")
	risk[a[1]] = a[2]; info[a[1]] = a[3]; total += a[2]
	next
}
{ n[$1]++ }
END {
	for (f in n) {
		if (f in risk) {
			found += (n[f] < risk[f] ? n[f] : risk[f])
			x = n[f] - risk[f] - info[f]
			if (x > 0) { fp += x; printf "# false positive: %s (%d lines beyond the CSV)\n", f, x }
		} else {
			fp += n[f]
			printf "# false positive: %s (%d lines, file not in the CSV)\n", f, n[f]
		}
	}
	for (f in risk) {
		if (n[f] + 0 < risk[f] + 0)
			printf "# under: %s %d of %d risk lines\n", f, n[f], risk[f]
		bench += (n[f] + 0 < risk[f] + info[f] ? n[f] + 0 : risk[f] + info[f])
	}
	printf "leaky %d %d %d %d\n", found + 0, total, fp + 0, bench + 0
}' "$L/.leaky-meta/secrets.csv" "$T_TMP/leaky" >"$T_TMP/lscore"
grep '^#' "$T_TMP/lscore" | sort
l_found=$(awk '$1 == "leaky" { print $2 }' "$T_TMP/lscore")
l_total=$(awk '$1 == "leaky" { print $3 }' "$T_TMP/lscore")
l_fp=$(awk '$1 == "leaky" { print $4 }' "$T_TMP/lscore")
l_bench=$(awk '$1 == "leaky" { print $5 }' "$T_TMP/lscore")
printf '# leaky-repo: %s of %s risk lines found (%s%%), %s false positives\n' \
	"$l_found" "$l_total" "$(awk -v a="$l_found" -v b="$l_total" 'BEGIN { printf "%.1f", 100 * a / b }')" "$l_fp"
printf '# leaky-repo, counted as its own benchmark.py does (a reported line up to risk + informative per file counts): %s\n' "$l_bench"
# Two readings.  Strict (a found line counts only up to the file's risk
# count): 86 when written; the issue's 90 % (87) is short by one line, Rails'
# config/master.key, a file of 32 hex digits and nothing else that a
# keyword-prefiltered rule cannot see.  The strict figure is held at 86 so
# that a regression fails; the benchmark's own count must reach 90 % of 96.
# The other 9 "under" lines above are user names, hosts and one placeholder
# that the corpus' own annotations call informative (docs/CREDENTIALS.md,
# "Conformance", file by file).
if [ "$l_found" -ge 87 ]; then
	ok "leaky-repo: strict count >= 90% ($l_found >= 87 of $l_total)"
else
	nok "leaky-repo: strict count >= 90% ($l_found >= 87 of $l_total)"
fi
if [ "$((l_bench * 10))" -ge "$((l_total * 9))" ]; then
	ok "leaky-repo: benchmark count >= 90% of the risk lines ($l_bench/$l_total)"
else
	nok "leaky-repo: benchmark count >= 90% of the risk lines ($l_bench/$l_total)"
fi
if [ "$l_fp" -le 5 ]; then
	ok "leaky-repo: <= 5 false positives ($l_fp)"
else
	nok "leaky-repo: <= 5 false positives ($l_fp)"
fi

# ------------------------------------------------------------ detect-secrets
D=$CORPORA/detect-secrets/test_data
run "$REAL_CORE" check credentials "$D"
check_rc "detect-secrets: the scan exits 0" 0
printf '%s\n' "$T_OUT" | lines "$D" >"$T_TMP/ds"
jq -r '.results | to_entries[] | .key as $f | .value[] | "\($f)\t\(.line_number)"' \
	"$D/baseline.file" | sort -u >"$T_TMP/base"
awk -F '\t' '
FNR == NR { ours[$1 "\t" $2] = 1; nours++; next }
{
	nb++
	if ((($1 "\t" $2) in ours) || (($1 "\t" ($2 + 1)) in ours)) { agree++; used[$1 "\t" $2] = 1; used[$1 "\t" ($2 + 1)] = 1 }
	else printf "# baseline only: %s:%s\n", $1, $2
}
END {
	for (k in ours) if (!(k in used)) { split(k, a, "\t"); only++; printf "# signoff only: %s:%s\n", a[1], a[2] }
	printf "ds %d %d %d %d\n", nb, agree + 0, nours, only + 0
}' "$T_TMP/ds" "$T_TMP/base" >"$T_TMP/dscore"
grep '^#' "$T_TMP/dscore" | sort
d_base=$(awk '$1 == "ds" { print $2 }' "$T_TMP/dscore")
d_agree=$(awk '$1 == "ds" { print $3 }' "$T_TMP/dscore")
d_ours=$(awk '$1 == "ds" { print $4 }' "$T_TMP/dscore")
d_only=$(awk '$1 == "ds" { print $5 }' "$T_TMP/dscore")
printf '# detect-secrets: baseline %s lines, %s agreed; signoff %s lines, %s not in the baseline\n' \
	"$d_base" "$d_agree" "$d_ours" "$d_only"
# The baseline is a reference: most of what it alone reports are its own
# false positives (AKIATEST..., the documented example key, sequences,
# `secret = 'notHighEnoughEntropy'`, hex under names that say nothing,
# lines of a diff).  Asserted: the 6 lines we agree on when this was written
# stay found, and at most 2 lines are reported that the baseline lacks.
if [ "$d_agree" -ge 6 ]; then
	ok "detect-secrets: agreement with the baseline ($d_agree of $d_base lines)"
else
	nok "detect-secrets: agreement with the baseline ($d_agree of $d_base lines)"
fi
if [ "$d_only" -le 2 ]; then
	ok "detect-secrets: at most 2 lines beyond the baseline ($d_only)"
else
	nok "detect-secrets: at most 2 lines beyond the baseline ($d_only)"
fi
# No reported line carries the allowlist pragma.
marked=$(while IFS="$TAB" read -r f n; do
	if sed -n "${n}p" "$D/$f" | grep -q 'pragma: allowlist secret'; then
		printf '%s:%s\n' "$f" "$n"
	fi
done <"$T_TMP/ds")
check_empty "detect-secrets: no line marked 'pragma: allowlist secret' is reported" "$marked"
npragma=$(grep -rl 'pragma: allowlist secret' "$D" | wc -l)
if [ "$npragma" -ge 2 ]; then
	ok "detect-secrets: the corpus has marked lines to honour ($npragma files)"
else
	nok "detect-secrets: the corpus has marked lines to honour ($npragma files)"
fi

t_end
