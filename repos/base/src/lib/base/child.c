/*
 * Loading and starting child components (see base/child.h).
 */
#include <string.h>
#include <base/child.h>
#include <base/core_service.h>
#include <base/parent.h>
#include <kernel/call.h>
#include <base/session_args.h>
#include <session/pd_session.h>
#include <session/ram_session.h>
#include <session/rm_session.h>
#include <session/rom_session.h>

enum { PAGE = 4096, CHILD_VA_LOW = 0x1000, CHILD_VA_HIGH = 0x50000000 };

const char *child_result_string(enum child_result r)
{
	switch (r) {
	case CHILD_OK: return "ok";
	case CHILD_NO_BINARY: return "no such binary";
	case CHILD_BAD_ELF: return "invalid ELF";
	case CHILD_BAD_LAYOUT: return "segments share a page or are not page-aligned in the file";
	case CHILD_OUT_OF_RAM: return "RAM quota exceeded";
	case CHILD_NO_SESSION: return "session refused";
	case CHILD_START_FAILED: return "start failed";
	case CHILD_OUT_OF_CPU: return "CPU quota exceeded";
	case CHILD_NO_CPU:
		return "its affinity names CPUs that are not the board's or not its parent's";
	}
	return "unknown";
}

static uint16_t own_space(struct utcb *u)
{
	static uint16_t space;
	if (!space)
		core_address_space(u, &space);
	return space;
}

static uint32_t page_down(uint32_t a) { return a & ~(PAGE - 1); }
static uint32_t page_up(uint32_t a) { return (a + PAGE - 1) & ~(PAGE - 1); }

static bool copied(const struct elf_segment *s)
{
	return (s->flags & ELF_SEG_W) || s->memsz > s->filesz;
}

/* RAM for the copied segments, paid from the child's quota */
static uint32_t copy_cost(const struct elf_image *elf)
{
	uint32_t cost = RAM_SESSION_RAM;
	for (unsigned i = 0; i < elf->num_segments; i++) {
		const struct elf_segment *s = &elf->segment[i];
		if (copied(s))
			cost +=
			    page_up(s->vaddr + s->memsz) - page_down(s->vaddr) + RAM_DS_OVERHEAD;
	}
	return cost;
}

static int attach(struct utcb *u, uint16_t rm, uint16_t ds, uint32_t at, uint32_t offset,
		  uint32_t size, uint32_t flags, uint32_t *addr)
{
	struct rm_attach_args a = { at, offset, size, flags };
	return rm_attach(u, rm, ds, &a, addr);
}

/* A segment's attachment in the child's address space: what went wrong */
static enum child_result segment_attached(int rm_result)
{
	switch (rm_result) {
	case RPC_OK: return CHILD_OK;
	case RM_OUT_OF_METADATA: return CHILD_OUT_OF_RAM; /* the child's quota pays for it */
	default: return CHILD_BAD_LAYOUT;                 /* overlapping pages, beyond the ROM */
	}
}

/* A writable segment: a RAM dataspace with the file's bytes at their offset */
static enum child_result load_copy(struct utcb *u, struct child *c, const uint8_t *image,
				   const struct elf_segment *s)
{
	uint32_t va = page_down(s->vaddr), size = page_up(s->vaddr + s->memsz) - va;
	uint32_t local = 0, at = 0;
	uint16_t ds = 0;

	if (ram_alloc(u, c->ram, size, &ds) != RPC_OK)
		return CHILD_OUT_OF_RAM;
	if (attach(u, own_space(u), ds, 0, 0, 0, RM_ATTACH_WRITE, &local) != RPC_OK) {
		kernel_cap_delete(ds);
		return CHILD_OUT_OF_RAM;
	}
	memcpy((uint8_t *)(uintptr_t)local + (s->vaddr - va), image + s->file_offset, s->filesz);
	/* code written through the data cache, for the child's instruction fetches */
	if (s->flags & ELF_SEG_X)
		kernel_cache_coherent((void *)(uintptr_t)local, size);
	rm_detach(u, own_space(u), local);
	uint32_t flags =
	    RM_ATTACH_AT | RM_ATTACH_WRITE | (s->flags & ELF_SEG_X ? RM_ATTACH_EXEC : 0);
	int r = attach(u, c->space, ds, va, 0, 0, flags, &at);
	kernel_cap_delete(ds); /* the attachment keeps it; closing the RAM session frees it */
	return segment_attached(r);
}

