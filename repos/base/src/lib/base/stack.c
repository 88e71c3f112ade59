/*
 * Thread stacks (see base/stack.h): core's stacks mapped on demand.
 */
#include <base/core_service.h>
#include <base/stack.h>

uint32_t stack_alloc(size_t size, uintptr_t *top)
{
	uint32_t handle = 0, at = 0;

	if (size > UINT32_MAX || core_stack(utcb_self(), (uint32_t)size, &at, &handle) != CORE_OK)
		return 0;
	*top = at;
	return handle;
}

void stack_free(uint32_t stack)
{
	if (stack)
		core_stack_free(utcb_self(), stack);
}
