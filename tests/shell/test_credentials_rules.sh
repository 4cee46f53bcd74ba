#!/bin/sh
# shellcheck source-path=SCRIPTDIR
# test_credentials_rules.sh - every default credential rule, through the
# real core: each `example` of policies/credentials.rules is reported by
# its own rule, no `counter` is reported by any rule, each family the
# issue lists has its rule, and no example's secret leaves the core whole.
#
# The examples and counters are written as files (tests/credentials/
# cases.awk; a path-restricted rule gets a file of a name it applies to)
# and scanned in one run of `signoff-core check credentials`, so the test
# exercises the whole path: walk, prefilter, confirmation, records.  The
# core's own --self-test is run too, as a second, independent reading.

# shellcheck source=lib.sh
. tests/shell/lib.sh

core_ok
RULES=${SIGNOFF_CRED_RULES:-policies/credentials.rules}
C=$T_TMP/cases

# The file itself.
n=$(grep -c '^\[rule ' "$RULES")
if [ "$n" -ge 150 ]; then
	ok "$n default rules (>= 150)"
else
	nok "$n default rules (>= 150)"
fi
dups=$(sed -n 's/^\[rule \(.*\)\]$/\1/p' "$RULES" | sort | uniq -d)
check_empty "rule ids are unique" "$dups"

# Every family the issue names has at least one rule (by id).
missing=
for id in aws-access-key-id aws-secret-access-key aws-secret-key-near-id \
    aws-credentials-file gcp-service-account-key gcp-api-key \
    azure-storage-account-key azure-sql-connection-string \
    github-classic-pat github-fine-grained-pat github-app-installation-token \
    github-oauth-token github-refresh-token gitlab-pat bitbucket-app-password \
    slack-bot-token slack-user-token slack-webhook discord-bot-token \
    discord-webhook telegram-bot-token stripe-live-secret-key \
    twilio-api-key twilio-auth-token sendgrid-api-key mailgun-api-key \
    mailchimp-api-key npm-access-token pypi-upload-token dockerhub-pat \
    vault-service-token terraform-cloud-token openai-api-key \
    anthropic-api-key huggingface-token cohere-api-key datadog-api-key \
    newrelic-user-key sentry-dsn shopify-access-token digitalocean-pat \
    heroku-api-key cloudflare-api-token jwt private-key-rsa private-key-ec \
    private-key-dsa private-key-pkcs8 private-key-openssh private-key-putty \
    private-key-pgp url-postgres-password url-mysql-password \
    url-mongodb-password url-redis-password url-amqp-password \
    url-http-basic-auth netrc-password git-credentials pgpass-password \
    npmrc-auth docker-config-auth kubernetes-secret-data \
    generic-password-python generic-password-js generic-password-go \
    generic-password-java generic-password-shell generic-password-yaml \
    generic-password-json generic-password-ini generic-password-toml \
    generic-password-terraform generic-password-properties \
    generic-password-xml; do
	grep -q "^\[rule $id\]\$" "$RULES" || missing="$missing $id"
done
check_empty "every family of the issue has its rule" "$missing"

# The cases as files.
awk -v out="$C" -v pass=1 -f tests/credentials/cases.awk "$RULES" | xargs mkdir -p
awk -v out="$C" -v pass=2 -f tests/credentials/cases.awk "$RULES"
bad=$(awk '$2 < 1 || $3 < 1 { print $1 }' "$C/ids")
check_empty "every rule has an example and a counter" "$bad"

