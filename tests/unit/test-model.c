/* SPDX-License-Identifier: MIT */
/*
 * Unit tests: the model checker's allowed states and verdicts under SC and
 * x86-TSO, its herd7 report, judging a histogram by it, and clean refusals.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "litmus/parse.h"
#include "litmus/arch-ops.h"
#include "model/model.h"
#include "model/sem-build.h"
#include "report/hist.h"
#include "util/buf.h"
#include "check-util.h"



static const char sb[] =
	"X86_64 SB\n"
	"{ }\n"
	" P0            | P1            ;\n"
	" movl $1,(x)   | movl $1,(y)   ;\n"
	" movl (y),%eax | movl (x),%eax ;\n"
	"exists (0:rax=0 /\\ 1:rax=0)\n";

START_TEST(sb_tso_allows_sc_forbids)
{
	enum lt_verdict v;
	char *s = model_states(sb, "x86-tso", &v);

	ck_assert_str_eq(s, "0:rax=0; 1:rax=0;\n0:rax=0; 1:rax=1;\n"
			    "0:rax=1; 1:rax=0;\n0:rax=1; 1:rax=1;\n");
	ck_assert_int_eq(v, LT_VERDICT_ALLOWED);
	free(s);
	s = model_states(sb, "sc", &v);
	ck_assert_str_eq(s, "0:rax=0; 1:rax=1;\n0:rax=1; 1:rax=0;\n"
			    "0:rax=1; 1:rax=1;\n");
	ck_assert_int_eq(v, LT_VERDICT_FORBIDDEN);
	free(s);
	/* NULL: the arch's model, x86-tso. */
	s = model_states(sb, NULL, &v);
	ck_assert_int_eq(v, LT_VERDICT_ALLOWED);
	free(s);
}
END_TEST

START_TEST(mp_forbidden_tso)
{
	enum lt_verdict v;
	char *s = model_states("X86_64 MP\n{ }\n"
			 " P0          | P1            ;\n"
			 " movl $1,(x) | movl (y),%eax ;\n"
			 " movl $1,(y) | movl (x),%ebx ;\n"
			 "exists (1:rax=1 /\\ 1:rbx=0)\n", "x86-tso", &v);

	ck_assert_str_eq(s, "1:rax=0; 1:rbx=0;\n1:rax=0; 1:rbx=1;\n"
			    "1:rax=1; 1:rbx=1;\n");
	ck_assert_int_eq(v, LT_VERDICT_FORBIDDEN);
	free(s);
}
END_TEST

START_TEST(mfence_restores_sc)
{
	enum lt_verdict v;
	char *s = model_states("X86_64 SB+mfences\n{ }\n"
			 " P0            | P1            ;\n"
			 " movl $1,(x)   | movl $1,(y)   ;\n"
			 " mfence        | mfence        ;\n"
			 " movl (y),%eax | movl (x),%eax ;\n"
			 "exists (0:rax=0 /\\ 1:rax=0)\n", "x86-tso", &v);

	ck_assert_int_eq(v, LT_VERDICT_FORBIDDEN);
	ck_assert_ptr_null(strstr(s, "0:rax=0; 1:rax=0;"));
	free(s);
	/* A locked RMW to another location is a fence too (implied). */
	s = model_states("X86_64 SB+lock-adds\n{ }\n"
		   " P0               | P1               ;\n"
		   " movl $1,(x)      | movl $1,(y)      ;\n"
		   " lock addl $0,(a) | lock addl $0,(b) ;\n"
		   " movl (y),%eax    | movl (x),%eax    ;\n"
		   "exists (0:rax=0 /\\ 1:rax=0)\n", "x86-tso", &v);
	ck_assert_int_eq(v, LT_VERDICT_FORBIDDEN);
	free(s);
}
END_TEST

