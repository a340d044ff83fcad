/* SPDX-License-Identifier: MIT */
/*
 * Candidate executions of a test and their check against a model: step 1
 * below is check-run.c (its per-thread SC filter check-filter.c), steps 2
 * and 3 check-cand.c, the entry point here.
 *
 * 1. Each thread is run over the semantic form of its instructions
 *    (src/model/sem.h) with concrete values.  A read may return any value
 *    some write to its location can produce: the value sets V(x) start as
 *    {init(x)} and grow in rounds, round k running every thread with the
 *    values of round k-1.  A value first produced in round k is the end of
 *    a chain of k writes each fed (through rf and a thread's dataflow) by
 *    the one before; in a candidate each write occurs once in such a chain
 *    (a chain that comes back to a write is a cycle in rf and program
 *    order, which every model here forbids), so no value needs more rounds
 *    than there are store micro-ops.  That bounds the rounds even when a
 *    read-modify-write would feed itself forever (x := x + 1); the extra
 *    values only make traces that no rf can justify.  Every value being
 *    concrete, addresses and branches are decided, and the last round
 *    yields each thread's traces: its events in program order, their
 *    dependencies, and the final registers.  Loops are unrolled as herd
 *    unrolls them (herd/mem.ml, -unroll, 2 by default): a path that
 *    jumps back to the same instruction a third time is cut off and
 *    dropped, as herd drops its cut-off executions; a retry loop around
 *    a store-exclusive that may always fail is then a few paths, not an
 *    infinite tree.  Paths over LT_MAX_STEPS instructions are refused.
 * 2. One trace per thread gives the events of a candidate.  rf is chosen
 *    read by read among the writes (or the initial value) of the same
 *    location and value, then co location by location, one coherence
 *    successor at a time.
 * 3. Pruning: after every rf choice and every co step the model is asked
 *    about the edges fixed so far.  Initial writes come first in co, so a
 *    read of the initial value is fr-before every write of its location as
 *    soon as it is chosen; once a prefix of a location's co is placed, it
 *    precedes every write not yet placed.  The models are monotone, so a
 *    cycle in the fixed part rejects the whole subtree of rf/co choices.
 *
 *    Before any combination, for models that imply SC per location, a
 *    path whose read can be justified neither by the thread's own last
 *    write to the location nor by any other thread's write is dropped.
 *    An rf choice is only checked where a later read still has a choice.
 *
 * Cost: with T traces per thread, the candidates are at most
 * prod(T_i) * prod_reads(#writes of the value + 1) * prod_locs(#writes!);
 * each check is O(n * depth) word operations on n <= 64 events.  The
 * catalogue's tests (up to 4 threads, ~8 events) take 10-30 us each; a
 * 4-thread test with 4 writes to each of 2 locations (16 events, 94k
 * consistent executions) about 0.4 s.  Six threads of five loads each
 * are beyond any patience, hence the budget (struct lt_model_budget),
 * polled at every step of steps 1 and 2 (chk_spent).
 */
#include "config.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "litmus/arch-ops.h"
#include "model/cand.h"
#include "model/check.h"
#include "model/model.h"
#include "model/registry.h"
#include "model/sem-build.h"
#include "util/buf.h"

/* ------------------------------------------------------------------ */
/* Entry point                                                        */
/* ------------------------------------------------------------------ */

static int cmp_rows(const void *a, const void *b, void *t)
{
	return chk_cmp_state(t, a, b);
}

void lt_sem_thread_free(struct lt_sem_thread *p)
{
	for (int k = 0; k < p->thr.ninsns; k++) {
		free(p->thr.insns[k].text);
		free(p->thr.insns[k].label);
	}
	free(p->thr.insns);
	free(p->sem);
	memset(p, 0, sizeof(*p));
}

static int lower_all(struct ctx *x)
{
	const struct lt_test *t = x->t;

	x->nregs = t->nregs;
	for (int th = 0; th < x->nth; th++) {
		const struct lt_thread *thr = &t->threads[th];

		x->thr[th] = thr;
		if (t->arch->lower_thread) {
			struct lt_sem_thread *p = &x->whole[th];

			if (t->arch->lower_thread(t, th, p, x->err) < 0)
				return LT_EMODEL_UNSUPPORTED;
			x->thr[th] = &p->thr;
			x->sem[th] = p->sem;
			if (p->nregs > x->nregs)
				x->nregs = p->nregs;
			continue;
		}
		x->sem[th] = lt_xcalloc((size_t)thr->ninsns + 1, sizeof(struct lt_sem));
		for (int k = 0; k < thr->ninsns; k++) {
			if (thr->insns[k].op < 0)
				continue;
			if (lt_sem_lower(t, thr->id, &thr->insns[k],
					 &x->sem[th][k], x->err) < 0)
				return LT_EMODEL_UNSUPPORTED;
		}
	}
	return 0;
}

