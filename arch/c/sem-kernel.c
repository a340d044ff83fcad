/* SPDX-License-Identifier: MIT */
/*
 * The Linux kernel's primitives in C litmus tests, lowered for the checker
 * (cl_kernel_call).  Each event carries two readings: the C11 order that
 * src/runtime/lt-c11.h gives the primitive (for --model=c11 and rc11), and
 * the kernel's own tag of linux-kernel.def (LT_ANN_LK_*, the LT_FENCE_LK_*
 * fences), which the lkmm model reads.
 *
 * What each primitive is, after the kernel's tools/memory-model:
 * - READ_ONCE, WRITE_ONCE, rcu_dereference, atomic_read, atomic_set: marked
 *   accesses of no order; smp_load_acquire, atomic_read_acquire: acquire
 *   loads; smp_store_release, atomic_set_release, rcu_assign_pointer: release
 *   stores; smp_store_mb: a marked store, then smp_mb.
 * - xchg, cmpxchg and the value-returning atomic_* RMWs, with the suffix
 *   _relaxed (no order), _acquire (its read), _release (its write) or none
 *   (fully ordered, MB on both events).  A cmpxchg that fails is a marked
 *   read of no order; atomic_add and the other non-returning ones are
 *   relaxed RMWs whose read is Noreturn.
 * - spin_lock: a read of 0 (LKR, acquire) and a write of 1 (LKW) as one
 *   RMW; spin_unlock: a release write of 0 (UL); spin_trylock: spin_lock, or
 *   a read of a held lock (LF), 1 or 0; spin_is_locked: a read of the lock,
 *   whether it is held.  Locks as values is lock.cat's rule that a lock
 *   reads the unlock before it, and its mutual exclusion by atomicity.
 * - srcu_read_lock(s): a read of s (its value is the index);
 *   srcu_read_unlock(s, i): a write of i to s; synchronize_srcu(s): a fence
 *   that names s.
 */
#include "config.h"

#include <string.h>

#include "model/sem.h"
#include "lang.h"
#include "lower.h"

enum kop {
	K_LOAD, K_STORE, K_FENCE, K_XCHG, K_CMPXCHG,
	K_OP,		/* atomic_add(v, p): no value */
	K_OP_RETURN,	/* atomic_add_return(v, p): the new value */
	K_FETCH_OP,	/* atomic_fetch_add(v, p): the old value */
	K_OP_TEST,	/* atomic_dec_and_test(p): the new value compared to 0 */
	K_ADD_UNLESS,	/* atomic_add_unless(p, a, u) */
	K_LOCK, K_UNLOCK, K_TRYLOCK, K_ISLOCKED,
	K_SRCU_LOCK, K_SRCU_UNLOCK, K_SYNC_SRCU,
};

/* How the location is written: "*x" (lvalue), "x" (pointer), or none. */
enum karg { A_NONE, A_LVAL, A_PTR };

/* The order of a marked access or RMW. */
enum kord { KO_ONCE, KO_ACQ, KO_REL, KO_MB };


