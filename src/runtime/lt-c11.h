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
 *   arg) with the arguments the other way round: C11's keeps the name here,
 *   the kernel's fully ordered one is atomic_fetch_add_mb(i, v), and the
 *   code generated for a kernel test redefines the names (arch/c/gen.c).
 * - spin_lock/spin_unlock: a test-and-test-and-set lock, acquire exchange
 *   and release store, with spinlock_t an atomic_int (0: free).
 * - RCU and SRCU: liburcu-memb (below).
 * doc/kernel-userspace.md has the whole table.
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

/*
 * A fully ordered operation as the LKMM defines one: smp_mb(), the relaxed
 * operation, smp_mb().  __typeof__ does not evaluate its operand.
 */
#define lt_k_mb(e) ({							\
	__typeof__(e) lt_m_;						\
	smp_mb();							\
	lt_m_ = (e);							\
	smp_mb();							\
	lt_m_;								\
})

/* ---- exchange and compare-and-exchange on plain locations ---- */
#define xchg_relaxed(p, v)	__atomic_exchange_n((p), (v), __ATOMIC_RELAXED)
#define xchg_acquire(p, v)	__atomic_exchange_n((p), (v), __ATOMIC_ACQUIRE)
#define xchg_release(p, v)	__atomic_exchange_n((p), (v), __ATOMIC_RELEASE)
#define xchg(p, v)		lt_k_mb(xchg_relaxed((p), (v)))

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
#define cmpxchg(p, o, n)	lt_k_mb(cmpxchg_relaxed(p, o, n))

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

/*
 * The value-returning RMWs, by C11 order: fetch (the old value) and
 * op-fetch (the new one); andnot is and with the complement.
 */
#define lt_k_fetch_add(i, v, mo)	__atomic_fetch_add(&(v)->counter, (i), (mo))
#define lt_k_fetch_sub(i, v, mo)	__atomic_fetch_sub(&(v)->counter, (i), (mo))
#define lt_k_fetch_and(i, v, mo)	__atomic_fetch_and(&(v)->counter, (i), (mo))
#define lt_k_fetch_or(i, v, mo)		__atomic_fetch_or(&(v)->counter, (i), (mo))
#define lt_k_fetch_xor(i, v, mo)	__atomic_fetch_xor(&(v)->counter, (i), (mo))
#define lt_k_fetch_andnot(i, v, mo)	__atomic_fetch_and(&(v)->counter, ~(i), (mo))
#define lt_k_add_fetch(i, v, mo)	__atomic_add_fetch(&(v)->counter, (i), (mo))
#define lt_k_sub_fetch(i, v, mo)	__atomic_sub_fetch(&(v)->counter, (i), (mo))

/* Non-value-returning: relaxed (hence smp_mb__before/after_atomic above). */
#define atomic_add(i, v)	((void)lt_k_fetch_add((i), (v), __ATOMIC_RELAXED))
#define atomic_sub(i, v)	((void)lt_k_fetch_sub((i), (v), __ATOMIC_RELAXED))
#define atomic_and(i, v)	((void)lt_k_fetch_and((i), (v), __ATOMIC_RELAXED))
#define atomic_or(i, v)		((void)lt_k_fetch_or((i), (v), __ATOMIC_RELAXED))
#define atomic_xor(i, v)	((void)lt_k_fetch_xor((i), (v), __ATOMIC_RELAXED))
#define atomic_andnot(i, v)	((void)lt_k_fetch_andnot((i), (v), __ATOMIC_RELAXED))
#define atomic_inc(v)		atomic_add(1, (v))
#define atomic_dec(v)		atomic_sub(1, (v))

