/*
 * init: starts the children its "config" ROM lists and is their parent.
 *
 *   <config>
 *     <parent-provides> <service name="LOG"/> ... </parent-provides>
 *     <default-route> <any-service> <parent/> </any-service> </default-route>
 *     <start name="hello" ram="1M" caps="50" priority="-1">  (priority: optional)
 *       <binary name="hello"/>                    (default: the start name)
 *       <resource name="CPU" quantum="10"/>        (percent, optional)
 *     </start>
 *   </config>
 *
 * Each child gets a PD paid from its ram quota. Its session requests go to
 * init's parent with the label prefixed by the child's name; the RAM it
 * donates is taken from its PD and returned when the session is closed.
 * When a child exits, init reports it and releases everything it held.
 */
#include <string.h>
#include <base/child_parent.h>
#include <base/core_service.h>
#include <base/log.h>
#include <base/parent.h>
#include <base/session_args.h>
#include <base/xml.h>
#include <kernel/call.h>
#include <session/pd_session.h>
#include <session/rm_session.h>
#include <session/rom_session.h>

enum { MAX_CHILDREN = 16, MAX_SERVICES = 16, NAME_LEN = CHILD_NAME_LEN };

static struct utcb *u;
static struct rpc_entrypoint ep;
static struct child_parent children[MAX_CHILDREN];
static unsigned num_children;
static char provided[MAX_SERVICES][PARENT_SERVICE_LEN];
static unsigned num_provided;

/* --- policy for the children --- */
static bool allowed(struct child_parent *c, const char *service, const char *args)
{
	(void)c;
	(void)args;
	for (unsigned i = 0; i < num_provided; i++)
		if (!strcmp(provided[i], service))
			return true;
	return false;
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
static void exited(struct child_parent *c, int code)
{
	bool any_running = false;

	log_printf("child \"%s\" exited with exit value %d\n", c->name, code);
	child_parent_release(c);
	for (unsigned i = 0; i < num_children; i++)
		any_running |= children[i].running;
	if (!any_running)
		report_resources();
}

static const struct child_policy policy = { allowed, exited };

/* --- configuration --- */
static void read_parent_provides(const struct xml_node *config)
{
	struct xml_node provides, service;

	if (!xml_sub_by_type(config, "parent-provides", &provides))
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
		if (!strcmp(children[i].name, name))
			return true;
	return false;
}

static void start_child(const struct xml_node *start)
{
	struct child_parent *c = &children[num_children];
	char name[NAME_LEN];
	char binary[NAME_LEN];
	struct xml_node sub;
	uint64_t ram = 0, quantum = 0;
	struct child_resources res = { 0, 0, 0 };
	enum elf_result elf_error;
	char priority[12] = "0";

	if (!xml_attr_copy(start, "name", name, sizeof(name)) || !name[0]) {
		log_printf("config: <start> without a valid name ignored\n");
		return;
	}
	if (name_taken(name)) {
		log_printf("config: child \"%s\" defined twice, second ignored\n", name);
		return;
	}
	if (!xml_attr_u64(start, "ram", &ram) || ram > 0xffffffffu) {
		log_printf("config: child \"%s\": missing or invalid ram quota\n", name);
		return;
	}
	res.ram = (uint32_t)ram;
	if (xml_attr_copy(start, "priority", priority, sizeof(priority)) &&
	    !parse_priority(priority, &res.priority_below)) {
		log_printf("config: child \"%s\": priority must be 0 or negative\n", name);
		return;
	}
	bool more = xml_sub_by_type(start, "resource", &sub);
	for (; more; more = xml_next_by_type(&sub, "resource", &sub)) {
		char kind[8] = "";
		if (!xml_attr_copy(&sub, "name", kind, sizeof(kind)) || strcmp(kind, "CPU") ||
		    !xml_attr_u64(&sub, "quantum", &quantum) || quantum > 100) {
			log_printf("config: child \"%s\": invalid <resource>\n", name);
			return;
		}
		res.cpu_percent = (uint32_t)quantum;
	}
	memcpy(binary, name, sizeof(binary));
	if (xml_sub_by_type(start, "binary", &sub) &&
	    !xml_attr_copy(&sub, "name", binary, sizeof(binary))) {
		log_printf("config: child \"%s\": invalid binary name\n", name);
		return;
	}
	enum child_result r = child_parent_start(c, &ep, name, binary, &res, &policy, &elf_error);
	if (r != CHILD_OK) {
		log_printf("cannot start \"%s\": %s%s%s\n", name, child_result_string(r),
			   r == CHILD_BAD_ELF ? ": " : "",
			   r == CHILD_BAD_ELF ? elf_result_string(elf_error) : "");
		return;
	}
	num_children++;
}

static bool read_config(struct xml_node *config)
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
	struct xml_result x = xml_parse((const char *)(uintptr_t)addr, size, config);
	if (x.error != XML_OK) {
		log_printf("config: %s at line %u, column %u\n", xml_error_string(x.error), x.line,
			   x.column);
		return false;
	}
	if (!xml_node_type_is(config, "config")) {
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
	struct xml_node config, start;

	stack_prefault();
	u = utcb_main();
	rpc_ep_init(&ep, u, 0);
	if (!read_config(&config))
		return 1;
	read_parent_provides(&config);
	/* the first line opens init's LOG session: before core's resources are
	 * counted, so that they count only what the children take */
	log_printf("config read: %u services from the parent\n", num_provided);
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
