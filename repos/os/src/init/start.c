/*
 * What one <start> node asks for, in the forms Genode's init accepts:
 *
 *   <start name="x" ram="1M" caps="50" priority="-1" ram_max="4M" yield="yes">
 *     <resource name="RAM" quantum="1M"/>   (Genode's older form of ram)
 *     <resource name="CAP" quantum="50"/>   (... of caps)
 *     <resource name="CPU" quantum="10"/>   (percent of init's CPU quota)
 *     <binary name="y"/>
 *     <affinity xpos="1" width="2"/>         (its CPUs: 1 and 2; default: all of init's)
 *   <start ... fault="exit|restart|keep" restarts="3">
 *     what init does when a thread of the child stops on a fault it
 *     reported: end the child (exit, the default), end and start it again
 *     at most restarts times (default 3, at most 100), then end it, or keep
 *     it with the thread stopped (for a look with a debugger)
 *
 * ram and caps default to <default ram=".." caps="..">. With prio_levels
 * given, a priority below the lowest level is raised to it, as Genode does.
 */
#include <base/string_format.h>
#include <string.h>
#include <base/core_service.h>
#include <base/log.h>
#include "init.h"

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

static bool read_priority(const struct node *start, const char *name, uint32_t *below)
{
	char priority[12] = "0";

	if (node_attr_copy(start, "priority", priority, sizeof(priority)) &&
	    !parse_priority(priority, below)) {
		log_printf("config: child \"%s\": priority must be 0 or negative\n", name);
		return false;
	}
	if (settings.prio_levels && *below >= settings.prio_levels) {
		log_printf("config: child \"%s\": invalid priority, upgrading from -%u to -%u\n",
			   name, (unsigned)*below, (unsigned)(settings.prio_levels - 1));
		*below = settings.prio_levels - 1;
	}
	return true;
}

/* The <resource> nodes: RAM and CAP quantum override ram and caps */
static bool read_resources(const struct node *start, const char *name, uint64_t *ram,
			   uint64_t *caps, struct child_resources *res)
{
	struct node sub;
	uint64_t quantum = 0;
	char kind[8]     = "";

	for (bool more = node_sub_by_type(start, "resource", &sub); more;
	     more      = node_next_by_type(&sub, "resource", &sub)) {
		bool const valid = node_attr_copy(&sub, "name", kind, sizeof(kind)) &&
				   node_attr_u64(&sub, "quantum", &quantum);
		if (valid && !strcmp(kind, "RAM") && quantum <= 0xffffffffu) {
			if (node_attr(start, "ram", NULL, NULL))
				log_printf("config: child \"%s\": ambiguous RAM quota, the "
					   "<resource> counts\n",
					   name);
			*ram = quantum;
		} else if (valid && !strcmp(kind, "CAP")) {
			*caps = quantum;
		} else if (valid && !strcmp(kind, "CPU") && quantum <= 100) {
			res->cpu_percent = (uint32_t)quantum;
		} else {
			log_printf("config: child \"%s\": invalid <resource>\n", name);
			return false;
		}
	}
	return true;
}

/* fault="exit|restart|keep" restarts="N" */
static bool read_fault_policy(struct init_child *c, const struct node *start, const char *name)
{
	char policy[8]    = "exit";
	uint64_t restarts = INIT_RESTARTS_DEFAULT;

	node_attr_copy(start, "fault", policy, sizeof(policy));
	if (!strcmp(policy, "exit"))
		c->fault = INIT_FAULT_EXIT;
	else if (!strcmp(policy, "restart"))
		c->fault = INIT_FAULT_RESTART;
	else if (!strcmp(policy, "keep"))
		c->fault = INIT_FAULT_KEEP;
	else {
		log_printf("config: child \"%s\": fault must be exit, restart or keep\n", name);
		return false;
	}
	if (node_attr(start, "restarts", NULL, NULL) &&
	    (!node_attr_u64(start, "restarts", &restarts) || restarts > INIT_RESTARTS_MAX)) {
		log_printf("config: child \"%s\": restarts must be 0..%u\n", name,
			   (unsigned)INIT_RESTARTS_MAX);
		return false;
	}
	c->restarts_max = (uint32_t)restarts;
	return true;
}

