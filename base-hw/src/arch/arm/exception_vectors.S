/*
 * Exception vectors, kernel entry and kernel exit.
 *
 * Every exception saves the interrupted (USR or SYS mode) context into the
 * current thread's register frame, switches to SVC mode on this CPU's
 * kernel stack and calls kernel_entry(kind), or kernel_entry_call(cpu) for
 * a kernel call. The privileged thread-ID register TPIDRPRW holds this
 * CPU's struct cpu (base-hw/src/kernel/cpu.h), whose first word is the
 * current thread, that is its register frame, the second the top of the
 * CPU's kernel stack. The banked sp of every exception mode but SVC points
 * at a scratch word at the top of the CPU's kernel stack, the only memory
 * the entry needs before it has a free register. While a thread runs, the
 * kernel stack is empty and SVC's banked sp points at the thread's frame
 * instead (arch_kernel_exit leaves it so), so that a kernel call - the IPC
 * fast path's way in - stores the registers right away.
 *
 * Each entry calls into C with bl (as cheap as b): the return address then
 * lies in the entry, whose call frame information says that lr holds no
 * caller's address. A debugger's backtrace at a kernel breakpoint ends
 * there instead of following the interrupted thread's lr into nowhere.
 *
 * The kernel patches these calls (arch_mp_patch and arch_trace_patch, with
 * the sites listed in arch_mp_sites and arch_trace_sites): once a second CPU is started, the kernel-call
 * entry calls kernel_entry_call_mp, which takes the kernel lock, so that
 * a uniprocessor's call path has no lock test; and the kernel's trace
 * (kernel/trace.h), when core starts it, routes every entry and the first
 * instruction of arch_kernel_exit through its hooks: until then neither
 * path has an instruction more than without tracing.
 */
#include <arch/barrier.inc>

.cfi_sections .debug_frame

.equ MODE_SVC, 0x13
.equ MODE_IRQ, 0x12
.equ MODE_ABT, 0x17
.equ MODE_UND, 0x1b
.equ MODE_FIQ, 0x11
.equ REGS_SP,   52
.equ REGS_PC,   60
.equ REGS_CPSR, 64
.equ REGS_UTCB, 68
.equ CPU_CURRENT,   0   /* struct cpu */
.equ CPU_KERNEL_SP, 4
.equ KERNEL_STACK_SIZE, 16384   /* per CPU, as in smp.c */

/* entry kinds, see enum kernel_entry_kind; faults carry the arch code */
.equ ENTRY_CALL, 0
.equ ENTRY_IRQ, 1
.equ ENTRY_UNEXPECTED, 2
.equ FAULT_UNDEF, 3
.equ FAULT_PABT, 4
.equ FAULT_DABT, 5

.section .text.vectors, "ax"
.balign 32
.global exception_vectors
exception_vectors:
	b unexpected_entry   /* reset */
	b undef_entry
	b svc_entry
	b pabt_entry
	b dabt_entry
	b unexpected_entry   /* reserved */
	b irq_entry
	b unexpected_entry   /* fiq */

