/*
 * main.c - signoff-core: argv to one subcommand, and the privilege story
 * in order for each (DESIGN.md "The sandbox, in order"):
 *
 *   1. as root: parse arguments, open every input, read /etc/passwd
 *   2-5. sandbox_enter(): capabilities, groups, gid, uid, no_new_privs,
 *        Landlock, seccomp - every step fatal on failure
 *   6. the sandbox record, then the work, reading only prepared inputs
 *
 * Exit status (docs/FORMATS.md): 0 ok, 1 a failure at or above --fail-on,
 * 2 usage, 3 internal, 4 incomplete.  Only this file exits.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "checks/check.h"
#include "cli/cli.h"
#include "cli/confine.h"
#include "parse/escape.h"
#include "record/record.h"
#include "report/report.h"
#include "sandbox/sandbox.h"

#define EX_OK		0
#define EX_USAGE	2
#define EX_INTERNAL	3

/* The largest record stream `report` accepts.  It is read whole before
 * the sandbox (which allows no mmap); the record and scratch arrays are
 * then sized from its line count (README, "Memory"). */
#define REPORT_INPUT_MAX	((size_t)128 << 20)

static struct out out_stdout, out_stderr;

static const char usage_text[] =
"usage: signoff-core COMMAND [ARGS]\n"
"\n"
"The privileged half of signoff (see `signoff --help` for the front end).\n"
"Every command confines itself (capabilities, uid, no_new_privs, Landlock,\n"
"seccomp) before it reads input.\n"
"\n"
"  check NAME ARGS...   run one check, print a record stream\n"
"                       generic options: --id ID --section S --title T\n"
"                       --severity SEV --optional --run-as USER\n"
"  report [--format F] [--fail-on SEV|warn] [--color auto|always|never]\n"
"         [--started RFC3339] [--duration-ms N] [--policy NAME]\n"
"         [--show STATUS,...] [--width N] [--fix ID=TEXT]...\n"
"         [--heading SECTION|TITLE|ROLE]... [--indicator IDS|LABEL|KEY]...\n"
"                       render a record stream from stdin\n"
"                       (docs/FORMATS.md section 2)\n"
"  record --id ID --section S --title T --status ST --severity SEV\n"
"         --subject S --message M [--path P --line N --column N]\n"
"         [--duration-ms N] [--evidence KEY=VALUE]... [--header]\n"
"                       print one escaped record\n"
"  policy default       print the embedded default policy\n"
"  explain CHECK        what a check does and how to fix a failure\n"
"  seccomp-export NAME  print a profile's compiled seccomp filter (PFC)\n"
"  validate             judge many `check NAME --dry-run ARGS...` at once:\n"
"                       stdin TAG<TAB>NAME<TAB>ARG..., stdout TAG<TAB>NAME<TAB>STATUS<TAB>MSG\n"
"  confine [--needs LIST] [--record ID] [--run-as USER] -- CMD ARG...\n"
"                       run CMD confined (a shell check; see confine.c)\n"
"  version              print the version\n"
"\n"
"Formats: human json junit sarif tap markdown prometheus.\n"
"Exit: 0 ok, 1 failure at or above --fail-on, 2 usage, 3 internal, 4 incomplete.\n";

static int
usage_error(const char *msg, const char *detail)
{
	out_str(&out_stderr, "signoff-core: ");
	out_str(&out_stderr, msg);
	if (detail) {
		out_str(&out_stderr, ": ");
		out_str(&out_stderr, detail);
	}
	out_str(&out_stderr, "\n(see signoff-core --help)\n");
	out_flush(&out_stderr);
	return EX_USAGE;
}

/* Enters the `report` profile: nothing but read, write and exit. */
static int
confine_plain(void)
{
	struct sandbox_state st;
	const struct sandbox_profile *p = sandbox_profile_find("report");

	if (p == NULL || sandbox_prepare(&st, NULL) != 0 ||
	    sandbox_enter(&st, p, NULL) != 0)
		return -1;
	return 0;
}

