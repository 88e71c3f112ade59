/*
 * The process side of newlib: exit tells the parent, one process per
 * component, no fork or exec.
 */
#include <errno.h>
#include <unistd.h>
#include <sys/types.h>
#include <base/core_service.h>
#include <base/log_client.h>
#include <base/parent.h>
#include <kernel/call.h>

static int fail(int err)
{
	errno = err;
	return -1;
}

/* The parent learns the exit value and ends the component; if it cannot,
 * the thread ends and core reports the exit all the same. */
void _exit(int code)
{
	log_output_flush();
	if (parent_cap)
		parent_exit(utcb_self(), code);
	kernel_thread_exit(code);
}

/* One process per component */
pid_t _getpid(void) { return 1; }

/* abort() and raise() end here: exit like a shell reports a signal */
int _kill(pid_t pid, int sig)
{
	if (pid != _getpid())
		return fail(ESRCH);
	_exit(128 + sig);
}

pid_t _fork(void) { return fail(ENOSYS); }

int _execve(const char *path, char *const argv[], char *const envp[])
{
	(void)path;
	(void)argv;
	(void)envp;
	return fail(ENOSYS);
}

pid_t _wait(int *status)
{
	(void)status;
	return fail(ENOSYS);
}

/* What crti.o/crtn.o would provide: newlib's exit runs __libc_fini_array,
 * which calls _fini; there are no .init/.fini sections to run */
void _init(void);
void _fini(void);
void _init(void) {}
void _fini(void) {}
