/*
 * Component output: lines go to a LOG session that is opened at the parent
 * on first use (starting with a small donation, so the parent's "offer more"
 * answer is the normal path); without a parent or session, to the kernel's
 * debug print. One lock keeps the lines of several threads apart; a line
 * longer than a LOG write is broken between two UTF-8 characters, never
 * inside one.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <base/core_service.h>
#include <base/lock.h>
#include <base/log_client.h>
#include <base/parent.h>
#include <base/utcb_stash.h>
#include <kernel/call.h>
#include <session/log_session.h>

enum { FIRST_DONATION = 1024, MAX_DONATION = 64 * 1024 };

static struct lock lock = LOCK_INIT;
static uint16_t session;
static bool tried;
static char line[LOG_WRITE_MAX];
static unsigned line_len;

static void send(unsigned len)
{
	if (!tried && parent_cap) {
		tried = true;
		parent_session(utcb_self(), "LOG", "", FIRST_DONATION, MAX_DONATION,
			       LOG_SESSION_CAPS, &session);
	}
	if (!session || log_write(utcb_self(), session, line, len) != RPC_OK) {
		for (unsigned i = 0; i < len; i++)
			kernel_print_char(line[i]);
		kernel_print_char('\n');
	}
}

/* Send the first len bytes of the line, keep the rest for the next one.
 * Printing must not disturb a message the thread has prepared in its
 * UTCB, or a delivery it has not read yet. */
static void flush(unsigned len)
{
	static struct utcb_stash stash; /* not on the stack: thread stacks may be small */
	struct utcb *u = utcb_self();

	utcb_stash_save(u, &stash);
	send(len);
	utcb_stash_restore(u, &stash);
	for (unsigned i = len; i < line_len; i++)
		line[i - len] = line[i];
	line_len -= len;
}

static bool utf8_continuation(char c) { return ((unsigned char)c & 0xc0) == 0x80; }

/* A full line ends before its last character if the next bytes may still
 * complete that one: its lead byte announces more bytes than follow it */
static unsigned full_line_end(void)
{
	unsigned lead = line_len;

	while (lead > 0 && line_len - lead < 3 && utf8_continuation(line[lead - 1]))
		lead--;
	if (lead <= 1)
		return line_len;
	unsigned char c = (unsigned char)line[lead - 1];
	unsigned need   = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
	return line_len - (lead - 1) < need ? lead - 1 : line_len;
}

static void append(char c)
{
	if (c == '\n') {
		flush(line_len);
		return;
	}
	if (line_len == LOG_WRITE_MAX)
		flush(full_line_end());
	line[line_len++] = c;
}

void log_output(const char *s, unsigned len)
{
	lock_acquire(&lock);
	for (unsigned i = 0; i < len; i++)
		append(s[i]);
	lock_release(&lock);
}

static void append_text(const char *text, int len)
{
	for (int i = 0; i < len; i++)
		append(text[i]);
}

/* Formatted by newlib's integer formatter (vsniprintf: printf's formats
 * without floating point, which would add about 100 KiB to every boot
 * module; a program that calls printf itself links the full one), into a buffer that is not on the stack (thread stacks may be
 * small); a longer text is formatted again into a heap block, outside the
 * lock (the heap may print while it grows). */
void log_output_format(const char *fmt, va_list ap)
{
	static char text[256];
	va_list again;

	va_copy(again, ap);
	lock_acquire(&lock);
	int len   = vsniprintf(text, sizeof(text), fmt, ap);
	bool fits = len < (int)sizeof(text);
	if (fits)
		append_text(text, len);
	lock_release(&lock);
	if (!fits) {
		char *long_text = malloc((size_t)len + 1);
		if (long_text)
			vsniprintf(long_text, (size_t)len + 1, fmt, again);
		lock_acquire(&lock);
		const char *out = long_text ? long_text : "(log text too long for the heap)";
		append_text(out, long_text ? len : (int)strlen(out));
		lock_release(&lock);
		free(long_text);
	}
	va_end(again);
}

void log_output_flush(void)
{
	lock_acquire(&lock);
	if (line_len)
		flush(line_len);
	lock_release(&lock);
}
