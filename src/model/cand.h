/* SPDX-License-Identifier: MIT */
/*
 * Candidate executions as the model files see them: events, the event sets
 * and relations of herd's cat language as bit matrices, and the few
 * relational operators the published models are written with.
 */
#ifndef LT_MODEL_CAND_H
#define LT_MODEL_CAND_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "litmus/ir.h"
#include "model/sem.h"

/*
 * One bit per event in a 64-bit word: litmus tests have a handful of
 * events, and a row of a relation then fits one word, so union, sequence
 * and closure are a few word operations.
 */
#define LT_MAX_EVENTS 64
#define LT_MODEL_PRE 8

typedef uint64_t lt_set;

/* r[a] has bit b set when (a, b) is in the relation. */
struct lt_rel {
	lt_set r[LT_MAX_EVENTS];
};

enum lt_ev_kind { LT_EV_R, LT_EV_W, LT_EV_F };

struct lt_event {
	enum lt_ev_kind kind;
	int thread;		/* index into test->threads */
	int insn;		/* instruction index in its thread */
	int inst;		/* instruction instance: the step of the path */
	int loc;		/* R, W: location */
	struct lt_value val;	/* R: value read; W: value written */
	unsigned width;		/* bits */
	unsigned ann;		/* LT_ANN_* */
	enum lt_fence fence;	/* F */
};

/*
 * A candidate execution, possibly partial: rf, co and fr hold the edges
 * fixed so far and `complete` says whether they are all fixed.  Every model
 * must be monotone (more edges never make an inconsistent candidate
 * consistent) so that a partial candidate can be rejected early; the cat
 * models of herd written with acyclic/irreflexive/empty over unions and
 * sequences of these relations are.
 */
struct lt_cand {
	int n;
	struct lt_event ev[LT_MAX_EVENTS];
	lt_set R, W, F, M;	/* reads, writes, fences; M = R | W */
	lt_set A;		/* atomic events (herd's A: locked instructions) */
	lt_set fence[LT_NR_FENCES];	/* fence events of each kind */
	struct lt_rel po;	/* program order */
	struct lt_rel loc;	/* same location (memory events) */
	struct lt_rel ext;	/* different threads */
	struct lt_rel rmw;	/* read to write of one read-modify-write */
	struct lt_rel addr, data, ctrl;	/* dependencies (read to event) */
	/*
	 * herd's pick dependencies (aarch64deps.cat): through iico_ctrl as
	 * well as data, supersets of addr, data and ctrl; pick is
	 * pick-basic-dep (a read to every memory event it reaches).
	 */
	struct lt_rel paddr, pdata, pctrl, pick;
	struct lt_rel rf;	/* reads-from (initial writes are implicit) */
	struct lt_rel co;	/* coherence (initial writes first, implicit) */
	struct lt_rel fr;	/* from-reads: rf^-1;co, and reads of init to every write */
	/*
	 * A mixed-size test (src/model/check.h) has an event per cell an
	 * access covers; sca relates the events of one access, each to
	 * itself too: herd's single-copy-atomic classes (sm, sca-class).
	 * Single-size tests (mixed false) leave it empty: there every access
	 * is one event, and sca? is the identity.
	 */
	bool mixed;
	struct lt_rel sca;
	bool complete;
	/*
	 * The model's relations that do not depend on rf and co (ppo, fences,
	 * po-loc...), computed once per event layout by its prepare hook
	 * rather than at each of the many checks of rf and co choices.
	 */
	struct lt_rel pre[LT_MODEL_PRE];
};

/* ---- relational operators (cat: |, &, \, ;, [S], acyclic, empty) ---- */

static inline void rel_clear(struct lt_rel *x)
{
	memset(x, 0, sizeof(*x));
}

static inline void rel_union(const struct lt_cand *c, struct lt_rel *out,
			     const struct lt_rel *a, const struct lt_rel *b)
{
	for (int i = 0; i < c->n; i++)
		out->r[i] = a->r[i] | b->r[i];
}

static inline void rel_inter(const struct lt_cand *c, struct lt_rel *out,
			     const struct lt_rel *a, const struct lt_rel *b)
{
	for (int i = 0; i < c->n; i++)
		out->r[i] = a->r[i] & b->r[i];
}

static inline void rel_minus(const struct lt_cand *c, struct lt_rel *out,
			     const struct lt_rel *a, const struct lt_rel *b)
{
	for (int i = 0; i < c->n; i++)
		out->r[i] = a->r[i] & ~b->r[i];
}

/* out = [dom]; a; [codom] (herd's DC(a) filters: WW(po), RM(po)...). */
static inline void rel_restrict(const struct lt_cand *c, struct lt_rel *out,
				const struct lt_rel *a, lt_set dom, lt_set codom)
{
	for (int i = 0; i < c->n; i++)
		out->r[i] = (dom >> i & 1) ? a->r[i] & codom : 0;
}

/* out = a; b (out must not alias a or b). */
static inline void rel_seq(const struct lt_cand *c, struct lt_rel *out,
			   const struct lt_rel *a, const struct lt_rel *b)
{
	for (int i = 0; i < c->n; i++) {
		lt_set row = 0, s = a->r[i];

		while (s) {
			int k = __builtin_ctzll(s);

			s &= s - 1;
			row |= b->r[k];
		}
		out->r[i] = row;
	}
}

static inline bool rel_empty(const struct lt_cand *c, const struct lt_rel *a)
{
	for (int i = 0; i < c->n; i++)
		if (a->r[i])
			return false;
	return true;
}

