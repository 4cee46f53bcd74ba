/* seccomp_filter.h - internal to sandbox/. */
#ifndef SIGNOFF_SECCOMP_FILTER_H
#define SIGNOFF_SECCOMP_FILTER_H
struct sandbox_profile;
/* Builds (does not load) the filter; NULL with *why on failure. */
void *seccomp_filter_build(const struct sandbox_profile *p, const char **why);
/* Loads and releases the filter.  Returns 0 or -1. */
int seccomp_filter_load(void *f);
#endif
