/*
 * Component output: lines go to a LOG session that is opened at the parent
 * on first use (starting with a small donation, so the parent's "offer more"
 * answer is the normal path); without a parent or session, to the kernel's
 * debug print. Not yet safe for several threads printing at once.
 */
#include <stdbool.h>
#include <base/core_service.h>
#include <base/log_client.h>
#include <base/parent.h>
#include <kernel/call.h>
#include <session/log_session.h>

enum { FIRST_DONATION = 1024, MAX_DONATION = 64 * 1024 };

static uint16_t session;
static bool tried;
static char line[LOG_WRITE_MAX];
static unsigned line_len;

/* Printing must not disturb a message the thread has prepared in its UTCB,
 * or a delivery it has not read yet: keep the used part aside meanwhile. */
struct utcb_stash {
	uint32_t header[UTCB_HEADER_SIZE / 4];
	uint8_t data[UTCB_DATA_SIZE];
};

static void utcb_stash(struct utcb *u, struct utcb_stash *s, bool restore)
{
	uint32_t *words = (uint32_t *)u;
	uint32_t size   = restore ? ((struct utcb *)s->header)->data_size : u->data_size;

	if (size > UTCB_DATA_SIZE)
		size = UTCB_DATA_SIZE;
	for (unsigned i = 0; i < UTCB_HEADER_SIZE / 4; i++) {
		if (restore)
			words[i] = s->header[i];
		else
			s->header[i] = words[i];
	}
	for (uint32_t i = 0; i < size; i++) {
		if (restore)
			u->data[i] = s->data[i];
		else
			s->data[i] = u->data[i];
	}
}

static void send_line(void)
{
	if (!tried && parent_cap) {
		tried = true;
		parent_session(utcb_self(), "LOG", "", FIRST_DONATION, MAX_DONATION,
			       LOG_SESSION_CAPS, &session);
	}
	if (!session || log_write(utcb_self(), session, line, line_len) != RPC_OK) {
		for (unsigned i = 0; i < line_len; i++)
			kernel_print_char(line[i]);
		kernel_print_char('\n');
	}
	line_len = 0;
}

static void flush_line(void)
{
	static struct utcb_stash stash; /* not on the stack: thread stacks may be small */
	struct utcb *u = utcb_self();

	utcb_stash(u, &stash, false);
	send_line();
	utcb_stash(u, &stash, true);
}

void log_output(const char *s, unsigned len)
{
	for (unsigned i = 0; i < len; i++) {
		if (s[i] == '\n') {
			flush_line();
			continue;
		}
		if (line_len == LOG_WRITE_MAX)
			flush_line();
		line[line_len++] = s[i];
	}
}

void log_output_flush(void)
{
	if (line_len)
		flush_line();
}
