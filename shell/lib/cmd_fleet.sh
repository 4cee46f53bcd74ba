# shellcheck shell=sh disable=SC2034,SC2154
# (SC2034/SC2154: globals are shared between the files sourced by signoff.)
# cmd_fleet.sh - `signoff fleet REPORT.json...`: one table of many hosts'
# JSON reports (docs/SIGNOFF.md 3 is the contract).
#
# One jq process reads every report (10,000 reports in a few seconds);
# only when that fails (a file that is not JSON, or unreadable) are the
# reports read one by one, so each bad file becomes its own INVALID row
# instead of hiding the others.

# One object per report; every string shown is cut to printable ASCII.
# shellcheck disable=SC2016 # a jq program, not shell
FLEET_JQ='
def clean: tostring | .[0:256] | explode | map(if . < 32 or . > 126 then 63 else . end) | implode;
def sevrank: {"critical": 0, "high": 1, "medium": 2, "low": 3, "info": 4}[.] // 5;
input_filename as $f |
if type == "object" and .schema == "signoff/1" and (.verdict | type) == "object" then
  {report: $f,
   host: ((.host.hostname // "?") | clean),
   verdict: (if .verdict.ready == true then "READY" else "NOT READY" end),
   ready: (.verdict.ready == true),
   failed: [(.verdict.blocking // [])[]? | clean],
   worst: ([(.results // [])[]? | objects | select(.status == "fail" or .status == "warn")]
           | sort_by([(if .status == "fail" then 0 else 1 end), (.severity | sevrank)])
           | if length == 0 then null
             else .[0] | {status: (.status | clean), severity: (.severity | clean),
                          id: (.id | clean), subject: ((.subject // "") | clean),
                          message: ((.message // "") | clean)} end),
   started: (if (.started | type) == "string" then (.started | clean) else null end),
   age_s: (try ((now - (.started | fromdateiso8601)) | floor) catch null)}
else
  {report: $f, host: "?", verdict: "INVALID", ready: false, failed: [],
   worst: null, started: null, age_s: null, reason: "not a signoff/1 JSON report"}
end'

cmd_fleet() {
	CMD=fleet
	cf_format=human
	cf_tmp=$(mktemp -d) || die 3 "mktemp failed"
	trap 'rm -rf -- "$cf_tmp"' EXIT
	# One pass over the arguments (options anywhere; after -- everything
	# is a report): a list of reports, one a line.  Linear: 10,000
	# reports must not cost a quadratic shell loop.
	cf_n=0 cf_want='' cf_dd='' cf_help=''
	for cf_a do
		if [ -n "$cf_want" ]; then
			cf_format=$cf_a cf_want=''
			continue
		fi
		if [ -z "$cf_dd" ]; then
			case $cf_a in
			-h | --help) cf_help=1; continue ;;
			--format) cf_want=1; continue ;;
			--format=*) cf_format=${cf_a#*=}; continue ;;
			--) cf_dd=1; continue ;;
			-*) usage_die "unknown option '$cf_a'" fleet ;;
			esac
		fi
		case $cf_a in
		*"$NL"*) usage_die "a report path with a newline is not accepted" fleet ;;
		esac
		printf '%s\n' "$cf_a"
		cf_n=$((cf_n + 1))
	done >"$cf_tmp/list"
	if [ -n "$cf_help" ]; then
		usage_help fleet
		exit 0
	fi
	[ -z "$cf_want" ] || usage_die "option --format needs a value" fleet
	case $cf_format in
	human | json | markdown) ;;
	*) usage_die "bad --format '$cf_format' (human, json or markdown)" fleet ;;
	esac
	[ "$cf_n" -gt 0 ] || usage_die "missing REPORT.json" fleet
	command -v jq >/dev/null 2>&1 || die 3 "jq not found (Debian: jq)"
	# xargs: as few jq processes as the argument limit allows (one, up to
	# tens of thousands of reports).
	if ! tr '\n' '\000' <"$cf_tmp/list" |
		xargs -0 jq -c "$FLEET_JQ" -- >"$cf_tmp/rows" 2>/dev/null; then
		: >"$cf_tmp/rows"
		while IFS= read -r cf_f; do
			if [ ! -r "$cf_f" ] || ! jq -c "$FLEET_JQ" -- "$cf_f" >"$cf_tmp/one" 2>/dev/null ||
				[ "$(wc -l <"$cf_tmp/one")" -ne 1 ]; then
				jq -nc --arg f "$cf_f" '{report: $f, host: "?", verdict: "INVALID",
					ready: false, failed: [], worst: null, started: null,
					age_s: null, reason: "not readable as one JSON document"}' >"$cf_tmp/one"
			fi
			cat "$cf_tmp/one" >>"$cf_tmp/rows"
		done <"$cf_tmp/list"
	fi
	case $cf_format in
	json)
		jq -s '{schema: "signoff-fleet/1",
			generated: (now | todateiso8601),
			hosts: .,
			ready: (all(.[]; .ready)),
			not_ready: [.[] | select(.ready | not) | .host]}' "$cf_tmp/rows"
		;;
	*)
		jq -r '[.host, .verdict,
			(if .age_s == null then "?" else .age_s end),
			(if (.failed | length) == 0 then "-" else (.failed | join(",")) end),
			(if .worst == null then (if .reason then "\(.report | tostring | explode | map(if . < 32 or . > 126 then 63 else . end) | implode): \(.reason)" else "-" end)
			 else "\(.worst.severity) \(.worst.status) \(.worst.id): \(.worst.subject): \(.worst.message)" end)
			] | join("\u001f")' "$cf_tmp/rows" | fleet_table "$cf_format"
		;;
	esac
	cf_any=$(jq -s 'any(.[]; .ready != true)' "$cf_tmp/rows") || cf_any=
	case $cf_any in
	true) exit 1 ;;
	false) exit 0 ;;
	*) die 3 "fleet: reading the rows failed" ;;
	esac
}

