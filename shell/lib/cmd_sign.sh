# shellcheck shell=sh disable=SC2034,SC2154
# (SC2034/SC2154: globals are shared between the files sourced by signoff.)
# cmd_sign.sh - `signoff sign` and `signoff verify`: SSH signatures of a
# report, one per sign-off role (docs/SIGNOFF.md is the contract).
#
# Layout, beside REPORT:  REPORT.sig.d/SLUG.head  and  REPORT.sig.d/SLUG.sig
#   SLUG  the role in lower case, every run of other than [a-z0-9] as '-'
#   .head three lines: "signoff-signature 1", "role ROLE", "date ISO-8601Z"
#   .sig  `ssh-keygen -Y sign -n signoff` over the bytes of .head followed
#         by the exact bytes of REPORT.
# So the signature binds the role, the date and every byte of the report:
# changing a byte of either, or renaming the files to another role, makes
# `ssh-keygen -Y verify` fail.
#
# Roles of a signer: comment lines of the allowed_signers file (ssh-keygen
# ignores them), "#signoff-roles PRINCIPAL = ROLE; ROLE..." (docs/SIGNOFF.md).

SIGN_NS=signoff

# sign_slug ROLE: SLUG (above).
sign_slug() {
	SLUG=$(printf '%s' "$1" | tr '[:upper:]' '[:lower:]' | tr -cs 'a-z0-9' '-')
	SLUG=${SLUG#-}
	SLUG=${SLUG%-}
}

# sign_role_ok ROLE: 1-64 printable bytes, no ';', '|' or '#', not blank.
sign_role_ok() {
	case $1 in
	'' | *[!\ -~]* | *';'* | *'|'* | *'#'*) return 1 ;;
	esac
	[ "${#1}" -le 64 ] || return 1
	sign_slug "$1"
	[ -n "$SLUG" ]
}

cmd_sign() {
	CMD=sign
	cs_report='' cs_role='' cs_key=''
	while [ "$#" -gt 0 ]; do
		case $1 in
		-h | --help) usage_help sign; exit 0 ;;
		--role | --key)
			need_value "$1" "$#"
			case $1 in --role) cs_role=$2 ;; *) cs_key=$2 ;; esac
			shift 2
			;;
		-*) usage_die "unknown option '$1'" sign ;;
		*)
			[ -z "$cs_report" ] || usage_die "one report at a time" sign
			cs_report=$1
			shift
			;;
		esac
	done
	[ -n "$cs_report" ] || usage_die "missing REPORT.json" sign
	[ -n "$cs_role" ] || usage_die "missing --role ROLE" sign
	[ -n "$cs_key" ] || usage_die "missing --key SSH_KEY" sign
	sign_role_ok "$cs_role" || usage_die "bad role '$cs_role' (1-64 printable characters, no ; | #)" sign
	if [ ! -f "$cs_report" ] || [ ! -r "$cs_report" ]; then
		usage_die "$cs_report: not a readable file" sign
	fi
	[ -r "$cs_key" ] || usage_die "$cs_key: no readable key" sign
	command -v ssh-keygen >/dev/null 2>&1 || die 3 "ssh-keygen not found (Debian: openssh-client)"
	jq -e '.schema == "signoff/1"' "$cs_report" >/dev/null 2>&1 ||
		die 2 "$cs_report: not a signoff JSON report (schema signoff/1)"
	cs_dir=$cs_report.sig.d
	mkdir -p -- "$cs_dir" || die 3 "cannot create $cs_dir"
	cs_tmp=$(mktemp -d) || die 3 "mktemp failed"
	printf 'signoff-signature 1\nrole %s\ndate %s\n' "$cs_role" \
		"$(date -u +%Y-%m-%dT%H:%M:%SZ)" >"$cs_tmp/head"
	cat "$cs_tmp/head" "$cs_report" >"$cs_tmp/payload"
	if ! ssh-keygen -q -Y sign -n "$SIGN_NS" -f "$cs_key" "$cs_tmp/payload" \
		</dev/null >"$cs_tmp/out" 2>&1; then
		msg "ssh-keygen -Y sign failed: $(head -n 3 "$cs_tmp/out")"
		rm -rf -- "$cs_tmp"
		exit 3
	fi
	sign_slug "$cs_role"
	# Both files replaced by rename: a reader sees the old pair or the new.
	if ! { mv -f -- "$cs_tmp/payload.sig" "$cs_dir/.$SLUG.sig.new" &&
		mv -f -- "$cs_tmp/head" "$cs_dir/.$SLUG.head.new" &&
		mv -f -- "$cs_dir/.$SLUG.sig.new" "$cs_dir/$SLUG.sig" &&
		mv -f -- "$cs_dir/.$SLUG.head.new" "$cs_dir/$SLUG.head"; }; then
		die 3 "cannot write $cs_dir/$SLUG.sig"
	fi
	rm -rf -- "$cs_tmp"
	printf 'signed %s as %s: %s\n' "$cs_report" "$cs_role" "$cs_dir/$SLUG.sig"
}

