/* SPDX-License-Identifier: MIT */
/* Content hashing for the build cache: a 128-bit key from two FNV-1a lanes. */
#ifndef LT_HASH_H
#define LT_HASH_H

#include <stddef.h>
#include <stdint.h>

struct lt_hash {
	uint64_t a, b;
};

void lt_hash_init(struct lt_hash *h);
void lt_hash_update(struct lt_hash *h, const void *data, size_t len);
/* Hash a string including its length, so ("ab","c") differs from ("a","bc"). */
void lt_hash_str(struct lt_hash *h, const char *s);
/* 32 hex digits and a NUL. */
void lt_hash_hex(const struct lt_hash *h, char out[33]);

#endif /* LT_HASH_H */