START_TEST(locked_rmw_atomic)
{
	enum lt_verdict v;
	char *s = model_states("X86_64 INC+locks\n{ }\n"
			 " P0            | P1            ;\n"
			 " lock incl (x) | lock incl (x) ;\n"
			 "exists (x=1)\n", "x86-tso", &v);

	ck_assert_str_eq(s, "[x]=2;\n");
	ck_assert_int_eq(v, LT_VERDICT_FORBIDDEN);
	free(s);
	/* Without the lock, an increment can be lost. */
	s = model_states("X86_64 INC\n{ }\n"
		   " P0       | P1       ;\n"
		   " incl (x) | incl (x) ;\n"
		   "exists (x=1)\n", "x86-tso", &v);
	ck_assert_str_eq(s, "[x]=1;\n[x]=2;\n");
	ck_assert_int_eq(v, LT_VERDICT_ALLOWED);
	free(s);
	/* cmpxchg: exactly one of two CAS 0->1 succeeds. */
	s = model_states("X86_64 CAS\n{ 0:rbx=1; 1:rbx=1; }\n"
		   " P0                     | P1                     ;\n"
		   " lock cmpxchgl %ebx,(x) | lock cmpxchgl %ebx,(x) ;\n"
		   "exists (0:rax=0 /\\ 1:rax=0)\n", "x86-tso", &v);
	ck_assert_str_eq(s, "0:rax=0; 1:rax=1;\n0:rax=1; 1:rax=0;\n");
	ck_assert_int_eq(v, LT_VERDICT_FORBIDDEN);
	free(s);
	/* xchg with memory is locked without the prefix. */
	s = model_states("X86_64 SB+xchgs\n{ 0:rbx=1; 1:rbx=1; }\n"
		   " P0             | P1             ;\n"
		   " xchgl %ebx,(x) | xchgl %ebx,(y) ;\n"
		   " movl (y),%eax  | movl (x),%eax  ;\n"
		   "exists (0:rax=0 /\\ 1:rax=0)\n", "x86-tso", &v);
	ck_assert_int_eq(v, LT_VERDICT_FORBIDDEN);
	free(s);
}
END_TEST

START_TEST(register_address)
{
	enum lt_verdict v;
	/* y holds x's address; P1 reads x through it and through rsi. */
	char *s = model_states("X86_64 MP+ptr\n{ y=x; 1:rsi=x; }\n"
			 " P0          | P1               ;\n"
			 " movl $1,(x) | movq (y),%rdi    ;\n"
			 "             | movl (%rdi),%eax ;\n"
			 "             | movl (%rsi),%ebx ;\n"
			 "exists (1:rax=1 /\\ 1:rbx=0 /\\ 1:rdi=x)\n", "x86-tso", &v);

	ck_assert_str_eq(s, "1:rax=0; 1:rbx=0; 1:rdi=x;\n"
			    "1:rax=0; 1:rbx=1; 1:rdi=x;\n"
			    "1:rax=1; 1:rbx=1; 1:rdi=x;\n");
	ck_assert_int_eq(v, LT_VERDICT_FORBIDDEN);
	free(s);
}
END_TEST

START_TEST(branch)
{
	enum lt_verdict v;
	/* y is written only on the path where x was read as 1. */
	char *s = model_states("X86_64 CTRL\n{ }\n"
			 " P0            | P1          ;\n"
			 " movl (x),%eax | movl $1,(x) ;\n"
			 " cmpl $1,%eax  |             ;\n"
			 " jne L0        |             ;\n"
			 " movl $1,(y)   |             ;\n"
			 " L0:           |             ;\n"
			 "exists (0:rax=0 /\\ y=1)\n", "sc", &v);

	ck_assert_str_eq(s, "0:rax=0; [y]=0;\n0:rax=1; [y]=1;\n");
	ck_assert_int_eq(v, LT_VERDICT_FORBIDDEN);
	free(s);
}
END_TEST

