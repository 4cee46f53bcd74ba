#!/bin/sh
# test_formats_validate.sh - renders a record stream in every format with
# `signoff-core report` and checks each document with an independent
# validator: xmllint + tests/schema/junit.xsd (JUnit), the SARIF 2.1.0
# JSON schema with ajv and the SARIF multitool (SARIF), promtool
# (Prometheus), jq (JSON), Perl's TAP::Parser (TAP), awk (Markdown tables).
# Every validator is also fed a corrupted document that it must reject, so
# a validator that silently accepts everything fails the test.
#
# Environment: SIGNOFF_CORE (default build/signoff-core), run from the
# repository root.  Needs: xmllint, jq, promtool, perl, node and
# `npm ci --prefix tests/node`.
set -eu

CORE=${SIGNOFF_CORE:-build/signoff-core}
INPUT=tests/golden/report/input.rec
SCHEMA=tests/schema/junit.xsd
NODEDIR=tests/node
MULTITOOL=$NODEDIR/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
# The multitool is a .NET program; without libicu it needs this.
DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT

failed=0
passed=0
tmp=$(mktemp -d)
trap 'rm -rf -- "$tmp"' EXIT INT TERM

ok() {
	passed=$((passed + 1))
	printf 'ok - %s\n' "$1"
}

notok() {
	failed=$((failed + 1))
	printf 'not ok - %s\n' "$1"
}

# check DESCRIPTION COMMAND...: the command must succeed.
check() {
	desc=$1
	shift
	if "$@" >"$tmp/log" 2>&1; then
		ok "$desc"
	else
		notok "$desc"
		sed 's/^/#   /' "$tmp/log" | head -n 20
	fi
}

# reject DESCRIPTION COMMAND...: the command must fail.
reject() {
	desc=$1
	shift
	if "$@" >"$tmp/log" 2>&1; then
		notok "$desc (validator accepted a corrupt document)"
	else
		ok "$desc"
	fi
}

# render NAME FORMAT INPUT: writes $tmp/NAME.FORMAT; the exit status of
# signoff-core is kept in $tmp/NAME.FORMAT.rc.
render() {
	rc=0
	"$CORE" report --format "$2" --started 2026-01-01T00:00:00Z \
	    --duration-ms 5 <"$3" >"$tmp/$1.$2" 2>"$tmp/$1.$2.err" || rc=$?
	echo "$rc" >"$tmp/$1.$2.rc"
}

# expect_rc NAME FORMAT WANT
expect_rc() {
	got=$(cat "$tmp/$1.$2.rc")
	if [ "$got" = "$3" ]; then
		ok "$1 $2: exit status $3"
	else
		notok "$1 $2: exit status $got, want $3"
		sed 's/^/#   /' "$tmp/$1.$2.err" | head -n 5
	fi
}

if [ ! -x "$CORE" ]; then
	notok "signoff-core found at $CORE"
	echo "Checks: 0 passed, 1 failed"
	exit 1
fi

printf '#signoff-records\t1\n' >"$tmp/empty.rec"

# ---- JSON: schema signoff/1, summary counts match the results ---------

json_ok() {
	jq -e '
	    .schema == "signoff/1" and
	    .tool.name == "signoff" and (.tool.version | type) == "string" and
	    (.host | has("hostname") and has("kernel") and has("machine")
	        and has("os")) and
	    .started == "2026-01-01T00:00:00Z" and .duration_ms == 5 and
	    (.results | type) == "array" and
	    ([.results[] | select(has("id") and has("section") and
	        has("title") and has("status") and has("severity") and
	        has("subject") and has("message") and has("evidence") and
	        has("duration_ms"))] | length) == (.results | length) and
	    ([.results[] | select(.status as $s |
	        ["pass","fail","warn","skip","error"] | index($s) | not)]
	        | length) == 0 and
	    (.summary | keys | sort) == ["error","fail","pass","skip","warn"] and
	    (reduce .results[] as $r ({pass:0,fail:0,warn:0,skip:0,error:0};
	        .[$r.status] += 1)) == .summary and
	    (.verdict.ready | type) == "boolean" and
	    .verdict.ready == (.verdict.blocking == []) and
	    .verdict.text == (if .verdict.ready then "READY" else "NOT READY" end) and
	    .items.total == ([.results[] | select(.section != "sandbox") | .id]
	        | unique | length) and
	    ([.verdict.blocking[] as $b | .results[] | select(.id == $b)]
	        | length) >= (.verdict.blocking | length)' "$1"
}

