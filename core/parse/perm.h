/*
 * perm.h - the permission verdicts of the secret-files check, as integer
 * functions (pure, no strings, proved with Frama-C WP: see perm.c).
 *
 * Modes are st_mode values; only the low 12 bits (07777) and the file
 * type bits (0170000) are looked at.  "allowed" is the --mode value, at
 * most 0777.  ACL permissions are the 3-bit r=4 w=2 x=1 of acl(5).
 */
#ifndef SIGNOFF_PERM_H
#define SIGNOFF_PERM_H

#include <stdint.h>

#define PERM_BITS	07777u
#define PERM_SPECIAL	07000u		/* setuid, setgid, sticky */
#define PERM_SUID	04000u
#define PERM_SGID	02000u
#define PERM_STICKY	01000u
#define PERM_DEFAULT	0600u		/* --mode when not given */
#define PERM_MAX_ALLOWED 0777u		/* --mode may not grant special bits */

/* The file types of st_mode (Linux values), without <sys/stat.h>. */
#define PERM_IFMT	0170000u
enum perm_type {
	PERM_T_REGULAR, PERM_T_DIRECTORY, PERM_T_SYMLINK, PERM_T_FIFO,
	PERM_T_SOCKET, PERM_T_CHARDEV, PERM_T_BLOCKDEV, PERM_T_UNKNOWN
};

/*@ logic integer perm_type_of(integer fmt) =
      fmt == 0100000 ? 0 :
      fmt == 0040000 ? 1 :
      fmt == 0120000 ? 2 :
      fmt == 0010000 ? 3 :
      fmt == 0140000 ? 4 :
      fmt == 0020000 ? 5 :
      fmt == 0060000 ? 6 : 7;
*/

/* The type of st_mode. */
/*@ assigns \nothing;
    ensures \result == perm_type_of(mode & 0170000);
    ensures PERM_T_REGULAR <= \result <= PERM_T_UNKNOWN;
*/
enum perm_type perm_type(uint32_t mode);

/* 1 if v is an acceptable --mode value (no bits beyond 0777). */
/*@ assigns \nothing;
    ensures \result == 1 <==> v <= 0777;
    ensures \result == 0 || \result == 1;
*/
int perm_allowed_valid(uint32_t v);

/*
 * The permission bits of a file mode that lie outside allowed (setuid,
 * setgid and sticky are always outside, since allowed <= 0777).  0 = ok.
 */
/*@ requires allowed <= 0777;
    assigns \nothing;
    ensures \result == (mode & 07777 & (07777 ^ allowed));
    ensures \result <= 07777;
    ensures (\result & 0400) != 0 <==> ((mode & 0400) != 0 && (allowed & 0400) == 0);
    ensures (\result & 0200) != 0 <==> ((mode & 0200) != 0 && (allowed & 0200) == 0);
    ensures (\result & 040) != 0 <==> ((mode & 040) != 0 && (allowed & 040) == 0);
    ensures (\result & 020) != 0 <==> ((mode & 020) != 0 && (allowed & 020) == 0);
    ensures (\result & 04) != 0 <==> ((mode & 04) != 0 && (allowed & 04) == 0);
    ensures (\result & 02) != 0 <==> ((mode & 02) != 0 && (allowed & 02) == 0);
*/
uint32_t perm_file_excess(uint32_t mode, uint32_t allowed);

/*@ logic integer dir_allowed_l(integer allowed) =
      (allowed & 040) != 0 ? ((allowed & 04) != 0 ? 0755 : 0750)
                           : ((allowed & 04) != 0 ? 0705 : 0700);
*/

/*
 * What the directory holding files of mode `allowed` may grant: 0700, plus
 * group r-x only if allowed grants the group READ, plus other r-x only if
 * it grants others READ (issue 6, hole 9: a class that may not read the
 * files has no business listing them; --mode 0620 gets a 0700 directory).
 * Sticky is tolerated (it grants nothing).
 */
/*@ requires allowed <= 0777;
    assigns \nothing;
    ensures \result == dir_allowed_l(allowed);
    ensures \result == 0700 || \result == 0750 || \result == 0705 ||
            \result == 0755;
    ensures (allowed & 040) != 0 <==> (\result == 0750 || \result == 0755);
    ensures (allowed & 04) != 0 <==> (\result == 0705 || \result == 0755);
*/
uint32_t perm_dir_allowed(uint32_t allowed);

/* The bits of a directory mode beyond perm_dir_allowed(allowed) and sticky. */
/*@ requires allowed <= 0777;
    assigns \nothing;
    ensures \result == (mode & 07777 & (07777 ^ (dir_allowed_l(allowed) | 01000)));
    ensures \result <= 07777;
*/
uint32_t perm_dir_excess(uint32_t mode, uint32_t allowed);

/* 1 if uid is root or the accepted owner. */
/*@ assigns \nothing;
    ensures \result == 1 <==> (uid == 0 || uid == owner);
    ensures \result == 0 || \result == 1;
*/
int perm_owner_ok(uint32_t uid, uint32_t owner);

/*
 * OpenSSH StrictModes for one ancestor directory: owned by root or owner,
 * and not writable by group or other unless sticky.
 */
/*@ assigns \nothing;
    ensures \result == 1 <==>
        ((uid == 0 || uid == owner) &&
         ((mode & 022) == 0 || (mode & 01000) != 0));
    ensures \result == 0 || \result == 1;
*/
int perm_ancestor_ok(uint32_t mode, uint32_t uid, uint32_t owner);

/*
 * The access an ACL entry grants beyond `allowed` (3-bit, the group bits
 * the check accepts), after masking by the ACL mask when there is one.
 */
/*@ requires allowed <= 7;
    assigns \nothing;
    ensures has_mask != 0 ==> \result == (perm & mask & 7 & (7 ^ allowed));
    ensures has_mask == 0 ==> \result == (perm & 7 & (7 ^ allowed));
    ensures \result <= 7;
*/
uint32_t perm_acl_excess(uint32_t perm, uint32_t mask, int has_mask,
    uint32_t allowed);

#endif
