#!/bin/sh
# shellcheck source-path=SCRIPTDIR disable=SC2016
# test_services.sh - the running-service items (shell/sections/services.sh
# and core:http items) through `signoff audit`, against real PostgreSQL,
# Redis, Prometheus and Alertmanager started here on loopback ports
# 24600-24699, and stubs (build/tests/stubhttpd) only for the services
# Debian does not package.  Every item healthy and broken, plus skip paths.

# shellcheck source=lib.sh
. tests/shell/lib.sh
# shellcheck source=../services/lib.sh
. tests/services/lib.sh

core_ok
trap 'svc_cleanup; rm -rf -- "$T_TMP"' EXIT
trap 'exit 130' INT TERM HUP PIPE

if [ "$(id -u)" != 0 ]; then
	echo "skip - the service tests start PostgreSQL as user postgres: need root"
	t_end
fi

POL=$T_TMP/services.conf
rec_of='(.results[] | select(.id == $i))'

# item ID SECTION CHECK ARGS: one policy item (phase post).  Shell checks
# run confined (signoff-core confine): these talk to services over TCP and
# read root-only password files, so they need net and root-read.
item() {
	printf '[%s]\nsection = %s\ntitle = %s\nphase = post\nseverity = high\ncheck = %s\nargs = %s\nneeds = net,root-read\n\n' \
		"$1" "$2" "$1" "$3" "$4" >>"$POL"
}

# audit_ids ID...: `signoff audit` of those items; JSON on T_OUT.
audit_ids() {
	ai_ids=$(printf '%s,' "$@")
	so audit --policy "$POL" --only "${ai_ids%,}" --format json
}

# expect ID STATUS [TEXT]: the item's records all have STATUS (and one
# record's message contains TEXT).
expect() {
	check_jq "$1 is $2${3:+ ($3)}" --arg i "$1" --arg s "$2" --arg t "${3:-}" \
		"[$rec_of] | length > 0 and all(.status == \$s) and any(.message | contains(\$t))"
}

printf 'format = 1\nname = services-test\nroot = /\n\n' >"$POL"
PW=$T_TMP/pg_password.txt
BADPW=$T_TMP/wrong_password.txt
RPW=$T_TMP/redis_password.txt
printf 'wrong-password-123\n' >"$BADPW"
printf 'redis-pw-%s-Qx7\n' "$$" >"$RPW"
chmod 0600 "$BADPW" "$RPW"