run "$REAL_CORE" check credentials --rules-only "$RULES" "$C/ex" "$C/co"
check_rc "the core scans the cases" 0
printf '%s\n' "$T_OUT" >"$T_TMP/out"
# Findings as "KIND ID N RULE" (KIND ex/co, ID the case's rule).  A
# rule whose finding was merged into a more specific rule's record (one
# finding per secret: the record's `also=` evidence names it) found it too.
awk -F '\t' -v root="$C/" '$1 == "credentials" && $4 == "fail" && $6 != "summary" {
	p = $8
	if (index(p, root) != 1) next
	p = substr(p, length(root) + 1)
	split(p, a, "/")
	print a[1], a[2], a[3], $6
	for (i = 9; i <= NF; i++)
		if (substr($i, 1, 5) == "also=") {
			n = split(substr($i, 6), r, ",")
			for (k = 1; k <= n; k++)
				print a[1], a[2], a[3], r[k]
		}
}' "$T_TMP/out" | sort -u >"$T_TMP/found"
summary=$(awk -F '\t' '$6 == "summary"' "$T_TMP/out")
case $summary in
*"errors=0"*) ok "the scan of the cases has no errors" ;;
*) nok "the scan of the cases has no errors" "$summary" ;;
esac

# Each rule: all its examples found by itself, none of its counters found.
# One awk pass prints the ok / not ok lines (a loop of greps is slow).
awk '
FNR == NR { f[$1 " " $2 " " $3 " " $4] = 1; if ($1 == "co") co[$2] = co[$2] " counter " $3 " reported by " $4 ";"; next }
{
	id = $1; why = ""
	for (i = 1; i <= $2; i++)
		if (!((("ex " id " " i " " id)) in f)) why = why " example " i " not reported;"
	why = why co[id]
	if (why == "") printf "ok - rule %s: %d example(s) reported, %d counter(s) silent\n", id, $2, $3
	else printf "not ok - rule %s:%s\n", id, why
}' "$T_TMP/found" "$C/ids" >"$T_TMP/verdicts"
cat "$T_TMP/verdicts"
T_COUNT=$((T_COUNT + $(wc -l <"$T_TMP/verdicts")))
T_FAILED=$((T_FAILED + $(grep -c '^not ok' "$T_TMP/verdicts" || :)))

# The rules built into the core are this file: the same cases give the same
# findings without --rules-only (a stale build would differ).
if [ -z "${SIGNOFF_CRED_RULES:-}" ]; then
	run "$REAL_CORE" check credentials "$C/ex" "$C/co"
	printf '%s\n' "$T_OUT" | awk -F '\t' '$1 == "credentials" && $4 == "fail" && $6 != "summary" { print $6, $8, $9 }' | sort >"$T_TMP/emb"
	awk -F '\t' '$1 == "credentials" && $4 == "fail" && $6 != "summary" { print $6, $8, $9 }' "$T_TMP/out" | sort >"$T_TMP/file"
	if cmp -s "$T_TMP/emb" "$T_TMP/file"; then
		ok "the built-in rules give the same findings as $RULES"
	else
		nok "the built-in rules give the same findings as $RULES" "rebuild: make" "$(diff "$T_TMP/file" "$T_TMP/emb" | head -n 5)"
	fi
fi

# No example line of 20+ characters appears whole in the output: the
# records carry a redacted secret and a fingerprint, never the secret.
find "$C/ex" -type f -exec cat {} + | awk 'length($0) >= 20' | sort -u >"$T_TMP/lines"
leak=$(grep -F -f "$T_TMP/lines" "$T_TMP/out" | head -n 3)
check_empty "no example secret appears whole in the records" "$leak"

# The core's own reading of the examples agrees.
run "$REAL_CORE" check credentials --rules-only "$RULES" --self-test
check_rc "--self-test: exit 0" 0
st_fail=$(printf '%s\n' "$T_OUT" | awk -F '\t' '$1 == "credentials" && $4 != "pass"' | head -n 5)
check_empty "--self-test: every rule passes" "$st_fail"
st_n=$(printf '%s\n' "$T_OUT" | awk -F '\t' '$1 == "credentials" && $4 == "pass"' | wc -l)
if [ "$st_n" -eq "$n" ]; then
	ok "--self-test: one pass record per rule ($st_n)"
else
	nok "--self-test: one pass record per rule" "got $st_n for $n rules"
fi

t_end
