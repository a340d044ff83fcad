/* SPDX-License-Identifier: MIT */
/*
 * The kernel of a Go test: its goroutines compiled by the Go toolchain,
 * driven by the C runtime every other kernel runs on.
 *
 * The generated C kernel carries, in a comment, a Go program
 * (package main, cgo) that exports one function per thread, LtThreadN; the
 * kernel's lt_thread_N calls it once per batch.  arch/go/lt-gocc, run in
 * place of the C compiler (build_driver), takes the program out, builds it
 * with "go build -buildmode=c-archive" for the compiler's target, and links
 * the archive into the kernel.  So placement, affinity, the barriers, the
 * histogram and its raw output are the C runtime's, as for every test:
 * the thread the runtime pinned is the one the goroutine runs on (a cgo
 * call from C runs its goroutine on the calling thread, locked to it).
 *
 * The generated names start with lt or Lt, which a test's names cannot
 * (go_name_ok): no shared variable or local of the test hides them.
 *
 * Each exported function runs the batch's iterations itself and calls the
 * runtime's barrier through cgo once per iteration: one C-to-Go call per
 * batch rather than per iteration (a call into Go from a C thread costs
 * far more than a call out of Go), and the cells' addresses computed in
 * Go from the layout, read once per batch.
 *
 * A thread body is the test's Go as written, its locals hoisted to the top
 * of the iteration (so that every one is there to be observed at its end):
 * "var r T = e" and "r := e" become assignments, and a plain shared
 * variable x is the cell *x.  An atomic variable is its integer cell and
 * its methods the sync/atomic functions (x.Add(1) is atomic.AddInt32(x, 1),
 * which is what the method compiles to in Go 1.19, and what gccgo 12,
 * whose library predates the typed atomics, has).  Mutexes and wait
 * groups are the sync types themselves, in the cells (their zero value
 * is all-zero bytes, as the runtime initialises a cell); a wait group's
 * initial count is an Add by thread 0 before the iteration's barrier.
 * Channels cannot live in C memory (a Go pointer); they are made, fresh
 * for each iteration, by the first thread to start a batch.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lang.h"

/* The Go name of local name's type, "int" when the parser did not say. */
const char *go_gen_local_type(const struct lt_thread *thr, const char *name,
			      char *buf, size_t len)
{
	const char *t = go_local_type(thr->params, name, buf, len);

	return t ? t : "int";
}

static int find_var(const struct go_var *v, int nv, const char *s, const struct gtok *tk)
{
	for (int k = 0; k < nv; k++)
		if (strlen(v[k].name) == tk->len && !memcmp(v[k].name, s + tk->off, tk->len))
			return k;
	return -1;
}

/* The body as Go, rewritten as the header comment says. */
int go_gen_body(const struct lt_test *t, int th, const struct go_var *v, int nv,
		struct lt_buf *out, struct lt_error *err)
{
	const struct lt_thread *thr = &t->threads[th];
	const char *s = thr->body;
	struct gtok *tk;
	size_t bad, prev = 0;
	int n = go_lex(s, strlen(s), &tk, &bad);
	char buf[32];

