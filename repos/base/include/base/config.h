/*
 * A component's own configuration: the "config" ROM its parent hands out
 * (init: the <config> node inside the child's <start>).
 */
#pragma once

#include <stdbool.h>
#include <base/xml.h>
#include <kernel/utcb.h>

/* Open the ROM, attach it and parse it; false if there is none or it is no
 * valid XML (config is then untouched). The ROM stays attached. */
bool config_read(struct utcb *u, struct xml_node *config);
