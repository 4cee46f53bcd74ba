# shellcheck shell=sh disable=SC2034,SC2154
# (SC2034/SC2154: globals are shared between the files sourced by signoff.)
# services.sh - the checklist's running-service items that are judged with
# the services' own clients: PostgreSQL (pg_isready, psql, pg_dump) and
# Redis (redis-cli).  HTTP items use the core (`check = core:http`).
#
# Each check_* function emits records through rec/rec_missing and nothing
# else.  Conventions:
#   - connection details come from the policy's args; a password comes
#     from a secret file (PASSFILE, "-" for none), is handed to the client
#     in its environment (PGPASSWORD, REDISCLI_AUTH), never on a command
#     line, and never printed;
#   - every client call runs under timeout(1) (SVC_TIMEOUT seconds, 10);
#   - a client that is not installed is a `skip` naming it; a service
#     that does not answer is a `fail`; an answer that cannot be read is
#     an `error`.

SVC_TIMEOUT=${SVC_TIMEOUT:-10}

# svc_pw PASSFILE: SVC_PW = the first line of PASSFILE ("" for "-").
# Returns 1 after an error record when it cannot be read.
svc_pw() {
	SVC_PW=
	[ "$1" = - ] && return 0
	if [ ! -f "$1" ] || ! IFS= read -r SVC_PW <"$1" 2>/dev/null; then
		[ -n "$SVC_PW" ] && return 0
		rec error "$1" "cannot read the password file $1 (not checked)"
		return 1
	fi
}

# svc_need CLIENT SUBJECT: 0 if CLIENT is installed, else a skip record.
svc_need() {
	command -v "$1" >/dev/null 2>&1 && return 0
	rec skip "$2" "$1 is not installed: cannot talk to the service"
	return 1
}

# svc_psql HOST PORT USER DB SQL: SVC_OUT (stdout and stderr: on success
# psql -q writes nothing to stderr), SVC_ERR (its first line), SVC_RC;
# SVC_PW is the password.  No temporary file (README: the front end writes
# none).
svc_psql() {
	SVC_RC=0
	SVC_OUT=$(PGPASSWORD=$SVC_PW PGCONNECT_TIMEOUT=5 PGPASSFILE=/dev/null \
		PGAPPNAME=signoff timeout "$SVC_TIMEOUT" psql -X -q -A -t \
		-v ON_ERROR_STOP=1 -h "$1" -p "$2" -U "$3" -d "$4" -c "$5" 2>&1) ||
		SVC_RC=$?
	SVC_ERR=${SVC_OUT%%"$NL"*}
}

# svc_args N ARGC USAGE: the check takes N arguments.
svc_args() {
	[ "$2" = "$1" ] && return 0
	rec error "$ITEM_ID" "bad arguments: expected $3, got $2 argument(s)"
	return 1
}

# check_postgres_ready HOST PORT USER: pg_isready answers "accepting".
check_postgres_ready() {
	svc_args 3 "$#" "HOST PORT USER" || return 0
	svc_need pg_isready "$1:$2" || return 0
	spr_rc=0
	spr_out=$(timeout "$SVC_TIMEOUT" pg_isready -h "$1" -p "$2" -U "$3" -t 5 2>&1) ||
		spr_rc=$?
	case $spr_rc in
	0) rec pass "$1:$2" "PostgreSQL accepts connections ($spr_out)" "pg_isready=0" ;;
	1) rec fail "$1:$2" "PostgreSQL rejects connections (starting up or shutting down): $spr_out" "pg_isready=1" ;;
	2) rec fail "$1:$2" "PostgreSQL does not answer: $spr_out" "pg_isready=2" ;;
	124) rec fail "$1:$2" "PostgreSQL did not answer within $SVC_TIMEOUT s" "pg_isready=timeout" ;;
	*) rec error "$1:$2" "pg_isready could not check (status $spr_rc): $spr_out" "pg_isready=$spr_rc" ;;
	esac
}

# svc_pg_fail SUBJECT WHAT: the record for a failed psql call.
svc_pg_fail() {
	if [ "$SVC_RC" = 124 ]; then
		rec fail "$1" "$2: no answer within $SVC_TIMEOUT s"
	elif [ "$SVC_RC" = 2 ]; then
		rec fail "$1" "$2: cannot connect: ${SVC_ERR:-no message}"
	else
		rec fail "$1" "$2: ${SVC_ERR:-psql exited with status $SVC_RC}"
	fi
}

