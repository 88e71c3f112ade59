/*
 * Protection domain: an address space (lower-half translation table tagged
 * with an ASID) and a capability space. Constructed in memory that core passes in.
 *
 * States: (zeroed memory) --create--> PD_ACTIVE --destroy--> PD_DESTROYED.
 * Invariant: an active PD owns exactly one ASID; it can be destroyed only
 * when no thread lives in it.
 */
#pragma once

#include <stdint.h>
#include <kernel/result.h>
#include "cap.h"

enum pd_state { PD_INVALID = 0, PD_ACTIVE = 0x5044, PD_DESTROYED };

struct pd {
	enum pd_state state;
	uint32_t ttbr0_phys; /* physical address of the lower-half table */
	uint32_t asid;
	unsigned thread_count; /* threads constructed in this PD */
	struct cap_space caps; /* the PD's capability names */
};

enum kernel_result pd_create(struct pd *pd, uint32_t ttbr0_phys);
enum kernel_result pd_destroy(struct pd *pd);

/* Construct core's PD with the reserved ASID 0. */
void pd_create_core(struct pd *pd, uint32_t ttbr0_phys);
