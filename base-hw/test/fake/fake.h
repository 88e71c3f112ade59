/*
 * Host fakes for the kernel tests: the arch layer (include/arch/cpu.h),
 * the board (UART capture, PIC, timer), core's entry symbols, and a
 * fixture that brings the kernel's global state into a booted shape.
 *
 * Include after <cmocka.h>.
 */
#pragma once

#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <arch/cpu.h>
#include "../../src/kernel/fault.h"
#include "../../src/kernel/list.h"

struct thread;
struct pd;
struct identity;
struct utcb;
struct cap_slab;

/* ---- arch ---- */

enum { FAKE_ASIDS = 256 };

struct fake_arch {
	/* arch_kernel_exit: recorded, then longjmp to exit_jmp (FAKE_RUN_KERNEL) */
	unsigned exits;
	struct cpu_regs *exit_regs;
	bool exit_armed;
	jmp_buf exit_jmp;

	/* arch_halt: recorded, then longjmp to halt_jmp (FAKE_EXPECT_PANIC);
	 * an unexpected halt fails the running test */
	unsigned halts;
	bool halt_armed;
	jmp_buf halt_jmp;

	unsigned cpu_inits; /* arch_cpu_init */
	unsigned mmu_inits;
	uint32_t mmu_init_ttbr0, mmu_init_ram_base;

	/* arch_user_range_mapped: true iff ttbr0 matches and the range lies in
	 * [base, base + size), and, if asked, the mapping is writable */
	struct {
		uint32_t ttbr0, base, size;
		bool writable;
	} mapped;
	unsigned range_checks;

	unsigned trace_patches; /* arch_trace_patch */
	unsigned mp_patches;    /* arch_mp_patch */

	/* arch_cache_op: recorded */
	unsigned cache_ops;
	enum arch_cache_op cache_op;
	uint32_t cache_base, cache_size;
	unsigned mmu_switches;
	uint32_t mmu_ttbr0, mmu_asid; /* last switch */
	unsigned pt_syncs;
	unsigned tlb_flushes; /* all ASIDs */
	unsigned tlb_flush_count[FAKE_ASIDS];
	uint32_t tlb_last_asid;

	/* arch_fault_decode returns next_fault and records the code */
	unsigned decodes;
	unsigned decode_code;
	struct fault next_fault;

	unsigned core_ptr_calls; /* arch_core_ptr translations */

	void *cpu_local;     /* arch_cpu_local: the running CPU's struct cpu */
	unsigned cpu_starts; /* arch_cpu_start calls */
	unsigned last_cpu_started;
	unsigned locks; /* arch_lock_take calls */
};

extern struct fake_arch fake_arch;

/* Register obj for arch_core_ptr; returns its (stable, 4-aligned) handle. */
uint32_t fake_core_handle(const void *obj);