static const struct kcall {
	const char *name;
	enum kop op;
	enum karg arg;
	enum kord ord;
	bool suffixed;		/* also with _relaxed, _acquire, _release */
	bool val_first;		/* (v, p) as atomic_add has them */
	int alu;		/* K_OP...: enum lt_alu or ANDNOT; K_FENCE: the fence */
	int imm;		/* atomic_inc and the like: the operand; 0: given */
	enum lt_cc cc;		/* K_OP_TEST */
} kcalls[] = {
	{ .name = "READ_ONCE", .op = K_LOAD, .arg = A_LVAL, .ord = KO_ONCE },
	{ .name = "rcu_dereference", .op = K_LOAD, .arg = A_LVAL, .ord = KO_ONCE },
	{ .name = "atomic_read", .op = K_LOAD, .arg = A_PTR, .ord = KO_ONCE },
	{ .name = "smp_load_acquire", .op = K_LOAD, .arg = A_PTR, .ord = KO_ACQ },
	{ .name = "atomic_read_acquire", .op = K_LOAD, .arg = A_PTR, .ord = KO_ACQ },
	{ .name = "WRITE_ONCE", .op = K_STORE, .arg = A_LVAL, .ord = KO_ONCE },
	{ .name = "atomic_set", .op = K_STORE, .arg = A_PTR, .ord = KO_ONCE },
	{ .name = "smp_store_release", .op = K_STORE, .arg = A_PTR, .ord = KO_REL },
	{ .name = "atomic_set_release", .op = K_STORE, .arg = A_PTR, .ord = KO_REL },
	{ .name = "rcu_assign_pointer", .op = K_STORE, .arg = A_LVAL, .ord = KO_REL },
	/* a store, then smp_mb (alu): see K_STORE */
	{ .name = "smp_store_mb", .op = K_STORE, .arg = A_LVAL, .ord = KO_ONCE, .alu = LT_FENCE_LK_MB },
	{ .name = "smp_mb", .op = K_FENCE, .alu = LT_FENCE_LK_MB },
	{ .name = "smp_rmb", .op = K_FENCE, .alu = LT_FENCE_LK_RMB },
	{ .name = "smp_wmb", .op = K_FENCE, .alu = LT_FENCE_LK_WMB },
	{ .name = "barrier", .op = K_FENCE, .alu = LT_FENCE_LK_BARRIER },
	{ .name = "smp_mb__before_atomic", .op = K_FENCE, .alu = LT_FENCE_LK_BEFORE_ATOMIC },
	{ .name = "smp_mb__after_atomic", .op = K_FENCE, .alu = LT_FENCE_LK_AFTER_ATOMIC },
	{ .name = "smp_mb__after_spinlock", .op = K_FENCE, .alu = LT_FENCE_LK_AFTER_SPINLOCK },
	{ .name = "smp_mb__after_unlock_lock", .op = K_FENCE, .alu = LT_FENCE_LK_AFTER_UNLOCK_LOCK },
	{ .name = "smp_mb__after_srcu_read_unlock", .op = K_FENCE, .alu = LT_FENCE_LK_AFTER_SRCU_UNLOCK },
	{ .name = "rcu_read_lock", .op = K_FENCE, .alu = LT_FENCE_LK_RCU_LOCK },
	{ .name = "rcu_read_unlock", .op = K_FENCE, .alu = LT_FENCE_LK_RCU_UNLOCK },
	{ .name = "synchronize_rcu", .op = K_FENCE, .alu = LT_FENCE_LK_SYNC_RCU },
	{ .name = "synchronize_rcu_expedited", .op = K_FENCE, .alu = LT_FENCE_LK_SYNC_RCU },
	{ .name = "xchg", .op = K_XCHG, .arg = A_PTR, .ord = KO_MB, .suffixed = true },
	{ .name = "atomic_xchg", .op = K_XCHG, .arg = A_PTR, .ord = KO_MB, .suffixed = true },
	{ .name = "cmpxchg", .op = K_CMPXCHG, .arg = A_PTR, .ord = KO_MB, .suffixed = true },
	{ .name = "atomic_cmpxchg", .op = K_CMPXCHG, .arg = A_PTR, .ord = KO_MB, .suffixed = true },
	{ .name = "atomic_add", .op = K_OP, .arg = A_PTR, .ord = KO_ONCE, .suffixed = false, .val_first = true, .alu = LT_ALU_ADD },
	{ .name = "atomic_sub", .op = K_OP, .arg = A_PTR, .ord = KO_ONCE, .suffixed = false, .val_first = true, .alu = LT_ALU_SUB },
	{ .name = "atomic_and", .op = K_OP, .arg = A_PTR, .ord = KO_ONCE, .suffixed = false, .val_first = true, .alu = LT_ALU_AND },
	{ .name = "atomic_or", .op = K_OP, .arg = A_PTR, .ord = KO_ONCE, .suffixed = false, .val_first = true, .alu = LT_ALU_OR },
	{ .name = "atomic_xor", .op = K_OP, .arg = A_PTR, .ord = KO_ONCE, .suffixed = false, .val_first = true, .alu = LT_ALU_XOR },
	{ .name = "atomic_andnot", .op = K_OP, .arg = A_PTR, .ord = KO_ONCE, .suffixed = false, .val_first = true, .alu = ANDNOT },
	{ .name = "atomic_inc", .op = K_OP, .arg = A_PTR, .ord = KO_ONCE, .suffixed = false, .val_first = false, .alu = LT_ALU_ADD, .imm = 1 },
	{ .name = "atomic_dec", .op = K_OP, .arg = A_PTR, .ord = KO_ONCE, .suffixed = false, .val_first = false, .alu = LT_ALU_SUB, .imm = 1 },
	{ .name = "atomic_add_return", .op = K_OP_RETURN, .arg = A_PTR, .ord = KO_MB, .suffixed = true, .val_first = true, .alu = LT_ALU_ADD },
	{ .name = "atomic_sub_return", .op = K_OP_RETURN, .arg = A_PTR, .ord = KO_MB, .suffixed = true, .val_first = true, .alu = LT_ALU_SUB },
	{ .name = "atomic_inc_return", .op = K_OP_RETURN, .arg = A_PTR, .ord = KO_MB, .suffixed = true, .val_first = false, .alu = LT_ALU_ADD, .imm = 1 },
	{ .name = "atomic_dec_return", .op = K_OP_RETURN, .arg = A_PTR, .ord = KO_MB, .suffixed = true, .val_first = false, .alu = LT_ALU_SUB, .imm = 1 },
	{ .name = "atomic_fetch_add", .op = K_FETCH_OP, .arg = A_PTR, .ord = KO_MB, .suffixed = true, .val_first = true, .alu = LT_ALU_ADD },
	{ .name = "atomic_fetch_sub", .op = K_FETCH_OP, .arg = A_PTR, .ord = KO_MB, .suffixed = true, .val_first = true, .alu = LT_ALU_SUB },
	{ .name = "atomic_fetch_and", .op = K_FETCH_OP, .arg = A_PTR, .ord = KO_MB, .suffixed = true, .val_first = true, .alu = LT_ALU_AND },
	{ .name = "atomic_fetch_or", .op = K_FETCH_OP, .arg = A_PTR, .ord = KO_MB, .suffixed = true, .val_first = true, .alu = LT_ALU_OR },
	{ .name = "atomic_fetch_xor", .op = K_FETCH_OP, .arg = A_PTR, .ord = KO_MB, .suffixed = true, .val_first = true, .alu = LT_ALU_XOR },
	{ .name = "atomic_fetch_andnot", .op = K_FETCH_OP, .arg = A_PTR, .ord = KO_MB, .suffixed = true, .val_first = true, .alu = ANDNOT },
	{ .name = "atomic_fetch_inc", .op = K_FETCH_OP, .arg = A_PTR, .ord = KO_MB, .suffixed = true, .val_first = false, .alu = LT_ALU_ADD, .imm = 1 },
	{ .name = "atomic_fetch_dec", .op = K_FETCH_OP, .arg = A_PTR, .ord = KO_MB, .suffixed = true, .val_first = false, .alu = LT_ALU_SUB, .imm = 1 },
	{ .name = "atomic_sub_and_test", .op = K_OP_TEST, .arg = A_PTR, .ord = KO_MB, .suffixed = false, .val_first = true, .alu = LT_ALU_SUB, .cc = LT_CC_EQ },
	{ .name = "atomic_dec_and_test", .op = K_OP_TEST, .arg = A_PTR, .ord = KO_MB, .suffixed = false, .val_first = false, .alu = LT_ALU_SUB, .imm = 1, .cc = LT_CC_EQ },
	{ .name = "atomic_inc_and_test", .op = K_OP_TEST, .arg = A_PTR, .ord = KO_MB, .suffixed = false, .val_first = false, .alu = LT_ALU_ADD, .imm = 1, .cc = LT_CC_EQ },
	{ .name = "atomic_add_negative", .op = K_OP_TEST, .arg = A_PTR, .ord = KO_MB, .suffixed = true, .val_first = true, .alu = LT_ALU_ADD, .cc = LT_CC_LT },
	{ .name = "atomic_add_unless", .op = K_ADD_UNLESS, .arg = A_PTR, .ord = KO_MB },
	{ .name = "spin_lock", .op = K_LOCK, .arg = A_PTR },
	{ .name = "spin_unlock", .op = K_UNLOCK, .arg = A_PTR },
	{ .name = "spin_trylock", .op = K_TRYLOCK, .arg = A_PTR },
	{ .name = "spin_is_locked", .op = K_ISLOCKED, .arg = A_PTR },
	{ .name = "srcu_read_lock", .op = K_SRCU_LOCK, .arg = A_PTR },
	{ .name = "srcu_down_read", .op = K_SRCU_LOCK, .arg = A_PTR },
	{ .name = "srcu_read_unlock", .op = K_SRCU_UNLOCK, .arg = A_PTR },
	{ .name = "srcu_up_read", .op = K_SRCU_UNLOCK, .arg = A_PTR },
	{ .name = "synchronize_srcu", .op = K_SYNC_SRCU, .arg = A_PTR },
	{ .name = "synchronize_srcu_expedited", .op = K_SYNC_SRCU, .arg = A_PTR },
};

