/*
 * A component with 2,000 RPC objects and 1,000 attachments at once
 * (run/scale.run): core keeps no table of either, each costs the
 * component's quota. A second thread calls every object, which answers
 * with its own number; one page is attached at 1,000 places, written
 * through one and read through all. Everything goes again, and core's free
 * RAM and names are back where they were.
 */
#include <stdlib.h>
#include <base/component.h>
#include <base/core_service.h>
#include <base/env.h>
#include <kernel/call.h>
#include <session/rm_session.h>
#define TEST_NAME "scale"
#include <test/check.h>

enum { OBJECTS = 2000, ATTACHMENTS = 1000, STACK_WORDS = 1024 };
enum { OP_NUMBER, OP_DONE, OPCODES };

struct object {
	struct rpc_object obj; /* first */
	uint32_t number;
};

struct number {
	uint32_t value;
};

static const struct rpc_function functions[OPCODES] = {
	[OP_NUMBER] = { 0, sizeof(struct number), 0, 0 },
	[OP_DONE]   = { sizeof(struct number), 0, 0, 0 },
};

static struct env *env;
static struct object *objects;
static uint32_t stack[STACK_WORDS] __attribute__((aligned(8)));
static uint64_t ram_before;
static uint32_t caps_before;
static volatile bool go;
static uint16_t page; /* the dataspace attached 1,000 times */

static void attachments(void);

static int number_handler(struct rpc_object *o, struct rpc_request *r)
{
	((struct number *)r->result)->value = ((struct object *)o)->number;
	return RPC_OK;
}

/* The caller has called every object: how many answered right */
static int done_handler(struct rpc_object *o, struct rpc_request *r)
{
	unsigned right = ((const struct number *)r->args)->value;
	(void)o;
	CHECK(right == OBJECTS, "%u of %u objects answered with their number\n", right, OBJECTS);
	log_printf("scale: %u RPC objects, each called by a second thread, %u answered right\n",
		   OBJECTS, right);
	for (unsigned i = 0; i < OBJECTS; i++)
		rpc_ep_dissolve(env->ep, &objects[i].obj);
	attachments();
	return RPC_OK; /* not reached: attachments() ends the component */
}

static const rpc_handler_t handlers[OPCODES] = { number_handler, done_handler };
static const struct rpc_interface iface      = { OPCODES, functions, handlers };

static void caller(struct utcb *u)
{
	struct number n = { 0 }, right = { 0 };

	while (!go)
		kernel_thread_yield();
	for (unsigned i = 0; i < OBJECTS; i++)
		if (rpc_call(u, objects[i].obj.cap, OP_NUMBER, &functions[OP_NUMBER], NULL, &n,
			     NULL, NULL) == RPC_OK &&
		    n.value == i)
			right.value++;
	rpc_call(u, objects[0].obj.cap, OP_DONE, &functions[OP_DONE], &right, NULL, NULL, NULL);
	kernel_thread_stop();
}

static void attachments(void)
{
	struct utcb *u = env->utcb;
	uint16_t space = env_address_space(u), ds = page;
	static uint32_t at[ATTACHMENTS];
	unsigned made = 0, read_back = 0;

	while (made < ATTACHMENTS && (at[made] = env_attach(u, ds)))
		made++;
	CHECK(made == ATTACHMENTS, "%u attachments, then refused\n", made);
	*(volatile uint32_t *)(uintptr_t)at[0] = 0x5ca1e;
	for (unsigned i = 0; i < made; i++)
		read_back += *(volatile uint32_t *)(uintptr_t)at[i] == 0x5ca1e;
	CHECK(read_back == made, "%u of %u attachments show the page\n", read_back, made);
	for (unsigned i = 0; i < made; i++)
		CHECK(rm_detach(u, space, at[i]) == RPC_OK, "detach %u\n", i);
	log_printf("scale: one page attached at %u places, read through all; all detached\n", made);

	uint64_t ram_after  = 0;
	uint32_t caps_after = 0;
	core_resources(u, &ram_after, &caps_after);
	CHECK(ram_after == ram_before && caps_after == caps_before,
	      "core: %u KiB free and %u names before, %u KiB and %u after\n",
	      (unsigned)(ram_before / 1024), (unsigned)caps_before, (unsigned)(ram_after / 1024),
	      (unsigned)caps_after);
	exit(test_report());
}

/* Stack pages core maps on demand stay: touch what the handlers need now */
static __attribute__((noinline)) void stack_prefault(void)
{
	volatile uint8_t depth[16 * 1024];
	for (unsigned i = 0; i < sizeof(depth); i += 4096)
		depth[i] = 0;
}

void component_construct(struct env *e)
{
	uint16_t cap    = 0;
	uint32_t handle = 0;
	unsigned made   = 0;

	env = e;
	/* what stays is made before core's resources are counted: the LOG
	 * session, stack pages, the heap's chunk, the RAM session and its page,
	 * the calling thread */
	stack_prefault();
	log_printf("scale: %u RPC objects, %u attachments\n", OBJECTS, ATTACHMENTS);
	objects = calloc(OBJECTS, sizeof(*objects));
	CHECK(objects && env_ram_alloc(env->utcb, 4096, &page) == RPC_OK, "memory\n");
	CHECK(core_thread(env->utcb, caller, stack + STACK_WORDS, &cap, &handle) == CORE_OK,
	      "the calling thread\n");
	core_resources(env->utcb, &ram_before, &caps_before);
	for (; objects && made < OBJECTS; made++) {
		objects[made].number = made;
		if (rpc_ep_manage(env->ep, &objects[made].obj, &iface) != RPC_OK)
			break;
	}
	CHECK(made == OBJECTS, "%u RPC objects, then refused\n", made);
	go = true;
}
