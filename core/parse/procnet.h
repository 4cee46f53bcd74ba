/*
 * procnet.h - one line of /proc/net/{tcp,tcp6,udp,udp6} (pure, proved).
 *
 *   "  0: 0100007F:1538 00000000:0000 0A 00000000:00000000 00:00000000
 *    00000000   106        0 23551 1 ..."
 *
 * Fields: slot, local address:port, remote address:port, state, queues,
 * timer, retransmits, uid, timeout, inode.  Addresses are the kernel's
 * 32-bit words printed with %08X in host byte order (one word for IPv4,
 * four for IPv6); ports are %04X of the host-order port.
 *
 * ci/prove.sh proves these with Frama-C WP (-wp-rte): memory safety, no
 * overflow, and the documented results.
 */
#ifndef SIGNOFF_PROCNET_H
#define SIGNOFF_PROCNET_H

#include <stddef.h>
#include <stdint.h>

struct pn_sock {
	uint8_t v6;		/* 1: a tcp6/udp6 line */
	uint8_t addr[16];	/* network byte order (IPv4: addr[0..3]) */
	uint16_t port;
	uint8_t state;		/* TCP_LISTEN = 0x0A; UDP unconnected = 0x07 */
	uint64_t inode;
};

#define PN_TCP_LISTEN	0x0A
#define PN_UDP_CLOSE	0x07

/*@ requires 0 <= c <= 255;
    assigns \nothing;
    ensures -1 <= \result <= 15;
    ensures ('0' <= c <= '9') ==> \result == c - '0';
    ensures ('A' <= c <= 'F') ==> \result == c - 'A' + 10;
    ensures ('a' <= c <= 'f') ==> \result == c - 'a' + 10;
    ensures !(('0' <= c <= '9') || ('A' <= c <= 'F') || ('a' <= c <= 'f'))
        ==> \result == -1;
 */
int pn_hexdigit(int c);

/*@ requires 1 <= n <= 8;
    requires \valid_read(p + (0 .. n - 1));
    requires \valid(v);
    assigns *v;
    ensures \result == 0 || \result == -1;
 */
int pn_hex32(const uint8_t *p, size_t n, uint32_t *v);

/*@ requires \valid_read(p + (0 .. n - 1));
    requires \valid(s);
    assigns *s;
    ensures \result == 0 || \result == -1;
    ensures \result == 0 ==> s->v6 == (v6 != 0);
 */
int pn_line(const uint8_t *p, size_t n, int v6, struct pn_sock *s);

/*@ requires \valid_read(s);
    assigns \nothing;
    ensures \result == 0 || \result == 1;
 */
int pn_is_loopback(const struct pn_sock *s);

#endif