/* C11 bits of an RMW's read or write of kernel order o (lt-c11.h). */
static unsigned c11_bits(enum kord o, bool write)
{
	switch (o) {
	case KO_MB:
		return LT_ANN_SC | LT_ANN_ACQUIRE | LT_ANN_RELEASE;
	case KO_ACQ:
		return write ? 0 : LT_ANN_ACQUIRE;
	case KO_REL:
		return write ? LT_ANN_RELEASE : 0;
	default:
		return 0;
	}
}

/* The tags of a read (write) of kernel order o, both readings. */
static unsigned ann_of(enum kord o, bool write)
{
	unsigned a = c11_bits(o, write);

	if (o == KO_MB)
		a |= LT_ANN_LK_MB;
	else if (o == KO_ACQ && !write)
		a |= LT_ANN_LK_ACQ;
	else if (o == KO_REL && write)
		a |= LT_ANN_LK_REL;
	return a;
}

/* The call whose name is token k: base name and suffix order. */
static const struct kcall *lookup(const struct lw *L, int k, enum kord *ord)
{
	static const struct { const char *sfx; enum kord o; } sfx[] = {
		{ "_relaxed", KO_ONCE }, { "_acquire", KO_ACQ }, { "_release", KO_REL },
	};
	const char *s = L->s + L->tk[k].off;
	size_t n = L->tk[k].len;

	if (L->tk[k].k != 'i')
		return NULL;
	for (size_t c = 0; c < sizeof(kcalls) / sizeof(kcalls[0]); c++) {
		size_t w = strlen(kcalls[c].name);

		if (n < w || memcmp(s, kcalls[c].name, w))
			continue;
		if (n == w) {
			*ord = kcalls[c].ord;
			return &kcalls[c];
		}
		for (size_t f = 0; kcalls[c].suffixed && f < 3; f++)
			if (n - w == strlen(sfx[f].sfx) && !memcmp(s + w, sfx[f].sfx, n - w)) {
				*ord = sfx[f].o;
				return &kcalls[c];
			}
	}
	return NULL;
}