/* atomic_fetch_OP: the old value; no suffix is fully ordered (_mb here). */
#define atomic_fetch_add_relaxed(i, v)	lt_k_fetch_add((i), (v), __ATOMIC_RELAXED)
#define atomic_fetch_add_acquire(i, v)	lt_k_fetch_add((i), (v), __ATOMIC_ACQUIRE)
#define atomic_fetch_add_release(i, v)	lt_k_fetch_add((i), (v), __ATOMIC_RELEASE)
#define atomic_fetch_add_mb(i, v)	lt_k_mb(atomic_fetch_add_relaxed((i), (v)))
#define atomic_fetch_sub_relaxed(i, v)	lt_k_fetch_sub((i), (v), __ATOMIC_RELAXED)
#define atomic_fetch_sub_acquire(i, v)	lt_k_fetch_sub((i), (v), __ATOMIC_ACQUIRE)
#define atomic_fetch_sub_release(i, v)	lt_k_fetch_sub((i), (v), __ATOMIC_RELEASE)
#define atomic_fetch_sub_mb(i, v)	lt_k_mb(atomic_fetch_sub_relaxed((i), (v)))
#define atomic_fetch_and_relaxed(i, v)	lt_k_fetch_and((i), (v), __ATOMIC_RELAXED)
#define atomic_fetch_and_acquire(i, v)	lt_k_fetch_and((i), (v), __ATOMIC_ACQUIRE)
#define atomic_fetch_and_release(i, v)	lt_k_fetch_and((i), (v), __ATOMIC_RELEASE)
#define atomic_fetch_and_mb(i, v)	lt_k_mb(atomic_fetch_and_relaxed((i), (v)))
#define atomic_fetch_or_relaxed(i, v)	lt_k_fetch_or((i), (v), __ATOMIC_RELAXED)
#define atomic_fetch_or_acquire(i, v)	lt_k_fetch_or((i), (v), __ATOMIC_ACQUIRE)
#define atomic_fetch_or_release(i, v)	lt_k_fetch_or((i), (v), __ATOMIC_RELEASE)
#define atomic_fetch_or_mb(i, v)	lt_k_mb(atomic_fetch_or_relaxed((i), (v)))
#define atomic_fetch_xor_relaxed(i, v)	lt_k_fetch_xor((i), (v), __ATOMIC_RELAXED)
#define atomic_fetch_xor_acquire(i, v)	lt_k_fetch_xor((i), (v), __ATOMIC_ACQUIRE)
#define atomic_fetch_xor_release(i, v)	lt_k_fetch_xor((i), (v), __ATOMIC_RELEASE)
#define atomic_fetch_xor_mb(i, v)	lt_k_mb(atomic_fetch_xor_relaxed((i), (v)))
#define atomic_fetch_andnot_relaxed(i, v) lt_k_fetch_andnot((i), (v), __ATOMIC_RELAXED)
#define atomic_fetch_andnot_acquire(i, v) lt_k_fetch_andnot((i), (v), __ATOMIC_ACQUIRE)
#define atomic_fetch_andnot_release(i, v) lt_k_fetch_andnot((i), (v), __ATOMIC_RELEASE)
#define atomic_fetch_andnot(i, v)	lt_k_mb(atomic_fetch_andnot_relaxed((i), (v)))
#define atomic_fetch_inc_relaxed(v)	atomic_fetch_add_relaxed(1, (v))
#define atomic_fetch_inc_acquire(v)	atomic_fetch_add_acquire(1, (v))
#define atomic_fetch_inc_release(v)	atomic_fetch_add_release(1, (v))
#define atomic_fetch_inc(v)		atomic_fetch_add_mb(1, (v))
#define atomic_fetch_dec_relaxed(v)	atomic_fetch_sub_relaxed(1, (v))
#define atomic_fetch_dec_acquire(v)	atomic_fetch_sub_acquire(1, (v))
#define atomic_fetch_dec_release(v)	atomic_fetch_sub_release(1, (v))
#define atomic_fetch_dec(v)		atomic_fetch_sub_mb(1, (v))

/* atomic_OP_return: the new value. */
#define atomic_add_return_relaxed(i, v) lt_k_add_fetch((i), (v), __ATOMIC_RELAXED)
#define atomic_add_return_acquire(i, v) lt_k_add_fetch((i), (v), __ATOMIC_ACQUIRE)
#define atomic_add_return_release(i, v) lt_k_add_fetch((i), (v), __ATOMIC_RELEASE)
#define atomic_add_return(i, v)		lt_k_mb(atomic_add_return_relaxed((i), (v)))
#define atomic_sub_return_relaxed(i, v) lt_k_sub_fetch((i), (v), __ATOMIC_RELAXED)
#define atomic_sub_return_acquire(i, v) lt_k_sub_fetch((i), (v), __ATOMIC_ACQUIRE)
#define atomic_sub_return_release(i, v) lt_k_sub_fetch((i), (v), __ATOMIC_RELEASE)
#define atomic_sub_return(i, v)		lt_k_mb(atomic_sub_return_relaxed((i), (v)))
#define atomic_inc_return_relaxed(v)	atomic_add_return_relaxed(1, (v))
#define atomic_inc_return_acquire(v)	atomic_add_return_acquire(1, (v))
#define atomic_inc_return_release(v)	atomic_add_return_release(1, (v))
#define atomic_inc_return(v)		atomic_add_return(1, (v))
#define atomic_dec_return_relaxed(v)	atomic_sub_return_relaxed(1, (v))
#define atomic_dec_return_acquire(v)	atomic_sub_return_acquire(1, (v))
#define atomic_dec_return_release(v)	atomic_sub_return_release(1, (v))
#define atomic_dec_return(v)		atomic_sub_return(1, (v))

