/*
 * Session routing: a child's <route> first, then <default-route>; the first
 * rule whose service (and label attributes) match decides:
 *
 *   <service name="LOG" [label|label_prefix|label_suffix|label_last=".."]>
 *   <any-service>
 *     ... containing one of <parent/>, <child name=".."/>, <any-child/>
 *
 * Labels are matched as the child asked for them, without its own name in
 * front. A child with an inline <config> gets its "config" ROM from init.
 */
#include <string.h>
#include <base/log.h>
#include <base/session_args.h>
#include "init.h"

enum { LABEL_LEN = 128 };

static bool label_matches(const struct xml_node *rule, const char *label)
{
	char want[LABEL_LEN];
	size_t n = strlen(label), w;

	if (xml_attr_copy(rule, "label", want, sizeof(want)) && strcmp(want, label))
		return false;
	if (xml_attr_copy(rule, "label_prefix", want, sizeof(want)) &&
	    strncmp(want, label, strlen(want)))
		return false;
	if (xml_attr_copy(rule, "label_suffix", want, sizeof(want)) &&
	    ((w = strlen(want)) > n || strcmp(label + n - w, want)))
		return false;
	if (xml_attr_copy(rule, "label_last", want, sizeof(want)) &&
	    strcmp(want, session_label_last(label)))
		return false;
	return true;
}

static bool rule_matches(const struct xml_node *rule, const char *service, const char *label)
{
	char name[PARENT_SERVICE_LEN];

	if (xml_node_type_is(rule, "service"))
		return xml_attr_copy(rule, "name", name, sizeof(name)) && !strcmp(name, service) &&
		       label_matches(rule, label);
	return xml_node_type_is(rule, "any-service") && label_matches(rule, label);
}

/* A <provides> of the child's start node lists service */
static bool config_provides(const struct init_child *c, const char *service)
{
	struct xml_node provides, s;
	char name[PARENT_SERVICE_LEN];

	if (!xml_sub_by_type(&c->start, "provides", &provides))
		return false;
	for (bool more = xml_sub_by_type(&provides, "service", &s); more;
	     more      = xml_next_by_type(&s, "service", &s))
                if (xml_attr_copy(&s, "name", name, sizeof(name)) && !strcmp(name, service))
                        return true;
	return false;
}

static struct child_route at_child(struct init_child *server, const char *service)
{
	uint16_t root = child_parent_provider(&server->cp, service);

	if (root)
		return (struct child_route){ CHILD_ROUTE_CHILD, &server->cp, root, 0 };
	return (struct child_route){ config_provides(server, service) ? CHILD_ROUTE_UNAVAILABLE
								      : CHILD_ROUTE_DENIED,
				     NULL, 0, 0 };
}

static struct child_route target(struct init_child *c, const struct xml_node *t,
				 const char *service)
{
	static const struct child_route denied = { CHILD_ROUTE_DENIED, NULL, 0, 0 };
	char name[CHILD_NAME_LEN];

	if (xml_node_type_is(t, "parent"))
		return parent_provides(service)
			   ? (struct child_route){ CHILD_ROUTE_PARENT, NULL, 0, 0 }
			   : denied;
	if (xml_node_type_is(t, "child")) {
		struct init_child *server =
		    xml_attr_copy(t, "name", name, sizeof(name)) ? child_by_name(name) : NULL;
		return server && server != c ? at_child(server, service) : denied;
	}
	if (xml_node_type_is(t, "any-child")) {
		struct child_route best = denied;
		for (unsigned i = 0; i < num_children; i++) {
			if (&children[i] == c || !children[i].cp.running)
				continue;
			struct child_route r = at_child(&children[i], service);
			if (r.kind == CHILD_ROUTE_CHILD)
				return r;
			if (r.kind == CHILD_ROUTE_UNAVAILABLE)
				best = r;
		}
		return best;
	}
	return denied;
}

/* The first matching rule of route decides; false if none matches */
static bool evaluate(struct init_child *c, const struct xml_node *route, const char *service,
		     const char *label, struct child_route *out)
{
	struct xml_node rule, t;

	for (bool more = xml_first_sub(route, &rule); more; more = xml_next(&rule, &rule)) {
		if (!rule_matches(&rule, service, label))
			continue;
		*out = xml_first_sub(&rule, &t) ? target(c, &t, service)
						: (struct child_route){ CHILD_ROUTE_DENIED };
		return true;
	}
	return false;
}

struct child_route init_route(struct child_parent *cp, const char *service, const char *label)
{
	struct init_child *c   = (struct init_child *)cp;
	struct child_route out = { CHILD_ROUTE_DENIED, NULL, 0, 0 };
	struct xml_node route;

	if (c->has_config && !strcmp(service, "ROM") &&
	    !strcmp(session_label_last(label), "config"))
		return (struct child_route){ CHILD_ROUTE_LOCAL, NULL, 0, c->rom.obj.cap };
	if (xml_sub_by_type(&c->start, "route", &route) &&
	    evaluate(c, &route, service, label, &out))
		return out;
	if (xml_sub_by_type(&config, "default-route", &route))
		evaluate(c, &route, service, label, &out);
	return out;
}

bool init_may_provide(struct child_parent *c, const char *service)
{
	return config_provides((struct init_child *)c, service);
}

static bool start_named(const char *name)
{
	struct xml_node start;
	char n[CHILD_NAME_LEN];

	for (bool more = xml_sub_by_type(&config, "start", &start); more;
	     more      = xml_next_by_type(&start, "start", &start))
                if (xml_attr_copy(&start, "name", n, sizeof(n)) && !strcmp(n, name))
                        return true;
	return false;
}

void check_routes(const struct xml_node *route, const char *owner)
{
	struct xml_node rule, t;
	char name[CHILD_NAME_LEN];

	for (bool more = xml_first_sub(route, &rule); more; more = xml_next(&rule, &rule)) {
		if (!xml_node_type_is(&rule, "service") &&
		    !xml_node_type_is(&rule, "any-service")) {
			log_printf("config: %s: unknown routing rule ignored\n", owner);
			continue;
		}
		if (!xml_first_sub(&rule, &t))
			log_printf("config: %s: rule without target denies\n", owner);
		else if (xml_node_type_is(&t, "child") &&
			 (!xml_attr_copy(&t, "name", name, sizeof(name)) || !start_named(name)))
			log_printf("config: %s: route to missing child \"%s\"\n", owner, name);
		else if (!xml_node_type_is(&t, "child") && !xml_node_type_is(&t, "parent") &&
			 !xml_node_type_is(&t, "any-child"))
			log_printf("config: %s: unknown route target\n", owner);
	}
}
