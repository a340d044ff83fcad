/* SPDX-License-Identifier: MIT */
/*
 * POWER (64-bit) facts for the runtime: the names arch/arch.h lists, nothing
 * else (kernels write their fences in their own asm).
 */
#ifndef LT_ARCH_PPC64LE_KERNEL_H
#define LT_ARCH_PPC64LE_KERNEL_H

#include <stdint.h>

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

#endif /* LT_ARCH_PPC64LE_KERNEL_H */
