/*
 * A CPU fault as the portable kernel and core see it, decoded by the
 * architecture layer from its fault status registers.
 */
#pragma once

#include <stdint.h>

enum fault_type {
	FAULT_READ,      /* data access: load */
	FAULT_WRITE,     /* data access: store */
	FAULT_EXEC,      /* instruction fetch */
	FAULT_UNDEFINED, /* undefined instruction */
};

enum fault_cause {
	FAULT_CAUSE_TRANSLATION, /* no mapping */
	FAULT_CAUSE_PERMISSION,  /* mapping forbids the access */
	FAULT_CAUSE_ALIGNMENT,
	FAULT_CAUSE_OTHER,
};

struct fault {
	enum fault_type type;
	enum fault_cause cause;
	uint32_t ip;     /* address of the faulting instruction */
	uint32_t addr;   /* accessed address (the fetched one for FAULT_EXEC, ip for UNDEFINED) */
	uint32_t status; /* raw architecture status word, for reports */
};

static inline const char *fault_type_string(enum fault_type t)
{
	switch (t) {
	case FAULT_READ: return "read fault";
	case FAULT_WRITE: return "write fault";
	case FAULT_EXEC: return "instruction fetch fault";
	case FAULT_UNDEFINED: return "undefined instruction";
	}
	return "unknown fault";
}

static inline const char *fault_cause_string(enum fault_cause c)
{
	switch (c) {
	case FAULT_CAUSE_TRANSLATION: return "unmapped address";
	case FAULT_CAUSE_PERMISSION: return "permission denied";
	case FAULT_CAUSE_ALIGNMENT: return "misaligned access";
	case FAULT_CAUSE_OTHER: return "other";
	}
	return "unknown";
}
