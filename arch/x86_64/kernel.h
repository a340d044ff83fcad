/* SPDX-License-Identifier: MIT */
/*
 * x86_64 facts for the runtime: the names arch/arch.h lists, nothing
 * else (kernels write their fences in their own asm).
 */
#ifndef LT_ARCH_X86_64_KERNEL_H
#define LT_ARCH_X86_64_KERNEL_H

#include <stdint.h>

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

#endif /* LT_ARCH_X86_64_KERNEL_H */
