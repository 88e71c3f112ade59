/*
 * Sessions in one call (doc/howto.md 3): a connection helper asks the
 * parent for a session and does what every client would otherwise write
 * by hand around parent_session (base/parent.h):
 *
 *   - the donation: it starts with the RAM quota the service's header
 *     names (<SERVICE>_SESSION_RAM) and doubles it, up to
 *     CONNECTION_RAM_MAX, while the server answers that it does not cover
 *     the session (PARENT_INSUFFICIENT_RAM);
 *   - the component's own quota: when the component has not that much to
 *     donate (PARENT_OUT_OF_QUOTA), it asks its parent for more RAM
 *     (parent_resource_request) and tries again;
 *   - a server that is still starting is waited for (PARENT_WAIT_US);
 *   - a failure is logged with the reason, once, and 0 returned.
 *
 * The result is the session capability, the first argument of the
 * session's client stubs (e.g. timer_oneshot(u, timer, us)); 0 means none.
 */
#pragma once

#include <stdint.h>
#include <base/core_service.h> /* utcb_main() */
#include <kernel/utcb.h>
#include <session/log_session.h>
#include <session/rom_session.h>

enum {
	CONNECTION_CAPS    = 2,         /* capability quota donated with a request */
	CONNECTION_RAM_MAX = 64 * 1024, /* the largest donation a helper offers */
};

/*
 * A session of any service, also a user-defined one:
 *   u        the calling thread's UTCB (utcb_main(), env->utcb in a handler)
 *   service  the service's name as its server announces it ("KV")
 *   label    how the client names this session to the server and to init's
 *            routing rules (label="..."); "" or NULL: none
 *   args     service-specific session arguments ("size=64K"); NULL: none
 *   ram      the first RAM donation: the service header's *_SESSION_RAM
 */
uint16_t connection_open(struct utcb *u, const char *service, const char *label, const char *args,
			 uint32_t ram);

/* Close it: the server frees the session, the donation comes back */
int connection_close(struct utcb *u, uint16_t session);

/* A LOG session: log_write(u, session, text, len) prints one line */
static inline uint16_t log_connection_open(struct utcb *u, const char *label)
{
	return connection_open(u, "LOG", label, NULL, LOG_SESSION_RAM);
}

/* A ROM session of the module name ("config"): rom_dataspace(u, rom, ..);
 * base/attached_rom.h also attaches and parses it */
static inline uint16_t rom_connection_open(struct utcb *u, const char *name)
{
	return connection_open(u, "ROM", name, NULL, ROM_SESSION_RAM);
}
