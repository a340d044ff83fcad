/* SPDX-License-Identifier: MIT */
/*
 * IR -> C kernel source.  Each thread is a function running one batch of
 * iterations; the test's instructions are emitted by its arch module into one
 * asm block per iteration, so nothing the compiler does can reorder, merge
 * or drop them (dependencies survive exactly as written).
 */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "gen/gen.h"
#include "litmus/arch-ops.h"

void gen_c_string(struct lt_buf *out, const char *s)
{
	lt_buf_putc(out, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			lt_buf_printf(out, "\\%c", c);
		else if (c == '\n')
			lt_buf_puts(out, "\\n");
		else if (c == '\t')
			lt_buf_puts(out, "\\t");
		else if (c < 0x20 || c >= 0x7f || c == '?')
			/* '?' too: no trigraph can ever form. */
			lt_buf_printf(out, "\\%03o", c);
		else
			lt_buf_putc(out, (char)c);
	}
	lt_buf_putc(out, '"');
}

/* Register slot of each register in the outcome rows (-1: not observed). */
static int *observed_slots(const struct lt_test *t, int *nslots)
{
	int *slot = lt_xcalloc((size_t)t->nregs, sizeof(*slot));
	int n = 0;

	for (int k = 0; k < t->nregs; k++)
		slot[k] = -1;
	for (int k = 0; k < t->nrecorded; k++)
		if (!t->observed[k].is_loc)
			slot[t->observed[k].idx] = n++;
	*nslots = n;
	return slot;
}

void lt_gen_mark_operand(const struct lt_operand *op, bool *reg_used, bool *loc_used)
{
	switch (op->kind) {
	case LT_OP_REG:
		if (op->reg >= 0)
			reg_used[op->reg] = true;
		break;
	case LT_OP_MEM:
		if (op->reg >= 0)
			reg_used[op->reg] = true;
		if (op->index >= 0)
			reg_used[op->index] = true;
		if (op->loc >= 0)
			loc_used[op->loc] = true;
		break;
	default:
		break;
	}
}

static void emit_value(struct lt_buf *out, const struct lt_value *v)
{
	if (v->is_sym)
		lt_buf_printf(out, "(uint64_t)(uintptr_t)lt_rt_cell(run, it, %d)",
			      v->loc);
	else
		lt_buf_printf(out, "(uint64_t)%lldLL", (long long)v->i);
}

static int emit_thread(const struct lt_test *t, int th, const int *slot,
		       int nslots, struct lt_buf *out, struct lt_error *err)
{
	const struct lt_thread *thr = &t->threads[th];
	const struct lt_arch_ops *arch = t->arch;
	struct gen_thread g;
	int rc = -1;

	gen_thread_init(&g, t->nregs, t->nlocs);
	for (int k = 0; k < thr->ninsns; k++)
		for (int o = 0; o < thr->insns[k].nops; o++)
			lt_gen_mark_operand(&thr->insns[k].ops[o], g.reg_used, g.loc_used);
	/* Initialised or observed registers take part even if no insn names them. */
	for (int k = 0; k < t->nregs; k++)
		if (t->regs[k].thread == thr->id &&
		    (t->regs[k].has_init || slot[k] >= 0))
			g.reg_used[k] = true;

	if (gen_check_operands(t, thr->id, &g,
			       thr->ninsns ? thr->insns[0].pos : (struct lt_pos){ 1, 1 },
			       err) < 0)
		goto out;

	/*
	 * The template: one line per instruction, labels kept on their line.
	 * It opens with a local label (no code, any GNU assembler) by which
	 * asm-shape tests find the kernel among other inline asm (barrier
	 * spins) in the compiler's output.
	 */
	lt_buf_puts(&g.tmpl, LT_ASM_KERNEL_MARK ":\n\t");
	for (int k = 0; k < thr->ninsns; k++) {
		const struct lt_insn *in = &thr->insns[k];

		if (in->label)
			lt_buf_printf(&g.tmpl, LT_ASM_LABEL_FMT ":%s", in->label,
				      in->op >= 0 ? " " : "");
		if (in->op >= 0 &&
		    arch->emit_insn(t, th, in, &g.tmpl, err) < 0)
			goto out;
		if (k + 1 < thr->ninsns)
			lt_buf_puts(&g.tmpl, "\n\t");
	}

	lt_buf_printf(out, "/* P%d */\nstatic void lt_thread_%d(struct lt_rt_run *run, int thread)\n{\n",
		      thr->id, th);
	lt_buf_puts(out, "\t(void)thread;\n");
	lt_buf_puts(out, "\tfor (size_t i = 0; i < run->n; i++) {\n");
	lt_buf_puts(out, "\t\tuint64_t *it = lt_rt_cells(run, i);\n");
	for (int l = 0; l < t->nlocs; l++)
		if (g.loc_used[l])
			lt_buf_printf(out, "\t\tuint64_t *a%d = lt_rt_cell(run, it, %d);\n",
				      l, l);
	for (int k = 0; k < t->nregs; k++) {
		if (!g.reg_used[k])
			continue;
		lt_buf_printf(out, "\t\tuint64_t r%d = ", k);
		if (t->regs[k].has_init)
			emit_value(out, &t->regs[k].init);
		else
			lt_buf_puts(out, "0");
		lt_buf_printf(out, "; /* %d:%s */\n", thr->id, t->regs[k].name);
	}
	lt_buf_puts(out, "\t\tlt_rt_barrier(run, i, thread);\n");
	gen_asm_block(t, &g, -1, out);
	for (int k = 0; k < t->nregs; k++)
		if (g.reg_used[k] && slot[k] >= 0)
			lt_buf_printf(out, "\t\trun->out[i * %d + %d] = r%d;\n",
				      nslots, slot[k], k);
	lt_buf_puts(out, "\t}\n}\n\n");
	rc = 0;
out:
	gen_thread_free(&g);
	return rc;
}

