/*
 * Component start-up: take the capabilities of core's service and of the
 * parent from the main thread's initial UTCB before the first message
 * overwrites it.
 */
#include <base/core_service.h>
#include <base/parent.h>

void base_init(struct utcb *utcb);

void base_init(struct utcb *utcb)
{
	core_service_cap = utcb->cap_count ? utcb->caps[0] : 0;
	parent_cap       = utcb->cap_count > 1 ? utcb->caps[1] : 0;
}
