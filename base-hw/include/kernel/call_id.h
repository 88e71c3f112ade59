/*
 * Kernel call numbers (passed in r0 on ARM).
 *
 * Common calls are open to every thread; capability arguments are ids in
 * the caller's PD. Core-only calls take pointers to kernel objects in core's
 * address space and are refused for any thread outside core's PD.
 */
#pragma once

enum kernel_call_id {
	/* common calls */
	KCALL_PRINT        = 1, /* (char): line-buffered debug output */
	KCALL_THREAD_YIELD = 2, /* give up the rest of the current claim or slice */
	KCALL_THREAD_EXIT  = 3, /* (code): stop for good, the pager learns the code */
	KCALL_TIME         = 4, /* -> r0:r1 monotonic time in microseconds */
	KCALL_RPC_CALL     = 5, /* (cap, rcv_caps, names): send UTCB message, block for reply */
	KCALL_RPC_WAIT     = 6, /* (rcv_caps): wait for the next request */
	KCALL_RPC_REPLY    = 7, /* (): answer the current request */
	KCALL_RPC_REPLY_AND_WAIT = 8,  /* (rcv_caps, names): answer, then wait */
	KCALL_SIG_SUBMIT         = 9,  /* (ctx cap, n) */
	KCALL_SIG_WAIT           = 10, /* (receiver cap) -> UTCB: struct sig_delivery */
	KCALL_SIG_PENDING        = 11, /* (receiver cap): like wait, never blocks */
	KCALL_SIG_ACK            = 12, /* (ctx cap) */
	KCALL_SIG_KILL           = 13, /* (ctx cap): waits until an outstanding delivery is acked */
	KCALL_CAP_ACK            = 14, /* (cap): a received name is taken over */
	KCALL_CAP_DELETE         = 15, /* (cap): drop a name */
	KCALL_THREAD_STOP        = 16, /* (): block until restarted by a thread of the same PD */
	KCALL_THREAD_RESTART     = 17, /* (thread cap) */
	KCALL_TIMEOUT            = 18, /* (us, ctx cap): one-shot timeout signal, us 0 cancels */
	KCALL_THREAD_TIME        = 19, /* -> r0:r1 CPU time charged to the caller, microseconds */
	KCALL_CACHE_CLEAN_INV    = 20, /* (base, size): write back and invalidate data cache */
	KCALL_CACHE_INV = 21, /* (base, size): discard data cache lines (needs write access) */
	KCALL_CACHE_COHERENT =
	    22,             /* (base, size): make written code visible to instruction fetch */
	KCALL_TIME_NS = 23, /* -> r0:r1 monotonic time in ns, at the board timer's resolution */
	KCALL_SIG_ACK_WAIT = 24, /* (ctx cap, receiver cap): acknowledge the context's delivery,
	                            then wait at the receiver (both checked before either) */
	KCALL_COMMON_LAST  = 24,

	/* core-only calls */
	KCALL_CORE_FIRST       = 64,
	KCALL_PD_CREATE        = 64, /* (pd*, ttbr0_phys) */
	KCALL_PD_DESTROY       = 65, /* (pd*) */
	KCALL_PD_CAP_SLAB      = 66, /* (pd*, struct cap_slab*): more names for a PD */
	KCALL_THREAD_CREATE    = 67, /* (thread*, pd*, priority, name*, utcb*) */
	KCALL_THREAD_DESTROY   = 68, /* (thread*) */
	KCALL_THREAD_START     = 69, /* (thread*, ip, sp, utcb): utcb in r0 and TPIDRURO */
	KCALL_THREAD_PAUSE     = 70, /* (thread*) */
	KCALL_THREAD_RESUME    = 71, /* (thread*) */
	KCALL_THREAD_PAGER     = 72, /* (thread*, sig_context*): faults and exit signalled there */
	KCALL_THREAD_PAGER_ACK = 73, /* (thread*, restart): fault handled, optionally resume */
	KCALL_THREAD_REGS      = 74, /* (thread*, struct cpu_regs* out) */
	KCALL_THREAD_QUOTA     = 75, /* (thread*, us per super period) */
	KCALL_OBJ_CREATE       = 76, /* (identity*, kobject*): a new identity of an object */
	KCALL_OBJ_DESTROY      = 77, /* (identity*) */
	KCALL_CAP_INSERT       = 78, /* (pd*, identity*) -> r1 id: give a PD a name */
	KCALL_SIG_RECEIVER_CREATE  = 79, /* (receiver*) */
	KCALL_SIG_RECEIVER_DESTROY = 80, /* (receiver*) */
	KCALL_SIG_CONTEXT_CREATE   = 81, /* (context*, receiver*, imprint) */
	KCALL_SIG_CONTEXT_DESTROY  = 82, /* (context*) */
	KCALL_IRQ_CREATE           = 83, /* (irq*, line, context*) */
	KCALL_IRQ_DESTROY          = 84, /* (irq*) */
	KCALL_CAP_DELEGATE         = 85, /* (pd*, core's cap id) -> r1 id: the PD's name of the
	                                    identity core names so (e.g. a parent capability) */
	KCALL_PD_CAP_SLAB_REMOVE   = 86, /* (pd*) -> r1 slab*: the PD's last slab back if all
	                                    its names are free */
	KCALL_TRACE_START          = 87, /* (rings*, bytes per ring, cpus, flags): start the
	                                    kernel's trace (kernel/trace.h), once */
	KCALL_THREAD_CPU           = 88, /* (thread*, cpu index): its affinity, with its quota */
	KCALL_THREAD_CPU_TIME      = 89, /* (thread*, uint64_t* out): its CPU time in ticks, what
					    its CPU has not charged yet included */
	KCALL_CORE_LAST            = 89,
};

/* Which argument (1 or 2) of a common call is a capability id of the
 * caller's PD, 0 for none; arg1 decides for KCALL_TIMEOUT (0 us cancels
 * without naming a context). */
static inline unsigned kernel_call_cap_arg(unsigned id, unsigned arg1)
{
	switch (id) {
	case KCALL_RPC_CALL:
	case KCALL_SIG_SUBMIT:
	case KCALL_SIG_WAIT:
	case KCALL_SIG_PENDING:
	case KCALL_SIG_ACK:
	case KCALL_SIG_KILL:
	case KCALL_SIG_ACK_WAIT:
	case KCALL_CAP_ACK:
	case KCALL_CAP_DELETE:
	case KCALL_THREAD_RESTART: return 1;
	case KCALL_TIMEOUT: return arg1 ? 2 : 0;
	}
	return 0;
}

/*
 * The names argument of KCALL_RPC_CALL and KCALL_RPC_REPLY_AND_WAIT: which
 * names of the caller's last receive (by capability slot) it takes over
 * first, as cap_ack would, or drops, as cap_ack and then cap_delete would
 * (a dropped name stays set aside for the caller's next receive). Names
 * not in flight from that receive any more are left alone.
 */
#define KERNEL_NAME_ACK(slot)  (1u << (slot))
#define KERNEL_NAME_DROP(slot) (0x10u << (slot))
