/*
 * First instructions of the boot image (physical addresses, MMU off):
 * get into SVC mode with interrupts off, clear bootstrap's bss, build the
 * kernel's address space and enter the kernel+core image in the upper half.
 */
.section .text.entry, "ax"
.global bootstrap_entry
bootstrap_entry:
	cpsid if, #0x13
	ldr   sp, =bootstrap_stack_top
	ldr   r0, =_bootstrap_bss_start
	ldr   r1, =_bootstrap_bss_end   /* both 32-byte aligned (image.ld) */
	mov   r2, #0
	mov   r3, #0
	mov   r4, #0
	mov   r5, #0
	mov   r6, #0
	mov   r7, #0
	mov   r8, #0
	mov   r9, #0
1:	cmp   r0, r1
	stmlo r0!, {r2-r9}              /* 32 bytes a store */
	blo   1b
	bl    bootstrap_main            /* returns the boot info's virtual address */
	ldr   r1, =core_image_entry
	bx    r1

/* Entry of every further CPU, started by the kernel (PSCI CPU_ON) with
 * r0 = its index >= 1: SVC mode, MMU and caches off. On a stack of its own,
 * it joins the kernel's address space and enters the kernel with r0 = its
 * index. */
.global bootstrap_cpu_entry
bootstrap_cpu_entry:
	cpsid if, #0x13
	ldr   sp, =bootstrap_cpu_stacks
	add   sp, sp, r0, lsl #10       /* 1 KiB each: the top of stack r0 - 1 */
	mov   r4, r0
	bl    bootstrap_cpu_main
	mov   r0, r4
	ldr   r1, =core_cpu_entry
	bx    r1

.bss
.balign 8
	.space 4096
bootstrap_stack_top:
/* stacks of the further CPUs (BOOT_CPUS_MAX - 1) */
bootstrap_cpu_stacks:
	.space 1024 * 7
