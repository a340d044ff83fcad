/* SPDX-License-Identifier: MIT */
/* Unit tests: --placement planning on synthetic hwloc machines. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run/place.h"
#include "check-util.h"

#ifndef HAVE_HWLOC
int main(void)
{
	printf("SKIP: --placement planning needs hwloc (built --without-hwloc)\n");
	return 77;
}
#else

static hwloc_topology_t synth(const char *desc)
{
	hwloc_topology_t topo;

	ck_assert_int_eq(hwloc_topology_init(&topo), 0);
	ck_assert_int_eq(hwloc_topology_set_synthetic(topo, desc), 0);
	ck_assert_int_eq(hwloc_topology_load(topo), 0);
	return topo;
}

/* The ancestor of PU os index pu of the given type (logical index), or -1. */
static int anc(hwloc_topology_t topo, int pu, hwloc_obj_type_t type)
{
	hwloc_obj_t o = hwloc_get_pu_obj_by_os_index(topo, (unsigned)pu);

	if (type == HWLOC_OBJ_NUMANODE) {
		for (unsigned i = 0; i < (unsigned)hwloc_get_nbobjs_by_type(topo, type); i++) {
			hwloc_obj_t n = hwloc_get_obj_by_type(topo, type, i);

			if (n && hwloc_bitmap_isset(n->cpuset, (unsigned)pu))
				return (int)i;
		}
		return -1;
	}
	o = hwloc_get_ancestor_obj_by_type(topo, type, o);
	return o ? (int)o->logical_index : -1;
}

/*
 * Check a plan against the class's definition: within an instance, the
 * threads' `split` objects differ and their `shared` object is the same;
 * no PU is used twice.
 */
static void check_plan(hwloc_topology_t topo, const int *pus, int nthreads,
		       int ninst, hwloc_obj_type_t split, hwloc_obj_type_t shared)
{
	for (int a = 0; a < nthreads * ninst; a++)
		for (int b = 0; b < a; b++)
			ck_assert_int_ne(pus[a], pus[b]);
	for (int k = 0; k < ninst; k++) {
		const int *p = pus + k * nthreads;

		for (int a = 0; a < nthreads; a++) {
			if (split == HWLOC_OBJ_PU)
				ck_assert_int_ge(p[a], 0);
			else
				ck_assert_int_ge(anc(topo, p[a], split), 0);
			if (shared != HWLOC_OBJ_MACHINE)
				ck_assert_int_eq(anc(topo, p[a], shared),
						 anc(topo, p[0], shared));
			for (int b = 0; b < a && split != HWLOC_OBJ_PU; b++)
				ck_assert_int_ne(anc(topo, p[a], split),
						 anc(topo, p[b], split));
		}
	}
}