# fleet_table human|markdown: rows (host US verdict US age_s US failed US
# worst) on stdin.
fleet_table() {
	awk -v US="$US" -v FMT="$1" '
		function age(s) {
			if (s == "?") return "?"
			if (s < 0) return "future"
			if (s < 120) return s "s"
			if (s < 7200) return int(s / 60) "m"
			if (s < 172800) return int(s / 3600) "h"
			return int(s / 86400) "d"
		}
		function cut(t, n) { return length(t) > n ? substr(t, 1, n - 3) "..." : t }
		function esc(t) {
			gsub(/[]\\|`*_[~#!:@]/, "\\\\&", t)
			gsub(/&/, "\\&amp;", t); gsub(/</, "\\&lt;", t); gsub(/>/, "\\&gt;", t)
			gsub(/www\./, "www\\.", t)
			return t
		}
		BEGIN { FS = US }
		{
			n++; h[n] = $1; v[n] = $2; a[n] = age($3); f[n] = $4; w[n] = $5
			if ($2 != "READY") bad = bad (bad == "" ? "" : ", ") $1
			else ok++
			if (length($1) > wh) wh = length($1)
		}
		END {
			if (FMT == "markdown") {
				print "## Fleet\n"
				print "| Host | Verdict | Failed | Worst finding | Age |"
				print "|---|---|---|---|---|"
				for (i = 1; i <= n; i++)
					printf "| %s | %s | %s | %s | %s |\n", esc(h[i]), v[i], esc(f[i]), esc(cut(w[i], 200)), a[i]
				print ""
				if (bad == "") printf "**FLEET READY**: %d hosts\n", n
				else printf "**FLEET NOT READY**: %d of %d hosts: %s\n", n - ok, n, esc(bad)
				exit
			}
			if (wh < 4) wh = 4
			printf "%-" wh "s  %-9s  %6s  %-30s  %s\n", "HOST", "VERDICT", "AGE", "FAILED", "WORST FINDING"
			for (i = 1; i <= n; i++)
				printf "%-" wh "s  %-9s  %6s  %-30s  %s\n", h[i], v[i], a[i], cut(f[i], 30), cut(w[i], 100)
			if (bad == "") printf "FLEET READY: %d hosts\n", n
			else printf "FLEET NOT READY: %d of %d hosts: %s\n", n - ok, n, cut(bad, 2000)
		}'
}
