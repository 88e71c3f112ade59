/*
 * Entry of every component: core starts the main thread here with sp at the
 * top of its stack and r0 = its UTCB; main's return value becomes the exit
 * value.
 */
.section .text.crt0, "ax"
.global _start
_start:
	mov   fp, #0
	bl    base_init
	bl    main
	b     exit