# check_postgres_max_connections HOST PORT USER DB PASSFILE MIN
check_postgres_max_connections() {
	svc_args 6 "$#" "HOST PORT USER DB PASSFILE MIN" || return 0
	is_uint "$6" || { rec error "$ITEM_ID" "bad argument: MIN must be a whole number, got '$6'"; return 0; }
	svc_need psql "$1:$2/$4" || return 0
	svc_pw "$5" || return 0
	svc_psql "$1" "$2" "$3" "$4" 'SHOW max_connections'
	if [ "$SVC_RC" != 0 ]; then
		svc_pg_fail "$1:$2/$4" "cannot read max_connections"
		return 0
	fi
	if ! is_uint "$SVC_OUT"; then
		rec error "$1:$2/$4" "max_connections is not a number: '$SVC_OUT'"
		return 0
	fi
	uint_norm "$6"
	if [ "$SVC_OUT" -ge "$UINT" ]; then
		rec pass "$1:$2/$4" "max_connections is $SVC_OUT, at least $UINT required" \
			"max_connections=$SVC_OUT" "required=$UINT"
	else
		rec fail "$1:$2/$4" "max_connections is $SVC_OUT, at least $UINT required (ALTER SYSTEM SET max_connections = $UINT; then restart)" \
			"max_connections=$SVC_OUT" "required=$UINT"
	fi
}

# check_postgres_roundtrip HOST PORT USER DB PASSFILE: a write and its read
# back, in a TEMP table (dropped with the session, whatever happens).
check_postgres_roundtrip() {
	svc_args 5 "$#" "HOST PORT USER DB PASSFILE" || return 0
	svc_need psql "$1:$2/$4" || return 0
	svc_pw "$5" || return 0
	spt_token=signoff-$$-$(date +%s)
	svc_psql "$1" "$2" "$3" "$4" "CREATE TEMP TABLE signoff_roundtrip (v text); INSERT INTO signoff_roundtrip VALUES ('$spt_token'); SELECT v FROM signoff_roundtrip"
	if [ "$SVC_RC" != 0 ]; then
		svc_pg_fail "$1:$2/$4" "write and read back failed"
	elif [ "$SVC_OUT" = "$spt_token" ]; then
		rec pass "$1:$2/$4" "a row written to a temporary table was read back unchanged (the table went with the session)"
	else
		rec fail "$1:$2/$4" "the row read back differs from the row written"
	fi
}