START_TEST(herd_report)
{
	struct lt_test *t = parse_ok(sb);
	struct lt_model_result m;
	struct lt_error err;
	struct lt_buf b = LT_BUF_INIT;

	ck_assert_int_eq(model_allowed_states(t, "x86-tso", &m, &err), 0);
	model_format_herd(t, &m, &b);
	ck_assert_str_eq(b.s,
			 "Test SB Allowed\n"
			 "States 4\n"
			 "0:rax=0; 1:rax=0;\n"
			 "0:rax=0; 1:rax=1;\n"
			 "0:rax=1; 1:rax=0;\n"
			 "0:rax=1; 1:rax=1;\n"
			 "Ok\n"
			 "Witnesses\n"
			 "Positive: 1 Negative: 3\n"
			 "Condition exists (0:rax=0 /\\ 1:rax=0)\n"
			 "Observation SB Sometimes 1 3\n");
	ck_assert(m.ok);
	ck_assert_uint_eq(m.pos, 1);
	ck_assert_uint_eq(m.neg, 3);
	lt_buf_free(&b);
	model_result_free(&m);
	/* Under SC the 0/0 candidate dies at its second rf choice. */
	ck_assert_int_eq(model_allowed_states(t, "sc", &m, &err), 0);
	ck_assert_uint_eq(m.pruned, 1);
	ck_assert_uint_eq(m.candidates, 3);
	model_result_free(&m);
	lt_test_free(t);

	/* ~exists: herd swaps the witness counts and calls it Forbidden. */
	t = parse_ok("X86_64 MP\n{ }\n"
		  " P0          | P1            ;\n"
		  " movl $1,(x) | movl (y),%eax ;\n"
		  " movl $1,(y) | movl (x),%ebx ;\n"
		  "~exists (1:rax=1 /\\ 1:rbx=0)\n");
	ck_assert_int_eq(model_allowed_states(t, "x86-tso", &m, &err), 0);
	model_format_herd(t, &m, &b);
	ck_assert_ptr_nonnull(strstr(b.s, "Test MP Forbidden\n"));
	ck_assert_ptr_nonnull(strstr(b.s, "Ok\nWitnesses\nPositive: 3 Negative: 0\n"));
	ck_assert_ptr_nonnull(strstr(b.s, "Condition ~exists (1:rax=1 /\\ 1:rbx=0)\n"));
	ck_assert_ptr_nonnull(strstr(b.s, "Observation MP Never 0 3\n"));
	lt_buf_free(&b);
	model_result_free(&m);
	lt_test_free(t);
}
END_TEST

START_TEST(judge_histogram)
{
	struct lt_test *t = parse_ok(sb);
	struct lt_model_result m;
	struct lt_result r = { 0 };
	struct lt_error err;
	char why[256];
	static const char raw[] =
		"litmus-raw 1\niterations 100\n"
		"state 90 0:rax=1 1:rax=1\n"
		"state 10 0:rax=0 1:rax=0\n"
		"end\n";

	ck_assert_int_eq(hist_parse_raw(t, raw, &r, why, sizeof(why)), 0);
	/* kinds.txt says Allowed; SC, the model, forbids it and wins. */
	hist_classify(t, &r, LT_EXPECT_ALLOWED, "kinds.txt");
	ck_assert_int_eq(model_allowed_states(t, "sc", &m, &err), 0);
	hist_apply_model(t, &r, &m);
	ck_assert_int_eq(r.outs[0].allowed, LT_YES);
	ck_assert_int_eq(r.outs[1].allowed, LT_NO);
	ck_assert_uint_eq(r.forbidden_observed, 10);
	model_result_free(&m);
	ck_assert_int_eq(model_allowed_states(t, "x86-tso", &m, &err), 0);
	hist_apply_model(t, &r, &m);
	ck_assert_int_eq(r.outs[1].allowed, LT_YES);
	ck_assert_uint_eq(r.forbidden_observed, 0);
	model_result_free(&m);
	lt_result_free(&r);
	lt_test_free(t);
}
END_TEST