json_sample_ok() {
	jq -e '
	    (.results | length) == 8 and
	    .summary == {pass:2, fail:3, warn:1, skip:1, error:1} and
	    .results[1].subject == "/opt/app/secrets/a\\tb\\x1b[31m" and
	    .results[1].evidence.name == "a\\tb\\x1b[31m" and
	    (.results[1] | has("location") | not) and
	    .results[2].location == {path:"app/config.py", line:12, column:5} and
	    .results[6].location == {path:"/srv/x y/\\xe2\\x82\\xac%.py",
	        line:3} and
	    .results[4].duration_ms == null and
	    .results[7].duration_ms == 1234567' "$1"
}

for name in sample empty; do
	[ "$name" = sample ] && in=$INPUT || in=$tmp/empty.rec
	render "$name" json "$in"
	check "$name json: signoff/1 structure and summary" json_ok "$tmp/$name.json"
done
check "sample json: escaped fields, locations, counts" \
    json_sample_ok "$tmp/sample.json"
jq '.summary.pass += 1' "$tmp/sample.json" >"$tmp/bad.json"
reject "json check rejects a summary that disagrees with results" \
    json_ok "$tmp/bad.json"
jq '.verdict.ready = true' "$tmp/sample.json" >"$tmp/bad2.json"
reject "json check rejects a verdict that disagrees with its blocking list" \
    json_ok "$tmp/bad2.json"
expect_rc sample json 1
expect_rc empty json 0

# ---- JUnit: XML schema ------------------------------------------------

for name in sample empty; do
	[ "$name" = sample ] && in=$INPUT || in=$tmp/empty.rec
	render "$name" junit "$in"
	check "$name junit: valid against $SCHEMA" \
	    xmllint --noout --schema "$SCHEMA" "$tmp/$name.junit"
done
check "sample junit: 3 failures, 1 error, 1 skipped" \
    grep -q '<testsuites name="signoff" tests="8" failures="3" errors="1" skipped="1"' \
    "$tmp/sample.junit"
sed 's/<testcase classname="secrets" name="[^"]*"/<testcase classname="secrets"/' \
    "$tmp/sample.junit" >"$tmp/bad.xml"
reject "xmllint rejects a testcase without a name" \
    xmllint --noout --schema "$SCHEMA" "$tmp/bad.xml"
sed 's/failures="3"/failures="three"/' "$tmp/sample.junit" >"$tmp/bad2.xml"
reject "xmllint rejects a non-numeric failure count" \
    xmllint --noout --schema "$SCHEMA" "$tmp/bad2.xml"

# ---- SARIF: JSON schema (ajv) and the SARIF multitool ------------------

sarif_ajv() {
	node "$NODEDIR/validate-sarif.js" "$@"
}

# multitool_ok FILE: no error-level finding in the multitool's own log.
multitool_ok() {
	rm -f "$tmp/mt.sarif"
	"$MULTITOOL" validate "$1" -o "$tmp/mt.sarif" --log ForceOverwrite \
	    >"$tmp/mt.log" 2>&1 || return 1
	[ -s "$tmp/mt.sarif" ] || return 1
	n=$(jq '[.runs[].results[]? | select(.level == "error")] | length' \
	    "$tmp/mt.sarif") || return 1
	[ "$n" -eq 0 ] || { grep -i 'error' "$tmp/mt.log"; return 1; }
}

sarif_sample_ok() {
	jq -e '
	    .version == "2.1.0" and (.runs | length) == 1 and
	    .runs[0].tool.driver.name == "signoff" and
	    ([.runs[0].tool.driver.rules[].id] ==
	        ["secrets.files","creds.scan","ports.free","tls.cert",
	         "fw.rules","cpu.count"]) and
	    (.runs[0].results | length) == 7 and
	    .runs[0].invocations[0].executionSuccessful == false and
	    (.runs[0].invocations[0].toolExecutionNotifications | length) == 1 and
	    ([.runs[0].results[] | .kind] | sort) ==
	        ["fail","fail","fail","fail","notApplicable","pass","pass"] and
	    ([.runs[0].results[] | select(.ruleId == "creds.scan" and
	        .level == "error") | .locations[0].physicalLocation] ==
	        [{artifactLocation:{uri:"app/config.py", uriBaseId:"SCANROOT"},
	          region:{startLine:12, startColumn:5}}]) and
	    ([.runs[0].results[] | select(.ruleId == "creds.scan" and
	        .level == "warning") | .locations[0].physicalLocation
	        .artifactLocation.uri] == ["file:///srv/x%20y/%E2%82%AC%25.py"])
	    and
	    (. as $d | [.runs[0].results[] | select($d.runs[0].tool.driver
	        .rules[.ruleIndex].id != .ruleId)] | length) == 0' "$1"
}