# check_postgres_dump HOST PORT USER DB PASSFILE: pg_dump runs and its
# output is not empty; the dump is counted as it streams, never stored.
check_postgres_dump() {
	svc_args 5 "$#" "HOST PORT USER DB PASSFILE" || return 0
	svc_need pg_dump "$1:$2/$4" || return 0
	svc_pw "$5" || return 0
	# pg_dump's stdout is counted by awk as it streams (LC_ALL=C: awk
	# length is bytes) and never stored; its stderr comes out first, the
	# last line is "BYTES STATUS".
	spd_res=$({ {
		PGPASSWORD=$SVC_PW PGCONNECT_TIMEOUT=5 PGPASSFILE=/dev/null \
			timeout "$SVC_TIMEOUT" pg_dump -h "$1" -p "$2" -U "$3" -d "$4" 2>&3 3>&-
		printf '\n%s\n' "$?"
	} | LC_ALL=C awk '{ if (NR > 1) n += length(prev) + 1; prev = $0 } END { print n - 1, prev }'; } 3>&1)
	spd_last=${spd_res##*"$NL"}
	spd_bytes=${spd_last%% *}
	spd_rc=${spd_last##* }
	SVC_ERR=
	[ "$spd_last" = "$spd_res" ] || SVC_ERR=${spd_res%%"$NL"*}
	if [ "$spd_rc" != 0 ]; then
		rec fail "$1:$2/$4" "pg_dump failed (status $spd_rc): ${SVC_ERR:-no message}" "exit_status=$spd_rc"
	elif ! is_uint "$spd_bytes" || [ "$spd_bytes" -le 0 ]; then
		rec fail "$1:$2/$4" "pg_dump produced no output" "bytes=0"
	else
		rec pass "$1:$2/$4" "pg_dump of $4 ran and produced $spd_bytes bytes (counted, not stored)" "bytes=$spd_bytes"
	fi
}

# check_postgres_latency HOST PORT USER DB PASSFILE P95_MS [COUNT]: a
# representative catalog query COUNT times (default 50) in one session,
# timed by the server round trip (psql \timing); exact nearest-rank P95.
check_postgres_latency() {
	[ "$#" = 6 ] || [ "$#" = 7 ] || {
		rec error "$ITEM_ID" "bad arguments: expected HOST PORT USER DB PASSFILE P95_MS [COUNT], got $# argument(s)"
		return 0
	}
	if ! is_uint "$6" || ! is_uint "${7:-50}" || [ "${7:-50}" -lt 1 ] ||
		[ "${7:-50}" -gt 10000 ]; then
		rec error "$ITEM_ID" "bad argument: P95_MS and COUNT (1..10000) must be whole numbers"
		return 0
	fi
	svc_need psql "$1:$2/$4" || return 0
	svc_pw "$5" || return 0
	spl_n=${7:-50}
	spl_q='SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace;'
	spl_sql=$(printf '\\timing on\n'; i=0; while [ "$i" -lt "$spl_n" ]; do
		printf '%s\n' "$spl_q"; i=$((i + 1)); done)
	SVC_RC=0
	SVC_OUT=$(printf '%s\n' "$spl_sql" | PGPASSWORD=$SVC_PW PGCONNECT_TIMEOUT=5 \
		PGPASSFILE=/dev/null timeout "$SVC_TIMEOUT" psql -X -q -A -t \
		-v ON_ERROR_STOP=1 -h "$1" -p "$2" -U "$3" -d "$4" 2>&1) ||
		SVC_RC=$?
	SVC_ERR=${SVC_OUT%%"$NL"*}
	if [ "$SVC_RC" != 0 ]; then
		svc_pg_fail "$1:$2/$4" "the timed query failed"
		return 0
	fi
	spl_fig=$(printf '%s\n' "$SVC_OUT" | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | sort -n |
		awk -v n="$spl_n" '{ a[NR] = $1 } END {
			if (NR != n) { print "bad", NR; exit }
			k = int((95 * NR + 99) / 100)
			printf "%s %s %s %s\n", a[int((50 * NR + 99) / 100)], a[k], a[1], a[NR]
		}')
	case $spl_fig in
	bad*)
		rec error "$1:$2/$4" "psql reported ${spl_fig#bad } timings for $spl_n queries (not judged)"
		return 0
		;;
	esac
	set -f
	# shellcheck disable=SC2086 # four numbers, split on purpose
	set -- "$1" "$2" "$3" "$4" "$5" "$6" $spl_fig
	set +f
	if awk -v p="$8" -v b="$6" 'BEGIN { exit !(p <= b) }'; then
		spl_st=pass
	else
		spl_st=fail
	fi
	rec "$spl_st" "$1:$2/$4" "$spl_n catalog queries: P50 $7 ms, P95 $8 ms (bound $6 ms), min $9 ms, max ${10} ms" \
		"p50_ms=$7" "p95_ms=$8" "min_ms=$9" "max_ms=${10}" "p95_bound_ms=$6" "queries=$spl_n"
}

# svc_redis HOST PORT ARG...: SVC_OUT, SVC_RC (REDISCLI_AUTH = SVC_PW).
svc_redis() {
	svc_r_h=$1 svc_r_p=$2
	shift 2
	SVC_RC=0
	if [ -n "$SVC_PW" ]; then
		SVC_OUT=$(REDISCLI_AUTH=$SVC_PW timeout "$SVC_TIMEOUT" redis-cli \
			-h "$svc_r_h" -p "$svc_r_p" "$@" 2>&1) || SVC_RC=$?
	else
		SVC_OUT=$(timeout "$SVC_TIMEOUT" redis-cli -h "$svc_r_h" -p "$svc_r_p" \
			"$@" 2>&1) || SVC_RC=$?
	fi
	# redis-cli exits 0 on a server error reply: look at the text too.
	case $SVC_OUT in
	*"Could not connect"* | *"Connection refused"*) SVC_RC=2 ;;
	NOAUTH* | *"WRONGPASS"* | ERR* | *"(error)"*) SVC_RC=3 ;;
	esac
}

# svc_redis_get HOST PORT PARAM: SVC_VAL = CONFIG GET PARAM's value.
svc_redis_get() {
	svc_redis "$1" "$2" --no-raw CONFIG GET "$3"
	[ "$SVC_RC" = 0 ] || return 1
	SVC_VAL=$(printf '%s\n' "$SVC_OUT" | sed -n '2s/^2) "\(.*\)"$/\1/p')
	printf '%s\n' "$SVC_OUT" | grep -q '^2) ' || return 1
}

