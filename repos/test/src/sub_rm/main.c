/*
 * Region maps (run/sub_rm.run): RAM dataspaces attached to the component's
 * address space anywhere and at fixed addresses, the same dataspace twice
 * (shared memory), a managed region map attached as a dataspace, detach
 * and re-attach (the old pages must be gone), and every kind of bad attach
 * refused with its own error: overlap, outside the map or the dataspace,
 * unaligned, writable ROM, no dataspace at all.
 */
#include <base/core_service.h>
#include <base/log.h>
#include <base/parent.h>
#include <session/dataspace.h>
#include <session/ram_session.h>
#include <session/rm_session.h>
#include <session/rom_session.h>

#define TEST_NAME "sub_rm"
#include <test/check.h>

static struct utcb *u;
static uint16_t space, ram;

static int attach(uint16_t rm, uint16_t ds, uint32_t at, uint32_t offset, uint32_t size,
		  uint32_t flags, uint32_t *addr)
{
	struct rm_attach_args a = { at, offset, size, flags };
	return rm_attach(u, rm, ds, &a, addr);
}

static volatile uint32_t *word(uint32_t addr) { return (volatile uint32_t *)(uintptr_t)addr; }

static void fill(uint32_t addr, uint32_t size, uint32_t seed)
{
	for (uint32_t off = 0; off < size; off += 4096)
		*word(addr + off) = seed + off;
}

static bool holds(uint32_t addr, uint32_t size, uint32_t seed)
{
	for (uint32_t off = 0; off < size; off += 4096)
		if (*word(addr + off) != seed + off)
			return false;
	return true;
}

static uint16_t alloc(uint32_t size)
{
	uint16_t ds = 0;
	int r       = ram_alloc(u, ram, size, &ds);
	CHECK(r == RPC_OK, "ram_alloc(%u): %d\n", (unsigned)size, r);
	return ds;
}

enum { FIXED = 0x30000000, RW = RM_ATTACH_WRITE };

static void test_anywhere_and_fixed(uint16_t ds)
{
	uint32_t a = 0, b = 0;
	int r = attach(space, ds, 0, 0, 0, RW, &a);

	CHECK(r == RPC_OK && a >= RM_SPACE_BASE && a + 16384 <= RM_SPACE_END && !(a & 4095),
	      "attach anywhere: %d at %x\n", r, (unsigned)a);
	if (r != RPC_OK)
		return;
	fill(a, 16384, 0x1000);
	CHECK(holds(a, 16384, 0x1000), "written pattern not read back\n");

	r = attach(space, ds, FIXED, 0, 0, RW | RM_ATTACH_AT, &b);
	CHECK(r == RPC_OK && b == FIXED, "attach at %x: %d at %x\n", FIXED, r, (unsigned)b);
	CHECK(holds(FIXED, 16384, 0x1000), "second attachment does not share the pages\n");
	*word(FIXED + 8) = 0xfeed;
	CHECK(*word(a + 8) == 0xfeed, "write through one attachment not seen in the other\n");

	r = attach(space, ds, 0, 4096, 8192, 0, &b);
	CHECK(r == RPC_OK && *word(b) == 0x1000 + 4096, "attach with offset: %d\n", r);
	log_printf("sub_rm: anywhere at %x, fixed at %x, with offset at %x: shared\n", (unsigned)a,
		   FIXED, (unsigned)b);
}

static void test_conflicts(uint16_t ds, uint16_t rom_ds)
{
	struct {
		const char *what;
		uint32_t at, offset, size, flags;
		uint16_t ds;
		int expect;
	} const cases[] = {
		{ "overlapping the start", FIXED - 4096, 0, 8192, RM_ATTACH_AT, ds,
		  RM_REGION_CONFLICT },
		{ "inside", FIXED + 4096, 0, 4096, RM_ATTACH_AT, ds, RM_REGION_CONFLICT },
		{ "overlapping the end", FIXED + 12288, 0, 8192, RM_ATTACH_AT, ds,
		  RM_REGION_CONFLICT },
		{ "below the map", RM_SPACE_BASE - 4096, 0, 4096, RM_ATTACH_AT, ds,
		  RM_OUT_OF_RANGE },
		{ "across its end", RM_SPACE_END - 4096, 0, 8192, RM_ATTACH_AT, ds,
		  RM_OUT_OF_RANGE },
		{ "at an unaligned address", FIXED + 0x100000 + 12, 0, 4096, RM_ATTACH_AT, ds,
		  RM_OUT_OF_RANGE },
		{ "beyond the dataspace", 0, 0, 20480, 0, ds, RM_OUT_OF_RANGE },
		{ "offset beyond the dataspace", 0, 16384, 0, 0, ds, RM_OUT_OF_RANGE },
		{ "offset unaligned", 0, 100, 4096, 0, ds, RM_OUT_OF_RANGE },
		{ "a ROM writable", 0, 0, 0, RM_ATTACH_WRITE, rom_ds, RM_BAD_FLAGS },
		{ "no dataspace (the RAM session)", 0, 0, 0, 0, ram, RM_BAD_DATASPACE },
		{ "no dataspace (a forged id)", 0, 0, 0, 0, 999, RM_BAD_DATASPACE },
	};
	unsigned refused = 0;
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint32_t addr = 0;
		int r = attach(space, cases[i].ds, cases[i].at, cases[i].offset, cases[i].size,
			       cases[i].flags, &addr);
		CHECK(r == cases[i].expect, "attach %s: %d, expected %d\n", cases[i].what, r,
		      cases[i].expect);
		refused += r == cases[i].expect;
	}
	log_printf("sub_rm: %u bad attaches refused with the right error\n", refused);
}

