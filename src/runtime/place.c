/* SPDX-License-Identifier: MIT */
/*
 * Thread placement: the plan (which thread goes to which PU), the
 * pinning of each thread and the warnings when it fails.  Finding and
 * binding PUs is the backend's (place-hwloc.c or place-sched.c); the
 * affinity-mask primitives here are what both fall back on.
 */
#include "rt.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

/* The PUs of this process's affinity mask, in CPU number order. */
int lt_rt_affinity_pus(struct lt_rt_place *pl)
{
	cpu_set_t set;
	int n = 0;

	CPU_ZERO(&set);
	if (sched_getaffinity(0, sizeof(set), &set) < 0)
		return -1;
	pl->pus = calloc(CPU_SETSIZE, sizeof(*pl->pus));
	if (!pl->pus)
		return -1;
	for (int cpu = 0; cpu < CPU_SETSIZE; cpu++)
		if (CPU_ISSET(cpu, &set))
			pl->pus[n++] = cpu;
	pl->npus = n;
	return n ? 0 : -1;
}

/* Bind the calling thread to PU pu by its affinity mask. */
int lt_rt_affinity_pin(int pu)
{
	cpu_set_t set;

	if (pu < 0 || pu >= CPU_SETSIZE) {
		errno = EINVAL;
		return -1;
	}
	CPU_ZERO(&set);
	CPU_SET(pu, &set);
	/* pid 0: the calling thread, not the whole process. */
	return sched_setaffinity(0, sizeof(set), &set);
}

/*
 * Find the PUs, settle the number of instances and plan which thread goes
 * where (global index: instance * nthreads + thread); the pinning comes
 * later.
 */
int lt_rt_place_plan(struct lt_rt_ctx *ctx, const struct lt_rt_opts *o)
{
	struct lt_rt_shared *sh = ctx->sh;
	struct lt_rt_place *pl = &sh->place;
	int nt;

	errno = 0;
	if (lt_rt_backend_find(pl) < 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);

		pl->method = "none";
		snprintf(pl->why, sizeof(pl->why),
			 "cannot read the CPUs this process may use: %s",
			 strerror(errno ? errno : ENOSYS));
		pl->npus = n > 0 && n < INT_MAX ? (int)n : 1;
	}
	sh->ninst = o->instances;
	if (!sh->ninst) {
		int avail = o->npin ? o->npin : pl->npus;

		sh->ninst = avail / ctx->test->nthreads;
		if (sh->ninst < 1)
			sh->ninst = 1;
	}
	nt = sh->ninst * ctx->test->nthreads;

	pl->plan = calloc((size_t)nt, sizeof(*pl->plan));
	pl->placed = calloc((size_t)nt, sizeof(*pl->placed));
	pl->err = calloc((size_t)nt, sizeof(*pl->err));
	if (!pl->plan || !pl->placed || !pl->err) {
		lt_rt_seterr(ctx, "out of memory for %d threads", nt);
		return -1;
	}
	for (int t = 0; t < nt; t++)
		pl->placed[t] = -1;
	if (!strcmp(pl->method, "none")) {
		pl->oversub = nt > pl->npus;
		return 0;
	}

	for (int t = 0; t < nt; t++)
		pl->plan[t] = o->npin ? o->pin[t % o->npin] :
			      pl->pus[t % pl->npus];
	/* Threads that share a PU must yield to each other, never spin. */
	pl->oversub = nt > pl->npus;
	for (int t = 0; t < nt && !pl->oversub; t++)
		for (int u = 0; u < t; u++)
			if (pl->plan[u] == pl->plan[t])
				pl->oversub = 1;
	/*
	 * Instances that share PUs only yield to each other: on the 2-PU
	 * guest, 3 instances of SB (6 threads) took 6 s to over 60 s for
	 * 10,000 iterations each, against 0.02 s for one.
	 */
	if (sh->ninst > 1 && pl->oversub) {
		lt_rt_seterr(ctx, "-I %d: %d instances of %d threads need %d distinct PUs; %d available",
			     sh->ninst, sh->ninst, ctx->test->nthreads, nt,
			     o->npin ? o->npin : pl->npus);
		return -1;
	}
	return 0;
}

/* Pin the calling thread to its planned PU; records the outcome. */
void lt_rt_pin_self(struct lt_rt_place *pl, int thread)
{
	int pu = pl->plan[thread];

	if (!strcmp(pl->method, "none")) {
		pl->err[thread] = 0;
		return;
	}
	errno = 0;
	if (lt_rt_backend_pin(pl, pu) == 0)
		pl->placed[thread] = pu;
	else
		pl->err[thread] = errno ? errno : EINVAL;
}

/* After every thread tried: settle the method and warn about failures. */
void lt_rt_place_done(struct lt_rt_ctx *ctx, const struct lt_rt_opts *o,
		      const char *prog)
{
	struct lt_rt_place *pl = &ctx->sh->place;
	int nt = ctx->test->nthreads * ctx->sh->ninst, pinned = 0, first = -1;

	if (!strcmp(pl->method, "none"))
		goto warn;
	for (int t = 0; t < nt; t++) {
		if (pl->placed[t] >= 0)
			pinned++;
		else if (first < 0)
			first = t;
	}
	if (!pinned) {
		snprintf(pl->why, sizeof(pl->why), "%s pinning to PU %d failed: %s",
			 !strcmp(pl->method, "hwloc") ? "hwloc_set_cpubind" :
			 "sched_setaffinity", pl->plan[first],
			 strerror(pl->err[first]));
		pl->method = "none";
		/* The scheduler places the threads: they share only if too many. */
		pl->oversub = nt > pl->npus;
	} else if (first >= 0 && !o->quiet) {
		for (int t = 0; t < nt; t++)
			if (pl->placed[t] < 0)
				fprintf(stderr, "%s: warning: thread %d not pinned to PU %d: %s\n",
					prog, t, pl->plan[t], strerror(pl->err[t]));
	}
warn:
	if (o->quiet)
		return;
	if (!strcmp(pl->method, "none"))
		fprintf(stderr, "%s: warning: threads not pinned: %s\n", prog, pl->why);
	if (pl->oversub) {
		int used = 0;

		for (int t = 0; t < nt; t++) {
			int seen = 0;

			for (int u = 0; u < t; u++)
				seen |= pl->plan[u] == pl->plan[t];
			used += !seen;
		}
		if (!strcmp(pl->method, "none") || used > pl->npus)
			used = pl->npus;
		fprintf(stderr, "%s: warning: %d threads share %d PU%s: they yield instead of spinning, so outcomes that need true parallelism will be rare\n",
			prog, nt, used, used == 1 ? "" : "s");
	}
}

void lt_rt_place_free(struct lt_rt_place *pl)
{
	free(pl->pus);
	free(pl->plan);
	free(pl->placed);
	free(pl->err);
	lt_rt_backend_release(pl);
}