/* The location argument: "*p" (lval) or "p". */
static int loc_arg(struct lw *L, enum karg arg, struct target *tg)
{
	if (arg == A_LVAL && cl_expect(L, '*') < 0)
		return -1;
	if (arg == A_PTR && cl_is_punct(L, L->i, '&'))
		L->i++;		/* &x->counter is not C litmus; "&x" is x's address */
	return cl_ptr_target(L, tg);
}

static struct lt_uop *access(struct lw *L, int k, enum lt_uop_kind kind,
			     const struct target *tg, unsigned ann)
{
	struct lt_uop *u = ctest_uop(&L->em, k, kind);

	u->ann = ann;
	cl_set_addr(u, tg);
	if (kind == LT_UOP_LOAD)
		u->dst = lt_arg_tmp(0);
	return u;
}

/*
 * An RMW that always writes: xchg (op < 0) or tmp0 op v.  *old and *new
 * get the values read and written, in registers.
 */
static void rmw(struct lw *L, const struct target *tg, int op, struct lt_sem_arg v,
		unsigned ann_r, unsigned ann_w, struct lt_sem_arg *old,
		struct lt_sem_arg *new)
{
	int k = ctest_insn_new(&L->em), rn = ctest_temp(&L->em);
	struct lt_uop *u;

