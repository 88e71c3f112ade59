/*
 * Component start-up: take the capability of core's service from the main
 * thread's initial UTCB before the first message overwrites it.
 */
#include <base/core_service.h>

void base_init(struct utcb *utcb);

void base_init(struct utcb *utcb) { core_service_cap = utcb->cap_count ? utcb->caps[0] : 0; }
