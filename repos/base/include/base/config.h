/*
 * A component's own configuration: the "config" ROM its parent hands out
 * (init: the <config> node inside the child's <start>).
 */
#pragma once

#include <stdbool.h>
#include <base/node.h>
#include <kernel/utcb.h>

/* Open the ROM, attach it and parse it; false if there is none or it is
 * neither valid XML nor valid HID (config is then untouched). The ROM stays
 * attached. */
bool config_read(struct utcb *u, struct node *config);
