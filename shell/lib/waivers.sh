# shellcheck shell=sh disable=SC2034,SC2154
# (SC2034/SC2154: globals are shared between the files sourced by signoff.)
# waivers.sh - `signoff audit --waivers FILE`: known exceptions, applied
# between the checks and the renderer (docs/SIGNOFF.md 2 is the contract).
#
#   # id | subject glob | justification | owner | expires
#   security.tls-validity | /etc/ssl/old.pem | replaced in CHG-42 | alice@example.org | 2026-12-31
#
# A matched `fail` record is rewritten to status `skip`, message "waived
# ...", and evidence `waived`, `waiver_owner`, `waiver_expires`: the record
# format and its seven renderers stay as they are (decision: SIGNOFF.md).
# An expired waiver does not apply and is reported (a `warn` record of the
# item `waivers`); so is a waiver that matches no failure (stale).

# waivers_load FILE: validates FILE (a usage error names FILE:LINE, exit
# 2); sets WAIVERS (lines id US glob US justification US owner US expires).
waivers_load() {
	if [ ! -f "$1" ] || [ ! -r "$1" ]; then
		usage_die "--waivers $1: not a readable file" audit
	fi
	WAIVERS=$(awk -v US="$US" -v F="$1" '
		function bad(why) { printf "%s:%d: %s\n", F, NR, why; err = 1; exit 2 }
		function trim(s) { gsub(/^[ \t]+|[ \t\r]+$/, "", s); return s }
		function leap(y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }
		/^[ \t]*(#|$)/ { next }
		{
			if ($0 ~ /[^ -~\t]/) bad("not printable ASCII")
			if ($0 ~ /\\/) bad("a backslash is not allowed")
			n = split($0, f, "|")
			if (n != 5) bad("expected 5 fields: id | subject glob | justification | owner | YYYY-MM-DD (got " n ")")
			id = trim(f[1]); glob = trim(f[2]); just = trim(f[3]); own = trim(f[4]); ex = trim(f[5])
			if ((id glob just own ex) ~ /\t/) bad("a TAB inside a field")
			if (id !~ /^[a-z0-9][a-z0-9._-]*$/ || length(id) > 64)
				bad("bad id \"" id "\" (1-64 of a-z 0-9 . _ -)")
			if (just == "") bad("empty justification")
			if (length(just) > 512) bad("justification longer than 512 bytes")
			if (own == "") bad("empty owner")
			if (length(own) > 128) bad("owner longer than 128 bytes")
			if (length(glob) > 512) bad("subject glob longer than 512 bytes")
			if (ex !~ /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]$/)
				bad("bad expiry \"" ex "\" (YYYY-MM-DD)")
			y = substr(ex, 1, 4) + 0; m = substr(ex, 6, 2) + 0; d = substr(ex, 9, 2) + 0
			split("31 28 31 30 31 30 31 31 30 31 30 31", md, " ")
			if (m == 2 && leap(y)) md[2] = 29
			if (m < 1 || m > 12 || d < 1 || d > md[m]) bad("bad expiry \"" ex "\" (no such date)")
			k = id SUBSEP glob
			if (k in seen) bad("duplicate waiver for " id (glob == "" ? "" : " " glob) " (first at line " seen[k] ")")
			seen[k] = NR
			print id US glob US just US own US ex
		}' "$1") || {
		msg "$WAIVERS"
		usage_short audit >&2
		exit 2
	}
}

# waivers_apply: the record stream on stdin, with WAIVERS applied, on
# stdout.
waivers_apply() {
	SIGNOFF_WAIVERS_=$WAIVERS awk -v US="$US" -v TODAY="$(date -u +%Y-%m-%d)" '
		BEGIN {
			FS = OFS = "\t"
			nl = split(ENVIRON["SIGNOFF_WAIVERS_"], L, "\n")
			for (li = 1; li <= nl; li++) {
				if (L[li] == "") continue
				split(L[li], a, US); n++
				wid[n] = a[1]; wglob[n] = a[2]; wjust[n] = a[3]; wown[n] = a[4]; wexp[n] = a[5]
				wre[n] = a[2] == "" ? "" : g2re(a[2])
				expired[n] = a[5] < TODAY
			}
		}
		# A shell glob (* ? [...] [!...]) as an anchored regular expression.
		function g2re(g,    r, i, c, j) {
			r = "^"
			for (i = 1; i <= length(g); i++) {
				c = substr(g, i, 1)
				if (c == "*") r = r ".*"
				else if (c == "?") r = r "."
				else if (c == "[" && (j = index(substr(g, i + 1), "]")) > 1) {
					c = substr(g, i + 1, j - 1)
					if (substr(c, 1, 1) == "!") c = "^" substr(c, 2)
					r = r "[" c "]"; i += j
				} else if (index("\\^$.|?*+()[]{}/", c)) r = r "\\" c
				else r = r c
			}
			return r "$"
		}
		function haskey(k,    i) {
			for (i = 12; i <= NF; i++) if (index($i, k "=") == 1) return 1
			return 0
		}
		function ev(k, v) {
			if (NF < 11 + 32 && !haskey(k)) $(NF + 1) = k "=" v
		}
		/^#/ || NF < 11 { print; next }
		$4 == "fail" {
			for (i = 1; i <= n; i++) {
				if (wid[i] != $1 || expired[i]) continue
				if (wre[i] != "" && $6 !~ wre[i]) continue
				used[i]++
				$4 = "skip"
				$7 = "waived by " wown[i] " until " wexp[i] ": " wjust[i] " (was a " $5 " failure: " $7 ")"
				if (length($0) > 65000) $7 = "waived by " wown[i] " until " wexp[i] ": " wjust[i]
				ev("waived", "fail"); ev("waiver_owner", wown[i]); ev("waiver_expires", wexp[i])
				break
			}
		}
		{ print }
		END {
			for (i = 1; i <= n; i++) {
				subj = wid[i] (wglob[i] == "" ? "" : " " wglob[i])
				if (expired[i])
					printf "waivers\twaivers\tWaivers are current and used\twarn\tmedium\t%s\twaiver expired on %s (owner %s): it no longer suppresses failures\t\t\t\t\twaiver=%s\twaiver_owner=%s\twaiver_expires=%s\n", subj, wexp[i], wown[i], wid[i], wown[i], wexp[i]
				else if (!used[i])
					printf "waivers\twaivers\tWaivers are current and used\twarn\tlow\t%s\tstale waiver: it matches no failure of this run (owner %s, until %s): remove it\t\t\t\t\twaiver=%s\twaiver_owner=%s\twaiver_expires=%s\n", subj, wown[i], wexp[i], wid[i], wown[i], wexp[i]
				else
					printf "waivers\twaivers\tWaivers are current and used\tpass\tinfo\t%s\twaiver applied to %d failure(s) (owner %s, until %s): %s\t\t\t\t\twaiver=%s\twaiver_owner=%s\twaiver_expires=%s\n", subj, used[i], wown[i], wexp[i], wjust[i], wid[i], wown[i], wexp[i]
			}
		}'
}
