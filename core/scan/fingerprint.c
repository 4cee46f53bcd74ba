/*
 * fingerprint.c - see fingerprint.h.
 */
#include <string.h>

#include "fingerprint.h"
#include "sha256.h"

void
cred_fingerprint(const uint8_t *key, size_t klen, const char *rule_id,
    const char *path, const uint8_t *secret, size_t n,
    char out[CRED_FP_HEX + 1])
{
	static const char hex[] = "0123456789abcdef";
	static const char tag[] = "signoff-cred-fp-1";
	uint8_t mac[SHA256_LEN], d[SHA256_LEN];
	struct sha256 c;
	size_t i;

	hmac_sha256(key, klen, secret, n, mac);
	sha256_init(&c);
	sha256_update(&c, tag, sizeof(tag));		/* with its NUL */
	sha256_update(&c, rule_id, strlen(rule_id) + 1);
	sha256_update(&c, path, strlen(path) + 1);
	sha256_update(&c, mac, sizeof(mac));
	sha256_final(&c, d);
	for (i = 0; i < CRED_FP_HEX / 2; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[CRED_FP_HEX] = '\0';
	explicit_bzero(mac, sizeof(mac));
}

int
cred_fp_valid(const char *s, size_t n)
{
	size_t i;

	if (n != CRED_FP_HEX)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}
