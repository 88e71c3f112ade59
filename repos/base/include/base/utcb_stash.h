/*
 * Keeping a thread's UTCB aside while the thread makes a call of its own
 * (printing, making signal objects) in the middle of something that uses
 * the UTCB: a message it has prepared, or a delivery it has not read yet.
 * Only the used part of the payload is kept.
 */
#pragma once

#include <stdint.h>
#include <kernel/utcb.h>

struct utcb_stash {
	uint32_t header[UTCB_HEADER_SIZE / 4];
	uint8_t data[UTCB_DATA_SIZE];
};

void utcb_stash_save(const struct utcb *u, struct utcb_stash *s);
void utcb_stash_restore(struct utcb *u, const struct utcb_stash *s);