/* A read-only segment: the ROM's pages themselves */
static enum child_result load_shared(struct utcb *u, struct child *c, uint16_t rom_ds,
				     const struct elf_segment *s)
{
	uint32_t va = page_down(s->vaddr), size = page_up(s->vaddr + s->memsz) - va;
	uint32_t at = 0;

	if ((s->file_offset - (s->vaddr - va)) % PAGE || s->file_offset < s->vaddr - va)
		return CHILD_BAD_LAYOUT;
	uint32_t flags = RM_ATTACH_AT | (s->flags & ELF_SEG_X ? RM_ATTACH_EXEC : 0);
	return segment_attached(
	    attach(u, c->space, rom_ds, va, s->file_offset - (s->vaddr - va), size, flags, &at));
}

static enum child_result load(struct utcb *u, struct child *c, const char *label,
			      const uint8_t *image, uint32_t size, uint16_t rom_ds,
			      const struct child_resources *res, uint16_t parent_obj,
			      enum elf_result *elf_error)
{
	struct elf_image elf;
	enum child_result r = CHILD_OK;
	uint32_t ram        = res->ram;
	char args[32]       = "";

	*elf_error = elf_parse(image, size, CHILD_VA_LOW, CHILD_VA_HIGH, &elf);
	if (*elf_error != ELF_OK)
		return CHILD_BAD_ELF;
	uint32_t cost = copy_cost(&elf);
	if (ram < PD_SESSION_RAM || ram - PD_SESSION_RAM < cost)
		return CHILD_OUT_OF_RAM;
	session_args_append_u64(args, sizeof(args), "priority", res->priority_below);
	int pr = parent_session_with(u, "PD", label, args, ram, ram, PD_SESSION_CAPS, &c->pd);
	if (pr != RPC_OK)
		return pr == PARENT_OUT_OF_QUOTA ? CHILD_OUT_OF_RAM : CHILD_NO_SESSION;
	if (res->affinity.count &&
	    pd_affinity(u, c->pd, res->affinity.first, res->affinity.count) != RPC_OK)
		return CHILD_NO_CPU;
	if (res->cpu_percent &&
	    pd_cpu_quota(u, c->pd, core_service_cap, res->cpu_percent) != RPC_OK)
		return CHILD_OUT_OF_CPU;
	if (pd_address_space(u, c->pd, &c->space) != RPC_OK ||
	    pd_withdraw(u, c->pd, core_service_cap, cost) != RPC_OK)
		return CHILD_OUT_OF_RAM;
	if (parent_session(u, "RAM", label, cost, cost, 1 + elf.num_segments, &c->ram) != RPC_OK)
		return CHILD_NO_SESSION;
	for (unsigned i = 0; i < elf.num_segments && r == CHILD_OK; i++)
		r = copied(&elf.segment[i]) ? load_copy(u, c, image, &elf.segment[i])
					    : load_shared(u, c, rom_ds, &elf.segment[i]);
	if (r == CHILD_OK && pd_start(u, c->pd, elf.entry, 0, parent_obj) != RPC_OK)
		r = CHILD_START_FAILED;
	return r;
}

enum child_result child_start(struct utcb *u, struct child *c, const char *label,
			      const char *binary, const struct child_resources *res,
			      uint16_t parent_obj, enum elf_result *elf_error)
{
	uint16_t rom_ds = 0;
	uint32_t size = 0, image = 0;
	enum child_result r;

	*c         = (struct child){ 0, 0, 0, 0 };
	*elf_error = ELF_OK;
	if (parent_session(u, "ROM", binary, ROM_SESSION_RAM, ROM_SESSION_RAM, ROM_SESSION_CAPS,
			   &c->rom) != RPC_OK)
		return CHILD_NO_BINARY;
	if (rom_dataspace(u, c->rom, &rom_ds, &size) != RPC_OK ||
	    attach(u, own_space(u), rom_ds, 0, 0, 0, 0, &image) != RPC_OK) {
		r          = size ? CHILD_OUT_OF_RAM : CHILD_BAD_ELF; /* an empty module */
		*elf_error = ELF_TRUNCATED;
	} else {
		r = load(u, c, label, (const uint8_t *)(uintptr_t)image, size, rom_ds, res,
			 parent_obj, elf_error);
		rm_detach(u, own_space(u), image);
	}
	if (rom_ds)
		kernel_cap_delete(rom_ds); /* the child's attachments keep the ROM */
	if (r != CHILD_OK)
		child_destroy(u, c);
	return r;
}

void child_destroy(struct utcb *u, struct child *c)
{
	uint16_t *sessions[] = { &c->pd, &c->ram, &c->rom }; /* the PD first: it stops the child */
	for (unsigned i = 0; i < 3; i++)
		if (*sessions[i]) {
			parent_close(u, *sessions[i]);
			*sessions[i] = 0;
		}
	if (c->space)
		kernel_cap_delete(c->space); /* died with the PD */
	c->space = 0;
}
