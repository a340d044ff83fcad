/* SPDX-License-Identifier: MIT */
/*
 * The JSON arena (arena.h).  Blocks of LT_ARENA_BLOCK bytes, each starting
 * with a link to the previous one; an allocation larger than a quarter of
 * a block gets a block of its own, so that little of a block is wasted.
 */
#include "config.h"

#include <jansson.h>
#include <stdalign.h>
#include <stddef.h>
#include <stdlib.h>

#include "util/arena.h"
#include "util/macros.h"

#define LT_ARENA_BLOCK	((size_t)16 << 20)

struct lt_arena_block {
	struct lt_arena_block *prev;
	max_align_t data[];
};

static struct lt_arena_block *lt_arena_head;	/* block being filled */
static struct lt_arena_block *lt_arena_big;	/* blocks of one allocation */
static size_t lt_arena_used, lt_arena_cap;

static void *lt_arena_alloc(size_t n)
{
	const size_t align = alignof(max_align_t);
	struct lt_arena_block *b;
	void *p;

	n = (n + align - 1) / align * align;
	if (n > LT_ARENA_BLOCK / 4) {
		b = malloc(sizeof(*b) + n);
		if (!b)
			return NULL;
		b->prev = lt_arena_big;
		lt_arena_big = b;
		return b->data;
	}
	if (!lt_arena_head || lt_arena_cap - lt_arena_used < n) {
		b = malloc(sizeof(*b) + LT_ARENA_BLOCK);
		if (!b)
			return NULL;
		b->prev = lt_arena_head;
		lt_arena_head = b;
		lt_arena_used = 0;
		lt_arena_cap = LT_ARENA_BLOCK;
	}
	p = (char *)lt_arena_head->data + lt_arena_used;
	lt_arena_used += n;
	return p;
}

/* Freed with the arena. */
static void lt_arena_free(void *p)
{
	(void)p;
}

void lt_json_arena_begin(void)
{
	json_set_alloc_funcs(lt_arena_alloc, lt_arena_free);
}

void lt_json_arena_hold(void)
{
	json_set_alloc_funcs(malloc, free);
}

static void lt_arena_release(struct lt_arena_block *b)
{
	while (b) {
		struct lt_arena_block *prev = b->prev;

		free(b);
		b = prev;
	}
}

void lt_json_arena_end(void)
{
	lt_arena_release(lt_arena_head);
	lt_arena_release(lt_arena_big);
	lt_arena_head = lt_arena_big = NULL;
	lt_arena_used = lt_arena_cap = 0;
	json_set_alloc_funcs(malloc, free);
}
