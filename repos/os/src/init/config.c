/*
 * init's settings from its config, and the check of the config's shape:
 *
 *   <config verbose="yes" prio_levels="4">   (both optional)
 *     <default caps="100" ram="1M"/>           for <start> nodes without their own
 *     <resource name="RAM" preserve="2M"/>      RAM init keeps for itself
 *     <affinity-space width="2" height="1"/>    CPUs the children are placed on
 *
 * Nodes that Genode's init knows but this one does not support are
 * reported by name as ignored, as are unknown ones; nothing is dropped
 * silently. (Attributes that mean nothing here, ld and ld_verbose on a
 * system without dynamic linking, are accepted.)
 */
#include <base/string_format.h>
#include <string.h>
#include <base/log.h>
#include "init.h"

struct init_settings settings = { false, 0, 50, 0, 0, 0, 0 };

static bool listed(const struct node *n, const char *const *types)
{
	for (; *types; types++)
		if (node_type_is(n, *types))
			return true;
	return false;
}

/* Report the sub nodes of parent that are neither known nor Genode's unsupported ones */
static void check_nodes(const struct node *parent, const char *const *known,
			const char *const *unsupported, const char *where)
{
	struct node n;
	char type[24];

	for (bool more = node_first_sub(parent, &n); more; more = node_next(&n, &n)) {
		const char *t;
		size_t const len = node_type(&n, &t);
		if (listed(&n, known))
			continue;
		size_t const cut = len < sizeof(type) - 1 ? len : sizeof(type) - 1;
		memcpy(type, t, cut);
		type[cut] = '\0';
		if (listed(&n, unsupported))
			log_printf("config: %s: <%s> is not supported here, ignored\n", where,
				   type);
		else
			log_printf("config: %s: unknown node <%s> ignored\n", where, type);
	}
}

static void read_defaults(void)
{
	struct node n;

	if (!node_sub_by_type(&config, "default", &n))
		return;
	if (node_attr(&n, "caps", NULL, NULL) && !node_attr_u64(&n, "caps", &settings.default_caps))
		log_printf("config: <default> with invalid caps ignored\n");
	if (node_attr(&n, "ram", NULL, NULL) && (!node_attr_u64(&n, "ram", &settings.default_ram) ||
						 settings.default_ram > 0xffffffffu)) {
		log_printf("config: <default> with invalid ram ignored\n");
		settings.default_ram = 0;
	}
}

/* <resource name="RAM" preserve=".."/> and Genode's CAP counterpart */
static void read_preserved(void)
{
	struct node n;
	char kind[8] = "";
	uint64_t amount;

	for (bool more = node_sub_by_type(&config, "resource", &n); more;
	     more      = node_next_by_type(&n, "resource", &n)) {
		bool const valid = node_attr_copy(&n, "name", kind, sizeof(kind)) &&
				   node_attr_u64(&n, "preserve", &amount);
		if (valid && !strcmp(kind, "RAM"))
			settings.preserve_ram = amount;
		else if (valid && !strcmp(kind, "CAP"))
			log_printf("config: <resource name=\"CAP\">: capability quotas are not "
				   "enforced here, ignored\n");
		else
			log_printf("config: invalid <resource> ignored\n");
	}
}

/* "2", "4", ...: Genode takes any other number as no levels at all */
static void read_prio_levels(void)
{
	uint64_t levels = 0;

	if (!node_attr(&config, "prio_levels", NULL, NULL))
		return;
	if (!node_attr_u64(&config, "prio_levels", &levels) || levels > 256 ||
	    (levels & (levels - 1))) {
		log_printf("config: prio_levels is not a power of two, priorities are disabled\n");
		levels = 1;
	}
	settings.prio_levels = (uint32_t)levels;
}

static void read_affinity_space(void)
{
	struct node n;
	uint64_t width = 1, height = 1;

	if (!node_sub_by_type(&config, "affinity-space", &n))
		return;
	if ((node_attr(&n, "width", NULL, NULL) && !node_attr_u64(&n, "width", &width)) ||
	    (node_attr(&n, "height", NULL, NULL) && !node_attr_u64(&n, "height", &height)) ||
	    !width || !height || width > 64 || height > 64) {
		log_printf("config: invalid <affinity-space> ignored\n");
		return;
	}
	settings.affinity_width  = (uint32_t)width;
	settings.affinity_height = (uint32_t)height;
}

/* A child's <affinity> should lie within the <affinity-space>, if one is
 * given (the CPUs themselves are checked when the child starts) */
static void check_affinity(const struct node *start, const char *owner)
{
	struct node n;
	uint64_t x = 0, y = 0, w = 1, h = 1;

	if (!settings.affinity_width || !node_sub_by_type(start, "affinity", &n))
		return;
	node_attr_u64(&n, "xpos", &x);
	node_attr_u64(&n, "ypos", &y);
	node_attr_u64(&n, "width", &w);
	node_attr_u64(&n, "height", &h);
	if (!w || !h || x + w > settings.affinity_width || y + h > settings.affinity_height)
		log_printf("config: %s: affinity location exceeds affinity-space boundary\n",
			   owner);
}

static void check_start(const struct node *start)
{
	static const char *const known[]       = { "binary", "resource", "provides", "route",
						   "config", "affinity", NULL };
	static const char *const unsupported[] = { "heartbeat", "exit", NULL };
	char name[CHILD_NAME_LEN], owner[CHILD_NAME_LEN + 16];
	struct node route;

	if (!node_attr_copy(start, "name", name, sizeof(name)))
		return; /* reported when it is started */
	string_format(owner, sizeof(owner), "child \"%s\"", name);
	check_nodes(start, known, unsupported, owner);
	if (node_attr(start, "managing_system", NULL, NULL))
		log_printf("config: %s: managing_system is not supported here, ignored\n", owner);
	check_affinity(start, owner);
	if (node_sub_by_type(start, "route", &route))
		check_routes(&route, owner);
}

void init_config_read(void)
{
	static const char *const known[]       = { "parent-provides", "default-route",
						   "default",         "start",
						   "resource-pool",   "resource",
						   "affinity-space",  NULL };
	static const char *const unsupported[] = { "service", "alias", "report", "heartbeat",
						   NULL };
	struct node n;

	node_attr_bool(&config, "verbose", &settings.verbose);
	read_prio_levels();
	read_defaults();
	read_preserved();
	read_affinity_space();
	check_nodes(&config, known, unsupported, "<config>");
	if (node_sub_by_type(&config, "default-route", &n))
		check_routes(&n, "default route");
	for (bool more = node_sub_by_type(&config, "start", &n); more;
	     more      = node_next_by_type(&n, "start", &n))
                check_start(&n);
}
