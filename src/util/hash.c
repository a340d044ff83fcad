/* SPDX-License-Identifier: MIT */
/*
 * FNV-1a over two independent 64-bit lanes.  Not cryptographic: the cache
 * only has to tell apart inputs that differ, never resist an adversary
 * (whoever can write the cache directory can replace binaries anyway).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "util/hash.h"

#define FNV_PRIME 0x100000001b3ULL

void lt_hash_init(struct lt_hash *h)
{
	h->a = 0xcbf29ce484222325ULL;
	/* A different offset basis decorrelates the second lane. */
	h->b = 0x84222325cbf29ce4ULL;
}

void lt_hash_update(struct lt_hash *h, const void *data, size_t len)
{
	const unsigned char *p = data;

	for (size_t i = 0; i < len; i++) {
		h->a = (h->a ^ p[i]) * FNV_PRIME;
		h->b = (h->b ^ (unsigned char)(p[i] + 0x5b)) * FNV_PRIME;
		h->b ^= h->b >> 29;
	}
}

void lt_hash_str(struct lt_hash *h, const char *s)
{
	uint64_t n = s ? strlen(s) : 0;

	lt_hash_update(h, &n, sizeof(n));
	if (s)
		lt_hash_update(h, s, n);
}

void lt_hash_hex(const struct lt_hash *h, char out[33])
{
	snprintf(out, 33, "%016llx%016llx", (unsigned long long)h->a,
		 (unsigned long long)h->b);
}
