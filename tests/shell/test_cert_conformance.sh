#!/bin/sh
# shellcheck source-path=SCRIPTDIR
# test_cert_conformance.sh - the core's X.509 decoder against OpenSSL over
# every certificate of the x509-limbo corpus (../shared/corpora/x509-limbo,
# JSON test cases: trusted, intermediate and peer certificates, PEM).
# Every certificate must decode without error, and notBefore, notAfter,
# public key algorithm, key size and signature algorithm must equal what
# `openssl x509 -text` prints.  Prints the counts.  Skips without ../shared.

# shellcheck source=lib.sh
. tests/shell/lib.sh

LIMBO=../shared/corpora/x509-limbo
DUMP=build/tools/x509dump
if [ ! -d "$LIMBO" ]; then
	echo "skip - x509-limbo conformance: $LIMBO not present"
	t_end
fi
if [ ! -x "$DUMP" ]; then
	nok "x509dump built ($DUMP: make tests)"
	t_end
fi

for j in "$LIMBO"/*.json; do
	case $j in *schema*) continue ;; esac
	jq -r '.testcases[]? | (.trusted_certs[]?, .untrusted_intermediates[]?, (.peer_certificate // empty))' "$j"
done >"$T_TMP/all.pem"
total=$(grep -c -- '-----BEGIN CERTIFICATE-----' "$T_TMP/all.pem") || total=0
if [ "$total" -gt 0 ]; then ok "limbo: $total certificates extracted"; else nok "limbo: certificates extracted"; t_end; fi

# Ours.
rc=0
"$DUMP" "$T_TMP/all.pem" >"$T_TMP/ours.txt" 2>"$T_TMP/ours.err" || rc=$?
if [ "$rc" = 0 ]; then ok "decoder: no crash over the corpus"; else nok "decoder: no crash over the corpus" "exit $rc" "$(cat "$T_TMP/ours.err")"; fi
errors=$(grep -c '^ERROR' "$T_TMP/ours.txt") || errors=0
if [ "$errors" = 0 ]; then ok "decoder: every certificate decodes ($total)"; else nok "decoder: every certificate decodes" "$errors errors" "$(grep '^ERROR' "$T_TMP/ours.txt" | sort | uniq -c)"; fi

# OpenSSL's, from one -text dump of all of them.
openssl crl2pkcs7 -nocrl -certfile "$T_TMP/all.pem" |
	openssl pkcs7 -print_certs -text -noout | awk '
function flush() { if (have) printf "%s\t%s\t%s\t%s\t%s\n", nb, na, ka, (bits == "" ? "-" : bits), sig }
/^Certificate:/ { flush(); have = 1; nb = na = ka = bits = sig = ""; next }
/^ *Not Before *:/ { sub(/^ *Not Before *: */, ""); nb = $0; next }
/^ *Not After *:/ { sub(/^ *Not After *: */, ""); na = $0; next }
/^ *Public Key Algorithm:/ { sub(/^ *Public Key Algorithm: */, ""); ka = $0; next }
/Public-Key: \([0-9]+ bit\)/ && bits == "" { match($0, /\([0-9]+ bit\)/); bits = substr($0, RSTART + 1, RLENGTH - 6); next }
/^    Signature Algorithm:/ { sub(/^ *Signature Algorithm: */, ""); sig = $0; next }
END { flush() }' >"$T_TMP/theirs.txt"

counts=$(paste "$T_TMP/ours.txt" "$T_TMP/theirs.txt" | awk -F '\t' '
{ n++; for (f = 1; f <= 5; f++) if ($f == $(f + 5)) agree[f]++ }
END { printf "%d %d %d %d %d %d\n", n, agree[1], agree[2], agree[3], agree[4], agree[5] }')
# shellcheck disable=SC2086 # six numbers
set -- $counts
echo "# limbo conformance: $1 certificates; agree with openssl: notBefore $2, notAfter $3, key type $4, key size $5, signature $6"
for pair in "notBefore:$2" "notAfter:$3" "key type:$4" "key size:$5" "signature algorithm:$6"; do
	if [ "${pair##*:}" = "$total" ] && [ "$1" = "$total" ]; then
		ok "limbo: ${pair%%:*} agrees with openssl for all $total"
	else
		nok "limbo: ${pair%%:*} agrees with openssl for all $total" "${pair##*:} agree" \
			"$(diff "$T_TMP/ours.txt" "$T_TMP/theirs.txt" | head -n 10)"
	fi
done
t_end
