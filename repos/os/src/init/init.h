/*
 * init's parts: the children and their config (main.c), session routing
 * (route.c) and the config ROMs init serves itself from inline <config>
 * nodes (config_rom.c).
 */
#pragma once

#include <base/child_parent.h>
#include <base/xml.h>

enum { MAX_CHILDREN = 16, MAX_SERVICES = 16 };

/* The ROM session a child with an inline <config> gets for "config" */
struct config_rom {
	struct rpc_object obj; /* first */
	uint16_t ds;
	uint32_t size, addr;
};

struct init_child {
	struct child_parent cp; /* first: the policy gets this */
	struct xml_node start;  /* its <start> node */
	bool has_config;
	struct config_rom rom;
};

extern struct init_child children[MAX_CHILDREN];
extern unsigned num_children;
extern struct xml_node config;

/* <parent-provides> lists service */
bool parent_provides(const char *service);
/* The running child of that name, NULL if none */
struct init_child *child_by_name(const char *name);

/* route.c: the policy's routing and announcement rules */
struct child_route init_route(struct child_parent *c, const char *service, const char *label);
bool init_may_provide(struct child_parent *c, const char *service);
/* Report routes to children the config does not have */
void check_routes(const struct xml_node *route, const char *owner);

/* config_rom.c */
bool config_rom_init(struct config_rom *r, struct rpc_entrypoint *ep, const struct xml_node *node);
void config_rom_dissolve(struct config_rom *r, struct rpc_entrypoint *ep);
