/*
 * fuzz/pem/harness.c - the PEM block finder and base64 decoder
 * (core/parse/pem.c).  Properties: every block lies inside the input and
 * the search always moves forward; the decoder writes at most cap bytes
 * and at most 3 bytes per 4 input characters.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/pem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t out[1 << 16];
	const char *txt = (const char *)data;
	struct pem_block b;
	size_t off = 0, n;
	int r, blocks = 0;

	(void)pem_present(txt, size);
	while ((r = pem_next(txt, size, off, &b)) == PEM_FOUND) {
		if (b.body_off < off || b.body_off + b.body_len > size ||
		    b.next <= off || b.next > size ||
		    strlen(b.label) > PEM_LABEL_MAX)
			abort();
		n = b.body_len < sizeof(out) ? b.body_len : sizeof(out);
		if (pem_base64(txt + b.body_off, b.body_len, out, n, &n) == 0 &&
		    (n > b.body_len / 4 * 3 + 3 || n > b.body_len))
			abort();
		off = b.next;
		if (++blocks > 100000)
			abort();
	}
	if (r != PEM_NONE && r != PEM_E_NOEND && r != PEM_E_LABEL)
		abort();
	/* The whole input as base64, into a short buffer. */
	(void)pem_base64(txt, size, out, size % 97, &n);
	return 0;
}
