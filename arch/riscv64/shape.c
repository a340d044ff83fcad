/* SPDX-License-Identifier: MIT */
/*
 * RISC-V for the shape generator: accesses, fences, dependencies and
 * .aq/.rl accesses in herd's RISCV syntax, and what RVWMO keeps in order.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>

#include "shape/shape-arch.h"

static void rv_reg_name(int k, bool addr, char *buf, size_t len)
{
	(void)addr;
	snprintf(buf, len, "x%d", k);
}

static void rv_reg_cond(int k, char *buf, size_t len)
{
	snprintf(buf, len, "x%d", k);
}

static int rv_emit_access(struct lt_sh_emit *e, const struct lt_sh_access *a,
			  char *why, size_t len)
{
	int ra = sh_addr_reg(e, a->loc), t = -1, v;
	char lab[16];

	if (a->dep >= 0 && a->ann != LT_SH_P && a->dep != LT_SH_CTRL) {
		snprintf(why, len, "RISCV: a dependency into an annotated access is not generated");
		return -1;
	}
	switch (a->dep) {
	case LT_SH_ADDR:
		/* x_t = r xor r = 0, then add it to the address (RVWMO rule 9). */
		t = sh_new_reg(e);
		sh_line(e, "xor x%d,x%d,x%d", t, a->dep_reg, a->dep_reg);
		sh_line(e, "add x%d,x%d,x%d", t, ra, t);
		ra = t;
		break;
	case LT_SH_DATA:
		t = sh_new_reg(e);
		sh_line(e, "xor x%d,x%d,x%d", t, a->dep_reg, a->dep_reg);
		break;
	case LT_SH_CTRL:
		/* A branch on the loaded value orders later stores (rule 11). */
		sh_new_label(e, lab, sizeof(lab));
		sh_line(e, "bne x%d,x0,%s", a->dep_reg, lab);
		sh_line(e, "%s:", lab);
		break;
	default:
		break;
	}
	if (a->dir == LT_SH_R) {
		/* LR.aq is RISC-V's acquire load (plain loads have no .aq). */
		if (a->ann == LT_SH_A)
			sh_line(e, "lr.w.aq x%d,0(x%d)", a->reg, ra);
		else
			sh_line(e, "lw x%d,0(x%d)", a->reg, ra);
		return 0;
	}
	if (a->dep == LT_SH_DATA) {
		sh_line(e, "ori x%d,x%d,%" PRId64, t, t, a->value);
		sh_line(e, "sw x%d,0(x%d)", t, ra);
		return 0;
	}
	v = sh_new_reg(e);
	sh_line(e, "ori x%d,x0,%" PRId64, v, a->value);
	/* A release store is an AMOSWAP.rl whose old value is dropped (rd = x0). */
	if (a->ann == LT_SH_L)
		sh_line(e, "amoswap.w.rl x0,x%d,(x%d)", v, ra);
	else if (a->ann == LT_SH_X)
		sh_line(e, "amoswap.w x%d,x%d,(x%d)", sh_new_reg(e), v, ra);
	else
		sh_line(e, "sw x%d,0(x%d)", v, ra);
	return 0;
}

/* name and herd word: arch/arches.def */
#define LT_ARCH_SELF_riscv64 1
#include "../arch-self.h"

const struct lt_shape_arch lt_shape_riscv64 = {
	LT_ARCH_SELF_SHAPE
	LT_ARCH_SHAPE_HOOKS(rv)
	/* x5 up: x0 is zero, x1-x4 are ra, sp, gp, tp. */
	.reg_first = 5,
	.reg_last = 31,
	.po_orders = 0,
	/* RVWMO is other-multicopy atomic (unprivileged spec, ch. 17). */
	.mca = true,
	.fences = {
		[LT_SH_FULL] = { "fence.rw.rw", "Fence.rw.rw", "fence rw,rw", LT_SH_ALL },
		/* fence.tso: all but store->load (rule 4 with the TSO fence). */
		[LT_SH_LIGHT] = { "fence.tso", "Fence.tso", "fence.tso",
				  LT_SH_RR | LT_SH_RW | LT_SH_WW },
		[LT_SH_STORE] = { "fence.w.w", "Fence.w.w", "fence w,w", LT_SH_WW },
		[LT_SH_LOAD] = { "fence.r.rw", "Fence.r.rw", "fence r,rw", LT_SH_RR | LT_SH_RW },
	},
	/* No isync-like instruction: fence.i is for instruction fetch. */
	.dep_word = { "addr", "data", "ctrl", NULL },
	.dep_orders = { 3, 2, 2, 0 },
	.addr_po_w = true,
	.ann_r = 1u << LT_SH_P | 1u << LT_SH_A,
	.ann_w = 1u << LT_SH_P | 1u << LT_SH_L | 1u << LT_SH_X,
	/* Rules 5-7: .aq before later, earlier before .rl, .rl before .aq. */
	.acq_orders = true,
	.rel_orders = true,
	.rel_acq = true,
	.rmw_word = "amoswap",
};