static int
finish(int rc)
{
	/* A command that already failed (and said why, e.g. report's own
	 * write error) is not reported twice. */
	if (out_flush(&out_stdout) != 0 && rc != EX_INTERNAL) {
		out_str(&out_stderr, "signoff-core: write error on stdout\n");
		rc = EX_INTERNAL;
	}
	out_flush(&out_stderr);
	return rc;
}

static int
parse_u64(const char *s, uint64_t max, uint64_t *v)
{
	char *end;
	unsigned long long x;

	if (s == NULL || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	x = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0' || x > max)
		return -1;
	*v = x;
	return 0;
}

/* --- check ------------------------------------------------------------ */

static int
cmd_check(int argc, char **argv)
{
	const struct check_def *def;
	const struct sandbox_profile *prof;
	struct item_meta meta;
	struct sandbox_state st;
	struct sandbox_req req;
	const char *run_as = "nobody";
	char **rest;
	void *state = NULL;
	int i, nrest = 0, rc, sev;

	if (argc < 1)
		return usage_error("check: missing check name", NULL);
	def = check_find(argv[0]);
	if (def == NULL)
		return usage_error("unknown check", argv[0]);
	prof = sandbox_profile_find(def->name);
	if (prof == NULL)
		return usage_error("no sandbox profile for check", def->name);

	meta.id = def->name;
	meta.section = def->name;
	meta.title = def->summary;
	meta.severity = SEV_CRITICAL;
	meta.optional = 0;
	rest = calloc((size_t)argc + 1, sizeof(*rest));
	if (rest == NULL)
		return EX_INTERNAL;
	/*
	 * Generic options come first; the first other word starts the check's
	 * own arguments, where a generic option is just an unknown option of
	 * the check (a policy's `args` cannot override --severity or --run-as).
	 */
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(a, "--optional") == 0) {
			meta.optional = 1;
			continue;
		}
		if (strcmp(a, "--dry-run") == 0) {
			check_dry_run = 1;
			continue;
		}
		if (strcmp(a, "--id") && strcmp(a, "--section") &&
		    strcmp(a, "--title") && strcmp(a, "--severity") &&
		    strcmp(a, "--run-as"))
			break;
		if (v == NULL)
			return usage_error("option needs a value", a);
		i++;
		if (strcmp(a, "--id") == 0) {
			if (!rec_name_valid(v, strlen(v), 64))
				return usage_error("--id must be 1-64 of [a-z0-9._-]", v);
			meta.id = v;
		} else if (strcmp(a, "--section") == 0) {
			if (!rec_name_valid(v, strlen(v), 64))
				return usage_error("--section must be 1-64 of [a-z0-9._-]", v);
			meta.section = v;
		} else if (strcmp(a, "--title") == 0) {
			if (v[0] == '\0')
				return usage_error("--title must not be empty", NULL);
			if (strlen(v) > CHECK_TITLE_MAX)
				return usage_error("--title longer than 256 bytes", NULL);
			meta.title = v;
		} else if (strcmp(a, "--severity") == 0) {
			if ((sev = rec_severity_from(v, strlen(v))) < 0)
				return usage_error("--severity must be critical|high|medium|low|info", v);
			meta.severity = (enum rec_severity)sev;
		} else
			run_as = v;
	}
	for (; i < argc; i++)
		rest[nrest++] = argv[i];

	/* --dry-run: only the check's argument parsing (check.h), nothing
	 * opened, nothing run; exit 0 or the usage error. */
	if (check_dry_run) {
		memset(&req, 0, sizeof(req));
		rc = def->prepare(nrest, rest, &meta, &state, &req);
		free(rest);
		return rc;
	}

	/* 1. As root: open everything the check will read. */
	if (sandbox_prepare(&st, run_as) != 0)
		return EX_INTERNAL;
	memset(&req, 0, sizeof(req));
	check_clock_start();
	rc = def->prepare(nrest, rest, &meta, &state, &req);
	if (rc != 0)
		return rc;

	/* 2-5. Drop and confine. */
	if (sandbox_enter(&st, prof, &req) != 0)
		return EX_INTERNAL;

	/* 6. Say what confines us, then run. */
	record_write_header(&out_stdout);
	if (sandbox_report(&st, &out_stdout, meta.id, -1) != 0)
		return EX_INTERNAL;
	rc = def->run(state, &meta, &out_stdout);
	return rc;
}

