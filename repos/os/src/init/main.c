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
 * held; when a thread of it stops on a fault (core tells init what fault),
 * init reports it and ends, restarts or keeps the child as its <start>
 * node's fault attribute says (start.c).
 * Config errors are reported; init starts what it can.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <base/core_service.h>
#include <base/env.h>
#include <base/log.h>
#include <base/parent.h>
#include <base/session_args.h>
#include <base/signal.h>
#include <base/string_format.h>
#include <kernel/call.h>
#include <session/rm_session.h>
#include <session/rom_session.h>
#include "init.h"

struct init_child *children;
static struct init_child **children_end = &children;
struct node config;

static struct utcb *u;
static struct rpc_entrypoint ep;

/* The <service> nodes of <parent-provides> with a valid name, read from the
 * config each time (no table): whether one is service, or (service NULL)
 * how many there are, each reported if report */
static unsigned parent_services(const char *service, bool report)
{
	struct node provides, n;
	char name[PARENT_SERVICE_LEN];
	unsigned count = 0;

	if (!node_sub_by_type(&config, "parent-provides", &provides))
		return 0;
	for (bool more = node_sub_by_type(&provides, "service", &n); more;
	     more      = node_next_by_type(&n, "service", &n)) {
		if (!node_attr_copy(&n, "name", name, sizeof(name)))
			continue;
		if (service && !strcmp(name, service))
			return 1;
		if (report)
			log_printf("  service \"%s\"\n", name);
		count += !service;
	}
	return count;
}

bool parent_provides(const char *service) { return parent_services(service, false) > 0; }

struct init_child *child_by_name(const char *name)
{
	for (struct init_child *c = children; c; c = c->next)
		if (c->cp.running && !strcmp(c->cp.name, name))
			return c;
	return NULL;
}

/* Core's free RAM and capability names when init started its children,
 * and init's own RAM quota left (its heap keeps what it grew by for the
 * children's records: core's RAM that init, not a leak, holds) */
static uint64_t core_ram_before, own_ram_before;
static uint32_t core_caps_before;

static void report_resources(void)
{
	uint64_t ram = 0, own = 0;
	uint32_t caps = 0;

	core_resources(u, &ram, &caps);
	core_ram_left(u, &own);
	log_printf("all children exited: core has %u KiB RAM free (%u before), %u capabilities "
		   "in use (%u before); init's own records use %u KiB more\n",
		   (unsigned)(ram / 1024), (unsigned)(core_ram_before / 1024), (unsigned)caps,
		   (unsigned)core_caps_before,
		   (unsigned)(own < own_ram_before ? (own_ram_before - own) / 1024 : 0));
}

/* When the last child went: what came back */
static void report_if_none_running(void)
{
	for (struct init_child *k = children; k; k = k->next)
		if (k->cp.running)
			return;
	report_resources();
}

/* Everything the child held goes back to init (and from there to core). */
static void release_child(struct child_parent *cp)
{
	struct init_child *c = (struct init_child *)cp;

	for (struct init_child *k = children; k; k = k->next)
		if (k->cp.running && k != c)
			child_parent_server_gone(&k->cp, cp);
	child_parent_release(cp);
	if (c->has_config)
		config_rom_dissolve(&c->rom, &ep);
	c->has_config = false;
}

static void release(struct child_parent *cp)
{
	release_child(cp);
	report_if_none_running();
}

static void exited(struct child_parent *cp, int code)
{
	log_printf("child \"%s\" exited with exit value %d\n", cp->name, code);
	release(cp);
}

static bool launch(struct init_child *c, const char *name);

/* A child whose thread stopped on a fault (core reported it, with a
 * backtrace): reported, then handled as its <start> node says. A restart
 * starts it anew from its <start> node, bounded by restarts="N". */
static void faulted(struct child_parent *cp, const struct pd_fault *f)
{
	struct init_child *c = (struct init_child *)cp;
	char name[CHILD_NAME_LEN], what[48];
	bool const restart = c->fault == INIT_FAULT_RESTART && c->restarts < c->restarts_max;

	if (c->fault == INIT_FAULT_KEEP)
		string_format(what, sizeof(what), "kept stopped");
	else if (restart)
		string_format(what, sizeof(what), "restart %u of %u", (unsigned)c->restarts + 1,
			      (unsigned)c->restarts_max);
	else if (c->fault == INIT_FAULT_RESTART)
		string_format(what, sizeof(what), "ended after %u restarts", (unsigned)c->restarts);
	else
		string_format(what, sizeof(what), "ended");
	log_printf("child \"%s\" faulted: %s at ip %x, address %x: %s\n", cp->name,
		   pd_fault_kind_string(f->kind), (unsigned)f->ip, (unsigned)f->addr, what);
	if (c->fault == INIT_FAULT_KEEP)
		return;
	if (!restart) {
		release(cp);
		return;
	}
	string_format(name, sizeof(name), "%s", cp->name);
	release_child(cp);
	c->restarts++;
	if (!launch(c, name))
		report_if_none_running();
}

/* Core signals the faults of all children to this one handler */
static struct signal_handler child_faults;

static void child_faulted(struct signal_handler *h, uint32_t count)
{
	(void)h;
	(void)count;
	for (struct init_child *k = children; k; k = k->next)
		child_parent_check_fault(&k->cp);
}

static const struct child_policy policy = { .route            = init_route,
					    .exited           = exited,
					    .faulted          = faulted,
					    .may_provide      = init_may_provide,
					    .resource_request = init_resource_request,
					    .yielded          = init_yielded };

