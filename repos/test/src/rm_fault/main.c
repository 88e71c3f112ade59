/*
 * Faults in a managed region map (run/rm_fault.run): a worker thread reads
 * and then writes where nothing is attached yet; each fault reaches the
 * map's fault handler as a signal, rm_fault_state tells address and kind,
 * the handler attaches RAM there and the worker continues with the value it
 * expects. A write to a read-only ROM attachment and a fault in a managed
 * map without handler are refused and reported by core, and the thread
 * stays stopped.
 */
#include <base/core_service.h>
#include <base/log.h>
#include <base/parent.h>
#include <kernel/call.h>
#include <session/ram_session.h>
#include <session/rm_session.h>
#include <session/rom_session.h>

#define TEST_NAME "rm_fault"
#include <test/check.h>

enum { STACK_WORDS = 512, IMPRINT = 0x7e57, READ_AT = 0x1000, WRITE_AT = 0x5000, ROM_AT = 0x8000 };

static struct utcb *u;
static uint16_t space, ram;
static volatile uint32_t base, read_value, progress[3];
static uint32_t stacks[3][STACK_WORDS] __attribute__((aligned(8)));

static volatile uint32_t *word(uint32_t addr) { return (volatile uint32_t *)(uintptr_t)addr; }

static __attribute__((noreturn)) void idle(void)
{
	for (;;)
		kernel_thread_yield();
}

static void reader_writer(struct utcb *t)
{
	(void)t;
	read_value                 = *word(base + READ_AT + 4);
	progress[0]                = 1;
	*word(base + WRITE_AT + 8) = 0x5a5a;
	progress[0]                = 2;
	idle();
}

static void rom_writer(struct utcb *t)
{
	(void)t;
	progress[1]              = 1;
	*word(base + ROM_AT + 4) = 0xbad;
	progress[1]              = 2;
	idle();
}

static volatile uint32_t unhandled_base;
static void unhandled_reader(struct utcb *t)
{
	(void)t;
	progress[2] = 1;
	(void)*word(unhandled_base);
	progress[2] = 2;
	idle();
}

static void sleep_ms(unsigned ms)
{
	uint64_t until = kernel_time_us() + ms * 1000u;
	while (kernel_time_us() < until)
		kernel_thread_yield();
}

static uint32_t attach(uint16_t rm, uint16_t ds, uint32_t at, uint32_t flags)
{
	struct rm_attach_args a = { at, 0, 0, flags | (at ? RM_ATTACH_AT : 0) };
	uint32_t addr           = 0;
	int r                   = rm_attach(u, rm, ds, &a, &addr);
	CHECK(r == RPC_OK, "attach at %x: %d\n", (unsigned)at, r);
	return addr;
}

static uint16_t alloc(void)
{
	uint16_t ds = 0;
	CHECK(ram_alloc(u, ram, 4096, &ds) == RPC_OK, "ram_alloc\n");
	return ds;
}

static uint32_t thread(void (*entry)(struct utcb *), unsigned i)
{
	uint16_t cap;
	uint32_t handle = 0;
	CHECK(core_thread(u, entry, stacks[i] + STACK_WORDS, &cap, &handle) == CORE_OK,
	      "thread %u\n", i);
	return handle;
}

/* The next fault the handler hears of */
static struct rm_fault_state next_fault(uint16_t rcv, uint16_t ctx, uint16_t sub)
{
	struct rm_fault_state s      = { 0, 0 };
	const struct sig_delivery *d = (const struct sig_delivery *)u->data;

	CHECK(kernel_sig_wait(rcv) == KERNEL_OK && d->imprint == IMPRINT, "fault signal\n");
	kernel_sig_ack(ctx);
	CHECK(rm_fault_state(u, sub, &s) == RPC_OK, "fault state\n");
	return s;
}