# svc_redis_fail SUBJECT: the record when redis-cli failed.
svc_redis_fail() {
	case $SVC_RC in
	2 | 124) rec fail "$1" "Redis does not answer: ${SVC_OUT%%"$NL"*}" ;;
	3) rec fail "$1" "Redis refused the command: ${SVC_OUT%%"$NL"*}" ;;
	*) rec error "$1" "cannot read the Redis configuration: ${SVC_OUT%%"$NL"*}" ;;
	esac
}

# check_redis_ready HOST PORT PASSFILE: PING answers PONG.
check_redis_ready() {
	svc_args 3 "$#" "HOST PORT PASSFILE" || return 0
	svc_need redis-cli "$1:$2" || return 0
	svc_pw "$3" || return 0
	svc_redis "$1" "$2" ping
	if [ "$SVC_RC" = 0 ] && [ "$SVC_OUT" = PONG ]; then
		rec pass "$1:$2" "Redis answers PING with PONG"
	else
		svc_redis_fail "$1:$2"
	fi
}

# check_redis_memory HOST PORT PASSFILE: maxmemory set and an eviction
# policy chosen (noeviction is Redis' default, i.e. none chosen).
check_redis_memory() {
	svc_args 3 "$#" "HOST PORT PASSFILE" || return 0
	svc_need redis-cli "$1:$2" || return 0
	svc_pw "$3" || return 0
	svc_redis_get "$1" "$2" maxmemory || { svc_redis_fail "$1:$2"; return 0; }
	srm_max=$SVC_VAL
	svc_redis_get "$1" "$2" maxmemory-policy || { svc_redis_fail "$1:$2"; return 0; }
	srm_pol=$SVC_VAL
	if ! is_uint "$srm_max"; then
		rec error "$1:$2" "maxmemory is not a number: '$srm_max'"
	elif [ "$srm_max" -gt 0 ] && [ "$srm_pol" != noeviction ]; then
		rec pass "$1:$2" "maxmemory $srm_max bytes, eviction policy $srm_pol" \
			"maxmemory=$srm_max" "maxmemory_policy=$srm_pol"
	elif [ "$srm_max" -eq 0 ]; then
		rec fail "$1:$2" "maxmemory is not set (0: Redis may use all memory); set maxmemory and an eviction policy such as allkeys-lru" \
			"maxmemory=0" "maxmemory_policy=$srm_pol"
	else
		rec fail "$1:$2" "maxmemory $srm_max bytes but no eviction policy (noeviction): writes fail when full; choose one such as allkeys-lru" \
			"maxmemory=$srm_max" "maxmemory_policy=$srm_pol"
	fi
}

# check_redis_persistence HOST PORT PASSFILE: RDB snapshots or AOF on.
check_redis_persistence() {
	svc_args 3 "$#" "HOST PORT PASSFILE" || return 0
	svc_need redis-cli "$1:$2" || return 0
	svc_pw "$3" || return 0
	svc_redis_get "$1" "$2" save || { svc_redis_fail "$1:$2"; return 0; }
	srp_save=$SVC_VAL
	svc_redis_get "$1" "$2" appendonly || { svc_redis_fail "$1:$2"; return 0; }
	srp_aof=$SVC_VAL
	if [ -n "$srp_save" ] || [ "$srp_aof" = yes ]; then
		rec pass "$1:$2" "persistence on: RDB save '${srp_save:-off}', AOF ${srp_aof}" \
			"save=$srp_save" "appendonly=$srp_aof"
	else
		rec fail "$1:$2" "no persistence: RDB snapshots off (save '') and AOF off; a restart loses every key (set appendonly yes or a save schedule)" \
			"save=" "appendonly=$srp_aof"
	fi
}

# check_http_each URL...: one request to every URL through the core (the
# same probe as core:http), for items that cover several endpoints, e.g.
# ChromaDB's heartbeat and Qdrant's health.
check_http_each() {
	if [ "$#" -lt 1 ]; then
		rec error "$ITEM_ID" "bad arguments: expected URL..."
		return 0
	fi
	for che_u in "$@"; do
		core_capture check http --id "$ITEM_ID" --section "$ITEM_SECTION" \
			--title "$ITEM_TITLE" --severity "$ITEM_SEVERITY" \
			--requests 1 --concurrency 1 -- "$che_u"
		if [ "$CAP_RC" = 0 ] && [ -n "$CAP_OUT" ]; then
			printf '%s' "$CAP_OUT"
			case $CAP_OUT in
			*"$NL") ;;
			*) printf '\n' ;;
			esac
		else
			core_failure_reason "$CAP_RC" "$CAP_ERR" "signoff-core check http"
			rec error "$che_u" "$REASON" "exit_status=$CAP_RC"
		fi
	done
}

