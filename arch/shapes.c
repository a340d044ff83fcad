/* SPDX-License-Identifier: MIT */
/* The shape generator's per-arch tables (arch/<isa>/shape.c). */
#include "config.h"

#include <stddef.h>

#include "shape/shape-arch.h"

extern const struct lt_shape_arch lt_shape_x86_64, lt_shape_aarch64,
	lt_shape_ppc64le, lt_shape_riscv64;

const struct lt_shape_arch *const lt_shape_arches[] = {
	&lt_shape_x86_64,
	&lt_shape_aarch64,
	&lt_shape_ppc64le,
	&lt_shape_riscv64,
	NULL
};
