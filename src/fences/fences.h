/* SPDX-License-Identifier: MIT */
/*
 * litmus-run fences: compile the threads of C tests, map every atomic access
 * to what the compiler emitted, lift the compiled threads into an asm litmus
 * test of the target and check that the target's model allows no final
 * state that the source model forbids.
 */
#ifndef LT_FENCES_H
#define LT_FENCES_H

#include <jansson.h>
#include <stdbool.h>

#include "litmus/ir.h"
#include "util/buf.h"

/* Emitted or source items of one thread, in program order. */
enum fx_kind { FX_R, FX_W, FX_RMW, FX_F };

/* What an access or fence orders, for comparing emitted with expected. */
struct fx_strength {
	unsigned pre, post;	/* fence pairs (FX_RR...) before and after the access */
	unsigned bits;		/* FX_ACQ | FX_REL | FX_SC of the access itself */
};

#define FX_RR 0x1u
#define FX_RW 0x2u
#define FX_WR 0x4u
#define FX_WW 0x8u
#define FX_FULL 0x1fu		/* every pair, and cumulative */
#define FX_ACQ 0x1u
#define FX_REL 0x2u
#define FX_SC 0x4u

/* One emitted memory access or fence. */
struct fx_ev {
	enum fx_kind kind;
	int loc;		/* source location; -1 for fences */
	unsigned mask;		/* fences: FX_* pairs; accesses: FX_ACQ... bits */
	char text[96];		/* the instruction(s) as emitted */
};

#define FX_MAX_EV 64
#define FX_MAX_OBS 16

struct fx_lthread {
	struct lt_buf code;	/* herd-syntax lines, '\n'-separated */
	int nlines;
	struct lt_buf init;	/* "0:X0=x; " */
	struct fx_ev ev[FX_MAX_EV];
	int nev;
	char obs[FX_MAX_OBS][32];	/* observed local names */
	char obsreg[FX_MAX_OBS][16];	/* the lifted register holding each */
	bool obsmem[FX_MAX_OBS];	/* ...or the private location it is stored to */
	int nobs;
};

/* Lift the threads of `src` from the assembly `asmtext` for arch. */
struct fx_lifted {
	int nth;
	struct fx_lthread th[8];
	char why[256];		/* non-empty: the test cannot be lifted */
};

int fx_lift(const struct lt_test *src, const char *arch, const char *asmtext,
	    struct fx_lifted *out);
void fx_lifted_free(struct fx_lifted *l);

/*
 * The lines of function `name` in the compiler's assembly: from the line
 * after "name:" to its end (.cfi_endproc, .size or .Lfunc_end, excluded).
 * NULL when there is no such function.  Malloc'd.
 */
char *fx_function_body(const char *asmtext, const char *name);

/* The herd text of the lifted test: threads, init, the source's condition. */
void fx_lifted_text(const struct lt_test *src, const char *arch,
		    const struct fx_lifted *l, struct lt_buf *out);

/* One source access classified. */
struct fx_acc {
	char source[96];	/* "atomic_load_explicit(y, acquire)" */
	char order[12];		/* na rlx acq rel acq_rel sc */
	enum fx_kind kind;
	int loc;
	struct lt_buf emitted;
	char expected[96];
	const char *verdict;	/* as-mapped | stronger | weaker */
};

/*
 * Map the accesses of thread th of src to the lifted thread's events.
 * variant: the mapping variant of the arch ("lse", "ldapr", "" ...).
 * Returns the count (at most max); -1 with why on a lowering error.
 */
int fx_classify(const struct lt_test *src, int th, const char *arch,
		const struct fx_lthread *lt, struct fx_acc *out, int max,
		char *why, size_t len);

/* --run: each group's tests run by litmus-run, judged against the cells. */
struct fx_run_opts {
	unsigned long iterations;
	unsigned timeout_s;
	const char *outdir;	/* NULL: a fresh directory under $TMPDIR */
	/* fences' own, passed on to each run (0: none) */
	unsigned cc_timeout_s, cc_memory_mib, model_timeout_s;
};

struct fx_run_counts {
	int tests, failed;		/* run, and not ok (timeout, crash ...) */
	int unlifted;			/* cells with no lifted test: not run */
	long outcomes;			/* distinct outcomes observed, over the tests */
	long outside;			/* of them, outside the cell's compiled_allowed */
	long forbidden;			/* of them, outside the cell's source_allowed */
	bool emulated;
};

/*
 * Run the lifted tests of cells[0..n) (results of the JSON, all of arch,
 * compiled by cc with cflags, which name the group in messages); each cell
 * with a lifted test gets "run": status, emulated, iterations, outcomes,
 * outside_compiled[] and forbidden_at_source[] ({state, count}, in the
 * source test's names).  -1 with why when the run could not be made or
 * left no JSON.
 */
int fx_run_group(const char *arch, const char *cc, const char *cflags, json_t *const *cells,
		 int n, const struct fx_run_opts *o, int serial, struct fx_run_counts *c,
		 char *why, size_t len);

/*
 * A test's name as one file name, cut to len - 1 characters: a character
 * other than a letter, a digit or one of "+-._" becomes '_' (a name may
 * hold '/'), and so does a leading '.' (a name may be ".."); never empty.
 */
void fx_file_name(const char *name, char *out, size_t len);

/* litmus-run fences ... */
int fences_main(int argc, char **argv);

#endif /* LT_FENCES_H */
