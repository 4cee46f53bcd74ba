/* landlock.h - internal to sandbox/. */
#ifndef SIGNOFF_LANDLOCK_H
#define SIGNOFF_LANDLOCK_H
/* The kernel's Landlock ABI version, 0 if unsupported. */
int landlock_abi(void);
/* Restricts the process to read-only beneath ro_fds.  Returns 0 or -1. */
int landlock_apply(int abi, int net_allowed, const int *ro_fds, int n_ro);
#endif