/* acc |= x */
static inline void rel_add(const struct lt_cand *c, struct lt_rel *acc,
			   const struct lt_rel *x)
{
	rel_union(c, acc, acc, x);
}

/* r := r+ (Warshall over the bit rows). */
static inline void rel_closure(const struct lt_cand *c, struct lt_rel *r)
{
	for (int k = 0; k < c->n; k++)
		for (int i = 0; i < c->n; i++)
			if (r->r[i] >> k & 1)
				r->r[i] |= r->r[k];
}

/* The events carrying any of the annotation bits ann. */
static inline lt_set cand_ann_set(const struct lt_cand *c, unsigned ann)
{
	lt_set s = 0;

	for (int e = 0; e < c->n; e++)
		if (c->ev[e].ann & ann)
			s |= (lt_set)1 << e;
	return s;
}

/*
 * acyclic(a): peel off the sinks (events with no edge to a remaining
 * event) until none is left, or none can be removed, which leaves a cycle.
 * Each pass is n word operations and removes at least one event, so this
 * is O(n * depth) rather than a closure's O(n^2).
 */
static inline bool rel_acyclic(const struct lt_cand *c, const struct lt_rel *a)
{
	lt_set left = c->n == 64 ? UINT64_MAX : (((lt_set)1 << c->n) - 1);

	while (left) {
		lt_set sinks = 0, s = left;

		while (s) {
			int i = __builtin_ctzll(s);

			s &= s - 1;
			if (!(a->r[i] & left))
				sinks |= (lt_set)1 << i;
		}
		if (!sinks)
			return false;
		left &= ~sinks;
	}
	return true;
}

/*
 * herd's fencerel(B) = (po & (_ * B)); po, between memory events: the
 * pairs of accesses separated in program order by a fence of kind f.
 */
static inline void rel_fencerel(const struct lt_cand *c, struct lt_rel *out,
				enum lt_fence f)
{
	struct lt_rel pf, t;

	rel_restrict(c, &pf, &c->po, c->M, c->fence[f]);
	rel_seq(c, &t, &pf, &c->po);
	rel_restrict(c, out, &t, c->M, c->M);
}

/* A memory model: a name, where it comes from, and its axioms. */
struct lt_model {
	const char *name;
	const char *citation;
	const char *const *arches;	/* arch names it applies to; NULL: all */
	/*
	 * The model implies SC per location (acyclic po-loc | com): the
	 * enumerator may then drop paths that break it within one thread.
	 */
	bool uniproc;
	/*
	 * Dependencies run through memory: a read after the thread's own
	 * write to its location depends on what that write depended on (herd's
	 * aarch64deps.cat, lmrs).  Without it, as in herd's generic addr and
	 * data (RISC-V, POWER), they run through registers only and a
	 * forwarded write is rfi, which the model orders itself.
	 */
	bool mem_deps;
	/*
	 * The model judges mixed-size tests as herd's -variant mixed does,
	 * over the cells of src/model/check.h (with c->sca for the models
	 * whose herd version names the same-access relation); without it
	 * they are refused.
	 */
	bool mixed;
	/*
	 * ... and gives read-modify-writes (AMOs, CAS) there executions,
	 * each cell's read paired with its write (herd's rmw, per location).
	 * herd 7.58 finds none for RISC-V's AMOs in a mixed-size test.
	 */
	bool mixed_rmw;
	/* Fill c->pre from the fixed relations (NULL: nothing to precompute). */
	void (*prepare)(struct lt_cand *c);
	/* Are the axioms satisfied by the edges fixed so far?  Must be monotone. */
	bool (*consistent)(const struct lt_cand *c);
	/*
	 * Does this consistent, complete execution have a data race, which
	 * makes the program's behaviour undefined (herd's undefined_unless)?
	 * NULL: the model defines every program.
	 */
	bool (*data_race)(const struct lt_cand *c);
	/*
	 * What a race is to the model: NULL, undefined behaviour (C11: herd
	 * prints Undef and "Flag *undef*"); else the name of the flag herd
	 * raises, the execution standing as it is (LKMM: "data-race").
	 */
	const char *race_flag;
};

/*
 * empty rmw & (fr; co): no write comes between the read and the write of
 * a read-modify-write (herd's atomicity axiom, common to the models).
 */
static inline bool cand_rmw_atomic(const struct lt_cand *c)
{
	for (int r = 0; r < c->n; r++) {
		lt_set w = c->rmw.r[r];

		if (!w)
			continue;
		for (lt_set s = c->fr.r[r]; s; s &= s - 1)
			if (c->co.r[__builtin_ctzll(s)] & w)
				return false;
	}
	return true;
}

/*
 * Define model lt_model_<id> for the one arch it was written for (it also
 * applies to every arch whose row of arch/arches.def names it), e.g.
 * LT_MODEL(power, "power", "citation", "ppc64le", .uniproc = true, ...):
 * the rest of the fields, designated, follow.
 */
#define LT_MODEL(id, nm, cite, arch, ...)					\
	const struct lt_model lt_model_##id = {					\
		.name = nm, .citation = cite,					\
		.arches = (const char *const[]){ arch, NULL }, __VA_ARGS__	\
	}

extern const struct lt_model lt_model_sc;
extern const struct lt_model lt_model_x86_tso;
extern const struct lt_model lt_model_armv8;
extern const struct lt_model lt_model_riscv;
extern const struct lt_model lt_model_power;
extern const struct lt_model lt_model_c11;
extern const struct lt_model lt_model_rc11;
extern const struct lt_model lt_model_go;
extern const struct lt_model lt_model_lkmm;

#endif /* LT_MODEL_CAND_H */
