/*
 * init: starts the children its "config" ROM lists and is their parent.
 *
 *   <config>
 *     <parent-provides> <service name="LOG"/> ... </parent-provides>
 *     <default-route> <any-service> <parent/> </any-service> </default-route>
 *     <default caps="100"/>
 *     <start name="hello" ram="1M" caps="50" priority="-1">  (caps, priority: optional)
 *       <binary name="hello"/>                 (default: the start name)
 *       <resource name="CPU" quantum="10"/>     (percent of init's quota, optional)
 *       <provides> <service name="Adder"/> </provides>
 *       <route> ... </route>                    (see route.c)
 *       <config> ... </config>                  (the child's "config" ROM)
 *     </start>
 *   </config>
 *
 * Each child gets a PD paid from its ram quota. Its session requests are
 * routed to init's parent or to a sibling that provides the service, with
 * the label prefixed by the child's name; the RAM it donates is taken from
 * its PD (and given to the server's) and returned when the session is
 * closed. When a child exits, init reports it and releases everything it
 * held. Config errors are reported; init starts what it can.
 */
#include <stdio.h>
#include <string.h>
#include <base/core_service.h>
#include <base/env.h>
#include <base/log.h>
#include <base/parent.h>
#include <base/session_args.h>
#include <kernel/call.h>
#include <session/rm_session.h>
#include <session/rom_session.h>
#include "init.h"

struct init_child children[MAX_CHILDREN];
unsigned num_children;
struct node config;

static struct utcb *u;
static struct rpc_entrypoint ep;
static char provided[MAX_SERVICES][PARENT_SERVICE_LEN];
static unsigned num_provided;

bool parent_provides(const char *service)
{
	for (unsigned i = 0; i < num_provided; i++)
		if (!strcmp(provided[i], service))
			return true;
	return false;
}

struct init_child *child_by_name(const char *name)
{
	for (unsigned i = 0; i < num_children; i++)
		if (children[i].cp.running && !strcmp(children[i].cp.name, name))
			return &children[i];
	return NULL;
}

/* Core's free RAM and capability names when init started its children */
static uint64_t core_ram_before;
static uint32_t core_caps_before;

static void report_resources(void)
{
	uint64_t ram  = 0;
	uint32_t caps = 0;

	core_resources(u, &ram, &caps);
	log_printf("all children exited: core has %u KiB RAM free (%u before), %u capabilities "
		   "in use (%u before)\n",
		   (unsigned)(ram / 1024), (unsigned)(core_ram_before / 1024), (unsigned)caps,
		   (unsigned)core_caps_before);
}

/* Everything the child held goes back to init (and from there to core). */
static void exited(struct child_parent *cp, int code)
{
	struct init_child *c = (struct init_child *)cp;
	bool any_running     = false;

	log_printf("child \"%s\" exited with exit value %d\n", cp->name, code);
	for (unsigned i = 0; i < num_children; i++)
		if (children[i].cp.running && &children[i] != c)
			child_parent_server_gone(&children[i].cp, cp);
	child_parent_release(cp);
	if (c->has_config)
		config_rom_dissolve(&c->rom, &ep);
	c->has_config = false;
	for (unsigned i = 0; i < num_children; i++)
		any_running |= children[i].cp.running;
	if (!any_running)
		report_resources();
}

static const struct child_policy policy = { .route            = init_route,
					    .exited           = exited,
					    .may_provide      = init_may_provide,
					    .resource_request = init_resource_request,
					    .yielded          = init_yielded };

/* --- configuration --- */
static void read_parent_provides(void)
{
	struct node provides, service;

	if (!node_sub_by_type(&config, "parent-provides", &provides))
		return;
	bool more = node_sub_by_type(&provides, "service", &service);
	for (; more; more = node_next_by_type(&service, "service", &service)) {
		if (num_provided == MAX_SERVICES) {
			log_printf("config: more than %u services provided, rest ignored\n",
				   MAX_SERVICES);
			return;
		}
		if (!node_attr_copy(&service, "name", provided[num_provided], PARENT_SERVICE_LEN))
			log_printf("config: <service> without a valid name ignored\n");
		else
			num_provided++;
	}
}

static bool name_taken(const char *name)
{
	for (unsigned i = 0; i < num_children; i++)
		if (!strcmp(children[i].cp.name, name))
			return true;
	return false;
}

