/*
 * Core's internal interface: logging, physical memory, components.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <boot_info.h>

void core_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A broken rule of core's bookkeeping (e.g. memory handed back while a
 * kernel object in it is still linked): report it and stop the calling
 * thread, since going on would corrupt the kernel's lists. */
__attribute__((noreturn)) void core_fatal(const char *rule);
#define core_assert(cond, rule)           \
	do {                              \
		if (!(cond))              \
			core_fatal(rule); \
	} while (0)

/* Held while a core thread handles an event (lock.c) */
void core_lock(void);
void core_unlock(void);

/* Physical page frames (phys_alloc.c); core reaches them through the
 * kernel's linear map of RAM. */
void phys_init(const struct boot_info *bi);
uint32_t phys_alloc(uint32_t pages, uint32_t align_pages); /* 0 when exhausted */
void phys_free(uint32_t phys, uint32_t pages);
uint32_t phys_free_pages(void);
void *phys_to_virt(uint32_t phys);
uint32_t virt_to_phys(const void *virt);
/* One zeroed page of core's own (charged to nobody; see account.h), and back */
void *core_page_alloc(void);
void core_page_free(void *page);

/* Boot modules linked into the image (tool/boot_modules) */
struct boot_module {
	const char *name;
	const uint8_t *base;
	uint32_t size;
};
struct boot_modules {
	uint32_t count;
	struct boot_module module[];
};
extern const struct boot_modules boot_modules;

/* The receiver of every pager signal, served by core's main thread */
struct sig_receiver *core_pager_receiver(void);

/* Core's service entrypoint (service.c): a capability for a new component */
void service_start(void);
struct kobject *service_kobject(void);
/* Names of core's the service thread has set aside for receiving */
unsigned service_reserved_names(void);