# svc_cpu_sample: SVC_CPU_TOTAL and SVC_CPU_IDLE from the first line of
# /proc/stat (jiffies; idle includes iowait).  Returns 1 if unreadable.
svc_cpu_sample() {
	SVC_CPU_TOTAL='' SVC_CPU_IDLE=''
	read -r scs_cpu scs_u scs_n scs_s scs_i scs_w scs_q scs_sq scs_st \
		scs_rest <"${SIGNOFF_PROC:-/proc}/stat" 2>/dev/null || return 1
	[ "$scs_cpu" = cpu ] || return 1
	for scs_v in "$scs_u" "$scs_n" "$scs_s" "$scs_i" "$scs_w" "$scs_q" "$scs_sq" "${scs_st:-0}"; do
		is_uint "$scs_v" || return 1
	done
	: "$scs_rest"
	SVC_CPU_TOTAL=$((scs_u + scs_n + scs_s + scs_i + scs_w + scs_q + scs_sq + ${scs_st:-0}))
	SVC_CPU_IDLE=$((scs_i + scs_w))
}

# svc_resource_containers MEM_MAX CPU_MAX SECONDS: the per-container
# judgement of check_resource_usage.  Three `docker stats --no-stream`
# samples, at the start, after SECONDS/2 and after SECONDS (each one is
# itself Docker's own ~1 s CPU delta); each container's CPU and memory are
# the averages over the samples that have figures for it ("--" while a
# container starts has none).  CPU is docker stats' CPUPerc (100 % = one
# core, as `docker stats` shows it: the checklist's own reading); memory
# is MemPerc (of the container's memory limit, else of the host's memory).
# Every container at or above a bound is named with its figures.  Returns
# 1 (no record) when there is nothing to judge per container: SRU_WHY
# then says why, for the host-wide judgement.
svc_resource_containers() {
	SRU_WHY=
	if ! command -v docker >/dev/null 2>&1; then
		SRU_WHY="Docker is not installed"
		return 1
	fi
	src_all='' src_k=0 src_half=$(($3 / 2))
	while [ "$src_k" -lt 3 ]; do
		src_rc=0
		src_out=$(timeout "$SVC_TIMEOUT" docker stats --no-stream \
			--format '{{.Name}} {{.CPUPerc}} {{.MemPerc}}' 2>&1) || src_rc=$?
		if [ "$src_rc" != 0 ]; then
			SRU_WHY="the Docker daemon does not answer: ${src_out%%"$NL"*}"
			[ "$src_k" = 0 ] && return 1
			rec error containers "docker stats failed during the window: ${src_out%%"$NL"*} (not judged)" "scope=containers"
			return 0
		fi
		if [ "$src_k" = 0 ] && [ -z "$src_out" ]; then
			SRU_WHY="no container runs"
			return 1
		fi
		src_all="$src_all$src_out$NL"
		src_k=$((src_k + 1))
		case $src_k in
		1) sleep "$src_half" ;;
		2) sleep "$(($3 - src_half))" ;;
		esac
	done
	# NAME CPU MEM (averages), then a line "bad TEXT" for any line that
	# is not "NAME N.NN% N.NN%" or "NAME -- --".
	src_avg=$(printf '%s' "$src_all" | awk '
		NF == 0 { next }
		NF != 3 || $1 !~ /^[A-Za-z0-9][A-Za-z0-9_.-]*$/ { print "bad " $0; next }
		$2 == "--" && $3 == "--" { if (!($1 in n)) { n[$1] = 0; order[++k] = $1 }; next }
		$2 !~ /^[0-9]+(\.[0-9]+)?%$/ || $3 !~ /^[0-9]+(\.[0-9]+)?%$/ { print "bad " $0; next }
		{
			if (!($1 in n)) { n[$1] = 0; order[++k] = $1 }
			n[$1]++; cpu[$1] += $2 + 0; mem[$1] += $3 + 0
		}
		END {
			for (i = 1; i <= k; i++) {
				c = order[i]
				if (n[c] == 0) print c, "--", "--"
				else printf "%s %.1f %.1f\n", c, cpu[c] / n[c], mem[c] / n[c]
			}
		}')
	case $NL$src_avg in
	*"${NL}bad "*)
		src_bad=${src_avg#*bad }
		rec error containers "docker stats printed a line that is not NAME CPU% MEM%: ${src_bad%%"$NL"*} (not judged)" "scope=containers"
		return 0
		;;
	esac
	# The offenders, the highest figures, and the containers without any.
	src_res=$(printf '%s\n' "$src_avg" | awk -v mmax="$1" -v cmax="$2" '
		NF != 3 { next }
		$2 == "--" { nofig = nofig (nofig == "" ? "" : ", ") $1; n++; next }
		{
			n++
			if ($3 + 0 >= mmax) off = off (off == "" ? "" : "; ") $1 " memory " $3 "% (below " mmax "% required)"
			if ($2 + 0 >= cmax) off = off (off == "" ? "" : "; ") $1 " CPU " $2 "% (below " cmax "% required)"
			if ($3 + 0 >= mmax || $2 + 0 >= cmax) names = names (names == "" ? "" : ",") $1
			if (!seen || $3 + 0 > hm) { hm = $3 + 0; hmn = $1 }
			if (!seen || $2 + 0 > hc) { hc = $2 + 0; hcn = $1 }
			seen = 1
		}
		END {
			printf "%d|%s|%s|%s|%.1f|%s|%.1f|%s\n", n, off, names, nofig, hm, hmn, hc, hcn
		}')
	IFS='|' read -r src_n src_off src_names src_nofig src_hm src_hmn src_hc src_hcn <<SRCEOF
$src_res
SRCEOF
	src_base="over $3 s (3 samples of docker stats; CPU 100% = one core)"
	if [ -n "$src_off" ]; then
		rec fail containers "over the bounds on average $src_base: $src_off" \
			"scope=containers" "containers=$src_n" "offenders=$src_names" \
			"memory_percent=$src_hm" "cpu_percent=$src_hc" "memory_max_percent=$1" \
			"cpu_max_percent=$2" "window_s=$3" "samples=3" ${src_nofig:+"no_figures=$src_nofig"}
	elif [ -z "$src_hmn" ]; then
		rec error containers "docker stats gave no figures for any of the $src_n containers over $3 s: $src_nofig (not judged)" \
			"scope=containers" "containers=$src_n" "no_figures=$src_nofig"
	else
		rec pass containers "$src_n containers, each below $1% memory and $2% CPU on average $src_base; highest: memory $src_hm% ($src_hmn), CPU $src_hc% ($src_hcn)${src_nofig:+; no figures yet: $src_nofig}" \
			"scope=containers" "containers=$src_n" "memory_percent=$src_hm" \
			"cpu_percent=$src_hc" "memory_max_percent=$1" "cpu_max_percent=$2" \
			"window_s=$3" "samples=3" ${src_nofig:+"no_figures=$src_nofig"}
	fi
	return 0
}

# check_resource_usage MEM_MAX_PERCENT CPU_MAX_PERCENT [SECONDS]: per
# container when Docker answers with running containers
# (svc_resource_containers), else host-wide: memory in use (MemTotal -
# MemAvailable) below MEM_MAX_PERCENT, and CPU busy below CPU_MAX_PERCENT
# on average over a window of SECONDS (default 5), from /proc
# (SIGNOFF_PROC for tests).  The record says which (evidence scope) and,
# host-wide, why not per container.
check_resource_usage() {
	if [ "$#" != 2 ] && [ "$#" != 3 ]; then
		rec error "$ITEM_ID" "bad arguments: expected MEM_MAX_PERCENT CPU_MAX_PERCENT [SECONDS], got $# argument(s)"
		return 0
	fi
	for sru_a in "$1" "$2" "${3:-5}"; do
		if ! is_uint "$sru_a" || [ "${#sru_a}" -gt 3 ]; then
			rec error "$ITEM_ID" "bad argument: '$sru_a' must be a whole number of at most 3 digits"
			return 0
		fi
	done
	svc_resource_containers "$1" "$2" "${3:-5}" && return 0
	sru_meminfo=${SIGNOFF_PROC:-/proc}/meminfo
	sru_total='' sru_avail=''
	if [ -r "$sru_meminfo" ]; then
		while read -r sru_k sru_v sru_u; do
			case $sru_k in
			MemTotal:) sru_total=$sru_v ;;
			MemAvailable:) sru_avail=$sru_v ;;
			esac
		done <"$sru_meminfo"
	fi
	: "${sru_u:-}"
	if ! is_uint "$sru_total" || ! is_uint "$sru_avail" || [ "$sru_total" -eq 0 ]; then
		rec error host "cannot read MemTotal and MemAvailable from $sru_meminfo"
		return 0
	fi
	if ! svc_cpu_sample; then
		rec error host "cannot read the cpu line of ${SIGNOFF_PROC:-/proc}/stat"
		return 0
	fi
	sru_t0=$SVC_CPU_TOTAL sru_i0=$SVC_CPU_IDLE
	sleep "${3:-5}"
	if ! svc_cpu_sample || [ "$SVC_CPU_TOTAL" -le "$sru_t0" ]; then
		rec error host "no CPU time elapsed in ${SIGNOFF_PROC:-/proc}/stat over ${3:-5} s (not judged)"
		return 0
	fi
	sru_dt=$((SVC_CPU_TOTAL - sru_t0))
	sru_cpu=$(( (sru_dt - (SVC_CPU_IDLE - sru_i0)) * 100 / sru_dt ))
	sru_mem=$(( (sru_total - sru_avail) * 100 / sru_total ))
	sru_why=
	[ "$sru_mem" -lt "$1" ] || sru_why="memory $sru_mem% in use, below $1% required"
	if [ "$sru_cpu" -ge "$2" ]; then
		sru_why="${sru_why:+$sru_why; }CPU $sru_cpu% busy on average over ${3:-5} s, below $2% required"
	fi
	if [ -n "$sru_why" ]; then
		sru_st=fail
	else
		sru_st=pass
		sru_why="memory $sru_mem% in use (below $1%), CPU $sru_cpu% busy on average over ${3:-5} s (below $2%)"
	fi
	rec "$sru_st" host "$sru_why (host-wide: $SRU_WHY)" \
		"memory_percent=$sru_mem" "cpu_percent=$sru_cpu" "memory_max_percent=$1" \
		"cpu_max_percent=$2" "window_s=${3:-5}" "scope=host"
}