/* --- report ----------------------------------------------------------- */

static int
valid_started(const char *s)
{
	size_t i, n = strlen(s);

	if (n < 10 || n > 40)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || s[i] == '-' ||
		    s[i] == ':' || s[i] == 'T' || s[i] == 'Z' || s[i] == '.' ||
		    s[i] == '+'))
			return 0;
	return 1;
}

/*
 * Reads stdin whole, before confinement, into a buffer grown as needed
 * (at most REPORT_INPUT_MAX).  Returns 0, or -1 after a message.
 */
static int
read_stdin(char **buf, size_t *len)
{
	size_t n = 0, cap = 0;
	char *in = NULL;

	for (;;) {
		ssize_t r;

		if (n == cap) {
			size_t ncap = cap == 0 ? (size_t)64 << 10 : cap * 2;
			char *p;

			if (cap == REPORT_INPUT_MAX) {
				char probe;

				do
					r = read(0, &probe, 1);
				while (r < 0 && errno == EINTR);
				if (r > 0) {
					out_str(&out_stderr, "signoff-core: report: input larger than 128 MiB\n");
					goto fail;
				}
				break;
			}
			if (ncap > REPORT_INPUT_MAX)
				ncap = REPORT_INPUT_MAX;
			if ((p = realloc(in, ncap)) == NULL) {
				out_str(&out_stderr, "signoff-core: report: cannot allocate memory for the input\n");
				goto fail;
			}
			in = p;
			cap = ncap;
		}
		r = read(0, in + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			out_str(&out_stderr, "signoff-core: report: cannot read stdin\n");
			goto fail;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	*buf = in;
	*len = n;
	return 0;
fail:
	free(in);
	return -1;
}

static int
cmd_report(int argc, char **argv)
{
	static char started[48], policy[128];
	struct report_opts opt;
	struct reader_err re;
	struct scratch scr;
	struct timespec now;
	const char *color = "auto", *why = NULL, *nc;
	struct record *recs;
	size_t n = 0, count = 0, rcap;
	char *in = NULL;
	const char *p;
	int i, f, color_on;

	report_opts_init(&opt);
	started[0] = '\0';
	policy[0] = '\0';
	for (i = 0; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		uint64_t u;

		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			if (confine_plain() != 0)
				return EX_INTERNAL;
			out_str(&out_stdout, usage_text);
			return EX_OK;
		}
		if (v == NULL)
			return usage_error("report: option needs a value", a);
		i++;
		/* --show --fail-on --width --fix (report.h) */
		if ((f = report_option(&opt, a, v, &why)) != 0) {
			if (f < 0)
				return usage_error(why, v);
			continue;
		}
		if (strcmp(a, "--format") == 0) {
			if ((f = report_format_from(v)) < 0)
				return usage_error("unknown --format (human json junit sarif tap markdown prometheus)", v);
			opt.format = (enum report_format)f;
		} else if (strcmp(a, "--color") == 0) {
			if (strcmp(v, "auto") && strcmp(v, "always") && strcmp(v, "never"))
				return usage_error("--color must be auto|always|never", v);
			color = v;
		} else if (strcmp(a, "--started") == 0) {
			if (!valid_started(v))
				return usage_error("--started must be an RFC 3339 time", v);
			memcpy(started, v, strlen(v) + 1);
		} else if (strcmp(a, "--duration-ms") == 0) {
			if (parse_u64(v, (uint64_t)1 << 53, &u) != 0)
				return usage_error("--duration-ms must be a number", v);
			opt.duration_ms = (int64_t)u;
		} else if (strcmp(a, "--policy") == 0) {
			size_t w = escape_field((const uint8_t *)v, strlen(v),
			    policy, sizeof(policy) - 1);
			if (w == SIZE_MAX)
				return usage_error("--policy name too long", NULL);
			policy[w] = '\0';
		} else
			return usage_error("report: unknown option", a);
	}

	/* 1. Everything from the host, and all memory, before confinement. */
	hostinfo_gather(&opt.host);
	clock_gettime(CLOCK_REALTIME, &now);
	opt.now_unix = (int64_t)now.tv_sec;
	if (started[0] == '\0')
		format_rfc3339(opt.now_unix, started, sizeof(started));
	opt.started = started;
	opt.policy = policy;
	opt.tool_version = SIGNOFF_VERSION;
	nc = getenv("NO_COLOR");
	color_on = strcmp(color, "always") == 0 ||
	    (strcmp(color, "auto") == 0 && isatty(1));
	if (nc != NULL && nc[0] != '\0')
		color_on = 0;
	opt.color = opt.format == FMT_HUMAN && color_on;

	/* Read the whole stream (bounded) before confinement, and size every
	 * buffer from what was read: one record per line at most. */
	if (read_stdin(&in, &n) != 0)
		return EX_INTERNAL;
	rcap = 1;
	for (p = in; p < in + n &&
	    (p = memchr(p, '\n', (size_t)(in + n - p))) != NULL; p++)
		rcap++;
	if (rcap > SIZE_MAX / sizeof(*recs) ||
	    rcap > SIZE_MAX / (16 * sizeof(size_t)) - 64 ||
	    (recs = malloc(rcap * sizeof(*recs))) == NULL ||
	    (scr.p = malloc(scr.cap = REPORT_SCRATCH_SIZE(rcap))) == NULL) {
		out_str(&out_stderr, "signoff-core: report: cannot allocate memory for the records\n");
		return EX_INTERNAL;
	}

	/* 2-5.  Then parse and render, confined. */
	if (confine_plain() != 0)
		return EX_INTERNAL;

	if (record_read_all(in, n, recs, rcap, &count, &re) != 0) {
		static const char *const fname[] = { "", "id", "section",
		    "title", "status", "severity", "subject", "message", "path",
		    "line", "column", "duration_ms", "evidence" };

		out_str(&out_stderr, "signoff-core: report: malformed record stream: line ");
		out_u64(&out_stderr, re.line);
		if (re.field > 0 && re.field <= RF_EVIDENCE) {
			out_str(&out_stderr, ", field ");
			out_u64(&out_stderr, (uint64_t)re.field);
			out_str(&out_stderr, " (");
			out_str(&out_stderr, fname[re.field]);
			out_str(&out_stderr, ")");
		}
		out_str(&out_stderr, ": ");
		out_str(&out_stderr, re.reason ? re.reason : "invalid");
		out_str(&out_stderr, "\n");
		return EX_INTERNAL;
	}
	if (report_render(&out_stdout, &opt, recs, count, &scr, &why) != 0) {
		out_str(&out_stderr, "signoff-core: report: ");
		out_str(&out_stderr, why ? why : "render failed");
		out_str(&out_stderr, "\n");
		return EX_INTERNAL;
	}
	if (out_flush(&out_stdout) != 0) {
		out_str(&out_stderr, "signoff-core: write error on stdout\n");
		return EX_INTERNAL;
	}
	return report_verdict_status(&opt, recs, count);
}

/* --- record ----------------------------------------------------------- */

static int
cmd_record(int argc, char **argv)
{
	static struct rec_ev ev[RECORD_MAX_EVIDENCE];
	static char keys[RECORD_MAX_EVIDENCE][33];
	struct rec_out r;
	int i, header = 0, k;
	uint64_t u;

	memset(&r, 0, sizeof(r));
	r.status = ST__N;
	r.severity = SEV__N;
	r.duration_ms = -1;
	r.ev = ev;
	for (i = 0; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(a, "--header") == 0) {
			header = 1;
			continue;
		}
		if (v == NULL)
			return usage_error("record: option needs a value", a);
		i++;
		if (strcmp(a, "--id") == 0)
			r.id = v;
		else if (strcmp(a, "--section") == 0)
			r.section = v;
		else if (strcmp(a, "--title") == 0)
			r.title = v;
		else if (strcmp(a, "--subject") == 0)
			r.subject = v;
		else if (strcmp(a, "--message") == 0)
			r.message = v;
		else if (strcmp(a, "--path") == 0)
			r.path = v;
		else if (strcmp(a, "--status") == 0) {
			if ((k = rec_status_from(v, strlen(v))) < 0)
				return usage_error("--status must be pass|fail|warn|skip|error", v);
			r.status = (enum rec_status)k;
		} else if (strcmp(a, "--severity") == 0) {
			if ((k = rec_severity_from(v, strlen(v))) < 0)
				return usage_error("--severity must be critical|high|medium|low|info", v);
			r.severity = (enum rec_severity)k;
		} else if (strcmp(a, "--line") == 0 || strcmp(a, "--column") == 0) {
			if (parse_u64(v, 0x7fffffff, &u) != 0 || u == 0)
				return usage_error("--line/--column must be 1..2147483647", v);
			if (a[2] == 'l')
				r.line = (uint32_t)u;
			else
				r.column = (uint32_t)u;
		} else if (strcmp(a, "--duration-ms") == 0) {
			if (parse_u64(v, (uint64_t)1 << 53, &u) != 0)
				return usage_error("--duration-ms must be a number", v);
			r.duration_ms = (int64_t)u;
		} else if (strcmp(a, "--evidence") == 0) {
			const char *eq = strchr(v, '=');
			size_t kl = eq ? (size_t)(eq - v) : 0;

			if (r.n_ev == RECORD_MAX_EVIDENCE)
				return usage_error("more than 32 --evidence", NULL);
			if (eq == NULL || !rec_name_valid(v, kl, 32))
				return usage_error("--evidence must be KEY=VALUE with KEY of [a-z0-9._-]", v);
			memcpy(keys[r.n_ev], v, kl);
			keys[r.n_ev][kl] = '\0';
			ev[r.n_ev].key = keys[r.n_ev];
			ev[r.n_ev].val = eq + 1;
			ev[r.n_ev].val_len = strlen(eq + 1);
			r.n_ev++;
		} else
			return usage_error("record: unknown option", a);
	}
	if (confine_plain() != 0)
		return EX_INTERNAL;
	if (header)
		record_write_header(&out_stdout);
	if (r.id == NULL && r.status == ST__N && header)
		return EX_OK;	/* just the header */
	if (!r.id || !r.section || !r.title || !r.subject || !r.message ||
	    r.status == ST__N || r.severity == SEV__N)
		return usage_error("record needs --id --section --title --status "
		    "--severity --subject --message", NULL);
	if (record_write(&out_stdout, &r) != 0)
		return usage_error("record: invalid value (id/section/evidence "
		    "key syntax, empty text, line without path, duplicate key, "
		    "or longer than 64 KiB)", NULL);
	return EX_OK;
}

