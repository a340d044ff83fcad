/* SPDX-License-Identifier: MIT */
/*
 * --placement planning on an hwloc topology (a build --without-hwloc has
 * place-none.c instead): each instance's threads go to
 * distinct objects of one level (PUs, cores, L3s, dies, packages, NUMA
 * nodes) inside one object of the level above, so that they communicate
 * through the part of the memory system the class names.
 */
#include <config.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run/place.h"
#include "runtime/lt-pus.h"

/* This machine's topology, loaded once. */
place_topo_t place_topology(char *why, size_t len)
{
	static hwloc_topology_t topo;
	static bool tried;

	if (!tried) {
		tried = true;
		if (hwloc_topology_init(&topo) < 0)
			topo = NULL;
		else if (hwloc_topology_load(topo) < 0) {
			hwloc_topology_destroy(topo);
			topo = NULL;
		}
	}
	if (!topo)
		snprintf(why, len, "--placement: cannot read this machine's topology");
	return topo;
}

int place_npus(place_topo_t topo)
{
	return hwloc_bitmap_weight(hwloc_topology_get_allowed_cpuset(topo));
}

void place_describe(place_topo_t topo, char *out, size_t len, int *pus)
{
	static const struct {
		hwloc_obj_type_t type;
		const char *name;
	} levels[] = {
		{ HWLOC_OBJ_PACKAGE, "Package" },
		{ HWLOC_OBJ_NUMANODE, "NUMANode" },
		{ HWLOC_OBJ_L3CACHE, "L3" },
		{ HWLOC_OBJ_CORE, "Core" },
		{ HWLOC_OBJ_PU, "PU" },
	};
	size_t off = 0;

	*pus = hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_PU);
	for (size_t k = 0; k < sizeof(levels) / sizeof(levels[0]); k++) {
		int n = hwloc_get_nbobjs_by_type(topo, levels[k].type);

		if (n <= 0 || off >= len)
			continue;
		off += (size_t)snprintf(out + off, len - off, "%s%s:%d",
					off ? " " : "", levels[k].name, n);
	}
}

static bool has_type(hwloc_topology_t topo, hwloc_obj_type_t type)
{
	return hwloc_get_nbobjs_by_type(topo, type) > 0;
}

/*
 * The level the threads are spread over (split) and the level they share
 * (container).  Cores share the L3 where the machine has L3 objects (the
 * last level most parts share), else the package.
 */
static void class_levels(hwloc_topology_t topo, enum lt_place_class c,
			 hwloc_obj_type_t *split, hwloc_obj_type_t *container)
{
	hwloc_obj_type_t pack = has_type(topo, HWLOC_OBJ_PACKAGE) ?
				HWLOC_OBJ_PACKAGE : HWLOC_OBJ_MACHINE;

	switch (c) {
	case LT_PLACE_SMT:
		*split = HWLOC_OBJ_PU;
		*container = HWLOC_OBJ_CORE;
		break;
	case LT_PLACE_CORE:
		*split = HWLOC_OBJ_CORE;
		*container = has_type(topo, HWLOC_OBJ_L3CACHE) ?
			     HWLOC_OBJ_L3CACHE : pack;
		break;
	case LT_PLACE_L3:
		*split = HWLOC_OBJ_L3CACHE;
		*container = pack;
		break;
	case LT_PLACE_DIE:
		*split = HWLOC_OBJ_DIE;
		*container = pack;
		break;
	case LT_PLACE_PACKAGE:
		*split = HWLOC_OBJ_PACKAGE;
		*container = HWLOC_OBJ_MACHINE;
		break;
	default:
		*split = HWLOC_OBJ_NUMANODE;
		*container = HWLOC_OBJ_MACHINE;
		break;
	}
}

/* The first allowed, unused PU of obj in logical order, or NULL. */
static hwloc_obj_t free_pu(hwloc_topology_t topo, hwloc_obj_t obj,
			   hwloc_const_cpuset_t allowed, hwloc_const_bitmap_t used)
{
	hwloc_obj_t pu = NULL;

	if (!obj->cpuset)
		return NULL;
	while ((pu = hwloc_get_next_obj_inside_cpuset_by_type(topo, obj->cpuset,
							       HWLOC_OBJ_PU, pu)))
		if (hwloc_bitmap_isset(allowed, pu->os_index) &&
		    !hwloc_bitmap_isset(used, pu->os_index))
			return pu;
	return NULL;
}

/*
 * One instance: in the first container (logical order) with nthreads
 * split objects that each still have a free PU, take the first free PU of
 * each of the first nthreads such objects.  Returns 0 or -1 (none fits).
 */
