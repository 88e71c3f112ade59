/*
 * Sizes as written in configurations and session arguments: decimal with
 * an optional binary suffix K, M or G ("4096", "16K", "1M").
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* false on anything else (empty, other characters, overflow) */
bool size_parse(const char *s, size_t len, uint64_t *value);
