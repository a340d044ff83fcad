/* SPDX-License-Identifier: MIT */
/*
 * litmus-gen --arch=C: the C11 suite.  The classic shapes (SB, MP, LB, S, R,
 * 2+2W, WRC, ISA2, RWC, IRIW) written with <stdatomic.h>, in every memory
 * order combination that can change a verdict, with standalone fences
 * between a thread's accesses, and with read-modify-writes (exchange,
 * fetch_add, compare_exchange) in place of plain atomic accesses.
 *
 * A test name spells its variant thread by thread: "MP+rlx.rel+acq.rlx" is
 * message passing whose writer stores relaxed then release and whose reader
 * loads acquire then relaxed; "SB+rlx.Fsc.rlx+..." has a seq_cst fence
 * between the two accesses; "xchgsc", "faddar", "casrlx" are an exchange, a
 * fetch_add and a compare_exchange with that order (ar: acq_rel).
 *
 * There is no cheap rule for C11 verdicts (SC accesses, release sequences,
 * fences all interact), so the expectation is the project's c11 checker's
 * verdict, and rc11's beside it (src/model/); shape_c11_kind computes both.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "litmus/parse.h"
#include "model/model.h"
#include "shape/shape-c11.h"
#include "shape/shape.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Orders of one access: relaxed, the access's acquire/release, seq_cst. */
enum { O_RLX, O_RA, O_SC, O_NONE };

/* One access of a thread as the variant writes it. */
struct acc {
	char op;	/* R, W, X (exchange), A (fetch_add 0), C (compare_exchange), F (fence) */
	char loc;
	int val;
	int order;	/* O_* */
};

struct family {
	const char *name;
	int nth;
	const char *th[4];	/* "Wx1 Ry": accesses in program order */
	const char *cond;	/* the exists clause */
	const char *why;	/* what the shape probes, for the doc string */
};

static const struct family families[] = {
	{ "SB", 2, { "Wx1 Ry", "Wy1 Rx" }, "0:r0=0 /\\ 1:r0=0",
	  "store buffering: both loads miss both stores" },
	{ "MP", 2, { "Wx1 Wy1", "Ry Rx" }, "1:r0=1 /\\ 1:r1=0",
	  "message passing: the flag is seen, the data is not" },
	{ "LB", 2, { "Rx Wy1", "Ry Wx1" }, "0:r0=1 /\\ 1:r0=1",
	  "load buffering: each load reads the other thread's later store" },
	{ "S", 2, { "Wx2 Wy1", "Ry Wx1" }, "x=2 /\\ 1:r0=1",
	  "S: a write after a read of the flag is overwritten by the older write" },
	{ "R", 2, { "Wx1 Wy1", "Wy2 Rx" }, "y=2 /\\ 1:r0=0",
	  "R: a write-write pair against a write-read pair" },
	{ "2+2W", 2, { "Wx1 Wy2", "Wy1 Wx2" }, "x=1 /\\ y=1",
	  "2+2W: two write-write pairs, coherence in a cycle" },
	{ "WRC", 3, { "Wx1", "Rx Wy1", "Ry Rx" }, "1:r0=1 /\\ 2:r0=1 /\\ 2:r1=0",
	  "write-to-read causality: cumulativity through a middle thread" },
	{ "ISA2", 3, { "Wx1 Wy1", "Ry Wz1", "Rz Rx" }, "1:r0=1 /\\ 2:r0=1 /\\ 2:r1=0",
	  "ISA2: message passing through a chain of three threads" },
	{ "RWC", 3, { "Wx1", "Rx Ry", "Wy1 Rx" }, "1:r0=1 /\\ 1:r1=0 /\\ 2:r0=0",
	  "read-to-write causality" },
	{ "IRIW", 4, { "Wx1", "Rx Ry", "Wy1", "Ry Rx" },
	  "1:r0=1 /\\ 1:r1=0 /\\ 3:r0=1 /\\ 3:r1=0",
	  "independent reads of independent writes: do readers agree on the order" },
};

#define MAX_ACC 4
struct variant {
	const struct family *f;
	struct acc a[4][MAX_ACC];
	int n[4];
};

/* Parse a family's thread into accesses, all relaxed. */
static void family_init(const struct family *f, struct variant *v)
{
	memset(v, 0, sizeof(*v));
	v->f = f;
	for (int t = 0; t < f->nth; t++) {
		const char *s = f->th[t];

		while (*s) {
			struct acc *a = &v->a[t][v->n[t]++];

			a->op = s[0];
			a->loc = s[1];
			a->val = s[0] == 'W' ? s[2] - '0' : 0;
			a->order = O_RLX;
			s += s[0] == 'W' ? 3 : 2;
			while (*s == ' ')
				s++;
		}
	}
}

