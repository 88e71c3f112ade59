/*
 * Session routing as Genode's init does it: a child's <route> if it has one,
 * else <default-route>. The first rule whose service and label attributes
 * match decides, its targets tried in order:
 *
 *   <service name="LOG" [label, label_prefix, label_suffix | label_last | unscoped_label]>
 *   <any-service [the same label attributes]>
 *     <parent [label=".."]/> <child name=".." [label=".."]/> <any-child/> ...
 *
 * A target that does not have the service lets the next one try; if none
 * has it, a <service> rule denies and an <any-service> rule lets the next
 * rule decide. label, label_prefix and label_suffix match the label as the
 * child asked for it, label_last its last element, unscoped_label the whole
 * label with the child's name in front; label_last and unscoped_label each
 * override the others. A target's label (or its identity, resource and
 * prepend_resource) replaces the label the server sees. <any-child/> finds
 * the one sibling whose <provides> lists the service (several: denied as
 * ambiguous). A child with an inline <config> gets its "config" ROM from
 * init.
 */
#include <base/string_format.h>
#include <string.h>
#include <base/log.h>
#include <base/session_args.h>
#include "init.h"

enum { LABEL_LEN = 128 };

static const struct child_route denied = { CHILD_ROUTE_DENIED, NULL, 0, 0, NULL };

/* The label as the server would see it without rewriting: "child -> label" */
static void full_label(const struct init_child *c, const char *label, char *out)
{
	string_format(out, LABEL_LEN, "%s%s%s", c->cp.name, label[0] ? " -> " : "", label);
}

/* The first len characters of s as a string in out (cut to size - 1) */
static void copy_prefix(char *out, size_t size, const char *s, size_t len)
{
	size_t const n = len < size - 1 ? len : size - 1;
	memcpy(out, s, n);
	out[n] = '\0';
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t const n = strlen(s), w = strlen(suffix);
	return w <= n && !strcmp(s + n - w, suffix);
}

static bool label_matches(const struct init_child *c, const struct node *rule, const char *label)
{
	char want[LABEL_LEN], full[LABEL_LEN];

	if (node_attr_copy(rule, "unscoped_label", want, sizeof(want))) {
		full_label(c, label, full);
		return !strcmp(want, full);
	}
	if (node_attr_copy(rule, "label_last", want, sizeof(want)))
		return !strcmp(want, session_label_last(label));
	if (node_attr_copy(rule, "label", want, sizeof(want)) && strcmp(want, label))
		return false;
	if (node_attr_copy(rule, "label_prefix", want, sizeof(want)) &&
	    strncmp(want, label, strlen(want)))
		return false;
	if (node_attr_copy(rule, "label_suffix", want, sizeof(want)) && !ends_with(label, want))
		return false;
	return true;
}

static bool rule_matches(const struct init_child *c, const struct node *rule, const char *service,
			 const char *label)
{
	char name[PARENT_SERVICE_LEN];

	if (node_type_is(rule, "service"))
		return node_attr_copy(rule, "name", name, sizeof(name)) && !strcmp(name, service) &&
		       label_matches(c, rule, label);
	return node_type_is(rule, "any-service") && label_matches(c, rule, label);
}

/* A <provides> of the child's start node lists service */
static bool config_provides(const struct init_child *c, const char *service)
{
	struct node provides, s;
	char name[PARENT_SERVICE_LEN];

	if (!node_sub_by_type(&c->start, "provides", &provides))
		return false;
	for (bool more = node_sub_by_type(&provides, "service", &s); more;
	     more      = node_next_by_type(&s, "service", &s))
                if (node_attr_copy(&s, "name", name, sizeof(name)) && !strcmp(name, service))
                        return true;
	return false;
}

/* At a sibling that provides the service: at once, or once it announced it */
static struct child_route at_child(struct init_child *server, const char *service)
{
	uint16_t root = child_parent_provider(&server->cp, service);

	if (root)
		return (struct child_route){ CHILD_ROUTE_CHILD, &server->cp, root, 0, NULL };
	return config_provides(server, service)
		   ? (struct child_route){ CHILD_ROUTE_UNAVAILABLE, NULL, 0, 0, NULL }
		   : denied;
}

static struct child_route any_child(struct init_child *c, const char *service)
{
	struct init_child *server = NULL;

	for (struct init_child *k = children; k; k = k->next) {
		if (k == c || !k->cp.running || !config_provides(k, service))
			continue;
		if (server) {
			log_printf("\"%s\": ambiguous routes to service \"%s\"\n", c->cp.name,
				   service);
			return denied;
		}
		server = k;
	}
	return server ? at_child(server, service) : denied;
}

/*
 * The label the target t presents instead of the child's (see
 * child_route.label), NULL if it keeps it; valid until the next call.
 */