static int plan_one(hwloc_topology_t topo, hwloc_const_cpuset_t allowed,
		    hwloc_obj_type_t split, hwloc_obj_type_t container,
		    int nthreads, hwloc_bitmap_t used, int *pus)
{
	int ncont = hwloc_get_nbobjs_by_type(topo, container);

	for (int ci = 0; ci < ncont; ci++) {
		hwloc_obj_t cont = hwloc_get_obj_by_type(topo, container, (unsigned)ci);
		hwloc_obj_t s = NULL;
		int got = 0;

		if (!cont || !cont->cpuset)
			continue;
		while (got < nthreads &&
		       (s = hwloc_get_next_obj_inside_cpuset_by_type(topo, cont->cpuset,
								    split, s))) {
			hwloc_obj_t pu = free_pu(topo, s, allowed, used);

			if (pu)
				pus[got++] = (int)pu->os_index;
		}
		if (got == nthreads) {
			for (int t = 0; t < nthreads; t++)
				hwloc_bitmap_set(used, (unsigned)pus[t]);
			return 0;
		}
	}
	return -1;
}

/* Instances that fit, up to want (want < 0: as many as fit). */
static int plan_count(hwloc_topology_t topo, hwloc_const_cpuset_t allowed,
		      enum lt_place_class c, int nthreads, int want, int *pus)
{
	hwloc_obj_type_t split, container;
	hwloc_bitmap_t used = hwloc_bitmap_alloc();
	int *scratch = calloc((size_t)nthreads, sizeof(*scratch));
	int n = 0;

	if (!used || !scratch) {
		hwloc_bitmap_free(used);
		free(scratch);
		return -1;
	}
	class_levels(topo, c, &split, &container);
	if (has_type(topo, split) && has_type(topo, container)) {
		while ((want < 0 || n < want) &&
		       plan_one(topo, allowed, split, container, nthreads, used,
				scratch) == 0) {
			if (pus)
				memcpy(pus + (size_t)n * (size_t)nthreads, scratch,
				       (size_t)nthreads * sizeof(*scratch));
			n++;
		}
	}
	hwloc_bitmap_free(used);
	free(scratch);
	return n;
}

int place_max_instances(hwloc_topology_t topo, hwloc_const_cpuset_t allowed,
			enum lt_place_class c, int nthreads)
{
	if (!allowed)
		allowed = hwloc_topology_get_allowed_cpuset(topo);
	if (nthreads < 1 || plan_count(topo, allowed, c, 2, 1, NULL) < 1)
		return 0;
	return plan_count(topo, allowed, c, nthreads, -1, NULL);
}

int place_plan(hwloc_topology_t topo, hwloc_const_cpuset_t allowed,
	       enum lt_place_class c, int nthreads, int ninst, int *pus,
	       char *why, size_t len)
{
	hwloc_obj_type_t split, container;
	char sname[32], cname[32];
	int n;

	if ((unsigned)c >= LT_PLACE_NCLASSES || nthreads < 1 || ninst < 1) {
		snprintf(why, len, "invalid placement request");
		return -1;
	}
	if (!allowed)
		allowed = hwloc_topology_get_allowed_cpuset(topo);
	class_levels(topo, c, &split, &container);
	snprintf(sname, sizeof(sname), "%s", hwloc_obj_type_string(split));
	snprintf(cname, sizeof(cname), "%s", hwloc_obj_type_string(container));
	/* The class exists only where two threads can be placed in it. */
	if (plan_count(topo, allowed, c, 2, 1, NULL) < 1) {
		snprintf(why, len, "--placement=%s: this machine has no two %s objects "
			 "in one %s with usable PUs", place_class_name(c), sname, cname);
		return -1;
	}
	n = plan_count(topo, allowed, c, nthreads, ninst, pus);
	if (n < ninst) {
		snprintf(why, len, "--placement=%s: %d instance%s of %d threads need "
			 "%d %s objects each in one %s; this machine fits %d",
			 place_class_name(c), ninst, ninst == 1 ? "" : "s", nthreads,
			 nthreads, sname, cname, n < 0 ? 0 : n);
		return -1;
	}
	return 0;
}

/* The object of the given type whose cpuset holds PU os index pu, or NULL. */
static hwloc_obj_t obj_holding(hwloc_topology_t topo, hwloc_obj_type_t type, int pu)
{
	int n = hwloc_get_nbobjs_by_type(topo, type);

	for (int i = 0; i < n; i++) {
		hwloc_obj_t o = hwloc_get_obj_by_type(topo, type, (unsigned)i);

		if (o && o->cpuset && hwloc_bitmap_isset(o->cpuset, (unsigned)pu))
			return o;
	}
	return NULL;
}

int place_pair_class(hwloc_topology_t topo, int a, int b)
{
	if (a == b || !hwloc_get_pu_obj_by_os_index(topo, (unsigned)a) ||
	    !hwloc_get_pu_obj_by_os_index(topo, (unsigned)b))
		return -1;
	for (int c = 0; c < LT_PLACE_NCLASSES; c++) {
		hwloc_obj_type_t split, container;
		hwloc_obj_t ca, cb;

		class_levels(topo, c, &split, &container);
		ca = obj_holding(topo, container, a);
		cb = obj_holding(topo, container, b);
		if (ca && ca == cb &&
		    obj_holding(topo, split, a) != obj_holding(topo, split, b))
			return c;
	}
	return -1;
}

/* As the runtime's hwloc backend: lt-pus.h's order, shared. */
int place_default(place_topo_t topo, int n, int *pus)
{
	return lt_pus_default(topo, pus, n);
}
