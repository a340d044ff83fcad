/* SPDX-License-Identifier: MIT */
/*
 * AArch64 facts for the runtime: the names arch/arch.h lists, nothing
 * else (kernels write their fences in their own asm).
 */
#ifndef LT_ARCH_AARCH64_KERNEL_H
#define LT_ARCH_AARCH64_KERNEL_H

#include <stdint.h>

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

#endif /* LT_ARCH_AARCH64_KERNEL_H */
