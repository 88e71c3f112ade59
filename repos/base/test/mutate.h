/*
 * Deterministic damage for the parsers' host tests: copies of a valid
 * document with one or two bytes replaced, mostly by the syntax's own
 * special characters (random bytes alone rarely hit a decision).
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static inline uint32_t lcg_next(uint64_t *seed)
{
	*seed = *seed * 6364136223846793005ull + 1442695040888963407ull;
	return (uint32_t)(*seed >> 33);
}

/*
 * Hand 'iterations' damaged copies of text, each in a heap buffer of
 * exactly its length (so that ASan sees any read beyond), to check, which
 * parses it, checks what it got and returns whether the parser accepted
 * it. Returns how many copies were accepted.
 */
static inline unsigned mutate_each(const char *text, const char *special, size_t special_len,
				   uint64_t seed, unsigned iterations,
				   bool (*check)(const char *doc, size_t len))
{
	size_t const n    = strlen(text);
	unsigned accepted = 0;

	for (unsigned iter = 0; iter < iterations; iter++) {
		char *buf = malloc(n);
		if (!buf)
			abort();
		memcpy(buf, text, n);
		for (unsigned k = 0; k < (iter % 3 == 0 ? 2u : 1u); k++) {
			uint32_t const r = lcg_next(&seed);
			size_t const at  = lcg_next(&seed) % n;
			buf[at] = r % 4 == 0 ? (char)(r >> 8) : special[(r >> 8) % special_len];
		}
		accepted += check(buf, n);
		free(buf);
	}
	return accepted;
}