/* Tests of the new value: fully ordered. */
#define atomic_sub_and_test(i, v)	(atomic_sub_return((i), (v)) == 0)
#define atomic_dec_and_test(v)		(atomic_dec_return(v) == 0)
#define atomic_inc_and_test(v)		(atomic_inc_return(v) == 0)
#define atomic_add_negative_relaxed(i, v) (atomic_add_return_relaxed((i), (v)) < 0)
#define atomic_add_negative_acquire(i, v) (atomic_add_return_acquire((i), (v)) < 0)
#define atomic_add_negative_release(i, v) (atomic_add_return_release((i), (v)) < 0)
#define atomic_add_negative(i, v)	(atomic_add_return((i), (v)) < 0)

/*
 * atomic_add_unless(v, a, u): add a unless the value is u; whether it
 * added.  The kernel orders only a success fully; here both outcomes are
 * between two smp_mb().
 */
#define atomic_add_unless(v, a, u) ({					\
	int lt_u_ = atomic_read(v);					\
	bool lt_ok_ = false;						\
	smp_mb();							\
	while (lt_u_ != (u)) {						\
		if (__atomic_compare_exchange_n(&(v)->counter, &lt_u_,	\
						lt_u_ + (a), false,	\
						__ATOMIC_RELAXED,	\
						__ATOMIC_RELAXED)) {	\
			lt_ok_ = true;					\
			break;						\
		}							\
	}								\
	smp_mb();							\
	lt_ok_;								\
})

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

/*
 * A test-and-test-and-set lock: acquire exchange, release store; 0 free.
 * spin_trylock writes only when it saw the lock free (a failed trylock of
 * the kernel writes nothing either); its exchange is acquire, a failed one
 * a relaxed read.  spin_is_locked: a relaxed read, as the kernel's.
 */
#define spin_lock(l) do {						\
	while (atomic_exchange_explicit((l), 1, memory_order_acquire))	\
		while (atomic_load_explicit((l), memory_order_relaxed))	\
			;						\
} while (0)
#define spin_trylock(l)							\
	(!atomic_load_explicit((l), memory_order_relaxed) &&		\
	 !atomic_exchange_explicit((l), 1, memory_order_acquire))
#define spin_unlock(l)	atomic_store_explicit((l), 0, memory_order_release)
#define spin_is_locked(l) (atomic_load_explicit((l), memory_order_relaxed) != 0)
#define smp_mb__after_spinlock()	smp_mb()
#define smp_mb__after_unlock_lock()	smp_mb()

/* ---- smp_store_mb, RCU pointers ---- */
#define smp_store_mb(x, v) do {						\
	WRITE_ONCE(x, v);						\
	smp_mb();							\
} while (0)
/*
 * rcu_dereference: the LKMM orders what depends on its address; C11
 * promises that only of consume, which compilers implement as acquire:
 * an acquire load, never weaker.  rcu_assign_pointer: a release store.
 */
#define rcu_dereference(p)	__atomic_load_n(&(p), __ATOMIC_ACQUIRE)
#define rcu_assign_pointer(p, v) __atomic_store_n(&(p), (v), __ATOMIC_RELEASE)

