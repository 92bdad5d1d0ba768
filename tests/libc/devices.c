/* Devices every sandbox has: /dev/null, /dev/zero, /dev/full; stdio on the
 * standard descriptors; exit flushes buffered output; atexit order. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void last(void) { printf("atexit: registered first, runs last\n"); }
static void first(void) { printf("atexit: registered last, runs first\n"); }

int main(void)
{
	char buf[64];
	memset(buf, 'x', sizeof buf);
	int fd = open("/dev/zero", O_RDONLY);
	printf("zero read %zd", read(fd, buf, sizeof buf));
	int nz = 0;
	for (size_t i = 0; i < sizeof buf; i++)
		nz += buf[i] != 0;
	printf(" nonzero %d\n", nz);
	close(fd);
	fd = open("/dev/null", O_RDWR);
	printf("null write %zd read %zd\n", write(fd, "abc", 3), read(fd, buf, sizeof buf));
	close(fd);
	fd = open("/dev/full", O_WRONLY);
	ssize_t r = write(fd, "abc", 3);
	printf("full write %zd errno %d\n", r, errno);
	close(fd);
	FILE *f = fopen("/dev/null", "w");
	printf("fprintf to null %d\n", fprintf(f, "%0100d", 5));
	fclose(f);
	printf("stdin eof: %d\n", getchar() == EOF && feof(stdin));
	errno = 0;
	int tty = isatty(1);
	printf("isatty(1) %d errno %d\n", tty, errno);
	atexit(last);
	atexit(first);
	printf("buffered, no newline at the end; exit(7) must flush it");
	exit(7);
}