/* A lowering that emits one micro-op per unit of its first immediate. */
static int n_uops_lower(const struct lt_test *t, int thread,
			const struct lt_insn *in, struct lt_sem *out,
			struct lt_error *err)
{
	for (int k = 0; k < (int)in->ops[0].imm; k++)
		lt_sem_mov(out, 64, lt_arg_tmp(0), lt_arg_imm(k));
	return 0;
}

/* The micro-op bound is checked once for every arch: an error, no overflow. */
START_TEST(uop_bound)
{
	struct lt_test *t = parse_ok("X86_64 U\n{ }\n P0 ;\n movl $1,%eax ;\n"
				  "exists (0:rax=1)\n");
	const struct lt_arch_ops *x86 = t->arch;
	struct lt_arch_ops fake = *x86;
	struct lt_insn *in = &t->threads[0].insns[0];
	struct lt_sem sem;
	struct lt_error err = { .msg = "" };

	fake.lower_insn = n_uops_lower;
	t->arch = &fake;
	in->ops[0].imm = LT_SEM_MAX_UOPS;
	ck_assert_int_eq(lt_sem_lower(t, 0, in, &sem, &err), 0);
	ck_assert_int_eq(sem.nuops, LT_SEM_MAX_UOPS);
	ck_assert_int_eq(sem.uops[LT_SEM_MAX_UOPS - 1].a.imm, LT_SEM_MAX_UOPS - 1);
	in->ops[0].imm = LT_SEM_MAX_UOPS + 3;
	ck_assert_int_eq(lt_sem_lower(t, 0, in, &sem, &err), -1);
	ck_assert_int_eq(sem.nuops, LT_SEM_MAX_UOPS);
	ck_assert_msg(strstr(err.msg, "more than 16 micro-ops"), "%s", err.msg);
	ck_assert_int_eq(err.pos.line, 4);
	/* The model checker reports it as a test it cannot judge. */
	{
		struct lt_model_result m;

		ck_assert_int_eq(model_allowed_states(t, "x86-tso", &m, &err),
				 LT_EMODEL_UNSUPPORTED);
	}
	t->arch = x86;
	lt_test_free(t);
}
END_TEST

/* An x86 one-thread test of INIT and CODE that the checker refuses with MSG. */
static void refused_access(const char *init, const char *code, const char *msg, bool bad)
{
	struct lt_buf src = LT_BUF_INIT;
	struct lt_model_result m;
	struct lt_error err;
	struct lt_test *t;

	lt_buf_printf(&src, "X86_64 ADDR\n%s\n P0 ;\n%sexists (0:rax=0)\n", init, code);
	t = parse_ok(src.s);
	ck_assert_int_eq(model_allowed_states(t, NULL, &m, &err), LT_EMODEL_UNSUPPORTED);
	ck_assert_msg(strstr(err.msg, msg), "message: %s", err.msg);
	ck_assert(m.bad_access == bad);
	lt_test_free(t);
	lt_buf_free(&src);
}