static const char *order_c(const struct acc *a)
{
	switch (a->order) {
	case O_SC:
		return "memory_order_seq_cst";
	case O_RLX:
		return "memory_order_relaxed";
	default:
		break;
	}
	switch (a->op) {
	case 'R':
		return "memory_order_acquire";
	case 'W':
		return "memory_order_release";
	default:
		return "memory_order_acq_rel";
	}
}

/* compare_exchange's failure order: never release, never stronger. */
static const char *order_fail(const struct acc *a)
{
	return a->order == O_SC ? "memory_order_seq_cst" :
	       a->order == O_RA ? "memory_order_acquire" : "memory_order_relaxed";
}

static void token(const struct acc *a, struct lt_buf *out)
{
	static const char *const plain[2][3] = {
		{ "rlx", "acq", "sc" }, { "rlx", "rel", "sc" },
	};
	static const char *const rmw[3] = { "rlx", "ar", "sc" };

	switch (a->op) {
	case 'R':
	case 'W':
		lt_buf_puts(out, plain[a->op == 'W'][a->order]);
		break;
	case 'F':
		lt_buf_printf(out, "F%s", rmw[a->order]);
		break;
	default:
		lt_buf_printf(out, "%s%s", a->op == 'X' ? "xchg" : a->op == 'A' ? "fadd" : "cas",
			      rmw[a->order]);
		break;
	}
}

static void variant_name(const struct variant *v, struct lt_buf *out)
{
	lt_buf_puts(out, v->f->name);
	for (int t = 0; t < v->f->nth; t++) {
		lt_buf_putc(out, '+');
		for (int k = 0; k < v->n[t]; k++) {
			if (k)
				lt_buf_putc(out, '.');
			token(&v->a[t][k], out);
		}
	}
}

static void variant_text(const struct variant *v, const char *name, struct lt_buf *out)
{
	char locs[4] = { 0 };
	int nloc = 0;

	lt_buf_printf(out, "C %s\n\"%s (litmus-gen --arch=C).\"\n{ ", name, v->f->why);
	for (int t = 0; t < v->f->nth; t++)
		for (int k = 0; k < v->n[t]; k++)
			if (v->a[t][k].op != 'F' && !strchr(locs, v->a[t][k].loc))
				locs[nloc++] = v->a[t][k].loc;
	/* Locations in alphabetical order: x, y, z. */
	for (char c = 'x'; c <= 'z'; c++)
		if (strchr(locs, c))
			lt_buf_printf(out, "%c = 0; ", c);
	lt_buf_puts(out, "}\n");
	for (int t = 0; t < v->f->nth; t++) {
		int nr = 0, ne = 0;
		bool first = true;

		lt_buf_printf(out, "\nP%d(", t);
		for (char c = 'x'; c <= 'z'; c++) {
			bool used = false;

			for (int k = 0; k < v->n[t]; k++)
				used |= v->a[t][k].op != 'F' && v->a[t][k].loc == c;
			if (!used)
				continue;
			lt_buf_printf(out, "%satomic_int *%c", first ? "" : ", ", c);
			first = false;
		}
		lt_buf_puts(out, ")\n{\n");
		for (int k = 0; k < v->n[t]; k++) {
			const struct acc *a = &v->a[t][k];

			switch (a->op) {
			case 'R':
				lt_buf_printf(out, "\tint r%d = atomic_load_explicit(%c, %s);\n",
					      nr++, a->loc, order_c(a));
				break;
			case 'A':
				lt_buf_printf(out, "\tint r%d = atomic_fetch_add_explicit(%c, 0, %s);\n",
					      nr++, a->loc, order_c(a));
				break;
			case 'W':
				lt_buf_printf(out, "\tatomic_store_explicit(%c, %d, %s);\n",
					      a->loc, a->val, order_c(a));
				break;
			case 'X':
				lt_buf_printf(out, "\tatomic_exchange_explicit(%c, %d, %s);\n",
					      a->loc, a->val, order_c(a));
				break;
			case 'C':
				lt_buf_printf(out, "\tint e%d = 0;\n\tatomic_compare_exchange_strong_explicit(%c, &e%d, %d, %s, %s);\n",
					      ne, a->loc, ne, a->val, order_c(a), order_fail(a));
				ne++;
				break;
			case 'F':
				lt_buf_printf(out, "\tatomic_thread_fence(%s);\n",
					      a->order == O_RA ? "memory_order_acq_rel" : order_c(a));
				break;
			}
		}
		lt_buf_puts(out, "}\n");
	}
	lt_buf_printf(out, "\nexists (%s)\n", v->f->cond);
}

