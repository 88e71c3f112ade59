/*
 * Thread: an execution context with a register frame, a UTCB, a scheduling
 * share, IPC and signal wait state, and a pager (a signal context that
 * learns about its faults and its exit).
 *
 * States and transitions:
 *   (zeroed) --create--> CREATED --start--> ACTIVE
 *   ACTIVE --rpc_call--> AWAITS_REPLY --reply/partner destroyed--> ACTIVE
 *   ACTIVE --rpc_wait, no request--> AWAITS_IPC --request--> ACTIVE
 *   ACTIVE --sig_wait, nothing pending--> AWAITS_SIGNAL --delivery--> ACTIVE
 *   ACTIVE --sig_kill of an unacked context--> AWAITS_SIG_KILL --ack--> ACTIVE
 *   ACTIVE --thread_stop--> AWAITS_RESTART --thread_restart--> ACTIVE
 *   ACTIVE --fault--> FAULTED --pager ack with restart--> ACTIVE
 *   ACTIVE --exit--> EXITED
 *   any constructed state --destroy--> DESTROYED
 * `paused` (core's pause/resume) is orthogonal: a paused thread never runs.
 *
 * Helping: a thread in AWAITS_REPLY lends its scheduling share to the
 * server it calls (queued or being served), transitively: when its share is
 * picked, the executor - the end of the chain of calls - runs, and the time
 * is charged to the share. A share helps only on its own CPU: a thread runs
 * only on its CPU (t->cpu), so a client whose executor belongs to another
 * CPU lends nothing; that server runs there on its own share (and on its
 * callers' of that CPU), and the client waits without a share
 * (doc/architecture.md 4.9). Invariant: a thread's share is in its CPU's
 * ready queues iff its executor is ACTIVE, not paused and of the same CPU.
 * Calls never form a cycle (checked on rpc_call), so chains end.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <arch/cpu.h>
#include <kernel/result.h>
#include <kernel/utcb.h>
#include "cap.h"
#include "fault.h"
#include "list.h"
#include "scheduler.h"

struct cpu;
struct pd;
struct sig_context;
struct sig_receiver;

enum thread_state {
	THREAD_INVALID = 0,
	THREAD_CREATED = 0x5448,
	THREAD_ACTIVE,
	THREAD_AWAITS_IPC,
	THREAD_AWAITS_REPLY,
	THREAD_AWAITS_SIGNAL,
	THREAD_AWAITS_SIG_KILL,
	THREAD_AWAITS_RESTART,
	THREAD_FAULTED,
	THREAD_EXITED,
	THREAD_DESTROYED,
};

enum {
	THREAD_NAME_LEN  = 32,
	THREAD_PRINT_LEN = 256, /* a LOG line with its label fits */
};

struct timeout {
	uint64_t deadline;       /* timer ticks */
	struct sig_context *ctx; /* signalled at the deadline */
	struct list_node node;   /* in its CPU's timeouts while armed, sorted */
};

struct thread {
	struct cpu_regs regs; /* first: the exception entry saves here */
	enum thread_state state;
	bool paused;
	struct cpu *cpu;        /* the CPU that runs it: its share is in that CPU's scheduler */
	struct cpu *migrate_to; /* a move to that CPU waits for the CPU it is loaded on */
	struct list_node migrate_node; /* then in the migrations of that CPU */
	struct pd *pd;
	struct kobject kobj; /* IPC destination */
	struct utcb *utcb;   /* in core's view */
	struct sched_share share;

	/* IPC, client side */
	struct thread *ipc_server;    /* AWAITS_REPLY: the callee */
	uint32_t ipc_badge;           /* AWAITS_REPLY: server's id of the identity invoked */
	struct list_node ipc_node;    /* in ipc_server->ipc_queue until received */
	struct list_node helper_node; /* in ipc_server->helpers while AWAITS_REPLY */
	/* IPC, server side */
	struct thread *ipc_client;   /* the request being served */
	bool ipc_client_gone;        /* ipc_client died before our reply */
	struct list ipc_queue;       /* callers not yet received, FIFO */
	struct list helpers;         /* callers lending us their share */
	struct list rcv_reserved;    /* names set aside for the next receive */
	unsigned rcv_reserved_count; /* their number (ipc.c keeps it, for its fast path) */
	/* the names the last receive delivered, for acknowledging them with the
	 * next call or reply (ipc_names_taken): slot i's id and identity while
	 * i < rcv_names_count, id 0 once taken */
	uint16_t rcv_names[UTCB_MAX_CAPS];
	const struct identity *rcv_identities[UTCB_MAX_CAPS];
	unsigned rcv_names_count;

	/* signals */
	struct sig_receiver *sig_receiver; /* AWAITS_SIGNAL */
	struct list_node sig_node;         /* in sig_receiver->waiters */
	struct sig_context *sig_killing;   /* AWAITS_SIG_KILL */
	struct timeout timeout;

	/* pager: faults and exit */
	struct sig_context *pager;
	struct fault fault; /* valid in FAULTED */
	int exit_code;      /* valid in EXITED */

	char name[THREAD_NAME_LEN];
	unsigned print_len;
	char print_buf[THREAD_PRINT_LEN];
};

enum kernel_result thread_create(struct thread *t, struct pd *pd, unsigned priority,
				 const char *name, struct utcb *utcb);
enum kernel_result thread_start(struct thread *t, uint32_t ip, uint32_t sp);
enum kernel_result thread_destroy(struct thread *t);
enum kernel_result thread_set_pager(struct thread *t, struct sig_context *pager);
enum kernel_result thread_pager_ack(struct thread *t, bool restart);
enum kernel_result thread_pause(struct thread *t);
enum kernel_result thread_resume(struct thread *t);
enum kernel_result thread_stop(struct thread *t);
enum kernel_result thread_restart(struct thread *t, struct thread *target);
/* Move t to CPU index cpu (its affinity), with its quota if that CPU has
 * room for it; at once, or if another CPU has it loaded, at that CPU's next
 * entry (cpu_migrations) */
enum kernel_result thread_set_cpu(struct thread *t, unsigned cpu);
/* Its CPU time in ticks: what its share was charged, and, while its CPU
 * runs it, the time since that CPU last entered the kernel (charged at the
 * next entry, which a thread alone on its CPU on a long claim makes late) */
uint64_t thread_cpu_ticks(const struct thread *t);
/* Carry out the moves of threads this CPU had loaded (kernel entry) */
void cpu_migrations(struct cpu *cpu);

bool thread_constructed(const struct thread *t);
/* The thread that runs when t's share is picked (see helping above) */
struct thread *thread_executor(struct thread *t);

/* Block in a waiting state / resume with a call result. */
void thread_block(struct thread *t, enum thread_state state);
void thread_wake(struct thread *t, enum kernel_result result);
/* Recompute whether t's share (and those of its helpers) can run. */
void thread_refresh(struct thread *t);

/* Events raised by the kernel entry on behalf of the current thread */
void thread_fault(struct thread *t, const struct fault *f);
void thread_exit(struct thread *t, int code);

void thread_print_char(struct thread *t, char c);
