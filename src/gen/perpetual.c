/* SPDX-License-Identifier: MIT */
/*
 * IR -> C kernel source for --sync=perpetual: the threads run their loops
 * without any barrier, store iteration numbers instead of the test's
 * constants, and record what they read, so that the runtime can rebuild
 * each outcome exactly afterwards (PerpLE, Melissaris et al., MICRO 2020).
 */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "gen/gen.h"
#include "litmus/arch-ops.h"
#include "model/sem-build.h"

#define NOT_ELIGIBLE "not eligible for --sync=perpetual: "

/* What the eligibility pass learns about the test. */
struct perp_info {
	int *writer;		/* per location: thread index of its store, or -1 */
	int *nstores;		/* per location */
	int64_t *value;		/* per location: the constant stored */
	int *load_loc;		/* per register: location it is loaded from, or -1 */
	int *nloads;		/* per register */
	/* per register: carries the iteration number to its one store */
	bool *value_reg;
	/* per thread, per instruction: index of the immediate to replace, or -1 */
	int **imm_op;
	/* per thread, per instruction: a constant move that value_reg replaces */
	bool **drop;
};

static void perp_info_free(struct perp_info *pi, const struct lt_test *t)
{
	free(pi->writer);
	free(pi->nstores);
	free(pi->value);
	free(pi->load_loc);
	free(pi->nloads);
	free(pi->value_reg);
	for (int th = 0; th < t->nthreads; th++) {
		if (pi->imm_op)
			free(pi->imm_op[th]);
		if (pi->drop)
			free(pi->drop[th]);
	}
	free(pi->imm_op);
	free(pi->drop);
}

/* Which operand of in is the immediate its store writes; -1 if none. */
static int imm_operand(const struct lt_insn *in, int64_t imm)
{
	int found = -1;

	for (int o = 0; o < in->nops; o++) {
		if (in->ops[o].kind != LT_OP_IMM || in->ops[o].imm != imm)
			continue;
		if (found >= 0)
			return -1;	/* ambiguous: two equal immediates */
		found = o;
	}
	return found;
}

/* One thread's instructions, lowered, with what each register undergoes. */
struct perp_thread {
	struct lt_sem *sem;	/* per instruction (nuops 0: a label alone) */
	int *reads, *writes;	/* per register of the test */
	int *const_insn;	/* per register: the constant move setting it, or -1 */
	int64_t *const_val;	/* per register: that constant */
};

static void count_arg(const struct lt_sem_arg *a, int *n)
{
	if (a->kind == LT_SA_REG)
		n[a->idx]++;
}

/*
 * The location an access names: directly, or through a base register
 * that holds a location's address (a symbolic initial value) and that no
 * instruction of the thread writes.  -1 for any other address.
 */
static int access_loc(const struct lt_test *t, const struct perp_thread *pt,
		      const struct lt_uop *u)
{
	const struct lt_sem_addr *ad = &u->addr;
	const struct lt_reg *r;

	if (ad->loc >= 0)
		return ad->loc;
	if (ad->base.kind != LT_SA_REG || ad->index.kind != LT_SA_NONE ||
	    ad->disp != 0)
		return -1;
	r = &t->regs[ad->base.idx];
	if (!r->has_init || !r->init.is_sym || pt->writes[ad->base.idx])
		return -1;
	return r->init.loc;
}

/* A constant ALU result (RISC-V `ori x6,x0,1`), or false. */
static bool alu_const(const struct lt_uop *u, int64_t *v)
{
	uint64_t a = (uint64_t)u->a.imm, b = (uint64_t)u->b.imm;

	if (u->a.kind != LT_SA_IMM || u->b.kind != LT_SA_IMM)
		return false;
	switch (u->alu) {
	case LT_ALU_ADD: *v = (int64_t)(a + b); return true;
	case LT_ALU_SUB: *v = (int64_t)(a - b); return true;
	case LT_ALU_AND: *v = (int64_t)(a & b); return true;
	case LT_ALU_OR: *v = (int64_t)(a | b); return true;
	case LT_ALU_XOR: *v = (int64_t)(a ^ b); return true;
	case LT_ALU_SHL: *v = b < 64 ? (int64_t)(a << b) : 0; return true;
	}
	return false;
}