	if (n < 0) {
		lt_error_set(err, t->file, thr->body_pos, "P%d: unexpected character", thr->id);
		return -1;
	}
	for (int k = 0; k < n; k++) {
		const struct gtok *x = &tk[k];
		int var;

		lt_buf_putn(out, s + prev, x->off - prev);
		prev = x->off + x->len;
		if (x->k == 'i' && x->len == 3 && !memcmp(s + x->off, "var", 3)) {
			/* var a, b T [= e]: "a = e", or each name its zero */
			int first = k + 1, names = 0;
			char name[65];

			while (k + 1 < n && tk[k + 1].k == 'i') {
				names++;
				k++;
				if (k + 1 < n && tk[k + 1].k == ',')
					k++;
				else
					break;
			}
			k++;		/* the type */
			snprintf(name, sizeof(name), "%.*s", (int)tk[first].len, s + tk[first].off);
			if (k + 1 < n && tk[k + 1].k == '=') {
				lt_buf_printf(out, "%s =", name);
				k++;
			} else {
				bool is_bool = !strcmp(go_gen_local_type(thr, name, buf, sizeof(buf)), "bool");

				for (int m = 0; m < names; m++)
					lt_buf_printf(out, "%s%.*s", m ? ", " : "",
						      (int)tk[first + 2 * m].len, s + tk[first + 2 * m].off);
				lt_buf_puts(out, " = ");
				for (int m = 0; m < names; m++)
					lt_buf_printf(out, "%s%s", m ? ", " : "", is_bool ? "false" : "0");
			}
			prev = tk[k].off + tk[k].len;
		} else if (x->k == GK2(':', '=')) {
			lt_buf_putc(out, '=');
		} else if (x->k == 'i' && (var = find_var(v, nv, s, x)) >= 0 &&
			   v[var].type->kind == GO_ATOMIC && k + 3 < n &&
			   tk[k + 1].k == '.' && tk[k + 3].k == '(') {
			/* x.Add(e) -> atomic.AddInt32(x, e) */
			const char *vt = v[var].type->name + strlen("atomic.");

			lt_buf_printf(out, "atomic.%.*s%s(%s%s", (int)tk[k + 2].len,
				      s + tk[k + 2].off, vt, v[var].name,
				      k + 4 < n && tk[k + 4].k != ')' ? ", " : "");
			k += 3;
			prev = tk[k].off + tk[k].len;
		} else if (x->k == 'i' && (var = find_var(v, nv, s, x)) >= 0 &&
			   v[var].type->kind == GO_PLAIN) {
			lt_buf_printf(out, "(*%s)", v[var].name);
		} else {
			lt_buf_putn(out, s + x->off, x->len);
		}
	}
	lt_buf_puts(out, s + prev);
	free(tk);
	return 0;
}

/* The local names of thread th's params ("...; r0 int32 ok bool"). */
int go_gen_locals(const struct lt_thread *thr, char (**names)[65])
{
	const char *p = thr->params ? strchr(thr->params, ';') : NULL;
	int n = 0;

	*names = NULL;
	while (p && *p) {
		size_t a;

		p++;
		p += strspn(p, " ");
		a = strcspn(p, " ");
		if (!a)
			break;
		*names = lt_xrealloc(*names, (size_t)(n + 1) * sizeof(**names));
		snprintf((*names)[n++], sizeof(**names), "%.*s", (int)a, p);
		p += a;
		p += strspn(p, " ");
		p += strcspn(p, " ");
	}
	return n;
}

static int go_thread(const struct lt_test *t, int th, const int *slot, int nslots,
		     const struct go_var *v, int nv, int nchans, struct lt_buf *out,
		     struct lt_error *err)
{
	const struct lt_thread *thr = &t->threads[th];
	char (*names)[65], buf[32];
	int nl = go_gen_locals(thr, &names);
	bool observes = false;