# sign_required REPORT [POLICY]: REQUIRED, the roles the policy requires
# (header line "signoff-role = ROLE; ROLE..."), one a line.  The policy is POLICY,
# else $POLICY_DIR/NAME.conf for the report's "policy" NAME, else none.
sign_required() {
	sr_pol=${2:-}
	if [ -z "$sr_pol" ]; then
		sr_name=$(jq -r '.policy // empty' "$1" 2>/dev/null) || sr_name=
		case $sr_name in
		'' | *[!a-z0-9._-]*) ;;
		*) [ ! -f "$POLICY_DIR/$sr_name.conf" ] || sr_pol=$POLICY_DIR/$sr_name.conf ;;
		esac
	fi
	REQUIRED=
	REQ_POLICY=$sr_pol
	[ -n "$sr_pol" ] || return 0
	[ -r "$sr_pol" ] || usage_die "$sr_pol: cannot read the policy" verify
	REQUIRED=$(awk '
		/^[ \t]*\[/ { exit }
		/^[ \t]*signoff-role[ \t]*=/ {
			sub(/^[^=]*=/, ""); n = split($0, r, ";")
			for (k = 1; k <= n; k++) {
				gsub(/^[ \t]+|[ \t\r]+$/, "", r[k])
				if (r[k] != "" && !seen[r[k]]++) print r[k]
			}
		}' "$sr_pol")
}

# sign_roles_of SIGNERS PRINCIPAL: the roles of PRINCIPAL, one a line.
sign_roles_of() {
	awk -v p="$2" '
		/^#signoff-roles[ \t]/ {
			l = $0; sub(/^#signoff-roles[ \t]+/, "", l)
			i = index(l, "="); if (i == 0) next
			who = substr(l, 1, i - 1); gsub(/[ \t]/, "", who)
			if (who != p) next
			n = split(substr(l, i + 1), r, ";")
			for (k = 1; k <= n; k++) {
				gsub(/^[ \t]+|[ \t]+$/, "", r[k]); if (r[k] != "") print r[k]
			}
		}' "$1"
}

cmd_verify() {
	CMD=verify
	cv_report='' cv_signers='' cv_policy='' cv_format=human
	while [ "$#" -gt 0 ]; do
		case $1 in
		-h | --help) usage_help verify; exit 0 ;;
		--signers | --policy | --format)
			need_value "$1" "$#"
			case $1 in
			--signers) cv_signers=$2 ;;
			--policy) cv_policy=$2 ;;
			*) cv_format=$2 ;;
			esac
			shift 2
			;;
		-*) usage_die "unknown option '$1'" verify ;;
		*)
			[ -z "$cv_report" ] || usage_die "one report at a time" verify
			cv_report=$1
			shift
			;;
		esac
	done
	[ -n "$cv_report" ] || usage_die "missing REPORT.json" verify
	[ -n "$cv_signers" ] || usage_die "missing --signers ALLOWED_SIGNERS" verify
	case $cv_format in human | markdown) ;; *) usage_die "bad --format '$cv_format' (human or markdown)" verify ;; esac
	if [ ! -f "$cv_report" ] || [ ! -r "$cv_report" ]; then
		usage_die "$cv_report: not a readable file" verify
	fi
	[ -r "$cv_signers" ] || usage_die "$cv_signers: cannot read the allowed signers" verify
	command -v ssh-keygen >/dev/null 2>&1 || die 3 "ssh-keygen not found (Debian: openssh-client)"
	sign_required "$cv_report" "$cv_policy"
	cv_dir=$cv_report.sig.d
	cv_tmp=$(mktemp -d) || die 3 "mktemp failed"
	cv_bad=0 cv_n=0
	: >"$cv_tmp/good"	# lines: role US principal US date
	: >"$cv_tmp/bad"	# lines: file: reason
	for cv_sig in "$cv_dir"/*.sig; do
		[ -f "$cv_sig" ] || continue
		cv_n=$((cv_n + 1))
		sign_verify_one "$cv_report" "$cv_sig" "$cv_signers" "$cv_tmp" ||
			cv_bad=$((cv_bad + 1))
	done
	# a .head without its .sig is a broken signature, not an absent one
	for cv_h in "$cv_dir"/*.head; do
		[ -f "$cv_h" ] || continue
		[ -f "${cv_h%.head}.sig" ] || {
			printf '%s: no signature beside the head\n' "$cv_h" >>"$cv_tmp/bad"
			cv_bad=$((cv_bad + 1))
		}
	done
	# missing roles: required and without a valid signature
	cv_missing=$(printf '%s\n' "$REQUIRED" | awk -v US="$US" -v f="$cv_tmp/good" '
		BEGIN { while ((getline l < f) > 0) { split(l, a, US); got[a[1]] = 1 } }
		$0 != "" && !($0 in got) { print }')
	if [ "$cv_format" = markdown ]; then
		sign_markdown "$cv_tmp/good"
	else
		while IFS=$US read -r cv_r cv_p cv_d; do
			printf 'good signature: %s signed as %s on %s\n' "$cv_p" "$cv_r" "$cv_d"
		done <"$cv_tmp/good"
		sed 's/^/BAD signature: /' "$cv_tmp/bad"
	fi
	[ "$cv_n" -gt 0 ] || msg "$cv_report: no signature in $cv_dir"
	cv_rc=0
	if [ "$cv_bad" -gt 0 ]; then
		[ "$cv_format" = human ] || sed 's/^/signoff: BAD signature: /' "$cv_tmp/bad" >&2
		printf 'NOT SIGNED OFF: %s bad signature(s)\n' "$cv_bad"
		cv_rc=1
	elif [ -n "$cv_missing" ]; then
		printf 'NOT SIGNED OFF: missing %s\n' "$(printf '%s\n' "$cv_missing" | awk 'NR > 1 { printf ", " } { printf "%s", $0 }')"
		cv_rc=1
	elif [ -z "$REQUIRED" ]; then
		printf 'NOT SIGNED OFF: the policy requires no role (no signoff-role in %s)\n' "${REQ_POLICY:-any policy}"
		cv_rc=1
	else
		printf 'SIGNED OFF: every required role signed (%s)\n' "$(printf '%s\n' "$REQUIRED" | awk 'NR > 1 { printf ", " } { printf "%s", $0 }')"
	fi
	rm -rf -- "$cv_tmp"
	exit "$cv_rc"
}

# sign_bad TMP NAME REASON: one bad signature.
sign_bad() {
	printf '%s: %s\n' "$2" "$3" >>"$1/bad"
	return 1
}

# sign_verify_one REPORT SIG SIGNERS TMP: checks one signature; appends a
# line to TMP/good or TMP/bad.
sign_verify_one() {
	svo_head=${2%.sig}.head
	svo_name=${2##*/}
	[ -f "$svo_head" ] || { sign_bad "$4" "$svo_name" "no .head beside it"; return 1; }
	svo_role=$(sed -n '2s/^role //p' "$svo_head")
	svo_date=$(sed -n '3s/^date //p' "$svo_head")
	if [ "$(sed -n 1p "$svo_head")" != 'signoff-signature 1' ] ||
		[ "$(wc -l <"$svo_head")" -ne 3 ] || ! sign_role_ok "$svo_role"; then
		sign_bad "$4" "$svo_name" "malformed head"
		return 1
	fi
	sign_slug "$svo_role"
	[ "$SLUG.sig" = "$svo_name" ] ||
		{ sign_bad "$4" "$svo_name" "role '$svo_role' stored under another role's name"; return 1; }
	cat "$svo_head" "$1" >"$4/payload"
	svo_who=$(ssh-keygen -Y find-principals -s "$2" -f "$3" 2>/dev/null | head -n 1) || svo_who=
	[ -n "$svo_who" ] || { sign_bad "$4" "$svo_name" "signer not in the allowed signers (role $svo_role)"; return 1; }
	if ! ssh-keygen -Y verify -f "$3" -I "$svo_who" -n "$SIGN_NS" -s "$2" \
		<"$4/payload" >"$4/out" 2>&1; then
		sign_bad "$4" "$svo_name" "does not verify for $svo_who as $svo_role (tampered report or head, or another namespace): $(head -n 1 "$4/out")"
		return 1
	fi
	if ! sign_roles_of "$3" "$svo_who" | grep -qxF -- "$svo_role"; then
		sign_bad "$4" "$svo_name" "$svo_who is not allowed to sign as $svo_role"
		return 1
	fi
	printf '%s%s%s%s%s\n' "$svo_role" "$US" "$svo_who" "$US" "$svo_date" >>"$4/good"
}

