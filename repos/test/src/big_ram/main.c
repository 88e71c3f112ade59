/*
 * Core managing more than 256 MiB (run/ram_1gib.run, QEMU virt with 1 GiB):
 * a child with 600 MiB of quota takes 544 MiB of RAM dataspaces, one of
 * 320 MiB, writes a word into every MiB of each and reads them back while
 * all are held, and sees core's free RAM drop by at least that much and
 * come back when it frees them. A board with less RAM gives smaller sizes:
 *   <config first_mib="224" second_mib="128"/>
 */
#include <base/config.h>
#include <base/core_service.h>
#include <base/env.h>
#include <session/rm_session.h>
#define TEST_NAME "big_ram"
#include <test/check.h>

enum { MIB = 1024 * 1024, DATASPACES = 2 };

static uint32_t sizes[DATASPACES] = { 320 * MIB, 224 * MIB };

static void read_sizes(struct utcb *u)
{
	static const char *const attr[DATASPACES] = { "first_mib", "second_mib" };
	struct node config;
	uint64_t mib;

	if (!config_read(u, &config))
		return;
	for (unsigned i = 0; i < DATASPACES; i++)
		if (node_attr_u64(&config, attr[i], &mib) && mib > 0 && mib < 4096)
			sizes[i] = (uint32_t)mib * MIB;
}

/* Attach, write a word per MiB, read them all back, detach */
static bool fill_and_check(struct utcb *u, uint16_t ds, uint32_t size, uint32_t tag)
{
	uint32_t addr = env_attach(u, ds);
	unsigned bad  = 0;

	if (!addr)
		return false;
	for (uint32_t off = 0; off < size; off += MIB)
		*(volatile uint32_t *)(uintptr_t)(addr + off) = tag ^ off;
	for (uint32_t off = 0; off < size; off += MIB)
		bad += *(volatile uint32_t *)(uintptr_t)(addr + off) != (tag ^ off);
	rm_detach(u, env_address_space(u), addr);
	return bad == 0;
}

int main(void)
{
	struct utcb *u  = utcb_main();
	uint64_t before = 0, held = 0, after = 0;
	uint16_t ds[DATASPACES];
	uint32_t total = 0;

	read_sizes(u);
	core_free_ram(u, &before);
	for (unsigned i = 0; i < DATASPACES; i++) {
		int r = env_ram_alloc(u, sizes[i], &ds[i]);
		CHECK(r == RPC_OK, "dataspace %u of %u MiB: %d\n", i, (unsigned)(sizes[i] / MIB),
		      r);
		if (r != RPC_OK)
			return test_report();
		total += sizes[i];
		CHECK(fill_and_check(u, ds[i], sizes[i], 0x5a000000u + i),
		      "dataspace %u does not keep what was written\n", i);
	}
	core_free_ram(u, &held);
	CHECK(before - held >= total, "core's free RAM dropped by %u MiB only\n",
	      (unsigned)((before - held) / MIB));
	log_printf("big_ram: %u MiB in %u dataspaces (the largest %u MiB), core had %u MiB "
		   "free, then %u MiB\n",
		   (unsigned)(total / MIB), DATASPACES, (unsigned)(sizes[0] / MIB),
		   (unsigned)(before / MIB), (unsigned)(held / MIB));
	for (unsigned i = 0; i < DATASPACES; i++)
		CHECK(env_ram_free(u, ds[i]) == RPC_OK, "free dataspace %u\n", i);
	core_free_ram(u, &after);
	CHECK(after - held >= total, "core got %u MiB back only\n",
	      (unsigned)((after - held) / MIB));
	return test_report();
}