	for (int k = 0; k < nl; k++) {
		int r = lt_test_find_reg(t, thr->id, names[k]);

		observes |= r >= 0 && slot[r] >= 0;
	}
	lt_buf_printf(out, "//export LtThread%d\nfunc LtThread%d(lt_run *C.struct_lt_rt_run, lt_thread C.int) {\n",
		      th, th);
	lt_buf_puts(out, "\tlt_l := ltRun(lt_run)\n\tlt_n := int(lt_l.n)\n");
	if (observes)
		lt_buf_printf(out, "\tlt_out := unsafe.Slice((*uint64)(unsafe.Pointer(lt_l.out)), lt_n*%d)\n",
			      nslots);
	if (nchans)
		lt_buf_printf(out, "\tlt_chs := ltChans(%d, lt_n)\n", th);
	/*
	 * A wait group's count is added for every iteration before thread 0
	 * reaches its first barrier: a barrier need not hold every thread
	 * until all have arrived (spin's leader goes on at once), so an Add
	 * just before iteration i's barrier could come after iteration i's
	 * Wait, which would then not wait.
	 */
	if (th == 0)
		for (int k = 0; k < nv; k++)
			if (v[k].type->kind == GO_WAITGROUP && v[k].cap)
				lt_buf_printf(out, "\tfor lt_i := 0; lt_i < lt_n; lt_i++ {\n"
					      "\t\t(*%s)(lt_l.cell(lt_i, %d)).Add(%d)\n\t}\n",
					      v[k].type->name, v[k].loc, v[k].cap);
	lt_buf_puts(out, "\tfor lt_i := 0; lt_i < lt_n; lt_i++ {\n");
	for (int k = 0, c = 0; k < nv; k++) {
		if (v[k].type->kind == GO_CHAN)
			lt_buf_printf(out, "\t\t%s := lt_chs[lt_i][%d]\n", v[k].name, c++);
		else if (v[k].type->kind == GO_ATOMIC)
			lt_buf_printf(out, "\t\t%s := (*%s)(lt_l.cell(lt_i, %d))\n", v[k].name,
				      v[k].type->value, v[k].loc);
		else
			lt_buf_printf(out, "\t\t%s := (*%s)(lt_l.cell(lt_i, %d))\n", v[k].name,
				      v[k].type->name, v[k].loc);
	}
	for (int k = 0; k < nl; k++)
		lt_buf_printf(out, "\t\tvar %s %s\n", names[k], go_gen_local_type(thr, names[k], buf, sizeof(buf)));
	lt_buf_puts(out, "\t\tC.lt_rt_barrier(lt_run, C.size_t(lt_i), lt_thread)\n\t\t{\n");
	if (go_gen_body(t, th, v, nv, out, err) < 0) {
		free(names);
		return -1;
	}
	lt_buf_puts(out, "\n\t\t}\n");
	for (int k = 0; k < nl; k++) {
		int r = lt_test_find_reg(t, thr->id, names[k]);

		if (r >= 0 && slot[r] >= 0)
			lt_buf_printf(out, !strcmp(go_gen_local_type(thr, names[k], buf, sizeof(buf)), "bool") ?
				      "\t\tlt_out[lt_i*%d+%d] = ltBool(%s)\n" : "\t\tlt_out[lt_i*%d+%d] = uint64(%s)\n",
				      nslots, slot[r], names[k]);
		lt_buf_printf(out, "\t\t_ = %s\n", names[k]);
	}
	for (int k = 0; k < nv; k++)
		lt_buf_printf(out, "\t\t_ = %s\n", v[k].name);
	lt_buf_puts(out, "\t}\n}\n\n");
	free(names);
	return 0;
}

/* The Go program: the cgo preamble, its helpers and every thread. */
static int go_program(const struct lt_test *t, const int *slot, int nslots,
		      struct lt_buf *out, struct lt_error *err)
{
	struct go_var *v;
	int nv = go_vars_split(t, t->threads[0].params, &v), nchans = 0;