/* --- small commands ---------------------------------------------------- */

static int
cmd_explain(int argc, char **argv)
{
	const struct check_def *def;

	if (argc != 1)
		return usage_error("explain takes one check name", NULL);
	def = check_find(argv[0]);
	if (def == NULL)
		return usage_error("unknown check", argv[0]);
	if (confine_plain() != 0)
		return EX_INTERNAL;
	out_str(&out_stdout, def->name);
	out_str(&out_stdout, " - ");
	out_str(&out_stdout, def->summary);
	out_str(&out_stdout, "\n\nusage: signoff-core check ");
	out_str(&out_stdout, def->name);
	out_str(&out_stdout, " ");
	out_str(&out_stdout, def->usage);
	out_str(&out_stdout, "\n\n");
	out_str(&out_stdout, def->explain);
	if (def->explain[0] && def->explain[strlen(def->explain) - 1] != '\n')
		out_char(&out_stdout, '\n');
	return EX_OK;
}

/* --- validate --------------------------------------------------------- */

/*
 * validate: `check NAME --dry-run ARGS` for many items in one run.  The
 * front end judges every core item's args when it loads a policy; one
 * process for all of them instead of one each (libcurl is loaded once, not
 * once per http item: see issue 10's figures in docs/FORMATS.md).
 *
 * Stdin: lines TAG<TAB>NAME[<TAB>ARG]... (TAG 1-16 digits, the front end's
 * line number).  Each line is judged in a child of its own, exactly as
 * `check NAME --dry-run ARG...` would (a check's prepare() may keep state;
 * the child's exit status is the answer).  Stdout: one line per input
 * line, in order: TAG<TAB>NAME<TAB>STATUS<TAB>the first line of its stderr, its
 * control bytes as '?'.  Exit 0 when every line was judged (whatever the
 * statuses), 2 for malformed input, 3 if a child could not be run.
 * Like --dry-run, it opens nothing and runs no check; it reads stdin as
 * root before any sandbox, as the arguments of `check --dry-run` are.
 */
