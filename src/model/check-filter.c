/* SPDX-License-Identifier: MIT */
/*
 * The model checker, step 1b (check.c explains the whole): the traces that
 * break SC per location within their own thread dropped before any
 * candidate is built, for the models that require it.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "model/check.h"
#include "util/buf.h"

/* Index of v in location l's value set, or -1. */
static int value_index(const struct ctx *x, int l, struct lt_value v)
{
	for (int k = 0; k < x->V[l].n; k++)
		if (value_eq(x->V[l].v[k], v))
			return k;
	return -1;
}

/*
 * Drop the traces that break SC per location within their own thread, for
 * models that require it (uniproc): a read after the thread's own write w
 * to the location reads w or a write of another thread (anything else is
 * co-before w: CoWR); a read before any such write reads the initial value
 * or another thread's write (never its own po-later one: CoRW).  Whether
 * another thread can write the value at all is known from its traces.
 */
void chk_filter_traces(struct ctx *x)
{
	/* writers[l * LT_MAX_VALUES + k]: threads that may write value k to cell l. */
	uint64_t *writers = lt_xcalloc((size_t)x->ncells * LT_MAX_VALUES + 1,
				       sizeof(*writers));

	for (int th = 0; th < x->nth; th++)
		for (int k = 0; k < x->ntraces[th]; k++) {
			const struct trace *tr = &x->traces[th][k];

			for (int e = 0; e < tr->nev; e++) {
				int vi;

				if (tr->ev[e].kind != LT_EV_W)
					continue;
				vi = value_index(x, tr->ev[e].loc, tr->ev[e].val);
				if (vi >= 0)
					writers[tr->ev[e].loc * LT_MAX_VALUES + vi] |=
						UINT64_C(1) << (th % 64);
			}
		}
	for (int th = 0; th < x->nth; th++) {
		int kept = 0;

		for (int k = 0; k < x->ntraces[th]; k++) {
			struct trace *tr = &x->traces[th][k];
			bool ok = true;

			for (int e = 0; e < tr->nev && ok; e++) {
				const struct lt_event *r = &tr->ev[e];
				const struct lt_event *own = NULL;
				int vi;

				if (r->kind != LT_EV_R)
					continue;
				for (int w = 0; w < e; w++)
					if (tr->ev[w].kind == LT_EV_W && tr->ev[w].loc == r->loc)
						own = &tr->ev[w];
				vi = value_index(x, r->loc, r->val);
				if (vi >= 0 && x->nth <= 64 &&
				    (writers[r->loc * LT_MAX_VALUES + vi] &
				     ~(UINT64_C(1) << th)))
					continue;	/* another thread writes it */
				ok = own ? value_eq(own->val, r->val) :
				     value_eq(x->cinit[r->loc], r->val);
				if (x->nth > 64)
					ok = true;	/* no bitmask: keep it */
			}
			if (ok)
				x->traces[th][kept++] = *tr;
			else
				free(tr->regs);
		}
		x->ntraces[th] = kept;
	}
	free(writers);
}
