#!/bin/sh
# shellcheck source-path=SCRIPTDIR
# test_cert.sh - `signoff-core check cert` and `signoff check cert` over
# certificates and keys generated here with the openssl CLI
# (tests/certs/mkfixtures.sh): the verdict of every fixture of issue 8,
# key matching, bad input, usage errors, the sandbox.

# shellcheck source=lib.sh
. tests/shell/lib.sh

core_ok
FX=$T_TMP/fx
if sh tests/certs/mkfixtures.sh "$FX" >"$T_TMP/mkfx.log" 2>&1; then
	ok "fixtures generated with openssl"
else
	nok "fixtures generated with openssl" "$(cat "$T_TMP/mkfx.log")"
	t_end
fi

# core ARG...: the core's record stream in T_OUT.
core() {
	run "$REAL_CORE" check cert "$@"
}

# status_of PREFIX: the status of the first record whose subject starts
# with PREFIX (the cert records are "FILE: certificate N (...)").
status_of() {
	printf '%s\n' "$T_OUT" | awk -F '\t' -v p="$1" \
		'NR > 1 && $1 != "sandbox" && index($6, p) == 1 { print $4; exit }'
}

# status_is SUBJECT: the status of the record whose subject is SUBJECT.
status_is() {
	printf '%s\n' "$T_OUT" | awk -F '\t' -v p="$1" \
		'NR > 1 && $1 != "sandbox" && $6 == p { print $4; exit }'
}

# verdict NAME EXPECTED FILE ARG...: certificate 1 of FILE (or the file's
# error record when it cannot be decoded) has status EXPECTED.
verdict() {
	v_name=$1 v_want=$2 v_file=$3
	shift 3
	core "$FX/$v_file" "$@"
	v_got=$(status_of "$FX/$v_file: certificate 1")
	[ -n "$v_got" ] || v_got=$(status_of "$FX/$v_file")
	if [ "$T_RC" = 0 ] && [ "$v_got" = "$v_want" ]; then
		ok "$v_name: $v_want"
	else
		nok "$v_name: $v_want" "got '$v_got'" "$(t_diag)"
	fi
}

# The checklist policy: --min-days 365.
P="--min-days 365"
# shellcheck disable=SC2086 # $P is two words
{
verdict "valid 730 days, min 365" pass valid-730.pem $P
verdict "valid 400 days, min 365" pass valid-400.pem $P
verdict "valid 366 days, min 365" pass valid-366.pem $P
verdict "valid 365 days from now (seconds short), min 365" fail valid-365.pem $P
verdict "valid 364 days, min 365" fail valid-364.pem $P
verdict "valid 30 days, min 365" fail valid-30.pem $P
verdict "expired" fail expired.pem $P
verdict "not yet valid" fail notyet.pem $P
verdict "RSA-1024" fail rsa1024.pem $P
verdict "RSA-4096" pass rsa4096.pem $P
verdict "SHA-1 signature" fail sha1.pem $P
verdict "no SAN" fail nosan.pem $P
verdict "CA:TRUE leaf" fail caleaf.pem $P
verdict "self-signed leaf" warn selfsigned.pem $P
verdict "EC P-256" pass ec256.pem $P
verdict "Ed25519" pass ed25519.pem $P
verdict "GeneralizedTime after 2050" pass gentime.pem $P
verdict "raw DER" pass valid-730.der $P
verdict "garbage base64" error garbage.pem $P
verdict "truncated DER" error truncated.der $P
verdict "empty file" error empty.pem $P
}

# Defaults (no flag): fail under 14 days, warn under 30, 10% lifetime.
verdict "defaults: 30 days left warns" warn valid-30.pem
verdict "defaults: 364 days passes" pass valid-364.pem
verdict "defaults: expired fails" fail expired.pem
verdict "defaults: 60 of 360 days left passes" pass mostlyused.pem
verdict "--min-lifetime-share 20: 60 of 360 days left fails" fail mostlyused.pem --min-lifetime-share 20
verdict "--warn-days 100: 60 days left warns" warn mostlyused.pem --warn-days 100