#define VALIDATE_INPUT_MAX	((size_t)1 << 20)
#define VALIDATE_ARGS_MAX	256

static int
validate_one(char *line, size_t len)
{
	char *argv[VALIDATE_ARGS_MAX + 2], *tag = line, errbuf[1024];
	size_t i, ne = 0;
	int argc = 0, fds[2], status, rc;
	pid_t pid;
	ssize_t r;

	/* Split on TAB: the tag, the check's name, its args. */
	for (i = 0; i < len && line[i] != '\t'; i++)
		if (line[i] < '0' || line[i] > '9')
			return usage_error("validate: a line's tag must be digits", NULL);
	if (i == 0 || i > 16 || i == len)
		return usage_error("validate: expected TAG<TAB>NAME[<TAB>ARG]...", NULL);
	line[i] = '\0';
	argv[argc++] = line + i + 1;
	for (i++; i < len; i++) {
		if (line[i] != '\t')
			continue;
		if (argc == VALIDATE_ARGS_MAX + 1)
			return usage_error("validate: too many args on a line", NULL);
		line[i] = '\0';
		argv[argc++] = line + i + 1;
	}
	line[len] = '\0';
	argv[argc] = NULL;
	if (check_find(argv[0]) == NULL)
		return usage_error("validate: unknown check", argv[0]);

	if (out_flush(&out_stdout) != 0 || pipe(fds) != 0)
		return EX_INTERNAL;
	out_flush(&out_stderr);
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return EX_INTERNAL;
	}
	if (pid == 0) {
		/* The child: stdout nowhere, stderr into the pipe. */
		int null = open("/dev/null", O_WRONLY | O_CLOEXEC);

		if (null < 0 || dup2(null, 1) < 0 || dup2(fds[1], 2) < 0)
			_exit(EX_INTERNAL);
		close(fds[0]);
		close(fds[1]);
		check_dry_run = 1;
		_exit(finish(cmd_check(argc, argv)));
	}
	close(fds[1]);
	while ((r = read(fds[0], errbuf + ne, sizeof(errbuf) - 1 - ne)) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		ne += (size_t)r;
		if (ne == sizeof(errbuf) - 1) {
			char sink[512];	/* the rest is read and dropped */

			while ((r = read(fds[0], sink, sizeof(sink))) > 0 ||
			    (r < 0 && errno == EINTR))
				;
			break;
		}
	}
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return EX_INTERNAL;
	rc = WIFEXITED(status) ? WEXITSTATUS(status) :
	    WIFSIGNALED(status) ? 128 + WTERMSIG(status) : EX_INTERNAL;
	out_str(&out_stdout, tag);
	out_char(&out_stdout, '\t');
	out_str(&out_stdout, argv[0]);
	out_char(&out_stdout, '\t');
	out_u64(&out_stdout, (uint64_t)rc);
	out_char(&out_stdout, '\t');
	for (i = 0; i < ne && errbuf[i] != '\n'; i++)
		out_char(&out_stdout, (unsigned char)errbuf[i] < 0x20 ||
		    errbuf[i] == 0x7f ? '?' : errbuf[i]);
	out_char(&out_stdout, '\n');
	return EX_OK;
}

