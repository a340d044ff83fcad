/* SPDX-License-Identifier: MIT */
/*
 * RISC-V (RV64) helpers for generated kernels and the runtime: cache-line
 * size, spin-wait hint, timebase, fences and feature macros.  Every
 * arch/<isa>/kernel.h defines the same names, so two arch files diff cleanly.
 */
#ifndef LT_ARCH_RISCV64_KERNEL_H
#define LT_ARCH_RISCV64_KERNEL_H

#include <stdint.h>

#define LT_ARCH_NAME "riscv64"

/*
 * The ISA does not fix a line size (Zicbom only reports its cache-block
 * size through the device tree), but the RV64 application cores shipped so
 * far (SiFive U74/P550, T-Head C910, SpacemiT X60) use 64-byte lines, and
 * Linux's riscv L1_CACHE_SHIFT is 6.  Build with -DLT_CACHE_LINE=128 for a
 * core with larger lines.
 */
#ifndef LT_CACHE_LINE
#define LT_CACHE_LINE 64
#endif

/*
 * PAUSE (Zihintpause) lowers the hart's instruction retirement rate in a
 * spin-wait loop (Unprivileged ISA, "Zihintpause").  It is encoded as
 * FENCE with pred=W, succ=0 (0x0100000f), a HINT that orders nothing, so
 * cores without the extension run it as a no-op; assemblers that do not
 * know the extension (GNU as needs it in -march) get the same word
 * through .insn.
 */
static inline void lt_cpu_relax(void)
{
#if defined(__riscv_zihintpause)
	__asm__ __volatile__("pause" ::: "memory");
#else
	__asm__ __volatile__(".insn i 0x0f, 0, x0, x0, 0x010" ::: "memory");
#endif
}

/*
 * rdtime reads the time CSR (Zicntr), which Linux lets user mode read;
 * rdcycle is not used because Linux 6.6 and later deny it to user mode
 * by default.  Not serialising, which is what we want (see x86_64).
 */
static inline uint64_t lt_timebase(void)
{
	uint64_t t;

	__asm__ __volatile__("rdtime %0" : "=r" (t));
	return t;
}

/*
 * The fence vocabulary, one line per fence (as Concurrency Kit's ck_pr.h),
 * the mappings of Linux's smp_*() barriers and of the Unprivileged ISA's
 * Table A.6 ("Mappings from C/C++ primitives to RISC-V primitives"):
 * - full: fence rw,rw orders every earlier access before every later one,
 *   the only fence here that orders a store before a later load.
 * - load: fence r,r; store: fence w,w.
 * The i/o bits are left out: kernels touch ordinary memory only.
 */
#define LT_FENCE(name, insn)						\
	static inline void lt_fence_##name(void)			\
	{								\
		__asm__ __volatile__(insn ::: "memory");		\
	}

LT_FENCE(full, "fence rw,rw")
LT_FENCE(load, "fence r,r")
LT_FENCE(store, "fence w,w")
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
#define LT_HAVE_SYNC		0
#define LT_HAVE_LWSYNC		0
#define LT_HAVE_ISYNC		0
#define LT_HAVE_EIEIO		0
#define LT_HAVE_FENCE_RW	1
#define LT_HAVE_FENCE_TSO	1
#define LT_HAVE_TIMEBASE	1

#endif /* LT_ARCH_RISCV64_KERNEL_H */
