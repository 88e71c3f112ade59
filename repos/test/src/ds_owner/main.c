/*
 * Dataspace ownership (run/ds_ownership.run): only the RAM session that
 * allocated a dataspace frees it. Another session of the same component
 * cannot, nor can another component that was given the capability (it may
 * attach it, though); once the owner frees it, the capability is dead
 * everywhere and the quota is back.
 */
#include <base/core_service.h>
#include <base/log.h>
#include <base/parent.h>
#include <kernel/call.h>
#include <session/ram_session.h>
#include <session/rm_session.h>
#include <test/keeper_session.h>

#define TEST_NAME "ds_owner"
#include <test/check.h>

int main(void)
{
	struct utcb *u = utcb_main();
	uint16_t space = 0, a = 0, b = 0, ds = 0, keeper = 0;
	struct ram_quota_result before = { 0 }, during = { 0 }, after = { 0 };
	struct keeper_report k = { 0 };
	uint32_t addr          = 0;

	CHECK(core_address_space(u, &space) == CORE_OK, "address space\n");
	CHECK(parent_session(u, "RAM", "a", 64 * 1024, 64 * 1024, 4, &a) == RPC_OK, "RAM a\n");
	CHECK(parent_session(u, "RAM", "b", 64 * 1024, 64 * 1024, 4, &b) == RPC_OK, "RAM b\n");
	CHECK(ram_quota(u, a, &before) == RPC_OK, "quota\n");
	CHECK(ram_alloc(u, a, 8192, &ds) == RPC_OK, "alloc\n");
	CHECK(ram_quota(u, a, &during) == RPC_OK &&
		  during.used == before.used + 8192 + RAM_DS_OVERHEAD &&
		  during.caps_used == before.caps_used + 1,
	      "charged %u bytes, %u caps\n", (unsigned)(during.used - before.used),
	      (unsigned)(during.caps_used - before.caps_used));

	struct rm_attach_args at = { 0, 0, 0, RM_ATTACH_WRITE };
	CHECK(rm_attach(u, space, ds, &at, &addr) == RPC_OK, "attach\n");
	*(volatile uint32_t *)(uintptr_t)addr = 0xd5d5;

	int r = ram_free(u, b, ds);
	CHECK(r == RAM_NOT_OWNER, "free through the other session: %d\n", r);
	log_printf("ds_owner: free through another RAM session of mine: %d (not the owner)\n", r);

	while (core_lookup(u, "keeper", &keeper) != CORE_OK)
		kernel_thread_yield();
	CHECK(keeper_take(u, keeper, ds, &k) == RPC_OK, "keeper take\n");
	CHECK(k.attach == RPC_OK && k.first_word == 0xd5d5, "keeper attach: %d, read %x\n",
	      (int)k.attach, (unsigned)k.first_word);
	CHECK(k.free_given == RAM_NOT_OWNER && k.free_forged == RAM_NOT_OWNER,
	      "keeper free: %d, forged %d\n", (int)k.free_given, (int)k.free_forged);
	log_printf("ds_owner: the keeper attached it (read %x), its free failed: %d, forged: %d\n",
		   (unsigned)k.first_word, (int)k.free_given, (int)k.free_forged);

	CHECK(ram_free(u, a, ds) == RPC_OK, "owner free\n");
	CHECK(ram_free(u, a, ds) == RAM_NOT_OWNER, "second free\n");
	CHECK(ram_quota(u, a, &after) == RPC_OK && after.used == before.used &&
		  after.caps_used == before.caps_used,
	      "quota after free: %u used, %u before\n", (unsigned)after.used,
	      (unsigned)before.used);
	CHECK(keeper_retry(u, keeper, &k) == RPC_OK, "keeper retry\n");
	CHECK(k.attach == RM_BAD_DATASPACE && k.free_given == RAM_NOT_OWNER,
	      "keeper after the free: attach %d, free %d\n", (int)k.attach, (int)k.free_given);
	log_printf("ds_owner: freed by the owner, quota back; the keeper's attach now: %d\n",
		   (int)k.attach);

	return test_report();
}
