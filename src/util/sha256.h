/* SPDX-License-Identifier: MIT */
/*
 * SHA-256 (FIPS 180-4): the identity of a test's source in the results,
 * stable across machines and tool versions (the build cache's FNV key is
 * neither meant nor documented for that).
 */
#ifndef LT_SHA256_H
#define LT_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct lt_sha256 {
	uint32_t h[8];
	uint64_t len;		/* bytes hashed so far */
	unsigned char block[64];
	size_t fill;
};

void lt_sha256_init(struct lt_sha256 *c);
void lt_sha256_update(struct lt_sha256 *c, const void *data, size_t len);
/* 64 lowercase hex digits and a NUL. */
void lt_sha256_hex(struct lt_sha256 *c, char out[65]);

/* The digest of a whole file as hex: 0, or -1 with errno. */
int lt_sha256_file(const char *path, char out[65]);

#endif /* LT_SHA256_H */