START_TEST(two_packages_smt)
{
	/* 2 packages x 2 L3 x 4 cores x 2 PUs: 32 PUs, os index = logical. */
	hwloc_topology_t topo = synth("pack:2 l3:2 core:4 pu:2");
	int pus[32];
	char why[256];

	ck_assert_int_eq(place_plan(topo, NULL, LT_PLACE_SMT, 2, 1, pus, why,
				    sizeof(why)), 0);
	ck_assert_int_eq(pus[0], 0);
	ck_assert_int_eq(pus[1], 1);
	ck_assert_int_eq(place_plan(topo, NULL, LT_PLACE_CORE, 2, 1, pus, why,
				    sizeof(why)), 0);
	ck_assert_int_eq(pus[0], 0);
	ck_assert_int_eq(pus[1], 2);
	ck_assert_int_eq(place_plan(topo, NULL, LT_PLACE_L3, 2, 1, pus, why,
				    sizeof(why)), 0);
	ck_assert_int_eq(pus[0], 0);
	ck_assert_int_eq(pus[1], 8);
	ck_assert_int_eq(place_plan(topo, NULL, LT_PLACE_PACKAGE, 2, 1, pus, why,
				    sizeof(why)), 0);
	ck_assert_int_eq(pus[0], 0);
	ck_assert_int_eq(pus[1], 16);

	/* Filling: every PU once, each instance within its class. */
	ck_assert_int_eq(place_max_instances(topo, NULL, LT_PLACE_SMT, 2), 16);
	ck_assert_int_eq(place_plan(topo, NULL, LT_PLACE_SMT, 2, 16, pus, why,
				    sizeof(why)), 0);
	check_plan(topo, pus, 2, 16, HWLOC_OBJ_PU, HWLOC_OBJ_CORE);
	ck_assert_int_eq(place_max_instances(topo, NULL, LT_PLACE_CORE, 2), 16);
	ck_assert_int_eq(place_plan(topo, NULL, LT_PLACE_CORE, 2, 16, pus, why,
				    sizeof(why)), 0);
	check_plan(topo, pus, 2, 16, HWLOC_OBJ_CORE, HWLOC_OBJ_L3CACHE);
	ck_assert_int_eq(place_max_instances(topo, NULL, LT_PLACE_L3, 2), 16);
	ck_assert_int_eq(place_plan(topo, NULL, LT_PLACE_L3, 2, 16, pus, why,
				    sizeof(why)), 0);
	check_plan(topo, pus, 2, 16, HWLOC_OBJ_L3CACHE, HWLOC_OBJ_PACKAGE);
	ck_assert_int_eq(place_plan(topo, NULL, LT_PLACE_PACKAGE, 2, 16, pus, why,
				    sizeof(why)), 0);
	check_plan(topo, pus, 2, 16, HWLOC_OBJ_PACKAGE, HWLOC_OBJ_MACHINE);

	/* Four threads: 4 cores per L3, 2 L3s per package, 2 packages. */
	ck_assert_int_eq(place_plan(topo, NULL, LT_PLACE_CORE, 4, 8, pus, why,
				    sizeof(why)), 0);
	check_plan(topo, pus, 4, 8, HWLOC_OBJ_CORE, HWLOC_OBJ_L3CACHE);
	ck_assert_int_eq(place_max_instances(topo, NULL, LT_PLACE_CORE, 5), 0);
	ck_assert_int_eq(place_plan(topo, NULL, LT_PLACE_L3, 4, 1, pus, why,
				    sizeof(why)), -1);
	ck_assert_ptr_nonnull(strstr(why, "fits 0"));
	ck_assert_int_eq(place_plan(topo, NULL, LT_PLACE_SMT, 3, 1, pus, why,
				    sizeof(why)), -1);
	/* Not on this machine: no Die objects. */
	ck_assert_int_eq(place_plan(topo, NULL, LT_PLACE_DIE, 2, 1, pus, why,
				    sizeof(why)), -1);
	ck_assert_ptr_nonnull(strstr(why, "no two"));
	ck_assert_int_eq(place_max_instances(topo, NULL, LT_PLACE_DIE, 2), 0);
	hwloc_topology_destroy(topo);
}
END_TEST

START_TEST(small_machine)
{
	hwloc_topology_t topo = synth("pack:1 core:2 pu:1");
	int pus[4];
	char why[256];

	ck_assert_int_eq(place_plan(topo, NULL, LT_PLACE_CORE, 2, 1, pus, why,
				    sizeof(why)), 0);
	ck_assert_int_eq(pus[0], 0);
	ck_assert_int_eq(pus[1], 1);
	ck_assert_int_eq(place_max_instances(topo, NULL, LT_PLACE_CORE, 2), 1);
	/* No SMT, one package, no L3: only `core` exists. */
	for (int c = 0; c < LT_PLACE_NCLASSES; c++) {
		int rc = place_plan(topo, NULL, c, 2, 1, pus, why, sizeof(why));

		ck_assert_int_eq(rc, c == LT_PLACE_CORE ? 0 : -1);
		if (rc)
			ck_assert_ptr_nonnull(strstr(why, place_class_name(c)));
	}
	ck_assert_int_eq(place_plan(topo, NULL, LT_PLACE_CORE, 2, 2, pus, why,
				    sizeof(why)), -1);
	hwloc_topology_destroy(topo);
}
END_TEST

START_TEST(numa_and_allowed)
{
	/* 2 NUMA nodes per package: numa spreads, package needs 2 packages. */
	hwloc_topology_t topo = synth("pack:2 numa:2 core:2 pu:2");
	hwloc_bitmap_t allowed = hwloc_bitmap_alloc();
	int pus[16];
	char why[256];

	ck_assert_int_eq(place_plan(topo, NULL, LT_PLACE_NUMA, 4, 1, pus, why,
				    sizeof(why)), 0);
	check_plan(topo, pus, 4, 1, HWLOC_OBJ_NUMANODE, HWLOC_OBJ_MACHINE);
	ck_assert_int_eq(place_max_instances(topo, NULL, LT_PLACE_NUMA, 2), 8);
	/* Only PUs 0-3 (one NUMA node) allowed: no numa, no package. */
	hwloc_bitmap_set_range(allowed, 0, 3);
	ck_assert_int_eq(place_plan(topo, allowed, LT_PLACE_NUMA, 2, 1, pus, why,
				    sizeof(why)), -1);
	ck_assert_int_eq(place_plan(topo, allowed, LT_PLACE_PACKAGE, 2, 1, pus, why,
				    sizeof(why)), -1);
	ck_assert_int_eq(place_plan(topo, allowed, LT_PLACE_SMT, 2, 2, pus, why,
				    sizeof(why)), 0);
	check_plan(topo, pus, 2, 2, HWLOC_OBJ_PU, HWLOC_OBJ_CORE);
	for (int k = 0; k < 4; k++)
		ck_assert_int_lt(pus[k], 4);
	ck_assert_int_eq(place_class_parse("l3"), LT_PLACE_L3);
	ck_assert_int_eq(place_class_parse("scan"), -1);
	hwloc_bitmap_free(allowed);
	hwloc_topology_destroy(topo);
}
END_TEST

