/* SPDX-License-Identifier: MIT */
/*
 * Threads of C litmus tests in the kernel (the emit_thread hook): each
 * thread's body becomes a C function of its own, called once per iteration
 * between the barrier and the result store.
 */
#include "config.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/macros.h"
#include "lang.h"

/*
 * A test's own names, its parameters and locals, are written with the
 * prefix C_VAR_PFX: no macro of lt-c11.h, <stdatomic.h>, <stdbool.h> or
 * liburcu, and no name of the harness, can then meet one (a location
 * called NULL, uint64_t or atomic_thread_fence, which a macro the body
 * calls expands to; a local called true).  The parser refuses lt_ names in
 * a test, so the prefixed names are the test's alone, and it refuses a
 * name that the same thread also calls or declares with as a type
 * (parse.c), so every use of a name is a use of the variable.
 */
static bool thread_param(const struct lt_cparam *par, int np, const char *s, size_t n)
{
	for (int k = 0; k < np; k++)
		if (strlen(par[k].name) == n && !memcmp(par[k].name, s, n))
			return true;
	return false;
}

void c_put_params(const struct lt_thread *thr, struct lt_buf *out)
{
	struct lt_cparam *par;
	int np = ctest_params_split(thr->params, &par);

	for (int k = 0; k < np; k++)
		lt_buf_printf(out, "%s%s %.*s" C_VAR_PFX "%s", k ? ", " : "", par[k].type,
			      par[k].stars, "**", par[k].name);
	ctest_params_free(par, np);
}

/* Does the word s[0, n) start a declaration (a type or a qualifier)? */
static bool decl_word(const char *s, size_t n)
{
	static const char *const words[] = { "volatile", "const", "_Atomic",
		"unsigned", "signed", "long", "short", "register" };
	char w[64];
	enum lt_type ty;

	if (n >= sizeof(w))
		return false;
	memcpy(w, s, n);
	w[n] = '\0';
	for (size_t k = 0; k < ARRAY_SIZE(words); k++)
		if (!strcmp(w, words[k]))
			return true;
	return ctest_type_parse(w, &ty) == 0;
}

static bool thread_local(const struct lt_test *t, int id, const char *s, size_t n)
{
	for (int k = 0; k < t->nregs; k++)
		if (t->regs[k].thread == id && strlen(t->regs[k].name) == n &&
		    !memcmp(t->regs[k].name, s, n))
			return true;
	return false;
}

/*
 * The body as compiled: as written, its names prefixed (above), except
 * that with zero a local declared without an initialiser ("int r1;") gets
 * " = 0".  herd gives such a local 0 until it is assigned; C gives it no
 * value, and reading it (a branch not taken: "if (r0) r1 = READ_ONCE(*x);")
 * is undefined, which compilers exploit, so a run would record whatever
 * was there and judge a state herd never has.  Only declarations at the
 * statement level (a type word first, outside parentheses) are touched,
 * nothing else of the code.
 */
void c_put_body(const struct lt_test *t, const struct lt_thread *thr, bool zero,
		struct lt_buf *out)
{
	const char *b = thr->body;
	bool stmt = true, decl = false, in_init = false, member = false;
	int paren = 0, brace = 0;
	struct lt_cparam *par;
	int np = ctest_params_split(thr->params, &par);

