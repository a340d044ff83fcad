/* SPDX-License-Identifier: MIT */
/*
 * What the threads of a C litmus test may call: C11 <stdatomic.h> as is, and
 * the Linux-kernel primitives of herd's Linux-kernel tests mapped to
 * userspace equivalents that are never weaker than the kernel's.
 *
 * Mapping rules, and why:
 * - Marked accesses (READ_ONCE, WRITE_ONCE) are relaxed atomics
 *   (__atomic_* builtins with __ATOMIC_RELAXED): the Linux-kernel memory
 *   model (LKMM) treats them as such, the compiler may neither tear, fuse nor
 *   invent them, and racing on them is not undefined behaviour.  They compile
 *   to plain loads and stores on every arch.
 * - Fences are C11 fences.  smp_mb() is atomic_thread_fence(seq_cst):
 *   x86-64 MFENCE (or a locked instruction to the stack), AArch64 DMB ISH,
 *   POWER sync, RISC-V fence rw,rw, as the kernel's own smp_mb().
 *   smp_rmb() is an acquire fence: x86-64 nothing (a compiler barrier),
 *   AArch64 DMB ISHLD, POWER lwsync, RISC-V fence r,rw (the kernel: the
 *   same, but fence r,r on RISC-V).  smp_wmb() is a release fence: x86-64
 *   nothing, AArch64 DMB ISH (the kernel: DMB ISHST), POWER lwsync, RISC-V
 *   fence rw,w (the kernel: fence w,w).  Where C11 has nothing as narrow as
 *   the kernel's barrier we take the next stronger one, so a test can show
 *   less reordering than on a kernel, never more.
 * - Fully ordered read-modify-writes (xchg, cmpxchg, atomic_xchg,
 *   atomic_cmpxchg, atomic_add_return, atomic_fetch_add_mb...) are, as the
 *   LKMM defines them, a relaxed RMW between two smp_mb(); the _relaxed,
 *   _acquire and _release variants use that memory order alone.
 *   Non-value-returning atomics (atomic_add, atomic_inc, ...) are relaxed,
 *   which is why smp_mb__before_atomic()/smp_mb__after_atomic() are full
 *   fences here (the kernel elides them where its RMWs are already full
 *   barriers, as on x86).
 * - Linux's atomic_fetch_add(i, v) has the name of C11's atomic_fetch_add(obj,
 *   arg) with the arguments the other way round: C11's keeps the name, and
 *   the kernel's fully ordered one is atomic_fetch_add_mb(i, v).
 * - spin_lock/spin_unlock: a test-and-set lock, acquire exchange and release
 *   store, with spinlock_t an atomic_int (0: free).
 *
 * Everything a macro declares is named lt_*: the parser rejects such names
 * in a test, so a macro's temporaries never capture a test's variables.
 */
#ifndef LT_C11_H
#define LT_C11_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

/*
 * How a thread function is declared (arch/c/gen.c says why): out of line
 * and opaque to the optimiser across calls, so no iteration's work merges
 * into another's.
 */
#if defined(__clang__)
#define LT_C_THREAD __attribute__((noinline))
#elif defined(__GNUC__)
#define LT_C_THREAD __attribute__((noipa))
#else
#define LT_C_THREAD
#endif

/* A compiler barrier: no memory access moves across it; no instruction. */
#define LT_C_COMPILER_BARRIER() __asm__ __volatile__("" ::: "memory")

/* A location cell holds any of these: the same size as their plain types. */
_Static_assert(sizeof(atomic_int) == sizeof(int), "atomic_int is not an int");
_Static_assert(sizeof(atomic_long) == sizeof(long), "atomic_long is not a long");

/* Linux kernel fixed-width types. */
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

/* ---- marked accesses ---- */
#define READ_ONCE(x)		__atomic_load_n(&(x), __ATOMIC_RELAXED)
#define WRITE_ONCE(x, v)	__atomic_store_n(&(x), (v), __ATOMIC_RELAXED)
#define smp_load_acquire(p)	__atomic_load_n((p), __ATOMIC_ACQUIRE)
#define smp_store_release(p, v)	__atomic_store_n((p), (v), __ATOMIC_RELEASE)

/* ---- fences ---- */
#define smp_mb()		atomic_thread_fence(memory_order_seq_cst)
#define smp_rmb()		atomic_thread_fence(memory_order_acquire)
#define smp_wmb()		atomic_thread_fence(memory_order_release)
#define smp_mb__before_atomic()	smp_mb()
#define smp_mb__after_atomic()	smp_mb()
#define barrier()		LT_C_COMPILER_BARRIER()

