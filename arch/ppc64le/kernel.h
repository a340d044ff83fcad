/* SPDX-License-Identifier: MIT */
/*
 * POWER (64-bit) helpers for generated kernels and the runtime: cache-line
 * size, spin-wait hint, timebase, fences and feature macros.  Every
 * arch/<isa>/kernel.h defines the same names, so two arch files diff cleanly.
 */
#ifndef LT_ARCH_PPC64LE_KERNEL_H
#define LT_ARCH_PPC64LE_KERNEL_H

#include <stdint.h>

#define LT_ARCH_NAME "ppc64le"

/*
 * POWER7 to POWER10 have 128-byte L1 and L2 lines (the "dcbz" block size
 * the kernel reports in the auxiliary vector as AT_DCACHEBSIZE), and
 * Linux's ppc64 L1_CACHE_SHIFT is 7.  With 64, two of a test's locations
 * could share a line and a coherence granule, hiding reorderings that only
 * show when they are in different lines.
 */
#ifndef LT_CACHE_LINE
#define LT_CACHE_LINE 128
#endif

/*
 * A spinning hardware thread lowers its SMT priority so that its siblings
 * on the same core get the issue slots, then restores it.  "or 1,1,1"
 * (low) and "or 2,2,2" (medium) are the Program Priority hints of Power
 * ISA Book II, "Program Priority Register"; on a core without them they
 * are plain no-op "or"s.  Linux's cpu_relax() on ppc64 is this same pair.
 * "or 31,31,31" (very low) is not used: a waiter must see the barrier's
 * release at once, and Linux's own spin loops stop at low priority too.
 */
static inline void lt_cpu_relax(void)
{
	__asm__ __volatile__("or 1,1,1\n\tor 2,2,2" ::: "memory");
}

/*
 * The Time Base (mftb, i.e. mfspr rD,268: Power ISA Book II, "Time Base")
 * is readable from problem state.  It is not a serialising read, which is
 * what we want: it only spreads or aligns thread start times, and waiting
 * for older instructions would widen the window a kernel keeps narrow.
 */
static inline uint64_t lt_timebase(void)
{
	uint64_t tb;

	__asm__ __volatile__("mftb %0" : "=r" (tb));
	return tb;
}

/*
 * The fence vocabulary, one line per fence (as Concurrency Kit's ck_pr.h),
 * chosen as Linux's smp_*() barriers on ppc64 (Power ISA Book II, "Memory
 * Barrier Instructions"):
 * - full: sync (hwsync) is the only barrier ordering a store before a
 *   later load, and is cumulative.
 * - load, store: lwsync orders load-load, load-store and store-store
 *   between ordinary cacheable accesses, and costs far less than sync.
 *   eieio also orders stores, but lwsync is also cumulative; kernels use
 *   eieio only where a test names it.
 */
#define LT_FENCE(name, insn)						\
	static inline void lt_fence_##name(void)			\
	{								\
		__asm__ __volatile__(insn ::: "memory");		\
	}

LT_FENCE(full, "sync")
LT_FENCE(load, "lwsync")
LT_FENCE(store, "lwsync")
LT_FENCE(compiler, "")

#undef LT_FENCE

/* The compiler-only barrier: keeps the compiler from moving accesses. */
static inline void lt_compiler_barrier(void)
{
	lt_fence_compiler();
}

/*
 * What this architecture has.  Every arch file defines every name to 0 or
 * 1, so test them with #if, not #ifdef; a test that needs a missing feature
 * is skipped, not failed.
 */
#define LT_HAVE_MFENCE		0
#define LT_HAVE_LFENCE		0
#define LT_HAVE_SFENCE		0
#define LT_HAVE_LOCK_PREFIX	0
#define LT_HAVE_DMB		0
#define LT_HAVE_DSB		0
#define LT_HAVE_ISB		0
#define LT_HAVE_SYNC		1
#define LT_HAVE_LWSYNC		1
#define LT_HAVE_ISYNC		1
#define LT_HAVE_EIEIO		1
#define LT_HAVE_FENCE_RW	0
#define LT_HAVE_FENCE_TSO	0
#define LT_HAVE_TIMEBASE	1

#endif /* LT_ARCH_PPC64LE_KERNEL_H */