typedef void (*emit_fn)(const char *name, const char *text, void *arg);

static void emit(const struct variant *v, emit_fn fn, void *arg)
{
	struct lt_buf name = LT_BUF_INIT, text = LT_BUF_INIT;

	variant_name(v, &name);
	variant_text(v, name.s, &text);
	fn(name.s, text.s, arg);
	lt_buf_free(&name);
	lt_buf_free(&text);
}

/*
 * Per-thread order patterns: a one-access thread takes each order; a
 * two-access thread takes relaxed, acquire/release or seq_cst on both, or
 * acquire/release on one side only (the classic MP+rel+acq pairs), unless
 * `uniform`, which keeps the count of the 3- and 4-thread shapes down.
 */
static int patterns(int n, bool uniform, int out[][MAX_ACC])
{
	static const int two[5][2] = {
		{ O_RLX, O_RLX }, { O_RA, O_RA }, { O_SC, O_SC }, { O_RLX, O_RA }, { O_RA, O_RLX },
	};
	int np = 0;

	if (n == 1) {
		for (int o = O_RLX; o <= O_SC; o++)
			out[np++][0] = o;
		return np;
	}
	for (int p = 0; p < (uniform ? 3 : 5); p++) {
		out[np][0] = two[p][0];
		out[np][1] = two[p][1];
		np++;
	}
	return np;
}

/* Every combination of per-thread order patterns. */
static void orders(const struct family *f, emit_fn fn, void *arg)
{
	int pat[4][5][MAX_ACC], np[4], idx[4] = { 0 };
	struct variant v;
	bool uniform = f->nth > 2;

	family_init(f, &v);
	for (int t = 0; t < f->nth; t++)
		np[t] = patterns(v.n[t], uniform, pat[t]);
	for (;;) {
		int t;

		for (t = 0; t < f->nth; t++)
			for (int k = 0; k < v.n[t]; k++)
				v.a[t][k].order = pat[t][idx[t]][k];
		emit(&v, fn, arg);
		for (t = 0; t < f->nth && ++idx[t] == np[t]; t++)
			idx[t] = 0;
		if (t == f->nth)
			break;
	}
}

/*
 * Relaxed accesses with a fence (acq_rel or seq_cst, or none) between the
 * two accesses of each two-access thread; at least one fence.
 */
static void fences(const struct family *f, emit_fn fn, void *arg)
{
	struct variant base, v;
	int two[4], ntwo = 0, choice[4] = { 0 };

	family_init(f, &base);
	for (int t = 0; t < f->nth; t++)
		if (base.n[t] == 2)
			two[ntwo++] = t;
	for (;;) {
		int k, any = 0;

		v = base;
		for (k = 0; k < ntwo; k++) {
			struct acc *a = v.a[two[k]];

			if (choice[k] == 0)
				continue;
			any = 1;
			a[2] = a[1];
			a[1] = (struct acc){ 'F', 0, 0, choice[k] == 1 ? O_RA : O_SC };
			v.n[two[k]] = 3;
		}
		/* Three- and four-thread shapes: the same fence on every such thread. */
		if (any && (f->nth == 2 || choice[0] == choice[ntwo - 1]))
			emit(&v, fn, arg);
		for (k = 0; k < ntwo && ++choice[k] == 3; k++)
			choice[k] = 0;
		if (k == ntwo)
			break;
	}
}

/* Writes as exchange or compare_exchange, reads as fetch_add(0), per order. */
static void rmws(const struct family *f, emit_fn fn, void *arg)
{
	static const char ops[][2] = { { 'W', 'X' }, { 'W', 'C' }, { 'R', 'A' } };
	struct variant v;

	for (size_t p = 0; p < ARRAY_SIZE(ops); p++) {
		for (int o = O_RLX; o <= O_SC; o++) {
			bool changed = false;

			family_init(f, &v);
			for (int t = 0; t < f->nth; t++)
				for (int k = 0; k < v.n[t]; k++)
					if (v.a[t][k].op == ops[p][0]) {
						v.a[t][k].op = ops[p][1];
						v.a[t][k].order = o;
						changed = true;
					}
			/* 2+2W has no read to make an RMW of. */
			if (changed)
				emit(&v, fn, arg);
		}
	}
}