/* Lower thread th and count its registers' reads and writes. */
static int perp_lower(const struct lt_test *t, int th, struct perp_thread *pt,
		      struct lt_error *err)
{
	const struct lt_thread *thr = &t->threads[th];

	pt->sem = lt_xcalloc((size_t)thr->ninsns + 1, sizeof(*pt->sem));
	pt->reads = lt_xcalloc((size_t)t->nregs + 1, sizeof(int));
	pt->writes = lt_xcalloc((size_t)t->nregs + 1, sizeof(int));
	pt->const_insn = lt_xcalloc((size_t)t->nregs + 1, sizeof(int));
	pt->const_val = lt_xcalloc((size_t)t->nregs + 1, sizeof(int64_t));
	for (int r = 0; r < t->nregs; r++)
		pt->const_insn[r] = -1;
	for (int k = 0; k < thr->ninsns; k++) {
		const struct lt_insn *in = &thr->insns[k];

		if (in->op < 0)
			continue;
		if (lt_sem_lower(t, thr->id, in, &pt->sem[k], err) < 0)
			return -1;
		for (int u = 0; u < pt->sem[k].nuops; u++) {
			const struct lt_uop *op = &pt->sem[k].uops[u];

			count_arg(&op->a, pt->reads);
			count_arg(&op->b, pt->reads);
			count_arg(&op->c, pt->reads);
			count_arg(&op->addr.base, pt->reads);
			count_arg(&op->addr.index, pt->reads);
			count_arg(&op->dst, pt->writes);
		}
	}
	return 0;
}

static void perp_thread_free(struct perp_thread *pt)
{
	free(pt->sem);
	free(pt->reads);
	free(pt->writes);
	free(pt->const_insn);
	free(pt->const_val);
}

static int not_plain(const struct lt_test *t, int th, const struct lt_insn *in,
		     struct lt_error *err)
{
	lt_error_set(err, t->file, in->pos,
		     NOT_ELIGIBLE "P%d: '%s' is not a plain load, a store of a constant of 32 bits or more to a named location, a move of a constant into the register such a store takes, or a fence",
		     t->threads[th].id, in->text ? in->text : "?");
	return -1;
}

/*
 * Instruction k of thread th.  A store takes its constant as an
 * immediate (x86 `movl $1,(x)`: the immediate is replaced) or from a
 * register that one constant move sets and only this store reads
 * (AArch64 `MOV W1,#1; STR W1,[X0]`: the move is dropped and the register
 * starts each iteration holding the iteration number).
 */
static int perp_insn(const struct lt_test *t, int th, int k,
		     struct perp_thread *pt, struct perp_info *pi,
		     struct lt_error *err)
{
	const struct lt_insn *in = &t->threads[th].insns[k];
	const struct lt_sem *sem = &pt->sem[k];
	const unsigned plain = LT_ANN_RMW | LT_ANN_EXCL;
	const struct lt_uop *op;
	int64_t v = 0;
	int loc;

