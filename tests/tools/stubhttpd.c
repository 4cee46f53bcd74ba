/* stub: stand-ins for services Debian does not package (Ollama, Grafana, Loki, ChromaDB, Qdrant, Neo4j, the platform's backend and frontend); tests only.
 *
 * stubhttpd.c - one stub HTTP server per process, answering the documented
 * health endpoints of one service with the real service's status codes and
 * JSON shapes (built by `make tests` as build/tests/stubhttpd).
 *
 *   stubhttpd -s SERVICE -p PORT [-b] [-m MODELS]
 *
 * Binds 127.0.0.1:PORT, prints "port N", serves until SIGTERM.  -b makes
 * the service broken (503 and the unhealthy shape).  Connection: close,
 * one request at a time: enough for health probes and 100 requests at
 * concurrency 10 (the listen backlog holds the rest).
 *
 *   ollama    GET /api/tags    {"models":[{"name":"tinyllama:latest",...}]}
 *             (-m a,b,c sets the model names; default tinyllama:latest,
 *             qwen2.5:7b, nomic-embed-text:latest); POST /api/generate
 *             {"model":...,"response":"Hello.","done":true}; broken:
 *             /api/tags 500, /api/generate {"error":...} 500
 *   grafana   GET /api/health  {"commit":"stub","database":"ok","version":"10.0.0"}
 *             broken: 503 and "database":"failing"
 *   loki      GET /ready       "ready"; broken: 503 "Ingester not ready"
 *   chroma    GET /api/v1/heartbeat  {"nanosecond heartbeat":N}; broken: 500
 *   qdrant    GET /health (and /healthz) "healthz check passed"; broken 503
 *   neo4j     GET /db/data/ and /  {"neo4j_version":"5.0.0",...}; broken 503
 *   backend   GET /health {"status":"healthy"}; GET /metrics (Prometheus
 *             text); broken: 503 {"status":"unhealthy"}
 *   frontend  GET /healthz "ok"; broken 503
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t stop;
static int broken;
static const char *models = "tinyllama:latest,qwen2.5:7b,nomic-embed-text:latest";

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void
reply(int fd, int code, const char *type, const char *body)
{
	char head[256];
	int n = snprintf(head, sizeof(head), "HTTP/1.1 %d %s\r\nContent-Type: "
	    "%s\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n", code,
	    code < 300 ? "OK" : code == 404 ? "Not Found" : code == 503 ?
	    "Service Unavailable" : "Internal Server Error", type, strlen(body));

	if (n > 0)
		(void)send(fd, head, (size_t)n, MSG_NOSIGNAL);
	(void)send(fd, body, strlen(body), MSG_NOSIGNAL);
}

static void
ollama_tags(int fd)
{
	char body[4096], names[1024], *tok, *save = NULL;
	size_t n;

	if (broken) {
		reply(fd, 500, "application/json", "{\"error\":\"model store unavailable\"}");
		return;
	}
	snprintf(names, sizeof(names), "%s", models);
	n = (size_t)snprintf(body, sizeof(body), "{\"models\":[");
	for (tok = strtok_r(names, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save))
		n += (size_t)snprintf(body + n, sizeof(body) - n,
		    "%s{\"name\":\"%s\",\"model\":\"%s\",\"size\":637700138,"
		    "\"digest\":\"2af3b81862c6\",\"details\":{\"format\":\"gguf\"}}",
		    body[n - 1] == '[' ? "" : ",", tok, tok);
	snprintf(body + n, sizeof(body) - n, "]}");
	reply(fd, 200, "application/json", body);
}

static void
serve(int fd, const char *svc)
{
	char req[8192], method[16], path[1024];
	size_t n = 0;
	ssize_t r;

	while (n < sizeof(req) - 1) {
		r = recv(fd, req + n, sizeof(req) - 1 - n, 0);
		if (r <= 0)
			break;
		n += (size_t)r;
		req[n] = '\0';
		if (strstr(req, "\r\n\r\n") != NULL) {
			char *cl = strstr(req, "Content-Length:");
			size_t want = cl ? strtoul(cl + 15, NULL, 10) : 0;
			size_t hl = (size_t)(strstr(req, "\r\n\r\n") - req) + 4;

			if (n >= hl + want)
				break;
		}
	}
	req[n] = '\0';
	if (sscanf(req, "%15s %1023s", method, path) != 2)
		return;
	if (strcmp(svc, "ollama") == 0 && strcmp(path, "/api/tags") == 0) {
		ollama_tags(fd);
	} else if (strcmp(svc, "ollama") == 0 && strcmp(path, "/api/generate") == 0 &&
	    strcmp(method, "POST") == 0) {
		if (broken)
			reply(fd, 500, "application/json", "{\"error\":\"model not loaded\"}");
		else
			reply(fd, 200, "application/json", "{\"model\":\"tinyllama\","
			    "\"created_at\":\"2024-01-01T00:00:00Z\",\"response\":"
			    "\"Hello.\",\"done\":true}");
	} else if (strcmp(svc, "grafana") == 0 && strcmp(path, "/api/health") == 0) {
		if (broken)
			reply(fd, 503, "application/json", "{\"commit\":\"stub\","
			    "\"database\":\"failing\",\"version\":\"10.0.0\"}");
		else
			reply(fd, 200, "application/json", "{\"commit\":\"stub\","
			    "\"database\":\"ok\",\"version\":\"10.0.0\"}");
	} else if (strcmp(svc, "loki") == 0 && strcmp(path, "/ready") == 0) {
		reply(fd, broken ? 503 : 200, "text/plain", broken ?
		    "Ingester not ready: waiting for 15s after being ready\n" : "ready\n");
	} else if (strcmp(svc, "chroma") == 0 && strcmp(path, "/api/v1/heartbeat") == 0) {
		char b[80];

		snprintf(b, sizeof(b), "{\"nanosecond heartbeat\":%lld}",
		    (long long)time(NULL) * 1000000000LL);
		reply(fd, broken ? 500 : 200, "application/json", broken ?
		    "{\"error\":\"InternalError\"}" : b);
	} else if (strcmp(svc, "qdrant") == 0 && (strcmp(path, "/health") == 0 ||
	    strcmp(path, "/healthz") == 0)) {
		reply(fd, broken ? 503 : 200, "text/plain", broken ?
		    "service unavailable" : "healthz check passed");
	} else if (strcmp(svc, "neo4j") == 0 && (strcmp(path, "/db/data/") == 0 ||
	    strcmp(path, "/") == 0)) {
		reply(fd, broken ? 503 : 200, "application/json", broken ? "{}" :
		    "{\"bolt_direct\":\"bolt://localhost:7687\",\"neo4j_version\":"
		    "\"5.0.0\",\"neo4j_edition\":\"community\"}");
	} else if (strcmp(svc, "backend") == 0 && strcmp(path, "/health") == 0) {
		reply(fd, broken ? 503 : 200, "application/json", broken ?
		    "{\"status\":\"unhealthy\"}" : "{\"status\":\"healthy\"}");
	} else if (strcmp(svc, "backend") == 0 && strcmp(path, "/metrics") == 0) {
		reply(fd, 200, "text/plain; version=0.0.4",
		    "# TYPE stub_up gauge\nstub_up 1\n");
	} else if (strcmp(svc, "frontend") == 0 && strcmp(path, "/healthz") == 0) {
		reply(fd, broken ? 503 : 200, "text/plain", broken ? "down" : "ok");
	} else {
		reply(fd, 404, "text/plain", "404 page not found\n");
	}
}

int
main(int argc, char **argv)
{
	struct sockaddr_in sa;
	struct sigaction act;
	const char *svc = NULL;
	unsigned long port = 0;
	int ls, one = 1, opt;

	while ((opt = getopt(argc, argv, "s:p:bm:")) != -1) {
		if (opt == 's')
			svc = optarg;
		else if (opt == 'p')
			port = strtoul(optarg, NULL, 10);
		else if (opt == 'b')
			broken = 1;
		else if (opt == 'm')
			models = optarg;
		else
			return 2;
	}
	if (svc == NULL || port == 0 || port > 65535) {
		fprintf(stderr, "usage: stubhttpd -s SERVICE -p PORT [-b] [-m MODELS]\n");
		return 2;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sa.sin_port = htons((uint16_t)port);
	ls = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (ls < 0)
		return 3;
	setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(ls, (struct sockaddr *)&sa, sizeof(sa)) != 0 || listen(ls, 256) != 0) {
		fprintf(stderr, "stubhttpd: cannot listen on 127.0.0.1:%lu\n", port);
		return 3;
	}
	memset(&act, 0, sizeof(act));
	act.sa_handler = on_signal;
	sigaction(SIGTERM, &act, NULL);
	sigaction(SIGINT, &act, NULL);
	signal(SIGPIPE, SIG_IGN);
	printf("port %lu\n", port);
	fflush(stdout);
	while (!stop) {
		int fd = accept(ls, NULL, NULL);

		if (fd < 0)
			continue;
		serve(fd, svc);
		close(fd);
	}
	return 0;
}
