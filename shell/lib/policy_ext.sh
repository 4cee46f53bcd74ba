# shellcheck shell=sh disable=SC2034,SC2154
# (SC2034/SC2154: globals are shared between the files sourced by signoff.)
# policy_ext.sh - the policy keys of the checklist runner (docs/FORMATS.md
# 3, "Settings, sections and confinement"), called from policy.sh.
#
# Header keys:
#   env = production|staging|development    the environment audited
#   env-from = VARIABLE       an environment variable that, when set and not
#                             empty, overrides `env` (the checklist's
#                             SUTAZAI_ENV); `--env` overrides both
#   offline = yes|no          the host has no Internet access on purpose:
#                             items with --unless-offline report skip
#   heading = SECTION | TITLE | SIGN-OFF ROLE   (repeatable) the title and
#                             the sign-off role of a section, in report order
#   indicator = IDS | LABEL | KEY   (repeatable, 16 at most) a key indicator
#                             printed at the end of the human and Markdown
#                             reports when any item of IDS (comma list of
#                             the policy's ids) ran: KEY "-" counts the
#                             items that pass, another KEY shows that
#                             evidence value (docs/FORMATS.md 3)
# Item keys:
#   needs = none|LIST         what a sh: item may use beyond read-only
#                             access: net, docker-socket, root-read, gpu
#                             (comma-separated); default none
#   timeout = SECONDS         1..3600, default 30: the item is stopped and
#                             reported as an error after that
#   required-in = ENV[,ENV]   the item's failures count as failures only in
#                             these environments; elsewhere each `fail`
#                             record becomes a `warn` that says so (used for
#                             core checks, which do not know the environment)
#
# Results (globals): POL_ENV POL_ENV_FROM POL_OFFLINE POL_HEADINGS (lines
# section US title US role), POL_EXTRA (lines id US needs US timeout US required-in),
# POL_INDICATORS (lines "IDS|LABEL|KEY", the argument of the core's
# `report --indicator`).

POLICY_EXT_HEADER_KEYS='env env-from offline heading indicator signoff-role'
POLICY_EXT_ITEM_KEYS='needs timeout required-in'
POLICY_NEEDS='none net docker-socket root-read gpu'
RUN_TIMEOUT_DEFAULT=30

policy_ext_reset() {
	POL_ENV='' POL_ENV_FROM='' POL_OFFLINE=no POL_HEADINGS='' POL_EXTRA=''
	POL_INDICATORS='' pe_ind_lines='' pe_nheadings=0 pe_nindicators=0
}

# policy_ext_header N KEY VALUE
policy_ext_header() {
	case $2 in
	env)
		is_env_name "$3" || policy_err "$1" "bad env '$3' (production, staging or development)"
		POL_ENV=$3
		;;
	env-from)
		case $3 in
		'' | [0-9]* | *[!A-Za-z0-9_]*) policy_err "$1" "bad env-from '$3' (an environment variable name)" ;;
		esac
		POL_ENV_FROM=$3
		;;
	offline)
		case $3 in
		yes | no) POL_OFFLINE=$3 ;;
		*) policy_err "$1" "bad offline '$3' (yes or no)" ;;
		esac
		;;
	heading)
		trim "${3%%|*}"
		peh_sec=$TRIMMED
		peh_rest=${3#*|}
		trim "${peh_rest%%|*}"
		peh_title=$TRIMMED
		trim "${peh_rest#*|}"
		peh_role=$TRIMMED
		case $3 in
		*'|'*'|'*) ;;
		*) policy_err "$1" "bad heading (expected 'SECTION | TITLE | SIGN-OFF ROLE')" ;;
		esac
		case $peh_role in *'|'*) policy_err "$1" "bad heading (more than three fields)" ;; esac
		is_section "$peh_sec" || policy_err "$1" "bad heading section '$peh_sec' (1-64 of a-z 0-9 . _ -)"
		[ -n "$peh_title" ] || policy_err "$1" "heading '$peh_sec' has an empty title"
		case $peh_title$peh_role in
		*[!\ -~]*) policy_err "$1" "bad heading '$peh_sec' (title and role of printable characters)" ;;
		esac
		if [ "${#peh_title}" -gt 128 ] || [ "${#peh_role}" -gt 128 ]; then
			policy_err "$1" "bad heading '$peh_sec' (title and role of 128 characters at most)"
		fi
		case $NL$POL_HEADINGS in
		*"$NL$peh_sec$US"*) policy_err "$1" "heading '$peh_sec' given twice" ;;
		esac
		[ "$pe_nheadings" -lt 64 ] || policy_err "$1" "too many headings (64 at most)"
		pe_nheadings=$((pe_nheadings + 1))
		POL_HEADINGS="$POL_HEADINGS$peh_sec$US$peh_title$US$peh_role$NL"
		;;
	indicator) policy_ext_indicator "$1" "$3" ;;
	signoff-role)
		# ROLE; ROLE...: the roles that must sign a report (docs/SIGNOFF.md)
		case $3 in
		*[!\ -~]* | *'|'* | *'#'*) policy_err "$1" "bad signoff-role (roles of printable characters, separated by ';')" ;;
		esac
		case $3 in
		*[!\ \;]*) ;;
		*) policy_err "$1" "signoff-role lists no role" ;;
		esac
		;;
	esac
}

