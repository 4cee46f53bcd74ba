# shellcheck shell=sh
# tests/services/lib.sh - real services for the tests, on loopback ports
# 24600-24699, started fast and always stopped (sourced by a test, which
# calls svc_cleanup from its EXIT trap).
#
#   svc_pg_start PORT MAXCONN       PostgreSQL (initdb in a temp dir, run
#                                   as user postgres); database sutazai,
#                                   user sutazai, password in $SVC_PG_PWFILE
#   svc_pg_stop                     the one started last
#   svc_redis_start PORT [OPTS...]  redis-server with OPTS (e.g. --maxmemory
#                                   64mb --maxmemory-policy allkeys-lru,
#                                   --appendonly yes); persistence off unless
#                                   OPTS turn it on
#   svc_pg_restart PORT MAXCONN     the same cluster with new settings
#   svc_prom_start PORT UP_TARGET DOWN_TARGET ALERTMANAGER [N_UP]
#                                   Prometheus scraping UP_TARGET as N_UP
#                                   jobs (default 1, agent_name agent-K)
#                                   and DOWN_TARGET ("-": none) every 1 s;
#                                   waits until it is ready
#   svc_prom_wait PORT              until every target was scraped once
#   svc_am_start PORT               Alertmanager (no cluster)
#   svc_stub_start SERVICE PORT [-b] [-m MODELS]
#                                   build/tests/stubhttpd (a stub: only for
#                                   what Debian does not package)
#   svc_wait_http URL               until URL answers 2xx (10 s at most)
#   svc_cleanup                     stop everything, remove every temp dir
#
# Every function returns non-zero with a line on stderr when its service
# cannot start; the caller turns that into `skip` or `not ok`.

