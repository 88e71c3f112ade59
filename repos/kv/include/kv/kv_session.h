/*
 * The "KV" service of the example repository repos/kv: a key-value store
 * per session. The server keeps KV_ENTRIES entries in the session, paid by
 * the client's donation (KV_SESSION_RAM); a put of a new key into a full
 * store fails with KV_FULL, a get of an unknown key with KV_NOT_FOUND.
 * Keys and values are strings of up to KV_KEY_LEN-1 and KV_VALUE_LEN-1
 * bytes.
 */
#pragma once

#include <base/connection.h>
#include <base/rpc.h>

enum kv_op { KV_PUT, KV_GET, KV_OPCODES };

enum kv_error { KV_NOT_FOUND = 1, KV_FULL = 2, KV_BAD_KEY = 3 }; /* beside RPC_OK */

enum { KV_ENTRIES = 16, KV_KEY_LEN = 32, KV_VALUE_LEN = 64, KV_SESSION_RAM = 4096 };

struct kv_key {
	char key[KV_KEY_LEN];
};

struct kv_entry {
	char key[KV_KEY_LEN];
	char value[KV_VALUE_LEN];
};

static const struct rpc_function kv_functions[KV_OPCODES] = {
	[KV_PUT] = { sizeof(struct kv_entry), 0, 0, 0 },
	[KV_GET] = { sizeof(struct kv_key), sizeof(struct kv_entry), 0, 0 },
};

/* A KV session in one call (base/connection.h); label: how the server and
 * init's routing see it ("" none) */
static inline uint16_t kv_connection_open(struct utcb *u, const char *label)
{
	return connection_open(u, "KV", label, NULL, KV_SESSION_RAM);
}

static inline void kv_copy(char *dst, const char *src, unsigned size)
{
	unsigned i = 0;
	for (; src[i] && i < size - 1; i++)
		dst[i] = src[i];
	for (; i < size; i++)
		dst[i] = 0;
}

static inline int kv_put(struct utcb *u, uint16_t kv, const char *key, const char *value)
{
	struct kv_entry e;
	kv_copy(e.key, key, sizeof(e.key));
	kv_copy(e.value, value, sizeof(e.value));
	return rpc_call(u, kv, KV_PUT, &kv_functions[KV_PUT], &e, NULL, NULL, NULL);
}

/* value: KV_VALUE_LEN bytes */
static inline int kv_get(struct utcb *u, uint16_t kv, const char *key, char *value)
{
	struct kv_key k;
	struct kv_entry e = { "", "" };
	kv_copy(k.key, key, sizeof(k.key));
	int r = rpc_call(u, kv, KV_GET, &kv_functions[KV_GET], &k, &e, NULL, NULL);
	kv_copy(value, r == RPC_OK ? e.value : "", KV_VALUE_LEN);
	return r;
}
