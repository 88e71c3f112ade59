/*
 * The example key-value server (doc/howto.md 4): announces "KV" and keeps
 * each session's entries in the session struct on its heap, which the
 * client's donation pays (base/root.h).
 */
#include <stdlib.h>
#include <string.h>
#include <base/component.h>
#include <base/log.h>
#include <base/root.h>
#include <kv/kv_session.h>

struct kv_store {
	struct root_session s; /* first */
	unsigned used;
	struct kv_entry entries[KV_ENTRIES];
};

/* A key from a client: terminated within its array, not empty */
static bool key_valid(const char *key) { return key[0] && memchr(key, 0, KV_KEY_LEN); }

static struct kv_entry *lookup(struct kv_store *kv, const char *key)
{
	for (unsigned i = 0; i < kv->used; i++)
		if (!strcmp(kv->entries[i].key, key))
			return &kv->entries[i];
	return NULL;
}

static int put_handler(struct rpc_object *o, struct rpc_request *r)
{
	struct kv_store *kv      = (struct kv_store *)o;
	const struct kv_entry *a = r->args;

	if (!key_valid(a->key))
		return KV_BAD_KEY;
	struct kv_entry *e = lookup(kv, a->key);
	if (!e && kv->used == KV_ENTRIES)
		return KV_FULL;
	if (!e)
		e = &kv->entries[kv->used++];
	*e                         = *a;
	e->value[KV_VALUE_LEN - 1] = 0;
	return RPC_OK;
}

static int get_handler(struct rpc_object *o, struct rpc_request *r)
{
	const struct kv_key *a = r->args;

	if (!key_valid(a->key))
		return KV_BAD_KEY;
	const struct kv_entry *e = lookup((struct kv_store *)o, a->key);
	if (!e)
		return KV_NOT_FOUND;
	*(struct kv_entry *)r->result = *e;
	return RPC_OK;
}

static const rpc_handler_t kv_handlers[KV_OPCODES] = { put_handler, get_handler };
static const struct rpc_interface kv_iface         = { KV_OPCODES, kv_functions, kv_handlers };

static void session_opened(struct root_session *s)
{
	log_printf("kv_server: new session \"%s\"\n", s->label);
}

static void session_closed(struct root_session *s)
{
	log_printf("kv_server: session \"%s\" closed with %u entries\n", s->label,
		   ((struct kv_store *)s)->used);
}

static struct root_server root = { .iface = &kv_iface,
				   .ram   = KV_SESSION_RAM,
				   .size  = sizeof(struct kv_store),
				   .open  = session_opened,
				   .close = session_closed };

void component_construct(struct env *env)
{
	_Static_assert(sizeof(struct kv_store) < KV_SESSION_RAM, "a session fits its donation");
	root.ep = env->ep;
	if (root_server_announce(&root, "KV") != RPC_OK) {
		log_printf("kv_server: error: cannot announce the KV service\n");
		exit(1);
	}
	log_printf("kv_server: offering the KV service\n");
}
