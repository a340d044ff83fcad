/* SPDX-License-Identifier: MIT */
/*
 * litmus-run fences without a compiler: canned assembly, as GCC writes it,
 * lifted (src/fences/lift.c and arch/<isa>/lift.c), parsed back with the
 * project's parser, checked with the arch's model, and classified
 * (src/fences/map.c).
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fences/lift.h"
#include "litmus/arch-ops.h"
#include "litmus/parse.h"
#include "model/model.h"
#include "util/fs.h"
#include "check-util.h"

/* MP with the flag written and read by exchanges: forbidden at source. */
static const char mp_xchg[] =
	"C MP+xchg\n"
	"{ x = 0; y = 0; }\n"
	"P0(atomic_int *x, atomic_int *y)\n"
	"{\n"
	"\tatomic_store_explicit(x, 1, memory_order_relaxed);\n"
	"\tatomic_exchange_explicit(y, 1, memory_order_release);\n"
	"}\n"
	"P1(atomic_int *x, atomic_int *y)\n"
	"{\n"
	"\tint r0 = atomic_exchange_explicit(y, 2, memory_order_acquire);\n"
	"\tint r1 = atomic_load_explicit(x, memory_order_relaxed);\n"
	"}\n"
	"exists (1:r0=1 /\\ 1:r1=0)\n";

/* GCC 12's POWER code for it; `isync` is "isync" or "" (a broken compiler). */
static char *mp_xchg_ppc(const char *isync)
{
	char *s = malloc(1024);

	if (!s || snprintf(s, 1024,
		     "lt_c_thread_0:\n"
		     "\tli 9,1\n\tstw 9,0(3)\n\tlwsync\n"
		     ".L2:\n\tlwarx 10,0,4\n\tstwcx. 9,0,4\n\tbne 0,.L2\n\tblr\n"
		     "\t.size\tlt_c_thread_0,.-lt_c_thread_0\n"
		     "lt_c_thread_1:\n"
		     "\tli 9,2\n"
		     ".L5:\n\tlwarx 10,0,4\n\tstwcx. 9,0,4\n\tbne 0,.L5\n\t%s\n"
		     "\tlwz 9,0(3)\n"
		     "#APP\n # 20 \"t.c\" 1\n\t# LT_OBS r0 10\n# 0 \"\" 2\n#NO_APP\n"
		     "#APP\n # 21 \"t.c\" 1\n\t# LT_OBS r1 9\n# 0 \"\" 2\n#NO_APP\n"
		     "\tblr\n"
		     "\t.size\tlt_c_thread_1,.-lt_c_thread_1\n", isync) >= 1024)
		abort();
	return s;
}

/* Lift asm for arch; the lifted test's text (caller frees). */
static char *lift_ok(const struct lt_test *src, const char *arch, const char *asmtext,
		     struct fx_lifted *l)
{
	struct lt_buf b = LT_BUF_INIT;

	ck_assert_msg(fx_lift(src, arch, asmtext, l) == 0, "lift: %s", l->why);
	fx_lifted_text(src, arch, l, &b);
	return b.s;
}

/* Does the model allow 1:r0 = a and 1:r1 = b in the lifted test? */
static bool allows(const struct fx_lifted *l, const char *text, long a, long b)
{
	struct lt_test *t = parse_ok(text);
	struct lt_model_result m;
	struct lt_error err;
	struct lt_value v[2] = { { .i = 0 } };
	bool yes;

	ck_assert_int_eq(t->nobserved, 2);
	/* The observed locals under their lifted names, in the test's order. */
	for (int k = 0; k < 2; k++) {
		char name[64], want[64];

		lt_var_name(t, t->observed[k], name, sizeof(name));
		snprintf(want, sizeof(want), "1:%s", l->th[1].obsreg[0]);
		v[k].i = !strcasecmp(name, want) ? a : b;
	}
	ck_assert_msg(model_allowed_states(t, NULL, &m, &err) == 0, "model: %s", err.msg);
	yes = model_state_allowed(t, &m, v);
	model_result_free(&m);
	lt_test_free(t);
	return yes;
}