void gen_thread_init(struct gen_thread *g, int nregs, int nlocs)
{
	g->reg_used = lt_xcalloc((size_t)nregs, sizeof(bool));
	g->loc_used = lt_xcalloc((size_t)nlocs, sizeof(bool));
	g->tmpl = (struct lt_buf)LT_BUF_INIT;
}

void gen_thread_free(struct gen_thread *g)
{
	lt_buf_free(&g->tmpl);
	free(g->reg_used);
	free(g->loc_used);
}

int gen_check_operands(const struct lt_test *t, int id, const struct gen_thread *g,
		       struct lt_pos pos, struct lt_error *err)
{
	int nops = 0;

	for (int k = 0; k < t->nregs; k++)
		nops += g->reg_used[k];
	for (int l = 0; l < t->nlocs; l++)
		nops += g->loc_used[l];
	if (nops > LT_GEN_MAX_ASM_OPERANDS) {
		lt_error_set(err, t->file, pos,
			     "thread P%d uses %d registers and locations; one asm statement takes at most %d",
			     id, nops, LT_GEN_MAX_ASM_OPERANDS);
		return -1;
	}
	return 0;
}

void gen_asm_block(const struct lt_test *t, const struct gen_thread *g, int plain_reg,
		   struct lt_buf *out)
{
	bool first = true;

	lt_buf_puts(out, "\t\t__asm__ __volatile__(");
	gen_c_string(out, g->tmpl.s ? g->tmpl.s : "");
	lt_buf_puts(out, "\n\t\t\t:");
	for (int k = 0; k < t->nregs; k++) {
		if (!g->reg_used[k])
			continue;
		lt_buf_printf(out, "%s[r%d] \"+%s\" (r%d)", first ? " " : ", ", k,
			      k == plain_reg ? "r" : t->arch->reg_constraint(t, k), k);
		first = false;
	}
	lt_buf_puts(out, "\n\t\t\t:");
	first = true;
	for (int l = 0; l < t->nlocs; l++) {
		if (!g->loc_used[l])
			continue;
		lt_buf_printf(out, "%s[a%d] \"r\" (a%d)", first ? " " : ", ", l, l);
		first = false;
	}
	lt_buf_printf(out, "\n\t\t\t: %s);\n", t->arch->clobbers);
}

/*
 * The test description after the thread functions: locations, observables,
 * the thread table and struct lt_rt_test (with .perpetual = &PERPETUAL when
 * given), shared by both kernel forms.
 */