START_TEST(unsupported)
{
	struct lt_test *t = parse_ok("X86_64 NT\n{ }\n"
				  " P0              | P1            ;\n"
				  " movl $1,%eax    | movl (x),%eax ;\n"
				  " movnti %eax,(x) |               ;\n"
				  "exists (1:rax=1)\n");
	struct lt_model_result m;
	struct lt_error err;

	memset(&err, 0, sizeof(err));
	ck_assert_int_eq(model_allowed_states(t, "x86-tso", &m, &err),
			 LT_EMODEL_UNSUPPORTED);
	ck_assert_ptr_nonnull(strstr(err.msg, "does not support 'movnti'"));
	ck_assert_int_eq(err.pos.line, 5);
	ck_assert_int_eq(m.nstates, 0);
	ck_assert_ptr_null(m.states);
	ck_assert_int_eq(model_allowed_states(t, "no-such-model", &m, &err),
			 LT_EMODEL_UNKNOWN);
	ck_assert(!model_exists("no-such-model"));
	/* c11 exists, but judges C tests only. */
	ck_assert(model_exists("c11"));
	ck_assert_int_eq(model_allowed_states(t, "c11", &m, &err),
			 LT_EMODEL_UNSUPPORTED);
	ck_assert(model_exists("sc") && model_exists("x86-tso"));
	/* armv8 exists, but judges AArch64 tests only. */
	ck_assert(model_exists("armv8"));
	ck_assert_int_eq(model_allowed_states(t, "armv8", &m, &err),
			 LT_EMODEL_UNSUPPORTED);
	lt_test_free(t);

	/*
	 * An address moved past its location (x is an int): refused, as
	 * herd refuses it, and a run would write past x, so the runner does
	 * not run it (bad_access); so is an integer for an address.  What the
	 * checker only cannot do is no bad access: a run of it is safe.
	 */
	refused_access("{ 0:rsi=x; }", " addq $4,%rsi  ;\n movl (%rsi),%eax ;\n",
		       "out-of-bound access: 4 bytes at offset 4 of 'x'", true);
	refused_access("{ }", " movl $1,(%rsi) ;\n",
		       "accesses address 0, which is none of the test's", true);
	refused_access("{ 0:rsi=x; }", " andq $-1,%rsi ;\n movl (%rsi),%eax ;\n",
		       "arithmetic on an address", false);
	/* Inside a wider location it is a mixed-size access. */
	t = parse_ok("X86_64 ADDR\n{ uint64_t x=0x100000002; 0:rsi=x; }\n"
		  " P0            ;\n"
		  " addq $4,%rsi  ;\n"
		  " movl (%rsi),%eax ;\n"
		  "exists (0:rax=0)\n");
	ck_assert_int_eq(model_allowed_states(t, NULL, &m, &err), 0);
	ck_assert(m.mixed_size);
	ck_assert_int_eq(m.nstates, 1);
	ck_assert_int_eq(m.states[0].i, 1);
	model_result_free(&m);
	lt_test_free(t);
}
END_TEST

/* AArch64 under armv8: exclusives, ctrl+ISB, and what the zero register changes. */
static const char a64_excl[] =
	"AArch64 INC\n"
	"{ 0:X1=x; 1:X1=x; }\n"
	" P0              | P1              ;\n"
	" LDXR W0,[X1]    | LDXR W0,[X1]    ;\n"
	" ADD W0,W0,#1    | ADD W0,W0,#1    ;\n"
	" STXR W2,W0,[X1] | STXR W2,W0,[X1] ;\n"
	"exists (0:X2=0 /\\ 1:X2=0 /\\ x=1)\n";

START_TEST(a64_exclusive_increment)
{
	enum lt_verdict v;
	char *s = model_states(a64_excl, "armv8", &v);

	/* Both store-exclusives succeed only if one follows the other. */
	ck_assert_int_eq(v, LT_VERDICT_FORBIDDEN);
	ck_assert_ptr_nonnull(strstr(s, "0:X2=0; 1:X2=0; [x]=2;"));
	ck_assert_ptr_nonnull(strstr(s, "0:X2=1; 1:X2=0; [x]=1;"));
	ck_assert_ptr_nonnull(strstr(s, "0:X2=1; 1:X2=1; [x]=0;"));
	ck_assert_ptr_null(strstr(s, "0:X2=0; 1:X2=0; [x]=1;"));
	free(s);
}
END_TEST

#define A64_MP(NAME, P1B, P1C)						\
	"AArch64 " NAME "\n"						\
	"{ 0:X1=x; 0:X3=y; 1:X1=y; 1:X3=x; }\n"				\
	" P0          | P1           ;\n"				\
	" MOV W0,#1   | LDR W0,[X1]  ;\n"				\
	" STR W0,[X1] | " P1B " ;\n"					\
	" DMB ST      | L0:          ;\n"				\
	" MOV W2,#1   | " P1C " ;\n"					\
	" STR W2,[X3] | LDR W2,[X3]  ;\n"				\
	"exists (1:X0=1 /\\ 1:X2=0)\n"

