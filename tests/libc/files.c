/* The file API on the memory filesystem (natively: in an empty directory):
 * create, write, read, seek, append, truncate, stat, rename, unlink,
 * directories and their listing, dup, fcntl, stdio on files, errno values. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define T(expr) report(#expr, (long)(expr))
static void report(const char *what, long r)
{
	printf("%-52s = %ld", what, r);
	if (r < 0)
		printf(" errno=%d (%s)", errno, strerror(errno));
	printf("\n");
	errno = 0;
}

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void list(const char *path)
{
	DIR *d = opendir(path);
	char *names[64];
	int n = 0;
	struct dirent *e;
	if (!d) {
		printf("opendir %s: %s\n", path, strerror(errno));
		return;
	}
	while ((e = readdir(d)) && n < 64) {
		char t = e->d_type == DT_DIR ? 'd' : e->d_type == DT_REG ? 'f' : '?';
		char *s = malloc(strlen(e->d_name) + 3);
		sprintf(s, "%s:%c", e->d_name, t);
		names[n++] = s;
	}
	closedir(d);
	qsort(names, (size_t)n, sizeof names[0], cmp);
	printf("ls %s:", path);
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
	       S_ISDIR(s.st_mode) ? 0LL : (long long)s.st_size, (long)s.st_nlink, (unsigned)(s.st_mode & 0777));
}

int main(void)
{
	char buf[256];
	umask(022);
	T(mkdir("work", 0755));
	T(chdir("work"));
	T(mkdir("work", 0755));
	int fd = open("a.txt", O_CREAT | O_WRONLY | O_TRUNC, 0644);
	T(fd >= 0);
	T(write(fd, "hello world\n", 12));
	T(lseek(fd, 0, SEEK_CUR));
	T(lseek(fd, 6, SEEK_SET));
	T(write(fd, "WORLD", 5));
	T(lseek(fd, 100, SEEK_SET));
	T(write(fd, "!", 1));
	T(lseek(fd, -1, SEEK_SET));
	T(read(fd, buf, 10));
	T(close(fd));
	T(close(fd));
	st("a.txt");
	fd = open("a.txt", O_RDONLY);
	memset(buf, 0, sizeof buf);
	T(read(fd, buf, sizeof buf));
	printf("content: [%.12s] byte50=%d last=%c\n", buf, buf[50], buf[100]);
	T(read(fd, buf, sizeof buf));
	T(pread(fd, buf, 5, 6));
	printf("pread: [%.5s]\n", buf);
	T(write(fd, "x", 1));
	T(lseek(fd, 0, SEEK_END));
	T(ftruncate(fd, 3));
	T(close(fd));
	fd = open("a.txt", O_WRONLY | O_APPEND);
	T(lseek(fd, 0, SEEK_SET));
	T(write(fd, "append", 6));
	T(lseek(fd, 0, SEEK_CUR));
	T(ftruncate(fd, 4));
	T(fcntl(fd, F_GETFL) & (O_APPEND | O_ACCMODE));
	T(fcntl(fd, F_GETFD));
	T(fcntl(fd, F_SETFD, FD_CLOEXEC));
	T(fcntl(fd, F_GETFD));
	int fd2 = dup(fd);
	T(fd2 > fd);
	T(write(fd2, "++", 2));
	T(dup2(fd2, 20));
	T(fcntl(20, F_GETFD));
	T(close(20));
	T(close(fd2));
	T(close(fd));
	st("a.txt");
	T(open("a.txt", O_CREAT | O_EXCL | O_WRONLY, 0600));
	T(open("missing", O_RDONLY));
	T(open("a.txt/x", O_RDONLY));
	T(open("sub/x", O_CREAT | O_WRONLY, 0644));
	T(mkdir("sub", 0700));
	T(mkdir("sub/deeper", 0777));
	T(open("sub", O_WRONLY));
	T(open("a.txt", O_RDONLY | O_DIRECTORY));
	T(rmdir("sub"));
	T(rmdir("a.txt"));
	T(unlink("sub"));
	T(rename("a.txt", "sub/b.txt"));
	T(access("a.txt", F_OK));
	T(access("sub/b.txt", F_OK));
	T(rename("sub", "sub/deeper/x"));
	T(rename("sub/deeper", "sub2"));
	T(rename("sub/b.txt", "sub2"));
	T(rename("sub2", "sub"));
	T(mkdir("sub2", 0755));
	T(rename("sub2", "sub"));
	st("sub");
	st("sub2");
	list(".");
	list("sub");
	list("nope");

	FILE *f = fopen("sub/data", "w+");
	for (int i = 0; i < 1000; i++)
		fprintf(f, "line %d %s\n", i, i % 7 ? "x" : "seven");
	printf("ftell %ld\n", ftell(f));
	rewind(f);
	int lines = 0, sevens = 0;
	while (fgets(buf, sizeof buf, f)) {
		lines++;
		sevens += strstr(buf, "seven") != 0;
	}
	printf("lines %d sevens %d eof %d\n", lines, sevens, feof(f));
	fseek(f, -20, SEEK_END);
	printf("tail [%s]", fgets(buf, sizeof buf, f));
	fclose(f);
	f = fopen("sub/data", "a");
	fputs("appended\n", f);
	fclose(f);
	st("sub/data");
	f = fopen("nope/x", "r");
	printf("fopen missing: %p errno %d\n", (void *)f, errno);
	errno = 0;
	f = fopen("bin", "wb");
	double v[100];
	for (int i = 0; i < 100; i++)
		v[i] = i * 1.5;
	printf("fwrite %zu\n", fwrite(v, sizeof v[0], 100, f));
	fclose(f);
	f = fopen("bin", "rb");
	memset(v, 0, sizeof v);
	fseek(f, 8 * 10, SEEK_SET);
	size_t got = fread(v, sizeof v[0], 200, f);
	printf("fread %zu v0=%g\n", got, v[0]);
	fclose(f);

	T(unlink("bin"));
	T(unlink("bin"));
	fd = open("tmpfile", O_CREAT | O_RDWR, 0644);
	T(unlink("tmpfile"));
	T(write(fd, "still here", 10));
	T(lseek(fd, 0, SEEK_SET));
	memset(buf, 0, sizeof buf);
	T(read(fd, buf, 100));
	printf("unlinked read: [%s]\n", buf);
	T(close(fd));
	T(mkdir("sub/deeper", 0755));
	T(chdir("sub/deeper"));
	T(open("../data", O_RDONLY) >= 0);
	T(chdir("../.."));
	T(rmdir("sub"));
	T(unlink("sub/data"));
	T(rmdir("sub/deeper"));
	T(rmdir("sub"));
	int dfd = open(".", O_RDONLY | O_DIRECTORY);
	T(dfd >= 0);
	T(mkdirat(dfd, "viaat", 0755));
	fd = openat(dfd, "viaat/f", O_CREAT | O_WRONLY, 0644);
	T(fd >= 0);
	T(close(fd));
	struct stat s;
	T(fstatat(dfd, "viaat/f", &s, 0));
	T(unlinkat(dfd, "viaat", AT_REMOVEDIR));
	T(unlinkat(dfd, "viaat/f", 0));
	T(unlinkat(dfd, "viaat", AT_REMOVEDIR));
	T(close(dfd));
	T(read(99, buf, 1));
	T(write(-1, buf, 1));
	T(fstat(99, &s));
	T(lseek(99, 0, SEEK_SET));
	T(mkdir("", 0755));
	T(chdir("/nonexistent"));
	list(".");
	return 0;
}