# --- PostgreSQL ---------------------------------------------------------------
if svc_pg_start 24600 100; then
	ok "PostgreSQL started on 127.0.0.1:24600 (max_connections 100)"
	cp "$SVC_PG_PWFILE" "$PW"
	item pg.ready performance sh:postgres_ready "127.0.0.1 24600 sutazai"
	item pg.ready-down performance sh:postgres_ready "127.0.0.1 24609 sutazai"
	item pg.maxconn performance sh:postgres_max_connections "127.0.0.1 24600 sutazai sutazai $PW 200"
	item pg.maxconn-badpw performance sh:postgres_max_connections "127.0.0.1 24600 sutazai sutazai $BADPW 200"
	item pg.maxconn-nopwfile performance sh:postgres_max_connections "127.0.0.1 24600 sutazai sutazai $T_TMP/none.txt 200"
	item pg.roundtrip postdeploy sh:postgres_roundtrip "127.0.0.1 24600 sutazai sutazai $PW"
	item pg.roundtrip-down postdeploy sh:postgres_roundtrip "127.0.0.1 24609 sutazai sutazai $PW"
	item pg.dump backup sh:postgres_dump "127.0.0.1 24600 sutazai sutazai $PW"
	item pg.dump-badpw backup sh:postgres_dump "127.0.0.1 24600 sutazai sutazai $BADPW"
	item pg.dump-nodb backup sh:postgres_dump "127.0.0.1 24600 sutazai no_such_db $PW"
	item pg.latency performance sh:postgres_latency "127.0.0.1 24600 sutazai sutazai $PW 500 30"
	item pg.latency-tight performance sh:postgres_latency "127.0.0.1 24600 sutazai sutazai $PW 0 30"

	audit_ids pg.ready pg.ready-down pg.maxconn pg.maxconn-badpw pg.maxconn-nopwfile \
		pg.roundtrip pg.roundtrip-down pg.dump pg.dump-badpw pg.dump-nodb pg.latency pg.latency-tight
	check_rc "postgres items: failures, exit 1" 1
	expect pg.ready pass "accepts connections"
	expect pg.ready-down fail "does not answer"
	expect pg.maxconn fail "max_connections is 100, at least 200"
	expect pg.maxconn-badpw fail "password authentication failed"
	expect pg.maxconn-nopwfile error "cannot read the password file"
	expect pg.roundtrip pass "read back unchanged"
	expect pg.roundtrip-down fail "cannot connect"
	expect pg.dump pass "bytes (counted, not stored)"
	check_jq "pg.dump: the byte count is evidence, above 100" --arg i pg.dump "$rec_of.evidence.bytes | tonumber > 100"
	expect pg.dump-badpw fail "pg_dump failed"
	expect pg.dump-nodb fail "no_such_db"
	expect pg.latency pass "P95"
	check_jq "pg.latency: P50 <= P95 <= max, as evidence" --arg i pg.latency \
		"$rec_of.evidence | (.p50_ms|tonumber) <= (.p95_ms|tonumber) and (.p95_ms|tonumber) <= (.max_ms|tonumber) and .queries == \"30\""
	expect pg.latency-tight fail "bound 0 ms"
	check_no "the PostgreSQL password never appears in the report" "$T_OUT" "$(cat "$PW")"

	if svc_pg_restart 24600 250; then
		audit_ids pg.maxconn
		check_rc "max_connections 250: exit 0" 0
		expect pg.maxconn pass "max_connections is 250, at least 200"
	else
		nok "PostgreSQL restarted with max_connections 250"
	fi
	svc_pg_stop
	audit_ids pg.ready pg.roundtrip
	expect pg.ready fail "does not answer"
	expect pg.roundtrip fail
else
	nok "PostgreSQL started on 127.0.0.1:24600"
fi

# --- Redis ---------------------------------------------------------------------
item redis.ready postdeploy sh:redis_ready "127.0.0.1 24610 -"
item redis.ready-down postdeploy sh:redis_ready "127.0.0.1 24619 -"
item redis.memory-plain performance sh:redis_memory "127.0.0.1 24610 -"
item redis.persist-plain backup sh:redis_persistence "127.0.0.1 24610 -"
item redis.memory-tuned performance sh:redis_memory "127.0.0.1 24611 -"
item redis.persist-aof backup sh:redis_persistence "127.0.0.1 24611 -"
item redis.memory-noevict performance sh:redis_memory "127.0.0.1 24612 -"
item redis.persist-rdb backup sh:redis_persistence "127.0.0.1 24612 -"
item redis.auth-ok postdeploy sh:redis_ready "127.0.0.1 24613 $RPW"
item redis.auth-missing postdeploy sh:redis_ready "127.0.0.1 24613 -"
if svc_redis_start 24610 &&
	svc_redis_start 24611 --maxmemory 64mb --maxmemory-policy allkeys-lru --appendonly yes &&
	svc_redis_start 24612 --maxmemory 64mb --save '3600 1' &&
	svc_redis_start 24613 --requirepass "$(cat "$RPW")"; then
	ok "four redis-server instances on 24610-24613"
	audit_ids redis.ready redis.ready-down redis.memory-plain redis.persist-plain \
		redis.memory-tuned redis.persist-aof redis.memory-noevict redis.persist-rdb \
		redis.auth-ok redis.auth-missing
	check_rc "redis items: failures, exit 1" 1
	expect redis.ready pass PONG
	expect redis.ready-down fail "does not answer"
	expect redis.memory-plain fail "maxmemory is not set"
	expect redis.persist-plain fail "no persistence"
	expect redis.memory-tuned pass "eviction policy allkeys-lru"
	expect redis.persist-aof pass "AOF yes"
	expect redis.memory-noevict fail "no eviction policy"
	expect redis.persist-rdb pass "3600 1"
	expect redis.auth-ok pass PONG
	expect redis.auth-missing fail "NOAUTH"
	check_no "the Redis password never appears in the report" "$T_OUT" "$(cat "$RPW")"
