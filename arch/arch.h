/* SPDX-License-Identifier: MIT */
/*
 * Choose the kernel header of the architecture being compiled for.  The
 * choice follows the compiler's own macros (as liburcu's urcu/arch.h does)
 * rather than a configure-time symlink, so one installed tree serves every
 * cross compiler; the macro tests are arch/arches.def's, which names the
 * chosen row LT_ARCH_NATIVE.
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

#include "arches.def"

#ifndef LT_ARCH_NATIVE
#error "litmus-run: unsupported architecture, see arch/arches.def"
#endif

/* "<id>/kernel.h", the id expanded first. */
#define LT_ARCH_STR_(x) #x
#define LT_ARCH_KERNEL_H_(id) LT_ARCH_STR_(id/kernel.h)
#define LT_ARCH_KERNEL_H(id) LT_ARCH_KERNEL_H_(id)
#include LT_ARCH_KERNEL_H(LT_ARCH_NATIVE)

#endif /* LT_ARCH_H */
