/* SPDX-License-Identifier: MIT */
/*
 * The arch-neutral semantic form of one instruction, produced by each arch's
 * lower_insn hook (or a language's lower_thread) and executed by the model
 * checker: the memory events it
 * performs, its register dataflow and its control flow, as a few micro-ops.
 */
#ifndef LT_MODEL_SEM_H
#define LT_MODEL_SEM_H

#include <stdbool.h>
#include <stdint.h>

#include "litmus/ir.h"

/*
 * Where a micro-op takes or puts a value.  Temporaries live for one
 * instruction only (the loaded value of a read-modify-write, say).
 */
enum lt_sem_argk {
	LT_SA_NONE,
	LT_SA_REG,	/* idx: register of test->regs */
	LT_SA_TMP,	/* idx: temporary 0..LT_SEM_MAX_TMP-1 */
	LT_SA_IMM,	/* imm */
	LT_SA_SYM,	/* idx: the address of location test->locs[idx] */
};

struct lt_sem_arg {
	enum lt_sem_argk kind;
	int idx;
	int64_t imm;
};

/* A memory address: the cell of `loc`, or base + index * scale + disp. */
struct lt_sem_addr {
	int loc;			/* -1 when computed from registers */
	struct lt_sem_arg base;		/* LT_SA_REG or LT_SA_NONE */
	struct lt_sem_arg index;	/* LT_SA_REG or LT_SA_NONE */
	int scale;
	int64_t disp;
};

enum lt_uop_kind {
	LT_UOP_MOV,	/* dst = a, only if cc(flags) */
	LT_UOP_ALU,	/* dst = a alu b; flags when sets_flags */
	LT_UOP_CMP,	/* flags = a - b (x86 "cmp b,a") */
	LT_UOP_SETCC,	/* dst = cc(flags) ? 1 : 0 */
	LT_UOP_LOAD,	/* dst = [addr]: a read event */
	LT_UOP_STORE,	/* [addr] = a: a write event, only if cc(flags);
			 * with dst set, dst = 0 depending on the write and
			 * on the address (a RISC-V SC's success, herd's
			 * iico_ctrl and iico_data into rd) */
	LT_UOP_FENCE,	/* a fence event of kind `fence` */
	LT_UOP_BRANCH,	/* if cc(flags) go to `label` of the same thread;
			 * with `a` set, cc is EQ/NE on a == 0 instead of
			 * the flags (AArch64 CBZ/CBNZ leave NZCV alone) */
	/*
	 * Within one instruction (uop indices in `to`), for instructions
	 * with several outcomes that herd enumerates as alternatives (a CAS
	 * that succeeds or fails, a store-exclusive):
	 */
	LT_UOP_CHOOSE,	/* the path forks: one goes on, one resumes at `to` */
	LT_UOP_SKIP,	/* resume at `to` */
	LT_UOP_ASSUME,	/* the path dies unless a == b (cc EQ) / a != b (NE) */
	LT_UOP_CLREX,	/* drop the exclusive reservation (failed STXR) */
	/*
	 * The extent of a C if statement's control dependency, which herd
	 * gives the events of its branches only: CTRL_SAVE keeps the reads
	 * the control flow depends on in register dst (value 0), before the
	 * condition; CTRL_RESTORE, where the branches join, makes them those
	 * of register a again.
	 */
	LT_UOP_CTRL_SAVE, LT_UOP_CTRL_RESTORE,
};

enum lt_alu {
	LT_ALU_ADD, LT_ALU_SUB, LT_ALU_AND, LT_ALU_OR, LT_ALU_XOR, LT_ALU_SHL,
};

/* Conditions on the flags of the last flag-setting micro-op. */
enum lt_cc {
	LT_CC_ALWAYS,
	LT_CC_EQ, LT_CC_NE,		/* ZF */
	LT_CC_LT, LT_CC_LE, LT_CC_GT, LT_CC_GE,	/* signed */
	LT_CC_S, LT_CC_NS,		/* SF */
	LT_CC_AE,			/* unsigned >=, CF clear (x86 setnb) */
	LT_CC_B, LT_CC_A, LT_CC_BE,	/* unsigned <, >, <= */
	LT_CC_O, LT_CC_NO,		/* OF */
};

