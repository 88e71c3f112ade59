/*
 * Abuses the kernel-call interface from user mode: core-only calls with
 * forged object pointers, unknown call ids. Every one must be refused with
 * KERNEL_INVALID_CALL and change nothing; the component then exits with
 * the number of calls that were not refused (0 = pass).
 */
#include <stdint.h>
#include <base/core_service.h>
#include <base/log.h>
#include <kernel/call.h>
#include <kernel/utcb.h>

static unsigned try_call(uint32_t id, uint32_t arg)
{
	/* arguments point at our own UTCB and at kernel memory: both forged */
	struct kernel_call_ret r = kernel_call(id, arg, 0x80000000u, 3, arg, 0);

	if (r.r0 == KERNEL_INVALID_CALL)
		return 0;
	log_printf("bad_calls: error: call %u returned %s\n", (unsigned)id,
		   kernel_result_string((enum kernel_result)r.r0));
	return 1;
}

static unsigned expect(const char *what, enum kernel_result got, enum kernel_result want)
{
	if (got == want)
		return 0;
	log_printf("bad_calls: error: %s: %s, expected %s\n", what, kernel_result_string(got),
		   kernel_result_string(want));
	return 1;
}

/* Cache maintenance only on the caller's own mappings */
static unsigned check_cache_calls(void)
{
	static uint8_t buffer[8192];
	unsigned bad = 0;

	bad +=
	    expect("clean own buffer", kernel_cache_clean_inv(buffer, sizeof(buffer)), KERNEL_OK);
	bad += expect("invalidate own buffer", kernel_cache_inv(buffer, sizeof(buffer)), KERNEL_OK);
	bad += expect("coherent own code", kernel_cache_coherent((void *)try_call, 64), KERNEL_OK);
	bad += expect("invalidate read-only code", kernel_cache_inv((void *)try_call, 64),
		      KERNEL_INVALID_ARG);
	bad += expect("unmapped page", kernel_cache_clean_inv((void *)0x20000000, 16),
		      KERNEL_INVALID_ARG);
	bad += expect("kernel memory", kernel_cache_clean_inv((void *)0x80100000, 16),
		      KERNEL_INVALID_ARG);
	bad += expect("empty range", kernel_cache_clean_inv(buffer, 0), KERNEL_INVALID_ARG);
	bad += expect("wrapping range", kernel_cache_clean_inv(buffer, 0xfffff000u),
		      KERNEL_INVALID_ARG);
	if (!bad)
		log_printf("bad_calls: cache maintenance: own memory ok, 5 bad ranges refused\n");
	return bad;
}

/* Objects cost the component's quota; beyond that, its capability space
 * has the kernel's bound of names per PD: core refuses the object cleanly
 * once the last slab is full. */
static unsigned check_object_limit(void)
{
	uint16_t cap;
	uint32_t recv, made = 0;
	int r;

	if (core_sig_receiver(utcb_main(), &cap, &recv) != CORE_OK)
		return 1;
	while ((r = core_sig_context(utcb_main(), recv, made, &cap)) == CORE_OK && made < 10000)
		made++;
	if (r != CORE_OUT_OF_CAPS || made < 4000) {
		log_printf("bad_calls: error: object %u refused with %d\n", (unsigned)made + 1, r);
		return 1;
	}
	log_printf("bad_calls: core refused signal context %u: capability space full\n",
		   (unsigned)made + 1);
	return 0;
}

int main(void)
{
	static const uint32_t unknown[] = { 0, 40, 63, KCALL_CORE_LAST + 1, 1000, 0xffffffffu };
	unsigned tried = 0, accepted = 0;

	for (uint32_t id = KCALL_CORE_FIRST; id <= KCALL_CORE_LAST; id++, tried++)
		accepted += try_call(id, UTCB_MAIN_THREAD);
	for (unsigned i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++, tried++)
		accepted += try_call(unknown[i], 0x80100000u);

	log_printf("bad_calls: %u of %u forbidden or unknown calls refused\n", tried - accepted,
		   tried);
	return (int)(accepted + check_cache_calls() + check_object_limit());
}
