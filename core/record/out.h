/*
 * out.h - a small buffered writer over a file descriptor.
 *
 * The renderers run under a seccomp filter that allows only read, write and
 * exit, so they cannot use stdio (which may allocate or call fstat).  This
 * writer has a fixed buffer inside the struct, never allocates, and turns
 * every write error into a sticky flag checked once by out_flush().
 */
#ifndef SIGNOFF_OUT_H
#define SIGNOFF_OUT_H

#include <stddef.h>
#include <stdint.h>

#define OUT_BUFSZ 65536

struct out {
	int fd;
	int err;		/* sticky: set on the first failed write */
	size_t n;		/* bytes pending in buf */
	char buf[OUT_BUFSZ];
};

void out_init(struct out *o, int fd);
void out_bytes(struct out *o, const void *p, size_t n);
void out_str(struct out *o, const char *s);
void out_char(struct out *o, char c);
void out_u64(struct out *o, uint64_t v);
void out_i64(struct out *o, int64_t v);
/* Writes what is pending; returns 0, or -1 if any write failed. */
int out_flush(struct out *o);

#endif
