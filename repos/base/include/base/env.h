/*
 * A component's environment: its parent (base/parent.h), core's service
 * for its own PD (base/core_service.h), the region map of its address
 * space, and a RAM session opened on first use whose quota grows with the
 * component's needs (each allocation donates exactly what it costs).
 */
#pragma once

#include <stdint.h>
#include <kernel/utcb.h>

/* The region map of the component's address space (session/rm_session.h) */
uint16_t env_address_space(struct utcb *u);

/* A RAM dataspace of size bytes, paid by upgrading the component's RAM
 * session; RPC_OK or an error of base/parent.h or session/ram_session.h */
int env_ram_alloc(struct utcb *u, uint32_t size, uint16_t *ds);
int env_ram_free(struct utcb *u, uint16_t ds);

/* Attach ds anywhere (writable) and return its address, 0 on failure */
uint32_t env_attach(struct utcb *u, uint16_t ds);
/* The same read-only (a ROM module's dataspace allows nothing else) */
uint32_t env_attach_readonly(struct utcb *u, uint16_t ds);
