# shellcheck shell=sh disable=SC2034,SC2154
# (SC2034/SC2154: globals are shared between the files sourced by signoff.)
# policy.sh - reads and validates a checklist policy (docs/FORMATS.md 3).
#
# The whole policy is validated before anything runs; the first error is
# reported as "signoff: FILE:LINE: reason" and signoff exits 2.
#
# Result (globals):
#   POL_SRC      the name used in messages (the path as given)
#   POL_NAME, POL_DESC, POL_ROOT
#   POL_ITEMS    one line per item, fields separated by $US:
#                id section phase severity check optional line title args
#   POL_EXPLAIN  one line per explain paragraph: id $US text
#   POL_IDS      the ids, blank-separated, in policy order

POLICY_HEADER_KEYS='format name description root'
POLICY_ITEM_KEYS='section title phase severity check args optional explain'
POLICY_REQUIRED='section title phase severity check'

# policy_load FILE: FILE is a path, the name of a policy shipped with
# signoff (e.g. "sutazai"), or empty for the embedded default.
policy_load() {
	if [ -z "$1" ]; then
		core_locate
		core_capture policy default
		if [ "$CAP_RC" != 0 ] || [ -z "$CAP_OUT" ]; then
			core_failure_reason "$CAP_RC" "$CAP_ERR" "signoff-core policy default"
			die 3 "cannot read the embedded default policy: $REASON"
		fi
		policy_parse "embedded:host.conf" "$CAP_OUT"
		return 0
	fi
	policy_load_f=$1
	if [ ! -e "$policy_load_f" ]; then
		case $policy_load_f in
		*/* | *.conf) ;;
		*) [ -f "$POLICY_DIR/$policy_load_f.conf" ] &&
			policy_load_f=$POLICY_DIR/$policy_load_f.conf ;;
		esac
	fi
	if [ ! -f "$policy_load_f" ] || [ ! -r "$policy_load_f" ]; then
		die 2 "cannot read policy '$1' (not a readable file, nor a policy in $POLICY_DIR)"
	fi
	policy_load_text=$(cat -- "$policy_load_f") ||
		die 2 "cannot read policy '$1'"
	policy_parse "$policy_load_f" "$policy_load_text"
}

# policy_err LINE REASON
policy_err() {
	die 2 "$POL_SRC:$1: $2"
}

# policy_parse NAME TEXT
policy_parse() {
	POL_SRC=$1
	POL_NAME='' POL_DESC='' POL_ROOT=/ POL_ITEMS='' POL_EXPLAIN='' POL_IDS=''
	policy_ext_reset
	pp_format='' pp_header_seen='' pp_hseen='' pp_id='' pp_n=0
	# One policy_line call per line, evaluated in this shell.  awk quotes
	# each line (a ' becomes '"'"') so eval sees it verbatim: dash's
	# `read` takes one read(2) per byte, 48,000 of them for
	# policies/sutazai.conf (0.4 s here), where this is one pipe.
	pp_script=$(printf '%s\n' "$2" | awk -v q="'" '
		{ gsub(q, q "\"" q "\"" q); printf "policy_line %d %s%s%s\n", NR, q, $0, q }
		END { printf "pp_n=%d\n", NR }') ||
		die 3 "cannot read policy '$1' (awk failed)"
	PP_VALIDATE='' PP_NVALIDATE=0
	eval "$pp_script"
	pp_script=
	policy_item_end
	policy_validate_core
	[ -n "$POL_IDS" ] || policy_err "$pp_n" "the policy has no items"
	policy_header_end "$pp_n"
	policy_ext_end
	if [ -z "$POL_NAME" ]; then
		POL_NAME=${POL_SRC##*/}
		POL_NAME=${POL_NAME%.conf}
		is_section "$POL_NAME" || POL_NAME=policy
	fi
	return 0
}

# policy_header_end LINE: the header is complete (first item or EOF).
policy_header_end() {
	[ -n "$pp_header_seen" ] && return 0
	pp_header_seen=1
	[ -n "$pp_format" ] || policy_err "$1" "the policy header has no 'format' key (expected 'format = 1' before the first item)"
}