	access(L, k, LT_UOP_LOAD, tg, ann_r | LT_ANN_RMW);
	if (op != -1)
		v = cl_alu_new(L, k, tg, op, v);
	u = access(L, k, LT_UOP_STORE, tg, ann_w | LT_ANN_RMW);
	u->a = v;
	*old = cl_read_value(L, k, tg);
	u = cl_mov_read(L, k, tg);
	u->dst = lt_arg_reg(rn);
	u->a = v;
	*new = lt_arg_reg(rn);
}

/*
 * Two alternatives, as herd enumerates them: the read sees `expect` (cc
 * EQ) and the RMW writes `v`, or it sees another value (NE) and is a plain
 * marked read of fail_ann (fail_ann < 0: no such alternative, as spin_lock
 * waits instead).  add: the write is tmp0 + v.  *old: the value read; *ok:
 * 1 when it wrote.  At most 11 micro-ops.
 */
static void cond_rmw(struct lw *L, const struct target *tg, struct lt_sem_arg expect,
		     bool add, struct lt_sem_arg v, unsigned ann_r, unsigned ann_w,
		     int fail_ann, struct lt_sem_arg *old, struct lt_sem_arg *ok,
		     enum lt_cc succ_cc)
{
	int k = ctest_insn_new(&L->em), ro = ctest_temp(&L->em), rk = ctest_temp(&L->em);
	enum lt_cc fail_cc = succ_cc == LT_CC_EQ ? LT_CC_NE : LT_CC_EQ;
	struct lt_uop *u, *choose = NULL, *skip, at = { 0 };

	cl_set_addr(&at, tg);
	if (fail_ann >= 0)
		choose = ctest_uop(&L->em, k, LT_UOP_CHOOSE);
	ctest_read_assume(&L->em, k, &at, ann_r | LT_ANN_RMW, expect, succ_cc);
	if (add)
		v = cl_alu_new(L, k, tg, LT_ALU_ADD, v);
	u = access(L, k, LT_UOP_STORE, tg, ann_w | LT_ANN_RMW);
	u->a = v;
	u = ctest_uop(&L->em, k, LT_UOP_MOV);
	u->dst = lt_arg_reg(rk);
	u->a = lt_arg_imm(1);
	if (choose) {
		skip = ctest_uop(&L->em, k, LT_UOP_SKIP);
		choose->to = L->em.out->sem[k].nuops;
		ctest_read_assume(&L->em, k, &at, (unsigned)fail_ann, expect, fail_cc);
		u = ctest_uop(&L->em, k, LT_UOP_MOV);
		u->dst = lt_arg_reg(rk);
		u->a = lt_arg_imm(0);
		skip->to = L->em.out->sem[k].nuops;
	}
	u = cl_mov_read(L, k, tg);
	u->dst = lt_arg_reg(ro);
	u->a = lt_arg_tmp(0);
	*old = lt_arg_reg(ro);
	*ok = lt_arg_reg(rk);
}

static void fence(struct lw *L, enum lt_fence f, int loc)
{
	struct lt_uop *u = ctest_uop(&L->em, ctest_insn_new(&L->em), LT_UOP_FENCE);

	u->fence = f;
	u->addr.loc = loc;
}

static int operand(struct lw *L, const struct kcall *c, struct lt_sem_arg *v)
{
	if (c->imm) {
		*v = lt_arg_imm(c->imm);
		return 0;
	}
	return cl_expr(L, v);
}

