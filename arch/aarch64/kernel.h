/* SPDX-License-Identifier: MIT */
/*
 * AArch64 helpers for generated kernels and the runtime: cache-line size,
 * spin-wait hint, timebase, fences and feature macros.  Every arch/<isa>/
 * kernel.h defines the same names, so two arch files diff cleanly.
 */
#ifndef LT_ARCH_AARCH64_KERNEL_H
#define LT_ARCH_AARCH64_KERNEL_H

#include <stdint.h>

#define LT_ARCH_NAME "aarch64"

/*
 * 64 bytes is the data cache line of the Cortex-A and Neoverse cores (the
 * size CTR_EL0.DminLine reports there; Arm ARM D23.2, CTR_EL0).  Some
 * implementations use 128 (Apple M1, ThunderX2), and the exclusives
 * reservation granule (CTR_EL0.ERG) can be up to 2KB, so two cells on
 * one granule may make a STXR fail without changing which outcomes are
 * possible.  As on x86_64 we keep 64 so that more iterations fit the
 * caches and TLB; build with -DLT_CACHE_LINE=128 to compare.
 */
#ifndef LT_CACHE_LINE
#define LT_CACHE_LINE 64
#endif

/*
 * The test's instructions reach GNU as verbatim, and CAS, SWP and the
 * LD<op>/ST<op> atomics are ARMv8.1 LSE, LDAPR is ARMv8.3 RCpc: without
 * -march=armv8.3-a the assembler rejects them.  Enabling the extensions
 * for the assembler only, instead of through -march, keeps the compiler
 * from using them in the runtime, so a kernel that names no LSE
 * instruction still runs on an ARMv8.0 core.  GCC outputs top-level asm
 * before any function.
 */
__asm__(".arch_extension lse\n\t.arch_extension rcpc");

/*
 * YIELD hints that the thread is spinning so that a multithreaded core can
 * favour its other threads (Arm ARM C6.2, YIELD); it is what Linux's arm64
 * cpu_relax() uses.  On most cores it executes as a NOP.
 */
static inline void lt_cpu_relax(void)
{
	__asm__ __volatile__("yield" ::: "memory");
}

/*
 * The virtual count, readable from EL0 under Linux.  No ISB before the MRS:
 * counter reads "can occur speculatively and out of order relative to
 * other instructions" (Arm ARM, "The Generic Timer in AArch64 state"),
 * which does not matter when the value only spreads or aligns thread start
 * times; an ISB would drain the pipeline and widen the very window a
 * litmus kernel tries to keep narrow, exactly as LFENCE would before
 * RDTSC on x86_64.
 */
static inline uint64_t lt_timebase(void)
{
	uint64_t t;

	__asm__ __volatile__("mrs %0, cntvct_el0" : "=r" (t));
	return t;
}

/*
 * The fence vocabulary, one line per fence (as Concurrency Kit's ck_pr.h).
 * The inner shareable domain holds every PE that runs one Linux kernel
 * (Arm ARM B2, "Shareability attributes"), so DMB ISH orders everything the test's threads see,
 * as Linux's smp_mb() does; ISHLD orders earlier loads against later loads
 * and stores, ISHST stores against stores (Arm ARM C6.2, DMB).
 */
#define LT_FENCE(name, insn)						\
	static inline void lt_fence_##name(void)			\
	{								\
		__asm__ __volatile__(insn ::: "memory");		\
	}

LT_FENCE(full, "dmb ish")
LT_FENCE(load, "dmb ishld")
LT_FENCE(store, "dmb ishst")
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
#define LT_HAVE_DMB		1
#define LT_HAVE_DSB		1
#define LT_HAVE_ISB		1
#define LT_HAVE_SYNC		0
#define LT_HAVE_LWSYNC		0
#define LT_HAVE_ISYNC		0
#define LT_HAVE_EIEIO		0
#define LT_HAVE_FENCE_RW	0
#define LT_HAVE_FENCE_TSO	0
#define LT_HAVE_TIMEBASE	1

#endif /* LT_ARCH_AARCH64_KERNEL_H */
