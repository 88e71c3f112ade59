/*
 * ARMv7 boot-time cache setup: invalidate the level-1 data cache by set/way
 * before enabling it. Its contents are undefined after reset on cores that
 * do not invalidate it in hardware (Cortex-A5, A9). The outer levels inside
 * the architecture's hierarchy are invalidated by the hardware at reset on
 * the cores that have them (Cortex-A7, A8, A15, A17; A9's PL310 lies
 * outside and stays off), so walking them by set/way (tens of thousands of
 * operations for a large L2) buys nothing; stale lines a boot loader may
 * have left of memory written with the caches off are invalidated by range
 * (bootstrap_mmu_enable).
 */
.text
.global bootstrap_dcache_invalidate_l1
bootstrap_dcache_invalidate_l1:
	push  {r4-r11}
	mrc   p15, 1, r0, c0, c0, 1     /* CLIDR */
	mov   r3, #2                    /* levels * 2: level 1 only */
	mov   r10, #0                   /* current level * 2 */
1:	add   r2, r10, r10, lsr #1
	mov   r1, r0, lsr r2
	and   r1, r1, #7                /* cache type at this level */
	cmp   r1, #2
	blt   4f                        /* no data cache here */
	mcr   p15, 2, r10, c0, c0, 0    /* CSSELR */
	isb
	mrc   p15, 1, r1, c0, c0, 0     /* CCSIDR */
	and   r2, r1, #7
	add   r2, r2, #4                /* log2(line size) */
	ldr   r4, =0x3ff
	ands  r4, r4, r1, lsr #3        /* max way */
	clz   r5, r4                    /* way shift */
	ldr   r7, =0x7fff
	ands  r7, r7, r1, lsr #13       /* max set */
2:	mov   r9, r4
3:	orr   r11, r10, r9, lsl r5
	orr   r11, r11, r7, lsl r2
	mcr   p15, 0, r11, c7, c6, 2    /* DCISW */
	subs  r9, r9, #1
	bge   3b
	subs  r7, r7, #1
	bge   2b
4:	add   r10, r10, #2
	cmp   r3, r10
	bgt   1b
5:	mov   r10, #0
	mcr   p15, 2, r10, c0, c0, 0
	dsb
	isb
	pop   {r4-r11}
	bx    lr