/* Run stmt, which must panic (kernel_panic -> arch_halt). */
#define FAKE_EXPECT_PANIC(stmt)                                      \
	do {                                                         \
		fake_arch.halt_armed = true;                         \
		if (setjmp(fake_arch.halt_jmp) == 0) {               \
			stmt;                                        \
			fake_arch.halt_armed = false;                \
			fail_msg("no kernel panic from: %s", #stmt); \
		}                                                    \
		fake_arch.halt_armed = false;                        \
	} while (0)

/* Run stmt (kernel_entry, kernel_init) until it leaves via arch_kernel_exit. */
#define FAKE_RUN_KERNEL(stmt)                                                            \
	do {                                                                             \
		fake_arch.exit_armed = true;                                             \
		if (setjmp(fake_arch.exit_jmp) == 0) {                                   \
			stmt;                                                            \
			fake_arch.exit_armed = false;                                    \
			fail_msg("kernel returned without arch_kernel_exit: %s", #stmt); \
		}                                                                        \
		fake_arch.exit_armed = false;                                            \
	} while (0)

/* ---- board ---- */

/* as many lines as the kernel's IRQ objects can name (IRQ_LINES) */
enum { FAKE_UART_SIZE = 16384, FAKE_IRQS = 1024, FAKE_TIMER_IRQ = 30, FAKE_IPI_IRQ = 1 };

struct fake_board {
	char uart[FAKE_UART_SIZE + 1]; /* always NUL-terminated */
	size_t uart_len;
	unsigned uart_writes;
	bool uart_overflow;

	unsigned pic_inits, pic_cpu_inits;
	unsigned ipis, last_ipi_cpu; /* board_pic_send_ipi */
	unsigned pending[8];         /* IRQs board_pic_take hands out, FIFO */
	unsigned pending_count;
	unsigned finishes, last_finished;
	bool masked[FAKE_IRQS];
	unsigned masks, unmasks; /* board_pic_mask/unmask calls */
	unsigned last_masked, last_unmasked;

	unsigned timer_inits;
	uint64_t ticks; /* board_timer_ticks() */
	uint32_t ticks_per_ms;
	unsigned timer_starts;
	uint32_t timer_slice; /* last board_timer_start() */
};

extern struct fake_board fake_board;

const char *fake_uart_text(void);
void fake_uart_clear(void);
void fake_pic_raise(unsigned irq);

/* Reset all fakes (arch, board, handle registry). */
void fake_reset(void);
void fake_core_reset(void);

/* ---- kernel fixture ---- */

enum {
	FAKE_SLICE        = 10,   /* scheduler fill slice in ticks */
	FAKE_SUPER_PERIOD = 1000, /* scheduler super period in ticks */
	FAKE_TICKS_PER_MS = 1000, /* 1 MHz timer */
	FAKE_CORE_TTBR0   = 0x40004000u,
	FAKE_CORE_PRIO    = 3,
};

/* cmocka setup/teardown: zeroed kernel with an empty timeout list, core PD
 * (ASID 0), the idle thread (no UTCB, as in kernel_init), and the running
 * core thread kernel.core_main at priority FAKE_CORE_PRIO with the UTCB
 * core_main_utcb. Also resets the UTCB and capability-slab pools below. */
int fake_kernel_setup(void **state);
int fake_kernel_teardown(void **state);

/* Kernel invariants: a share is queued only if its thread's executor (the
 * thread itself, or the server it helps) is ACTIVE and not paused; claim
 * lists hold ready claimants of the right priority; the scheduler's current
 * share is idle or ready; the ASID bitmap matches the given number of live
 * user PDs (or any number if < 0). */
void fake_kernel_check_invariants(int live_user_pds);

/* Invariants of one constructed thread: its share is ready iff its executor
 * is ACTIVE and not paused (helping); it counts its reserved names right. */
void fake_check_thread(struct thread *t);

/* ---- kernel objects for tests ---- */

enum {
	FAKE_UTCBS = 32,
	FAKE_SLABS = 80, /* more than one PD may own (CAP_SLABS_MAX) */
};

/* A fresh zeroed 4 KiB UTCB from a pool (reset by fake_kernel_setup). */
struct utcb *fake_utcb(void);

/* A fresh zeroed capability slab from a pool (reset by fake_kernel_setup). */
struct cap_slab *fake_slab(void);

/* Give pd one more slab of names (asserts success). */
void fake_pd_add_slab(struct pd *pd);

/* pd's name of identity id, inserted if needed (asserts success). */
uint16_t fake_name(struct pd *pd, struct identity *id);

/* Consistency of a PD's capability space: free list and free_count agree,
 * every name's state matches its links, id 0 is never usable, every LIVE
 * name is linked to an ACTIVE identity that leads back to this PD. */
void fake_check_caps(struct pd *pd);

/* Number of nodes in a kernel list */
static inline unsigned fake_list_len(const struct list *l)
{
	unsigned n = 0;
	for (const struct list_node *i = l->head.next; i != &l->head; i = i->next)
		n++;
	return n;
}