/* The byte sizes of the test's memory accesses and declared locations. */
static unsigned access_sizes(const struct ctx *x)
{
	const struct lt_test *t = x->t;
	unsigned sizes = 0;

	for (int l = 0; l < t->nlocs; l++)
		if (t->locs[l].type_given)
			sizes |= lt_type_size(t->locs[l].type);
	for (int th = 0; th < x->nth; th++)
		for (int k = 0; k < x->thr[th]->ninsns; k++)
			for (int u = 0; u < x->sem[th][k].nuops; u++) {
				const struct lt_uop *o = &x->sem[th][k].uops[u];

				if (o->kind == LT_UOP_LOAD || o->kind == LT_UOP_STORE)
					sizes |= o->width / 8;
			}
	return sizes;
}

int chk_layout(struct ctx *x)
{
	const struct lt_test *t = x->t;
	unsigned sizes;
	int n = 0;

	free(x->cell0);
	free(x->loc_bytes);
	free(x->cinit);
	free(x->V);
	free(x->co);
	x->cell0 = lt_xcalloc((size_t)t->nlocs + 1, sizeof(*x->cell0));
	x->loc_bytes = lt_xcalloc((size_t)t->nlocs + 1, sizeof(*x->loc_bytes));
	if (!x->mixed) {
		x->ncells = t->nlocs;
		x->cinit = lt_xcalloc((size_t)t->nlocs + 1, sizeof(*x->cinit));
		for (int l = 0; l < t->nlocs; l++) {
			x->cell0[l] = l;
			x->cinit[l] = t->locs[l].init;
		}
		goto alloc;
	}
	/*
	 * herd's granule (test_herd.ml, compute_size): the smallest size of
	 * the accesses and declared locations, not split further, or half
	 * of the one size there is.  Sizes are powers of two, one bit each.
	 */
	sizes = access_sizes(x) & 0xf;
	if (!sizes)
		sizes = 1;
	x->gran = sizes & -sizes;
	if (sizes == x->gran && x->gran > 1)
		x->gran /= 2;
	/* herd sizes an undeclared location as a word (look_size). */
	for (int l = 0; l < t->nlocs; l++) {
		x->cell0[l] = n;
		x->loc_bytes[l] = t->locs[l].type_given ?
				  (int)lt_type_size(t->locs[l].type) : 4;
		if (x->loc_bytes[l] < (int)x->gran || x->loc_bytes[l] % (int)x->gran) {
			lt_error_set(x->err, t->file, (struct lt_pos){ 0, 0 },
				     "the model does not support location '%s' (%d bytes) in a mixed-size test",
				     t->locs[l].name, x->loc_bytes[l]);
			return LT_EMODEL_UNSUPPORTED;
		}
		n += x->loc_bytes[l] / (int)x->gran;
	}
	x->ncells = n;
	x->cinit = lt_xcalloc((size_t)n + 1, sizeof(*x->cinit));
	for (int l = 0; l < t->nlocs; l++) {
		uint64_t v = (uint64_t)t->locs[l].init.i;

		if (t->locs[l].init.is_sym) {
			lt_error_set(x->err, t->file, (struct lt_pos){ 0, 0 },
				     "the model does not support an address in memory ('%s') in a mixed-size test",
				     t->locs[l].name);
			return LT_EMODEL_UNSUPPORTED;
		}
		for (int k = 0; k < x->loc_bytes[l] / (int)x->gran; k++) {
			x->cinit[x->cell0[l] + k].i =
				(int64_t)(v & (x->gran == 8 ? UINT64_MAX :
					       (UINT64_C(1) << (8 * x->gran)) - 1));
			v = x->gran == 8 ? 0 : v >> (8 * x->gran);
		}
	}
alloc:
	x->V = lt_xcalloc((size_t)x->ncells + 1, sizeof(*x->V));
	x->co = lt_xcalloc((size_t)x->ncells + 1, sizeof(*x->co));
	return 0;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

bool chk_budget_poll(struct ctx *x)
{
	if (x->stop && *x->stop)
		x->out = LT_EMODEL_STOPPED;
	else if (x->deadline > 0 && now_s() >= x->deadline)
		x->out = LT_EMODEL_TIMEOUT;
	else
		return false;
	if (x->out == LT_EMODEL_STOPPED)
		lt_error_set(x->err, x->t->file, (struct lt_pos){ 0, 0 },
			     "interrupted after %" PRIu64 " candidates", x->cands);
	else
		lt_error_set(x->err, x->t->file, (struct lt_pos){ 0, 0 },
			     "timeout: no verdict within the model budget "
			     "(%" PRIu64 " candidates checked)", x->cands);
	return true;
}

int model_allowed_states(const struct lt_test *t, const char *model,
			 struct lt_model_result *out, struct lt_error *err)
{
	return model_allowed_states_budget(t, model, NULL, out, err);
}

int model_allowed_states_budget(const struct lt_test *t, const char *model,
				const struct lt_model_budget *b,
				struct lt_model_result *out, struct lt_error *err)
{
	struct ctx x = { .t = t, .err = err };
	int rc;

	memset(out, 0, sizeof(*out));
	if (b) {
		x.stop = b->stop;
		if (b->timeout_s > 0)
			x.deadline = now_s() + b->timeout_s;
	}
	if (!model)
		model = model_default(t);
	x.m = model ? model_lookup(model) : NULL;
	if (!x.m) {
		lt_error_set(err, t->file, (struct lt_pos){ 0, 0 },
			     "no model '%s' for %s tests", model ? model : "(none)",
			     t->arch ? t->arch->name : "these");
		return LT_EMODEL_UNKNOWN;
	}
	if (x.m->arches) {
		bool ok = false;

		for (const char *const *a = x.m->arches; *a; a++)
			ok |= t->arch && strcmp(*a, t->arch->name) == 0;
		/*
		 * An arch whose row of arch/arches.def names this model as its
		 * default is judged by it too (a TSO arch by x86-tso), so a new
		 * arch needs no edit to the model it borrows.
		 */
		ok |= t->arch && t->arch->model && strcmp(t->arch->model, x.m->name) == 0;
		if (!ok) {
			lt_error_set(err, t->file, (struct lt_pos){ 0, 0 },
				     "the %s model does not apply to %s tests",
				     x.m->name, t->arch ? t->arch->name : "these");
			return LT_EMODEL_UNSUPPORTED;
		}
	}
	if (!t->arch || (!t->arch->lower_insn && !t->arch->lower_thread)) {
		lt_error_set(err, t->file, (struct lt_pos){ 0, 0 },
			     "the model does not support %s instructions yet",
			     t->arch ? t->arch->name : "this arch's");
		return LT_EMODEL_UNSUPPORTED;
	}
	x.nth = t->nthreads;
	x.sem = lt_xcalloc((size_t)x.nth + 1, sizeof(*x.sem));
	x.thr = lt_xcalloc((size_t)x.nth + 1, sizeof(*x.thr));
	x.whole = lt_xcalloc((size_t)x.nth + 1, sizeof(*x.whole));
	x.traces = lt_xcalloc((size_t)x.nth + 1, sizeof(*x.traces));
	x.ntraces = lt_xcalloc((size_t)x.nth + 1, sizeof(*x.ntraces));
	x.choice = lt_xcalloc((size_t)x.nth + 1, sizeof(*x.choice));
	x.scratch = lt_xcalloc((size_t)t->nrecorded + 1, sizeof(*x.scratch));

	rc = lower_all(&x);
	if (rc == 0)
		rc = chk_layout(&x);
	if (rc == 0)
		rc = chk_enumerate_traces(&x);
	/*
	 * An access to part of a location, or of another width than the
	 * location's other accesses: the test is mixed-size, checked again
	 * cell by cell (herd's -variant mixed).  Single-size tests never pay
	 * for it.  A language's threads keep their C objects whole.
	 */
	if (rc == LT_EMODEL_UNSUPPORTED && x.need_mixed && x.m->mixed &&
	    !t->arch->lower_thread) {
		x.mixed = true;
		rc = chk_layout(&x);
		if (rc == 0)
			rc = chk_enumerate_traces(&x);
	}
	if (rc == 0 && x.m->uniproc)
		chk_filter_traces(&x);
	if (rc == 0)
		rc = chk_combine(&x, 0);
	if (rc < 0) {
		out->candidates = x.cands;
		out->bad_access = rc == LT_EMODEL_UNSUPPORTED && x.bad_access;
	}
	if (rc == 0) {
		out->model = x.m->name;
		out->states = x.states;
		out->nstates = x.nstates;
		x.states = NULL;
		if (out->nstates > 1 && t->nobserved > 0)
			qsort_r(out->states, (size_t)out->nstates,
				(size_t)t->nobserved * sizeof(*out->states), cmp_rows,
				(void *)t);
		out->pos = x.pos;
		out->neg = x.neg;
		out->races_checked = x.m->data_race != NULL;
		out->data_race = x.undefined;
		out->mixed_size = x.mixed;
		out->candidates = x.cands;
		out->pruned = x.pruned;
		/* herd's check_cond. */
		switch (t->quant) {
		case LT_Q_EXISTS:
			out->ok = x.pos > 0;
			break;
		case LT_Q_NOT_EXISTS:
			out->ok = x.pos == 0;
			break;
		case LT_Q_FORALL:
			out->ok = x.neg == 0;
			break;
		}
		out->verdict = t->quant == LT_Q_FORALL && x.neg == 0 ?
			       LT_VERDICT_REQUIRED :
			       x.pos > 0 ? LT_VERDICT_ALLOWED : LT_VERDICT_FORBIDDEN;
	}
	chk_free_traces(&x);
	for (int th = 0; th < x.nth; th++) {
		if (x.whole[th].sem)
			lt_sem_thread_free(&x.whole[th]);
		else
			free(x.sem[th]);
		free(x.traces[th]);
	}
	free(x.sem);
	free(x.thr);
	free(x.whole);
	free(x.traces);
	free(x.ntraces);
	free(x.choice);
	free(x.V);
	free(x.co);
	free(x.cell0);
	free(x.loc_bytes);
	free(x.cinit);
	free(x.scratch);
	free(x.states);
	free(x.slots);
	return rc;
}

