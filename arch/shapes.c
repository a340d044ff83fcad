/* SPDX-License-Identifier: MIT */
/*
 * The shape generator's per-arch tables (arch/<isa>/shape.c), one per row
 * of arch/arches.def.
 */
#include "config.h"

#include <stddef.h>

#include "shape/shape-arch.h"
#include "arches.def"

#define LT__DECLARE(id, ...) extern const struct lt_shape_arch lt_shape_##id;
LT_ARCH_LIST(LT__DECLARE)

#define LT__ENTRY(id, ...) &lt_shape_##id,
const struct lt_shape_arch *const lt_shape_arches[] = {
	LT_ARCH_LIST(LT__ENTRY)
	NULL
};
