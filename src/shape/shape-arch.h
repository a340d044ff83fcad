/* SPDX-License-Identifier: MIT */
/*
 * What the shape generator needs to know about one architecture, filled in
 * by arch/<isa>/shape.c: instruction spellings for accesses, fences and
 * dependencies, and which orders the architecture preserves (from which
 * the expectation of a cycle is derived).
 */
#ifndef LT_SHAPE_ARCH_H
#define LT_SHAPE_ARCH_H

#include <stdbool.h>
#include <stdint.h>

#include "shape/shape.h"

/* Masks of ordered pairs, indexed by (src << 1 | dst) with R = 0, W = 1. */
#define LT_SH_RR	0x1u
#define LT_SH_RW	0x2u
#define LT_SH_WR	0x4u
#define LT_SH_WW	0x8u
#define LT_SH_ALL	0xfu
#define LT_SH_PAIR(s, d) (1u << ((s) << 1 | (d)))

/* Emission context of one thread (owned by src/shape/compile). */
struct lt_sh_emit;

/* Helpers arch code calls while emitting a thread. */
int sh_new_reg(struct lt_sh_emit *e);		/* a fresh register number */
int sh_addr_reg(struct lt_sh_emit *e, int loc);	/* register holding &loc (init block) */
int sh_new_label(struct lt_sh_emit *e, char *buf, size_t len); /* "LC00" */
void sh_line(struct lt_sh_emit *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
const char *sh_loc_name(const struct lt_sh_emit *e, int loc);

/* One access to emit. */
struct lt_sh_access {
	int dir;		/* LT_SH_R / LT_SH_W */
	int loc;
	int64_t value;		/* W: the value stored */
	int ann;		/* enum lt_sh_ann */
	int dep;		/* enum lt_sh_dep, or -1 */
	int dep_reg;		/* the register of the read it depends on */
	int reg;		/* R: the register receiving the value */
};

struct lt_sh_fence_desc {
	const char *word;	/* in test names: "mfence", "dmb.ish"; NULL: none */
	const char *diy;	/* diy's edge prefix: "MFence", "DMB.ISH" */
	const char *insn;	/* the instruction, herd syntax: "DMB ISH" */
	unsigned orders;	/* LT_SH_* pairs it orders */
};

struct lt_shape_arch {
	/* The arch's row of arch/arches.def (see arch/arch-self.h). */
	const char *name;	/* lt_arch_ops name: "aarch64" */
	const char *herd;	/* header word: "AArch64" */
	int reg_first, reg_last;	/* register numbers handed out */
	/* Register k as written in code (32-bit data or address view). */
	void (*reg_name)(int k, bool addr, char *buf, size_t len);
	/* Register k as written in conditions and the init block. */
	void (*reg_cond)(int k, char *buf, size_t len);

	/*
	 * The memory model, as diy sees it: orders plain program order keeps
	 * (x86-TSO: all but W->R), and whether writes become visible to all
	 * other threads at once (multicopy atomicity: x86, ARMv8, RVWMO).
	 * Non-MCA arches (POWER) are judged by cumulativity (see compile.c).
	 */
	unsigned po_orders;
	bool mca;
	struct lt_sh_fence_desc fences[LT_SH_NFENCES];
	/* Dependencies: the name word (NULL: unsupported) and what they order. */
	const char *dep_word[LT_SH_NDEPS];
	unsigned dep_orders[LT_SH_NDEPS];	/* targets: 1 << LT_SH_R | 1 << LT_SH_W */
	bool addr_po_w;		/* addr;po;[W] is ordered */
	/* Annotations: which are supported on reads / writes (1 << ann). */
	unsigned ann_r, ann_w;
	bool acq_orders;	/* an acquire read is ordered before all later accesses */
	bool rel_orders;	/* all earlier accesses are ordered before a release write */
	bool rel_acq;		/* release then acquire is ordered (RCsc) */
	bool rmw_full;		/* an RMW orders everything around it (x86 LOCK) */
	const char *rmw_word;	/* in test names: "xchg", "swp" */

	/* Emit one access (and its dependency code); -1 with why if unsupported. */
	int (*emit_access)(struct lt_sh_emit *e, const struct lt_sh_access *a,
			   char *why, size_t len);
};

extern const struct lt_shape_arch *const lt_shape_arches[];

#endif /* LT_SHAPE_ARCH_H */
