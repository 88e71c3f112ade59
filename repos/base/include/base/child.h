/*
 * Starting a child component from an ELF binary, for any parent: the
 * binary comes as ROM dataspace from the parent's own parent, the child
 * gets a PD session paid from the RAM quota given here, read-only segments
 * are attached straight from the ROM, writable ones copied into RAM
 * dataspaces of a RAM session the child pays for, and the main thread
 * starts with parent_obj as the child's parent capability.
 */
#pragma once

#include <base/affinity.h>
#include <base/elf.h>
#include <kernel/utcb.h>

struct child {
	uint16_t pd;    /* PD session: the child itself */
	uint16_t space; /* its address space (region map) */
	uint16_t rom;   /* the binary, attached as long as the child lives */
	uint16_t ram;   /* its writable segments */
};

enum child_result {
	CHILD_OK,
	CHILD_NO_BINARY,  /* no ROM module of that name */
	CHILD_BAD_ELF,    /* see *elf_error */
	CHILD_BAD_LAYOUT, /* segments share a page, or one cannot be attached from the ROM */
	CHILD_OUT_OF_RAM, /* the quota does not cover the PD and the segments */
	CHILD_NO_SESSION, /* our parent refused a PD, RAM or ROM session */
	CHILD_START_FAILED,
	CHILD_OUT_OF_CPU, /* the parent has not that much CPU quota unclaimed */
	CHILD_NO_CPU,     /* its affinity names CPUs that are not the board's or the parent's */
};

const char *child_result_string(enum child_result r);

/* What the parent gives the child */
struct child_resources {
	uint32_t ram;             /* bytes of RAM quota */
	uint32_t cpu_percent;     /* of the parent's own CPU quota */
	uint32_t priority_below;  /* levels below the parent's top priority */
	struct affinity affinity; /* its CPUs; count 0: the parent's */
};

/* Load and start binary as a child labelled label */
enum child_result child_start(struct utcb *u, struct child *c, const char *label,
			      const char *binary, const struct child_resources *res,
			      uint16_t parent_obj, enum elf_result *elf_error);
/* End the child (if it runs) and close its sessions: the quota comes back */
void child_destroy(struct utcb *u, struct child *c);
