/*
 * The example key-value client (doc/howto.md 3): plays the requests of its
 * config against a KV session and prints each answer,
 *
 *   <config> <put key="colour" value="green"/> <get key="colour"/> </config>
 *
 * then closes the session and exits with the number of answers that
 * differed from an expect="..." attribute of a <get> ("-": not found).
 */
#include <string.h>
#include <base/attached_rom.h>
#include <base/log.h>
#include <kv/kv_session.h>

static const char *result(int r)
{
	return r == RPC_OK         ? "ok"
	       : r == KV_NOT_FOUND ? "not found"
	       : r == KV_FULL      ? "full"
				   : "error";
}

int main(void)
{
	struct utcb *u = utcb_main();
	struct attached_rom config;
	struct node n;
	unsigned requests = 0, unexpected = 0;

	if (!attached_rom_open(u, &config, "config") || !config.valid) {
		log_printf("kv_client: error: no valid config\n");
		return 1;
	}
	uint16_t kv = kv_connection_open(u, "store");
	if (!kv)
		return 1;
	for (bool more = node_first_sub(&config.root, &n); more; more = node_next(&n, &n)) {
		char key[KV_KEY_LEN] = "", value[KV_VALUE_LEN] = "", expect[KV_VALUE_LEN] = "";
		node_attr_copy(&n, "key", key, sizeof(key));
		if (node_type_is(&n, "put")) {
			node_attr_copy(&n, "value", value, sizeof(value));
			log_printf("kv_client: put %s = %s: %s\n", key, value,
				   result(kv_put(u, kv, key, value)));
		} else if (node_type_is(&n, "get")) {
			int r = kv_get(u, kv, key, value);
			log_printf("kv_client: get %s: %s%s%s\n", key, result(r), r ? "" : " = ",
				   value);
			if (node_attr_copy(&n, "expect", expect, sizeof(expect)) &&
			    strcmp(expect, r == KV_NOT_FOUND ? "-" : value))
				unexpected++;
		} else
			continue;
		requests++;
	}
	connection_close(u, kv);
	attached_rom_close(u, &config);
	log_printf("kv_client: %u requests, %u unexpected answers\n", requests, unexpected);
	return (int)unexpected;
}
