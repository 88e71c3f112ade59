/*
 * int libc_call_on_stack(uintptr_t top, int (*fn)(void)): fn on the stack
 * that ends at top (8-byte aligned), then back on the caller's
 * (startup.c: main on the stack the config asks for).
 */
.section .text
.global libc_call_on_stack
libc_call_on_stack:
	push  {r4, lr}
	mov   r4, sp
	mov   sp, r0
	blx   r1
	mov   sp, r4
	pop   {r4, pc}