	pi->imm_op[th][k] = -1;
	if (in->op < 0)
		return 0;
	for (int u = 0; u < sem->nuops; u++)
		if (sem->uops[u].kind != LT_UOP_FENCE)
			goto single;
	return 0;
single:
	op = &sem->uops[0];
	if (sem->nuops == 2 && op->kind == LT_UOP_LOAD && op->dst.kind == LT_SA_TMP) {
		/* A load through a temporary, then extended into the register
		 * (RISC-V, POWER): the register gets the value read. */
		const struct lt_uop *x = &sem->uops[1];

		if (x->a.kind != LT_SA_TMP || x->a.idx != op->dst.idx ||
		    x->dst.kind != LT_SA_REG || x->cc != LT_CC_ALWAYS || x->pick_cc ||
		    !(x->kind == LT_UOP_MOV ||
		      (x->kind == LT_UOP_ALU && x->alu == LT_ALU_AND && !x->sets_flags &&
		       x->b.kind == LT_SA_IMM && (uint64_t)x->b.imm >= 0xffffffffu)))
			return not_plain(t, th, in, err);
		loc = access_loc(t, pt, op);
		if (loc < 0 || (op->ann & plain) || op->width < 32)
			return not_plain(t, th, in, err);
		pi->load_loc[x->dst.idx] = loc;
		pi->nloads[x->dst.idx]++;
		return 0;
	}
	if (sem->nuops != 1)
		return not_plain(t, th, in, err);
	switch (op->kind) {
	case LT_UOP_MOV:
	case LT_UOP_ALU:
		if (op->dst.kind != LT_SA_REG || op->cc != LT_CC_ALWAYS ||
		    op->pick_cc || op->c.kind != LT_SA_NONE ||
		    (op->kind == LT_UOP_MOV ? op->a.kind != LT_SA_IMM :
		     op->sets_flags || !alu_const(op, &v)))
			return not_plain(t, th, in, err);
		pt->const_insn[op->dst.idx] = k;
		pt->const_val[op->dst.idx] = op->kind == LT_UOP_MOV ? op->a.imm : v;
		return 0;
	case LT_UOP_STORE:
		loc = access_loc(t, pt, op);
		if (loc < 0 || (op->ann & plain) || op->cc != LT_CC_ALWAYS ||
		    op->c.kind != LT_SA_NONE || op->width < 32)
			return not_plain(t, th, in, err);
		if (op->a.kind == LT_SA_IMM) {
			pi->imm_op[th][k] = imm_operand(in, op->a.imm);
			if (pi->imm_op[th][k] < 0)
				return not_plain(t, th, in, err);
			v = op->a.imm;
		} else {
			int r = op->a.kind == LT_SA_REG ? op->a.idx : -1;
			int c = r >= 0 ? pt->const_insn[r] : -1;

			/* Set once, before, by a constant move; read only here. */
			if (r < 0)
				return not_plain(t, th, in, err);
			if (c < 0 || c > k || pt->writes[r] != 1 || pt->reads[r] != 1 ||
			    lt_test_observed_index(t, (struct lt_var){ .is_loc = false, .idx = r }) >= 0) {
				lt_error_set(err, t->file, in->pos,
					     NOT_ELIGIBLE "P%d: '%s': the register it stores, %s, must be set by one move of a constant before it and read by this store alone",
					     t->threads[th].id, in->text ? in->text : "?",
					     t->regs[r].name);
				return -1;
			}
			pi->value_reg[r] = true;
			pi->drop[th][c] = true;
			v = pt->const_val[r];
		}
		pi->writer[loc] = th;
		pi->nstores[loc]++;
		pi->value[loc] = v;
		return 0;
	case LT_UOP_LOAD:
		loc = access_loc(t, pt, op);
		if (loc < 0 || (op->ann & plain) || op->dst.kind != LT_SA_REG ||
		    op->width < 32)
			return not_plain(t, th, in, err);
		pi->load_loc[op->dst.idx] = loc;
		pi->nloads[op->dst.idx]++;
		return 0;
	default:
		return not_plain(t, th, in, err);
	}
}

/*
 * Eligible: two to four threads; only plain loads, stores of a constant (32 bits
 * or more, so that iteration numbers fit; as an immediate or from a
 * register a constant move sets for it alone) to named locations or
 * through registers holding their addresses, and fences; every location
 * stored by at most one instruction; every observed register loaded at
 * most once; integers only.  Then an iteration's outcome is a function of
 * which stores each load saw, which the values read tell exactly.
 */
static int perp_analyse(const struct lt_test *t, struct perp_info *pi,
			struct lt_error *err)
{
	struct lt_pos p0 = { 1, 1 };