/*
 * Fence kinds.  One vocabulary for every arch, so that a model names the
 * fences it orders by; arches add their own members (DMB ISH/ISHLD/ISHST,
 * ISB, sync, lwsync, isync, eieio, RISC-V fence pred/succ...) when they
 * plug in.  A model ignores the kinds it does not know.
 */
enum lt_fence {
	LT_FENCE_MFENCE,	/* x86 mfence */
	LT_FENCE_LFENCE,	/* x86 lfence: orders nothing in x86-TSO */
	LT_FENCE_SFENCE,	/* x86 sfence: orders nothing in x86-TSO */
	/* AArch64, as herd's aarch64fences.cat groups the options. */
	LT_FENCE_DMB_FULL,	/* DMB/DSB SY, ISH, OSH: herd's dmb.full */
	LT_FENCE_DMB_LD,	/* DMB/DSB LD, ISHLD, OSHLD: dmb.ld */
	LT_FENCE_DMB_ST,	/* DMB ST, ISHST, OSHST: dmb.st */
	LT_FENCE_DSB_ST,	/* DSB ST...: dmb.st, and W before any later event */
	LT_FENCE_A64_NSH,	/* DMB/DSB NSH*: in no set of herd's cat */
	LT_FENCE_ISB,		/* ISB */
	/*
	 * RISC-V FENCE pred,succ as herd's riscv-defs.cat names them
	 * (Fence.r.r ... Fence.rw.rw): the R and W bits of each set; the I
	 * and O bits order device accesses, which tests do not make.
	 */
	LT_FENCE_RV_R_R, LT_FENCE_RV_R_W, LT_FENCE_RV_R_RW,
	LT_FENCE_RV_W_R, LT_FENCE_RV_W_W, LT_FENCE_RV_W_RW,
	LT_FENCE_RV_RW_R, LT_FENCE_RV_RW_W, LT_FENCE_RV_RW_RW,
	LT_FENCE_RV_TSO,	/* FENCE.TSO */
	LT_FENCE_RV_NONE,	/* FENCE.I, or a FENCE with no R/W on a side */
	/* POWER, as herd's ppcfences.cat has them. */
	LT_FENCE_SYNC,		/* sync, hwsync */
	LT_FENCE_LWSYNC,	/* lwsync */
	LT_FENCE_EIEIO,		/* eieio */
	LT_FENCE_ISYNC,		/* isync */
	/* C11 atomic_thread_fence(order), consume read as acquire. */
	LT_FENCE_C_RLX,		/* memory_order_relaxed: orders nothing */
	LT_FENCE_C_ACQ,		/* acquire (and consume) */
	LT_FENCE_C_REL,		/* release */
	LT_FENCE_C_ACQ_REL,	/* acq_rel */
	LT_FENCE_C_SC,		/* seq_cst */
	/*
	 * The Linux kernel's, as linux-kernel.def names them (F[Barriers],
	 * SRCU): smp_mb, smp_rmb, smp_wmb, barrier, the smp_mb__*
	 * fences, RCU's read-side brackets and grace periods.
	 */
	LT_FENCE_LK_MB, LT_FENCE_LK_RMB, LT_FENCE_LK_WMB, LT_FENCE_LK_BARRIER,
	LT_FENCE_LK_BEFORE_ATOMIC, LT_FENCE_LK_AFTER_ATOMIC,
	LT_FENCE_LK_AFTER_SPINLOCK, LT_FENCE_LK_AFTER_UNLOCK_LOCK,
	LT_FENCE_LK_AFTER_SRCU_UNLOCK,
	LT_FENCE_LK_RCU_LOCK, LT_FENCE_LK_RCU_UNLOCK, LT_FENCE_LK_SYNC_RCU,
	LT_FENCE_LK_SYNC_SRCU,	/* synchronize_srcu(s): the event's loc is s */
	LT_NR_FENCES
};

