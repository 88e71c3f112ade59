/*
 * The bomb (run/bomb.run): a component that starts CHILDREN copies of
 * itself, each with a third of its own RAM quota and a config ROM it serves
 * itself (<config generation=".." depth=".." ram=".."/>), until the given
 * depth; leaves exit at once, inner bombs when all their children did. The
 * root bomb (generation 0) grows and collapses the tree ROUNDS times.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <base/child_parent.h>
#include <base/component.h>
#include <base/config.h>
#include <base/config_rom.h>
#include <base/env.h>
#include <base/log.h>
#include <base/session_args.h>
#include <base/node.h>

enum { CHILDREN = 2, ROUNDS = 3, TEXT = 96 };

struct bomb_child {
	struct child_parent cp; /* first */
	struct config_rom rom;
	char text[TEXT];
};

static struct env *env;
static struct bomb_child children[CHILDREN];
static uint64_t generation, depth, ram;
static unsigned running, round_no;

static struct child_route route(struct child_parent *cp, const char *service, const char *label)
{
	struct bomb_child *c = (struct bomb_child *)cp;
	if (!strcmp(service, "ROM") && !strcmp(session_label_last(label), "config"))
		return (struct child_route){ CHILD_ROUTE_LOCAL, NULL, 0, c->rom.obj.cap, NULL };
	return (struct child_route){ CHILD_ROUTE_PARENT, NULL, 0, 0, NULL };
}

static void start_round(void);

static void exited(struct child_parent *cp, int code)
{
	struct bomb_child *c = (struct bomb_child *)cp;

	if (code)
		log_printf("bomb: error: a child of generation %u exited with %d\n",
			   (unsigned)generation + 1, code);
	child_parent_release(cp);
	config_rom_dissolve(&c->rom, env->ep);
	if (--running)
		return;
	if (generation + 1 == depth)
		log_printf("bomb: %u leaves of generation %u done\n", CHILDREN, (unsigned)depth);
	if (generation == 0 && ++round_no < ROUNDS) {
		log_printf("bomb: round %u done\n", round_no);
		start_round();
		return;
	}
	if (generation == 0)
		log_printf("bomb: %u rounds done\n", ROUNDS);
	exit(0);
}

static const struct child_policy policy = { .route = route, .exited = exited };

static void start_round(void)
{
	uint32_t child_ram = (uint32_t)(ram / 3) & ~4095u;

	for (unsigned i = 0; i < CHILDREN; i++) {
		struct bomb_child *c       = &children[i];
		struct child_resources res = { child_ram, 0, 0, { 0, 0 } };
		char name[16];
		enum elf_result elf;

		snprintf(c->text, sizeof(c->text),
			 "<config generation=\"%u\" depth=\"%u\" ram=\"%u\"/>",
			 (unsigned)generation + 1, (unsigned)depth, (unsigned)child_ram);
		snprintf(name, sizeof(name), "g%u.%u", (unsigned)generation + 1, i);
		if (!config_rom_init(&c->rom, env->ep, c->text, (uint32_t)strlen(c->text), "")) {
			log_printf("bomb: error: no config for a child\n");
			continue;
		}
		enum child_result r =
		    child_parent_start(&c->cp, env->ep, name, "bomb", &res, &policy, &elf);
		if (r != CHILD_OK) {
			log_printf("bomb: error: generation %u cannot start a child: %s\n",
				   (unsigned)generation, child_result_string(r));
			config_rom_dissolve(&c->rom, env->ep);
			continue;
		}
		running++;
	}
	if (!running)
		exit(generation ? 0 : 1);
}

static void read_config(void)
{
	struct node config;

	if (config_read(env->utcb, &config)) {
		node_attr_u64(&config, "generation", &generation);
		node_attr_u64(&config, "depth", &depth);
		node_attr_u64(&config, "ram", &ram);
	}
}

void component_construct(struct env *e)
{
	env = e;
	read_config();
	if (generation == 0)
		log_printf("bomb: depth %u, %u children each, %u KiB for each child of the root\n",
			   (unsigned)depth, CHILDREN, (unsigned)(ram / 3 / 1024));
	if (generation >= depth)
		exit(0); /* a leaf */
	start_round();
}
