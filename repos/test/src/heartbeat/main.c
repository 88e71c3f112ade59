/*
 * A bystander with a heartbeat (run/fuzz.run): wakes every period_us of
 * kernel time by a one-shot kernel timeout, measures how late it woke, and
 * prints every tenth beat. It watches the component announced at core as
 * <config watch=".."/> and ends once that one is gone (it must have seen
 * it first), printing how many beats fell into how much time and the
 * largest lateness, so that a run script can tell whether the rhythm held.
 *
 *   <config period_us="10000" watch="fuzz" max_beats="100000"/>
 */
#include <base/config.h>
#include <base/core_service.h>
#include <base/log.h>
#include <kernel/call.h>

enum { REPORT_EVERY = 10 };

struct heart {
	uint16_t receiver, context;
	uint64_t period, next; /* the beat due */
	uint64_t woke, max_late;
};

static bool setup(struct heart *h)
{
	uint32_t handle;

	return core_sig_receiver(utcb_main(), &h->receiver, &handle) == CORE_OK &&
	       core_sig_context(utcb_main(), handle, 1, &h->context) == CORE_OK;
}

/* Sleep until the next beat is due; false if the kernel refused */
static bool beat(struct heart *h)
{
	uint64_t now = kernel_time_us();

	h->next += h->period;
	if (h->next > now) {
		if (kernel_timeout((uint32_t)(h->next - now), h->context) != KERNEL_OK ||
		    kernel_sig_wait(h->receiver) != KERNEL_OK ||
		    kernel_sig_ack(h->context) != KERNEL_OK)
			return false;
		now = kernel_time_us();
	}
	if (now - h->next > h->max_late)
		h->max_late = now - h->next;
	h->woke = now;
	return true;
}

/* Is the watched component still announced? */
static bool present(const char *name)
{
	uint16_t cap = 0;
	int r        = core_lookup(utcb_main(), name, &cap);
	if (cap)
		kernel_cap_delete(cap);
	return r == CORE_OK;
}

int main(void)
{
	struct node config;
	struct heart h = { .period = 10000 };
	uint64_t max = 100000, beats = 0;
	char watch[32] = "fuzz";
	bool seen      = false;

	if (config_read(utcb_main(), &config)) {
		node_attr_u64(&config, "period_us", &h.period);
		node_attr_u64(&config, "max_beats", &max);
		node_attr_copy(&config, "watch", watch, sizeof(watch));
	}
	if (!setup(&h)) {
		log_printf("heartbeat: error: no signal objects\n");
		return 1;
	}
	uint64_t start = kernel_time_us();
	h.next         = start;
	while (beats < max) {
		if (!beat(&h)) {
			log_printf("heartbeat: error: timeout refused\n");
			return 1;
		}
		if (++beats % REPORT_EVERY == 0)
			log_printf("heartbeat: beat %u\n", (unsigned)beats);
		bool there = present(watch);
		if (seen && !there)
			break;
		seen |= there;
	}
	log_printf("heartbeat: %u beats of %u us in %u us, max lateness %u us, \"%s\" %s\n",
		   (unsigned)beats, (unsigned)h.period, (unsigned)(h.woke - start),
		   (unsigned)h.max_late, watch, seen ? "gone" : "never seen");
	return seen ? 0 : 1;
}