void gen_tables(const struct lt_test *t, int nslots, const char *perpetual,
		struct lt_buf *out)
{
	lt_buf_puts(out, "static const char *const lt_loc_names[] = {");
	for (int l = 0; l < t->nlocs; l++) {
		lt_buf_puts(out, l ? ", " : " ");
		gen_c_string(out, t->locs[l].name);
	}
	lt_buf_puts(out, t->nlocs ? " };\n" : " NULL };\n");
	lt_buf_puts(out, "static const unsigned lt_loc_sizes[] = {");
	for (int l = 0; l < t->nlocs; l++)
		lt_buf_printf(out, "%s%u", l ? ", " : " ",
			      lt_type_size(t->locs[l].type));
	lt_buf_puts(out, t->nlocs ? " };\n" : " 0 };\n");
	lt_buf_puts(out, "static const struct lt_rt_init lt_loc_init[] = {");
	for (int l = 0; l < t->nlocs; l++) {
		const struct lt_value *v = &t->locs[l].init;

		lt_buf_printf(out, "%s{ %d, %lldLL, %d }", l ? ", " : " ",
			      v->is_sym ? 1 : 0, (long long)(v->is_sym ? 0 : v->i),
			      v->is_sym ? v->loc : 0);
	}
	lt_buf_puts(out, t->nlocs ? " };\n" : " { 0, 0, 0 } };\n");

	lt_buf_puts(out, "static const struct lt_rt_obs lt_obs[] = {\n");
	for (int k = 0, s = 0; k < t->nrecorded; k++) {
		struct lt_var v = t->observed[k];
		char name[160];
		struct lt_form f;

		/*
		 * The runtime reduces each value to the observable's form
		 * before keying and printing it, as the model does.
		 */
		lt_var_name(t, v, name, sizeof(name));
		f = lt_var_form(t, v);
		lt_buf_puts(out, "\t{ ");
		gen_c_string(out, name);
		lt_buf_printf(out, ", %d, %d, %u, %d },\n", v.is_loc ? 1 : 0,
			      v.is_loc ? v.idx : s, f.bits / 8, f.is_signed ? 1 : 0);
		if (!v.is_loc)
			s++;
	}
	if (t->nrecorded == 0)
		lt_buf_puts(out, "\t{ NULL, 0, 0, 0, 0 },\n");
	lt_buf_puts(out, "};\n");

	lt_buf_puts(out, "static const lt_rt_thread_fn lt_threads[] = {");
	for (int th = 0; th < t->nthreads; th++)
		lt_buf_printf(out, "%s lt_thread_%d", th ? "," : "", th);
	lt_buf_puts(out, " };\n\n");

	lt_buf_puts(out, "static const struct lt_rt_test lt_test = {\n\t.name = ");
	gen_c_string(out, t->name);
	lt_buf_printf(out, ",\n\t.nthreads = %d,\n\t.nlocs = %d,\n", t->nthreads,
		      t->nlocs);
	lt_buf_puts(out, "\t.loc_names = lt_loc_names,\n\t.loc_sizes = lt_loc_sizes,\n\t.loc_init = lt_loc_init,\n");
	lt_buf_printf(out, "\t.nobs = %d,\n\t.obs = lt_obs,\n\t.nslots = %d,\n\t.threads = lt_threads,\n",
		      t->nrecorded, nslots);
	if (perpetual)
		lt_buf_printf(out, "\t.perpetual = &%s,\n", perpetual);
	lt_buf_puts(out, "};\n\n");
}

/* The first lines of every kernel form: what made it, and the includes. */
void gen_header(const struct lt_test *t, const char *form, struct lt_buf *out)
{
	lt_buf_printf(out, "/* Generated by litmus-run " PACKAGE_VERSION "%s from ", form);
	/* The name goes into a comment: neutralise anything that ends one. */
	for (const char *p = t->name; *p; p++)
		lt_buf_putc(out, (*p == '*' || *p == '/' || (unsigned char)*p < 0x20) ? '_' : *p);
	lt_buf_puts(out, ". Do not edit. */\n");
	lt_buf_puts(out, "#include <stddef.h>\n#include <stdint.h>\n#include \"lt-runtime.h\"\n\n");
}

