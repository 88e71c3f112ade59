/*
 * Files through the VFS of the component's config: a RAM file system at
 * /tmp (create, write, read, seek, append, truncate, rename, remove,
 * directories), ROM modules at /rom and one as /etc/motd (read-only),
 * devices at /dev, each with its error cases; at last /tmp takes the
 * component's whole RAM quota and refuses more with ENOSPC, and gives it
 * back when the file goes.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include "libc_test.h"

static bool file_is(const char *path, const char *content)
{
	char buf[256] = "";
	FILE *f       = fopen(path, "r");
	size_t n      = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;

	if (f)
		fclose(f);
	buf[n] = 0;
	return f && !strcmp(buf, content);
}

static bool write_file(const char *path, const char *mode, const char *content)
{
	FILE *f = fopen(path, mode);
	bool ok = f && fputs(content, f) >= 0;
	return f && !fclose(f) && ok;
}

static void test_ram_files(void)
{
	struct stat st;
	char buf[64];
	FILE *f;

	CHECK(write_file("/tmp/a.txt", "w", "hello, file\n"), "write /tmp/a.txt\n");
	CHECK(file_is("/tmp/a.txt", "hello, file\n"), "read /tmp/a.txt\n");
	CHECK(stat("/tmp/a.txt", &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 12,
	      "stat /tmp/a.txt\n");
	CHECK(write_file("/tmp/a.txt", "a", "more\n") &&
		  file_is("/tmp/a.txt", "hello, file\nmore\n"),
	      "append\n");

	/* seek and tell, a hole past the end reads as zeros */
	f = fopen("/tmp/a.txt", "r+");
	CHECK(f && fseek(f, 0, SEEK_END) == 0 && ftell(f) == 17, "fseek to the end\n");
	CHECK(f && fseek(f, 7, SEEK_SET) == 0 && fread(buf, 1, 4, f) == 4 &&
		  !memcmp(buf, "file", 4),
	      "fseek and fread\n");
	CHECK(f && fseek(f, -4, SEEK_CUR) == 0 && fwrite("FILE", 1, 4, f) == 4 && ftell(f) == 11,
	      "fseek back and overwrite\n");
	CHECK(f && fseek(f, 100, SEEK_SET) == 0 && fputc('!', f) == '!' && ftell(f) == 101,
	      "write past the end\n");
	CHECK(f && fseek(f, -1, SEEK_SET) == -1 && errno == EINVAL, "fseek before the start\n");
	if (f)
		fclose(f);
	f = fopen("/tmp/a.txt", "r");
	CHECK(f && fseek(f, 17, SEEK_SET) == 0 && fread(buf, 1, 10, f) == 10 && !buf[0] && !buf[9],
	      "the hole reads as zeros\n");
	if (f)
		fclose(f);
	CHECK(stat("/tmp/a.txt", &st) == 0 && st.st_size == 101, "size with the hole\n");
	CHECK(truncate("/tmp/a.txt", 5) == 0 && file_is("/tmp/a.txt", "hello"), "truncate\n");

	/* errors of open */
	CHECK_ERRNO(fopen("/tmp/missing.txt", "r") == NULL, ENOENT, "fopen of a missing file");
	CHECK_ERRNO(fopen("/tmp/none/x.txt", "w") == NULL, ENOENT, "fopen in a missing directory");
	CHECK_ERRNO(fopen("/tmp/a.txt/x", "w") == NULL, ENOTDIR, "fopen below a file");
	CHECK_ERRNO(open("/tmp/a.txt", O_WRONLY | O_CREAT | O_EXCL, 0644) < 0, EEXIST,
		    "O_CREAT | O_EXCL of an existing file");
	CHECK_ERRNO(fopen("/tmp", "w") == NULL, EISDIR, "fopen of a directory for writing");
	CHECK_ERRNO(fopen("/new.txt", "w") == NULL, EROFS, "fopen in the config's root");
	CHECK_ERRNO(read(99, buf, 1) < 0, EBADF, "read of a closed descriptor");
	int fd = open("/tmp/a.txt", O_RDONLY);
	CHECK_ERRNO(write(fd, "x", 1) < 0, EBADF, "write to a read-only descriptor");
	close(fd);
	printf("libc_test: files: /tmp: write, read, append, seek, holes, truncate and 7 errors\n");
}

