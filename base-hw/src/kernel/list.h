/*
 * Intrusive doubly linked list with a sentinel head. Nodes are embedded in
 * the objects they link, so queuing never allocates.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

struct list_node {
	struct list_node *next, *prev;
};
struct list {
	struct list_node head;
};

#define container_of(ptr, type, member) ((type *)((char *)(ptr)-offsetof(type, member)))

static inline void list_init(struct list *l) { l->head.next = l->head.prev = &l->head; }
static inline void list_node_init(struct list_node *n) { n->next = n->prev = NULL; }
static inline bool list_empty(const struct list *l) { return l->head.next == &l->head; }
static inline bool list_node_linked(const struct list_node *n) { return n->next != NULL; }

static inline void list_insert_before(struct list_node *pos, struct list_node *n)
{
	n->next         = pos;
	n->prev         = pos->prev;
	pos->prev->next = n;
	pos->prev       = n;
}

static inline void list_push_back(struct list *l, struct list_node *n)
{
	list_insert_before(&l->head, n);
}
static inline void list_push_front(struct list *l, struct list_node *n)
{
	list_insert_before(l->head.next, n);
}

static inline void list_remove(struct list_node *n)
{
	n->prev->next = n->next;
	n->next->prev = n->prev;
	list_node_init(n);
}

static inline struct list_node *list_first(const struct list *l)
{
	return list_empty(l) ? NULL : l->head.next;
}

static inline struct list_node *list_pop_front(struct list *l)
{
	struct list_node *n = list_first(l);
	if (n)
		list_remove(n);
	return n;
}