# policy_line N LINE: one line of the policy.
policy_line() {
	untab "$2"
	case $UNTABBED in
	*[[:cntrl:]]*) policy_err "$1" "control character in line (only printable text and TABs are allowed)" ;;
	esac
	trim "$UNTABBED"
	pl=$TRIMMED
	case $pl in
	'' | '#'*) return 0 ;;
	'['*)
		case $pl in
		*']') ;;
		*) policy_err "$1" "expected '[id]'" ;;
		esac
		pl=${pl#[}
		pl=${pl%]}
		is_id "$pl" || policy_err "$1" "bad item id '$pl' (1-64 of a-z 0-9 . _ -, starting with a letter or digit)"
		policy_header_end "$1"
		policy_item_end
		in_list "$pl" "$POL_IDS" && policy_err "$1" "duplicate item id '$pl'"
		policy_item_begin "$1" "$pl"
		return 0
		;;
	*=*) ;;
	*) policy_err "$1" "expected 'key = value', '[id]' or a '#' comment" ;;
	esac
	trim "${pl%%=*}"
	pl_key=$TRIMMED
	trim "${pl#*=}"
	pl_val=$TRIMMED
	[ -n "$pl_key" ] || policy_err "$1" "missing key before '='"
	if [ -z "$pp_id" ]; then
		policy_header_key "$1" "$pl_key" "$pl_val"
	else
		policy_item_key "$1" "$pl_key" "$pl_val"
	fi
}