# svc_docker_names: SVC_NAMES = names of the running containers, one a
# line.  Returns 1 after a skip record when Docker is absent or its daemon
# does not answer (container facts need Docker; nothing else does).
svc_docker_names() {
	if ! command -v docker >/dev/null 2>&1; then
		rec skip containers "Docker is not installed (no docker client on PATH): no container facts on this host"
		return 1
	fi
	sdn_rc=0
	SVC_NAMES=$(timeout "$SVC_TIMEOUT" docker ps --format '{{.Names}}' 2>&1) || sdn_rc=$?
	if [ "$sdn_rc" != 0 ]; then
		rec skip containers "the Docker daemon does not answer: ${SVC_NAMES%%"$NL"*}"
		return 1
	fi
}

# check_containers_running MIN PREFIX: at least MIN running containers
# whose name starts with PREFIX (e.g. sutazai-).
check_containers_running() {
	svc_args 2 "$#" "MIN PREFIX" || return 0
	is_uint "$1" || { rec error "$ITEM_ID" "bad argument: MIN must be a whole number, got '$1'"; return 0; }
	svc_docker_names || return 0
	scr_n=0
	scr_list=
	while IFS= read -r scr_name; do
		case $scr_name in
		"$2"*)
			scr_n=$((scr_n + 1))
			scr_list="${scr_list:+$scr_list }$scr_name"
			;;
		esac
	done <<SCREOF