static void test_detach(uint16_t ds)
{
	uint16_t other = alloc(16384);
	uint32_t addr  = 0;

	CHECK(rm_detach(u, space, FIXED + 4096) == RPC_OK, "detach\n");
	CHECK(rm_detach(u, space, FIXED) == RM_NOT_ATTACHED, "second detach\n");
	CHECK(attach(space, other, FIXED, 0, 0, RW | RM_ATTACH_AT, &addr) == RPC_OK,
	      "re-attach at the freed place\n");
	CHECK(*word(FIXED + 8) == 0, "old pages still mapped after detach\n");
	(void)ds;
	log_printf("sub_rm: detached, the new dataspace shows at %x\n", FIXED);
}

static void test_managed(uint16_t ds)
{
	uint16_t sub = 0, sub_ds = 0;
	uint32_t addr = 0, inner = 0;
	int r =
	    parent_session(u, "RM", "sub", RM_SESSION_RAM, RM_SESSION_RAM, RM_SESSION_CAPS, &sub);
	CHECK(r == PARENT_BAD_ARGS, "RM session without size: %d\n", r);
	r = parent_session_with(u, "RM", "sub", "size=0", RM_SESSION_RAM, RM_SESSION_RAM,
				RM_SESSION_CAPS, &sub);
	CHECK(r == PARENT_BAD_ARGS, "RM session of size 0: %d\n", r);
	r = parent_session_with(u, "RM", "sub", "size=64K", RM_SESSION_RAM, RM_SESSION_RAM,
				RM_SESSION_CAPS, &sub);
	CHECK(r == RPC_OK && sub, "RM session: %d\n", r);
	CHECK(rm_dataspace(u, sub, &sub_ds) == RPC_OK, "managed dataspace\n");
	uint16_t none = 0;
	CHECK(rm_dataspace(u, space, &none) == RM_NOT_MANAGED, "address space as dataspace\n");

	struct dataspace_info info = { 0, 0 };
	CHECK(dataspace_info(u, sub_ds, &info) == RPC_OK && info.size == 65536 &&
		  info.flags == (DATASPACE_WRITABLE | DATASPACE_MANAGED),
	      "managed dataspace info: size %u flags %u\n", (unsigned)info.size,
	      (unsigned)info.flags);
	CHECK(attach(sub, ds, 8192, 0, 0, RW | RM_ATTACH_AT, &inner) == RPC_OK && inner == 8192,
	      "attach inside the managed map\n");
	CHECK(attach(sub, ds, 65536 - 4096, 0, 0, RW | RM_ATTACH_AT, &inner) == RM_OUT_OF_RANGE,
	      "attach across the managed map's end\n");
	CHECK(attach(sub, sub_ds, 0, 0, 0, 0, &inner) == RM_BAD_FLAGS, "map in itself\n");
	CHECK(attach(space, sub_ds, 0, 0, 0, RW, &addr) == RPC_OK, "attach the managed map\n");
	CHECK(*word(addr + 8192 + 8) == 0xfeed && holds(addr + 8192 + 4096, 4096, 0x2000 + 4096),
	      "contents through the managed map\n");
	*word(addr + 8192 + 12) = 0xbeef;
	CHECK(*word(FIXED + 12) == 0xbeef, "write through the managed map not in the dataspace\n");

	/* detaching inside the managed map unmaps it in the address space */
	CHECK(rm_detach(u, sub, 8192) == RPC_OK, "detach inside the managed map\n");
	uint16_t fresh = alloc(4096);
	CHECK(attach(sub, fresh, 8192, 0, 0, RW | RM_ATTACH_AT, &inner) == RPC_OK,
	      "re-attach inside the managed map\n");
	CHECK(*word(addr + 8192 + 8) == 0, "stale page through the managed map\n");
	CHECK(parent_close(u, sub) == RPC_OK, "close the RM session\n");
	log_printf("sub_rm: managed map of 64 KiB at %x: attach, detach, close\n", (unsigned)addr);
}

int main(void)
{
	uint16_t rom = 0, rom_ds = 0;
	uint32_t rom_size = 0, rom_addr = 0;

	u = utcb_main();
	CHECK(core_address_space(u, &space) == CORE_OK && space, "address space\n");
	CHECK(parent_session(u, "RAM", "", 256 * 1024, 256 * 1024, 16, &ram) == RPC_OK,
	      "RAM session\n");
	CHECK(parent_session(u, "ROM", "sub_rm", 4096, 4096, 2, &rom) == RPC_OK, "ROM session\n");
	CHECK(rom_dataspace(u, rom, &rom_ds, &rom_size) == RPC_OK && rom_size > 0, "ROM ds\n");
	CHECK(attach(space, rom_ds, 0, 0, 0, 0, &rom_addr) == RPC_OK &&
		  *word(rom_addr) == 0x464c457f,
	      "own binary as ROM: no ELF magic\n");

	uint16_t ds = alloc(16384);
	test_anywhere_and_fixed(ds);
	test_conflicts(ds, rom_ds);
	fill(FIXED, 16384, 0x2000);
	*word(FIXED + 8) = 0xfeed;
	test_managed(ds);
	test_detach(ds);

	return test_report();
}