else
	nok "redis-server instances started on 24610-24613"
fi

# --- HTTP services: stubs (not packaged by Debian), healthy and broken ----------
stubs_ok=1
for s in ollama:0 grafana:1 loki:2 chroma:3 qdrant:4 backend:5 frontend:6 neo4j:7; do
	svc_stub_start "${s%:*}" $((24640 + ${s#*:})) || stubs_ok=0
	svc_stub_start "${s%:*}" $((24650 + ${s#*:})) -b || stubs_ok=0
done
svc_stub_start ollama 24658 -m tinyllama:latest || stubs_ok=0
# Prometheus publishes its targets only every 5 s: start it now, judge it
# after the HTTP items.
prom_ok=0
if [ "$stubs_ok" = 1 ] && svc_am_start 24625 &&
	svc_prom_start 24620 127.0.0.1:24645 127.0.0.1:24699 127.0.0.1:24625 21 &&
	svc_prom_start 24621 127.0.0.1:24645 - 127.0.0.1:24625 21 &&
	svc_prom_start 24622 127.0.0.1:24645 - 127.0.0.1:24625 3; then
	prom_ok=1
fi
if [ "$stubs_ok" = 1 ]; then
	ok "stub services on 24640-24658"
	models='(?s)^(?=.*"name":"tinyllama)(?=.*"name":"qwen2\.5)(?=.*"name":"nomic-embed)'
	gen='{"model":"tinyllama","prompt":"Say_hello","stream":false}'
	for v in ok:2464 broken:2465; do
		b=${v#*:}
		t=${v%:*}
		item "models.$t" performance core:http "http://127.0.0.1:${b}0/api/tags --requests 1 --expect-body $models"
		item "api-latency.$t" performance core:http "http://127.0.0.1:${b}5/health --requests 100 --concurrency 10 --p95-ms 200 --p99-ms 1000"
		item "inference.$t" performance core:http "http://127.0.0.1:${b}0/api/generate --method POST --data $gen --requests 3 --concurrency 1 --p95-ms 30000 --timeout-ms 60000 --expect-body \"response\":\"[^\"]+\""
		item "loki.$t" monitoring core:http "http://127.0.0.1:${b}2/ready --requests 1 --expect-body ^ready"
		item "grafana.$t" monitoring core:http "http://127.0.0.1:${b}1/api/health --requests 1 --expect-body \"database\":\"ok\""
		item "backend.$t" postdeploy core:http "http://127.0.0.1:${b}5/health --requests 1"
		item "frontend.$t" postdeploy core:http "http://127.0.0.1:${b}6/healthz --requests 1"
		item "ollama-ready.$t" postdeploy core:http "http://127.0.0.1:${b}0/api/tags --requests 1"
		item "neo4j.$t" postdeploy core:http "http://127.0.0.1:${b}7/db/data/ --requests 1"
		item "vector-dbs.$t" postdeploy sh:http_each "http://127.0.0.1:${b}3/api/v1/heartbeat http://127.0.0.1:${b}4/health"
		item "response-time.$t" postdeploy core:http "http://127.0.0.1:${b}5/health --requests 1 --p95-ms 1000"
		item "load.$t" postdeploy core:http "http://127.0.0.1:${b}5/health --requests 100 --concurrency 10"
	done
	item models.missing performance core:http "http://127.0.0.1:24658/api/tags --requests 1 --expect-body $models"
	ids=
	for i in models api-latency inference loki grafana backend frontend ollama-ready neo4j vector-dbs response-time load; do
		ids="$ids $i.ok $i.broken"
	done
	# shellcheck disable=SC2086 # ids are plain words
	audit_ids $ids models.missing
	check_rc "http items: the broken ones fail, exit 1" 1
	for i in models api-latency inference loki grafana backend frontend ollama-ready neo4j vector-dbs response-time load; do
		check_jq "$i against a healthy stub: pass" --arg i "$i.ok" "[$rec_of] | length > 0 and all(.status == \"pass\")"
		# broken, not absent: the stub answered (no connect error)
		check_jq "$i against a broken stub: fail" --arg i "$i.broken" \
			"[$rec_of] | length > 0 and any(.status == \"fail\") and all((.evidence.errors_connect // \"0\") == \"0\")"
	done
	expect models.missing fail "does not match"
	check_jq "load: 100 requests at concurrency 10 with requests/s" --arg i load.ok \
		"$rec_of.evidence | .requests == \"100\" and .concurrency == \"10\" and (.requests_per_s|tonumber) > 0"
	check_jq "vector-dbs: two probes, ChromaDB and Qdrant" --arg i vector-dbs.ok "[$rec_of] | length == 2"
else
	nok "stub services started on 24640-24658"
fi

# --- Prometheus and Alertmanager -------------------------------------------------
targets='^(?![\s\S]*"health":"(?:down|unknown)")(?:[\s\S]*?"health":"up"){21}'
down='"scrapeUrl":"([^"]+)"[^{}]*?"health":"(?:down|unknown)"'
item prom.targets-down monitoring core:http "http://127.0.0.1:24620/api/v1/targets --requests 1 --expect-body $targets --capture $down"
item prom.targets-up monitoring core:http "http://127.0.0.1:24621/api/v1/targets --requests 1 --expect-body $targets"
item prom.targets-few monitoring core:http "http://127.0.0.1:24622/api/v1/targets --requests 1 --expect-body $targets"
item alertmanager.ready monitoring core:http "http://127.0.0.1:24625/-/ready --requests 1"
k=1
while [ "$k" -le 21 ]; do printf 'agent-%s\n' "$k"; k=$((k + 1)); done >"$T_TMP/agents.txt"
{ cat "$T_TMP/agents.txt"; printf '# a comment\n\nagent-22\nagent-99\n'; } >"$T_TMP/agents-more.txt"
item agents.all monitoring sh:label_values "http://127.0.0.1:24621/api/v1/label/agent_name/values $T_TMP/agents.txt"
item agents.missing monitoring sh:label_values "http://127.0.0.1:24621/api/v1/label/agent_name/values $T_TMP/agents-more.txt"
item agents.down monitoring sh:label_values "http://127.0.0.1:24629/api/v1/label/agent_name/values $T_TMP/agents.txt"
if [ "$prom_ok" = 1 ] &&
	svc_prom_wait 24620 && svc_prom_wait 24621 && svc_prom_wait 24622; then
	ok "Alertmanager on 24625, Prometheus on 24620-24622 scraping real targets"
	audit_ids prom.targets-down prom.targets-up prom.targets-few alertmanager.ready \
		agents.all agents.missing agents.down
	check_rc "prometheus items: exit 1" 1
	expect agents.all pass "all 21 expected values present"
	expect agents.missing fail "2 of 23 expected values missing: agent-22, agent-99"
	check_jq "agents.down: Prometheus not answering is a fail, not a pass" --arg i agents.down \
		"[$rec_of] | any(.status == \"fail\" and (.message | contains(\"connect\")))"
	expect prom.targets-up pass
	expect prom.targets-down fail "does not match"
	expect prom.targets-down fail "captured (1): http://127.0.0.1:24699/metrics"
	check_jq "prom.targets-down: the down target is evidence" --arg i prom.targets-down \
		"$rec_of.evidence.captured == \"http://127.0.0.1:24699/metrics\""
	expect prom.targets-few fail "does not match"
	expect alertmanager.ready pass
else
	nok "Prometheus and Alertmanager started"
fi

# --- resource usage (host /proc; bounds that cannot be met or missed) -----------
item res.ok performance sh:resource_usage "101 101 1"
item res.mem performance sh:resource_usage "0 101 1"
item res.cpu performance sh:resource_usage "101 0 1"
item res.bad performance sh:resource_usage "80 abc"
audit_ids res.ok res.mem res.cpu res.bad
check_rc "resource usage: failures, exit 1" 1
expect res.ok pass "host-wide"
check_jq "res.ok: memory and CPU percentages as evidence" --arg i res.ok \
	"$rec_of.evidence | (.memory_percent|tonumber) > 0 and (.cpu_percent|tonumber) >= 0 and .window_s == \"1\" and .scope == \"host\""
expect res.mem fail "in use, below 0% required"
expect res.cpu fail "busy on average over 1 s, below 0% required"
expect res.bad error "bad argument"
T_OUT=$(SIGNOFF_PROC=$T_TMP/no-proc "$SIGNOFF_SHELL" "$SIGNOFF" audit --policy "$POL" \
	--only res.ok --format json 2>/dev/null) || :
expect res.ok error "cannot read MemTotal"

# --- clients missing: skip, naming the client ------------------------------------
# A PATH with every command of /usr/bin and /usr/sbin but the clients.
mkdir "$T_TMP/bin"
ln -s /usr/sbin/* "$T_TMP/bin/" 2>/dev/null || :
ln -sf /usr/bin/* "$T_TMP/bin/" 2>/dev/null || :
rm -f "$T_TMP/bin/psql" "$T_TMP/bin/pg_isready" "$T_TMP/bin/pg_dump" "$T_TMP/bin/redis-cli"
dash_bin=$(command -v dash)
rm -f "$T_TMP/bin/docker"
item containers.running postdeploy sh:containers_running "20 sutazai-"
item containers.named postdeploy sh:containers_named "sutazai-backend,sutazai-ollama"
T_OUT=$(PATH=$T_TMP/bin "$dash_bin" "$SIGNOFF" audit --policy "$POL" \
	--only pg.ready,pg.maxconn,redis.ready,redis.memory-plain,containers.running,containers.named \
	--format tap 2>&1) || :
case $T_OUT in
*"Docker is not installed"*"Docker is not installed"*) ok "Docker missing: container items skip, saying so" ;;
*) nok "Docker missing: container items skip, saying so" "$T_OUT" ;;
esac
if command -v docker >/dev/null 2>&1; then
	T_OUT=$(DOCKER_HOST=unix://$T_TMP/no-docker.sock "$dash_bin" "$SIGNOFF" audit \
		--policy "$POL" --only containers.running --format tap 2>&1) || :
	case $T_OUT in
	*"ok "*"# SKIP"*"Docker daemon does not answer"* | *"Docker daemon does not answer"*)
		ok "Docker daemon unreachable: a skip saying so" ;;
	*) nok "Docker daemon unreachable: a skip saying so" "$T_OUT" ;;
	esac
fi
T_OUT=$(PATH=$T_TMP/bin "$dash_bin" "$SIGNOFF" audit --policy "$POL" \
	--only pg.ready,pg.maxconn,redis.ready,redis.memory-plain --format tap 2>&1) || :
case $T_OUT in
*"pg_isready is not installed"*"psql is not installed"*"redis-cli is not installed"*)
	ok "clients missing: a skip naming each client" ;;
*) nok "clients missing: a skip naming each client" "$T_OUT" ;;
esac

t_end