static void test_handled(uint16_t sub, uint16_t rcv, uint16_t ctx)
{
	struct rm_fault_state s = { 0, 0 };

	CHECK(rm_fault_state(u, sub, &s) == RPC_OK && s.type == RM_FAULT_NONE, "no fault yet\n");
	thread(reader_writer, 0);

	s = next_fault(rcv, ctx, sub);
	CHECK(s.type == RM_FAULT_READ && s.addr == READ_AT + 4, "first fault: type %u at %x\n",
	      (unsigned)s.type, (unsigned)s.addr);
	CHECK(progress[0] == 0, "the reader went on before the fault was resolved\n");
	log_printf("rm_fault: read fault at %x reflected\n", (unsigned)s.addr);
	uint16_t page                                      = alloc();
	*word(attach(space, page, 0, RM_ATTACH_WRITE) + 4) = 0x1111;
	attach(sub, page, READ_AT, RM_ATTACH_WRITE);

	s = next_fault(rcv, ctx, sub);
	CHECK(s.type == RM_FAULT_WRITE && s.addr == WRITE_AT + 8, "second fault: type %u at %x\n",
	      (unsigned)s.type, (unsigned)s.addr);
	CHECK(progress[0] == 1 && read_value == 0x1111, "reader: progress %u, read %x\n",
	      (unsigned)progress[0], (unsigned)read_value);
	log_printf("rm_fault: write fault at %x reflected\n", (unsigned)s.addr);
	uint16_t other = alloc();
	uint32_t seen  = attach(space, other, 0, 0);
	attach(sub, other, WRITE_AT, RM_ATTACH_WRITE);
	for (unsigned i = 0; i < 100 && progress[0] != 2; i++)
		sleep_ms(1);
	CHECK(progress[0] == 2 && *word(seen + 8) == 0x5a5a, "writer: progress %u, wrote %x\n",
	      (unsigned)progress[0], (unsigned)*word(seen + 8));
	CHECK(rm_fault_state(u, sub, &s) == RPC_OK && s.type == RM_FAULT_NONE,
	      "fault left after both were resolved\n");
	log_printf("rm_fault: both resolved by attaching RAM, the worker read %x and wrote %x\n",
		   (unsigned)read_value, (unsigned)*word(seen + 8));
}

static void test_read_only(uint16_t sub)
{
	uint16_t rom = 0, rom_ds = 0;
	uint32_t size = 0, ip = 0, sp = 0;

	CHECK(parent_session(u, "ROM", "rm_fault", 4096, 4096, 2, &rom) == RPC_OK, "ROM\n");
	CHECK(rom_dataspace(u, rom, &rom_ds, &size) == RPC_OK, "ROM dataspace\n");
	struct rm_attach_args a = { ROM_AT, 0, 4096, RM_ATTACH_AT }; /* its first page */
	uint32_t at             = 0;
	CHECK(rm_attach(u, sub, rom_ds, &a, &at) == RPC_OK && at == ROM_AT, "attach the ROM\n");
	CHECK(*word(base + ROM_AT) == 0x464c457f, "ROM contents\n");
	uint32_t t = thread(rom_writer, 1);
	sleep_ms(50);
	CHECK(progress[1] == 1, "write to the ROM: progress %u\n", (unsigned)progress[1]);
	CHECK(*word(base + ROM_AT + 4) != 0xbad, "the ROM changed\n");
	CHECK(core_thread_state(u, t, &ip, &sp) == CORE_OK, "writer state\n");
	log_printf("rm_fault: write to the read-only ROM refused, writer stopped at ip=%x\n",
		   (unsigned)ip);
}

static void test_unhandled(void)
{
	uint16_t other = 0, other_ds = 0;

	CHECK(parent_session_with(u, "RM", "", "size=8K", RM_SESSION_RAM, RM_SESSION_RAM,
				  RM_SESSION_CAPS, &other) == RPC_OK,
	      "second RM session\n");
	CHECK(rm_dataspace(u, other, &other_ds) == RPC_OK, "its dataspace\n");
	unhandled_base = attach(space, other_ds, 0, RM_ATTACH_WRITE);
	thread(unhandled_reader, 2);
	sleep_ms(50);
	CHECK(progress[2] == 1, "fault without handler: progress %u\n", (unsigned)progress[2]);
	log_printf("rm_fault: fault without a handler reported, reader stopped\n");
}

int main(void)
{
	uint16_t sub = 0, sub_ds = 0, rcv = 0, ctx = 0;
	uint32_t rcv_handle = 0;

	u = utcb_main();
	CHECK(core_address_space(u, &space) == CORE_OK, "address space\n");
	CHECK(parent_session(u, "RAM", "", 64 * 1024, 64 * 1024, 8, &ram) == RPC_OK, "RAM\n");
	CHECK(parent_session_with(u, "RM", "", "size=64K", RM_SESSION_RAM, RM_SESSION_RAM,
				  RM_SESSION_CAPS, &sub) == RPC_OK,
	      "RM session\n");
	CHECK(rm_dataspace(u, sub, &sub_ds) == RPC_OK, "managed dataspace\n");
	CHECK(core_sig_receiver(u, &rcv, &rcv_handle) == CORE_OK, "receiver\n");
	CHECK(core_sig_context(u, rcv_handle, IMPRINT, &ctx) == CORE_OK, "context\n");
	CHECK(rm_fault_handler(u, space, ctx) == RM_NOT_MANAGED, "handler of an address space\n");
	CHECK(rm_fault_handler(u, sub, ram) == RPC_BAD_ARGS, "a RAM session as handler\n");
	CHECK(rm_fault_handler(u, sub, ctx) == RPC_OK, "fault handler\n");
	base = attach(space, sub_ds, 0, RM_ATTACH_WRITE);

	test_handled(sub, rcv, ctx);
	test_read_only(sub);
	test_unhandled();

	return test_report();
}
