/*
 * Keeping a UTCB aside (see base/utcb_stash.h).
 */
#include <base/utcb_stash.h>

static uint32_t used(uint32_t data_size)
{
	return data_size > UTCB_DATA_SIZE ? UTCB_DATA_SIZE : data_size;
}

void utcb_stash_save(const struct utcb *u, struct utcb_stash *s)
{
	const uint32_t *words = (const uint32_t *)u;

	for (unsigned i = 0; i < UTCB_HEADER_SIZE / 4; i++)
		s->header[i] = words[i];
	for (uint32_t i = 0; i < used(u->data_size); i++)
		s->data[i] = u->data[i];
}

void utcb_stash_restore(struct utcb *u, const struct utcb_stash *s)
{
	uint32_t *words = (uint32_t *)u;

	for (unsigned i = 0; i < UTCB_HEADER_SIZE / 4; i++)
		words[i] = s->header[i];
	for (uint32_t i = 0; i < used(u->data_size); i++)
		u->data[i] = s->data[i];
}