static bool listed(const char *dir, const char *name, unsigned char type)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	bool found = false;

	while (d && (e = readdir(d)))
		found |= !strcmp(e->d_name, name) && e->d_type == type;
	if (d)
		closedir(d);
	return found;
}

static void test_directories(void)
{
	char cwd[64];

	CHECK(mkdir("/tmp/d", 0755) == 0 && mkdir("/tmp/d/e", 0755) == 0, "mkdir\n");
	CHECK(write_file("/tmp/d/f.txt", "w", "f"), "a file in a new directory\n");
	CHECK(listed("/tmp/d", "e", DT_DIR) && listed("/tmp/d", "f.txt", DT_REG), "readdir\n");
	CHECK(listed("/", "tmp", DT_DIR) && listed("/dev", "log", DT_CHR) &&
		  listed("/etc", "motd", DT_REG),
	      "readdir of the config's directories\n");
	CHECK_ERRNO(mkdir("/tmp/d", 0755) < 0, EEXIST, "mkdir of an existing directory");
	CHECK_ERRNO(mkdir("/tmp/x/y", 0755) < 0, ENOENT, "mkdir in a missing directory");
	CHECK_ERRNO(rmdir("/tmp/d") < 0, ENOTEMPTY, "rmdir of a full directory");
	CHECK_ERRNO(rmdir("/tmp/d/f.txt") < 0, ENOTDIR, "rmdir of a file");
	CHECK_ERRNO(opendir("/tmp/d/f.txt") == NULL, ENOTDIR, "opendir of a file");
	CHECK_ERRNO(opendir("/tmp/nothing") == NULL, ENOENT, "opendir of nothing");

	/* relative paths */
	CHECK(chdir("/tmp/d") == 0 && getcwd(cwd, sizeof(cwd)) && !strcmp(cwd, "/tmp/d"),
	      "chdir\n");
	CHECK(file_is("f.txt", "f") && file_is("../d/./f.txt", "f"), "relative paths\n");
	CHECK(chdir("..") == 0 && getcwd(cwd, sizeof(cwd)) && !strcmp(cwd, "/tmp"), "chdir ..\n");
	CHECK_ERRNO(chdir("/tmp/a.txt") < 0, ENOTDIR, "chdir to a file");

	/* rename: files, over a file, directories, not into itself, not across */
	CHECK(rename("/tmp/a.txt", "/tmp/d/b.txt") == 0 && file_is("/tmp/d/b.txt", "hello"),
	      "rename a file\n");
	CHECK_ERRNO(fopen("/tmp/a.txt", "r") == NULL, ENOENT, "the old name after rename");
	CHECK(rename("/tmp/d/f.txt", "/tmp/d/b.txt") == 0 && file_is("/tmp/d/b.txt", "f"),
	      "rename over a file\n");
	CHECK(rename("/tmp/d", "/tmp/g") == 0 && file_is("/tmp/g/b.txt", "f"),
	      "rename a directory\n");
	CHECK_ERRNO(rename("/tmp/g", "/tmp/g/e/h") < 0, EINVAL, "rename into itself");
	CHECK_ERRNO(rename("/tmp/g/b.txt", "/dev/b.txt") < 0, EROFS, "rename into the config");
	CHECK_ERRNO(rename("/tmp/missing", "/tmp/m") < 0, ENOENT, "rename of nothing");

	/* remove files and directories */
	CHECK(remove("/tmp/g/b.txt") == 0 && remove("/tmp/g/e") == 0 && rmdir("/tmp/g") == 0,
	      "remove and rmdir\n");
	CHECK_ERRNO(remove("/tmp/g") < 0, ENOENT, "remove of a removed directory");
	CHECK(chdir("/") == 0, "chdir /\n");
	printf("libc_test: files: directories, relative paths, rename, remove and 12 errors\n");
}

