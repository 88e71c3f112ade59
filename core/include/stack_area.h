/*
 * Stacks core maps on demand: the main thread's (USER_STACK_SIZE below
 * USER_STACK_TOP, when its starter gives it none) and those a component
 * asks for (CORE_OP_STACK) between STACK_AREA_BASE and STACK_AREA_END. A
 * page of a stack is backed by a zeroed frame when a thread first touches
 * it, charged to the component's quota; the page below each stack stays
 * unmapped, and a touch there is a stack overflow. A stack's record is
 * paid from the quota too (c->stack_pool), so the quota alone bounds how
 * many stacks a component has.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <base/core_service.h>
#include <kernel/fault.h>
#include <kernel/list.h>
#include "address_space.h"

struct component;

enum {
	STACK_AREA_BASE = USER_PARENT_END, /* above a parent-loaded PD's region map */
	STACK_AREA_END  = USER_UTCB_BASE,
};

struct stack {
	struct list_node node; /* in c->stacks, by address */
	uint32_t handle;       /* the component's name of it, 0: the main thread's */
	uint32_t base, top;    /* [base, top); the page below base is the guard */
};

/* The main thread's: its top page mapped now; the initial stack pointer,
 * 0 if the quota does not cover the page */
uint32_t stack_area_start_main(struct component *c);
/* A stack of size bytes (page-rounded): *top its end, *handle its name;
 * CORE_OUT_OF_QUOTA, CORE_OUT_OF_RAM, or CORE_BAD_REQUEST when no gap in
 * the area holds it */
enum core_result stack_area_alloc(struct component *c, uint32_t size, uint32_t *top,
				  uint32_t *handle);
/* Unmap it, free its frames and its record: CORE_NOT_FOUND if handle names none */
enum core_result stack_area_free(struct component *c, uint32_t handle);

enum stack_touch {
	STACK_NOT_TOUCHED, /* the fault is none of the stacks' */
	STACK_MAPPED,      /* a page of a stack: mapped now */
	STACK_OVERFLOW,    /* the guard page below a stack */
};
enum stack_touch stack_area_fault(struct component *c, const struct fault *f);
/* Is addr in the guard page below one of c's stacks? */
bool stack_area_guard(const struct component *c, uint32_t addr);
/* Is addr in one of c's stacks? A fault there that reaches the report is a
 * page the component's RAM quota could not pay for */
bool stack_area_contains(const struct component *c, uint32_t addr);
/* The aligned word at va of one of c's stacks into *word (for backtraces):
 * false unless va is in a stack page that is mapped. The only memory of a
 * component that core reads on a frame pointer's word: stack pages are RAM
 * core mapped itself, never a device or someone else's page */
bool stack_area_read(struct component *c, uint32_t va, uint32_t *word);
/* All of them (the component goes) */
void stack_area_destroy(struct component *c);
