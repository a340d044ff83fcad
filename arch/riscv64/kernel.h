/* SPDX-License-Identifier: MIT */
/*
 * RISC-V (RV64) facts for the runtime: the names arch/arch.h lists, nothing
 * else (kernels write their fences in their own asm).
 */
#ifndef LT_ARCH_RISCV64_KERNEL_H
#define LT_ARCH_RISCV64_KERNEL_H

#include <stdint.h>

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

#endif /* LT_ARCH_RISCV64_KERNEL_H */