	if (t->nthreads < 2 || t->nthreads > 4) {
		lt_error_set(err, t->file, p0, NOT_ELIGIBLE "the pairing of iterations is implemented for two to four threads; this test has %d",
			     t->nthreads);
		return -1;
	}
	if (!t->arch->lower_insn) {
		lt_error_set(err, t->file, p0, NOT_ELIGIBLE "the %s backend has no semantic lowering to check the test's form",
			     t->arch->name);
		return -1;
	}
	pi->writer = lt_xcalloc((size_t)t->nlocs + 1, sizeof(int));
	pi->nstores = lt_xcalloc((size_t)t->nlocs + 1, sizeof(int));
	pi->value = lt_xcalloc((size_t)t->nlocs + 1, sizeof(int64_t));
	pi->load_loc = lt_xcalloc((size_t)t->nregs + 1, sizeof(int));
	pi->nloads = lt_xcalloc((size_t)t->nregs + 1, sizeof(int));
	pi->value_reg = lt_xcalloc((size_t)t->nregs + 1, sizeof(bool));
	pi->imm_op = lt_xcalloc((size_t)t->nthreads, sizeof(int *));
	pi->drop = lt_xcalloc((size_t)t->nthreads, sizeof(bool *));
	for (int l = 0; l < t->nlocs; l++)
		pi->writer[l] = -1;
	for (int r = 0; r < t->nregs; r++)
		pi->load_loc[r] = -1;
	for (int th = 0; th < t->nthreads; th++) {
		const struct lt_thread *thr = &t->threads[th];
		struct perp_thread pt;
		int rc = 0;

		memset(&pt, 0, sizeof(pt));
		pi->imm_op[th] = lt_xcalloc((size_t)thr->ninsns + 1, sizeof(int));
		pi->drop[th] = lt_xcalloc((size_t)thr->ninsns + 1, sizeof(bool));
		rc = perp_lower(t, th, &pt, err);
		for (int k = 0; k < thr->ninsns && rc == 0; k++)
			rc = perp_insn(t, th, k, &pt, pi, err);
		perp_thread_free(&pt);
		if (rc < 0)
			return -1;
	}
	for (int l = 0; l < t->nlocs; l++) {
		const struct lt_loc *loc = &t->locs[l];

		if (pi->nstores[l] > 1) {
			lt_error_set(err, t->file, p0, NOT_ELIGIBLE "location %s is stored by %d instructions; iteration numbers identify one store per location",
				     loc->name, pi->nstores[l]);
			return -1;
		}
		if (loc->type == LT_T_PTR || loc->init.is_sym ||
		    lt_type_size(loc->type) < 4) {
			lt_error_set(err, t->file, p0, NOT_ELIGIBLE "location %s is a pointer or narrower than 32 bits",
				     loc->name);
			return -1;
		}
	}
	for (int k = 0; k < t->nrecorded; k++) {
		struct lt_var v = t->observed[k];
		const struct lt_reg *r = v.is_loc ? NULL : &t->regs[v.idx];

		if (r && (pi->nloads[v.idx] > 1 ||
			  (!pi->nloads[v.idx] && r->has_init && r->init.is_sym))) {
			lt_error_set(err, t->file, p0, NOT_ELIGIBLE "register %d:%s is loaded more than once or holds an address",
				     r->thread, r->name);
			return -1;
		}
	}
	return 0;
}

static int thread_index(const struct lt_test *t, int id)
{
	for (int th = 0; th < t->nthreads; th++)
		if (t->threads[th].id == id)
			return th;
	return -1;
}

static int emit_cond(const struct lt_test *t, const struct lt_cond *c,
		     struct lt_buf *out, struct lt_error *err)
{
	int k;