START_TEST(a64_ctrl_isb)
{
	enum lt_verdict v;
	char *s;

	/* A control dependency alone does not order two reads... */
	s = model_states(A64_MP("MP+ctrl", "CBNZ W0,L0  ", "NOP         "), "armv8", &v);
	ck_assert_int_eq(v, LT_VERDICT_ALLOWED);
	free(s);
	/* ...with an ISB after the branch it does (Arm ARM B2.3, dob). */
	s = model_states(A64_MP("MP+ctrlisb", "CBNZ W0,L0  ", "ISB         "), "armv8", &v);
	ck_assert_int_eq(v, LT_VERDICT_FORBIDDEN);
	free(s);
	/* DMB ISHLD orders the reads; NSH is in none of herd's sets. */
	s = model_states(A64_MP("MP+dmbld", "DMB ISHLD   ", "NOP         "), "armv8", &v);
	ck_assert_int_eq(v, LT_VERDICT_FORBIDDEN);
	free(s);
	s = model_states(A64_MP("MP+dmbnsh", "DMB NSH     ", "NOP         "), "armv8", &v);
	ck_assert_int_eq(v, LT_VERDICT_ALLOWED);
	free(s);
	/* An acquire-PC load orders later reads too. */
	s = model_states("AArch64 MP+acqpc\n"
		   "{ 0:X1=x; 0:X3=y; 1:X1=y; 1:X3=x; }\n"
		   " P0          | P1            ;\n"
		   " MOV W0,#1   | LDAPR W0,[X1] ;\n"
		   " STR W0,[X1] | LDR W2,[X3]   ;\n"
		   " DMB ST      |               ;\n"
		   " MOV W2,#1   |               ;\n"
		   " STR W2,[X3] |               ;\n"
		   "exists (1:X0=1 /\\ 1:X2=0)\n", "armv8", &v);
	ck_assert_int_eq(v, LT_VERDICT_FORBIDDEN);
	free(s);
}
END_TEST

START_TEST(a64_ldadd_noret_not_acquire)
{
	enum lt_verdict v;
	char *s;

	/* LDADDA's acquire orders the later read... */
	s = model_states("AArch64 MP+ldadda\n"
		   "{ 0:X1=x; 0:X3=y; 1:X1=y; 1:X3=x; }\n"
		   " P0           | P1                ;\n"
		   " MOV W0,#1    | MOV W4,#1         ;\n"
		   " STR W0,[X1]  | LDADDA W4,W5,[X1] ;\n"
		   " STLR W0,[X3] | LDR W2,[X3]       ;\n"
		   "exists (y=2 /\\ 1:X2=0)\n", "armv8", &v);
	ck_assert_int_eq(v, LT_VERDICT_FORBIDDEN);
	free(s);
	/* ...but not when its result goes to WZR (herd's NoRet). */
	s = model_states("AArch64 MP+ldadda-noret\n"
		   "{ 0:X1=x; 0:X3=y; 1:X1=y; 1:X3=x; }\n"
		   " P0           | P1                 ;\n"
		   " MOV W0,#1    | MOV W4,#1          ;\n"
		   " STR W0,[X1]  | LDADDA W4,WZR,[X1] ;\n"
		   " STLR W0,[X3] | LDR W2,[X3]        ;\n"
		   "exists (y=2 /\\ 1:X2=0)\n", "armv8", &v);
	ck_assert_int_eq(v, LT_VERDICT_ALLOWED);
	free(s);
}
END_TEST

