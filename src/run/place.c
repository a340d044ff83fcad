/* SPDX-License-Identifier: MIT */
/*
 * The --placement classes by name, which option parsing needs with or
 * without hwloc (the planning is place-hwloc.c's, or place-none.c's).
 */
#include <config.h>

#include <string.h>

#include "run/place.h"

static const char *const class_names[LT_PLACE_NCLASSES] = {
	[LT_PLACE_SMT] = "smt", [LT_PLACE_CORE] = "core", [LT_PLACE_L3] = "l3",
	[LT_PLACE_DIE] = "die", [LT_PLACE_PACKAGE] = "package",
	[LT_PLACE_NUMA] = "numa",
};

const char *place_class_name(enum lt_place_class c)
{
	return (unsigned)c < LT_PLACE_NCLASSES ? class_names[c] : "?";
}

int place_class_parse(const char *s)
{
	for (int c = 0; c < LT_PLACE_NCLASSES; c++)
		if (!strcmp(s, class_names[c]))
			return c;
	return -1;
}
