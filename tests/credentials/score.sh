#!/bin/sh
# score.sh LABELS FINDINGS [NAME] - recall and precision of a scan of the
# labelled tree.
#
# LABELS: "PATH<TAB>LINE<TAB>FAMILY" (gen.sh).  FINDINGS: "PATH<TAB>LINE
# [<TAB>RULE]", PATH relative to the tree.  A finding is true when a planted
# secret sits on that line of that file; several findings on one line count
# once (two rules agreeing are one answer).  Prints the counts, one
# "# missed" line per planted secret not found and one "# false" line per
# other finding, then "NAME recall R precision P" (3 decimals).
set -eu
labels=${1:?usage: score.sh LABELS FINDINGS [NAME]}
findings=${2:?usage: score.sh LABELS FINDINGS [NAME]}
name=${3:-scan}
awk -F '\t' -v name="$name" '
FNR == NR { key = $1 "\t" $2; fam[key] = $3; planted++; next }
{
	key = $1 "\t" $2
	if (key in seen) next
	seen[key] = 1
	nf++
	if (key in fam) { tp++; hit[key] = 1 }
	else { fp++; printf "# false %s:%s %s\n", $1, $2, $3 }
}
END {
	for (k in fam) if (!(k in hit)) { split(k, a, "\t"); printf "# missed %s:%s %s\n", a[1], a[2], fam[k] }
	r = planted ? tp / planted : 0
	p = nf ? tp / nf : 0
	printf "%s: planted %d, found %d, missed %d; findings %d, true %d, false %d\n", name, planted, tp, planted - tp, nf, tp, fp
	printf "%s recall %.3f precision %.3f\n", name, r, p
}' "$labels" "$findings"
