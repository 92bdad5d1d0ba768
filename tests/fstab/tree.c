/*
 * tree make|edit|rofs DIR - the file operations the tar tests need.
 *   make  builds a fixed tree under DIR (sizes around block edges, names
 *         that need the ustar prefix and GNU long names, modes, empty
 *         directories, deep nesting)
 *   edit  changes an image's tree: appends, truncates, removes, adds
 *   rofs  tries every kind of write on a read-only image and prints errno
 *         names; reading must still work
 * Prints what failed; exits 1 if anything unexpected happened.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int bad;

static void check(int ok, const char *what)
{
	if (!ok) {
		printf("failed: %s: %s\n", what, strerror(errno));
		bad = 1;
	}
}

static void put(const char *dir, const char *name, size_t size, int seed, mode_t mode)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	check(f != 0, path);
	if (!f)
		return;
	for (size_t i = 0; i < size; i++)
		fputc((int)((i * 131 + (size_t)seed * 7) % 251), f);
	check(fclose(f) == 0, path);
	check(chmod(path, mode) == 0, path);
}

static void sub(const char *dir, const char *name)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	check(mkdir(path, 0755) == 0, path);
}

static char *repeat(int c, int n)
{
	static char buf[8][512];
	static int k;
	char *b = buf[k++ % 8];
	memset(b, c, (size_t)n);
	b[n] = 0;
	return b;
}

static void make(const char *d)
{
	static const size_t sizes[] = { 0, 1, 511, 512, 513, 10240, 100000 };
	char name[1024];
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		snprintf(name, sizeof name, "size-%zu", sizes[i]);
		put(d, name, sizes[i], (int)i, 0644);
	}
	put(d, "private", 10, 1, 0600);
	put(d, "script", 20, 2, 0755);
	sub(d, "empty");
	sub(d, "a");
	sub(d, "a/b");
	sub(d, "a/b/c");
	sub(d, "a/b/c/d");
	put(d, "a/b/c/d/deep.txt", 300, 3, 0644);
	/* 99-byte name: fits the name field */
	put(d, repeat('n', 99), 5, 4, 0644);
	/* a 120-byte directory and a 90-byte name: needs the ustar prefix */
	sub(d, repeat('p', 120));
	snprintf(name, sizeof name, "%s/%s", repeat('p', 120), repeat('q', 90));
	put(d, name, 7, 5, 0644);
	/* 200-byte name: only a GNU long name holds it */
	put(d, repeat('g', 200), 9, 6, 0644);
}

static void edit(const char *d)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/a.txt", d);
	FILE *f = fopen(path, "a");
	check(f != 0, "append a.txt");
	if (f) {
		fputs("appended\n", f);
		fclose(f);
	}
	snprintf(path, sizeof path, "%s/sub/big.bin", d);
	check(truncate(path, 1000) == 0, "truncate big.bin");
	snprintf(path, sizeof path, "%s/hard.txt", d);
	check(unlink(path) == 0, "unlink hard.txt");
	put(d, "new.txt", 600, 9, 0640);
	sub(d, "newdir");
	put(d, "newdir/inner", 3, 8, 0644);
	snprintf(path, sizeof path, "%s/sub/empty.txt", d);
	char to[4096];
	snprintf(to, sizeof to, "%s/moved.txt", d);
	check(rename(path, to) == 0, "rename empty.txt");
}

static void expect_erofs(int r, const char *what)
{
	printf("%-24s %s\n", what, r == 0 ? "succeeded" : errno == EROFS ? "EROFS" : strerror(errno));
	if (r == 0 || errno != EROFS)
		bad = 1;
}

static void rofs(const char *d)
{
	char p[4096], q[4096];
	snprintf(p, sizeof p, "%s/a.txt", d);
	expect_erofs(open(p, O_WRONLY), "open a.txt for writing");
	expect_erofs(open(p, O_RDONLY | O_TRUNC), "open with O_TRUNC");
	expect_erofs(truncate(p, 0), "truncate a.txt");
	expect_erofs(unlink(p), "unlink a.txt");
	expect_erofs(chmod(p, 0777), "chmod a.txt");
	expect_erofs(access(p, W_OK), "access W_OK");
	snprintf(q, sizeof q, "%s/b.txt", d);
	expect_erofs(rename(p, q), "rename a.txt");
	expect_erofs(open(q, O_WRONLY | O_CREAT, 0644), "create b.txt");
	snprintf(q, sizeof q, "%s/newdir", d);
	expect_erofs(mkdir(q, 0755), "mkdir newdir");
	snprintf(q, sizeof q, "%s/empty", d);
	expect_erofs(rmdir(q), "rmdir empty");
	snprintf(q, sizeof q, "/tmp/a.txt");
	expect_erofs(rename(p, q), "rename out of the image");
	/* reading still works, and so does the rest of the tree */
	char buf[64] = { 0 };
	int fd = open(p, O_RDONLY);
	check(fd >= 0 && read(fd, buf, sizeof buf - 1) > 0, "read a.txt");
	printf("a.txt: %s", buf);
	close(fd);
	FILE *f = fopen("/tmp/scratch", "w");
	check(f && fputs("x", f) >= 0 && fclose(f) == 0, "write /tmp");
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: tree make|edit|rofs DIR\n");
		return 2;
	}
	umask(0);
	if (!strcmp(argv[1], "make")) {
		check(mkdir(argv[2], 0755) == 0 || errno == EEXIST, argv[2]);
		make(argv[2]);
	} else if (!strcmp(argv[1], "edit")) {
		edit(argv[2]);
	} else if (!strcmp(argv[1], "rofs")) {
		rofs(argv[2]);
	} else {
		return 2;
	}
	return bad;
}