$SVC_NAMES
SCREOF
	uint_norm "$1"
	if [ "$scr_n" -ge "$UINT" ]; then
		rec pass containers "$scr_n running containers named $2*, at least $UINT required" \
			"running=$scr_n" "required=$UINT"
	else
		rec fail containers "$scr_n running containers named $2*, at least $UINT required" \
			"running=$scr_n" "required=$UINT" "names=$scr_list"
	fi
}

# check_containers_named NAME,...: every named container runs; the
# missing ones are named.
check_containers_named() {
	svc_args 1 "$#" "NAME,..." || return 0
	svc_docker_names || return 0
	scn_missing=
	scn_old=$IFS
	IFS=,
	set -f
	# shellcheck disable=SC2086 # split on commas, no globbing
	set -- $1
	set +f
	IFS=$scn_old
	for scn_want in "$@"; do
		if ! printf '%s\n' "$SVC_NAMES" | grep -qxF -- "$scn_want"; then
			scn_missing="${scn_missing:+$scn_missing, }$scn_want"
		fi
	done
	if [ -z "$scn_missing" ]; then
		rec pass containers "all $# named containers run" "required=$#"
	else
		rec fail containers "not running: $scn_missing" "required=$#" "missing=$scn_missing"
	fi
}

# check_label_values URL NAMESFILE: every name of NAMESFILE (one a line,
# blank lines and # comments ignored) is a value of a Prometheus label,
# read from URL (/api/v1/label/NAME/values) by the core probe's --capture
# (at most 256 values); the missing ones are named.
check_label_values() {
	svc_args 2 "$#" "URL NAMESFILE" || return 0
	if [ ! -f "$2" ] || [ ! -r "$2" ]; then
		rec error "$2" "cannot read the list of expected names $2 (not checked)"
		return 0
	fi
	core_capture check http --id "$ITEM_ID" --section "$ITEM_SECTION" \
		--title "$ITEM_TITLE" --severity "$ITEM_SEVERITY" --requests 1 \
		--concurrency 1 --expect-body '"status":"success"' \
		--capture '(?:\[|,)"([^"]+)"(?=[,\]])' -- "$1"
	if [ "$CAP_RC" != 0 ] || [ -z "$CAP_OUT" ]; then
		core_failure_reason "$CAP_RC" "$CAP_ERR" "signoff-core check http"
		rec error "$1" "$REASON" "exit_status=$CAP_RC"
		return 0
	fi
	slv_line=$(printf '%s\n' "$CAP_OUT" | awk -F "$TAB" -v id="$ITEM_ID" '$1 == id')
	slv_status=$(printf '%s\n' "$slv_line" | awk -F "$TAB" '{ print $4; exit }')
	if [ "$slv_status" != pass ]; then
		# The endpoint itself failed: its record says why.
		printf '%s' "$CAP_OUT"
		return 0
	fi
	printf '%s\n' "$CAP_OUT" | awk -F "$TAB" '$1 == "sandbox"'
	slv_have=$(printf '%s\n' "$slv_line" | tr "$TAB" '\n' | sed -n 's/^captured=//p')
	slv_more=$(printf '%s\n' "$slv_line" | tr "$TAB" '\n' | sed -n 's/^captured_count=//p')
	slv_missing='' slv_n=0 slv_nmiss=0
	while IFS= read -r slv_name || [ -n "$slv_name" ]; do
		case $slv_name in
		'' | '#'*) continue ;;
		esac
		slv_n=$((slv_n + 1))
		case ", $slv_have," in
		*", $slv_name,"*) ;;
		*)
			slv_nmiss=$((slv_nmiss + 1))
			slv_missing="${slv_missing:+$slv_missing, }$slv_name"
			;;
		esac
	done <"$2"
	if [ "$slv_nmiss" = 0 ]; then
		rec pass "$1" "all $slv_n expected values present (${slv_more:-0} values in all)" \
			"expected=$slv_n" "present=${slv_more:-0}"
	else
		rec fail "$1" "$slv_nmiss of $slv_n expected values missing: $slv_missing" \
			"expected=$slv_n" "present=${slv_more:-0}" "missing=$slv_missing"
	fi
}

