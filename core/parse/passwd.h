/*
 * passwd.h - pure lookup in the text of /etc/passwd (no NSS: the core
 * must not open files or sockets behind the sandbox's back).
 */
#ifndef SIGNOFF_PASSWD_H
#define SIGNOFF_PASSWD_H

#include <stddef.h>
#include <stdint.h>

/* Finds the entry whose name is name[0..nlen) in buf[0..n).  Returns 0 and
 * sets *uid, *gid; -1 if absent or the matching line is malformed. */
int passwd_find(const char *buf, size_t n, const char *name, size_t nlen,
    uint32_t *uid, uint32_t *gid);

/*
 * /etc/group (name:pw:gid:members), by hand as well.  group_find: the gid
 * of the group named name[0..nlen); 0, or -1 if absent or malformed.
 * group_name: the name of the first group with this gid, as an offset and
 * length into buf; 0, or -1 if none.
 */
int group_find(const char *buf, size_t n, const char *name, size_t nlen,
    uint32_t *gid);
int group_name(const char *buf, size_t n, uint32_t gid, size_t *off,
    size_t *len);

#endif