/* --- configuration --- */
static void check_parent_provides(void)
{
	struct node provides, service;
	char name[PARENT_SERVICE_LEN];

	bool more = node_sub_by_type(&config, "parent-provides", &provides) &&
		    node_sub_by_type(&provides, "service", &service);
	for (; more; more = node_next_by_type(&service, "service", &service))
		if (!node_attr_copy(&service, "name", name, sizeof(name)))
			log_printf("config: <service> without a valid name ignored\n");
}

static bool name_taken(const char *name)
{
	for (struct init_child *c = children; c; c = c->next)
		if (!strcmp(c->cp.name, name))
			return true;
	return false;
}

/* Why a child did not start, naming what it is about */
static void report_start_error(const char *name, const char *binary, enum child_result r,
			       enum elf_result elf_error, const struct child_resources *res)
{
	if (r == CHILD_NO_CPU)
		log_printf("cannot start \"%s\": its <affinity> CPUs %u..%u are not all among "
			   "init's CPUs on this board\n",
			   name, (unsigned)res->affinity.first,
			   (unsigned)(res->affinity.first + res->affinity.count - 1));
	else if (r == CHILD_BAD_ELF)
		log_printf("cannot start \"%s\": %s: %s\n", name, child_result_string(r),
			   elf_result_string(elf_error));
	else if (r == CHILD_NO_BINARY)
		log_printf("cannot start \"%s\": %s \"%s\"\n", name, child_result_string(r),
			   binary);
	else
		log_printf("cannot start \"%s\": %s\n", name, child_result_string(r));
}

/* Start c from its <start> node (again, when it is restarted); false if
 * it did not start (reported), and then it holds nothing */
static bool launch(struct init_child *c, const char *name)
{
	char binary[CHILD_NAME_LEN];
	struct child_resources res = { 0, 0, 0, { 0, 0 } };
	struct node inline_config;
	const char *text = NULL;
	enum elf_result elf_error;

	if (!start_read(c, &c->start, name, &res, binary))
		return false;
	c->has_config         = node_sub_by_type(&c->start, "config", &inline_config);
	size_t const text_len = c->has_config ? node_text(&inline_config, &text) : 0;
	if (c->has_config && !config_rom_init(&c->rom, &ep, text, (uint32_t)text_len,
					      node_text_terminator(&inline_config))) {
		log_printf("cannot start \"%s\": no RAM for its config\n", name);
		c->has_config = false;
		return false;
	}
	enum child_result r =
	    child_parent_start(&c->cp, &ep, name, binary, &res, &policy, &elf_error);
	if (r == CHILD_OK && child_parent_watch_faults(&c->cp, child_faults.context_cap) != RPC_OK)
		log_printf("\"%s\": its faults go unnoticed\n", name);
	if (r != CHILD_OK) {
		report_start_error(name, binary, r, elf_error, &res);
		if (c->has_config)
			config_rom_dissolve(&c->rom, &ep);
		c->has_config = false;
		return false;
	}
	if (settings.verbose)
		start_report(c, binary, &res);
	return true;
}

static void start_child(const struct node *start)
{
	struct init_child *c = calloc(1, sizeof(*c));
	char name[CHILD_NAME_LEN];

	if (!c) {
		log_printf("config: no RAM for another child, rest ignored\n");
		return;
	}
	if (!node_attr_copy(start, "name", name, sizeof(name)) || !name[0]) {
		log_printf("config: <start> without a valid name ignored\n");
		free(c);
		return;
	}
	if (name_taken(name)) {
		log_printf("config: child \"%s\" defined twice, second ignored\n", name);
		free(c);
		return;
	}
	c->start = *start;
	if (!launch(c, name)) {
		free(c);
		return;
	}
	*children_end = c;
	children_end  = &c->next;
}

static bool read_config(void)
{
	uint16_t rom = 0, ds = 0, space = 0;
	uint32_t size = 0, addr = 0;
	struct rm_attach_args a = { 0, 0, 0, 0 };

	if (parent_session(u, "ROM", "config", ROM_SESSION_RAM, ROM_SESSION_RAM, ROM_SESSION_CAPS,
			   &rom) != RPC_OK ||
	    rom_dataspace(u, rom, &ds, &size) != RPC_OK) {
		log_printf("no config ROM\n");
		return false;
	}
	if (size == 0) {
		log_printf("config: the config ROM is empty (0 bytes)\n");
		return false;
	}
	if (core_address_space(u, &space) != CORE_OK ||
	    rm_attach(u, space, ds, &a, &addr) != RPC_OK) {
		log_printf("config: cannot attach the config ROM\n");
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
	/* the first line opens init's LOG session: before core's resources are
	 * counted, so that they count only what the children take */
	log_printf("config read: %u services from the parent\n", parent_services(NULL, false));
	check_parent_provides();
	init_config_read();
	if (settings.verbose) {
		log_printf("parent provides\n");
		parent_services(NULL, true);
	}
	resources_init();
	/* likewise the signal handler for the children's faults */
	if (signal_handler_init(&ep, &child_faults, child_faulted) != SIGNAL_OK)
		log_printf("no signal handler: children's faults go unnoticed\n");
	/* likewise init's RAM session (for inline configs) and its heap's
	 * first chunk (for the children's records): made now */
	uint16_t warm = 0;
	if (env_ram_alloc(u, 1, &warm) == RPC_OK)
		env_ram_free(u, warm);
	free(malloc(1));
	core_resources(u, &core_ram_before, &core_caps_before);
	core_ram_left(u, &own_ram_before);
	bool more = node_sub_by_type(&config, "start", &start);
	for (; more; more = node_next_by_type(&start, "start", &start))
		start_child(&start);
	rpc_ep_serve(&ep);
}
