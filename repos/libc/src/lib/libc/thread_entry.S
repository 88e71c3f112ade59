/*
 * Where a thread of pthread_create starts (pthread.c): core starts it with
 * sp on the word that names its struct libc_thread, r0 = its UTCB.
 */
.section .text
.global libc_thread_entry
libc_thread_entry:
	mov   fp, #0
	ldr   r0, [sp]
	b     libc_thread_start
