/* SPDX-License-Identifier: MIT */
/*
 * The outcome histogram and the collection of each batch's outcomes into
 * it.
 */
#include "rt.h"

#include <stdlib.h>

static uint64_t lt_rt_hash(const uint64_t *k, size_t kw)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL;

	for (size_t i = 0; i < kw; i++) {
		h ^= k[i];
		h *= 0xbf58476d1ce4e5b9ULL;
		h ^= h >> 31;
	}
	return h ^ (h >> 29);
}

int lt_rt_hist_init(struct lt_rt_hist *h, size_t kw)
{
	h->kw = kw;
	h->cap = 64;
	h->len = 0;
	h->last = 0;
	h->keys = calloc(h->cap * kw, sizeof(*h->keys));
	h->counts = calloc(h->cap, sizeof(*h->counts));
	return h->keys && h->counts ? 0 : -1;
}

/* Forget every outcome (a calibration try's), keeping the table. */
void lt_rt_hist_clear(struct lt_rt_hist *h)
{
	memset(h->counts, 0, h->cap * sizeof(*h->counts));
	h->len = 0;
	h->last = 0;
}

static void lt_rt_hist_put(uint64_t *keys, uint64_t *counts, size_t cap,
			   size_t kw, const uint64_t *key, uint64_t count)
{
	size_t j = lt_rt_hash(key, kw) & (cap - 1);

	while (counts[j])
		j = (j + 1) & (cap - 1);
	memcpy(keys + j * kw, key, kw * sizeof(*key));
	counts[j] = count;
}

static int lt_rt_hist_grow(struct lt_rt_hist *h)
{
	size_t cap = h->cap * 2;
	uint64_t *keys, *counts;

	if (cap > SIZE_MAX / (h->kw * sizeof(*keys)))
		return -1;
	keys = calloc(cap * h->kw, sizeof(*keys));
	counts = calloc(cap, sizeof(*counts));
	if (!keys || !counts) {
		free(keys);
		free(counts);
		return -1;
	}
	for (size_t j = 0; j < h->cap; j++)
		if (h->counts[j])
			lt_rt_hist_put(keys, counts, cap, h->kw,
				       h->keys + j * h->kw, h->counts[j]);
	free(h->keys);
	free(h->counts);
	h->keys = keys;
	h->counts = counts;
	h->cap = cap;
	h->last = 0;
	return 0;
}

int lt_rt_hist_addn(struct lt_rt_hist *h, const uint64_t *key,
			    uint64_t count)
{
	size_t kb = h->kw * sizeof(*key), j;

	if (h->counts[h->last] &&
	    !memcmp(h->keys + h->last * h->kw, key, kb)) {
		h->counts[h->last] += count;
		return 0;
	}
	/* Keep the load at most one half so that probes stay short. */
	if ((h->len + 1) * 2 > h->cap && lt_rt_hist_grow(h) < 0)
		return -1;
	j = lt_rt_hash(key, h->kw) & (h->cap - 1);
	while (h->counts[j]) {
		if (!memcmp(h->keys + j * h->kw, key, kb)) {
			h->counts[j] += count;
			h->last = j;
			return 0;
		}
		j = (j + 1) & (h->cap - 1);
	}
	memcpy(h->keys + j * h->kw, key, kb);
	h->counts[j] = count;
	h->len++;
	h->last = j;
	return 0;
}

static int lt_rt_hist_add(struct lt_rt_hist *h, const uint64_t *key)
{
	return lt_rt_hist_addn(h, key, 1);
}

void lt_rt_hist_free(struct lt_rt_hist *h)
{
	free(h->keys);
	free(h->counts);
}

/*
 * A value equal to the address of one of the iteration's cells is that
 * location's name, as herd prints it; returns the location or -1.
 */
static int lt_rt_symbol(const struct lt_rt_run *run, uint64_t *it, uint64_t v)
{
	if (!v)
		return -1;
	for (int l = 0; l < run->test->nlocs; l++)
		if (v == (uint64_t)(uintptr_t)lt_rt_cell(run, it, l))
			return l;
	return -1;
}

int lt_rt_collect(struct lt_rt_ctx *ctx, size_t n)
{
	struct lt_rt_run *run = ctx->run;
	const struct lt_rt_test *t = ctx->test;
	uint64_t *key = ctx->key, *bits = key + t->nobs;
	size_t nbits = ctx->hist.kw - (size_t)t->nobs;

	for (size_t i = 0; i < n; i++) {
		uint64_t *it = lt_rt_cells(run, i);
		const uint64_t *slots = run->out + i * (size_t)t->nslots;

		memset(bits, 0, nbits * sizeof(*bits));
		for (int o = 0; o < t->nobs; o++) {
			const struct lt_rt_obs *ob = &t->obs[o];
			uint64_t raw, v;
			int sym;

			if (ob->is_loc) {
				const uint64_t *cell = run->reuse ?
					&run->fin[i * (size_t)t->nlocs + (size_t)ob->index] :
					lt_rt_cell(run, it, ob->index);

				/* The whole cell: a pointer needs all 8 bytes. */
				memcpy(&raw, cell, sizeof(raw));
				v = lt_rt_load(cell, ob->size);
			} else {
				raw = slots[ob->index];
				v = raw;
			}
			sym = lt_rt_symbol(run, it, raw);
			if (sym >= 0) {
				key[o] = (uint64_t)sym;
				bits[o / 64] |= (uint64_t)1 << (o % 64);
			} else {
				key[o] = lt_rt_extend(v, ob->size, ob->is_signed);
			}
		}
		if (lt_rt_hist_add(&ctx->hist, key) < 0) {
			lt_rt_seterr(ctx, "out of memory for %zu distinct outcomes",
				     ctx->hist.len + 1);
			return -1;
		}
	}
	return 0;
}
