/* SPDX-License-Identifier: MIT */
/*
 * x86_64 helpers for generated kernels and the runtime: cache-line size,
 * spin-wait hint, timebase, fences and feature macros.  Every arch/<isa>/
 * kernel.h defines the same names, so two arch files diff cleanly.
 */
#ifndef LT_ARCH_X86_64_KERNEL_H
#define LT_ARCH_X86_64_KERNEL_H

#include <stdint.h>

#define LT_ARCH_NAME "x86_64"

/*
 * The coherence unit is 64 bytes on every x86_64 part (CPUID.01H:EBX[15:8]
 * reports the CLFLUSH line size as 8 * 8 bytes; Intel SDM Vol. 2A, CPUID).
 * Intel's L2 spatial prefetcher fetches the other half of a 128-byte
 * aligned pair (Intel 64 and IA-32 Architectures Optimization Reference
 * Manual, "Data Prefetching"), which is why 128 is used by some libraries to
 * avoid false sharing.  We keep 64: a prefetch only brings a line in shared
 * state and cannot change which outcomes a test can show, while 128 would
 * halve the iterations that fit in L1/L2 and the TLB for every batch.  Build
 * with -DLT_CACHE_LINE=128 to compare on a given machine.
 */
#ifndef LT_CACHE_LINE
#define LT_CACHE_LINE 64
#endif

/*
 * PAUSE tells the core it is in a spin-wait loop: it avoids the memory-order
 * machine clear when the awaited store arrives and yields pipeline
 * resources to the sibling hyperthread (Intel SDM Vol. 2B, PAUSE).
 */
static inline void lt_cpu_relax(void)
{
	__asm__ __volatile__("pause" ::: "memory");
}

/*
 * Plain RDTSC: the timebase only spreads or aligns thread start times, so
 * the few cycles by which an unserialised RDTSC may run ahead of older
 * instructions (Intel SDM Vol. 2B, RDTSC) do not matter.  RDTSCP or
 * LFENCE;RDTSC would wait for older instructions to complete and so widen
 * the very timing window a litmus kernel tries to keep narrow.
 */
static inline uint64_t lt_timebase(void)
{
	uint32_t lo, hi;

	__asm__ __volatile__("rdtsc" : "=a" (lo), "=d" (hi));
	return ((uint64_t)hi << 32) | lo;
}

/*
 * The fence vocabulary, one line per fence (as Concurrency Kit's ck_pr.h).
 * Under x86-TSO only MFENCE orders a store before a later load (Intel SDM
 * Vol. 3A, "Memory Ordering in P6 and More Recent Processor Families");
 * LFENCE and SFENCE only matter for non-temporal and
 * weakly ordered (WC) accesses, but kernels use the instruction a test
 * names, so all three exist.
 */
#define LT_FENCE(name, insn)						\
	static inline void lt_fence_##name(void)			\
	{								\
		__asm__ __volatile__(insn ::: "memory");		\
	}

LT_FENCE(full, "mfence")
LT_FENCE(load, "lfence")
LT_FENCE(store, "sfence")
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
#define LT_HAVE_MFENCE		1
#define LT_HAVE_LFENCE		1
#define LT_HAVE_SFENCE		1
#define LT_HAVE_LOCK_PREFIX	1
#define LT_HAVE_DMB		0
#define LT_HAVE_DSB		0
#define LT_HAVE_ISB		0
#define LT_HAVE_SYNC		0
#define LT_HAVE_LWSYNC		0
#define LT_HAVE_ISYNC		0
#define LT_HAVE_EIEIO		0
#define LT_HAVE_FENCE_RW	0
#define LT_HAVE_FENCE_TSO	0
#define LT_HAVE_TIMEBASE	1

#endif /* LT_ARCH_X86_64_KERNEL_H */