# check_container_exec SECONDS CONTAINER -- CMD ARG...: CMD run inside the
# running CONTAINER (docker exec) exits 0 within SECONDS; for what only the
# platform network shows (the backend reaching ollama:11434 by name).
# Docker absent or its daemon silent: skip; the container not running:
# fail naming it; CMD failing: fail with its first output line.
check_container_exec() {
	if [ "$#" -lt 4 ] || [ "$3" != -- ] || ! is_uint "$1" || [ "$1" -lt 1 ]; then
		rec error "$ITEM_ID" "bad arguments: expected SECONDS CONTAINER -- CMD ARG..."
		return 0
	fi
	sce_t=$1 sce_c=$2
	shift 3
	svc_docker_names || return 0
	if ! printf '%s\n' "$SVC_NAMES" | grep -qxF -- "$sce_c"; then
		rec fail "$sce_c" "container $sce_c is not running: cannot test from inside it" "container=$sce_c"
		return 0
	fi
	sce_rc=0
	sce_out=$(timeout -k 1 "$sce_t" docker exec "$sce_c" "$@" 2>&1) || sce_rc=$?
	case $sce_rc in
	0) rec pass "$sce_c" "'$*' succeeded inside $sce_c" "container=$sce_c" "command=$*" ;;
	124 | 137) rec fail "$sce_c" "'$*' inside $sce_c did not finish within $sce_t s" "container=$sce_c" "timeout_s=$sce_t" ;;
	*) rec fail "$sce_c" "'$*' inside $sce_c failed with status $sce_rc: ${sce_out%%"$NL"*}" "container=$sce_c" "exit_status=$sce_rc" ;;
	esac
}