/* ---- exchange and compare-and-exchange on plain locations ---- */
#define xchg_relaxed(p, v)	__atomic_exchange_n((p), (v), __ATOMIC_RELAXED)
#define xchg_acquire(p, v)	__atomic_exchange_n((p), (v), __ATOMIC_ACQUIRE)
#define xchg_release(p, v)	__atomic_exchange_n((p), (v), __ATOMIC_RELEASE)
#define xchg(p, v) ({							\
	__typeof__(*(p)) lt_x_;						\
	smp_mb();							\
	lt_x_ = __atomic_exchange_n((p), (v), __ATOMIC_RELAXED);	\
	smp_mb();							\
	lt_x_;								\
})

/* cmpxchg returns the value it found; it stored `n` iff that equals `o`. */
#define lt_cmpxchg_mo(p, o, n, mo) ({					\
	__typeof__(*(p)) lt_o_ = (o);					\
	__atomic_compare_exchange_n((p), &lt_o_, (n), false, (mo),	\
				    __ATOMIC_RELAXED);			\
	lt_o_;								\
})
#define cmpxchg_relaxed(p, o, n) lt_cmpxchg_mo(p, o, n, __ATOMIC_RELAXED)
#define cmpxchg_acquire(p, o, n) lt_cmpxchg_mo(p, o, n, __ATOMIC_ACQUIRE)
#define cmpxchg_release(p, o, n) lt_cmpxchg_mo(p, o, n, __ATOMIC_RELEASE)
#define cmpxchg(p, o, n) ({						\
	__typeof__(*(p)) lt_c_;						\
	smp_mb();							\
	lt_c_ = lt_cmpxchg_mo(p, o, n, __ATOMIC_RELAXED);		\
	smp_mb();							\
	lt_c_;								\
})

/* ---- atomic_t ---- */
typedef struct {
	int counter;
} atomic_t;
_Static_assert(sizeof(atomic_t) == sizeof(int), "atomic_t is not an int");

#define ATOMIC_INIT(i)		{ (i) }
#define atomic_read(v)		READ_ONCE((v)->counter)
#define atomic_set(v, i)	WRITE_ONCE((v)->counter, (i))
#define atomic_read_acquire(v)	smp_load_acquire(&(v)->counter)
#define atomic_set_release(v, i) smp_store_release(&(v)->counter, (i))
#define atomic_add(i, v)	((void)__atomic_fetch_add(&(v)->counter, (i), __ATOMIC_RELAXED))
#define atomic_sub(i, v)	((void)__atomic_fetch_sub(&(v)->counter, (i), __ATOMIC_RELAXED))
#define atomic_inc(v)		atomic_add(1, (v))
#define atomic_dec(v)		atomic_sub(1, (v))
#define atomic_fetch_add_relaxed(i, v) __atomic_fetch_add(&(v)->counter, (i), __ATOMIC_RELAXED)
#define atomic_fetch_add_acquire(i, v) __atomic_fetch_add(&(v)->counter, (i), __ATOMIC_ACQUIRE)
#define atomic_fetch_add_release(i, v) __atomic_fetch_add(&(v)->counter, (i), __ATOMIC_RELEASE)
#define atomic_fetch_add_mb(i, v) ({					\
	int lt_f_;							\
	smp_mb();							\
	lt_f_ = atomic_fetch_add_relaxed((i), (v));			\
	smp_mb();							\
	lt_f_;								\
})
#define atomic_add_return_relaxed(i, v) (atomic_fetch_add_relaxed((i), (v)) + (i))
#define atomic_add_return(i, v)	(atomic_fetch_add_mb((i), (v)) + (i))
#define atomic_inc_return(v)	atomic_add_return(1, (v))
#define atomic_xchg_relaxed(v, i) xchg_relaxed(&(v)->counter, (i))
#define atomic_xchg_acquire(v, i) xchg_acquire(&(v)->counter, (i))
#define atomic_xchg_release(v, i) xchg_release(&(v)->counter, (i))
#define atomic_xchg(v, i)	xchg(&(v)->counter, (i))
#define atomic_cmpxchg_relaxed(v, o, n) cmpxchg_relaxed(&(v)->counter, (o), (n))
#define atomic_cmpxchg_acquire(v, o, n) cmpxchg_acquire(&(v)->counter, (o), (n))
#define atomic_cmpxchg_release(v, o, n) cmpxchg_release(&(v)->counter, (o), (n))
#define atomic_cmpxchg(v, o, n)	cmpxchg(&(v)->counter, (o), (n))

/* ---- spinlocks ---- */
typedef atomic_int spinlock_t;

#define spin_lock(l) do {						\
	while (atomic_exchange_explicit((l), 1, memory_order_acquire))	\
		while (atomic_load_explicit((l), memory_order_relaxed))	\
			;						\
} while (0)
#define spin_trylock(l)	(!atomic_exchange_explicit((l), 1, memory_order_acquire))
#define spin_unlock(l)	atomic_store_explicit((l), 0, memory_order_release)

#endif /* LT_C11_H */
