/* SPDX-License-Identifier: MIT */
/*
 * litmus-run fences for Go tests (doc/fences.md, "Go tests"): the Go
 * side of the driver's struct fx_lang.
 *
 * A unit is one Go program (package main).  Thread th of a test is a
 * function of its own, not inlined (//go:noinline), whose arguments point
 * to the shared variables, in the init block's order, as the kernel's
 * cells do (an atomic.Int32 is its *int32, a mutex *sync.Mutex, a channel
 * the channel): its body is the kernel's (gen.c), so what is compiled is
 * what a run compiles.  Go has no inline assembly to mark where an
 * observed local is, so the observed locals are the function's results,
 * int64 each, in the order a "// LT_FX" line before the function lists
 * them; arch/go/lt-gofx, the compile script, knows which register each
 * result leaves in (the compiler's ABI) and writes the LT_OBS markers the
 * lifter reads there.  An init function calls every thread function under
 * a condition the compiler cannot decide, so that the linker keeps them
 * (gc's code is read from the linked program) and gccgo emits them.
 *
 * The script's names are the Go functions' (LtXfx3XthreadX0 for
 * lt_fx3_thread_0: Go exports capitalised names, gccgo mangles '_'), turned
 * back into the driver's by the script.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fences/lift.h"
#include "lang.h"

static void go_fx_preamble(const char *arch, struct lt_buf *out)
{
	(void)arch;
	lt_buf_puts(out, "package main\n\n"
		    "import (\n\t\"sync\"\n\t\"sync/atomic\"\n)\n\n"
		    "var _ = atomic.LoadInt32\nvar _ sync.Mutex\n\n"
		    "// Never true; the compilers cannot know it (see arch/go/fences.c).\n"
		    "var ltNever bool\n\n"
		    "func main() {}\n\n");
}

/* The Go name of the driver's function name: lt_fx3_thread_0 -> LtXfx3XthreadX0. */
static void go_name(const char *prefix, int th, char *buf, size_t len)
{
	char c[96];

	snprintf(c, sizeof(c), "%sthread_%d", prefix, th);
	for (char *p = c; *p; p++)
		if (*p == '_')
			*p = 'X';
	c[0] = 'L';
	snprintf(buf, len, "%s", c);
}

static void go_fx_threads(const struct lt_test *t, const char *arch, const char *prefix,
			  struct lt_buf *out)
{
	struct go_var *v;
	int nv = go_vars_split(t, t->threads[0].params, &v);