if [ ! -f "$NODEDIR/node_modules/ajv/package.json" ] || [ ! -x "$MULTITOOL" ]; then
	notok "SARIF validators installed (run: npm ci --prefix $NODEDIR)"
else
	for name in sample empty; do
		[ "$name" = sample ] && in=$INPUT || in=$tmp/empty.rec
		render "$name" sarif "$in"
		check "$name sarif: valid against the SARIF 2.1.0 schema (ajv)" \
		    sarif_ajv "$tmp/$name.sarif"
		check "$name sarif: no errors from the SARIF multitool" \
		    multitool_ok "$tmp/$name.sarif"
	done
	check "sample sarif: rules, kinds, levels, locations, notifications" \
	    sarif_sample_ok "$tmp/sample.sarif"
	jq '.runs[0].results[0].kind = "bogus" |
	    del(.runs[0].tool.driver.name)' "$tmp/sample.sarif" >"$tmp/bad.sarif"
	reject "ajv rejects an invalid SARIF log" sarif_ajv "$tmp/bad.sarif"
	reject "the SARIF multitool rejects an invalid SARIF log" \
	    multitool_ok "$tmp/bad.sarif"
fi

# ---- Prometheus: promtool ---------------------------------------------

promtool_ok() {
	promtool check metrics <"$1"
}

prom_sample_ok() {
	grep -qx 'signoff_results_by_status{status="fail"} 3' "$1" &&
	grep -qx 'signoff_results_by_status{status="error"} 1' "$1" &&
	grep -qx 'signoff_duration_seconds 0.005' "$1" &&
	grep -q '^signoff_last_run_timestamp_seconds [0-9][0-9]*$' "$1" &&
	! grep -q '/opt/app' "$1"
}

for name in sample empty; do
	[ "$name" = sample ] && in=$INPUT || in=$tmp/empty.rec
	render "$name" prometheus "$in"
	check "$name prometheus: promtool check metrics" \
	    promtool_ok "$tmp/$name.prometheus"
done
check "sample prometheus: per-status totals, duration, no paths" \
    prom_sample_ok "$tmp/sample.prometheus"
{ cat "$tmp/sample.prometheus"; echo 'signoff_results{id="x" 1'; } >"$tmp/bad.prom"
reject "promtool rejects a malformed sample line" \
    promtool_ok "$tmp/bad.prom"
sed 's/signoff_results_by_status/signoff_summary/' "$tmp/sample.prometheus" \
    >"$tmp/bad2.prom"
reject "promtool rejects a metric named like a summary type" \
    promtool_ok "$tmp/bad2.prom"

# ---- TAP: Perl's TAP::Parser ------------------------------------------

# tap_ok FILE WANT_TESTS WANT_FAILED: parses cleanly, plan matches.
tap_ok() {
	perl -MTAP::Parser -e '
		my ($file, $tests, $failed) = @ARGV;
		open my $fh, "<", $file or die "$file: $!\n";
		my $p = TAP::Parser->new({ tap => do { local $/; <$fh> } });
		while (defined(my $r = $p->next)) { }
		my @e = $p->parse_errors;
		die join("\n", @e), "\n" if @e;
		die "version ", $p->version, "\n" unless $p->version == 13;
		die "tests run ", $p->tests_run, "\n" unless $p->tests_run == $tests;
		die "failed ", scalar($p->failed), "\n"
		    unless scalar($p->failed) == $failed;
	' "$@"
}

render sample tap "$INPUT"
render empty tap "$tmp/empty.rec"
check "sample tap: TAP 13, 8 tests, 4 not ok" tap_ok "$tmp/sample.tap" 8 4
check "empty tap: TAP 13, empty plan" tap_ok "$tmp/empty.tap" 0 0
tap_sample_ok() {
	grep -qF 'ok 5 - tls.cert: /etc/ssl/app\#1.pem # SKIP no certificate' "$1" &&
	grep -q '^# warn: medium: port 8080' "$1"
}
check "sample tap: skip directive and warn comment" \
    tap_sample_ok "$tmp/sample.tap"
sed 's/^1\.\.8$/1..9/' "$tmp/sample.tap" >"$tmp/bad.tap"
reject "TAP::Parser rejects a plan that does not match" \
    tap_ok "$tmp/bad.tap" 8 4

# ---- Markdown: every table row has as many cells as its header ---------