/* Annotations of memory events (lt_uop.ann), as herd's event sets name them. */
#define LT_ANN_ATOMIC	0x01u	/* herd's A: part of a locked (atomic) instruction */
#define LT_ANN_RMW	0x02u	/* the read and the write of one RMW (rmw relation) */
#define LT_ANN_ACQUIRE	0x04u	/* acquire (AArch64 LDAR, RISC-V .aq, C11) */
#define LT_ANN_RELEASE	0x08u	/* release (STLR, .rl) */
#define LT_ANN_EXCL	0x10u	/* exclusive / reserved (LDXR/STXR, lr/sc, lwarx/stwcx.) */
#define LT_ANN_SC	0x20u	/* sequentially consistent (C11 seq_cst) */
#define LT_ANN_ACQPC	0x40u	/* acquire-PC, herd's Q (AArch64 LDAPR) */
#define LT_ANN_NORET	0x80u	/* herd's NoRet: an atomic's read whose value is dropped */
#define LT_ANN_NA	0x100u	/* C: a non-atomic (plain) access, herd's NA */
/*
 * The Linux kernel's tags (linux-kernel.bell), next to the C11 orders the
 * same primitive has in lt-c11.h, so that either model reads its own: LKMM's
 * Acquire and Release (smp_load_acquire, _acquire/_release RMWs, locks),
 * MB (the read and write of a fully ordered RMW), the lock events of
 * lock.cat (LKR and LKW with LT_ANN_RMW; LF, RL and RU without), UL, and
 * srcu_read_lock (a read) and srcu_read_unlock (a write).
 */
#define LT_ANN_LK_ACQ	0x200u
#define LT_ANN_LK_REL	0x400u
#define LT_ANN_LK_MB	0x800u
#define LT_ANN_LK_LOCK	0x1000u
#define LT_ANN_LK_UNLOCK	0x2000u
#define LT_ANN_LK_SRCU	0x4000u

struct lt_uop {
	enum lt_uop_kind kind;
	enum lt_alu alu;	/* ALU */
	enum lt_cc cc;		/* STORE (predicate), SETCC, BRANCH */
	enum lt_fence fence;	/* FENCE */
	unsigned width;		/* bits of the value (ALU, CMP, LOAD, STORE, MOV) */
	bool sets_flags;	/* ALU */
	unsigned ann;		/* LOAD/STORE: LT_ANN_* */
	struct lt_sem_arg dst;	/* MOV, ALU, SETCC, LOAD: LT_SA_REG or LT_SA_TMP */
	struct lt_sem_arg a, b;	/* operands */
	/*
	 * MOV, STORE: an input that decides whether the result is produced
	 * without giving its value (herd's iico_ctrl: the comparison of a
	 * CAS).  It makes a pick dependency, not a data dependency.
	 */
	struct lt_sem_arg c;
	/* MOV with a cc: the flags pick the value (AArch64 CSEL), no data */
	bool pick_cc;
	/*
	 * MOV: with conv.bits set, the value is converted to that form, as
	 * C converts to the type of what it assigns (uint8_t r = 300 is
	 * 44), instead of following the register-write rule of `width`.
	 */
	struct lt_form conv;
	int to;			/* CHOOSE, SKIP: uop index in this instruction */
	struct lt_sem_addr addr;	/* LOAD, STORE */
	const char *label;	/* BRANCH target (borrowed from the IR) */
};

#define LT_SEM_MAX_UOPS 16
#define LT_SEM_MAX_TMP 4

/*
 * One instruction's semantics.  Built through src/model/sem-build.h, which
 * checks the bound: past it, micro-ops go to the spare last slot and `full`
 * is set, and lt_sem_lower() turns that into an error.
 */
struct lt_sem {
	int nuops;
	bool full;
	struct lt_uop uops[LT_SEM_MAX_UOPS + 1];
};

/*
 * A thread lowered as a whole by a language's lower_thread hook
 * (arch-ops.h).  thr.insns carry what the checker reads of an instruction
 * (position, label, text for messages); sem[k] is insn k's semantics.
 * Values the test does not name (other locals, expression temporaries)
 * are registers numbered from test->nregs up to nregs - 1.
 */
struct lt_sem_thread {
	struct lt_thread thr;
	struct lt_sem *sem;
	int nregs;
};

/* Free what p holds and empty it (src/model/check.c). */
void lt_sem_thread_free(struct lt_sem_thread *p);

#endif /* LT_MODEL_SEM_H */