	for (size_t i = 0; b[i];) {
		size_t n = 0, j;

		/* A number, suffixes and all ("0x1f", "10UL"): no name in it. */
		if (isdigit((unsigned char)b[i])) {
			while (b[i + n] == '_' || b[i + n] == '.' || isalnum((unsigned char)b[i + n]))
				n++;
			lt_buf_putn(out, b + i, n);
			stmt = member = false;
			i += n;
			continue;
		}
		if (b[i] == '_' || isalpha((unsigned char)b[i])) {
			while (b[i + n] == '_' || isalnum((unsigned char)b[i + n]))
				n++;
			/* not a member's name (".counter", "->counter") */
			if (!member && (thread_param(par, np, b + i, n) ||
					thread_local(t, thr->id, b + i, n)))
				lt_buf_puts(out, C_VAR_PFX);
			member = false;
			lt_buf_putn(out, b + i, n);
			if (stmt && paren == 0 && decl_word(b + i, n))
				decl = true;
			stmt = false;
			for (j = i + n; b[j] == ' ' || b[j] == '\t' || b[j] == '\n'; j++)
				;
			if (zero && decl && !in_init && paren == 0 && (b[j] == ';' || b[j] == ',') &&
			    thread_local(t, thr->id, b + i, n))
				lt_buf_puts(out, " = 0");
			i += n;
			continue;
		}
		if (b[i] == '"' || b[i] == '\'') {
			char q = b[i];

			lt_buf_putc(out, b[i++]);
			while (b[i] && b[i] != q) {
				if (b[i] == '\\' && b[i + 1])
					lt_buf_putc(out, b[i++]);
				lt_buf_putc(out, b[i++]);
			}
			if (b[i])
				lt_buf_putc(out, b[i++]);
			stmt = false;
			continue;
		}
		if (b[i] == '(' || b[i] == '[')
			paren++;
		else if ((b[i] == ')' || b[i] == ']') && paren > 0)
			paren--;
		if (in_init) {
			/* an initialiser, to the ',' or ';' outside its braces */
			if (b[i] == '{')
				brace++;
			else if (b[i] == '}' && brace > 0)
				brace--;
			else if (paren == 0 && brace == 0 && (b[i] == ',' || b[i] == ';'))
				in_init = false;
		} else if (decl && paren == 0 && b[i] == '=') {
			in_init = true;
		}
		if (!in_init && paren == 0 && (b[i] == ';' || b[i] == '{' || b[i] == '}')) {
			stmt = true;
			decl = false;
		} else if (!isspace((unsigned char)b[i])) {
			stmt = false;
		}
		if (!isspace((unsigned char)b[i]))
			member = b[i] == '.' || (b[i] == '>' && i > 0 && b[i - 1] == '-');
		lt_buf_putc(out, b[i++]);
	}
	ctest_params_free(par, np);
}

/*
 * The thread function itself: the parameters (validated by the parser, so
 * written back as they are, their names prefixed), the body as written,
 * then the observed locals into this iteration's output slots.  The body
 * is code the test's author wrote and the compiler under test compiles:
 * nothing here rewrites it but its names' prefix and the zero that herd
 * gives a local declared without one (c_put_body).
 */
static void emit_body(const struct lt_test *t, int th, const int *slot,
		      struct lt_buf *out)
{
	const struct lt_thread *thr = &t->threads[th];

	lt_buf_printf(out, "/* P%d, as written in the test (its names prefixed " C_VAR_PFX ") */\n",
		      thr->id);
	lt_buf_printf(out, "LT_C_THREAD void lt_c_thread_%d(", th);
	c_put_params(thr, out);
	lt_buf_printf(out, "%s__lt_u64 *__lt_out)\n{", thr->params[0] ? ", " : "");
	/* the locals herd lets the body use undeclared: ints, from 0 */
	for (int k = 0; k < t->nregs; k++)
		if (t->regs[k].thread == thr->id && !t->regs[k].type_given &&
		    !t->regs[k].has_init)
			lt_buf_printf(out, "\tint " C_VAR_PFX "%s = 0;", t->regs[k].name);
	c_put_body(t, thr, true, out);
	lt_buf_puts(out, "\n\t/* the observed locals */\n\t(void)__lt_out;\n");
	for (int k = 0; k < t->nregs; k++)
		if (t->regs[k].thread == thr->id && slot[k] >= 0)
			lt_buf_printf(out, "\t__lt_out[%d] = (__lt_u64)(" C_VAR_PFX "%s);\n",
				      slot[k], t->regs[k].name);
	lt_buf_puts(out, "}\n\n");
}

/*
 * The harness side.  Why the body cannot leak across iterations: the
 * thread function is out of line and opaque to interprocedural analysis
 * (LT_C_THREAD: GCC's noipa, clang's noinline on an external function), and
 * a compiler barrier (an empty asm with a "memory" clobber) sits on each side
 * of the call, so no access of iteration i moves before its barrier or into
 * iteration i + 1, and the compiler cannot merge or hoist work from one
 * call into the next.  Inside the body the compiler is free: that freedom is
 * what a C test tests.
 */