SVC_TOP=${SIGNOFF_TOP:-$PWD}
SVC_CORE=${SIGNOFF_CORE:-$SVC_TOP/build/signoff-core}
SVC_PIDS=
SVC_DIRS=
SVC_PG_DIRS=
SVC_PG_DIR=
SVC_PG_PWFILE=
SVC_PGBIN=
for svc_b in /usr/lib/postgresql/*/bin; do
	[ -x "$svc_b/initdb" ] && SVC_PGBIN=$svc_b
done
SVC_TAB=$(printf '\t')

# svc_passes CMD...: CMD (a core http check) printed a pass record for
# item http (not just its sandbox record, which passes whatever happens).
svc_passes() {
	"$@" 2>/dev/null | awk -F "$SVC_TAB" '$1 == "http" && $4 == "pass" { ok = 1 } END { exit !ok }'
}

svc_say() { printf 'services: %s\n' "$*" >&2; }

# svc_tmp: SVC_TMP = a fresh directory, removed by svc_cleanup.
svc_tmp() {
	SVC_TMP=$(mktemp -d /tmp/signoff-svc.XXXXXX) || return 1
	SVC_DIRS="$SVC_DIRS $SVC_TMP"
}

# svc_wait_http URL [TRIES]: 0 once URL answers 2xx.
svc_wait_http() {
	swh_i=0
	while [ "$swh_i" -lt "${2:-100}" ]; do
		svc_passes "$SVC_CORE" check http "$1" --requests 1 --timeout-ms 500 &&
			return 0
		sleep 0.1
		swh_i=$((swh_i + 1))
	done
	return 1
}

svc_pg_start() {
	if [ -z "$SVC_PGBIN" ]; then
		svc_say "PostgreSQL server binaries not found (postgresql)"
		return 1
	fi
	id postgres >/dev/null 2>&1 || { svc_say "no postgres user"; return 1; }
	svc_tmp || return 1
	SVC_PG_DIR=$SVC_TMP
	chown postgres: "$SVC_PG_DIR" && chmod 0700 "$SVC_PG_DIR" || return 1
	SVC_PG_PWFILE=$SVC_PG_DIR/pgpass.txt
	# A password of the shape a deployment would have (never printed).
	printf 'pg-%s-Zx8q\n' "$$" >"$SVC_PG_PWFILE"
	chown postgres: "$SVC_PG_PWFILE" && chmod 0600 "$SVC_PG_PWFILE"
	runuser -u postgres -- "$SVC_PGBIN/initdb" -D "$SVC_PG_DIR/data" \
		-U sutazai --pwfile="$SVC_PG_PWFILE" --auth-host=scram-sha-256 \
		--auth-local=trust --no-sync -E UTF8 >"$SVC_PG_DIR/initdb.log" 2>&1 || {
		svc_say "initdb failed: $(tail -n 3 "$SVC_PG_DIR/initdb.log")"
		return 1
	}
	SVC_PG_DIRS="$SVC_PG_DIRS $SVC_PG_DIR"
	runuser -u postgres -- "$SVC_PGBIN/pg_ctl" -D "$SVC_PG_DIR/data" \
		-l "$SVC_PG_DIR/log" -w -t 30 -o "-p $1 -k $SVC_PG_DIR \
		-c listen_addresses=127.0.0.1 -c max_connections=$2 -c fsync=off \
		-c shared_buffers=16MB -c full_page_writes=off" start >/dev/null 2>&1 || {
		svc_say "PostgreSQL did not start: $(tail -n 3 "$SVC_PG_DIR/log")"
		return 1
	}
	if ! runuser -u postgres -- "$SVC_PGBIN/psql" -h "$SVC_PG_DIR" -p "$1" \
		-U sutazai -d postgres -qAtc 'CREATE DATABASE sutazai' >/dev/null 2>&1 ||
		! runuser -u postgres -- "$SVC_PGBIN/psql" -h "$SVC_PG_DIR" -p "$1" \
			-U sutazai -d sutazai -qAtc "CREATE TABLE agents(name text); INSERT INTO agents VALUES ('backend')" \
			>/dev/null 2>&1; then
		svc_say "cannot create the sutazai database"
		return 1
	fi
}

svc_pg_stop() {
	[ -n "$SVC_PG_DIR" ] || return 0
	runuser -u postgres -- "$SVC_PGBIN/pg_ctl" -D "$SVC_PG_DIR/data" \
		-m immediate -w stop >/dev/null 2>&1 || :
	SVC_PG_DIR=
}

# svc_bg CMD...: CMD in the background, its pid remembered.
svc_bg() {
	"$@" &
	SVC_PIDS="$SVC_PIDS $!"
}

svc_redis_start() {
	command -v redis-server >/dev/null 2>&1 || { svc_say "redis-server not installed"; return 1; }
	srs_port=$1
	shift
	svc_tmp || return 1
	svc_bg redis-server --port "$srs_port" --bind 127.0.0.1 --dir "$SVC_TMP" \
		--save '' --appendonly no --daemonize no --loglevel warning \
		--logfile "$SVC_TMP/log" "$@"
	srs_i=0
	while [ "$srs_i" -lt 100 ]; do
		# A password-protected server answers NOAUTH: up is up.
		case $(redis-cli -h 127.0.0.1 -p "$srs_port" ping 2>&1) in
		PONG | *NOAUTH*) return 0 ;;
		esac
		sleep 0.05
		srs_i=$((srs_i + 1))
	done
	svc_say "redis-server did not start on $srs_port: $(cat "$SVC_TMP/log" 2>/dev/null)"
	return 1
}

svc_stub_start() {
	sss_bin=$SVC_TOP/build/tests/stubhttpd
	[ -x "$sss_bin" ] || { svc_say "stubhttpd not built (make tests)"; return 1; }
	if [ -z "${SVC_STUBDIR:-}" ]; then
		svc_tmp || return 1
		SVC_STUBDIR=$SVC_TMP
	fi
	sss_svc=$1 sss_port=$2
	shift 2
	# Ready when it says so itself: a port held by something else fails.
	svc_bg "$sss_bin" -s "$sss_svc" -p "$sss_port" "$@" \
		>"$SVC_STUBDIR/$sss_port" 2>&1
	sss_i=0
	while [ "$sss_i" -lt 50 ]; do
		[ "$(cat "$SVC_STUBDIR/$sss_port")" = "port $sss_port" ] && return 0
		sleep 0.05
		sss_i=$((sss_i + 1))
	done
	svc_say "stub $sss_svc did not start on $sss_port: $(cat "$SVC_STUBDIR/$sss_port")"
	return 1
}

svc_am_start() {
	command -v prometheus-alertmanager >/dev/null 2>&1 || { svc_say "prometheus-alertmanager not installed"; return 1; }
	svc_tmp || return 1
	cat >"$SVC_TMP/am.yml" <<'EOF'
route:
  receiver: none
receivers:
  - name: none
EOF
	svc_bg prometheus-alertmanager --config.file="$SVC_TMP/am.yml" \
		--storage.path="$SVC_TMP/data" --web.listen-address="127.0.0.1:$1" \
		--cluster.listen-address= --log.level=error >"$SVC_TMP/log" 2>&1
	svc_wait_http "http://127.0.0.1:$1/-/ready" || {
		svc_say "alertmanager did not start: $(tail -n 3 "$SVC_TMP/log")"
		return 1
	}
}

svc_prom_start() {
	command -v prometheus >/dev/null 2>&1 || { svc_say "prometheus not installed"; return 1; }
	svc_tmp || return 1
	{
		printf 'global:\n  scrape_interval: 1s\n  scrape_timeout: 500ms\n'
		printf '  evaluation_interval: 1s\nalerting:\n  alertmanagers:\n'
		printf "    - static_configs:\n        - targets: ['%s']\n" "$4"
		printf 'scrape_configs:\n'
		sps_k=1
		while [ "$sps_k" -le "${5:-1}" ]; do
			printf '  - job_name: agent-%s\n    static_configs:\n' "$sps_k"
			printf "      - targets: ['%s']\n        labels:\n" "$2"
			printf '          agent_name: agent-%s\n' "$sps_k"
			sps_k=$((sps_k + 1))
		done
		if [ "$3" != - ]; then
			printf '  - job_name: agents-down\n    static_configs:\n'
			printf "      - targets: ['%s']\n        labels:\n" "$3"
			printf '          agent_name: ghost-agent\n'
		fi
	} >"$SVC_TMP/prometheus.yml"
	svc_bg prometheus --config.file="$SVC_TMP/prometheus.yml" \
		--storage.tsdb.path="$SVC_TMP/data" --web.listen-address="127.0.0.1:$1" \
		--log.level=error >"$SVC_TMP/log" 2>&1
	svc_wait_http "http://127.0.0.1:$1/-/ready" || {
		svc_say "prometheus did not start: $(tail -n 3 "$SVC_TMP/log")"
		return 1
	}
}

# svc_prom_wait PORT: until every target of that Prometheus was scraped
# once (no health "unknown" left).  Separate from the start, so that
# several instances wait together.
svc_prom_wait() {
	# Prometheus' discovery publishes targets every 5 s: up to 15 s.
	sps_i=0
	while [ "$sps_i" -lt 75 ]; do
		svc_passes "$SVC_CORE" check http "http://127.0.0.1:$1/api/v1/targets" \
			--requests 1 --expect-body \
			'^(?![\s\S]*"health":"unknown")[\s\S]*"health":"(up|down)"' && return 0
		sleep 0.2
		sps_i=$((sps_i + 1))
	done
	svc_say "prometheus never scraped every target"
	return 1
}

# svc_pg_restart PORT MAXCONN: the last cluster again, with new settings.
svc_pg_restart() {
	runuser -u postgres -- "$SVC_PGBIN/pg_ctl" -D "$SVC_PG_DIR/data" \
		-l "$SVC_PG_DIR/log" -w -t 30 -m fast -o "-p $1 -k $SVC_PG_DIR \
		-c listen_addresses=127.0.0.1 -c max_connections=$2 -c fsync=off \
		-c shared_buffers=16MB -c full_page_writes=off" restart >/dev/null 2>&1 || {
		svc_say "PostgreSQL did not restart: $(tail -n 3 "$SVC_PG_DIR/log")"
		return 1
	}
}

svc_cleanup() {
	for svc_p in $SVC_PIDS; do
		kill "$svc_p" 2>/dev/null || :
	done
	for svc_p in $SVC_PIDS; do
		wait "$svc_p" 2>/dev/null || :
	done
	for svc_d in $SVC_PG_DIRS; do
		[ -f "$svc_d/data/postmaster.pid" ] &&
			runuser -u postgres -- "$SVC_PGBIN/pg_ctl" -D "$svc_d/data" \
				-m immediate -w stop >/dev/null 2>&1
	done
	for svc_d in $SVC_DIRS; do
		case $svc_d in
		/tmp/signoff-svc.*) rm -rf -- "$svc_d" ;;
		esac
	done
	SVC_PIDS='' SVC_DIRS='' SVC_PG_DIRS='' SVC_STUBDIR=''
}
