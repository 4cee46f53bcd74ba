/*
 * curlshim.c - libcurl, loaded only by the checks that use it.
 *
 * Why: linking libcurl pulls in about 30 more shared libraries (OpenSSL,
 * GnuTLS via librtmp and LDAP, nghttp2, libssh2, Kerberos...).  The
 * dynamic loader then spends about 9 ms of CPU on every start of
 * signoff-core, and the front end starts it some 70 times per audit
 * (records, `confine` for each shell check, the report), of which only
 * the http and tls checks need libcurl.  Measured on the 2-core VM:
 * 12.2 ms CPU to start a program linked with every library of the core,
 * 3.2 ms without libcurl.
 *
 * How: signoff-core is not linked with -lcurl.  This file defines the
 * libcurl functions the core calls, with libcurl's own prototypes from
 * <curl/curl.h>, and each forwards to the real function, resolved with
 * dlopen(3)/dlsym(3) on first use.  The first use is always in a check's
 * prepare(), as root and before the sandbox (curl_global_init, or
 * curl_url when parsing arguments): the sandbox then finds libcurl and
 * everything it needs already mapped, exactly as when it was linked.  A
 * first use after confinement cannot open the library (Landlock), fails
 * like any libcurl error, and never happens in the checks as written.
 *
 * The library is found by its soname, libcurl.so.4, which Debian's
 * libcurl4 package (the OpenSSL flavour, from libcurl4-openssl-dev)
 * provides; the search path is the dynamic loader's own, as when linked.
 * Only curl_global_init() and curl_url() load it (see load_now()).
 * When it cannot be loaded, curl_global_init() says why on stderr and
 * returns CURLE_FAILED_INIT, which the checks report as an internal
 * error; every other function returns its own error value.
 *
 * Variadic setopt/getinfo: libcurl's option number says the argument's
 * type (CURLOPTTYPE_*, in steps of 10000); each is read with its own type
 * and passed on.  getinfo's argument is always a pointer.
 */
#define CURL_DISABLE_TYPECHECK 1
#include <curl/curl.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>

#define CURLSHIM_SONAME "libcurl.so.4"

/* Every function the core calls: one line each (name). */
#define CURLSHIM_FUNCS(X) \
	X(curl_global_init) \
	X(curl_easy_init) \
	X(curl_easy_setopt) \
	X(curl_easy_perform) \
	X(curl_easy_cleanup) \
	X(curl_easy_getinfo) \
	X(curl_easy_strerror) \
	X(curl_free) \
	X(curl_multi_init) \
	X(curl_multi_add_handle) \
	X(curl_multi_remove_handle) \
	X(curl_multi_cleanup) \
	X(curl_multi_info_read) \
	X(curl_multi_setopt) \
	X(curl_multi_socket_action) \
	X(curl_slist_append) \
	X(curl_slist_free_all) \
	X(curl_url) \
	X(curl_url_cleanup) \
	X(curl_url_dup) \
	X(curl_url_get) \
	X(curl_url_set)

static struct {
#define CURLSHIM_PTR(f) __typeof__(f) *f;
	CURLSHIM_FUNCS(CURLSHIM_PTR)
#undef CURLSHIM_PTR
} real;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static int loaded;		/* 1 when every symbol resolved */