static void emit_loop(const struct lt_test *t, int th, int nslots,
		      struct lt_buf *out)
{
	const struct lt_thread *thr = &t->threads[th];
	struct lt_cparam *par;
	int np = ctest_params_split(thr->params, &par);

	lt_buf_printf(out, "/* P%d */\nstatic void lt_thread_%d(struct lt_rt_run *run, int thread)\n{\n",
		      thr->id, th);
	lt_buf_puts(out, "\t(void)thread;\n");
	lt_buf_puts(out, "\tfor (size_t i = 0; i < run->n; i++) {\n");
	lt_buf_puts(out, "\t\tuint64_t *it = lt_rt_cells(run, i);\n\n");
	lt_buf_puts(out, "\t\t(void)it;\n");
	lt_buf_puts(out, "\t\tlt_rt_barrier(run, i, thread);\n");
	lt_buf_puts(out, "\t\tLT_C_COMPILER_BARRIER();\n");
	lt_buf_printf(out, "\t\tlt_c_thread_%d(", th);
	for (int k = 0; k < np; k++)
		lt_buf_printf(out, "(%s %.*s)lt_rt_cell(run, it, %d), ", par[k].type,
			      par[k].stars, "**", lt_test_find_loc(t, par[k].name));
	if (nslots)
		lt_buf_printf(out, "run->out + i * %d);\n", nslots);
	else
		lt_buf_puts(out, "(void *)0);\n");
	lt_buf_puts(out, "\t\tLT_C_COMPILER_BARRIER();\n");
	lt_buf_puts(out, "\t}\n}\n\n");
	ctest_params_free(par, np);
}

/*
 * RCU and SRCU in a thread body, as lt-c11.h runs them (liburcu readers
 * and grace periods).  What a name does to the read-side nesting: +1 a
 * lock, -1 an unlock, 0 a grace period.
 */
static const struct {
	const char *name;
	int nest;
} rcu_calls[] = {
	{ "rcu_read_lock", 1 }, { "srcu_read_lock", 1 }, { "srcu_down_read", 1 },
	{ "rcu_read_unlock", -1 }, { "srcu_read_unlock", -1 }, { "srcu_up_read", -1 },
	{ "synchronize_rcu", 0 }, { "synchronize_rcu_expedited", 0 },
	{ "synchronize_srcu", 0 }, { "synchronize_srcu_expedited", 0 },
};

static struct lt_pos body_pos_at(const struct lt_thread *thr, size_t off)
{
	return ctest_pos_at(thr->body_pos, thr->body, strlen(thr->body), off);
}

/*
 * A thread's RCU must run as written without the harness waiting on it:
 * each iteration calls the body once, so its read-side critical sections
 * open and close inside it (SRCU's too: lt-c11.h makes them RCU readers
 * of the thread), and no grace period starts inside one of them, where it
 * would wait for its own thread (the kernel forbids that for RCU; for SRCU
 * of another domain it is allowed there but not here).  Without liburcu
 * RCU cannot run at all.  The scan is lexical, so a lock or an unlock
 * under a condition is refused too.  -1 with err set.
 */