	switch (c->op) {
	case LT_C_TRUE:
		lt_buf_puts(out, "1");
		return 0;
	case LT_C_FALSE:
		lt_buf_puts(out, "0");
		return 0;
	case LT_C_ATOM:
		k = lt_test_observed_index(t, c->var);
		if (c->rhs_var) {
			lt_buf_printf(out, "(v[%d] %s v[%d])", k, c->neq ? "!=" : "==",
				      lt_test_observed_index(t, c->var2));
			return 0;
		}
		if (k < 0 || c->val.is_sym) {
			lt_error_set(err, t->file, c->pos, NOT_ELIGIBLE "the condition compares with an address");
			return -1;
		}
		/* The rebuilt values are in the observable's form (emit_obs). */
		lt_buf_printf(out, "(v[%d] %s (int64_t)%lldLL)", k,
			      c->neq ? "!=" : "==",
			      (long long)lt_var_canon(t, c->var, c->val).i);
		return 0;
	case LT_C_NOT:
		lt_buf_puts(out, "!");
		return emit_cond(t, c->l, out, err);
	default:
		lt_buf_puts(out, c->op == LT_C_IMPLIES ? "(!" : "(");
		if (emit_cond(t, c->l, out, err) < 0)
			return -1;
		lt_buf_puts(out, c->op == LT_C_AND ? " && " : " || ");
		if (emit_cond(t, c->r, out, err) < 0)
			return -1;
		lt_buf_puts(out, ")");
		return 0;
	}
}

/*
 * One thread.  `x` is a copy of the test with one more register (index
 * x->nregs - 1): the value this iteration stores, run->base + i + 1, which
 * replaces the constant of every store (the arch emits the same
 * instruction with a register source, e.g. x86 movl %reg,(x)).
 */
static int emit_thread(struct lt_test *x, int th, const struct perp_info *pi,
		       const int *slot, struct lt_buf *out,
		       struct lt_error *err)
{
	const struct lt_thread *thr = &x->threads[th];
	int vreg = x->nregs - 1, rc = -1;
	struct gen_thread g;

	gen_thread_init(&g, x->nregs, x->nlocs + 1);
	x->regs[vreg].thread = thr->id;
	for (int k = 0; k < thr->ninsns; k++) {
		if (pi->drop[th][k])
			continue;
		for (int o = 0; o < thr->insns[k].nops; o++)
			lt_gen_mark_operand(&thr->insns[k].ops[o], g.reg_used, g.loc_used);
		g.reg_used[vreg] |= pi->imm_op[th][k] >= 0;
	}
	for (int k = 0; k < x->nregs - 1; k++)
		if (x->regs[k].thread == thr->id && slot[k] >= 0)
			g.reg_used[k] = true;
	if (gen_check_operands(x, thr->id, &g, (struct lt_pos){ 1, 1 }, err) < 0)
		goto out;

	lt_buf_puts(&g.tmpl, LT_ASM_KERNEL_MARK ":");
	for (int k = 0; k < thr->ninsns; k++) {
		struct lt_insn in = thr->insns[k];
		int o = pi->imm_op[th][k];

		if (pi->drop[th][k] && !in.label)
			continue;
		lt_buf_puts(&g.tmpl, "\n\t");
		if (in.label)
			lt_buf_printf(&g.tmpl, LT_ASM_LABEL_FMT ":%s", in.label,
				      in.op >= 0 ? " " : "");
		if (o >= 0) {
			unsigned w = in.ops[o].width ? in.ops[o].width : in.width;

			in.ops[o] = (struct lt_operand){ .kind = LT_OP_REG,
				.width = w ? w : 64, .reg = vreg, .loc = -1,
				.index = -1, .scale = 1 };
		}
		if (in.op >= 0 && !pi->drop[th][k] &&
		    x->arch->emit_insn(x, th, &in, &g.tmpl, err) < 0)
			goto out;
	}

