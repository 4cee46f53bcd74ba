/* cli.h - helpers of main.c that touch the host before the sandbox. */
#ifndef SIGNOFF_CLI_H
#define SIGNOFF_CLI_H
#include <stdint.h>
#include "../report/report.h"
void hostinfo_gather(struct host_info *h);
/* UTC "YYYY-MM-DDTHH:MM:SSZ"; cap >= 21. */
void format_rfc3339(int64_t t, char *dst, size_t cap);
extern const char embedded_host_conf[];
#endif