static int rcu_check(const struct lt_test *t, int th, struct lt_error *err)
{
	const struct lt_thread *thr = &t->threads[th];
	const char *b = thr->body;
	size_t open_at = 0;
	int depth = 0;

	for (size_t i = 0; b[i];) {
		size_t n = 0, c;

		if (!(b[i] == '_' || isalpha((unsigned char)b[i]))) {
			i++;
			continue;
		}
		while (b[i + n] == '_' || isalnum((unsigned char)b[i + n]))
			n++;
		for (c = 0; c < ARRAY_SIZE(rcu_calls); c++)
			if (strlen(rcu_calls[c].name) == n && !memcmp(b + i, rcu_calls[c].name, n))
				break;
		if (c == ARRAY_SIZE(rcu_calls)) {
			i += n;
			continue;
		}
#ifndef HAVE_URCU
		lt_error_set(err, t->file, body_pos_at(thr, i),
			     "%s: RCU runs on liburcu, and this litmus-run was built "
			     "without it (install liburcu-dev, configure again)",
			     rcu_calls[c].name);
		return -1;
#endif
		if (rcu_calls[c].nest == 0 && depth > 0) {
			struct lt_pos o = body_pos_at(thr, open_at);

			lt_error_set(err, t->file, body_pos_at(thr, i),
				     "%s inside the read-side critical section opened at "
				     "line %d: the grace period would wait for its own thread",
				     rcu_calls[c].name, o.line);
			return -1;
		}
		if (rcu_calls[c].nest < 0 && depth == 0) {
			lt_error_set(err, t->file, body_pos_at(thr, i),
				     "%s with no read-side critical section open in P%d "
				     "(a run needs each lock and its unlock in one thread)",
				     rcu_calls[c].name, thr->id);
			return -1;
		}
		if (rcu_calls[c].nest > 0 && depth == 0)
			open_at = i;
		depth += rcu_calls[c].nest;
		i += n;
	}
	if (depth > 0) {
		lt_error_set(err, t->file, body_pos_at(thr, open_at),
			     "P%d's read-side critical section is not closed in its body "
			     "(a run needs each lock and its unlock in one thread)", thr->id);
		return -1;
	}
	return 0;
}

/*
 * A kernel test's atomic_fetch_add(i, v) and kin are the kernel's, fully
 * ordered, where lt-c11.h keeps C11's names for C11 tests.
 */
static void kernel_fetch_ops(struct lt_buf *out)
{
	static const char *const ops[] = { "add", "sub", "and", "or", "xor" };

	lt_buf_puts(out, "/* a kernel test: the kernel's atomic_fetch_OP(i, v) */\n");
	for (size_t k = 0; k < ARRAY_SIZE(ops); k++)
		lt_buf_printf(out, "#undef atomic_fetch_%s\n#define atomic_fetch_%s(i, v) "
			      "atomic_fetch_%s_mb(i, v)\n", ops[k], ops[k], ops[k]);
	lt_buf_puts(out, "\n");
}

int c_emit_thread(const struct lt_test *t, int th, const int *slot, int nslots,
		  struct lt_buf *out, struct lt_error *err)
{
	if (rcu_check(t, th, err) < 0)
		return -1;
	/* Names starting with __lt_ are the harness's (C reserves them). */
	for (int k = 0; k < t->nregs; k++) {
		if (t->regs[k].thread != t->threads[th].id ||
		    strncmp(t->regs[k].name, "__lt_", 5))
			continue;
		lt_error_set(err, t->file, t->threads[th].body_pos,
			     "'%s': names starting with __lt_ are reserved to litmus-run",
			     t->regs[k].name);
		return -1;
	}
	for (int l = 0; th == 0 && l < t->nlocs; l++) {
		if (strncmp(t->locs[l].name, "__lt_", 5))
			continue;
		lt_error_set(err, t->file, t->threads[0].body_pos,
			     "'%s': names starting with __lt_ are reserved to litmus-run",
			     t->locs[l].name);
		return -1;
	}
	/* A local of a nested block is out of scope where the outputs are stored. */
	for (int k = 0; k < t->nregs; k++) {
		if (t->regs[k].thread != t->threads[th].id || !t->regs[k].scoped ||
		    slot[k] < 0)
			continue;
		lt_error_set(err, t->file, t->threads[th].body_pos,
			     "P%d's '%s' is declared in a nested block: a run cannot "
			     "observe it after the body (the model can)",
			     t->threads[th].id, t->regs[k].name);
		return -1;
	}
	if (th == 0) {
		lt_buf_puts(out, "typedef uint64_t __lt_u64;\n\n");
		if (t->model && !strcmp(t->model, "lkmm"))
			kernel_fetch_ops(out);
	}
	emit_body(t, th, slot, out);
	emit_loop(t, th, nslots, out);
	return 0;
}