# policy_ext_indicator N VALUE: one `indicator = IDS | LABEL | KEY` line;
# its ids are checked against the items by policy_ext_end.
policy_ext_indicator() {
	case $2 in
	*'|'*'|'*'|'*) policy_err "$1" "bad indicator (more than three fields)" ;;
	*'|'*'|'*) ;;
	*) policy_err "$1" "bad indicator (expected 'IDS | LABEL | KEY')" ;;
	esac
	trim "${2%%|*}"
	pei_ids=$TRIMMED
	pei_rest=${2#*|}
	trim "${pei_rest%%|*}"
	pei_label=$TRIMMED
	trim "${pei_rest#*|}"
	pei_key=$TRIMMED
	case ,$pei_ids, in
	*,,* | *[!a-z0-9.,_-]*) policy_err "$1" "bad indicator ids '$pei_ids' (a comma list of item ids)" ;;
	esac
	{ [ -n "$pei_label" ] && [ "${#pei_label}" -le 64 ]; } ||
		policy_err "$1" "bad indicator label '$pei_label' (1-64 characters)"
	case $pei_label in
	*[![:print:]]*) policy_err "$1" "bad indicator label '$pei_label' (printable ASCII)" ;;
	esac
	[ "$pei_key" = - ] || is_id "$pei_key" ||
		policy_err "$1" "bad indicator key '$pei_key' (- or an evidence key)"
	pe_nindicators=$((pe_nindicators + 1))
	[ "$pe_nindicators" -le 16 ] ||
		policy_err "$1" "too many indicators (16 at most)"
	POL_INDICATORS="$POL_INDICATORS$pei_ids|$pei_label|$pei_key$NL"
	pe_ind_lines="$pe_ind_lines$1 $pei_ids$NL"
}

# policy_ext_end: after the last item; every indicator id is an item.
policy_ext_end() {
	while read -r pee_n pee_ids; do
		[ -n "$pee_n" ] || continue
		pee_old=$IFS
		IFS=,
		set -f
		# shellcheck disable=SC2086 # split on commas, no globbing
		set -- $pee_ids
		set +f
		IFS=$pee_old
		for pee_id in "$@"; do
			in_list "$pee_id" "$POL_IDS" ||
				policy_err "$pee_n" "indicator names '$pee_id', which is not an item of the policy"
		done
	done <<EOF
$pe_ind_lines
EOF
	return 0
}

policy_ext_item_begin() {
	pi_needs=none pi_timeout=$RUN_TIMEOUT_DEFAULT pi_required=
}