# sign_markdown GOOD: the checklist's sign-off table: one row per role the
# policy requires, in its order (signer and date from a valid signature,
# else empty), then any other role validly signed.
sign_markdown() {
	printf '## Sign-off\n\n| Role | Signer | Date |\n|---|---|---|\n'
	# Markdown escaping as the report's (FORMATS.md 5): no link, no HTML.
	printf '%s\n' "$REQUIRED" | awk -v US="$US" -v f="$1" '
		function esc(t) {
			gsub(/[]\\|`*_[~#!:@]/, "\\\\&", t)
			gsub(/&/, "\\&amp;", t); gsub(/</, "\\&lt;", t); gsub(/>/, "\\&gt;", t)
			return t
		}
		BEGIN {
			while ((getline l < f) > 0) {
				split(l, a, US); n++; role[n] = a[1]; who[a[1]] = a[2]
				d = a[3]; sub(/T.*/, "", d); day[a[1]] = d
			}
		}
		$0 != "" && !($0 in done) {
			done[$0] = 1
			printf "| %s | %s | %s |\n", esc($0), esc(who[$0]), day[$0]
		}
		END {
			for (i = 1; i <= n; i++) if (!(role[i] in done)) {
				done[role[i]] = 1
				printf "| %s | %s | %s |\n", esc(role[i]), esc(who[role[i]]), day[role[i]]
			}
			print ""
		}'
}
