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
#include "model/sem.h"

#define NOT_ELIGIBLE "not eligible for --sync=perpetual: "

/* What the eligibility pass learns about the test. */
struct perp_info {
	int *writer;		/* per location: thread index of its store, or -1 */
	int *nstores;		/* per location */
	int64_t *value;		/* per location: the constant stored */
	int *load_loc;		/* per register: location it is loaded from, or -1 */
	int *nloads;		/* per register */
	/* per thread, per instruction: index of the immediate to replace, or -1 */
	int **imm_op;
};

static void perp_info_free(struct perp_info *pi, const struct lt_test *t)
{
	free(pi->writer);
	free(pi->nstores);
	free(pi->value);
	free(pi->load_loc);
	free(pi->nloads);
	if (pi->imm_op)
		for (int th = 0; th < t->nthreads; th++)
			free(pi->imm_op[th]);
	free(pi->imm_op);
}

static bool uop_plain(const struct lt_uop *u)
{
	return !(u->ann & (LT_ANN_RMW | LT_ANN_EXCL)) && u->addr.loc >= 0;
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

static int perp_insn(const struct lt_test *t, int th, int k,
		     struct perp_info *pi, struct lt_error *err)
{
	const struct lt_thread *thr = &t->threads[th];
	const struct lt_insn *in = &thr->insns[k];
	struct lt_sem sem;

	pi->imm_op[th][k] = -1;
	if (in->op < 0)
		return 0;
	memset(&sem, 0, sizeof(sem));
	if (t->arch->lower_insn(t, thr->id, in, &sem, err) < 0)
		return -1;
	for (int u = 0; u < sem.nuops; u++) {
		const struct lt_uop *op = &sem.uops[u];

		switch (op->kind) {
		case LT_UOP_FENCE:
			continue;
		case LT_UOP_STORE:
			if (sem.nuops != 1 || !uop_plain(op) ||
			    op->a.kind != LT_SA_IMM || op->cc != LT_CC_ALWAYS)
				break;
			pi->imm_op[th][k] = imm_operand(in, op->a.imm);
			if (pi->imm_op[th][k] < 0 || op->width < 32)
				break;
			pi->writer[op->addr.loc] = th;
			pi->nstores[op->addr.loc]++;
			pi->value[op->addr.loc] = op->a.imm;
			continue;
		case LT_UOP_LOAD:
			if (sem.nuops != 1 || !uop_plain(op) ||
			    op->dst.kind != LT_SA_REG || op->width < 32)
				break;
			pi->load_loc[op->dst.idx] = op->addr.loc;
			pi->nloads[op->dst.idx]++;
			continue;
		default:
			break;
		}
		lt_error_set(err, t->file, in->pos,
			     NOT_ELIGIBLE "P%d: '%s' is not a plain load, a store of a constant of 32 bits or more to a named location, or a fence",
			     thr->id, in->text ? in->text : "?");
		return -1;
	}
	return 0;
}

/*
 * Eligible: two threads; only plain loads, stores of a constant (32 bits
 * or more, so that iteration numbers fit) to named locations, and fences;
 * every location stored by at most one instruction; every observed
 * register loaded at most once; integers only.  Then an iteration's
 * outcome is a function of which stores each load saw, which the values
 * read tell exactly.
 */
static int perp_analyse(const struct lt_test *t, struct perp_info *pi,
			struct lt_error *err)
{
	struct lt_pos p0 = { 1, 1 };

	if (t->nthreads != 2) {
		lt_error_set(err, t->file, p0, NOT_ELIGIBLE "the pairing of iterations is implemented for two threads; this test has %d",
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
	pi->imm_op = lt_xcalloc((size_t)t->nthreads, sizeof(int *));
	for (int l = 0; l < t->nlocs; l++)
		pi->writer[l] = -1;
	for (int r = 0; r < t->nregs; r++)
		pi->load_loc[r] = -1;
	for (int th = 0; th < t->nthreads; th++) {
		const struct lt_thread *thr = &t->threads[th];

		pi->imm_op[th] = lt_xcalloc((size_t)thr->ninsns + 1, sizeof(int));
		for (int k = 0; k < thr->ninsns; k++)
			if (perp_insn(t, th, k, pi, err) < 0)
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
	for (int k = 0; k < t->nobserved; k++) {
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
		if (k < 0 || c->val.is_sym) {
			lt_error_set(err, t->file, c->pos, NOT_ELIGIBLE "the condition compares with an address");
			return -1;
		}
		lt_buf_printf(out, "(v[%d] %s (int64_t)%lldLL)", k,
			      c->neq ? "!=" : "==", (long long)c->val.i);
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

static void mark_operand(const struct lt_operand *op, bool *reg_used,
			 bool *loc_used)
{
	if (op->kind == LT_OP_REG && op->reg >= 0)
		reg_used[op->reg] = true;
	if (op->kind == LT_OP_MEM) {
		if (op->reg >= 0)
			reg_used[op->reg] = true;
		if (op->index >= 0)
			reg_used[op->index] = true;
		if (op->loc >= 0)
			loc_used[op->loc] = true;
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
	int vreg = x->nregs - 1, nops = 0, rc = -1;
	bool *reg_used = lt_xcalloc((size_t)x->nregs, sizeof(bool));
	bool *loc_used = lt_xcalloc((size_t)x->nlocs + 1, sizeof(bool));
	struct lt_buf tmpl = LT_BUF_INIT;
	bool first;

	x->regs[vreg].thread = thr->id;
	for (int k = 0; k < thr->ninsns; k++)
		for (int o = 0; o < thr->insns[k].nops; o++)
			mark_operand(&thr->insns[k].ops[o], reg_used, loc_used);
	for (int k = 0; k < x->nregs - 1; k++)
		if (x->regs[k].thread == thr->id && slot[k] >= 0)
			reg_used[k] = true;
	reg_used[vreg] = true;
	for (int k = 0; k < x->nregs; k++)
		nops += reg_used[k];
	for (int l = 0; l < x->nlocs; l++)
		nops += loc_used[l];
	if (nops > LT_GEN_MAX_ASM_OPERANDS) {
		lt_error_set(err, x->file, (struct lt_pos){ 1, 1 },
			     "thread P%d uses %d registers and locations; one asm statement takes at most %d",
			     thr->id, nops, LT_GEN_MAX_ASM_OPERANDS);
		goto out;
	}

	lt_buf_puts(&tmpl, LT_ASM_KERNEL_MARK ":\n\t");
	for (int k = 0; k < thr->ninsns; k++) {
		struct lt_insn in = thr->insns[k];
		int o = pi->imm_op[th][k];

		if (in.label)
			lt_buf_printf(&tmpl, LT_ASM_LABEL_FMT ":%s", in.label,
				      in.op >= 0 ? " " : "");
		if (o >= 0) {
			unsigned w = in.ops[o].width ? in.ops[o].width : in.width;

			in.ops[o] = (struct lt_operand){ .kind = LT_OP_REG,
				.width = w ? w : 64, .reg = vreg, .loc = -1,
				.index = -1, .scale = 1 };
		}
		if (in.op >= 0 && x->arch->emit_insn(x, th, &in, &tmpl, err) < 0)
			goto out;
		if (k + 1 < thr->ninsns)
			lt_buf_puts(&tmpl, "\n\t");
	}

	lt_buf_printf(out, "/* P%d */\nstatic void lt_thread_%d(struct lt_rt_run *run, int thread)\n{\n",
		      thr->id, th);
	/* One set of cells for the whole run: the values only grow. */
	lt_buf_puts(out, "\tuint64_t *it = lt_rt_cells(run, 0);\n");
	/*
	 * The run's fields in locals: the asm's "memory" clobber would make
	 * the compiler reload them from *run in every iteration.
	 */
	lt_buf_puts(out, "\tconst size_t lt_n = run->n;\n\tconst uint64_t lt_base = run->base;\n\tconst unsigned lt_delay = run->delay;\n");
	lt_buf_puts(out, "\tuint64_t lt_rng = (0x9e3779b97f4a7c15ULL * (uint64_t)(thread + 1) + lt_base) | 1;\n");
	for (int k = 0; k < x->nregs - 1; k++)
		if (reg_used[k] && slot[k] >= 0)
			/* By slot, not by iteration: the threads' records never share a line. */
			lt_buf_printf(out, "\tuint64_t *const lt_out%d = run->out + %d * run->cap;\n",
				      slot[k], slot[k]);
	for (int l = 0; l < x->nlocs; l++)
		if (loc_used[l])
			lt_buf_printf(out, "\tuint64_t *a%d = lt_rt_cell(run, it, %d);\n",
				      l, l);
	lt_buf_puts(out, "\tfor (size_t i = 0; i < lt_n; i++) {\n");
	for (int k = 0; k < x->nregs; k++) {
		if (!reg_used[k])
			continue;
		if (k == vreg) {
			lt_buf_printf(out, "\t\tuint64_t r%d = lt_base + i + 1; /* stored by every store */\n",
				      k);
			continue;
		}
		lt_buf_printf(out, "\t\tuint64_t r%d = (uint64_t)%lldLL; /* %d:%s */\n",
			      k, (long long)(x->regs[k].has_init ? x->regs[k].init.i : 0),
			      thr->id, x->regs[k].name);
	}
	lt_buf_puts(out, "\t\t__asm__ __volatile__(");
	gen_c_string(out, tmpl.s ? tmpl.s : "");
	lt_buf_puts(out, "\n\t\t\t:");
	first = true;
	for (int k = 0; k < x->nregs; k++) {
		if (!reg_used[k])
			continue;
		lt_buf_printf(out, "%s[r%d] \"+%s\" (r%d)", first ? " " : ", ",
			      k, k == vreg ? "r" : x->arch->reg_constraint(x, k), k);
		first = false;
	}
	lt_buf_puts(out, "\n\t\t\t:");
	first = true;
	for (int l = 0; l < x->nlocs; l++) {
		if (!loc_used[l])
			continue;
		lt_buf_printf(out, "%s[a%d] \"r\" (a%d)", first ? " " : ", ", l, l);
		first = false;
	}
	lt_buf_printf(out, "\n\t\t\t: %s);\n", x->arch->clobbers);
	for (int k = 0; k < x->nregs - 1; k++)
		if (reg_used[k] && slot[k] >= 0)
			lt_buf_printf(out, "\t\tlt_out%d[i] = r%d;\n", slot[k], k);
	lt_buf_puts(out, "\t\tlt_rt_delay(lt_delay, &lt_rng);\n\t}\n}\n\n");
	rc = 0;
out:
	lt_buf_free(&tmpl);
	free(reg_used);
	free(loc_used);
	return rc;
}

/* The table by which the runtime rebuilds each observable. */
static void emit_obs(const struct lt_test *t, const struct perp_info *pi,
		     const int *slot, struct lt_buf *out)
{
	static const char *const kind[] = { "LT_RT_PERP_CONST",
		"LT_RT_PERP_LOAD", "LT_RT_PERP_FINAL" };

	lt_buf_puts(out, "static const struct lt_rt_perp_obs lt_perp_obs[] = {\n");
	for (int k = 0; k < t->nobserved; k++) {
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
		lt_buf_printf(out, "\t{ %s, %d, %d, %d, %u, %lldLL, %lldLL },\n",
			      kind[kd], reader, writer, sl,
			      loc >= 0 ? lt_type_size(t->locs[loc].type) : 8,
			      (long long)init, (long long)value);
	}
	if (!t->nobserved)
		lt_buf_puts(out, "\t{ LT_RT_PERP_CONST, 0, -1, 0, 8, 0, 0 },\n");
	lt_buf_puts(out, "};\n");
}

int gen_kernel_perpetual(const struct lt_test *t, struct lt_buf *out,
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
	for (int k = 0; k < t->nobserved; k++)
		if (!t->observed[k].is_loc)
			slot[t->observed[k].idx] = nslots++;

	/* A shallow copy with the stored-value register appended. */
	x = *t;
	x.regs = lt_xcalloc((size_t)t->nregs + 1, sizeof(*x.regs));
	memcpy(x.regs, t->regs, (size_t)t->nregs * sizeof(*x.regs));
	x.regs[t->nregs] = (struct lt_reg){ .name = "lt_value",
		.type = LT_T_UINT64, .width = 64 };
	x.nregs = t->nregs + 1;

	lt_buf_puts(out, "/* Generated by litmus-run " PACKAGE_VERSION " for --sync=perpetual from ");
	for (const char *p = t->name; *p; p++)
		lt_buf_putc(out, (*p == '*' || *p == '/' || (unsigned char)*p < 0x20) ? '_' : *p);
	lt_buf_puts(out, ". Do not edit. */\n");
	lt_buf_puts(out, "#include <stddef.h>\n#include <stdint.h>\n#include \"lt-runtime.h\"\n\n");
	for (int th = 0; th < t->nthreads; th++) {
		if (emit_thread(&x, th, &pi, slot, out, err) < 0) {
			free(x.regs);
			goto out;
		}
	}
	free(x.regs);

	lt_buf_puts(out, "static int lt_perp_target(const int64_t *v)\n{\n\t(void)v;\n\treturn ");
	if (t->filter) {
		if (emit_cond(t, t->filter, out, err) < 0)
			goto out;
		lt_buf_puts(out, " && ");
	}
	/* forall: the pairing looks for a counterexample. */
	lt_buf_puts(out, t->quant == LT_Q_FORALL ? "!(" : "(");
	if (t->cond && emit_cond(t, t->cond, out, err) < 0)
		goto out;
	if (!t->cond)
		lt_buf_puts(out, "1");
	lt_buf_puts(out, ");\n}\n\n");
	emit_obs(t, &pi, slot, out);
	lt_buf_puts(out, "static const struct lt_rt_perpetual lt_perpetual = {\n\t.obs = lt_perp_obs,\n\t.target = lt_perp_target,\n};\n\n");
	gen_tables(t, nslots, "lt_perpetual", out);
	lt_buf_puts(out, "int main(int argc, char **argv)\n{\n\treturn lt_rt_main(&lt_test, argc, argv);\n}\n");
	rc = 0;
out:
	free(slot);
	perp_info_free(&pi, t);
	return rc;
}