static int
cmd_validate(int argc, char **argv)
{
	char *buf, *p, *nl;
	size_t n = 0, cap = VALIDATE_INPUT_MAX + 1;
	ssize_t r;
	int rc = EX_OK, http = 0;

	(void)argv;
	if (argc != 0)
		return usage_error("validate takes no arguments (lines on stdin)", NULL);
	if ((buf = malloc(cap)) == NULL)
		return EX_INTERNAL;
	while ((r = read(0, buf + n, cap - n)) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			free(buf);
			out_str(&out_stderr, "signoff-core validate: cannot read stdin\n");
			return EX_INTERNAL;
		}
		n += (size_t)r;
		if (n == cap) {
			free(buf);
			return usage_error("validate: input over 1 MiB", NULL);
		}
	}
	if (memchr(buf, '\0', n) != NULL) {
		free(buf);
		return usage_error("validate: a NUL byte in the input", NULL);
	}
	buf[n] = '\0';
	/* Loaded once here, the children inherit libcurl (curlshim.c). */
	for (p = buf; (p = strstr(p, "\thttp")) != NULL; p += 5)
		if (p[5] == '\t' || p[5] == '\n' || p[5] == '\0')
			http = 1;
	if (http)
		(void)curl_global_init(CURL_GLOBAL_DEFAULT);
	for (p = buf; rc == EX_OK && *p != '\0'; p = nl + 1) {
		nl = strchr(p, '\n');
		if (nl == NULL) {
			rc = usage_error("validate: the last line has no newline", NULL);
			break;
		}
		rc = validate_one(p, (size_t)(nl - p));
	}
	free(buf);
	return rc;
}

