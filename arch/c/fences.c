/* SPDX-License-Identifier: MIT */
/*
 * litmus-run fences for C tests (doc/fences.md): the C side of the
 * driver's struct fx_lang.  Thread th of a test is the function
 * PREFIXthread_<th>, written as a run's kernel writes it (src/gen/gen-c.c
 * through the language's hooks), with each observed local leaving through
 * an LT_FX_OBS marker, a comment in the arch's assembler that names the
 * register holding it.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "fences/lift.h"
#include "lang.h"

/* A C unit's start: lt-c11.h and the observed-local marker. */
static void c_preamble(const char *arch, struct lt_buf *out)
{
	lt_buf_puts(out, "#include \"lt-c11.h\"\n\n");
	/* In a comment of the arch's assembler, so that it assembles. */
	lt_buf_printf(out, "#define LT_FX_OBS(n, v) __asm__ __volatile__(\"%s LT_OBS \" #n \" %%0\" :: \"r\"(v))\n\n",
		      fx_arch_of(arch)->comment);
}

/*
 * The thread functions as src/gen/gen-c.c writes them, except that the
 * observed locals leave through markers that name their register rather
 * than through stores to the run's output slots.
 */
static void c_threads(const struct lt_test *t, const char *arch, const char *prefix,
		      struct lt_buf *out)
{
	(void)arch;
	for (int th = 0; th < t->nthreads; th++) {
		const struct lt_thread *thr = &t->threads[th];

		lt_buf_printf(out, "LT_C_THREAD void %sthread_%d(", prefix, th);
		if (thr->params[0])
			c_put_params(thr, out);
		else
			lt_buf_puts(out, "void");
		lt_buf_puts(out, ")\n{");
		c_put_body(t, thr, false, out);
		lt_buf_puts(out, "\n");
		for (int k = 0; k < t->nregs; k++)
			if (t->regs[k].thread == thr->id && lt_test_observed_index(t,
				    (struct lt_var){ false, k }) >= 0)
				lt_buf_printf(out, "\tLT_FX_OBS(%s, " C_VAR_PFX "%s);\n",
					      t->regs[k].name, t->regs[k].name);
		lt_buf_puts(out, "}\n\n");
	}
}

static void c_compiler_cmd(const char *cc, const char *arch, const char *datadir, char *out,
			   size_t len, char *why, size_t wlen)
{
	(void)datadir;
	/* Another language's compiler (go, gccgo), named for a matrix that holds its tests too. */
	if (fx_cc_of_other_lang(&c_fx_lang, cc)) {
		out[0] = '\0';
		snprintf(why, wlen, "%s compiles no C", cc);
		return;
	}
	fx_compiler_cmd(cc, arch, out, len);
}

/* Every parameter a pointer to a location of the test (int *x). */
static int c_params(const struct lt_test *t, int th, int *locs, int max, char *why, size_t len)
{
	struct lt_cparam *par;
	int np = ctest_params_split(t->threads[th].params, &par), n = 0;

	for (int k = 0; k < np && n >= 0; k++) {
		int loc = lt_test_find_loc(t, par[k].name);

		if (k == max || loc < 0 || par[k].stars != 1) {
			snprintf(why, len, "parameter %s", par[k].name);
			n = -1;
		} else {
			locs[n++] = loc;
		}
	}
	ctest_params_free(par, np);
	return n;
}

const struct fx_lang c_fx_lang = {
	.header = "src/runtime/lt-c11.h",
	.preamble = c_preamble,
	.threads = c_threads,
	.compiler_cmd = c_compiler_cmd,
	.params = c_params,
};
