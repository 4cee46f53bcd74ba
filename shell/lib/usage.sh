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
                     [--skip ID,...] [--fail-on SEVERITY|warn]
                     [--quiet | --show STATUS,...]
                     [--env production|staging|development] [--jobs N]
                     [--waivers FILE]
EOF
		;;
	check)
		cat <<'EOF'
usage: signoff check secrets DIR [--mode 0600] [--owner USER] [--require NAME,...]
                     [--format F] [--fail-on SEVERITY|warn] [--output FILE]
                     [--quiet | --show STATUS,...]
       signoff check firewall [--critical-ports LIST] [--permissive warn|fail]
                     [--format F] [--fail-on SEVERITY|warn] [--output FILE]
       signoff check ports [--must-be-free LIST]
                     [--format F] [--fail-on SEVERITY|warn] [--output FILE]
       signoff check http URL [--requests N] [--concurrency C] [--p95-ms MS]
                     [--p99-ms MS] [--expect-status CODE] [--expect-body REGEX]
                     [--timeout-ms MS] [--method M] [--data BODY]
                     [--header 'Name: value']... [--cafile FILE]
                     [--capture REGEX] [--no-keepalive]
                     [--format F] [--fail-on SEVERITY|warn] [--output FILE]
       signoff check credentials PATH... [--rules FILE] [--rules-only FILE]
                     [--exclude GLOB]... [--exclude-env] [--baseline FILE]
                     [--write-baseline FILE] [--threads N]
                     [--format F] [--fail-on SEVERITY|warn] [--output FILE]
       signoff check cert FILE... [--key KEYFILE] [--key-mode 0600] [--min-days N]
                     [--warn-days N] [--min-lifetime-share P] [report options]
       signoff check tls HOST:PORT... [--servername NAME] [--min-days N]
                     [--warn-days N] [--ca-file F] [--timeout-ms N] [report options]
EOF
		;;
	list)
		echo 'usage: signoff list [--policy FILE]'
		;;
	validate)
		echo 'usage: signoff validate [--policy FILE]'
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
	sign)
		echo 'usage: signoff sign REPORT.json --role ROLE --key SSH_KEY'
		;;
	verify)
		echo 'usage: signoff verify REPORT.json --signers ALLOWED_SIGNERS [--policy FILE] [--format human|markdown]'
		;;
	fleet)
		echo 'usage: signoff fleet REPORT.json... [--format human|json|markdown]'
		;;
	*)
		cat <<'EOF'
usage: signoff audit [--policy FILE] [--root DIR] [--phase pre|post|all] [options]
       signoff check secrets DIR [--mode 0600] [--owner USER] [--require NAME,...]
       signoff check firewall [--critical-ports LIST] [--permissive warn|fail]
       signoff check ports [--must-be-free LIST]
       signoff check http URL [--requests N] [--concurrency C] [--p95-ms MS] [options]
       signoff check credentials PATH... [--exclude GLOB]... [--baseline FILE] [options]
       signoff check cert FILE... [--key KEYFILE] [--min-days N] [--warn-days N]
       signoff check tls HOST:PORT... [--servername NAME] [--min-days N]
       signoff list [--policy FILE]
       signoff validate [--policy FILE]
       signoff explain ID [--policy FILE]
       signoff version
       signoff help [COMMAND]
       signoff sign REPORT.json --role ROLE --key SSH_KEY
       signoff verify REPORT.json --signers ALLOWED_SIGNERS [--policy FILE]
       signoff fleet REPORT.json... [--format human|json|markdown]
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
  --output FILE     write the report to FILE instead of stdout (a new file,
                    renamed into place: readers never see half a report)
  --only PAT,...    run only the items matching: an id, a section
                    ("security") or a glob ('hardware.*'); repeatable, adds up
  --skip PAT,...    do not run these items (same patterns, adds up)
  --fail-on SEV     exit 1 only for a failure at or above SEV (critical, high,
                    medium, low, info; default info = any failure); "warn":
                    warnings fail the run too
  -q, --quiet       list only failures, warnings and errors (= --show
                    fail,warn,error); the summary still counts everything
  --show S,...      list only these statuses: fail, warn, error, skip, pass,
                    all (human and markdown formats)
  --env E           the environment audited: production, staging or
                    development; default: the policy's env-from variable
                    (SUTAZAI_ENV for sutazai), else its env, else production
  --jobs N          run at most N items at a time (default: the CPU count)
  --waivers FILE    known exceptions: "id | subject glob | justification |
                    owner | YYYY-MM-DD" per line; a waived failure is shown
                    as skip "waived by ..."; expired and stale waivers are
                    reported (docs/SIGNOFF.md)