static int
cmd_seccomp_export(int argc, char **argv)
{
	const struct sandbox_profile *p;

	if (argc != 1)
		return usage_error("seccomp-export takes one profile name", NULL);
	p = sandbox_profile_find(argv[0]);
	if (p == NULL)
		return usage_error("unknown profile", argv[0]);
	if (strcmp(argv[0], "confine") == 0)	/* a denylist: its own builder */
		return confine_export_pfc(1) == 0 ? EX_OK : EX_INTERNAL;
	/* Exporting needs libseccomp's own allocations: it runs unconfined
	 * but reads nothing but its compiled-in table. */
	return sandbox_export_pfc(p, 1) == 0 ? EX_OK : EX_INTERNAL;
}

int
main(int argc, char **argv)
{
	const char *cmd;
	int rc;

	out_init(&out_stdout, 1);
	out_init(&out_stderr, 2);
	/* Nothing inherited beyond 0-2 is ever used: close it before any
	 * input is read (issue 6, hole 3; the sandbox closes again, keeping
	 * only what prepare() declared). */
	if (sandbox_close_inherited() != 0) {
		out_str(&out_stderr, "signoff-core: cannot close inherited "
		    "descriptors\n");
		return finish(EX_INTERNAL);
	}
	if (argc < 2) {
		out_str(&out_stderr, usage_text);
		return finish(EX_USAGE);
	}
	cmd = argv[1];
	if (strcmp(cmd, "check") == 0)
		rc = cmd_check(argc - 2, argv + 2);
	else if (strcmp(cmd, "report") == 0)
		rc = cmd_report(argc - 2, argv + 2);
	else if (strcmp(cmd, "record") == 0)
		rc = cmd_record(argc - 2, argv + 2);
	else if (strcmp(cmd, "explain") == 0)
		rc = cmd_explain(argc - 2, argv + 2);
	else if (strcmp(cmd, "validate") == 0)
		rc = cmd_validate(argc - 2, argv + 2);
	else if (strcmp(cmd, "confine") == 0)
		rc = confine_main(argc - 2, argv + 2);
	else if (strcmp(cmd, "seccomp-export") == 0)
		rc = cmd_seccomp_export(argc - 2, argv + 2);
	else if (strcmp(cmd, "policy") == 0) {
		if (argc != 3 || strcmp(argv[2], "default") != 0)
			rc = usage_error("usage: signoff-core policy default", NULL);
		else if (confine_plain() != 0)
			rc = EX_INTERNAL;
		else {
			out_str(&out_stdout, embedded_host_conf);
			rc = EX_OK;
		}
	} else if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
		if (confine_plain() != 0)
			rc = EX_INTERNAL;
		else {
			out_str(&out_stdout, "signoff-core " SIGNOFF_VERSION "\n");
			rc = EX_OK;
		}
	} else if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 ||
	    strcmp(cmd, "help") == 0) {
		if (confine_plain() != 0)
			rc = EX_INTERNAL;
		else {
			out_str(&out_stdout, usage_text);
			rc = EX_OK;
		}
	} else
		rc = usage_error("unknown command", cmd);
	return finish(rc);
}