/* The barrier kernel without its header and main(): threads and tables. */
static int gen_barrier_body(const struct lt_test *t, struct lt_buf *out,
			    struct lt_error *err)
{
	int nslots, *slot = observed_slots(t, &nslots);
	int rc = -1;

	if (t->arch->kernel_include)
		lt_buf_printf(out, "#include \"%s\"\n\n", t->arch->kernel_include);
	for (int th = 0; th < t->nthreads; th++)
		if ((t->arch->emit_thread ? t->arch->emit_thread : emit_thread)(
			    t, th, slot, nslots, out, err) < 0)
			goto out;

	gen_tables(t, nslots, NULL, out);
	rc = 0;
out:
	free(slot);
	return rc;
}

/* A kernel of one form: its header, body (threads and tables) and main(). */
static int kernel_of(const struct lt_test *t, const char *form,
		     int (*body)(const struct lt_test *, struct lt_buf *, struct lt_error *),
		     struct lt_buf *out, struct lt_error *err)
{
	gen_header(t, form, out);
	if (body(t, out, err) < 0)
		return -1;
	lt_buf_puts(out, "int main(int argc, char **argv)\n{\n\treturn lt_rt_main(&lt_test, argc, argv);\n}\n");
	return 0;
}

int gen_kernel(const struct lt_test *t, struct lt_buf *out,
	       struct lt_error *err)
{
	return kernel_of(t, "", gen_barrier_body, out, err);
}

int gen_kernel_perpetual(const struct lt_test *t, struct lt_buf *out,
			 struct lt_error *err)
{
	return kernel_of(t, " for --sync=perpetual", gen_perpetual_body, out, err);
}

/*
 * The names both kernel forms give their tables and threads: in the
 * --sync=auto kernel the perpetual form comes first with these renamed
 * (lt_pf_*), so that the two forms share one translation unit.
 */
static const char *const form_names[] = { "lt_loc_names", "lt_loc_sizes",
	"lt_loc_init", "lt_obs", "lt_threads", "lt_test", NULL };

int gen_kernel_auto(const struct lt_test *t, int forbidden, struct lt_buf *out,
		    struct lt_error *err)
{
	struct lt_buf perp = LT_BUF_INIT;
	struct lt_error perr;
	bool has_perp;
	int has_target;

	memset(&perr, 0, sizeof(perr));
	gen_header(t, " for --sync=auto", out);
	has_perp = gen_perpetual_body(t, &perp, &perr) == 0;
	if (has_perp) {
		for (int th = 0; th < t->nthreads; th++)
			lt_buf_printf(out, "#define lt_thread_%d lt_pf_thread_%d\n", th, th);
		for (int k = 0; form_names[k]; k++)
			lt_buf_printf(out, "#define %s lt_pf_%s\n", form_names[k],
				      form_names[k] + 3);
		lt_buf_puts(out, "\n");
		lt_buf_puts(out, perp.s);
		for (int th = 0; th < t->nthreads; th++)
			lt_buf_printf(out, "#undef lt_thread_%d\n", th);
		for (int k = 0; form_names[k]; k++)
			lt_buf_printf(out, "#undef %s\n", form_names[k]);
		lt_buf_puts(out, "\n");
	} else {
		/* Why perpetual is not among the candidates, for the reader. */
		lt_buf_puts(out, "/* ");
		for (const char *p = perr.msg; *p; p++)
			lt_buf_putc(out, (*p == '*' || (unsigned char)*p < 0x20) ? '_' : *p);
		lt_buf_puts(out, " */\n\n");
	}
	lt_buf_free(&perp);
	if (gen_barrier_body(t, out, err) < 0)
		return -1;
	/* The condition, for counting witnesses in the barrier modes too. */
	has_target = gen_target(t, "lt_auto_target", out, &perr) == 0;
	lt_buf_printf(out, "static const struct lt_rt_auto lt_auto = {\n\t.perp = %s,\n\t.target = %s,\n\t.forbidden = %d,\n};\n\n",
		      has_perp ? "&lt_pf_test" : "NULL",
		      has_target ? "lt_auto_target" : "NULL", forbidden);
	lt_buf_puts(out, "int main(int argc, char **argv)\n{\n\treturn lt_rt_main_auto(&lt_test, &lt_auto, argc, argv);\n}\n");
	return 0;
}
