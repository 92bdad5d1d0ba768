/* The /dev channels in depth: /dev/null (reads end at once, writes vanish,
 * seeks answer 0), /dev/zero (any size, positioned reads), /dev/full (ENOSPC
 * through write, stdio's fflush and fclose), /dev/urandom (readable in any
 * amount; the contents differ from the host's, so only counts are printed),
 * and stdout written through write, stdio and large blocks. */
#define _GNU_SOURCE
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
	printf("%-48s = %ld", what, r);
	if (r < 0)
		printf(" errno=%d (%s)", errno, strerror(errno));
	printf("\n");
	errno = 0;
}

static char big[1 << 20];

int main(void)
{
	char buf[100];
	struct stat s;
	const char *devs[] = { "/dev/null", "/dev/zero", "/dev/full", "/dev/urandom", "/dev/random" };
	for (int i = 0; i < 5; i++) {
		int fd = open(devs[i], O_RDWR);
		printf("%s: open %d chr %d isatty %d", devs[i], fd >= 0, fstat(fd, &s) == 0 && S_ISCHR(s.st_mode),
		       isatty(fd));
		printf(" errno %d\n", errno);
		errno = 0;
		T(lseek(fd, 100, SEEK_SET));
		T(lseek(fd, 0, SEEK_CUR));
		T(lseek(fd, 5, SEEK_END));
		T(stat(devs[i], &s) == 0 && S_ISCHR(s.st_mode) && (s.st_mode & 0666) == 0666);
		close(fd);
	}

	int fd = open("/dev/null", O_RDWR);
	T(read(fd, buf, sizeof buf));
	T(write(fd, big, sizeof big));
	T(pread(fd, buf, 10, 1000));
	T(pwrite(fd, buf, 10, 1000));
	close(fd);

	fd = open("/dev/zero", O_RDONLY);
	memset(big, 1, sizeof big);
	T(read(fd, big, sizeof big));
	int nz = 0;
	for (size_t i = 0; i < sizeof big; i++)
		nz += big[i] != 0;
	printf("zero: nonzero bytes %d\n", nz);
	memset(buf, 7, sizeof buf);
	T(pread(fd, buf, 50, 12345));
	T(buf[0] == 0 && buf[49] == 0 && buf[50] == 7);
	T(write(fd, "x", 1));
	close(fd);
	fd = open("/dev/zero", O_WRONLY);
	T(write(fd, big, 4096));
	close(fd);

	fd = open("/dev/full", O_RDWR);
	T(write(fd, "x", 1));
	T(read(fd, buf, 10));
	T(buf[0] == 0 && buf[9] == 0);
	close(fd);
	FILE *f = fopen("/dev/full", "w");
	printf("full: fputs %d", fputs("buffered", f));
	int fl = fflush(f);
	printf(" fflush %d errno %d ferror %d", fl, errno, ferror(f));
	errno = 0;
	clearerr(f);
	fputs("more", f);
	int cl = fclose(f);
	printf(" fclose %d errno %d\n", cl, errno);
	errno = 0;
	f = fopen("/dev/full", "w");
	setvbuf(f, 0, _IONBF, 0);
	int pr = fprintf(f, "unbuffered %d", 1);
	printf("full unbuffered: fprintf %d errno %d\n", pr, errno);
	fclose(f);
	errno = 0;

	fd = open("/dev/urandom", O_RDONLY);
	memset(big, 0, sizeof big);
	T(read(fd, big, 65536));
	int zeroes = 0;
	for (int i = 0; i < 65536; i++)
		zeroes += big[i] == 0;
	printf("urandom: mostly nonzero %d\n", zeroes < 1000);
	close(fd);
	f = fopen("/dev/urandom", "rb");
	printf("urandom fread %zu\n", fread(buf, 1, sizeof buf, f));
	fclose(f);

	/* stdout: stdio and write interleaved with fflush, then a big block */
	printf("stdio line\n");
	fflush(stdout);
	T(write(1, "raw write\n", 10));
	T(fileno(stdout));
	T(fileno(stdin));
	T(write(0, "x", 1) < 0);
	T(read(1, buf, 1) < 0);
	errno = 0;
	for (size_t i = 0; i < sizeof big; i++)
		big[i] = (char)('a' + i % 26);
	for (size_t i = 63; i < sizeof big; i += 64)
		big[i] = '\n';
	fflush(stdout);
	T(write(1, big, sizeof big));
	printf("after the block: %d\n", fputs("fputs\n", stdout) >= 0);
	fwrite(big, 1, 100000, stdout);
	printf("\nend\n");
	return 0;
}