	lt_buf_printf(out, "/* P%d */\nstatic void lt_thread_%d(struct lt_rt_run *run, int thread)\n{\n",
		      thr->id, th);
	/* One set of cells for the whole run: the values only grow. */
	lt_buf_puts(out, "\tuint64_t *it = lt_rt_cells(run, 0);\n");
	/*
	 * The run's fields in locals: the asm's "memory" clobber would make
	 * the compiler reload them from *run in every iteration.
	 */
	lt_buf_puts(out, "\tconst size_t lt_n = run->n;\n\tconst uint64_t lt_base = run->base;\n\tconst unsigned lt_pmin = run->pmin[thread], lt_pspan = run->pspan[thread];\n");
	lt_buf_puts(out, "\tuint64_t lt_rng = (0x9e3779b97f4a7c15ULL * (uint64_t)(thread + 1) + lt_base) | 1;\n");
	for (int k = 0; k < x->nregs - 1; k++)
		if (g.reg_used[k] && slot[k] >= 0)
			/* By slot, not by iteration: the threads' records never share a line. */
			lt_buf_printf(out, "\tuint64_t *const lt_out%d = run->out + %d * run->cap;\n",
				      slot[k], slot[k]);
	/* The cells: asm operands, or the values of address registers. */
	for (int l = 0; l < x->nlocs; l++) {
		bool ptr = g.loc_used[l];

		for (int k = 0; k < x->nregs - 1 && !ptr; k++)
			ptr = g.reg_used[k] && x->regs[k].has_init &&
			      x->regs[k].init.is_sym && x->regs[k].init.loc == l;
		if (ptr)
			lt_buf_printf(out, "\tuint64_t *a%d = lt_rt_cell(run, it, %d);\n",
				      l, l);
	}
	lt_buf_puts(out, "\tfor (size_t i = 0; i < lt_n; i++) {\n");
	for (int k = 0; k < x->nregs; k++) {
		if (!g.reg_used[k])
			continue;
		if (k == vreg) {
			lt_buf_printf(out, "\t\tuint64_t r%d = lt_base + i + 1; /* stored by every store */\n",
				      k);
			continue;
		}
		if (pi->value_reg[k]) {
			lt_buf_printf(out, "\t\tuint64_t r%d = lt_base + i + 1; /* %d:%s, stored */\n",
				      k, thr->id, x->regs[k].name);
			continue;
		}
		if (x->regs[k].has_init && x->regs[k].init.is_sym) {
			lt_buf_printf(out, "\t\tuint64_t r%d = (uint64_t)(uintptr_t)a%d; /* %d:%s */\n",
				      k, x->regs[k].init.loc, thr->id, x->regs[k].name);
			continue;
		}
		lt_buf_printf(out, "\t\tuint64_t r%d = (uint64_t)%lldLL; /* %d:%s */\n",
			      k, (long long)(x->regs[k].has_init ? x->regs[k].init.i : 0),
			      thr->id, x->regs[k].name);
	}
	gen_asm_block(x, &g, vreg, out);
	for (int k = 0; k < x->nregs - 1; k++)
		if (g.reg_used[k] && slot[k] >= 0)
			lt_buf_printf(out, "\t\tlt_out%d[i] = r%d;\n", slot[k], k);
	lt_buf_puts(out, "\t\tlt_rt_delay(lt_pmin, lt_pspan, &lt_rng);\n\t}\n}\n\n");
	rc = 0;
out:
	gen_thread_free(&g);
	return rc;
}

/* The table by which the runtime rebuilds each observable. */
static void emit_obs(const struct lt_test *t, const struct perp_info *pi,
		     const int *slot, struct lt_buf *out)
{
	static const char *const kind[] = { "LT_RT_PERP_CONST",
		"LT_RT_PERP_LOAD", "LT_RT_PERP_FINAL" };

	lt_buf_puts(out, "static const struct lt_rt_perp_obs lt_perp_obs[] = {\n");
	for (int k = 0; k < t->nrecorded; k++) {
		struct lt_var v = t->observed[k];
		int kd = 0, reader = 0, writer = -1, sl = 0, loc = -1;
		int64_t init = 0, value = 0;

		if (v.is_loc) {
			kd = 2;
			loc = v.idx;
		} else if (pi->load_loc[v.idx] >= 0) {
			kd = 1;
			loc = pi->load_loc[v.idx];
			reader = thread_index(t, t->regs[v.idx].thread);
			sl = slot[v.idx];
		} else if (t->regs[v.idx].has_init) {
			init = t->regs[v.idx].init.i;
		}
		if (loc >= 0) {
			writer = pi->writer[loc];
			init = t->locs[loc].init.i;
			value = pi->value[loc];
		}
		/* Rebuilt outcomes key and print as the model's (lt_var_form). */
		init = lt_form_reduce(lt_var_form(t, v), init);
		value = lt_form_reduce(lt_var_form(t, v), value);
		lt_buf_printf(out, "\t{ %s, %d, %d, %d, %u, %lldLL, %lldLL },\n",
			      kind[kd], reader, writer, sl,
			      loc >= 0 ? lt_type_size(t->locs[loc].type) : 8,
			      (long long)init, (long long)value);
	}
	if (!t->nrecorded)
		lt_buf_puts(out, "\t{ LT_RT_PERP_CONST, 0, -1, 0, 8, 0, 0 },\n");
	lt_buf_puts(out, "};\n");
}