	lt_buf_puts(out,
		"package main\n\n"
		/* the cgo preamble in // lines: the program sits in a C comment */
		"// #include <stddef.h>\n// #include <stdint.h>\n// #include \"lt-runtime.h\"\n//\n"
		"// static void lt_go_layout(struct lt_rt_run *run, uintptr_t *v)\n// {\n"
		"// \tv[0] = (uintptr_t)run->cells;\n// \tv[1] = (uintptr_t)run->perm;\n"
		"// \tv[2] = run->iter_stride;\n// \tv[3] = run->loc_stride;\n"
		"// \tv[4] = run->n;\n// \tv[5] = (uintptr_t)run->out;\n// }\n"
		"import \"C\"\n\n"
		"import (\n\t\"sync\"\n\t\"sync/atomic\"\n\t\"unsafe\"\n)\n\n"
		"var _ = atomic.LoadInt32\nvar _ sync.Mutex\n\n"
		"func main() {}\n\n"
		"type ltLayout struct{ cells, perm, iterStride, locStride, n, out uintptr }\n\n"
		"func ltRun(run *C.struct_lt_rt_run) (l ltLayout) {\n"
		"\tC.lt_go_layout(run, (*C.uintptr_t)(unsafe.Pointer(&l)))\n\treturn\n}\n\n"
		"// The cell of location loc in iteration i (lt_rt_cells, lt_rt_cell).\n"
		"func (l *ltLayout) cell(i, loc int) unsafe.Pointer {\n"
		"\tb := uintptr(i)\n\tif l.perm != 0 {\n"
		"\t\tb = *(*uintptr)(unsafe.Pointer(l.perm + uintptr(i)*unsafe.Sizeof(b)))\n\t}\n"
		"\treturn unsafe.Pointer(l.cells + (b*l.iterStride+uintptr(loc)*l.locStride)*8)\n}\n\n"
		"func ltBool(b bool) uint64 {\n\tif b {\n\t\treturn 1\n\t}\n\treturn 0\n}\n\n");
	for (int k = 0; k < nv; k++)
		nchans += v[k].type->kind == GO_CHAN;
	if (nchans) {
		lt_buf_printf(out,
			"// One batch's channels, fresh for each iteration; made by the\n"
			"// first thread to start the batch, dropped when all have taken them.\n"
			"type ltChanBatch struct {\n\tch    [][%d]chan int\n\tusers int\n}\n\n"
			"var ltChanMu sync.Mutex\nvar ltChanBatches = map[int]*ltChanBatch{}\n"
			"var ltBatchNo [%d]int\n\n"
			"func ltChans(thread, n int) [][%d]chan int {\n"
			"\tb := ltBatchNo[thread]\n\tltBatchNo[thread]++\n"
			"\tltChanMu.Lock()\n\tdefer ltChanMu.Unlock()\n"
			"\tx := ltChanBatches[b]\n\tif x == nil {\n"
			"\t\tx = &ltChanBatch{ch: make([][%d]chan int, n)}\n"
			"\t\tfor i := range x.ch {\n", nchans, t->nthreads, nchans, nchans);
		for (int k = 0, c = 0; k < nv; k++)
			if (v[k].type->kind == GO_CHAN)
				lt_buf_printf(out, "\t\t\tx.ch[i][%d] = make(chan int, %d)\n", c++, v[k].cap);
		lt_buf_printf(out, "\t\t}\n\t\tltChanBatches[b] = x\n\t}\n"
			"\tif x.users++; x.users == %d {\n\t\tdelete(ltChanBatches, b)\n\t}\n"
			"\treturn x.ch\n}\n\n", t->nthreads);
	}
	for (int th = 0; th < t->nthreads; th++)
		if (go_thread(t, th, slot, nslots, v, nv, nchans, out, err) < 0) {
			free(v);
			return -1;
		}
	free(v);
	return 0;
}

int go_emit_thread(const struct lt_test *t, int th, const int *slot, int nslots,
		   struct lt_buf *out, struct lt_error *err)
{
	if (th == 0) {
		struct lt_buf prog = LT_BUF_INIT;

		if (go_program(t, slot, nslots, &prog, err) < 0) {
			lt_buf_free(&prog);
			return -1;
		}
		/*
		 * Comments are blanked out of a test's code, the grammar has
		 * no '/' and the preamble is in // lines, so nothing in the
		 * program can end the C comment.
		 */
		lt_buf_printf(out, "/* " LT_GO_SOURCE_BEGIN "\n%s" LT_GO_SOURCE_END " */\n\n", prog.s);
		lt_buf_free(&prog);
	}
	lt_buf_printf(out, "/* P%d: a goroutine (arch/go/gen.c) */\n"
		      "extern void LtThread%d(struct lt_rt_run *run, int thread);\n"
		      "static void lt_thread_%d(struct lt_rt_run *run, int thread)\n{\n"
		      "\tLtThread%d(run, thread);\n}\n\n", t->threads[th].id, th, th, th);
	return 0;
}
