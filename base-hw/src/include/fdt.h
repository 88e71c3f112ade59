/*
 * The little of a flattened device tree (devicetree specification, ch. 5)
 * that bootstrap needs: how much RAM the board has. The boot firmware (or
 * QEMU) leaves the tree in memory; the parser reads only within max_size
 * bytes of it and trusts nothing in it.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

enum { FDT_MAGIC = 0xd00dfeedu };

/* The first bank of the /memory node's reg (cells as the root's
 * #address-cells and #size-cells say); false if the tree is malformed or
 * has none */
bool fdt_memory(const void *fdt, uint32_t max_size, uint64_t *base, uint64_t *size);