static void test_rom_and_devices(void)
{
	char buf[16] = "";
	struct stat st;
	FILE *f = fopen("/rom/libc_test", "r");

	CHECK(f && fread(buf, 1, 4, f) == 4 && !memcmp(buf, "\177ELF", 4), "/rom/libc_test\n");
	CHECK(f && fseek(f, 0, SEEK_END) == 0 && ftell(f) > 4096, "the size of a ROM\n");
	if (f)
		fclose(f);
	CHECK(file_is("/etc/motd", "<motd>Read me.</motd>"), "/etc/motd: <rom name=\"motd\"/>\n");
	CHECK(stat("/etc/motd", &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 21,
	      "stat of a ROM\n");
	CHECK_ERRNO(fopen("/rom/no_such_module", "r") == NULL, ENOENT, "fopen of a missing ROM");
	CHECK_ERRNO(fopen("/rom/libc_test", "w") == NULL, EROFS, "fopen of a ROM for writing");
	CHECK_ERRNO(fopen("/rom/new", "w") == NULL, EROFS, "fopen to create a ROM");
	CHECK_ERRNO(remove("/rom/libc_test") < 0, EROFS, "remove of a ROM");
	CHECK_ERRNO(mkdir("/rom/d", 0755) < 0, EROFS, "mkdir among ROMs");
	CHECK_ERRNO(rename("/tmp", "/rom/tmp") < 0, EBUSY, "rename of a mount point");

	f = fopen("/dev/null", "w");
	CHECK(f && fputs("gone", f) >= 0 && fclose(f) == 0, "/dev/null\n");
	f = fopen("/dev/zero", "r");
	CHECK(f && fread(buf, 1, 8, f) == 8 && !buf[0] && !buf[7] && fclose(f) == 0, "/dev/zero\n");
	f = fopen("/dev/log", "w");
	CHECK(f && fprintf(f, "libc_test: files: written to /dev/log\n") > 0 && fclose(f) == 0,
	      "/dev/log\n");
	CHECK(isatty(1) && !isatty(open("/dev/null", O_RDONLY)), "isatty\n");
	printf("libc_test: files: /rom, /etc/motd and /dev, 7 errors\n");
}

/* The RAM file system takes what the quota gives, then ENOSPC */
static void test_out_of_space(void)
{
	enum { CHUNK = 64 * 1024 };
	char *chunk         = malloc(CHUNK);
	unsigned long total = 0;
	int fd = open("/tmp/big", O_WRONLY | O_CREAT | O_TRUNC, 0644), e = 0;
	ssize_t n;

	CHECK(chunk && fd >= 0, "open /tmp/big\n");
	if (!chunk || fd < 0)
		return;
	memset(chunk, 0x5a, CHUNK);
	while ((n = write(fd, chunk, CHUNK)) > 0)
		total += (unsigned long)n;
	e = errno;
	CHECK(n == -1 && e == ENOSPC && total > 1024 * 1024,
	      "write until full: %u bytes, errno %d\n", (unsigned)total, e);
	close(fd);
	CHECK(unlink("/tmp/big") == 0, "unlink /tmp/big\n");
	CHECK(write_file("/tmp/after", "w", "room again") && file_is("/tmp/after", "room again"),
	      "a file after the space came back\n");
	free(chunk);
	printf(
	    "libc_test: files: /tmp took %lu KiB, then ENOSPC; after unlink there is room again\n",
	    total / 1024);
}

void test_files(void)
{
	test_ram_files();
	test_directories();
	test_rom_and_devices();
	test_out_of_space();
}