/* lr already holds the resume address; \kind goes to \entry */
.macro SAVE_AND_ENTER kind, entry=kernel_entry, adjust=0
	.cfi_startproc
	.cfi_undefined lr
	.if \adjust
	sub   lr, lr, #\adjust
	.endif
	str   r0, [sp]                  /* sp = scratch word of this CPU */
	mrc   p15, 0, r0, c13, c0, 4    /* r0 = this CPU's struct cpu */
	ldr   r0, [r0, #CPU_CURRENT]    /* r0 = current register frame */
	add   r0, r0, #4
	stmia r0, {r1-r12}
	sub   r0, r0, #4
	ldr   r1, [sp]
	str   r1, [r0]                  /* interrupted r0 */
	add   r1, r0, #REGS_SP
	stmia r1, {sp, lr}^             /* USR/SYS banked sp and lr */
	str   lr, [r0, #REGS_PC]
	mrs   r1, spsr
	str   r1, [r0, #REGS_CPSR]
	cps   #MODE_SVC
	mrc   p15, 0, r1, c13, c0, 4
	ldr   sp, [r1, #CPU_KERNEL_SP]
	mov   r0, #\kind
.L\kind\()_site:
	bl    \entry                    /* never returns */
	.cfi_endproc
.endm

irq_entry:        SAVE_AND_ENTER ENTRY_IRQ, adjust=4
undef_entry:      SAVE_AND_ENTER FAULT_UNDEF   /* C adjusts by ARM/Thumb width */
pabt_entry:       SAVE_AND_ENTER FAULT_PABT, adjust=4
dabt_entry:       SAVE_AND_ENTER FAULT_DABT, adjust=8
unexpected_entry: SAVE_AND_ENTER ENTRY_UNEXPECTED

/* Kernel calls come from USR or SYS mode only: sp is the current frame */
svc_entry:
	.cfi_startproc
	.cfi_undefined lr
	stmia sp, {r0-r14}^             /* r0-r12, USR/SYS banked sp and lr */
	str   lr, [sp, #REGS_PC]
	mrs   r1, spsr
	str   r1, [sp, #REGS_CPSR]
	mrc   p15, 0, r0, c13, c0, 4    /* r0 = this CPU's struct cpu */
	ldr   sp, [r0, #CPU_KERNEL_SP]
.Lsvc_site:
	bl    kernel_entry_call         /* never returns */
	.cfi_endproc

.text

/* void arch_kernel_exit(struct cpu_regs *r): resume r, the frame of the
 * CPU's current thread; SVC's sp stays at r for the next kernel call (the
 * stack is empty now) */
.global arch_kernel_exit
arch_kernel_exit:
	ldr   r1, [r0, #REGS_UTCB]      /* the trace's branch replaces this */
.Larch_kernel_exit_rest:
	mcr   p15, 0, r1, c13, c0, 3        /* TPIDRURO: read-only for the thread */
	ldr   r1, [r0, #REGS_CPSR]
	msr   spsr_cxsf, r1
	ldr   lr, [r0, #REGS_PC]
	mov   sp, r0
	ldmia sp, {r0-r14}^             /* r0-r12, USR/SYS banked sp and lr */
	nop                             /* no banked access right after ldm^ */
	movs  pc, lr

/* The trace's way out: record, then the replaced instruction and the rest */
trace_kernel_exit:
	mov   r4, r0                    /* callee-saved; nothing returns here */
	bl    trace_exit
	mov   r0, r4
	ldr   r1, [r0, #REGS_UTCB]
	b     .Larch_kernel_exit_rest

/* The patch sites: {site, new target, opcode (0xeb bl, 0xea b)}; first the
 * one of a multiprocessor, then the trace's, ended by a zero word */
.section .rodata
.balign 4
.global arch_mp_sites
arch_mp_sites:
	.word .Lsvc_site, kernel_entry_call_mp, 0xeb
	.word 0
.global arch_trace_sites
arch_trace_sites:
	.word .Lsvc_site, trace_entry_call, 0xeb
	.word .LENTRY_IRQ_site, trace_entry, 0xeb
	.word .LFAULT_UNDEF_site, trace_entry, 0xeb
	.word .LFAULT_PABT_site, trace_entry, 0xeb
	.word .LFAULT_DABT_site, trace_entry, 0xeb
	.word .LENTRY_UNEXPECTED_site, trace_entry, 0xeb
	.word arch_kernel_exit, trace_kernel_exit, 0xea
	.word 0

.text
/* Point every exception mode's sp at the scratch word of CPU index \cpu
 * (a register; \top is overwritten), SVC's at its kernel stack, and
 * install the vectors. */
.macro CPU_SETUP cpu, top
	ldr   \top, =kernel_stacks + KERNEL_STACK_SIZE - 8
	add   \top, \top, \cpu, lsl #14   /* KERNEL_STACK_SIZE each */
	cps   #MODE_IRQ
	mov   sp, \top
	cps   #MODE_ABT
	mov   sp, \top
	cps   #MODE_UND
	mov   sp, \top
	cps   #MODE_FIQ
	mov   sp, \top
	cps   #MODE_SVC
	mov   sp, \top
	ldr   \top, =exception_vectors
	mcr   p15, 0, \top, c12, c0, 0  /* VBAR */
	arch_isb \top
.endm

/* Entry of the kernel+core image with the MMU on (r0 = boot info, virtual):
 * run kernel_init on the boot CPU's kernel stack. */
.section .text.core_entry, "ax"
.global core_image_entry
core_image_entry:
	cpsid if
	mov   r2, #0
	CPU_SETUP r2, r1
	b     kernel_init

/* Entry of every further CPU from bootstrap with the MMU on (r0 = its
 * index): run kernel_cpu_init on its own kernel stack. */
.global core_cpu_entry
core_cpu_entry:
	cpsid if
	CPU_SETUP r0, r1
	b     kernel_cpu_init

.text
/* idle thread body: runs in SYS mode with interrupts enabled */
.global arch_idle_loop
arch_idle_loop:
	wfi
	b     arch_idle_loop

.global arch_halt
arch_halt:
	cpsid if
1:	wfi
	b     1b

/* one kernel stack per CPU (KERNEL_CPUS_MAX), its top 8 bytes the scratch
 * word of the exception entry; beside the bss, not cleared (image.ld) */
.section .kernel_stacks, "aw", %nobits
.balign 8
.global kernel_stacks
kernel_stacks:
	.space KERNEL_STACK_SIZE * 8
