/*
 * Thread stacks (see base/stack.h) as RAM dataspaces of their own.
 */
#include <stdlib.h>
#include <base/core_service.h>
#include <base/env.h>
#include <base/stack.h>
#include <session/rm_session.h>

struct stack {
	uint16_t ds;
	uint32_t addr;
};

void *stack_alloc(size_t size, uintptr_t *top)
{
	struct utcb *u   = utcb_self();
	struct stack *st = malloc(sizeof(*st));

	if (!st)
		return NULL;
	size = (size + 4095) & ~(size_t)4095;
	if (env_ram_alloc(u, size, &st->ds) != RPC_OK) {
		free(st);
		return NULL;
	}
	if (!(st->addr = env_attach(u, st->ds))) {
		env_ram_free(u, st->ds);
		free(st);
		return NULL;
	}
	*top = st->addr + size;
	return st;
}

void stack_free(void *stack)
{
	struct stack *st = stack;
	struct utcb *u   = utcb_self();

	if (!st)
		return;
	rm_detach(u, env_address_space(u), st->addr);
	env_ram_free(u, st->ds);
	free(st);
}
