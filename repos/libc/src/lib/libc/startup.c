/*
 * What libc does before main (the startup code calls libc_main after the
 * C constructors): the arguments and the environment from the component's
 * config, then main(argc, argv, envp). argv[0] is the component's name
 * (base/component.h), the <arg> nodes follow in order:
 *
 *   <config>
 *     <arg value="-v"/> <arg value="input.txt"/>
 *     <env key="HOME" value="/tmp"/>
 *   </config>
 *
 * main may also be declared as main(void) or main(argc, argv). It runs on
 * the main thread's stack (1 MiB from core), or on one of the size <libc
 * stack="8M"/> names (base/stack.h).
 */
#include <stdlib.h>
#include <string.h>
#include <base/component.h>
#include <base/config.h>
#include <base/core_service.h>
#include <base/log.h>
#include <base/stack.h>

extern char **environ;
int main(int argc, char **argv, char **envp);
int libc_main(void);
int libc_call_on_stack(uintptr_t top, int (*fn)(void)); /* call_on_stack.S */

static int argc = 1;
static char *no_arguments[2];
static char **argv = no_arguments;

/* A copy of the decoded attribute, NULL if absent or memory is short */
static char *attr_dup(const struct node *n, const char *name)
{
	size_t len;
	char *s;

	if (!node_attr(n, name, NULL, &len) || !(s = malloc(len + 1)))
		return NULL;
	if (!node_attr_copy(n, name, s, len + 1)) {
		free(s);
		return NULL;
	}
	return s;
}

static unsigned count(const struct node *config, const char *type)
{
	struct node n;
	unsigned c = 0;

	for (bool more = node_sub_by_type(config, type, &n); more;
	     more      = node_next_by_type(&n, type, &n))
                c++;
	return c;
}

/* argv: the name, then every <arg value=".."/> */
static char **arguments(const struct node *config, int *n_args)
{
	char **list = calloc(count(config, "arg") + 2, sizeof(char *));
	struct node n;

	*n_args = 0;
	if (!list)
		return NULL;
	list[(*n_args)++] = (char *)component_name();
	for (bool more = node_sub_by_type(config, "arg", &n); more;
	     more      = node_next_by_type(&n, "arg", &n)) {
		char *value = attr_dup(&n, "value");
		if (value)
			list[(*n_args)++] = value;
		else
			log_printf("libc: config: <arg> in line %u without a value: ignored\n",
				   node_line(&n));
	}
	return list;
}

/* environ: "key=value" of every <env key=".." value=".."/> */
static void environment(const struct node *config)
{
	char **env = calloc(count(config, "env") + 1, sizeof(char *));
	unsigned i = 0;
	struct node n;

	if (!env)
		return;
	for (bool more = node_sub_by_type(config, "env", &n); more;
	     more      = node_next_by_type(&n, "env", &n)) {
		char *key = attr_dup(&n, "key"), *value = attr_dup(&n, "value");
		char *pair = key && value && *key && !strchr(key, '=')
				 ? malloc(strlen(key) + strlen(value) + 2)
				 : NULL;
		if (pair) {
			strcpy(pair, key);
			strcat(pair, "=");
			strcat(pair, value);
			env[i++] = pair;
		} else {
			log_printf("libc: config: <env> in line %u needs a key without '=' and a "
				   "value: ignored\n",
				   node_line(&n));
		}
		free(key);
		free(value);
	}
	environ = env;
}

static int call_main(void) { return main(argc, argv, environ); }

/* <libc stack=".."/>: main's stack, 0 for the main thread's own */
static uint64_t stack_size(const struct node *config)
{
	struct node libc;
	uint64_t size = 0;

	if (node_sub_by_type(config, "libc", &libc) && node_attr(&libc, "stack", NULL, NULL) &&
	    (!node_attr_u64(&libc, "stack", &size) || size > UINT32_MAX)) {
		log_printf("libc: config: <libc stack> is no size: ignored\n");
		size = 0;
	}
	return size;
}

int libc_main(void)
{
	struct node config;
	uint64_t stack = 0;
	uintptr_t top;

	no_arguments[0] = (char *)component_name();
	if (config_read(utcb_self(), &config)) {
		char **from_config = arguments(&config, &argc);
		if (from_config)
			argv = from_config;
		else
			argc = 1;
		environment(&config);
		stack = stack_size(&config);
	}
	if (!stack)
		return call_main();
	if (!stack_alloc((size_t)stack, &top)) {
		log_printf("libc: error: no stack of %u KiB for main: on the main thread's own\n",
			   (unsigned)(stack / 1024));
		return call_main();
	}
	return libc_call_on_stack(top, call_main);
}
