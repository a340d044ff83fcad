/* SPDX-License-Identifier: MIT */
/*
 * Choose the kernel header of the architecture being compiled for.  The
 * choice follows the compiler's own macros (as liburcu's urcu/arch.h does)
 * rather than a configure-time symlink, so one installed tree serves every
 * cross compiler.
 *
 * Each arch/<isa>/kernel.h defines exactly these, for the runtime:
 * - LT_CACHE_LINE: the coherence unit, which spaces the test's cells
 *   (overridable with -DLT_CACHE_LINE=N);
 * - lt_cpu_relax(): the spin-wait hint of busy waits;
 * - lt_timebase(): a user-readable cycle counter, for --sync=timebase;
 * and whatever the assembler needs to accept the ISA's instructions.
 * Generated kernels name their instructions and fences in their own asm.
 */
#ifndef LT_ARCH_H
#define LT_ARCH_H

#if defined(__x86_64__)
#include "x86_64/kernel.h"
#elif defined(__aarch64__)
#include "aarch64/kernel.h"
#elif defined(__powerpc64__)
#include "ppc64le/kernel.h"
#elif defined(__riscv) && __riscv_xlen == 64
#include "riscv64/kernel.h"
#else
#error "litmus-run: unsupported architecture, see arch/arch.h"
#endif

#endif /* LT_ARCH_H */
