/*
 * Entry of every component: core starts the main thread here with sp set
 * to the top of its stack; main's return value becomes the exit value.
 */
.section .text.crt0, "ax"
.global _start
_start:
	mov   fp, #0
	bl    main
	b     exit
