/*
 * Values as written in configurations and session arguments: sizes, decimal
 * with an optional binary suffix K, M or G ("4096", "16K", "1M"), and
 * booleans ("yes", "true", "on" or "no", "false", "off", as Genode reads them).
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* false on anything else (empty, other characters, overflow) */
bool size_parse(const char *s, size_t len, uint64_t *value);

/* false on anything else */
bool bool_parse(const char *s, size_t len, bool *value);
