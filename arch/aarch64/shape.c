/* SPDX-License-Identifier: MIT */
/*
 * AArch64 for the shape generator: accesses, barriers, dependencies and
 * acquire/release in herd's syntax, and what ARMv8 keeps in order.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>

#include "shape/shape-arch.h"

static void a64_reg_name(int k, bool addr, char *buf, size_t len)
{
	snprintf(buf, len, "%c%d", addr ? 'X' : 'W', k);
}

static void a64_reg_cond(int k, char *buf, size_t len)
{
	snprintf(buf, len, "X%d", k);
}

static int a64_emit_access(struct lt_sh_emit *e, const struct lt_sh_access *a,
			   char *why, size_t len)
{
	int xa = sh_addr_reg(e, a->loc), t = -1, v;
	char lab[16];

	if (a->dep >= 0 && a->ann != LT_SH_P && a->dep != LT_SH_CTRL &&
	    a->dep != LT_SH_CTRLISYNC) {
		snprintf(why, len, "AArch64: a dependency into an annotated access is not generated");
		return -1;
	}
	switch (a->dep) {
	case LT_SH_ADDR:
	case LT_SH_DATA:
		/* A false dependency: EOR of a register with itself is 0 but still depends on it. */
		t = sh_new_reg(e);
		sh_line(e, "EOR W%d,W%d,W%d", t, a->dep_reg, a->dep_reg);
		break;
	case LT_SH_CTRL:
	case LT_SH_CTRLISYNC:
		sh_new_label(e, lab, sizeof(lab));
		sh_line(e, "CBNZ W%d,%s", a->dep_reg, lab);
		sh_line(e, "%s:", lab);
		/* ISB after the branch orders later reads too (ARM ARM B2.3: dob). */
		if (a->dep == LT_SH_CTRLISYNC)
			sh_line(e, "ISB");
		break;
	default:
		break;
	}
	if (a->dir == LT_SH_R) {
		if (a->dep == LT_SH_ADDR)
			sh_line(e, "LDR W%d,[X%d,W%d,SXTW]", a->reg, xa, t);
		else
			sh_line(e, "%s W%d,[X%d]", a->ann == LT_SH_A ? "LDAR" : "LDR", a->reg, xa);
		return 0;
	}
	if (a->dep == LT_SH_DATA) {
		sh_line(e, "ADD W%d,W%d,#%" PRId64, t, t, a->value);
		sh_line(e, "STR W%d,[X%d]", t, xa);
		return 0;
	}
	v = sh_new_reg(e);
	sh_line(e, "MOV W%d,#%" PRId64, v, a->value);
	if (a->dep == LT_SH_ADDR)
		sh_line(e, "STR W%d,[X%d,W%d,SXTW]", v, xa, t);
	else if (a->ann == LT_SH_X)
		sh_line(e, "SWP W%d,W%d,[X%d]", v, sh_new_reg(e), xa);
	else
		sh_line(e, "%s W%d,[X%d]", a->ann == LT_SH_L ? "STLR" : "STR", v, xa);
	return 0;
}

/* name and herd word: arch/arches.def */
#define LT_ARCH_SELF_aarch64 1
#include "../arch-self.h"

const struct lt_shape_arch lt_shape_aarch64 = {
	LT_ARCH_SELF_SHAPE
	LT_ARCH_SHAPE_HOOKS(a64)
	.reg_first = 0,
	.reg_last = 30,
	/* ARMv8 keeps no plain program order between different locations. */
	.po_orders = 0,
	/* ARMv8 is (other-)multicopy atomic since 2017 (ARM ARM B2.3). */
	.mca = true,
	.fences = {
		[LT_SH_FULL] = { "dmb.ish", "DMB.ISH", "DMB ISH", LT_SH_ALL },
		/* No lightweight fence: DMB ISHLD and ISHST each cover only part of lwsync's pairs. */
		[LT_SH_LIGHT] = { NULL, NULL, NULL, 0 },
		/* DMB ISHST: stores before stores. */
		[LT_SH_STORE] = { "dmb.ishst", "DMB.ISHST", "DMB ISHST", LT_SH_WW },
		/* DMB ISHLD: loads before loads and stores. */
		[LT_SH_LOAD] = { "dmb.ishld", "DMB.ISHLD", "DMB ISHLD", LT_SH_RR | LT_SH_RW },
	},
	.dep_word = { "addr", "data", "ctrl", "ctrlisb" },
	/* dob: addr to any access, data and ctrl to writes, ctrl+ISB to reads. */
	.dep_orders = { 3, 2, 2, 3 },
	.addr_po_w = true,
	.ann_r = 1u << LT_SH_P | 1u << LT_SH_A,
	.ann_w = 1u << LT_SH_P | 1u << LT_SH_L | 1u << LT_SH_X,
	/* bob: [A];po, po;[L] and [L];po;[A] (RCsc). */
	.acq_orders = true,
	.rel_orders = true,
	.rel_acq = true,
	.rmw_full = false,
	.rmw_word = "swp",
};
