# shellcheck shell=sh disable=SC2034,SC2154
# (SC2034/SC2154: globals are shared between the files sourced by signoff.)
# usage.sh - help texts (stdout for --help, stderr after usage errors).

# usage_short [COMMAND]: the synopsis of COMMAND, or of every command.
usage_short() {
	case ${1:-} in
	audit)
		cat <<'EOF'
usage: signoff audit [--policy FILE] [--root DIR] [--phase pre|post|all]
                     [--format F] [--output FILE] [--only ID,...]
                     [--skip ID,...] [--fail-on SEVERITY]
EOF
		;;
	check)
		cat <<'EOF'
usage: signoff check secrets DIR [--mode 0600] [--owner USER] [--require NAME,...]
                     [--format F] [--fail-on SEVERITY] [--output FILE]
       signoff check cert FILE... [--key KEYFILE] [--key-mode 0600] [--min-days N]
                     [--warn-days N] [--min-lifetime-share P] [report options]
       signoff check tls HOST:PORT... [--servername NAME] [--min-days N]
                     [--warn-days N] [--ca-file F] [--timeout-ms N] [report options]
EOF
		;;
	list)
		echo 'usage: signoff list [--policy FILE]'
		;;
	explain)
		echo 'usage: signoff explain ID [--policy FILE]'
		;;
	version)
		echo 'usage: signoff version'
		;;
	help)
		echo 'usage: signoff help [COMMAND]'
		;;
	*)
		cat <<'EOF'
usage: signoff audit [--policy FILE] [--root DIR] [--phase pre|post|all] [options]
       signoff check secrets DIR [--mode 0600] [--owner USER] [--require NAME,...]
       signoff check cert FILE... [--key KEYFILE] [--min-days N] [--warn-days N]
       signoff check tls HOST:PORT... [--servername NAME] [--min-days N]
       signoff list [--policy FILE]
       signoff explain ID [--policy FILE]
       signoff version
       signoff help [COMMAND]
EOF
		;;
	esac
}

# usage_help [COMMAND]: the full help of COMMAND (or of signoff).
usage_help() {
	case ${1:-} in
	audit)
		usage_short audit
		cat <<'EOF'

Runs every item of a checklist policy and renders one report.

  --policy FILE     the policy (a path, or the name of a shipped policy such
                    as "sutazai"); default: the embedded host.conf baseline
  --root DIR        audit root, substituted for ${root} in item arguments;
                    default: the policy's root key, else /
  --phase P         pre, post or all (default all)
  --format F        human (default), json, junit, sarif, tap, markdown,
                    prometheus
  --output FILE     write the report to FILE instead of stdout
  --only ID,...     run only these items
  --skip ID,...     do not run these items
  --fail-on SEV     exit 1 only for a failure at or above SEV (critical, high,
                    medium, low, info; default info = any failure)

Exit status: 0 nothing failed, 1 a check failed at or above --fail-on,
2 usage or policy error, 3 internal error, 4 incomplete (a check could not
run, nothing failed).
EOF
		;;
	check)
		usage_short check
		cat <<'EOF'

Runs one check outside any policy and renders its report.

  secrets DIR       every file in DIR is a regular file owned by --owner
                    (default root) with no permission beyond --mode (default
                    0600); --require NAME,... must exist; weak contents warn
  cert FILE...      every certificate in each PEM or DER FILE: fail when
                    expired, not yet valid, under --min-days (default 14)
                    or --min-lifetime-share percent (default 10) of its
                    lifetime left, RSA < 2048 / EC < 256 bits, MD5/SHA-1
                    signed, a leaf without SAN or with CA:TRUE, or a --key
                    that does not match or is not a root-owned regular file
                    within --key-mode (default 0600); warn under
                    --warn-days (default 30), self-signed leaf, wrong chain
                    order
  tls HOST:PORT...  a TLS handshake with each endpoint (fresh connection):
                    fail under TLS 1.2, a name mismatch (--servername,
                    default HOST), an untrusted chain (--ca-file, default
                    the system bundle), and the cert verdicts for every
                    served certificate; --timeout-ms (default 5000)
  --format F        human (default), json, junit, sarif, tap, markdown,
                    prometheus
  --fail-on SEV     exit 1 only for a failure at or above SEV
  --output FILE     write the report to FILE instead of stdout

Not available in this version: credentials, firewall, ports, http.
Exit status as for audit.
EOF
		;;
	list)
		usage_short list
		cat <<'EOF'

Prints every item of the policy (default: the embedded host.conf): id,
section, phase, severity and title.
EOF
		;;
	explain)
		usage_short explain
		cat <<'EOF'

Prints what item ID checks, why it matters and how to fix a failure; for a
core check also the core's own explanation.  ID may also be the name of a
core check (e.g. "secrets").
EOF
		;;
	version)
		usage_short version
		echo
		echo 'Prints the version of signoff and of signoff-core.'
		;;
	help)
		usage_short help
		;;
	*)
		cat <<'EOF'
signoff - is this Linux host ready for production?

EOF
		usage_short
		cat <<'EOF'

Commands:
  audit      run a checklist policy and report every item
  check      run one check (secrets, cert, tls) outside a policy
  list       list the items of a policy
  explain    what an item checks and how to fix a failure
  version    versions of signoff and signoff-core
  help       this text, or the help of one command

Run "signoff help COMMAND" or "signoff COMMAND --help" for details.
EOF
		;;
	esac
}
