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

int rpc_call(struct utcb *u, uint16_t cap, uint32_t opcode, const struct rpc_function *f,
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

	/* capabilities beyond a bigger-than-4 KiB message would need a refill
	 * that keeps the payload: only small messages carry result caps */
	enum kernel_result kr = f->caps_out && f->args_size <= 256
				    ? call_with_refill(u, cap, f->caps_out)
				    : kernel_rpc_call(cap, f->caps_out);
	if (kr == KERNEL_OUT_OF_CAPS)
		return RPC_OUT_OF_CAPS;
	if (kr != KERNEL_OK)
		return RPC_IPC_FAILED;
	if (caps_out) {
		caps_out->count = u->cap_count <= f->caps_out ? u->cap_count : f->caps_out;
		for (unsigned i = 0; i < caps_out->count; i++) {
			caps_out->id[i] = u->caps[i];
			if (u->caps[i])
				kernel_cap_ack(u->caps[i]);
		}
	}
	if (u->data_size < sizeof(*h))
		return RPC_BAD_REPLY;
	if (h->result != RPC_OK)
		return h->result;
	if (u->data_size != sizeof(*h) + f->result_size)
		return RPC_BAD_REPLY;
	copy(result, u->data + sizeof(*h), f->result_size);
	return RPC_OK;
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

/* Check the request against the interface, run the handler, build the reply. */
void rpc_ep_dispatch(struct rpc_entrypoint *ep)
{
	struct utcb *u       = ep->utcb;
	struct rpc_header *h = (struct rpc_header *)u->data;
	struct rpc_object *o = rpc_ep_lookup(ep, u->badge);
	int result;
	uint32_t result_size = 0;
	struct rpc_request req;

	req.caps_out.count = 0;
	if (!o) {
		result = RPC_INVALID_OBJECT;
	} else if (u->data_size < sizeof(*h) || h->opcode >= o->iface->opcodes) {
		result = RPC_INVALID_OPCODE;
	} else {
		const struct rpc_function *f = &o->iface->functions[h->opcode];
		if (u->data_size != sizeof(*h) + f->args_size || u->cap_count != f->caps_in) {
			result = RPC_BAD_ARGS;
		} else {
			/* the handler reads its arguments in place and writes the
			 * result right behind the header: copy the arguments first */
			uint8_t args[RPC_MAX_DATA];
			copy(args, u->data + sizeof(*h), f->args_size);
			req.args       = args;
			req.result     = u->data + sizeof(*h);
			req.caps.count = u->cap_count;
			for (unsigned i = 0; i < u->cap_count; i++) {
				req.caps.id[i] = u->caps[i];
				if (u->caps[i])
					kernel_cap_ack(u->caps[i]);
			}
			result      = o->iface->handlers[h->opcode](o, &req);
			result_size = result == RPC_OK ? f->result_size : 0;
			if (req.caps_out.count > f->caps_out)
				req.caps_out.count = f->caps_out;
		}
	}
	h->result    = result;
	u->data_size = sizeof(*h) + result_size;
	u->cap_count = result == RPC_OK ? req.caps_out.count : 0;
	for (unsigned i = 0; i < u->cap_count; i++)
		u->caps[i] = req.caps_out.id[i];
}

void rpc_ep_serve(struct rpc_entrypoint *ep)
{
	kernel_rpc_wait(UTCB_MAX_CAPS);
	for (;;) {
		rpc_ep_dispatch(ep);
		kernel_rpc_reply_and_wait(UTCB_MAX_CAPS);
	}
}
