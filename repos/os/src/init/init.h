/*
 * init's parts: the children and their config (main.c), session routing
 * (route.c); init serves inline <config> nodes itself (base/config_rom.h).
 */
#pragma once

#include <base/child_parent.h>
#include <base/config_rom.h>
#include <base/xml.h>

enum { MAX_CHILDREN = 16, MAX_SERVICES = 16 };

struct init_child {
	struct child_parent cp; /* first: the policy gets this */
	struct xml_node start;  /* its <start> node */
	bool has_config;
	struct config_rom rom;
	uint64_t ram, ram_max; /* its quota at start, and how far requests may take it */
	uint64_t ram_given;    /* by requests so far */
	bool yieldable;        /* may be asked to yield RAM */
};

extern struct init_child children[MAX_CHILDREN];
extern unsigned num_children;
extern struct xml_node config;

/* <parent-provides> lists service */
bool parent_provides(const char *service);
/* The running child of that name, NULL if none */
struct init_child *child_by_name(const char *name);

/* resources.c: resource requests and yields */
void resources_init(void);
int init_resource_request(struct child_parent *c, uint32_t ram);
void init_yielded(struct child_parent *c);

/* route.c: the policy's routing and announcement rules */
struct child_route init_route(struct child_parent *c, const char *service, const char *label);
bool init_may_provide(struct child_parent *c, const char *service);
/* Report routes to children the config does not have */
void check_routes(const struct xml_node *route, const char *owner);
