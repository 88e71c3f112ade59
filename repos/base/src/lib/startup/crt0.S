/*
 * Entry of every component: core starts the main thread here with sp at the
 * top of its stack and r0 = its UTCB; constructors run before main, which
 * libc_main calls with its arguments (repos/libc/src/lib/libc/startup.c);
 * its return value becomes the exit value.
 */
.section .text.crt0, "ax"
.global _start
_start:
	mov   fp, #0
	bl    base_init
	bl    __libc_init_array          /* C constructors */
	bl    libc_main
	b     exit
