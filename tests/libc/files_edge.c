/* The file API's corners on the memory filesystem (natively: in an empty
 * directory; every path is relative): holes, growth and shrinking, positioned
 * and vector I/O, O_APPEND with pwrite, O_TRUNC, rename over existing files,
 * unlinked and replaced files that stay open, big directories listed sorted,
 * rewinddir/seekdir, stat fields that do not depend on the host (type, mode,
 * size, nlink, times set with utimensat), and the errno of each failure. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#define T(expr) report(#expr, (long)(expr))
static void report(const char *what, long r)
{
	printf("%-60s = %ld", what, r);
	if (r < 0)
		printf(" errno=%d (%s)", errno, strerror(errno));
	printf("\n");
	errno = 0;
}

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void list(const char *path)
{
	DIR *d = opendir(path);
	char *names[300];
	int n = 0;
	struct dirent *e;
	if (!d) {
		printf("opendir %s: %s\n", path, strerror(errno));
		errno = 0;
		return;
	}
	while ((e = readdir(d)) && n < 300)
		names[n++] = strdup(e->d_name);
	closedir(d);
	qsort(names, (size_t)n, sizeof names[0], cmp);
	printf("ls %s (%d):", path, n);
	for (int i = 0; i < n; i++)
		printf(" %s", names[i]), free(names[i]);
	printf("\n");
}

static void st(const char *path)
{
	struct stat s;
	if (stat(path, &s)) {
		printf("stat %s: %s\n", path, strerror(errno));
		errno = 0;
		return;
	}
	printf("stat %s: %s size=%lld nlink=%ld mode=%o\n", path,
	       S_ISDIR(s.st_mode) ? "dir" : S_ISREG(s.st_mode) ? "file" : "other",
	       S_ISDIR(s.st_mode) ? 0LL : (long long)s.st_size, (long)s.st_nlink, (unsigned)(s.st_mode & 07777));
}

static void show(const char *path)
{
	char buf[200];
	int fd = open(path, O_RDONLY);
	if (fd < 0) {
		printf("show %s: %s\n", path, strerror(errno));
		errno = 0;
		return;
	}
	ssize_t n = read(fd, buf, sizeof buf);
	printf("%s (%zd):", path, n);
	for (ssize_t i = 0; i < n; i++)
		printf(buf[i] >= 32 && buf[i] < 127 ? "%c" : "\\%o", (unsigned char)buf[i]);
	printf("\n");
	close(fd);
}

int main(void)
{
	char buf[300];
	struct stat s;
	umask(022);
	T(mkdir("scratch", 0700));
	T(chdir("scratch"));

	/* holes: seek past the end, write; the gap reads as zeroes */
	int fd = open("holes", O_CREAT | O_RDWR | O_TRUNC, 0640);
	T(lseek(fd, 10, SEEK_END));
	T(write(fd, "A", 1));
	T(lseek(fd, 5, SEEK_CUR));
	T(write(fd, "B", 1));
	T(lseek(fd, 0, SEEK_END));
	T(lseek(fd, 0, SEEK_SET));
	T(read(fd, buf, sizeof buf));
	show("holes");
	T(ftruncate(fd, 30));
	T(fstat(fd, &s) == 0 && s.st_size == 30);
	T(ftruncate(fd, 12));
	T(lseek(fd, 0, SEEK_CUR));
	T(read(fd, buf, 10));
	T(pwrite(fd, "xyz", 3, 40));
	T(fstat(fd, &s) == 0 ? (long)s.st_size : -1);
	T(pread(fd, buf, 100, 41));
	T(pread(fd, buf, 10, 1000));
	T(pread(fd, buf, 10, -1));
	T(lseek(fd, -100, SEEK_CUR));
	T(lseek(fd, -43, SEEK_END));
	T(lseek(fd, 0, 7));
	T(ftruncate(fd, -1));
	show("holes");
	T(close(fd));

	/* vector I/O */
	fd = open("vec", O_CREAT | O_RDWR | O_EXCL, 0600);
	struct iovec w[3] = { { "one ", 4 }, { "", 0 }, { "three", 5 } };
	T(writev(fd, w, 3));
	T(pwritev(fd, w, 3, 2));
	char a[3], b[20];
	struct iovec r[2] = { { a, sizeof a }, { b, sizeof b } };
	T(lseek(fd, 0, SEEK_SET));
	T(readv(fd, r, 2));
	printf("readv [%.3s][%.8s]\n", a, b);
	T(preadv(fd, r, 2, 4));
	printf("preadv [%.3s][%.3s]\n", a, b);
	T(writev(fd, w, -1));
	T(close(fd));

	/* O_APPEND: writes go to the end whatever the position; on Linux even pwrite */
	fd = open("app", O_CREAT | O_WRONLY | O_APPEND, 0644);
	T(write(fd, "12345", 5));
	T(lseek(fd, 1, SEEK_SET));
	T(write(fd, "67", 2));
	T(lseek(fd, 0, SEEK_CUR));
	T(pwrite(fd, "AB", 2, 0));
	T(lseek(fd, 0, SEEK_CUR));
	T(fcntl(fd, F_SETFL, 0));
	T(pwrite(fd, "CD", 2, 0));
	T(write(fd, "E", 1));
	T(close(fd));
	show("app");

	/* O_TRUNC truncates even with O_RDONLY (Linux); O_CREAT keeps an existing file */
	fd = open("app", O_RDONLY | O_TRUNC);
	T(fd >= 0);
	T(close(fd));
	show("app");
	fd = open("vec", O_CREAT | O_RDONLY, 0600);
	T(read(fd, buf, 100));
	T(write(fd, "x", 1));
	T(close(fd));
	fd = open("vec", O_WRONLY);
	T(read(fd, buf, 1));
	T(close(fd));

	/* rename over an existing file: the name now holds the new contents, an
	 * open descriptor of the old file still reads the old ones */
	int old = open("app", O_RDWR);
	T(write(old, "old contents", 12));
	T(rename("vec", "app"));
	show("app");
	T(access("vec", F_OK));
	T(pread(old, buf, 12, 0));
	printf("replaced file still open: [%.12s]\n", buf);
	T(fstat(old, &s) == 0 ? (long)s.st_nlink : -1);
	T(close(old));
	T(rename("app", "app"));
	T(rename("missing", "x"));
	T(rename("app", "nodir/x"));
	T(rename("app", "holes/x"));
	T(mkdir("d1", 0755));
	T(mkdir("d1/d2", 0755));
	T(mkdir("d3", 0755));
	T(rename("d1", "d1/d2/d4"));
	T(rename("d1", "d3"));
	T(rename("d3", "d1"));
	T(rename("d3", "app"));
	T(rename("app", "d3"));
	T(rename("d3", "d5"));
	T(rename("app", "app2/"));
	T(rename("d5", "d6/"));
	st("d6");
	st("d1");

	/* unlinking an open file: it lives until the last close */
	fd = open("gone", O_CREAT | O_RDWR, 0600);
	int fd2 = dup(fd);
	T(unlink("gone"));
	T(write(fd, "data", 4));
	T(fstat(fd2, &s) == 0 ? (long)s.st_nlink : -1);
	T(fstat(fd2, &s) == 0 ? (long)s.st_size : -1);
	T(close(fd));
	T(lseek(fd2, 0, SEEK_CUR));
	T(pread(fd2, buf, 10, 0));
	T(close(fd2));
	T(access("gone", F_OK));

	/* errno of each failure */
	T(open("holes/", O_RDONLY));
	T(open("holes/x", O_RDONLY));
	T(open("newdir/", O_CREAT | O_WRONLY, 0644));
	T(open("d1", O_RDWR));
	T(open("d1", O_WRONLY | O_CREAT, 0644));
	T(open("d1", O_CREAT | O_EXCL | O_RDONLY, 0644));
	T(open("", O_RDONLY));
	memset(buf, 'n', 300);
	buf[299] = 0;
	T(open(buf, O_CREAT | O_WRONLY, 0644));
	T(mkdir(buf, 0755));
	T(mkdir("holes", 0755));
	T(mkdir("d1", 0755));
	T(mkdir("nodir/x", 0755));
	T(mkdir("holes/x", 0755));
	T(rmdir("."));
	T(rmdir("d1"));
	T(rmdir("holes"));
	T(rmdir("nothere"));
	T(rmdir("d1/d2/"));
	T(unlink("d1"));
	T(unlink("holes/"));
	T(unlink("nothere"));
	T(chdir("holes"));
	T(chdir("nothere"));
	T(truncate("d1", 0));
	T(truncate("nothere", 0));
	T(truncate("holes", 3));
	T(stat("holes/", &s));
	T(stat("", &s));
	fd = open("d1", O_RDONLY | O_DIRECTORY);
	T(read(fd, buf, 10));
	T(write(fd, buf, 10));
	T(fchdir(fd));
	T(close(fd));
	T(access(".", F_OK));
	T(chdir(".."));
	fd = open("holes", O_RDONLY);
	T(fchdir(fd));
	T(ftruncate(fd, 0));
	T(close(fd));
	T(dup2(99, 3));
	T(dup(-1));
	T(fcntl(77, F_GETFD));
	T(close(-1));
	T(lseek(-1, 0, SEEK_SET));
	T(fsync(55));

	/* stat: mode bits, nlink of directories, times set with utimensat */
	T(chmod("holes", 0604));
	T(mkdir("m", 0777));
	st("holes");
	st("m");
	T(mkdir("m/s1", 0750));
	T(mkdir("m/s2", 0750));
	st("m");
	T(rmdir("m/s1"));
	st("m");
	st("m/s2");
	struct timespec ts[2] = { { 1000000000, 123456789 }, { 1234567890, 5 } };
	T(utimensat(AT_FDCWD, "holes", ts, 0));
	T(stat("holes", &s));
	printf("times: atime %lld.%09ld mtime %lld.%09ld\n", (long long)s.st_atim.tv_sec, s.st_atim.tv_nsec,
	       (long long)s.st_mtim.tv_sec, s.st_mtim.tv_nsec);
	ts[0].tv_nsec = UTIME_OMIT;
	ts[1].tv_sec = 42;
	ts[1].tv_nsec = 0;
	T(utimensat(AT_FDCWD, "holes", ts, 0));
	T(stat("holes", &s));
	printf("times: atime %lld mtime %lld\n", (long long)s.st_atim.tv_sec, (long long)s.st_mtim.tv_sec);
	ts[1].tv_nsec = 1000000000;
	T(utimensat(AT_FDCWD, "holes", ts, 0));

	/* a directory with many entries: readdir sees each once */
	T(mkdir("big", 0755));
	for (int i = 0; i < 150; i++) {
		snprintf(buf, sizeof buf, "big/f%03d", (i * 37) % 150);
		fd = open(buf, O_CREAT | O_WRONLY, 0644);
		if (fd < 0 || close(fd))
			printf("create %s failed\n", buf);
	}
	for (int i = 0; i < 150; i += 3) {
		snprintf(buf, sizeof buf, "big/f%03d", i);
		unlink(buf);
	}
	list("big");
	DIR *d = opendir("big");
	int n1 = 0, n2 = 0;
	long pos = 0;
	while (readdir(d)) {
		if (++n1 == 20)
			pos = telldir(d);
	}
	rewinddir(d);
	while (readdir(d))
		n2++;
	seekdir(d, pos);
	int n3 = 0;
	while (readdir(d))
		n3++;
	printf("readdir counts: %d after rewind %d after seekdir %d\n", n1, n2, n3);
	T(dirfd(d) >= 0);
	T(fstat(dirfd(d), &s) == 0 && S_ISDIR(s.st_mode));
	closedir(d);
	fd = open("holes", O_RDONLY);
	d = fdopendir(fd);
	printf("fdopendir on a file: %s errno %d\n", d ? "dir" : "null", errno);
	errno = 0;
	close(fd);
	list("holes");
	list(".");

	/* stdio on files: modes, positions, ungetc, a hole made with fseek */
	FILE *f = fopen("s", "w+");
	fputs("hello", f);
	fseek(f, 10, SEEK_SET);
	fputc('X', f);
	printf("ftell %ld\n", ftell(f));
	rewind(f);
	int c1 = fgetc(f);
	ungetc('J', f);
	int c2 = fgetc(f);
	long tell = ftell(f);
	printf("fgetc %c ungetc/fgetc %c ftell %ld\n", c1, c2, tell);
	fclose(f);
	show("s");
	f = fopen("s", "a+");
	fputs("++", f);
	rewind(f);
	printf("a+ reads from the start: %c\n", fgetc(f));
	fputs("--", f);
	fclose(f);
	show("s");
	f = fopen("s", "r+");
	fseek(f, 1, SEEK_SET);
	fputs("EY", f);
	fclose(f);
	show("s");
	f = fopen("s", "wx");
	printf("wx on existing: %s errno %d\n", f ? "opened" : "null", errno);
	errno = 0;
	f = fopen("s", "r");
	int pc = fputc('x', f);
	printf("fputc on a read stream %d error %d\n", pc, ferror(f));
	clearerr(f);
	fpos_t p;
	fgetpos(f, &p);
	fgetc(f), fgetc(f);
	fsetpos(f, &p);
	printf("fsetpos back: %c\n", fgetc(f));
	f = freopen("holes", "r", f);
	printf("freopen: %c\n", fgetc(f));
	fclose(f);
	f = fdopen(open("s", O_RDONLY), "r");
	setvbuf(f, 0, _IONBF, 0);
	printf("fdopen unbuffered: %c\n", fgetc(f));
	fclose(f);
	f = tmpfile();
	fprintf(f, "temp %d", 42);
	rewind(f);
	int v = 0;
	int sc = fscanf(f, "temp %d", &v);
	printf("tmpfile: %d %d\n", sc, v);
	fclose(f);
	strcpy(buf, "tmpXXXXXX");
	fd = mkstemp(buf);
	T(fd >= 0);
	T(strncmp(buf, "tmp", 3) == 0 && strlen(buf) == 9 && strcmp(buf, "tmpXXXXXX") != 0);
	T(unlink(buf));
	T(close(fd));
	T(remove("s"));
	T(remove("m/s2"));
	T(remove("m"));
	T(remove("m"));
	return 0;
}