/* The RAM init keeps for itself (<resource name="RAM" preserve="..">) must stay */
static bool preserved_ram_left(const char *name, uint64_t ram)
{
	uint64_t left = 0;

	if (!settings.preserve_ram || core_ram_left(utcb_main(), &left) != CORE_OK ||
	    left >= ram + settings.preserve_ram)
		return true;
	log_printf("cannot start \"%s\": its %u KiB would leave init less than the %u KiB it "
		   "preserves\n",
		   name, (unsigned)(ram / 1024), (unsigned)(settings.preserve_ram / 1024));
	return false;
}

bool start_read(struct init_child *c, const struct node *start, const char *name,
		struct child_resources *res, char *binary)
{
	struct node sub;
	uint64_t ram = settings.default_ram, caps = settings.default_caps;

	if (node_attr(start, "ram", NULL, NULL) &&
	    (!node_attr_u64(start, "ram", &ram) || ram > 0xffffffffu))
		ram = 0;
	if (node_attr(start, "caps", NULL, NULL) && !node_attr_u64(start, "caps", &caps)) {
		log_printf("config: child \"%s\": invalid caps\n", name);
		return false;
	}
	if (!read_resources(start, name, &ram, &caps, res) ||
	    !read_priority(start, name, &res->priority_below) || !read_fault_policy(c, start, name))
		return false;
	if (affinity_read(start, &res->affinity) == AFFINITY_INVALID) {
		log_printf("config: child \"%s\": invalid <affinity> (xpos, width >= 1; ypos 0, "
			   "height 1)\n",
			   name);
		return false;
	}
	if (!ram) {
		log_printf("config: child \"%s\": missing or invalid ram quota\n", name);
		return false;
	}
	res->ram   = (uint32_t)ram;
	c->ram     = ram;
	c->ram_max = ram;
	if (node_attr(start, "ram_max", NULL, NULL) &&
	    (!node_attr_u64(start, "ram_max", &c->ram_max) || c->ram_max < ram)) {
		log_printf("config: child \"%s\": invalid ram_max\n", name);
		return false;
	}
	c->ram_given = 0;
	c->yieldable = false;
	node_attr_bool(start, "yield", &c->yieldable);
	string_format(binary, CHILD_NAME_LEN, "%s", name);
	if (node_sub_by_type(start, "binary", &sub) &&
	    !node_attr_copy(&sub, "name", binary, CHILD_NAME_LEN)) {
		log_printf("config: child \"%s\": invalid binary name\n", name);
		return false;
	}
	return preserved_ram_left(name, ram);
}

/* What verbose="yes" shows of a child that started (Genode's init shows the same) */
void start_report(const struct init_child *c, const char *binary, const struct child_resources *res)
{
	struct node provides, s;
	char service[PARENT_SERVICE_LEN];

	log_printf("child \"%s\"\n", c->cp.name);
	log_printf("  RAM quota:  %u KiB\n", (unsigned)(res->ram / 1024));
	log_printf("  ELF binary: %s\n", binary);
	log_printf("  priority:   %u\n", (unsigned)res->priority_below);
	struct pd_quota_result q = { 0, 0, 0, 0, 0, 0, 0, 0 };
	if (res->affinity.count && pd_quota(utcb_main(), c->cp.loader.pd, &q) == RPC_OK)
		log_printf("  CPUs:       %u..%u, the main thread on CPU %u\n",
			   (unsigned)q.cpu_first, (unsigned)(q.cpu_first + q.cpu_count - 1),
			   (unsigned)q.main_cpu);
	if (!node_sub_by_type(&c->start, "provides", &provides))
		return;
	for (bool more = node_sub_by_type(&provides, "service", &s); more;
	     more      = node_next_by_type(&s, "service", &s))
                if (node_attr_copy(&s, "name", service, sizeof(service)))
                        log_printf("  provides service %s\n", service);
}
