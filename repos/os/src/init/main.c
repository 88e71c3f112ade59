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
struct xml_node config;

static struct utcb *u;
static struct rpc_entrypoint ep;
static char provided[MAX_SERVICES][PARENT_SERVICE_LEN];
static unsigned num_provided;
static uint64_t default_caps = 50;

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
static bool known(const struct xml_node *n, const char *const *types)
{
	for (; *types; types++)
		if (xml_node_type_is(n, *types))
			return true;
	return false;
}

static void report_unknown(const struct xml_node *parent, const char *const *types,
			   const char *where)
{
	struct xml_node n;
	for (bool more = xml_first_sub(parent, &n); more; more = xml_next(&n, &n)) {
		const char *type;
		char name[24];
		size_t len = xml_node_type(&n, &type);
		if (known(&n, types))
			continue;
		len = len < sizeof(name) - 1 ? len : sizeof(name) - 1;
		memcpy(name, type, len);
		name[len] = 0;
		log_printf("config: %s: unknown node <%s> ignored\n", where, name);
	}
}

static void read_parent_provides(void)
{
	struct xml_node provides, service;

	if (!xml_sub_by_type(&config, "parent-provides", &provides))
		return;
	bool more = xml_sub_by_type(&provides, "service", &service);
	for (; more; more = xml_next_by_type(&service, "service", &service)) {
		if (num_provided == MAX_SERVICES) {
			log_printf("config: more than %u services provided, rest ignored\n",
				   MAX_SERVICES);
			return;
		}
		if (!xml_attr_copy(&service, "name", provided[num_provided], PARENT_SERVICE_LEN))
			log_printf("config: <service> without a valid name ignored\n");
		else
			num_provided++;
	}
}

static void check_config(void)
{
	static const char *const top[]   = { "parent-provides", "default-route", "default",
					     "start",           "resource-pool", NULL };
	static const char *const start[] = { "binary", "resource", "provides",
					     "route",  "config",   NULL };
	struct xml_node n, sub;
	char name[CHILD_NAME_LEN], owner[CHILD_NAME_LEN + 16];

	report_unknown(&config, top, "<config>");
	if (xml_sub_by_type(&config, "default-route", &n))
		check_routes(&n, "default route");
	if (xml_sub_by_type(&config, "default", &n) && !xml_attr_u64(&n, "caps", &default_caps))
		log_printf("config: <default> without valid caps ignored\n");
	for (bool more = xml_sub_by_type(&config, "start", &n); more;
	     more      = xml_next_by_type(&n, "start", &n)) {
		if (!xml_attr_copy(&n, "name", name, sizeof(name)))
			continue; /* reported when it is started */
		snprintf(owner, sizeof(owner), "child \"%s\"", name);
		report_unknown(&n, start, owner);
		if (xml_sub_by_type(&n, "route", &sub))
			check_routes(&sub, owner);
	}
}

/* "0", "-1", "-2" ...: levels below init's own top priority */
static bool parse_priority(const char *text, uint32_t *below)
{
	uint32_t n = 0;
	if (*text == '-')
		text++;
	else if (strcmp(text, "0"))
		return false;
	if (!*text)
		return false;
	for (; *text >= '0' && *text <= '9' && n < 100; text++)
		n = n * 10 + (uint32_t)(*text - '0');
	*below = n;
	return !*text;
}

static bool name_taken(const char *name)
{
	for (unsigned i = 0; i < num_children; i++)
		if (!strcmp(children[i].cp.name, name))
			return true;
	return false;
}

/* What the start node asks for; false (reported) if it is malformed */
static bool read_start(struct init_child *c, const struct xml_node *start, const char *name,
		       struct child_resources *res, char *binary)
{
	struct xml_node sub;
	uint64_t ram = 0, quantum = 0, caps = default_caps;
	char priority[12] = "0";