START_TEST(pair_class_and_default)
{
	hwloc_topology_t topo = synth("pack:2 l3:2 core:4 pu:2");
	int pus[8] = { -1, -1, -1, -1, -1, -1, -1, -1 };

	ck_assert_int_eq(place_pair_class(topo, 0, 1), LT_PLACE_SMT);
	ck_assert_int_eq(place_pair_class(topo, 0, 2), LT_PLACE_CORE);
	ck_assert_int_eq(place_pair_class(topo, 1, 15), LT_PLACE_L3);
	ck_assert_int_eq(place_pair_class(topo, 3, 16), LT_PLACE_PACKAGE);
	ck_assert_int_eq(place_pair_class(topo, 16, 3), LT_PLACE_PACKAGE);
	ck_assert_int_eq(place_pair_class(topo, 5, 5), -1);
	ck_assert_int_eq(place_pair_class(topo, 0, 32), -1);
	/* Every class's own plan is a pair of that class. */
	for (int c = LT_PLACE_SMT; c <= LT_PLACE_PACKAGE; c++) {
		char why[256];

		if (c == LT_PLACE_DIE)
			continue;	/* no Die level in this machine */
		ck_assert_int_eq(place_plan(topo, NULL, c, 2, 1, pus, why, sizeof(why)), 0);
		ck_assert_int_eq(place_pair_class(topo, pus[0], pus[1]), c);
	}
	ck_assert_int_eq(place_default(topo, 2, pus), 2);
	ck_assert_int_eq(pus[0], 0);
	ck_assert_int_eq(pus[1], 2);	/* core 1: one PU per core first */
	hwloc_topology_destroy(topo);

	/* Without L3 objects, cores share the package. */
	topo = synth("pack:2 numa:2 core:2 pu:2");
	ck_assert_int_eq(place_pair_class(topo, 0, 2), LT_PLACE_CORE);
	ck_assert_int_eq(place_pair_class(topo, 0, 4), LT_PLACE_CORE);
	ck_assert_int_eq(place_pair_class(topo, 0, 8), LT_PLACE_PACKAGE);
	hwloc_topology_destroy(topo);

	/*
	 * Linux numbers SMT siblings apart (0 and 2 here); the default
	 * placement takes one PU of each core first, then the siblings: the
	 * pair is two cores, the third thread a sibling.
	 */
	topo = synth("pack:1 core:2 pu:2(indexes=0,2,1,3)");
	ck_assert_int_eq(place_default(topo, 3, pus), 3);
	ck_assert_int_eq(pus[0], 0);
	ck_assert_int_eq(pus[1], 1);
	ck_assert_int_eq(pus[2], 2);
	ck_assert_int_eq(place_pair_class(topo, pus[0], pus[1]), LT_PLACE_CORE);
	ck_assert_int_eq(place_default(topo, 8, pus), 4);
	ck_assert_int_eq(pus[3], 3);
	hwloc_topology_destroy(topo);
	/* Siblings numbered next to each other: still cores first. */
	topo = synth("pack:1 core:4 pu:2");
	ck_assert_int_eq(place_default(topo, 8, pus), 8);
	ck_assert_int_eq(pus[0], 0);
	ck_assert_int_eq(pus[1], 2);
	ck_assert_int_eq(pus[2], 4);
	ck_assert_int_eq(pus[3], 6);
	ck_assert_int_eq(pus[4], 1);
	ck_assert_int_eq(pus[7], 7);
	ck_assert_int_eq(place_pair_class(topo, pus[0], pus[1]), LT_PLACE_CORE);
	hwloc_topology_destroy(topo);

	topo = synth("pack:1 core:1 pu:1");
	ck_assert_int_eq(place_default(topo, 2, pus), 1);
	hwloc_topology_destroy(topo);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("place");
	TCase *tc = tcase_create("plan");

	tcase_add_test(tc, two_packages_smt);
	tcase_add_test(tc, small_machine);
	tcase_add_test(tc, numa_and_allowed);
	tcase_add_test(tc, pair_class_and_default);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
#endif /* HAVE_HWLOC */