# Messages name the figures.
core "$FX/valid-364.pem" --min-days 365
check_out "364: the message gives days left and the floor" "363 days left, fewer than the required 365"
check_out "364: evidence names the CN" "cn=valid-364"
core "$FX/rsa1024.pem"
check_out "RSA-1024: the message gives the bits" "RSA 1024-bit key, under 2048"
core "$FX/sha1.pem"
check_out "SHA-1: the message names the algorithm" "sha1WithRSAEncryption"
core "$FX/gentime.pem"
check_out "GeneralizedTime: notAfter 2051-12-31" "not_after=2051-12-31T20:26:40Z"
core "$FX/truncated.der"
check_out "truncated DER: the reason says so" "truncated"
core "$FX/garbage.pem"
check_out "garbage: the reason says base64" "invalid base64"

# Every certificate of a file; the earliest expiry is the file's.
core "$FX/twocert.pem" --min-days 365
v=$(status_of "$FX/twocert.pem: certificate 2")
if [ "$v" = fail ]; then ok "two certificates: the second (99 days) fails"; else nok "two certificates: the second (99 days) fails" "$(t_diag)"; fi
v=$(status_of "$FX/twocert.pem: certificate 1")
if [ "$v" = pass ]; then ok "two certificates: the first passes"; else nok "two certificates: the first passes" "$(t_diag)"; fi
check_out "two certificates: effective expiry is certificate 2" "effective expiry"
check_out "two certificates: ... named" "(certificate 2, CN=signoff short CA)"
core "$FX/wrongorder.pem"
v=$(printf '%s\n' "$T_OUT" | awk -F '\t' -v p="$FX/wrongorder.pem" '$6 == p { print $4 }')
if [ "$v" = warn ]; then ok "wrong chain order: warn"; else nok "wrong chain order: warn" "$(t_diag)"; fi
check_out "wrong chain order: named" "not followed by its issuer"
core "$FX/chain.pem"
v=$(printf '%s\n' "$T_OUT" | awk -F '\t' -v p="$FX/chain.pem" '$6 == p { print $4 }')
if [ "$v" = pass ]; then ok "leaf then its CA: pass"; else nok "leaf then its CA: pass" "$(t_diag)"; fi
core "$FX/stray.pem"
check_out "stray text between PEM blocks is tolerated" "2 certificates"