	if (!xml_attr_u64(start, "ram", &ram) || ram > 0xffffffffu) {
		log_printf("config: child \"%s\": missing or invalid ram quota\n", name);
		return false;
	}
	if (xml_attr(start, "caps", NULL, NULL) && !xml_attr_u64(start, "caps", &caps)) {
		log_printf("config: child \"%s\": invalid caps\n", name);
		return false;
	}
	res->ram   = (uint32_t)ram;
	c->ram     = ram;
	c->ram_max = ram;
	if (xml_attr(start, "ram_max", NULL, NULL) &&
	    (!xml_attr_u64(start, "ram_max", &c->ram_max) || c->ram_max < ram)) {
		log_printf("config: child \"%s\": invalid ram_max\n", name);
		return false;
	}
	c->ram_given = 0;
	c->yieldable = false;
	xml_attr_bool(start, "yield", &c->yieldable);
	if (xml_attr_copy(start, "priority", priority, sizeof(priority)) &&
	    !parse_priority(priority, &res->priority_below)) {
		log_printf("config: child \"%s\": priority must be 0 or negative\n", name);
		return false;
	}
	bool more = xml_sub_by_type(start, "resource", &sub);
	for (; more; more = xml_next_by_type(&sub, "resource", &sub)) {
		char kind[8] = "";
		if (!xml_attr_copy(&sub, "name", kind, sizeof(kind)) || strcmp(kind, "CPU") ||
		    !xml_attr_u64(&sub, "quantum", &quantum) || quantum > 100) {
			log_printf("config: child \"%s\": invalid <resource>\n", name);
			return false;
		}
		res->cpu_percent = (uint32_t)quantum;
	}
	strcpy(binary, name);
	if (xml_sub_by_type(start, "binary", &sub) &&
	    !xml_attr_copy(&sub, "name", binary, CHILD_NAME_LEN)) {
		log_printf("config: child \"%s\": invalid binary name\n", name);
		return false;
	}
	return true;
}

static void start_child(const struct xml_node *start)
{
	struct init_child *c = &children[num_children];
	char name[CHILD_NAME_LEN], binary[CHILD_NAME_LEN];
	struct child_resources res = { 0, 0, 0 };
	struct xml_node inline_config;
	enum elf_result elf_error;

	if (!xml_attr_copy(start, "name", name, sizeof(name)) || !name[0]) {
		log_printf("config: <start> without a valid name ignored\n");
		return;
	}
	if (name_taken(name)) {
		log_printf("config: child \"%s\" defined twice, second ignored\n", name);
		return;
	}
	if (!read_start(c, start, name, &res, binary))
		return;
	c->start      = *start;
	c->has_config = xml_sub_by_type(start, "config", &inline_config);
	if (c->has_config &&
	    !config_rom_init(&c->rom, &ep, inline_config.doc + inline_config.start,
			     (uint32_t)(inline_config.end - inline_config.start))) {
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
	struct xml_result x = xml_parse((const char *)(uintptr_t)addr, size, &config);
	if (x.error != XML_OK) {
		log_printf("config: %s at line %u, column %u\n", xml_error_string(x.error), x.line,
			   x.column);
		return false;
	}
	if (!xml_node_type_is(&config, "config")) {
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
	struct xml_node start;

	stack_prefault();
	u = utcb_main();
	rpc_ep_init(&ep, u, 0);
	if (!read_config())
		return 1;
	read_parent_provides();
	/* the first line opens init's LOG session: before core's resources are
	 * counted, so that they count only what the children take */
	log_printf("config read: %u services from the parent\n", num_provided);
	check_config();
	resources_init();
	/* likewise init's RAM session (for inline configs): open it now */
	uint16_t warm = 0;
	if (env_ram_alloc(u, 1, &warm) == RPC_OK)
		env_ram_free(u, warm);
	core_resources(u, &core_ram_before, &core_caps_before);
	bool more = xml_sub_by_type(&config, "start", &start);
	for (; more; more = xml_next_by_type(&start, "start", &start)) {
		if (num_children == MAX_CHILDREN) {
			log_printf("config: more than %u children, rest ignored\n", MAX_CHILDREN);
			break;
		}
		start_child(&start);
	}
	rpc_ep_serve(&ep);
}
