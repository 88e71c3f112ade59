/*
 * The memory functions the compiler may emit calls to in freestanding code.
 */
#include <stddef.h>
#include <stdint.h>

typedef uint32_t __attribute__((may_alias)) word_t; /* a word of any object */

/*
 * Bulk moves of 32-byte blocks with one ldm/stm of eight registers each: a
 * page is cleared or copied in a few hundred instructions. The callers
 * below do the unaligned head and the tail; blocks > 0.
 */
static void fill_blocks(void *d, uint32_t w, size_t blocks)
{
	asm volatile("mov r4, %[w]; mov r5, %[w]; mov r6, %[w]; mov r7, %[w]\n"
		     "mov r8, %[w]; mov r9, %[w]; mov r10, %[w]; mov r3, %[w]\n"
		     "1: stmia %[d]!, {r3-r10}\n"
		     "subs %[n], %[n], #1\n"
		     "bne 1b"
		     : [d] "+r"(d), [n] "+r"(blocks)
		     : [w] "r"(w)
		     : "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10", "cc", "memory");
}

static void copy_blocks(void *d, const void *s, size_t blocks)
{
	asm volatile("1: ldmia %[s]!, {r3-r10}\n"
		     "subs %[n], %[n], #1\n"
		     "stmia %[d]!, {r3-r10}\n"
		     "bne 1b"
		     : [d] "+r"(d), [s] "+r"(s), [n] "+r"(blocks)
		     :
		     : "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10", "cc", "memory");
}

/* Aligned word stores, whole blocks with stm: page tables, kernel objects
 * and bss are cleared with this. */
void *memset(void *dst, int c, size_t n)
{
	uint8_t *d = dst;
	uint32_t w = (uint8_t)c * 0x01010101u;

	for (; n && ((uintptr_t)d & 3); n--)
		*d++ = (uint8_t)c;
	if (n >= 32) {
		fill_blocks(d, w, n / 32);
		d += n & ~(size_t)31;
		n &= 31;
	}
	for (; n >= 4; n -= 4, d += 4)
		*(word_t *)d = w;
	while (n--)
		*d++ = (uint8_t)c;
	return dst;
}

/* Whole blocks with ldm/stm when both sides are word-aligned: IPC payloads
 * and ELF segments are copied with this. */
void *memcpy(void *dst, const void *src, size_t n)
{
	uint8_t *d       = dst;
	const uint8_t *s = src;

	if ((((uintptr_t)d | (uintptr_t)s) & 3) == 0) {
		if (n >= 32) {
			copy_blocks(d, s, n / 32);
			d += n & ~(size_t)31;
			s += n & ~(size_t)31;
			n &= 31;
		}
		for (; n >= 4; n -= 4, d += 4, s += 4)
			*(word_t *)d = *(const word_t *)s;
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	uint8_t *d       = dst;
	const uint8_t *s = src;
	if (d < s)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const uint8_t *x = a, *y = b;
	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}