/*
 * The lifted test as it would be without the compare: the branch before
 * the isync reads only the stcx.'s result.  herd7's ppc.cat allows the
 * state here (Sometimes), and so must the power model.
 */
static const char mp_xchg_bare[] =
	"PPC MP+xchg-bare\n"
	"{\n0:r3=x; 0:r4=y;\n1:r3=x; 1:r4=y;\n}\n"
	" P0 | P1 ;\n"
	" li r9,1 | li r9,2 ;\n"
	" stw r9,0(r3) | L5: lwarx r10,0,r4 ;\n"
	" lwsync | stwcx. r9,0,r4 ;\n"
	" L2: lwarx r10,0,r4 | bne L5 ;\n"
	" stwcx. r9,0,r4 | isync ;\n"
	" bne L2 | lwz r9,0(r3) ;\n"
	"exists (1:r10=1 /\\ 1:r9=0)\n";

START_TEST(ppc_rmw_isync_orders_the_larx)
{
	struct lt_test *src = parse_ok(mp_xchg);
	char *as = mp_xchg_ppc("isync"), *text;
	struct fx_lifted l;

	text = lift_ok(src, "ppc64le", as, &l);
	/* The dependency the architecture gives, spelled out before the isync. */
	ck_assert_msg(strstr(text, "cmpw r10,r10"), "%s", text);
	ck_assert_msg(!allows(&l, text, 1, 0), "acquire exchange did not order:\n%s", text);
	{
		struct lt_test *t = parse_ok(mp_xchg_bare);
		struct lt_model_result m;
		struct lt_error err;
		struct lt_value v[2] = { { .i = 1 }, { .i = 0 } };	/* r10, r9 */

		ck_assert_msg(model_allowed_states(t, NULL, &m, &err) == 0, "%s", err.msg);
		ck_assert(model_state_allowed(t, &m, v));
		model_result_free(&m);
		lt_test_free(t);
	}
	free(text);
	fx_lifted_free(&l);
	free(as);
	/* A compiler that drops the isync: the state is allowed. */
	as = mp_xchg_ppc("nop");
	text = lift_ok(src, "ppc64le", as, &l);
	ck_assert_msg(!strstr(text, "cmpw"), "%s", text);
	ck_assert(allows(&l, text, 1, 0));
	free(text);
	fx_lifted_free(&l);
	free(as);
	lt_test_free(src);
}
END_TEST

START_TEST(ppc_acquire_then_release_classified_as_mapped)
{
	static const char c[] =
		"C LR\n{ x = 0; y = 0; }\n"
		"P0(atomic_int *x, atomic_int *y)\n{\n"
		"\tint r0 = atomic_load_explicit(y, memory_order_acquire);\n"
		"\tatomic_store_explicit(x, 1, memory_order_release);\n}\n"
		"exists (0:r0=1)\n";
	static const char as[] =
		"lt_c_thread_0:\n"
		"\tlwz 9,0(4)\n\tcmpw 7,9,9\n\tbne- 7,$+4\n\tisync\n"
		"\tlwsync\n\tli 10,1\n\tstw 10,0(3)\n"
		"\t# LT_OBS r0 9\n\tblr\n"
		"\t.size\tlt_c_thread_0,.-lt_c_thread_0\n";
	struct lt_test *src = parse_ok(c);
	struct fx_lifted l;
	struct fx_acc acc[8];
	char why[256], *text = lift_ok(src, "ppc64le", as, &l);
	int n = fx_classify(src, 0, "ppc64le", &l.th[0], acc, 8, why, sizeof(why));

	ck_assert_int_eq(n, 2);
	/* The lwsync is the store's, not a second trailing fence of the load. */
	ck_assert_str_eq(acc[0].verdict, "as-mapped");
	ck_assert_msg(!strcmp(acc[1].verdict, "as-mapped"), "store: %s (%s)", acc[1].verdict,
		      acc[1].emitted.s);
	for (int k = 0; k < n; k++)
		lt_buf_free(&acc[k].emitted);
	free(text);
	fx_lifted_free(&l);
	lt_test_free(src);
}
END_TEST