The human report lists each section, a summary of items (not records) with
the number of findings, the failed items each with its one-line fix, and
ends with the verdict: READY, or NOT READY: and the blocking item ids.

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
                    --group GROUP: with group bits in --mode, the group
                    (besides root's) that may hold them (e.g. ssl-cert)
  firewall          per family (IPv4, IPv6): active-deny, permissive or
                    inactive, and the TCP/UDP ports other hosts can reach
                    (nftables and legacy iptables, every input chain; run as
                    root); --critical-ports 5432,6379: fail when one listens
                    on a non-loopback address and is reachable;
                    --permissive fail: a permissive or inactive family fails
                    (default: warns)
  ports             --must-be-free 5432,6379: fail naming the address and
                    the process when something listens on one (any address)
  http URL          --requests N (default 100) at --concurrency C (default
                    10), each within --timeout-ms (default 10000); exact
                    P50/P95/P99, min, max, requests/s and errors by kind
                    (connect, tls, timeout, status, body, other); fails on
                    any error, a P95 above --p95-ms or a P99 above --p99-ms.
                    --expect-status CODE (default any 2xx), --expect-body
                    REGEX (PCRE2), --method, --data, --header (repeatable),
                    --cafile FILE for https.  Redirects are not followed.
                    --capture REGEX names the distinct values of its first
                    group in the first answered body (at most 256).
                    Connections are kept alive and reused (as ab -k);
                    --no-keepalive opens one per request (as ab).
  credentials PATH...
                    no hardcoded credentials in the files under each PATH
                    (cloud keys, tokens, private keys, passwords); one
                    failure per finding, the secret redacted
    --rules FILE        add the rules of FILE to the built-in ones
    --rules-only FILE   use only the rules of FILE
    --exclude GLOB      skip matching files or directories (repeatable;
                        also one glob per line in PATH/.signoffignore)
    --exclude-env       skip .env files
    --baseline FILE     accepted findings: only new ones fail
    --write-baseline FILE  write the fingerprints of this run's findings
    --threads N         scanner threads (default: one per CPU, at most 8)
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
  --fail-on SEV     exit 1 only for a failure at or above SEV, or "warn"
  --output FILE     write the report to FILE instead of stdout
  -q, --quiet       list only failures, warnings and errors
  --show S,...      list only these statuses (fail,warn,error,skip,pass,all)

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
	validate)
		usage_short validate
		cat <<'EOF'

Checks the policy (default: the embedded host.conf) without running it:
every key, and every item's args through the check's own argument parser
(signoff-core check NAME --dry-run).  Exit 0 if valid, 2 with FILE:LINE
and the reason if not.
EOF
		;;
	explain)
		usage_short explain
		cat <<'EOF'

Prints what item ID checks, why it matters and how to fix a failure; for a
core check also the core's own explanation.  ID may also be the name of a
core check (e.g. "secrets"), or "sandbox" for the report header's sandbox
lines.
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
	sign | verify | fleet)
		usage_short "$1"
		echo
		echo 'See docs/SIGNOFF.md (signatures, roles, waivers, fleet).'
		;;
	*)
		cat <<'EOF'
signoff - is this Linux host ready for production?

EOF
		usage_short
		cat <<'EOF'

Commands:
  audit      run a checklist policy and report every item
  check      run one check (secrets, credentials, cert, tls, firewall,
             ports, http) outside a policy
  list       list the items of a policy
  validate   check a policy without running it
  explain    what an item checks and how to fix a failure
  version    versions of signoff and signoff-core
  help       this text, or the help of one command
  sign       sign a JSON report as a sign-off role (ssh-keygen -Y sign)
  verify     check a report's signatures; signed off or the missing roles
  fleet      one table of many hosts' JSON reports

Run "signoff help COMMAND" or "signoff COMMAND --help" for details.
EOF
		;;
	esac
}