static void start_child(const struct node *start)
{
	struct init_child *c = &children[num_children];
	char name[CHILD_NAME_LEN], binary[CHILD_NAME_LEN];
	struct child_resources res = { 0, 0, 0 };
	struct node inline_config;
	const char *text = NULL;
	enum elf_result elf_error;

	if (!node_attr_copy(start, "name", name, sizeof(name)) || !name[0]) {
		log_printf("config: <start> without a valid name ignored\n");
		return;
	}
	if (name_taken(name)) {
		log_printf("config: child \"%s\" defined twice, second ignored\n", name);
		return;
	}
	if (!start_read(c, start, name, &res, binary))
		return;
	c->start              = *start;
	c->has_config         = node_sub_by_type(start, "config", &inline_config);
	size_t const text_len = c->has_config ? node_text(&inline_config, &text) : 0;
	if (c->has_config && !config_rom_init(&c->rom, &ep, text, (uint32_t)text_len,
					      node_text_terminator(&inline_config))) {
		log_printf("cannot start \"%s\": no RAM for its config\n", name);
		return;
	}
	enum child_result r =
	    child_parent_start(&c->cp, &ep, name, binary, &res, &policy, &elf_error);
	if (r != CHILD_OK) {
		log_printf("cannot start \"%s\": %s%s%s\n", name, child_result_string(r),
			   r == CHILD_BAD_ELF ? ": " : "",
			   r == CHILD_BAD_ELF ? elf_result_string(elf_error) : "");
		if (c->has_config)
			config_rom_dissolve(&c->rom, &ep);
		c->has_config = false;
		return;
	}
	num_children++;
	if (settings.verbose)
		start_report(c, binary, &res);
}

static bool read_config(void)
{
	uint16_t rom = 0, ds = 0, space = 0;
	uint32_t size = 0, addr = 0;
	struct rm_attach_args a = { 0, 0, 0, 0 };

	if (parent_session(u, "ROM", "config", ROM_SESSION_RAM, ROM_SESSION_RAM, ROM_SESSION_CAPS,
			   &rom) != RPC_OK ||
	    rom_dataspace(u, rom, &ds, &size) != RPC_OK ||
	    core_address_space(u, &space) != CORE_OK ||
	    rm_attach(u, space, ds, &a, &addr) != RPC_OK) {
		log_printf("no config ROM\n");
		return false;
	}
	struct node_result x = node_parse((const char *)(uintptr_t)addr, size, &config);
	if (x.error) {
		log_printf("config: %s at line %u, column %u\n", x.error, x.line, x.column);
		return false;
	}
	if (!node_type_is(&config, "config")) {
		log_printf("config: the root element is not <config>\n");
		return false;
	}
	return true;
}

/* Core maps stack pages on first touch: touch what init will need now, so
 * that core's free RAM after the children equals the value before them. */
static __attribute__((noinline)) void stack_prefault(void)
{
	volatile uint8_t depth[24 * 1024];
	for (unsigned i = 0; i < sizeof(depth); i += 4096)
		depth[i] = 0;
}

int main(void)
{
	struct node start;

	stack_prefault();
	u = utcb_main();
	rpc_ep_init(&ep, u, 0);
	if (!read_config())
		return 1;
	read_parent_provides();
	/* the first line opens init's LOG session: before core's resources are
	 * counted, so that they count only what the children take */
	log_printf("config read: %u services from the parent\n", num_provided);
	init_config_read();
	if (settings.verbose) {
		log_printf("parent provides\n");
		for (unsigned i = 0; i < num_provided; i++)
			log_printf("  service \"%s\"\n", provided[i]);
	}
	resources_init();
	/* likewise init's RAM session (for inline configs): open it now */
	uint16_t warm = 0;
	if (env_ram_alloc(u, 1, &warm) == RPC_OK)
		env_ram_free(u, warm);
	core_resources(u, &core_ram_before, &core_caps_before);
	bool more = node_sub_by_type(&config, "start", &start);
	for (; more; more = node_next_by_type(&start, "start", &start)) {
		if (num_children == MAX_CHILDREN) {
			log_printf("config: more than %u children, rest ignored\n", MAX_CHILDREN);
			break;
		}
		start_child(&start);
	}
	rpc_ep_serve(&ep);
}
