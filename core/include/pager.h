/*
 * Core's pager: page faults, exceptions and exits of the threads core made
 * arrive as signals at core's pager receiver. A fault is resolved by the
 * stacks (stack_area.h) or the address space's region map (the thread
 * continues), waits for a managed region map's fault handler, or is reported
 * (fault_report.c) and leaves the thread stopped.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include "region_map.h"

struct core_thread;

/* A delivery at core's pager receiver (its imprint) */
void pager_signal(uint32_t imprint);
/* A fault a region map resolved (restart the thread) or could not (report
 * it; the thread stays stopped), or one that waits for a fault handler */
void pager_fault_done(struct core_thread *t, enum rm_resolution r);

/* The report of an unresolved fault or exception (fault_report.c) */
void fault_report(const struct core_thread *t);
/* What it was, for the parent (session/pd_session.h: PD_FAULT) */
uint32_t fault_kind(const struct core_thread *t);