START_TEST(riscv_loop_on_one_line)
{
	static const char c[] =
		"C CAS\n{ x = 0; }\n"
		"P0(atomic_int *x)\n{\n"
		"\tint e0 = 0;\n"
		"\tatomic_compare_exchange_strong_explicit(x, &e0, 1, memory_order_seq_cst, "
		"memory_order_seq_cst);\n}\n"
		"P1(atomic_int *x)\n{\n"
		"\tint r0 = atomic_load_explicit(x, memory_order_relaxed);\n}\n"
		"exists (x=1 /\\ 1:r0=1)\n";
	/* GCC's inline LL/SC loop: one line, local labels 1b and 1f. */
	static const char as[] =
		"lt_c_thread_0:\n"
		"\tli\ta5,1\n"
		"\tfence iorw,ow;  1: lr.w.aq a4,0(a0); bne a4,zero,1f; sc.w.aq a3,a5,0(a0); "
		"bnez a3,1b; 1:\n"
		"\tret\n"
		"\t.size\tlt_c_thread_0, .-lt_c_thread_0\n"
		"lt_c_thread_1:\n"
		"\tlw\ta5,0(a0)\n"
		"\t# LT_OBS r0 a5\n\tret\n"
		"\t.size\tlt_c_thread_1, .-lt_c_thread_1\n";
	struct lt_test *src = parse_ok(c), *t;
	struct fx_lifted l;
	char *text = lift_ok(src, "riscv64", as, &l);

	ck_assert_msg(strstr(text, "sc.w.aq a3,a5,(a0)"), "%s", text);
	/* 1b is the loop's head, 1f the label after it on the same line. */
	ck_assert_msg(strstr(text, "LM0: lr.w.aq") && strstr(text, "bne a3,zero,LM0") &&
		      strstr(text, "bne a4,zero,LM1"), "%s", text);
	ck_assert_msg(strstr(text, "fence rw,w"), "%s", text);
	t = parse_ok(text);	/* every label defined */
	lt_test_free(t);
	free(text);
	fx_lifted_free(&l);
	lt_test_free(src);
}
END_TEST

START_TEST(every_arch_has_a_lifter)
{
	for (int k = 0; lt_arches[k]; k++) {
		const struct fx_arch *a = fx_arch_of(lt_arches[k]->name);

		ck_assert_msg(a && a->triplet && a->insn && a->table, "%s", lt_arches[k]->name);
	}
	ck_assert_ptr_null(fx_arch_of("vax"));
}
END_TEST

/*
 * The cache's files (assembly, units' sources, compiler logs) are read and
 * written by util/fs.c: what cannot be read whole is NULL, never a part.
 */
START_TEST(cache_files_read_and_written_whole)
{
	char dir[] = "/tmp/lt-fences-unit.XXXXXX", path[64], why[256], *text;
	struct stat st;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/test.s", dir);
	ck_assert_int_eq(lt_write_file(path, "lt_c_thread_0:\n", 15, 0644 | LT_WRITE_NOSYNC,
				       why, sizeof(why)), 0);
	ck_assert_int_eq(stat(path, &st), 0);
	/* The flag is not a permission bit. */
	ck_assert_int_eq(st.st_mode & 07777, 0644 & ~umask(022));
	text = lt_read_file(path);
	ck_assert_str_eq(text, "lt_c_thread_0:\n");
	free(text);
	ck_assert_int_eq(lt_write_file(path, "", 0, 0644 | LT_WRITE_NOSYNC, why, sizeof(why)), 0);
	text = lt_read_file(path);
	ck_assert_str_eq(text, "");
	free(text);
	/* A directory opens but does not read: an error, not an empty text. */
	errno = 0;
	ck_assert_ptr_null(lt_read_file(dir));
	ck_assert_int_eq(errno, EISDIR);
	ck_assert_int_eq(unlink(path), 0);
	ck_assert_ptr_null(lt_read_file(path));
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("fences");
	TCase *tc = tcase_create("lift");

	tcase_add_test(tc, ppc_rmw_isync_orders_the_larx);
	tcase_add_test(tc, ppc_acquire_then_release_classified_as_mapped);
	tcase_add_test(tc, riscv_loop_on_one_line);
	tcase_add_test(tc, every_arch_has_a_lifter);
	tcase_add_test(tc, cache_files_read_and_written_whole);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(suite());
}