START_TEST(rv_lrsc_atomic)
{
	static const char src[] =
		"RISCV LRSC\n"
		"{ 0:x6=x; 1:x6=x; }\n"
		" P0              | P1              ;\n"
		" lr.w x5,(x6)    | lr.w x5,(x6)    ;\n"
		" addi x5,x5,1    | addi x5,x5,1    ;\n"
		" sc.w x7,x5,(x6) | sc.w x7,x5,(x6) ;\n"
		"locations [x;]\n"
		"exists (0:x7=0 /\\ 1:x7=0)\n";
	enum lt_verdict v;
	char *s = model_states(src, "riscv", &v);

	/*
	 * Both SCs may succeed, but only one after the other (x = 2); a
	 * failed SC (rd = 1) writes nothing, so x counts the successes.
	 */
	ck_assert_str_eq(s, "0:x7=0; 1:x7=0; [x]=2;\n0:x7=0; 1:x7=1; [x]=1;\n"
			    "0:x7=1; 1:x7=0; [x]=1;\n0:x7=1; 1:x7=1; [x]=0;\n");
	ck_assert_int_eq(v, LT_VERDICT_ALLOWED);
	free(s);
}
END_TEST

START_TEST(rv_amo_atomic)
{
	enum lt_verdict v;
	char *s = model_states("RISCV AMO\n"
			 "{ 0:x6=x; 1:x6=x; 0:x7=1; 1:x7=1; }\n"
			 " P0                   | P1                   ;\n"
			 " amoadd.w.aq x5,x7,(x6) | amoadd.w x5,x7,(x6) ;\n"
			 "exists (0:x5=0 /\\ 1:x5=0)\n", "riscv", &v);

	/* Each AMO reads the other's result or the initial value, never both 0. */
	ck_assert_str_eq(s, "0:x5=0; 1:x5=1;\n0:x5=1; 1:x5=0;\n");
	ck_assert_int_eq(v, LT_VERDICT_FORBIDDEN);
	free(s);
}
END_TEST

#define WRC(name, fence)						\
	"PPC " name "\n"						\
	"{ 0:r2=x; 1:r2=x; 1:r4=y; 2:r2=y; 2:r5=x; }\n"			\
	" P0           | P1           | P2            ;\n"		\
	" li r1,1      | lwz r1,0(r2) | lwz r1,0(r2)  ;\n"		\
	" stw r1,0(r2) | " fence "    | xor r3,r1,r1  ;\n"		\
	"              | li r3,1      | lwzx r4,r3,r5 ;\n"		\
	"              | stw r3,0(r4) |               ;\n"		\
	"exists (1:r1=1 /\\ 2:r1=1 /\\ 2:r4=0)\n"

START_TEST(power_cumulativity)
{
	enum lt_verdict v;
	char *s;

	/*
	 * lwsync is cumulative: the write P1 read (x) propagates to P2
	 * before P1's own write (y) does...
	 */
	s = model_states(WRC("WRC+lwsync+addr", "lwsync"), "power", &v);
	ck_assert_int_eq(v, LT_VERDICT_FORBIDDEN);
	free(s);
	/* ...which nothing else gives, POWER not being multicopy atomic. */
	s = model_states(WRC("WRC+nop+addr", "nop   "), "power", &v);
	ck_assert_int_eq(v, LT_VERDICT_ALLOWED);
	free(s);
	/* Under RVWMO, multicopy atomic, the read-to-write order is enough. */
	s = model_states("RISCV WRC+fence.r.w+addr\n"
		   "{ 0:x6=x; 1:x6=x; 1:x8=y; 2:x6=y; 2:x8=x; }\n"
		   " P0          | P1          | P2            ;\n"
		   " ori x5,x0,1 | lw x5,0(x6) | lw x5,0(x6)   ;\n"
		   " sw x5,0(x6) | fence r,w   | xor x9,x5,x5  ;\n"
		   "             | ori x7,x0,1 | add x10,x8,x9 ;\n"
		   "             | sw x7,0(x8) | lw x7,0(x10)  ;\n"
		   "exists (1:x5=1 /\\ 2:x5=1 /\\ 2:x7=0)\n", "riscv", &v);
	ck_assert_int_eq(v, LT_VERDICT_FORBIDDEN);
	free(s);
}
END_TEST

/*
 * Six threads of five loads each, every load with three values to read:
 * far more candidates than any budget here allows.
 */