# md_ok FILE: every table row has as many cells as its table's header, and
# no line (table rows included: they carry the record content) holds raw
# HTML or text GitHub would turn into a link (http://, www., an e-mail
# address) unless the byte that makes it one is backslash-escaped.
md_ok() {
	awk '
		function cells(s,   t) {
			t = s
			gsub(/\\\\/, "", t)	# an escaped backslash
			gsub(/\\\|/, "", t)	# an escaped pipe is cell text
			return gsub(/\|/, "", t)
		}
		{
			t = $0
			gsub(/\\\\/, "", t)	# escaped backslashes are plain text
			if (t ~ /<[a-zA-Z\/!?]/) { print FILENAME ":" NR ": raw HTML"; bad = 1 }
			if (t ~ /[a-zA-Z][a-zA-Z0-9+.-]*:\/\// || t ~ /[wW][wW][wW]\./ ||
			    t ~ /[A-Za-z0-9._%+-]@[A-Za-z0-9]/) {
				print FILENAME ":" NR ": autolink"; bad = 1
			}
		}
		/^\|/ {
			n = cells($0)
			if (!intable) { want = n; intable = 1 }
			else if (n != want) { print FILENAME ":" NR ": " n " cells, want " want; bad = 1 }
			next
		}
		{ intable = 0 }
		END { exit bad }' "$1"
}

render sample markdown "$INPUT"
render empty markdown "$tmp/empty.rec"
check "sample markdown: tables well formed, no raw HTML" md_ok "$tmp/sample.markdown"
check "empty markdown: tables well formed" md_ok "$tmp/empty.markdown"
md_sections() {
	[ "$(grep -c '^| Status | Severity | Item | Subject | Message |$' "$1")" \
	    -eq "$2" ]
}
check "sample markdown: one table per section" \
    md_sections "$tmp/sample.markdown" 5
sed 's/| 4 CPUs, need 2 |/| 4 CPUs | need 2 |/' "$tmp/sample.markdown" >"$tmp/bad.md"
reject "markdown check rejects a row with an extra cell" md_ok "$tmp/bad.md"
# Planted rows: raw HTML, a URL, www. and an e-mail address inside a
# table row (where the record content is) must each be caught.
n=0
for bad in '<script>alert(1)</script>' 'see http://evil.example/x' \
	'go to www.evil.example' 'mail root@evil.example'; do
	n=$((n + 1))
	awk -v b="$bad" '{ print } /^\| PASS \| info \| cpu.count/ { print "| FAIL | high | x (y) | s | " b " |" }' \
	    "$tmp/sample.markdown" >"$tmp/bad$n.md"
	reject "markdown check rejects a row with: $bad" md_ok "$tmp/bad$n.md"
done
md_neutral() {
	grep -qF 'http\://evil' "$1" && grep -qF 'www\.' "$1" &&
	grep -qF 'root\@' "$1"
}
printf '#signoff-records\t1\nx\ts\tt\tfail\thigh\tsubj\tlink http://evil.example www.evil.example root@evil.example <b>\t\t\t\t\n' \
    >"$tmp/links.rec"
render links markdown "$tmp/links.rec"
check "markdown neutralises URLs, www. and e-mail addresses" md_ok "$tmp/links.markdown"
check "markdown escapes the byte that makes a link" md_neutral "$tmp/links.markdown"

# ---- human: summary line and no raw control bytes ----------------------

human_ok() {
	grep -qx 'Summary: 6 items: 1 passed, 2 failed, 1 with warnings, 1 skipped, 1 error; 4 findings' "$1" &&
	[ "$(tail -n 1 "$1")" = 'NOT READY: secrets.files, creds.scan, fw.rules' ] &&
	! LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177-\377]')" "$1"
}

render sample human "$INPUT"
render empty human "$tmp/empty.rec"
check "sample human: summary line, no control bytes" human_ok "$tmp/sample.human"
check "empty human: zero summary" grep -qx \
    'Summary: 0 items: 0 passed, 0 failed, 0 with warnings, 0 skipped, 0 errors; 0 findings' "$tmp/empty.human"
check "empty human: READY" test "$(tail -n 1 "$tmp/empty.human")" = READY
printf '\033[31m\n' >>"$tmp/sample.human"
reject "human check rejects a raw escape byte" human_ok "$tmp/sample.human"
render sample human "$INPUT"
printf 'caf\303\251\n' >>"$tmp/sample.human"
reject "human check rejects a byte >= 0x80" human_ok "$tmp/sample.human"
expect_rc sample human 1
expect_rc empty human 0

echo "Checks: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
