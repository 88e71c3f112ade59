/*
 * The one result type of every kernel call, shared by the kernel, core and
 * user-level code.
 */
#pragma once

enum kernel_result {
	KERNEL_OK = 0,
	KERNEL_INVALID_CALL,  /* unknown call id, or a call the caller may not use */
	KERNEL_INVALID_ARG,   /* malformed argument (alignment, range, null object) */
	KERNEL_INVALID_STATE, /* the object is not in a state that allows the call */
	KERNEL_INVALID_CAP,   /* capability id does not name a suitable object */
	KERNEL_OUT_OF_CAPS,   /* the PD's capability slab is empty */
	KERNEL_EXHAUSTED,     /* a fixed kernel resource (e.g. ASIDs) is used up */
	KERNEL_WOULD_BLOCK,   /* nothing to deliver, and the call must not block */
	KERNEL_DESTROYED,     /* the partner or object went away while we waited */
};

static inline const char *kernel_result_string(enum kernel_result r)
{
	switch (r) {
	case KERNEL_OK: return "ok";
	case KERNEL_INVALID_CALL: return "invalid call";
	case KERNEL_INVALID_ARG: return "invalid argument";
	case KERNEL_INVALID_STATE: return "invalid state";
	case KERNEL_INVALID_CAP: return "invalid capability";
	case KERNEL_OUT_OF_CAPS: return "out of capabilities";
	case KERNEL_EXHAUSTED: return "kernel resource exhausted";
	case KERNEL_WOULD_BLOCK: return "would block";
	case KERNEL_DESTROYED: return "partner destroyed";
	}
	return "unknown result";
}