# policy_header_key N KEY VALUE
policy_header_key() {
	if in_list "$2" "$POLICY_EXT_HEADER_KEYS"; then
		[ "$2" = heading ] || [ "$2" = indicator ] || ! in_list "$2" "$pp_hseen" ||
			policy_err "$1" "duplicate key '$2'"
		pp_hseen="$pp_hseen $2"
		policy_ext_header "$@"
		return 0
	fi
	in_list "$2" "$POLICY_HEADER_KEYS" || {
		in_list "$2" "$POLICY_ITEM_KEYS $POLICY_EXT_ITEM_KEYS" &&
			policy_err "$1" "key '$2' outside an item (an item starts with '[id]')"
		policy_err "$1" "unknown key '$2' (policy header keys: $POLICY_HEADER_KEYS)"
	}
	in_list "$2" "$pp_hseen" && policy_err "$1" "duplicate key '$2'"
	pp_hseen="$pp_hseen $2"
	case $2 in
	format)
		[ "$3" = 1 ] || policy_err "$1" "unsupported format '$3' (expected 1)"
		pp_format=1
		;;
	name)
		case $3 in
		'' | *[!A-Za-z0-9._-]*) policy_err "$1" "bad name '$3' (1-64 of A-Z a-z 0-9 . _ -)" ;;
		esac
		[ "${#3}" -le 64 ] || policy_err "$1" "name longer than 64 bytes"
		POL_NAME=$3
		;;
	description) POL_DESC=$3 ;;
	root)
		case $3 in
		/*) POL_ROOT=$3 ;;
		*) policy_err "$1" "bad root '$3' (an absolute path)" ;;
		esac
		;;
	esac
}

# policy_item_begin N ID
policy_item_begin() {
	pp_id=$2 pp_line=$1 pp_seen=''
	pi_section='' pi_title='' pi_phase='' pi_severity='' pi_check='' pi_args='' pi_optional=no
	policy_ext_item_begin
	pi_args_line=$1
}

# policy_item_key N KEY VALUE
policy_item_key() {
	if in_list "$2" "$POLICY_EXT_ITEM_KEYS"; then
		in_list "$2" "$pp_seen" && policy_err "$1" "duplicate key '$2' in item '$pp_id'"
		pp_seen="$pp_seen $2"
		policy_ext_item "$@"
		return 0
	fi
	in_list "$2" "$POLICY_ITEM_KEYS" || {
		in_list "$2" "$POLICY_HEADER_KEYS $POLICY_EXT_HEADER_KEYS" &&
			policy_err "$1" "key '$2' belongs in the policy header, before the first item"
		policy_err "$1" "unknown key '$2' (item keys: $POLICY_ITEM_KEYS)"
	}
	if [ "$2" = explain ]; then
		POL_EXPLAIN="$POL_EXPLAIN$pp_id$US$3$NL"
		return 0
	fi
	in_list "$2" "$pp_seen" && policy_err "$1" "duplicate key '$2' in item '$pp_id'"
	pp_seen="$pp_seen $2"
	case $2 in
	section)
		is_section "$3" || policy_err "$1" "bad section '$3' (1-64 of a-z 0-9 . _ -)"
		pi_section=$3
		;;
	title)
		[ -n "$3" ] || policy_err "$1" "empty title"
		# Escaped, a record's title must leave room in its line
		# (CHECK_TITLE_MAX in core/checks/check.h).
		[ "${#3}" -le 256 ] || policy_err "$1" "title longer than 256 bytes"
		pi_title=$3
		;;
	phase)
		case $3 in
		pre | post) pi_phase=$3 ;;
		*) policy_err "$1" "bad phase '$3' (pre or post)" ;;
		esac
		;;
	severity)
		is_severity "$3" || policy_err "$1" "bad severity '$3' (critical, high, medium, low or info)"
		pi_severity=$3
		;;
	check) policy_check_value "$1" "$3" ;;
	args) pi_args=$3 pi_args_line=$1 ;;
	optional)
		case $3 in
		yes | no) pi_optional=$3 ;;
		*) policy_err "$1" "bad optional '$3' (yes or no)" ;;
		esac
		;;
	esac
}

# policy_check_value N VALUE: core:NAME must be a core check, sh:NAME an
# existing shell function check_NAME.
policy_check_value() {
	case $2 in
	core:*)
		pcv=${2#core:}
		in_list "$pcv" "$CORE_CHECKS" || {
			case $pcv in
			'' | *[!a-z0-9_-]*) ;;
			*) if in_list "$pcv" "$CORE_PLANNED"; then
				# Designed but not built: the item reports skip
				# "not implemented yet" (run_planned_item).
				pi_check=$2
				return 0
			fi ;;
			esac
			policy_err "$1" "unknown core check '$pcv' (known: $CORE_CHECKS)"
		}
		;;
	sh:*)
		pcv=${2#sh:}
		case $pcv in
		'' | *[!a-z0-9_]*) policy_err "$1" "bad shell check name '$pcv' (a-z 0-9 _)" ;;
		esac
		is_function "check_$pcv" ||
			policy_err "$1" "unknown shell check '$pcv' (no function check_$pcv in $here/sections)"
		;;
	*) policy_err "$1" "bad check '$2' (core:NAME or sh:NAME)" ;;
	esac
	pi_check=$2
}

# policy_item_end: the current item is complete; check and store it.
policy_item_end() {
	[ -n "$pp_id" ] || return 0
	for pie_k in $POLICY_REQUIRED; do
		in_list "$pie_k" "$pp_seen" ||
			policy_err "$pp_line" "item '$pp_id' has no '$pie_k' key (required: $POLICY_REQUIRED)"
	done
	policy_args_check
	POL_ITEMS="$POL_ITEMS$pp_id$US$pi_section$US$pi_phase$US$pi_severity$US$pi_check$US$pi_optional$US$pp_line$US$pi_title$US$pi_args$NL"
	POL_IDS="${POL_IDS:+$POL_IDS }$pp_id"
	policy_ext_item_end
	pp_id=
}

# policy_item ID: sets IT_* from the stored item; returns 1 if unknown.
policy_item() {
	while IFS=$US read -r IT_ID IT_SECTION IT_PHASE IT_SEVERITY IT_CHECK \
		IT_OPTIONAL IT_LINE IT_TITLE IT_ARGS; do
		[ "$IT_ID" = "$1" ] && return 0
	done <<EOF
$POL_ITEMS
EOF
	return 1
}

# policy_validate_core: the core items' args queued by policy_args_check
# (PP_VALIDATE, lines LINE<TAB>NAME<TAB>ARG...) judged by one
# `signoff-core validate`, as `check NAME --dry-run ARG...` judges one: the
# first refused, in policy order, is a policy error at its args line.  One
# process instead of one per item (with libcurl loaded once, not per http
# item) saves about half a second on policies/sutazai.conf here.  Errors
# of other kinds were found during the parse, so they come first.
policy_validate_core() {
	[ "$PP_NVALIDATE" -gt 0 ] || return 0
	core_locate
	pvc_rc=0
	pvc_out=$(printf '%s' "$PP_VALIDATE" | "$CORE" validate 2>&1) || pvc_rc=$?
	if [ "$pvc_rc" != 0 ]; then
		core_failure_reason "$pvc_rc" "${pvc_out%%"$NL"*}" "signoff-core validate"
		die 3 "$POL_SRC: cannot validate the core items' args: $REASON"
	fi
	pvc_n=0
	while IFS=$TAB read -r pvc_line pvc_name pvc_rc pvc_why; do
		[ -n "$pvc_line" ] || continue
		pvc_n=$((pvc_n + 1))
		case $pvc_rc in
		0) ;;
		2)
			pvc_why=${pvc_why#signoff-core check "$pvc_name": }
			policy_err "$pvc_line" "bad args for core:$pvc_name: ${pvc_why:-refused by signoff-core}"
			;;
		*)
			core_failure_reason "$pvc_rc" "$pvc_why" "signoff-core check $pvc_name --dry-run"
			die 3 "$POL_SRC:$pvc_line: cannot validate the args: $REASON"
			;;
		esac
	done <<VALIDATED
$pvc_out
VALIDATED
	[ "$pvc_n" = "$PP_NVALIDATE" ] ||
		die 3 "$POL_SRC: signoff-core validate answered $pvc_n of $PP_NVALIDATE core items"
	PP_VALIDATE='' PP_NVALIDATE=0
}

# policy_args_check: the current item's args are valid, or a policy error at
# the args line.  The generic options (metadata the policy sets with its
# own keys) may not appear; a core check parses the args with
# `signoff-core check NAME --dry-run` (nothing opened, nothing run); a shell
# check validates them with its function args_NAME when it has one.
# ${root} is replaced by the policy's root: only the syntax is judged here.
policy_args_check() {
	pac_old=$IFS
	IFS=" $TAB"
	set -f
	# shellcheck disable=SC2086 # args are split on blanks, never globbed
	set -- $pi_args
	set +f
	IFS=$pac_old
	pac_n=$#
	pac_root=$POL_ROOT
	while :; do
		case $pac_root in
		*/) pac_root=${pac_root%/} ;;
		*) break ;;
		esac
	done
	while [ "$pac_n" -gt 0 ]; do
		# The core's generic options are never item arguments; --dry-run
		# only for core items (a shell check's command may take its own).
		case $pi_check:$1 in
		*:--id | *:--section | *:--title | *:--severity | *:--optional | *:--run-as | \
			*:--id=* | *:--section=* | *:--title=* | *:--severity=* | *:--optional=* | *:--run-as=* | \
			core:*:--dry-run | core:*:--dry-run=*)
			policy_err "$pi_args_line" "args must not contain '${1%%=*}' (set the item's own keys: section, title, severity, optional)"
			;;
		esac
		pac_w=$1
		# shellcheck disable=SC2016 # the literal text ${root}
		pac_pat='${root}'
		pac_sub=
		while :; do
			case $pac_w in
			*"$pac_pat"*)
				pac_sub="$pac_sub${pac_w%%"$pac_pat"*}$pac_root"
				pac_w=${pac_w#*"$pac_pat"}
				;;
			*) break ;;
			esac
		done
		set -- "$@" "$pac_sub$pac_w"
		shift
		pac_n=$((pac_n - 1))
	done
	case $pi_check in
	core:*)
		# A planned check not built in this core reports skip; there is
		# nothing to ask it yet.
		in_list "${pi_check#core:}" "$CORE_CHECKS" || return 0
		# Queued for one `signoff-core validate` at the end of the policy
		# (policy_validate_core).  An arg holding a tab or a newline
		# could not go on its line and would be asked alone; none can
		# today (the parser reads a tab in a value as a blank), the
		# guard keeps a line from ever being misread.
		pac_q="$pi_args_line$TAB${pi_check#core:}"
		for pac_a in "$@"; do
			case $pac_a in
			*"$TAB"* | *"$NL"*) pac_q= && break ;;
			esac
			pac_q="$pac_q$TAB$pac_a"
		done
		if [ -n "$pac_q" ]; then
			PP_VALIDATE="$PP_VALIDATE$pac_q$NL"
			PP_NVALIDATE=$((PP_NVALIDATE + 1))
			return 0
		fi
		core_locate
		core_capture check "${pi_check#core:}" --dry-run "$@"
		case $CAP_RC in
		0) ;;
		2)
			pac_why=${CAP_ERR#signoff-core check "${pi_check#core:}": }
			policy_err "$pi_args_line" "bad args for $pi_check: ${pac_why:-refused by signoff-core}"
			;;
		*)
			core_failure_reason "$CAP_RC" "$CAP_ERR" "signoff-core check ${pi_check#core:} --dry-run"
			die 3 "$POL_SRC:$pi_args_line: cannot validate the args: $REASON"
			;;
		esac
		;;
	sh:*)
		pac_fn=args_${pi_check#sh:}
		if is_function "$pac_fn"; then
			pac_why=$("$pac_fn" "$@" 2>&1 </dev/null) ||
				policy_err "$pi_args_line" "bad args for $pi_check: ${pac_why:-refused}"
		fi
		;;
	esac
	return 0
}
