/*
 * LOG session: labelled text output, UTF-8. Each write is one line (a
 * '\n' in it starts another); the service prefixes every line with the
 * session's label ("[label] text"). Core prints valid UTF-8 and tabs as
 * they are, other control characters as \xNN escapes of their bytes and
 * each invalid UTF-8 sequence as U+FFFD (core/include/log_text.h).
 */
#pragma once

#include <base/rpc.h>

enum log_op { LOG_WRITE, LOG_OPCODES };

enum { LOG_WRITE_MAX = 200, LOG_SESSION_RAM = 4096, LOG_SESSION_CAPS = 2 };

struct log_write_args {
	uint32_t len;
	char text[LOG_WRITE_MAX];
};

static const struct rpc_function log_functions[LOG_OPCODES] = {
	[LOG_WRITE] = { sizeof(struct log_write_args), 0, 0, 0 },
};

static inline int log_write(struct utcb *u, uint16_t session, const char *text, uint32_t len)
{
	struct log_write_args a;
	a.len = len <= LOG_WRITE_MAX ? len : LOG_WRITE_MAX;
	for (uint32_t i = 0; i < a.len; i++)
		a.text[i] = text[i];
	return rpc_call(u, session, LOG_WRITE, &log_functions[LOG_WRITE], &a, NULL, NULL, NULL);
}
