/*
 * job_util.c - small helpers of zvm-job: dying with a message, allocation
 * that cannot fail (it exits instead), the clock, copying a file.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "job.h"

void job_die(int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("zvm-job: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(code);
}

void *job_alloc(size_t n)
{
	void *p = calloc(1, n ? n : 1);
	if (!p)
		job_die(2, "out of memory");
	return p;
}

char *job_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(job_alloc(n), s, n);
}

char *job_fmt(const char *fmt, ...)
{
	va_list ap;
	char *s;
	va_start(ap, fmt);
	int n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		job_die(2, "out of memory");
	return s;
}

double job_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Copies from to to (created or truncated); 0 or an errno value. */
int copy_file(const char *from, const char *to)
{
	char buf[1 << 16];
	int in = open(from, O_RDONLY | O_CLOEXEC), out, rc = 0;
	ssize_t n;

	if (in < 0)
		return errno;
	out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (out < 0) {
		rc = errno;
		close(in);
		return rc;
	}
	while ((n = read(in, buf, sizeof buf)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			rc = errno;
			break;
		}
		for (ssize_t at = 0; at < n;) {
			ssize_t w = write(out, buf + at, (size_t)(n - at));
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0) {
				rc = w < 0 ? errno : EIO;
				goto done;
			}
			at += w;
		}
	}
done:
	close(in);
	if (close(out) != 0 && !rc)
		rc = errno;
	return rc;
}