	(void)arch;
	for (int th = 0; th < t->nthreads; th++) {
		const struct lt_thread *thr = &t->threads[th];
		char (*names)[65], name[96], buf[32];
		int nl = go_gen_locals(thr, &names), nres = 0;
		bool obs[64] = { false };
		struct lt_error err;

		go_name(prefix, th, name, sizeof(name));
		lt_buf_printf(out, "// LT_FX %s", name);
		for (int k = 0; k < nl && k < 64; k++) {
			int r = lt_test_find_reg(t, thr->id, names[k]);

			obs[k] = r >= 0 && lt_test_observed_index(t, (struct lt_var){ false, r }) >= 0;
			if (obs[k])
				lt_buf_printf(out, " %s", names[k]);
		}
		lt_buf_printf(out, "\n//go:noinline\nfunc %s(", name);
		for (int k = 0; k < nv; k++) {
			const struct go_type *ty = v[k].type;

			lt_buf_printf(out, "%s%s ", k ? ", " : "", v[k].name);
			if (ty->kind == GO_CHAN)
				lt_buf_puts(out, "chan int");
			else
				lt_buf_printf(out, "*%s", ty->kind == GO_ATOMIC ? ty->value : ty->name);
		}
		lt_buf_puts(out, ")");
		for (int k = 0; k < nl && k < 64; k++)
			if (obs[k])
				lt_buf_printf(out, "%s ltO%d int64", nres++ ? "," : " (", k);
		lt_buf_printf(out, "%s {\n", nres ? ")" : "");
		for (int k = 0; k < nl; k++)
			lt_buf_printf(out, "\tvar %s %s\n", names[k],
				      go_gen_local_type(thr, names[k], buf, sizeof(buf)));
		lt_buf_puts(out, "\t{\n");
		if (go_gen_body(t, th, v, nv, out, &err) < 0)
			/* The parser took the test: the body does not fail here. */
			lt_buf_printf(out, "\n\t\tpanic(\"%s\")\n", "unreachable");
		lt_buf_puts(out, "\n\t}\n");
		for (int k = 0; k < nl; k++) {
			if (obs[k] && !strcmp(go_gen_local_type(thr, names[k], buf, sizeof(buf)), "bool"))
				lt_buf_printf(out, "\tif %s {\n\t\tltO%d = 1\n\t}\n", names[k], k);
			else if (obs[k])
				lt_buf_printf(out, "\tltO%d = int64(%s)\n", k, names[k]);
			lt_buf_printf(out, "\t_ = %s\n", names[k]);
		}
		lt_buf_puts(out, "\treturn\n}\n\nfunc init() {\n\tif ltNever {\n\t\t");
		for (int k = 0; k < nres; k++)
			lt_buf_printf(out, "%s_", k ? ", " : "");
		lt_buf_printf(out, "%s%s(", nres ? " = " : "", name);
		for (int k = 0; k < nv; k++)
			lt_buf_printf(out, "%snil", k ? ", " : "");
		lt_buf_puts(out, ")\n\t}\n}\n\n");
		free(names);
	}
	free(v);
}

/*
 * --cc for a Go test: go (or gc, or the default cc) is the gc toolchain
 * of the go command, gccgo the GNU one (<triplet>-gccgo when cross); a
 * path is a script run as lt-gofx is (a wrapper: tests/fences-go-seed.sh).
 */
/* The Go toolchains by name: go (gc) and gccgo. */
static bool go_fx_claims(const char *cc)
{
	const char *base = strrchr(cc, '/') ? strrchr(cc, '/') + 1 : cc;

	return !strcmp(base, "go") || !strcmp(base, "gc") || strstr(base, "gccgo");
}

static void go_fx_compiler_cmd(const char *cc, const char *arch, const char *datadir, char *out,
			       size_t len, char *why, size_t wlen)
{
	const char *base = strrchr(cc, '/') ? strrchr(cc, '/') + 1 : cc;

	(void)arch;
	out[0] = '\0';
	if (strchr(cc, '/'))
		snprintf(out, len, "%s", cc);
	else if (!strcmp(cc, "go") || !strcmp(cc, "gc") || !strcmp(cc, "cc"))
		snprintf(out, len, "sh %s/arch/go/lt-gofx gc", datadir);
	else if (strstr(base, "gccgo"))
		snprintf(out, len, "sh %s/arch/go/lt-gofx gccgo", datadir);
	else
		snprintf(why, wlen, "%s compiles no Go (--cc=go, gccgo, or a script's path)", cc);
}

/* Every shared variable of the init block, in its order. */
static int go_fx_params(const struct lt_test *t, int th, int *locs, int max, char *why,
			size_t len)
{
	struct go_var *v;
	int nv = go_vars_split(t, t->threads[th].params, &v), n = 0;

	for (int k = 0; k < nv && n >= 0; k++) {
		if (k == max || v[k].loc < 0) {
			snprintf(why, len, "parameter %s", v[k].name);
			n = -1;
		} else {
			locs[n++] = v[k].loc;
		}
	}
	free(v);
	return n;
}

const struct fx_lang go_fx_lang = {
	.model = "go",
	.driver = "arch/go/lt-gofx",
	.preamble = go_fx_preamble,
	.threads = go_fx_threads,
	.compiler_cmd = go_fx_compiler_cmd,
	.params = go_fx_params,
	.claims = go_fx_claims,
};
