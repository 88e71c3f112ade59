/*
 * init's parts: the children (main.c), its settings and the check of its
 * config (config.c), what a <start> node asks for (start.c), session
 * routing (route.c), resource requests (resources.c); init serves inline
 * <config> nodes itself (base/config_rom.h). The config may be XML or HID
 * (base/node.h).
 */
#pragma once

#include <base/child_parent.h>
#include <base/config_rom.h>
#include <base/node.h>

/* What init does with a child whose thread stopped on a fault (start.c) */
enum init_fault_policy { INIT_FAULT_EXIT, INIT_FAULT_RESTART, INIT_FAULT_KEEP };
enum { INIT_RESTARTS_DEFAULT = 3, INIT_RESTARTS_MAX = 100 };

/* One per <start> node, on init's heap: init's own RAM quota bounds how
 * many children it can have, nothing else */
struct init_child {
	struct child_parent cp;  /* first: the policy gets this */
	struct init_child *next; /* in config order */
	struct node start;       /* its <start> node */
	bool has_config;
	struct config_rom rom;
	uint64_t ram, ram_max; /* its quota at start, and how far requests may take it */
	uint64_t ram_given;    /* by requests so far */
	bool yieldable;        /* may be asked to yield RAM */
	enum init_fault_policy fault;
	uint32_t restarts_max; /* fault="restart": how often at most ... */
	uint32_t restarts;     /* ... and how often so far */
};

extern struct init_child *children; /* the first; the others follow by next */
extern struct node config;

/* <parent-provides> lists service */
bool parent_provides(const char *service);
/* The running child of that name, NULL if none */
struct init_child *child_by_name(const char *name);

/* config.c: what init reads from its config besides the children */
struct init_settings {
	bool verbose;          /* <config verbose="yes">: report children and services */
	uint32_t prio_levels;  /* <config prio_levels="N">; 0: as many as the kernel has */
	uint64_t default_caps; /* <default caps=".." ram=".."> */
	uint64_t default_ram;  /* 0: none, each child names its own */
	uint64_t preserve_ram; /* <resource name="RAM" preserve=".."/>: kept by init */
	uint32_t affinity_width, affinity_height; /* <affinity-space>; 0: none given */
};
extern struct init_settings settings;
/* Read the settings and report what of the config is unknown or unsupported */
void init_config_read(void);

/* start.c: what a <start> node asks for; false (reported) if it is malformed */
bool start_read(struct init_child *c, const struct node *start, const char *name,
		struct child_resources *res, char *binary);
/* For verbose="yes": a child that started */
void start_report(const struct init_child *c, const char *binary,
		  const struct child_resources *res);

/* resources.c: resource requests and yields */
void resources_init(void);
int init_resource_request(struct child_parent *c, uint32_t ram);
void init_yielded(struct child_parent *c);

/* route.c: the policy's routing and announcement rules */
struct child_route init_route(struct child_parent *c, const char *service, const char *label);
bool init_may_provide(struct child_parent *c, const char *service);
/* Report routes to children the config does not have */
void check_routes(const struct node *route, const char *owner);