# policy_ext_item N KEY VALUE
policy_ext_item() {
	case $2 in
	needs)
		pei_old=$IFS
		IFS=,
		set -f
		# shellcheck disable=SC2086 # split on commas, no globbing
		set -- "$1" "$2" $3
		set +f
		IFS=$pei_old
		pei_n=$1
		shift 2
		[ "$#" -gt 0 ] || policy_err "$pei_n" "empty needs (none, or a list of: net docker-socket root-read gpu)"
		for pei_w in "$@"; do
			in_list "$pei_w" "$POLICY_NEEDS" ||
				policy_err "$pei_n" "unknown need '$pei_w' (none, or a list of: net docker-socket root-read gpu)"
		done
		IFS=,
		pi_needs="$*"
		IFS=$pei_old
		;;
	timeout)
		{ is_uint "$3" && [ "$3" -ge 1 ] && [ "$3" -le 3600 ]; } ||
			policy_err "$1" "bad timeout '$3' (seconds, 1..3600)"
		uint_norm "$3"
		pi_timeout=$UINT
		;;
	required-in)
		pei_old=$IFS
		IFS=,
		set -f
		# shellcheck disable=SC2086 # split on commas, no globbing
		set -- "$1" $3
		set +f
		IFS=$pei_old
		pei_n=$1
		shift
		[ "$#" -gt 0 ] || policy_err "$pei_n" "empty required-in (a list of: production staging development)"
		for pei_w in "$@"; do
			is_env_name "$pei_w" ||
				policy_err "$pei_n" "unknown environment '$pei_w' in required-in (production, staging or development)"
		done
		IFS=,
		pi_required="$*"
		IFS=$pei_old
		;;
	esac
}

policy_ext_item_end() {
	POL_EXTRA="$POL_EXTRA$pp_id$US$pi_needs$US$pi_timeout$US$pi_required$NL"
}

# policy_ext_of ID: IT_NEEDS, IT_TIMEOUT and IT_REQUIRED of item ID
# (defaults if none).
policy_ext_of() {
	IT_NEEDS=none IT_TIMEOUT=$RUN_TIMEOUT_DEFAULT IT_REQUIRED=
	line_of "$1" "$POL_EXTRA" || return 0
	IFS=$US read -r IT_NEEDS IT_TIMEOUT IT_REQUIRED <<EOF
$LINE_REST
EOF
	return 0
}

is_env_name() {
	case $1 in
	production | staging | development) return 0 ;;
	esac
	return 1
}

# policy_ext_env FLAG: AUDIT_ENV and AUDIT_ENV_SOURCE: --env FLAG wins,
# then the variable named by env-from, then env, then production (the
# strictest reading when nobody said).
policy_ext_env() {
	if [ -n "$1" ]; then
		AUDIT_ENV=$1 AUDIT_ENV_SOURCE=--env
		return 0
	fi
	if [ -n "$POL_ENV_FROM" ]; then
		pee_v=$(printenv "$POL_ENV_FROM" 2>/dev/null) || pee_v=
		if [ -n "$pee_v" ]; then
			is_env_name "$pee_v" ||
				usage_die "$POL_ENV_FROM='$pee_v' is not an environment (production, staging or development)" audit
			AUDIT_ENV=$pee_v AUDIT_ENV_SOURCE=$POL_ENV_FROM
			return 0
		fi
	fi
	if [ -n "$POL_ENV" ]; then
		AUDIT_ENV=$POL_ENV AUDIT_ENV_SOURCE=policy
	else
		AUDIT_ENV=production AUDIT_ENV_SOURCE=default
	fi
}

# explain_ext ID CHECK: the confinement and timeout lines of `explain`.
explain_ext() {
	policy_ext_of "$1"
	case $2 in
	sh:*) printf '  needs:    %s (run by signoff-core confine: uid nobody, no capabilities%s, read-only)\n' \
		"$IT_NEEDS" "$(case ,$IT_NEEDS, in *,root-read,*) printf ' but CAP_DAC_READ_SEARCH' ;; esac)" ;;
	esac
	printf '  timeout:  %s s\n' "$IT_TIMEOUT"
}

# explain_planned NAME: for a core check designed but not built, says so
# (the item reports skip) and returns 0.
explain_planned() {
	in_list "$1" "$CORE_PLANNED" || return 1
	in_list "$1" "$CORE_CHECKS" && return 1
	printf '\nsignoff-core has no %s check in this version: the item reports skip ("not implemented yet") until it does.\n' "$1"
	return 0
}