static void
load(void)
{
	void *h = dlopen(CURLSHIM_SONAME, RTLD_NOW | RTLD_LOCAL);
	const char *missing = NULL;

	if (h == NULL) {
		const char *e = dlerror();

		fprintf(stderr, "signoff-core: cannot load %s: %s\n",
		    CURLSHIM_SONAME, e != NULL ? e : "unknown error");
		return;
	}
#define CURLSHIM_SYM(f) \
	if ((*(void **)&real.f = dlsym(h, #f)) == NULL && missing == NULL) \
		missing = #f;
	CURLSHIM_FUNCS(CURLSHIM_SYM)
#undef CURLSHIM_SYM
	if (missing != NULL) {
		fprintf(stderr, "signoff-core: %s has no %s (libcurl too old)\n",
		    CURLSHIM_SONAME, missing);
		return;
	}
	loaded = 1;
}

/* Loads libcurl once: only curl_global_init() and curl_url() do, the
 * two calls a check makes first, in prepare().  Every other function
 * only asks whether it is loaded, so that a call after confinement that
 * no prepare() preceded (a clean-up of a half-prepared state) is a
 * harmless error, never an open(2) that seccomp would kill. */
static int
load_now(void)
{
	(void)pthread_once(&load_once, load);
	return loaded;
}

static int
ready(void)
{
	return loaded;
}

CURLcode
curl_global_init(long flags)
{
	return load_now() ? real.curl_global_init(flags) : CURLE_FAILED_INIT;
}

CURL *
curl_easy_init(void)
{
	return ready() ? real.curl_easy_init() : NULL;
}

CURLcode
curl_easy_setopt(CURL *c, CURLoption opt, ...)
{
	CURLcode rc;
	va_list ap;

	if (!ready())
		return CURLE_FAILED_INIT;
	va_start(ap, opt);
	if (opt < CURLOPTTYPE_OBJECTPOINT)
		rc = real.curl_easy_setopt(c, opt, va_arg(ap, long));
	else if (opt < CURLOPTTYPE_FUNCTIONPOINT)
		rc = real.curl_easy_setopt(c, opt, va_arg(ap, void *));
	else if (opt < CURLOPTTYPE_OFF_T)
		rc = real.curl_easy_setopt(c, opt, va_arg(ap, void (*)(void)));
	else if (opt < CURLOPTTYPE_BLOB)
		rc = real.curl_easy_setopt(c, opt, va_arg(ap, curl_off_t));
	else
		rc = real.curl_easy_setopt(c, opt, va_arg(ap, void *));
	va_end(ap);
	return rc;
}

CURLcode
curl_easy_perform(CURL *c)
{
	return ready() ? real.curl_easy_perform(c) : CURLE_FAILED_INIT;
}

void
curl_easy_cleanup(CURL *c)
{
	if (ready())
		real.curl_easy_cleanup(c);
}

CURLcode
curl_easy_getinfo(CURL *c, CURLINFO info, ...)
{
	CURLcode rc;
	va_list ap;

	if (!ready())
		return CURLE_FAILED_INIT;
	va_start(ap, info);
	rc = real.curl_easy_getinfo(c, info, va_arg(ap, void *));
	va_end(ap);
	return rc;
}

const char *
curl_easy_strerror(CURLcode code)
{
	return ready() ? real.curl_easy_strerror(code) :
	    "libcurl could not be loaded";
}

void
curl_free(void *p)
{
	if (ready())
		real.curl_free(p);
}

CURLM *
curl_multi_init(void)
{
	return ready() ? real.curl_multi_init() : NULL;
}

CURLMcode
curl_multi_add_handle(CURLM *m, CURL *c)
{
	return ready() ? real.curl_multi_add_handle(m, c) :
	    CURLM_INTERNAL_ERROR;
}

CURLMcode
curl_multi_remove_handle(CURLM *m, CURL *c)
{
	return ready() ? real.curl_multi_remove_handle(m, c) :
	    CURLM_INTERNAL_ERROR;
}

CURLMcode
curl_multi_cleanup(CURLM *m)
{
	return ready() ? real.curl_multi_cleanup(m) : CURLM_INTERNAL_ERROR;
}

CURLMsg *
curl_multi_info_read(CURLM *m, int *left)
{
	return ready() ? real.curl_multi_info_read(m, left) : NULL;
}

CURLMcode
curl_multi_setopt(CURLM *m, CURLMoption opt, ...)
{
	CURLMcode rc;
	va_list ap;

	if (!ready())
		return CURLM_INTERNAL_ERROR;
	va_start(ap, opt);
	if (opt < CURLOPTTYPE_OBJECTPOINT)
		rc = real.curl_multi_setopt(m, opt, va_arg(ap, long));
	else if (opt < CURLOPTTYPE_FUNCTIONPOINT)
		rc = real.curl_multi_setopt(m, opt, va_arg(ap, void *));
	else if (opt < CURLOPTTYPE_OFF_T)
		rc = real.curl_multi_setopt(m, opt, va_arg(ap, void (*)(void)));
	else
		rc = real.curl_multi_setopt(m, opt, va_arg(ap, curl_off_t));
	va_end(ap);
	return rc;
}

CURLMcode
curl_multi_socket_action(CURLM *m, curl_socket_t s, int ev, int *running)
{
	return ready() ? real.curl_multi_socket_action(m, s, ev, running) :
	    CURLM_INTERNAL_ERROR;
}

struct curl_slist *
curl_slist_append(struct curl_slist *l, const char *s)
{
	return ready() ? real.curl_slist_append(l, s) : NULL;
}

void
curl_slist_free_all(struct curl_slist *l)
{
	if (ready())
		real.curl_slist_free_all(l);
}

CURLU *
curl_url(void)
{
	return load_now() ? real.curl_url() : NULL;
}

void
curl_url_cleanup(CURLU *u)
{
	if (ready())
		real.curl_url_cleanup(u);
}

CURLU *
curl_url_dup(CURLU *u)
{
	return ready() ? real.curl_url_dup(u) : NULL;
}

CURLUcode
curl_url_get(CURLU *u, CURLUPart what, char **part, unsigned int flags)
{
	return ready() ? real.curl_url_get(u, what, part, flags) :
	    CURLUE_OUT_OF_MEMORY;
}

CURLUcode
curl_url_set(CURLU *u, CURLUPart what, const char *part, unsigned int flags)
{
	return ready() ? real.curl_url_set(u, what, part, flags) :
	    CURLUE_OUT_OF_MEMORY;
}