int cl_kernel_call(struct lw *L, struct lt_sem_arg *out)
{
	const unsigned lock = LT_ANN_LK_LOCK;
	const struct kcall *c;
	struct target tg;
	struct lt_sem_arg v = lt_arg_imm(0), w, old, new;
	enum kord ord;
	char q[48];

	if (L->i >= L->ntk || !(c = lookup(L, L->i, &ord)))
		return 0;
	L->i++;
	if (cl_expect(L, '(') < 0)
		return -1;
	out->kind = LT_SA_NONE;
	if (c->val_first && !c->imm &&
	    (operand(L, c, &v) < 0 || cl_expect(L, ',') < 0))
		return -1;
	if (c->arg != A_NONE && c->op != K_FENCE && loc_arg(L, c->arg, &tg) < 0)
		return -1;
	switch (c->op) {
	case K_LOAD:
		*out = cl_load(L, &tg, ann_of(ord, false));
		break;
	case K_STORE:
		if (cl_expect(L, ',') < 0 || cl_expr(L, &v) < 0)
			return -1;
		cl_store(L, &tg, v, ann_of(ord, true));
		if (c->alu)
			fence(L, (enum lt_fence)c->alu, -1);
		break;
	case K_FENCE:
		fence(L, (enum lt_fence)c->alu, -1);
		break;
	case K_XCHG:
		if (cl_expect(L, ',') < 0 || cl_expr(L, &v) < 0)
			return -1;
		rmw(L, &tg, -1, v, ann_of(ord, false), ann_of(ord, true), out, &new);
		break;
	case K_CMPXCHG:
		if (cl_expect(L, ',') < 0 || cl_expr(L, &w) < 0 ||
		    cl_expect(L, ',') < 0 || cl_expr(L, &v) < 0)
			return -1;
		cond_rmw(L, &tg, w, false, v, ann_of(ord, false), ann_of(ord, true), 0,
			 out, &new, LT_CC_EQ);
		break;
	case K_OP:
	case K_OP_RETURN:
	case K_FETCH_OP:
	case K_OP_TEST:
		if (!c->val_first && !c->imm &&
		    (cl_expect(L, ',') < 0 || cl_expr(L, &v) < 0))
			return -1;
		if (c->imm)
			v = lt_arg_imm(c->imm);
		rmw(L, &tg, c->alu, v,
		    ann_of(ord, false) | (c->op == K_OP ? LT_ANN_NORET : 0),
		    ann_of(ord, true), &old, &new);
		if (c->op == K_OP_RETURN)
			*out = new;
		else if (c->op == K_FETCH_OP)
			*out = old;
		else if (c->op == K_OP_TEST)
			*out = ctest_compare(&L->em, c->cc, new, lt_arg_imm(0));
		break;
	case K_ADD_UNLESS:
		/* (p, a, u): unless *p == u, add a; 1 when it added */
		if (cl_expect(L, ',') < 0 || cl_expr(L, &v) < 0 ||
		    cl_expect(L, ',') < 0 || cl_expr(L, &w) < 0)
			return -1;
		cond_rmw(L, &tg, w, true, v, ann_of(ord, false), ann_of(ord, true), 0,
			 &old, out, LT_CC_NE);
		break;
	case K_LOCK:
		cond_rmw(L, &tg, lt_arg_imm(0), false, lt_arg_imm(1),
			 lock | LT_ANN_ACQUIRE | LT_ANN_LK_ACQ, lock, -1, &old, &new,
			 LT_CC_EQ);
		break;
	case K_TRYLOCK:
		cond_rmw(L, &tg, lt_arg_imm(0), false, lt_arg_imm(1),
			 lock | LT_ANN_ACQUIRE | LT_ANN_LK_ACQ, lock, (int)lock, &old, out,
			 LT_CC_EQ);
		break;
	case K_UNLOCK:
		cl_store(L, &tg, lt_arg_imm(0), LT_ANN_LK_UNLOCK | LT_ANN_RELEASE | LT_ANN_LK_REL);
		break;
	case K_ISLOCKED:
		old = cl_load(L, &tg, lock);
		*out = ctest_compare(&L->em, LT_CC_NE, old, lt_arg_imm(0));
		break;
	case K_SRCU_LOCK:
		*out = cl_load(L, &tg, LT_ANN_LK_SRCU);
		break;
	case K_SRCU_UNLOCK:
		if (cl_expect(L, ',') < 0 || cl_expr(L, &v) < 0)
			return -1;
		cl_store(L, &tg, v, LT_ANN_LK_SRCU);
		break;
	case K_SYNC_SRCU:
		if (tg.loc < 0)
			return cl_unsup(L, cl_tk_off(L, L->i - 1), "synchronize_srcu of "
					"'%s' (not a parameter)",
					cl_tk_text(L, L->i - 1, q, sizeof(q)));
		fence(L, LT_FENCE_LK_SYNC_SRCU, tg.loc);
		break;
	}
	if (cl_expect(L, ')') < 0)
		return -1;
	return 1;
}
