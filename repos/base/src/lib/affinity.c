/*
 * <affinity xpos width> of init's <start> nodes (base/affinity.h).
 */
#include <base/affinity.h>
#include <base/node.h>

/* An attribute that is absent keeps *value; one that is present must be a number */
static bool attr(const struct node *n, const char *name, uint64_t *value)
{
	return !node_attr(n, name, NULL, NULL) || node_attr_u64(n, name, value);
}

enum affinity_read_result affinity_read(const struct node *start, struct affinity *a)
{
	struct node n;
	uint64_t x = 0, y = 0, w = 1, h = 1;

	*a = (struct affinity){ 0, 0 };
	if (!node_sub_by_type(start, "affinity", &n))
		return AFFINITY_ABSENT;
	if (!attr(&n, "xpos", &x) || !attr(&n, "ypos", &y) || !attr(&n, "width", &w) ||
	    !attr(&n, "height", &h) || y != 0 || h != 1 || w == 0 || x >= AFFINITY_CPUS_MAX ||
	    w > AFFINITY_CPUS_MAX - x)
		return AFFINITY_INVALID;
	*a = (struct affinity){ (uint32_t)x, (uint32_t)w };
	return AFFINITY_VALID;
}