/*
 * ---- RCU and SRCU: liburcu's memb flavour (doc/kernel-userspace.md) ----
 *
 * Read side: urcu_memb_read_lock/unlock, compiler barriers on the reader
 * as the kernel's (non-preemptible) rcu_read_lock; a grace period
 * (synchronize_rcu) waits for every reader and makes each reader's CPU
 * execute a full barrier by membarrier(2), as the kernel's does by its
 * quiescent states.  Where membarrier is missing liburcu puts full fences
 * in the readers instead: stronger, never weaker.
 *
 * A reader must be registered with liburcu.  The runtime's threads know
 * nothing of RCU, so a thread registers itself on its first read-side
 * lock, and a thread-specific key unregisters it when it exits (the
 * worker threads of each run end before their cells are freed, and a
 * grace period must not read the state of a thread that is gone).
 * synchronize_rcu needs no registration.
 *
 * The harness never waits with a critical section open: a test's body,
 * where each lock has its unlock (arch/c/gen.c refuses bodies where it
 * does not, or that call a synchronize inside their own critical
 * section), is one call between two iteration barriers.
 *
 * SRCU: srcu_read_lock/unlock are RCU readers and synchronize_srcu an RCU
 * grace period.  A grace period of every domain waits for at least the
 * readers of its own domain, which is all SRCU promises; the index read
 * and written back is the srcu_struct's cell, as herd models it.
 */
struct srcu_struct {
	int lt_srcu_idx;
};
_Static_assert(sizeof(struct srcu_struct) == sizeof(int), "srcu_struct is not an int");

#define smp_mb__after_srcu_read_unlock() smp_mb()

#ifdef LT_HAVE_URCU
#include <pthread.h>

/* liburcu-memb's API (urcu/urcu-memb.h), without that header's macros */
extern void urcu_memb_read_lock(void);
extern void urcu_memb_read_unlock(void);
extern void urcu_memb_synchronize_rcu(void);
extern void urcu_memb_register_thread(void);
extern void urcu_memb_unregister_thread(void);

static __thread int lt_rcu_registered;
static pthread_key_t lt_rcu_key;
static pthread_once_t lt_rcu_once = PTHREAD_ONCE_INIT;

static inline void lt_rcu_exit(void *arg)
{
	(void)arg;
	urcu_memb_unregister_thread();
}

static inline void lt_rcu_key_create(void)
{
	if (pthread_key_create(&lt_rcu_key, lt_rcu_exit))
		__builtin_trap();	/* no key: a reader could not leave */
}

static inline void lt_rcu_read_lock(void)
{
	if (__builtin_expect(!lt_rcu_registered, 0)) {
		pthread_once(&lt_rcu_once, lt_rcu_key_create);
		urcu_memb_register_thread();
		pthread_setspecific(lt_rcu_key, (void *)1);
		lt_rcu_registered = 1;
	}
	urcu_memb_read_lock();
}

#define rcu_read_lock()		lt_rcu_read_lock()
#define rcu_read_unlock()	urcu_memb_read_unlock()
/* the LKMM's synchronize_rcu is also a strong fence: smp_mb on both sides */
#define synchronize_rcu()	do { smp_mb(); urcu_memb_synchronize_rcu(); smp_mb(); } while (0)
#else
/*
 * No liburcu for this kernel (litmus-run built without it, or a kernel for
 * another machine): a test calling RCU does not compile, with this message,
 * rather than run without grace periods.
 */
extern void lt_rcu_unavailable(void)
	__attribute__((error("RCU needs liburcu-memb, which this kernel cannot "
			     "link (litmus-run built without liburcu-dev, or a "
			     "kernel for another machine)")));
#define rcu_read_lock()		lt_rcu_unavailable()
#define rcu_read_unlock()	lt_rcu_unavailable()
#define synchronize_rcu()	lt_rcu_unavailable()
#endif

#define synchronize_rcu_expedited()	synchronize_rcu()
#define srcu_read_lock(s) ({						\
	rcu_read_lock();						\
	__atomic_load_n(&(s)->lt_srcu_idx, __ATOMIC_RELAXED);		\
})
#define srcu_read_unlock(s, i) do {					\
	__atomic_store_n(&(s)->lt_srcu_idx, (i), __ATOMIC_RELAXED);	\
	rcu_read_unlock();						\
} while (0)
#define srcu_down_read(s)	srcu_read_lock(s)
#define srcu_up_read(s, i)	srcu_read_unlock((s), (i))
#define synchronize_srcu(s)	do { (void)(s); synchronize_rcu(); } while (0)
#define synchronize_srcu_expedited(s) synchronize_srcu(s)

#endif /* LT_C11_H */