/*
 * static int NAME(const int64_t *v): whether the outcome v (the observables
 * in their form, in test order) is what a run looks for, the condition's
 * proposition under the filter (its negation for forall).  Appended to
 * out only when the whole condition can be written so.
 */
int gen_target(const struct lt_test *t, const char *name, struct lt_buf *out,
	       struct lt_error *err)
{
	struct lt_buf f = LT_BUF_INIT;
	int rc = -1;

	lt_buf_printf(&f, "static int %s(const int64_t *v)\n{\n\t(void)v;\n\treturn ", name);
	if (t->filter) {
		if (emit_cond(t, t->filter, &f, err) < 0)
			goto out;
		lt_buf_puts(&f, " && ");
	}
	/* forall: the pairing looks for a counterexample. */
	lt_buf_puts(&f, t->quant == LT_Q_FORALL ? "!(" : "(");
	if (t->cond && emit_cond(t, t->cond, &f, err) < 0)
		goto out;
	if (!t->cond)
		lt_buf_puts(&f, "1");
	lt_buf_puts(&f, ");\n}\n\n");
	lt_buf_puts(out, f.s);
	rc = 0;
out:
	lt_buf_free(&f);
	return rc;
}

int gen_perpetual_body(const struct lt_test *t, struct lt_buf *out,
		       struct lt_error *err)
{
	struct perp_info pi;
	struct lt_test x;
	int nslots = 0, *slot = NULL, rc = -1;

	memset(&pi, 0, sizeof(pi));
	if (perp_analyse(t, &pi, err) < 0)
		goto out;

	slot = lt_xcalloc((size_t)t->nregs + 1, sizeof(*slot));
	for (int k = 0; k < t->nregs; k++)
		slot[k] = -1;
	for (int k = 0; k < t->nrecorded; k++)
		if (!t->observed[k].is_loc)
			slot[t->observed[k].idx] = nslots++;

	/* A shallow copy with the stored-value register appended. */
	x = *t;
	x.regs = lt_xcalloc((size_t)t->nregs + 1, sizeof(*x.regs));
	if (t->nregs)	/* a test without registers may have no array at all */
		memcpy(x.regs, t->regs, (size_t)t->nregs * sizeof(*x.regs));
	x.regs[t->nregs] = (struct lt_reg){ .name = "lt_value",
		.type = LT_T_UINT64, .width = 64 };
	x.nregs = t->nregs + 1;

	for (int th = 0; th < t->nthreads; th++) {
		if (emit_thread(&x, th, &pi, slot, out, err) < 0) {
			free(x.regs);
			goto out;
		}
	}
	free(x.regs);

	if (gen_target(t, "lt_perp_target", out, err) < 0)
		goto out;
	emit_obs(t, &pi, slot, out);
	lt_buf_puts(out, "static const struct lt_rt_perpetual lt_perpetual = {\n\t.obs = lt_perp_obs,\n\t.target = lt_perp_target,\n};\n\n");
	gen_tables(t, nslots, "lt_perpetual", out);
	rc = 0;
out:
	free(slot);
	perp_info_free(&pi, t);
	return rc;
}