static const char *target_label(const struct init_child *c, const struct node *t, const char *label)
{
	static char rewritten[LABEL_LEN];
	char full[LABEL_LEN], identity[LABEL_LEN], resource[LABEL_LEN], prepend[LABEL_LEN] = "";

	if (node_attr_copy(t, "label", rewritten, sizeof(rewritten)))
		return rewritten;
	bool const has_identity = node_attr_copy(t, "identity", identity, sizeof(identity));
	bool const has_resource = node_attr_copy(t, "resource", resource, sizeof(resource));
	if (!node_attr_copy(t, "prepend_resource", prepend, sizeof(prepend)) && !has_identity &&
	    !has_resource)
		return NULL;

	/* what is not given comes from "identity -> resource", the full label */
	full_label(c, label, full);
	const char *const last = session_label_last(full);
	if (!has_resource)
		string_format(resource, sizeof(resource), "%s", last);
	if (!has_identity)
		copy_prefix(identity, sizeof(identity), full,
			    last > full ? (size_t)(last - full - 4) : 0);
	string_format(rewritten, sizeof(rewritten), "%s%s%s%s", identity, identity[0] ? " -> " : "",
		      prepend, resource);
	return rewritten;
}

/* One target of a rule: where it leads, or denied if it has not the service */
static struct child_route target(struct init_child *c, const struct node *t, const char *service,
				 const char *label)
{
	struct child_route r = denied;
	char name[CHILD_NAME_LEN];

	if (node_type_is(t, "parent") && parent_provides(service))
		r = (struct child_route){ CHILD_ROUTE_PARENT, NULL, 0, 0, NULL };
	if (node_type_is(t, "child")) {
		struct init_child *server =
		    node_attr_copy(t, "name", name, sizeof(name)) ? child_by_name(name) : NULL;
		if (server && server != c)
			r = at_child(server, service);
	}
	if (node_type_is(t, "any-child"))
		r = any_child(c, service);
	if (r.kind != CHILD_ROUTE_DENIED)
		r.label = target_label(c, t, label);
	return r;
}

/* The first matching rule of route decides; false if none does */
static bool evaluate(struct init_child *c, const struct node *route, const char *service,
		     const char *label, struct child_route *out)
{
	struct node rule, t;

	for (bool more = node_first_sub(route, &rule); more; more = node_next(&rule, &rule)) {
		if (!rule_matches(c, &rule, service, label))
			continue;
		for (bool any = node_first_sub(&rule, &t); any; any = node_next(&t, &t)) {
			*out = target(c, &t, service, label);
			if (out->kind != CHILD_ROUTE_DENIED)
				return true;
		}
		*out = denied;
		if (node_type_is(&rule, "service"))
			return true;
	}
	return false;
}

struct child_route init_route(struct child_parent *cp, const char *service, const char *label)
{
	struct init_child *c   = (struct init_child *)cp;
	struct child_route out = denied;
	struct node route;

	if (c->has_config && !strcmp(service, "ROM") &&
	    !strcmp(session_label_last(label), "config"))
		return (struct child_route){ CHILD_ROUTE_LOCAL, NULL, 0, c->rom.obj.cap, NULL };
	if (!node_sub_by_type(&c->start, "route", &route) &&
	    !node_sub_by_type(&config, "default-route", &route))
		return denied;
	if (!evaluate(c, &route, service, label, &out))
		log_printf("\"%s\": no route to service \"%s\" (label \"%s\")\n", cp->name, service,
			   label);
	return out;
}

bool init_may_provide(struct child_parent *c, const char *service)
{
	bool const may = config_provides((struct init_child *)c, service);

	if (may && settings.verbose)
		log_printf("child \"%s\" announces service \"%s\"\n", c->name, service);
	return may;
}

static bool start_named(const char *name)
{
	struct node start;
	char n[CHILD_NAME_LEN];

	for (bool more = node_sub_by_type(&config, "start", &start); more;
	     more      = node_next_by_type(&start, "start", &start))
                if (node_attr_copy(&start, "name", n, sizeof(n)) && !strcmp(n, name))
                        return true;
	return false;
}

/* A target that leads nowhere: reported, the next one is tried */
static void check_target(const struct node *t, const char *owner)
{
	char name[CHILD_NAME_LEN] = "";

	if (node_type_is(t, "child") &&
	    (!node_attr_copy(t, "name", name, sizeof(name)) || !start_named(name)))
		log_printf("config: %s: route to missing child \"%s\"\n", owner, name);
	else if (!node_type_is(t, "child") && !node_type_is(t, "parent") &&
		 !node_type_is(t, "any-child"))
		log_printf("config: %s: unknown route target\n", owner);
}

void check_routes(const struct node *route, const char *owner)
{
	struct node rule, t;

	for (bool more = node_first_sub(route, &rule); more; more = node_next(&rule, &rule)) {
		if (!node_type_is(&rule, "service") && !node_type_is(&rule, "any-service")) {
			log_printf("config: %s: unknown routing rule ignored\n", owner);
			continue;
		}
		if (!node_first_sub(&rule, &t))
			log_printf("config: %s: rule without target denies\n", owner);
		for (bool any = node_first_sub(&rule, &t); any; any = node_next(&t, &t))
			check_target(&t, owner);
	}
}
