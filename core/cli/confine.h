/* confine.h - `signoff-core confine`: run one shell check confined. */
#ifndef SIGNOFF_CONFINE_H
#define SIGNOFF_CONFINE_H

/*
 * signoff-core confine [--needs LIST] [--record ID] [--run-as USER]
 *                      -- CMD ARG...
 * Confines itself (private mount namespace with a tmpfs scratch, uid
 * switch, capabilities dropped, no_new_privs, Landlock read-only
 * everywhere, the confine seccomp denylist), optionally writes the
 * `sandbox` record for item ID on stdout, then executes CMD.  Returns only
 * on failure: 2 usage, 3 internal (nothing was executed), 126/127 when
 * CMD cannot be executed.
 */
int confine_main(int argc, char **argv);

/* The confine filter as PFC text on fd (golden tests).  Returns 0 or -1. */
int confine_export_pfc(int fd);

#endif
