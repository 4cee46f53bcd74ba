# shellcheck shell=sh disable=SC2034,SC2154
# (SC2034/SC2154: globals are shared between the files sourced by signoff.)
# cmd_info.sh - `signoff list`, `signoff explain`, `signoff version`.

# cmd_policy_opt CMD ARG...: parses [--policy FILE] and at most one operand;
# sets CPO_POLICY and CPO_ARG.
cmd_policy_opt() {
	CMD=$1
	shift
	CPO_POLICY='' CPO_ARG='' cpo_arg_set=''
	while [ "$#" -gt 0 ]; do
		case $1 in
		-h | --help) usage_help "$CMD"; exit 0 ;;
		--policy)
			need_value "$1" "$#"
			[ -n "$2" ] || usage_die "--policy needs a file" "$CMD"
			CPO_POLICY=$2
			shift 2
			;;
		--policy=*)
			CPO_POLICY=${1#*=}
			[ -n "$CPO_POLICY" ] || usage_die "--policy needs a file" "$CMD"
			shift
			;;
		-*) usage_die "unknown option '$1'" "$CMD" ;;
		*)
			if [ "$CMD" != explain ] || [ -n "$cpo_arg_set" ]; then
				usage_die "unexpected argument '$1'" "$CMD"
			fi
			CPO_ARG=$1 cpo_arg_set=1
			shift
			;;
		esac
	done
}

cmd_list() {
	cmd_policy_opt list "$@"
	policy_load "$CPO_POLICY"
	{
		printf 'ID%sSECTION%sPHASE%sSEVERITY%sTITLE\n' "$US" "$US" "$US" "$US"
		while IFS=$US read -r cl_id cl_section cl_phase cl_sev cl_check \
			cl_opt cl_line cl_title cl_args; do
			[ -n "$cl_id" ] || continue
			printf '%s\n' "$cl_id$US$cl_section$US$cl_phase$US$cl_sev$US$cl_title"
		done <<EOF
$POL_ITEMS
EOF
	} | awk 'BEGIN { FS = "\037" }
		{ for (i = 1; i <= NF; i++) { f[NR, i] = $i
			if (i < NF && length($i) > w[i]) w[i] = length($i) } }
		END { for (r = 1; r <= NR; r++) {
			line = ""
			for (i = 1; i < 5; i++) line = line sprintf("%-" w[i] "s  ", f[r, i])
			print line f[r, 5] } }'
}

# cmd_validate: loads the policy (every key, every item's args through the
# check's own parser) and says so; exit 0 valid, 2 with FILE:LINE if not.
cmd_validate() {
	cmd_policy_opt validate "$@"
	policy_load "$CPO_POLICY"
	cv_n=0
	for cv_id in $POL_IDS; do
		cv_n=$((cv_n + 1))
	done
	printf 'policy %s (%s): valid, %s items\n' "$POL_NAME" "$POL_SRC" "$cv_n"
}

cmd_explain() {
	cmd_policy_opt explain "$@"
	[ -n "$CPO_ARG" ] || usage_die "missing ID" explain
	policy_load "$CPO_POLICY"
	if policy_item "$CPO_ARG"; then
		printf '%s - %s\n\n' "$IT_ID" "$IT_TITLE"
		printf '  section:  %s\n  phase:    %s\n  severity: %s\n  check:    %s\n' \
			"$IT_SECTION" "$IT_PHASE" "$IT_SEVERITY" "$IT_CHECK"
		[ -n "$IT_ARGS" ] && printf '  args:     %s\n' "$IT_ARGS"
		printf '  optional: %s\n  policy:   %s (%s, line %s)\n' \
			"$IT_OPTIONAL" "$POL_NAME" "$POL_SRC" "$IT_LINE"
		explain_ext "$IT_ID" "$IT_CHECK"
		ce_any=
		while IFS=$US read -r ce_id ce_text; do
			[ "$ce_id" = "$IT_ID" ] || continue
			ce_any=1
			printf '\n'
			printf '%s\n' "$ce_text" | fold -s -w 78 | sed 's/ *$//'
		done <<EOF
$POL_EXPLAIN
EOF
		[ -n "$ce_any" ] || printf '\n(the policy has no explanation for this item)\n'
		case $IT_CHECK in
		core:*) ce_core=${IT_CHECK#core:} ;;
		*) return 0 ;;
		esac
		explain_planned "$ce_core" && return 0
		printf '\nsignoff-core explain %s:\n\n' "$ce_core"
	elif [ "$CPO_ARG" = sandbox ]; then
		explain_sandbox
		return 0
	elif in_list "$CPO_ARG" "$CORE_CHECKS"; then
		ce_core=$CPO_ARG
	else
		usage_die "no item '$CPO_ARG' in policy $POL_SRC (see: signoff list)" explain
	fi
	core_locate
	ce_rc=0
	"$CORE" explain "$ce_core" </dev/null || ce_rc=$?
	[ "$ce_rc" = 0 ] || {
		core_failure_reason "$ce_rc" "" "signoff-core explain $ce_core"
		die 3 "$REASON"
	}
}

cmd_version() {
	CMD=version
	case ${1:-} in
	-h | --help) usage_help version; exit 0 ;;
	'') ;;
	*) usage_die "unexpected argument '$1'" version ;;
	esac
	cv_version=unknown
	for cv_f in "$here/VERSION" "$here/../VERSION"; do
		if [ -f "$cv_f" ]; then
			IFS= read -r cv_version <"$cv_f" || :
			break
		fi
	done
	printf 'signoff %s\n' "$cv_version"
	core_locate
	core_capture version
	[ "$CAP_RC" = 0 ] || {
		core_failure_reason "$CAP_RC" "$CAP_ERR" "signoff-core version"
		die 3 "$REASON"
	}
	printf '%s\n' "${CAP_OUT%"$NL"}"
}

# explain_sandbox: what the report header's sandbox lines mean.
explain_sandbox() {
	cat <<'EOF'
sandbox - how the auditor confined itself

Every core run (one per core check) confines itself before it reads a byte
of input and then reads back from /proc/self/status what the kernel
enforces.  The report header shows one line per seccomp profile:

  sandbox:  secrets  PASS  uid 65534, CapEff 0000000000000004,
                           no_new_privs 1, seccomp 2, Landlock enforced

  profile       the seccomp allowlist (policies/seccomp/NAME.policy)
  PASS / WARN   PASS: every layer applied; WARN: a best-effort layer could
                not be (the text after "not applied:" says which)
  uid           the user the check ran as (65534 = nobody); 0 would mean
                the switch failed
  CapEff        effective capabilities, hex (4 = CAP_DAC_READ_SEARCH, the
                one capability the secrets check keeps to read files; 0
                for the renderers)
  no_new_privs  1: no setuid binary can give privileges back
  seccomp       2: a syscall allowlist is loaded (anything else kills)
  Landlock      enforced / partial / unsupported: file access limited to
                the audited paths, read-only

Why it matters: the checks read hostile data (file names, contents) as
root would; confinement keeps a bug in a parser from becoming a
compromise.  A WARN usually means signoff ran without root: run it as root
for a full audit, or read the results knowing which layer was missing.

How to fix a WARN: run signoff as root; for "Landlock unsupported", use a
kernel with Landlock enabled (CONFIG_SECURITY_LANDLOCK, lsm=landlock).
EOF
}