# Keys.
# key_verdict NAME EXPECTED CERT KEY
key_verdict() {
	core "$FX/$3" --key "$FX/$4"
	kv=$(status_is "$FX/$4")
	if [ "$kv" = "$2" ]; then
		ok "key $1: $2"
	else
		nok "key $1: $2" "got '$kv'" "$(t_diag)"
	fi
}
key_verdict "PKCS#8 RSA, matching" pass valid-730.pem leaf.key
key_verdict "PKCS#1 RSA, matching" pass valid-730.pem leaf-pkcs1.key
key_verdict "RSA, not matching" fail valid-730.pem other.key
key_verdict "encrypted" skip valid-730.pem leaf-enc.key
key_verdict "PKCS#8 EC with its point, matching" pass ec256.pem ec256.key
key_verdict "SEC1 EC, matching" pass ec256.pem ec256-sec1.key
key_verdict "EC cert, RSA key" fail ec256.pem leaf.key
key_verdict "Ed25519 without public key" skip ed25519.pem ed25519.key
key_verdict "garbage key file" error valid-730.pem garbage.pem
chmod 0600 "$FX/leaf.key"
key_verdict "root-owned 0600 key read after the uid switch" pass valid-730.pem leaf.key
core "$FX/valid-730.pem" --key "$FX/leaf.key"
v=$(status_is "$FX/leaf.key (permissions)")
if [ "$v" = pass ]; then ok "key file 0600 root: permissions pass"; else nok "key file 0600 root: permissions pass" "$(t_diag)"; fi
cp "$FX/leaf.key" "$FX/loose.key"
chmod 0644 "$FX/loose.key"
core "$FX/valid-730.pem" --key "$FX/loose.key"
v=$(status_is "$FX/loose.key (permissions)")
if [ "$v" = fail ]; then ok "key file 0644: permissions fail"; else nok "key file 0644: permissions fail" "$(t_diag)"; fi
check_out "key file 0644: the excess named" "mode 0644 grants 0044 beyond 0600"
core "$FX/valid-730.pem" --key "$FX/loose.key" --key-mode 0644
v=$(status_is "$FX/loose.key (permissions)")
if [ "$v" = pass ]; then ok "key file 0644, --key-mode 0644: pass"; else nok "key file 0644, --key-mode 0644: pass" "$(t_diag)"; fi
chown 65534 "$FX/loose.key"
chmod 0600 "$FX/loose.key"
core "$FX/valid-730.pem" --key "$FX/loose.key"
check_out "key file owned by nobody: fail named" "owned by uid 65534, not root"
ln -s leaf.key "$FX/link.key"
core "$FX/valid-730.pem" --key "$FX/link.key"
v=$(status_is "$FX/link.key")
if [ "$v" = fail ]; then ok "key file symlink: fail, not followed"; else nok "key file symlink: fail, not followed" "$(t_diag)"; fi
core "$FX/valid-730.pem" --key-mode 0800
check_rc "bad --key-mode: exit 2" 2
core "$FX/valid-730.pem" --key "$FX/leaf-enc.key"
check_out "encrypted key: the reason says so" "the key is encrypted"
check_no "the key is never printed" "$T_OUT" "$(sed -n 2p "$FX/leaf.key")"

# Missing, FIFO, usage.
core "$FX/nope.pem"
v=$(status_of "$FX/nope.pem")
if [ "$v" = fail ]; then ok "missing file: fail"; else nok "missing file: fail" "$(t_diag)"; fi
core --optional "$FX/nope.pem"
v=$(status_of "$FX/nope.pem")
if [ "$v" = skip ]; then ok "missing file, --optional: skip"; else nok "missing file, --optional: skip" "$(t_diag)"; fi
mkfifo "$T_TMP/fifo.pem"
run timeout 10 "$REAL_CORE" check cert "$T_TMP/fifo.pem"
v=$(status_of "$T_TMP/fifo.pem")
if [ "$T_RC" = 0 ] && [ "$v" = error ]; then ok "a FIFO: error, no hang"; else nok "a FIFO: error, no hang" "$(t_diag)"; fi
core
check_rc "no FILE: exit 2" 2
core "$FX/valid-730.pem" --min-days x
check_rc "bad --min-days: exit 2" 2
core "$FX/valid-730.pem" --min-lifetime-share 101
check_rc "--min-lifetime-share over 100: exit 2" 2

# The sandbox: confined, one capability, no network.
core "$FX/valid-730.pem"
check_out "sandbox record: profile cert" "profile=cert"
check_out "sandbox record: no_new_privs" "no_new_privs=1"
check_out "sandbox record: seccomp" "seccomp=2"

# The front end.
so check cert "$FX/valid-730.pem" --min-days 365 --format json
check_rc "signoff check cert valid: exit 0" 0
check_jq "signoff check cert: cert records in json" \
	'[.results[] | select(.id == "cert")] | length == 2'
so check cert "$FX/valid-364.pem" --min-days 365
check_rc "signoff check cert 364 days, --min-days 365: exit 1" 1
so check cert "$FX/garbage.pem"
check_rc "signoff check cert garbage: exit 4 (incomplete)" 4
so check cert "$FX/valid-730.pem" --key "$FX/other.key"
check_rc "signoff check cert --key mismatched: exit 1" 1
so check cert
check_rc "signoff check cert without FILE: exit 2" 2
so check cert "$FX/valid-730.pem" --warn-days soon
check_rc "signoff check cert --warn-days soon: exit 2" 2

t_end
