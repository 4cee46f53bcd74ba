#!/bin/sh
# mkfixtures.sh DIR [tls] - generates the certificate fixtures of the cert and
# tls tests with the openssl CLI, at test time (no certificate or key is
# committed).  Dates are relative to now.  Sourced or run; prints nothing
# on success, exits non-zero (with openssl's message) on failure.
#
# DIR gets: ca.key/ca.pem (RSA 2048 root, 10 years), other-ca.pem, and
# one NAME.pem per fixture (see the list at the bottom), plus keys.
# With "tls": only what the live test serves (CA, valid-730, expired).
set -eu

fx=${1:?usage: mkfixtures.sh DIR [tls]}
mode=${2:-all}
mkdir -p "$fx"
cd "$fx"

day=86400
now=$(date -u +%s)
# gt EPOCH: the openssl ca date form (GeneralizedTime, always accepted).
gt() { date -u -d "@$1" +%Y%m%d%H%M%SZ; }

cat >ca.cnf <<'CNF'
[ca]
default_ca = fx
[fx]
dir = .
database = ./index.txt
new_certs_dir = ./newcerts
serial = ./serial
default_md = sha256
policy = any
unique_subject = no
copy_extensions = none
[any]
commonName = supplied
[leaf]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost,DNS:www.example.test,IP:127.0.0.1
[nosan]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
[caleaf]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign,digitalSignature
subjectAltName = DNS:localhost
[v3ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
CNF
mkdir -p newcerts
: >index.txt
printf '1000\n' >serial

q() { "$@" >/dev/null 2>&1 || { "$@"; exit 1; }; }

# Keys.
q openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out ca.key
q openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out leaf.key
q openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out other.key
if [ "$mode" = tls ]; then
	q openssl req -x509 -new -key ca.key -subj '/CN=signoff fixture CA' \
		-days 3650 -sha256 -config ca.cnf -extensions v3ca -out ca.pem
	q openssl req -new -key leaf.key -subj /CN=localhost -out leaf.csr
	for fx_name in valid-730 expired; do
		if [ "$fx_name" = expired ]; then
			fx_s=$((now - 400 * day)) fx_e=$((now - 10 * day))
		else
			fx_s=$((now - 3600)) fx_e=$((now + 730 * day))
		fi
		q openssl ca -batch -config ca.cnf -notext -md sha256 \
			-cert ca.pem -keyfile ca.key -startdate "$(gt "$fx_s")" \
			-enddate "$(gt "$fx_e")" -extensions leaf -in leaf.csr \
			-out "$fx_name.pem"
	done
	exit 0
fi
q openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out rsa1024.key
q openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:4096 -out rsa4096.key
q openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ec256.key
q openssl genpkey -algorithm ED25519 -out ed25519.key
q openssl rsa -in leaf.key -traditional -out leaf-pkcs1.key
q openssl ec -in ec256.key -out ec256-sec1.key
q openssl pkey -in leaf.key -aes256 -passout pass:fixture -out leaf-enc.key

# The roots: a self-signed CA for ten years, another for the wrong chain,
# and a short-lived CA (expires first in the two-certificate file).
q openssl req -x509 -new -key ca.key -subj '/CN=signoff fixture CA' \
	-days 3650 -sha256 -config ca.cnf -extensions v3ca -out ca.pem
q openssl req -x509 -new -key other.key -subj '/CN=signoff other CA' \
	-days 3650 -sha256 -config ca.cnf -extensions v3ca -out other-ca.pem
q openssl req -x509 -new -key other.key -subj '/CN=signoff short CA' \
	-days 100 -sha256 -config ca.cnf -extensions v3ca -out short-ca.pem

# issue NAME KEY CN START END EXT [CA_PEM CA_KEY] [MD]
issue() {
	q openssl req -new -key "$2" -subj "/CN=$3" -out "$1.csr"
	q openssl ca -batch -config ca.cnf -notext -md "${9:-sha256}" \
		-cert "${7:-ca.pem}" -keyfile "${8:-ca.key}" \
		-startdate "$(gt "$4")" -enddate "$(gt "$5")" \
		-extensions "$6" -in "$1.csr" -out "$1.pem"
}

past=$((now - 3600))
issue valid-730 leaf.key valid-730 "$past" $((now + 730 * day)) leaf
issue valid-400 leaf.key valid-400 "$past" $((now + 400 * day)) leaf
issue valid-366 leaf.key valid-366 "$past" $((now + 366 * day)) leaf
issue valid-365 leaf.key valid-365 "$now" $((now + 365 * day)) leaf
issue valid-364 leaf.key valid-364 "$past" $((now + 364 * day)) leaf
issue valid-30 leaf.key valid-30 "$now" $((now + 30 * day)) leaf
issue expired leaf.key expired $((now - 400 * day)) $((now - 10 * day)) leaf
issue notyet leaf.key notyet $((now + 10 * day)) $((now + 400 * day)) leaf
issue rsa1024 rsa1024.key rsa1024 "$past" $((now + 400 * day)) leaf
issue rsa4096 rsa4096.key rsa4096 "$past" $((now + 400 * day)) leaf
issue sha1 leaf.key sha1 "$past" $((now + 400 * day)) leaf ca.pem ca.key sha1
issue nosan leaf.key nosan "$past" $((now + 400 * day)) nosan
issue caleaf leaf.key caleaf "$past" $((now + 400 * day)) caleaf
issue ec256 ec256.key ec256 "$past" $((now + 400 * day)) leaf
issue ed25519 ed25519.key ed25519 "$past" $((now + 400 * day)) leaf
issue gentime leaf.key gentime "$past" 2587667200 leaf
issue mostlyused leaf.key mostlyused $((now - 300 * day)) $((now + 60 * day)) leaf
issue shortchain leaf.key shortchain "$past" $((now + 700 * day)) leaf short-ca.pem other.key
q openssl req -x509 -new -key leaf.key -subj '/CN=localhost' -days 400 \
	-sha256 -addext 'subjectAltName=DNS:localhost' \
	-addext 'basicConstraints=critical,CA:FALSE' -out selfsigned.pem

cat shortchain.pem short-ca.pem >twocert.pem
cat valid-730.pem other-ca.pem >wrongorder.pem
cat valid-730.pem ca.pem >chain.pem
q openssl x509 -in valid-730.pem -outform DER -out valid-730.der
head -c 300 valid-730.der >truncated.der
printf -- '-----BEGIN CERTIFICATE-----\nThis is not*base64 at all!\n-----END CERTIFICATE-----\n' >garbage.pem
: >empty.pem
# Stray text between blocks is tolerated.
{ printf 'Bag Attributes: leaf\nsubject=/CN=valid-730\n'; cat valid-730.pem
  printf '\nissuer text\n'; cat ca.pem; } >stray.pem
