/* SPDX-License-Identifier: MIT */
/*
 * --placement: choose PUs by topology class (SMT siblings, cores sharing a
 * cache, different L3s, dies, packages, NUMA nodes) on an hwloc topology.
 * A build --without-hwloc has no topology: place_topology() says so, and
 * nothing else here is reached.
 */
#ifndef LT_PLACE_H
#define LT_PLACE_H

#include <stddef.h>

#ifdef HAVE_HWLOC
#include <hwloc.h>
typedef hwloc_topology_t place_topo_t;
typedef hwloc_const_cpuset_t place_cpuset_t;
#else
typedef struct place_no_topology *place_topo_t;	/* always NULL */
typedef const void *place_cpuset_t;
#endif

enum lt_place_class {
	LT_PLACE_SMT,		/* PUs of one core */
	LT_PLACE_CORE,		/* different cores under one L3 (or package) */
	LT_PLACE_L3,		/* different L3 caches in one package */
	LT_PLACE_DIE,		/* different dies in one package */
	LT_PLACE_PACKAGE,	/* different packages */
	LT_PLACE_NUMA,		/* different NUMA nodes */
	LT_PLACE_NCLASSES
};

/*
 * This machine's topology, loaded once (HWLOC_SYNTHETIC and the like
 * apply); NULL with a message in why when it cannot be read.
 */
place_topo_t place_topology(char *why, size_t len);

/* How many PUs of topo this process may use. */
int place_npus(place_topo_t topo);

/* "Package:1 Core:2 PU:2" into out, the count of PUs into *pus. */
void place_describe(place_topo_t topo, char *out, size_t len, int *pus);

const char *place_class_name(enum lt_place_class c);
/* The class named s, or -1. */
int place_class_parse(const char *s);

/*
 * Plan ninst instances of an nthreads-thread test in class c on topo,
 * using only the PUs of allowed (NULL: the topology's allowed set).
 * Thread t of instance k goes to pus[k * nthreads + t] (os indices);
 * instances never share a PU.  Returns 0, or -1 with a message in why
 * when the machine has no such class or too few PUs of it.
 */
int place_plan(place_topo_t topo, place_cpuset_t allowed,
	       enum lt_place_class c, int nthreads, int ninst, int *pus,
	       char *why, size_t len);

/* Most instances of nthreads threads that fit in class c (0: none). */
int place_max_instances(place_topo_t topo, place_cpuset_t allowed,
			enum lt_place_class c, int nthreads);

/*
 * The closest class the pair of PU os indices a, b belongs to: the first
 * of smt, core, l3, die, package, numa whose definition (distinct split
 * objects in one container) the pair meets; -1 if none (a == b, or a PU
 * the topology lacks).
 */
int place_pair_class(place_topo_t topo, int a, int b);

/*
 * The first n PUs (os indices) a run without --placement uses, as the
 * runtime picks them: the allowed PUs this process is bound to, in
 * logical order.  Returns how many it found (at most n), or -1.
 */
int place_default(place_topo_t topo, int n, int *pus);

#endif /* LT_PLACE_H */
