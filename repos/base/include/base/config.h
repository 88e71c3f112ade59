/*
 * A component's own configuration: the "config" ROM its parent hands out
 * (init: the <config> node inside the child's <start>), in XML or HID
 * (base/node.h), asked for on first use and kept attached. Every reader of
 * the configuration goes through config_read.
 */
#pragma once

#include <stdbool.h>
#include <base/node.h>
#include <kernel/utcb.h>

/* The root node; false if there is none or it is neither valid XML nor
 * valid HID (config is then untouched: a parent hands out only valid
 * configs, and init reports an invalid one of its own). u: the calling
 * thread's UTCB. */
bool config_read(struct utcb *u, struct node *config);
