/* landlock.h - internal to sandbox/. */
#ifndef SIGNOFF_LANDLOCK_H
#define SIGNOFF_LANDLOCK_H
#include <stdint.h>
/* The kernel's Landlock ABI version, 0 if unsupported. */
int landlock_abi(void);
/* Restricts the process to read-only beneath ro_fds.  Returns 0 or -1. */
int landlock_apply(int abi, int net_allowed, const int *ro_fds, int n_ro);
/* The same, and with net_allowed and n_ports > 0 (ABI >= 4): TCP connect
 * only to ports[], no bind. */
int landlock_apply_ports(int abi, int net_allowed, const int *ro_fds,
    int n_ro, const uint16_t *ports, int n_ports);
#endif
