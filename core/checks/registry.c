/*
 * registry.c - every core check, by name.
 */
#include <stddef.h>
#include <string.h>

#include "check.h"

extern const struct check_def check_secrets;
extern const struct check_def check_firewall;
extern const struct check_def check_ports;
extern const struct check_def check_http;
extern const struct check_def check_credentials;
extern const struct check_def check_cert;
extern const struct check_def check_tls;

int check_dry_run;

const struct check_def *const check_registry[] = {
	&check_secrets,
	&check_firewall,
	&check_ports,
	&check_http,
	&check_credentials,
	&check_cert,
	&check_tls,
	NULL
};

const struct check_def *
check_find(const char *name)
{
	size_t i;

	if (name == NULL)
		return NULL;
	for (i = 0; check_registry[i] != NULL; i++)
		if (strcmp(check_registry[i]->name, name) == 0)
			return check_registry[i];
	return NULL;
}