void shape_c11_suite(void (*fn)(const char *name, const char *text, void *arg), void *arg)
{
	for (size_t k = 0; k < ARRAY_SIZE(families); k++)
		orders(&families[k], fn, arg);
	for (size_t k = 0; k < ARRAY_SIZE(families); k++)
		fences(&families[k], fn, arg);
	for (size_t k = 0; k < ARRAY_SIZE(families); k++)
		if (families[k].nth == 2)
			rmws(&families[k], fn, arg);
}

int shape_c11_kind(const char *name, const char *text, const char *model,
		   enum lt_verdict *out, struct lt_error *err)
{
	struct lt_test *t = NULL;
	struct lt_model_result m;
	int rc;

	if (litmus_parse_string(text, strlen(text), name, &t, err) < 0)
		return -1;
	/* The budget of litmus-run's default --model-timeout: the same verdicts. */
	{
		struct lt_model_budget b = { .timeout_s = LT_MODEL_TIMEOUT_DEFAULT_S };

		rc = model_allowed_states_budget(t, model, &b, &m, err);
	}
	if (rc == 0) {
		*out = m.verdict;
		model_result_free(&m);
	}
	lt_test_free(t);
	return rc < 0 ? -1 : 0;
}

bool shape_c11_arch(const char *name)
{
	return !strcmp(name, "C") || !strcmp(name, "c") || !strcmp(name, "c11");
}

struct c11_out {
	const char *dir;	/* --suite: write here */
	int mode;		/* 0 suite, 1 list, 2 named tests, 3 named kinds */
	char **names;
	int nnames;
	bool *found;
	struct lt_buf kinds, rkinds;
	int rc;
};

static const char *verdict_word(enum lt_verdict v)
{
	return v == LT_VERDICT_FORBIDDEN ? "Forbidden" :
	       v == LT_VERDICT_REQUIRED ? "Required" : "Allowed";
}

static void c11_one(const char *name, const char *text, void *arg)
{
	struct c11_out *o = arg;
	enum lt_verdict c11, rc11;
	struct lt_error err;
	int want = -1;

	if (o->mode == 1) {
		printf("%s\n", name);
		return;
	}
	for (int k = 0; k < o->nnames && want < 0; k++)
		if (!strcmp(o->names[k], name))
			want = k;
	if (o->mode >= 2 && want < 0)
		return;
	if (want >= 0)
		o->found[want] = true;
	if (shape_c11_kind(name, text, "c11", &c11, &err) < 0 ||
	    shape_c11_kind(name, text, "rc11", &rc11, &err) < 0) {
		fprintf(stderr, "litmus-gen: %s: %d:%d: %s\n", name, err.pos.line,
			err.pos.col, err.msg);
		o->rc = 3;
		return;
	}
	if (o->mode == 2) {
		fputs(text, stdout);
		return;
	}
	if (o->mode == 3) {
		printf("%s %s\n", name, verdict_word(c11));
		return;
	}
	lt_buf_printf(&o->kinds, "%s %s\n", name, verdict_word(c11));
	lt_buf_printf(&o->rkinds, "%s %s\n", name, verdict_word(rc11));
	{
		struct lt_buf file = LT_BUF_INIT;

		lt_buf_printf(&file, "%s.litmus", name);
		if (shape_write(o->dir, file.s, text))
			o->rc = 2;
		lt_buf_free(&file);
	}
}

int shape_c11_main(const char *suite, bool list, bool kind_only, int n, char **names)
{
	struct c11_out o = { .dir = suite, .names = names, .nnames = n,
			     .kinds = LT_BUF_INIT, .rkinds = LT_BUF_INIT };
	bool found[n > 0 ? n : 1];

	memset(found, 0, sizeof(found));
	o.found = found;
	o.mode = list ? 1 : suite ? 0 : kind_only ? 3 : 2;
	shape_c11_suite(c11_one, &o);
	for (int k = 0; k < n && o.mode >= 2; k++)
		if (!found[k]) {
			fprintf(stderr, "litmus-gen: %s: not a test of the C suite "
				"(litmus-gen --arch=C --list-suite)\n", names[k]);
			o.rc = 3;
		}
	if (o.mode == 0 && !o.rc) {
		/* kinds.txt: c11's verdicts; kinds-rc11.txt: rc11's, for --model=rc11. */
		o.rc = shape_write(suite, "kinds.txt", o.kinds.s);
		if (!o.rc)
			o.rc = shape_write(suite, "kinds-rc11.txt", o.rkinds.s);
	}
	lt_buf_free(&o.kinds);
	lt_buf_free(&o.rkinds);
	return o.rc;
}
