/*
 * RPC client and server entrypoint (see base/rpc.h).
 */
#include <stddef.h>
#include <string.h>
#include <base/rpc.h>
#include <kernel/call.h>

/* Arguments and results are mostly a few aligned words: copy those inline. */
static inline void copy(void *dst, const void *src, uint32_t n)
{
	if ((((uintptr_t)dst | (uintptr_t)src | n) & 3) == 0) {
		uint32_t *d       = dst;
		const uint32_t *s = src;
		for (n /= 4; n; n--)
			*d++ = *s++;
	} else if (n) {
		memcpy(dst, src, n);
	}
}

/* The names to receive result capabilities may run out: ask core, retry. */
static enum kernel_result call_with_refill(struct utcb *u, uint16_t cap, unsigned rcv)
{
	struct rpc_header h = *(struct rpc_header *)u->data;
	uint32_t size       = u->data_size;
	struct utcb saved_caps;
	enum kernel_result r;

	saved_caps.cap_count = u->cap_count;
	for (unsigned i = 0; i < u->cap_count && i < UTCB_MAX_CAPS; i++)
		saved_caps.caps[i] = u->caps[i];
	while ((r = kernel_rpc_call(cap, rcv)) == KERNEL_OUT_OF_CAPS) {
		/* core's reply overwrites the UTCB header and the payload start */
		uint8_t payload[RPC_MAX_DATA < 256 ? RPC_MAX_DATA : 256];
		uint32_t keep =
		    size - sizeof(h) < sizeof(payload) ? size - sizeof(h) : sizeof(payload);
		copy(payload, u->data + sizeof(h), keep);
		if (!rpc_cap_refill(u))
			return KERNEL_OUT_OF_CAPS;
		*(struct rpc_header *)u->data = h;
		copy(u->data + sizeof(h), payload, keep);
		u->data_size = size;
		u->cap_count = saved_caps.cap_count;
		for (unsigned i = 0; i < u->cap_count; i++)
			u->caps[i] = saved_caps.caps[i];
	}
	return r;
}

/* A call with capability results needs names set aside for them, which may
 * take a refill from core first. The refill keeps at most 256 bytes of the
 * message meanwhile: a bigger one makes a single attempt. */
static enum kernel_result call_for_caps(struct utcb *u, uint16_t cap, const struct rpc_function *f)
{
	return f->args_size <= 256 ? call_with_refill(u, cap, f->caps_out)
				   : kernel_rpc_call(cap, f->caps_out);
}

/* Hand the capability results (at most max) to the caller, acknowledged */
static void take_caps(const struct utcb *u, unsigned max, struct rpc_caps *caps_out)
{
	caps_out->count = u->cap_count <= max ? u->cap_count : max;
	for (unsigned i = 0; i < caps_out->count; i++) {
		caps_out->id[i] = u->caps[i];
		if (u->caps[i])
			kernel_cap_ack(u->caps[i]);
	}
}

int rpc_reply_result(const struct utcb *u)
{
	const struct rpc_header *h = (const struct rpc_header *)u->data;

	if (u->data_size < sizeof(*h) || h->result == RPC_OK)
		return RPC_BAD_REPLY;
	return h->result;
}

int rpc_call_any(struct utcb *u, uint16_t cap, uint32_t opcode, const struct rpc_function *f,
		 const void *args, void *result, const struct rpc_caps *caps_in,
		 struct rpc_caps *caps_out)
{
	struct rpc_header *h = (struct rpc_header *)u->data;
	unsigned n_in        = caps_in ? caps_in->count : 0;

	if (f->args_size > RPC_MAX_DATA || f->result_size > RPC_MAX_DATA || n_in != f->caps_in)
		return RPC_BAD_ARGS;
	h->opcode = opcode;
	h->result = RPC_OK;
	copy(u->data + sizeof(*h), args, f->args_size);
	u->data_size = sizeof(*h) + f->args_size;
	u->cap_count = n_in;
	for (unsigned i = 0; i < n_in; i++)
		u->caps[i] = caps_in->id[i];

	enum kernel_result kr = f->caps_out ? call_for_caps(u, cap, f) : kernel_rpc_call(cap, 0);
	if (kr != KERNEL_OK)
		return kr == KERNEL_OUT_OF_CAPS ? RPC_OUT_OF_CAPS : RPC_IPC_FAILED;
	if (caps_out)
		take_caps(u, f->caps_out, caps_out);
	/* a reply is the header and exactly the result, or an error without */
	if (u->data_size == sizeof(*h) + f->result_size && h->result == RPC_OK) {
		copy(result, u->data + sizeof(*h), f->result_size);
		return RPC_OK;
	}
	return rpc_reply_result(u);
}

void rpc_ep_init_with(struct rpc_entrypoint *ep, struct utcb *utcb, const struct rpc_minter *m)
{
	*ep = (struct rpc_entrypoint){ .utcb = utcb, .minter = m };
}

void rpc_ep_insert(struct rpc_entrypoint *ep, struct rpc_object *obj,
		   const struct rpc_interface *iface)
{
	struct rpc_object **b = &ep->bucket[obj->cap % RPC_EP_BUCKETS];

	obj->iface = iface;
	obj->next  = *b;
	*b         = obj;
}