static struct lt_test *explosive(void)
{
	static const char *const regs[] = { "eax", "ebx", "ecx", "edx", "esi" };
	struct lt_buf b = LT_BUF_INIT;
	struct lt_test *t;

	lt_buf_puts(&b, "X86_64 EXPLODE\n{ }\n P0 | P1 | P2 | P3 | P4 | P5 ;\n");
	for (int r = 0; r < 10; r++) {
		for (int p = 0; p < 6; p++) {
			int k = r / 2;

			if (r % 2 == 0)
				lt_buf_printf(&b, "%s movl $1,(%c)", p ? " |" : "",
					      "xyz"[(p + k) % 3]);
			else
				lt_buf_printf(&b, "%s movl (%c),%%%s", p ? " |" : "",
					      "xyz"[(p + k + 1) % 3], regs[k]);
		}
		lt_buf_puts(&b, " ;\n");
	}
	lt_buf_puts(&b, "exists (0:rax=0 /\\ 1:rax=0)\n");
	t = parse_ok(b.s);
	lt_buf_free(&b);
	return t;
}

/* The budget: a stop flag ends the check at once, the deadline soon after. */
START_TEST(budget)
{
	struct lt_test *t = parse_ok(sb);
	struct lt_model_result m, plain;
	struct lt_error err;
	volatile sig_atomic_t stop = 0;
	struct lt_model_budget b = { .timeout_s = 60, .stop = &stop };
	struct timespec t0, t1;

	/* Within budget: the same answer as without one. */
	ck_assert_int_eq(model_allowed_states(t, "x86-tso", &plain, &err), 0);
	ck_assert_int_eq(model_allowed_states_budget(t, "x86-tso", &b, &m, &err), 0);
	ck_assert_int_eq(m.nstates, plain.nstates);
	ck_assert_uint_eq(m.candidates, plain.candidates);
	model_result_free(&m);
	model_result_free(&plain);
	/* A stop already requested: no verdict, nothing checked. */
	stop = 1;
	memset(&err, 0, sizeof(err));
	ck_assert_int_eq(model_allowed_states_budget(t, "x86-tso", &b, &m, &err),
			 LT_EMODEL_STOPPED);
	ck_assert_ptr_null(m.states);
	ck_assert_int_eq(m.nstates, 0);
	ck_assert_ptr_nonnull(strstr(err.msg, "interrupted"));
	lt_test_free(t);

	/* Past the deadline: a timeout, after some candidates, well in time. */
	t = explosive();
	b = (struct lt_model_budget){ .timeout_s = 0.3 };
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ck_assert_int_eq(model_allowed_states_budget(t, "x86-tso", &b, &m, &err),
			 LT_EMODEL_TIMEOUT);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ck_assert_ptr_nonnull(strstr(err.msg, "timeout"));
	ck_assert_ptr_null(m.states);
	/* An upper bound only: the deadline plus a generous margin. */
	ck_assert_int_lt(t1.tv_sec - t0.tv_sec, 30);
	lt_test_free(t);
}
END_TEST

static Suite *model_suite(void)
{
	Suite *s = suite_create("model");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, sb_tso_allows_sc_forbids);
	tcase_add_test(tc, mp_forbidden_tso);
	tcase_add_test(tc, mfence_restores_sc);
	tcase_add_test(tc, locked_rmw_atomic);
	tcase_add_test(tc, register_address);
	tcase_add_test(tc, branch);
	tcase_add_test(tc, herd_report);
	tcase_add_test(tc, judge_histogram);
	tcase_add_test(tc, unsupported);
	tcase_add_test(tc, uop_bound);
	tcase_add_test(tc, a64_exclusive_increment);
	tcase_add_test(tc, a64_ctrl_isb);
	tcase_add_test(tc, a64_ldadd_noret_not_acquire);
	tcase_add_test(tc, rv_lrsc_atomic);
	tcase_add_test(tc, rv_amo_atomic);
	tcase_add_test(tc, power_cumulativity);
	tcase_add_test(tc, budget);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(model_suite());
}
