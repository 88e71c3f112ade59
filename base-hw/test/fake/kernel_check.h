/*
 * Invariant checker of the kernel's whole state, for the host fuzz harness
 * (base-hw/test/fuzz) and for unit tests: the caller names every object it
 * gave the kernel (a closed world), and the checker walks the kernel's
 * global state and each object and verifies that
 *
 * - every list is intact (links agree both ways, no cycle) and holds only
 *   objects of the world;
 * - the scheduler's queues agree with the threads' states (a share is ready
 *   iff its executor is ACTIVE and not paused; claim lists hold ready
 *   claimants of their priority; quotas add up and fit the super period);
 * - each thread's IPC, signal, kill, timeout and pager links match its state;
 * - each capability space's free count matches its free list and its FREE
 *   names, reserved names belong to threads of its PD, every LIVE name is
 *   on its identity's list, one name per PD and identity, badges are the
 *   owner PD's names;
 * - identities and their objects point at each other;
 * - signal receivers' pending and waiter queues, contexts' bindings, IRQ
 *   bindings, kill and pager references agree;
 * - ASIDs are allocated once per active user PD.
 *
 * Checking changes nothing. It does not use cmocka, so that the fuzzer can
 * call it without a running test.
 */
#pragma once

struct pd;
struct thread;
struct identity;
struct sig_receiver;
struct sig_context;
struct irq;

struct kernel_world {
	struct pd *const *pds; /* including the kernel's core PD */
	unsigned pd_count;
	struct thread *const *threads; /* all but the idle thread, including core's */
	unsigned thread_count;
	struct identity *const *ids;
	unsigned id_count;
	struct sig_receiver *const *receivers;
	unsigned receiver_count;
	struct sig_context *const *contexts;
	unsigned context_count;
	struct irq *const *irqs;
	unsigned irq_count;
};

/* NULL if every invariant holds, else a description of the first broken one
 * (in a static buffer, valid until the next call). */
const char *kernel_check(const struct kernel_world *w);