int rpc_ep_manage(struct rpc_entrypoint *ep, struct rpc_object *obj,
		  const struct rpc_interface *iface)
{
	int r = ep->minter->mint(ep, obj);
	if (r == RPC_OK)
		rpc_ep_insert(ep, obj, iface);
	return r;
}

void rpc_ep_dissolve(struct rpc_entrypoint *ep, struct rpc_object *obj)
{
	for (struct rpc_object **o = &ep->bucket[obj->cap % RPC_EP_BUCKETS]; *o; o = &(*o)->next)
		if (*o == obj) {
			*o = obj->next;
			break;
		}
	ep->minter->drop(ep, obj);
}

struct rpc_object *rpc_ep_lookup(struct rpc_entrypoint *ep, uint32_t badge)
{
	struct rpc_object *o = ep->bucket[badge % RPC_EP_BUCKETS];
	while (o && o->cap != badge)
		o = o->next;
	return o;
}

/* A reply without result and capabilities */
static void rpc_ep_reply_error(struct utcb *u, int result)
{
	((struct rpc_header *)u->data)->result = result;
	u->data_size                           = sizeof(struct rpc_header);
	u->cap_count                           = 0;
}

_Static_assert(RPC_MAX_DATA % 4 == 0 && (sizeof(struct rpc_header) + UTCB_HEADER_SIZE) % 4 == 0,
	       "rpc_ep_dispatch: arguments are copied in whole words, within the UTCB");

/* The arguments' copy for the handler. The UTCB is page-aligned, so its
 * arguments are word-aligned: whole words go, with up to 3 bytes beyond
 * the arguments, which are still within our own UTCB payload. */
static void rpc_ep_copy_args(uint32_t *args, const struct utcb *u, uint32_t size)
{
	const rpc_word_t *from = (const rpc_word_t *)(u->data + sizeof(struct rpc_header));
	for (uint32_t i = 0; i < (size + 3) / 4; i++)
		args[i] = from[i];
}

/* Check the request against the interface, run the handler, build the
 * reply. Inline in the serve loop, which then keeps its registers (and the
 * arguments' buffer) from one request to the next. */
static inline __attribute__((always_inline)) void rpc_ep_handle(struct rpc_entrypoint *ep)
{
	struct utcb *u       = ep->utcb;
	struct rpc_header *h = (struct rpc_header *)u->data;
	struct rpc_object *o = rpc_ep_lookup(ep, u->badge);

	rpc_caps_ack(u); /* taken over even if the request is refused */
	if (!o)
		return rpc_ep_reply_error(u, RPC_INVALID_OBJECT);
	if (u->data_size < sizeof(*h) || h->opcode >= o->iface->opcodes)
		return rpc_ep_reply_error(u, RPC_INVALID_OPCODE);
	const struct rpc_function *f = &o->iface->functions[h->opcode];
	rpc_handler_t handler        = o->iface->handlers[h->opcode];
	if (!handler) /* a function this server does not implement (yet) */
		return rpc_ep_reply_error(u, RPC_INVALID_OPCODE);
	if (u->data_size != sizeof(*h) + f->args_size || u->cap_count != f->caps_in)
		return rpc_ep_reply_error(u, RPC_BAD_ARGS);

	/* the handler writes the result right behind the header, where the
	 * arguments are, and may call others through this UTCB: it reads the
	 * arguments from a (word-aligned) copy */
	uint32_t args[RPC_MAX_DATA / 4];
	struct rpc_request req;
	rpc_ep_copy_args(args, u, f->args_size);
	req.args           = args;
	req.result         = u->data + sizeof(*h);
	req.caps.count     = u->cap_count;
	req.caps_out.count = 0;
	for (unsigned i = 0; i < req.caps.count; i++)
		req.caps.id[i] = u->caps[i];

	int result = handler(o, &req);
	if (result != RPC_OK)
		return rpc_ep_reply_error(u, result);
	h->result    = RPC_OK;
	u->data_size = sizeof(*h) + f->result_size;
	u->cap_count = req.caps_out.count <= f->caps_out ? req.caps_out.count : f->caps_out;
	for (unsigned i = 0; i < u->cap_count; i++)
		u->caps[i] = req.caps_out.id[i];
}

void rpc_ep_dispatch(struct rpc_entrypoint *ep) { rpc_ep_handle(ep); }

/* Waiting reserves names for the capabilities of the next request; when
 * the PD has none left, the reply is out but the wait failed: get more
 * names from core and wait again (never dispatch the old request twice). */
static void serve_wait(struct rpc_entrypoint *ep, enum kernel_result r)
{
	while (r == KERNEL_OUT_OF_CAPS)
		r = kernel_rpc_wait(rpc_cap_refill(ep->utcb) ? UTCB_MAX_CAPS : 0);
}

void rpc_ep_serve(struct rpc_entrypoint *ep)
{
	serve_wait(ep, kernel_rpc_wait(UTCB_MAX_CAPS));
	for (;;) {
		rpc_ep_handle(ep);
		serve_wait(ep, kernel_rpc_reply_and_wait(UTCB_MAX_CAPS));
	}
}
