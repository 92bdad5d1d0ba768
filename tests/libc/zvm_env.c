// args: first "a b\x2cc" \x22quoted\x22
// env: GREETING=hello\x2c\x20world
// nvram: [time]\nseconds = 1700000000\n[random]\nseed=42\n# a comment\n[fstab]\nchannel=/dev/x, mountpoint=/, access=ro
// expect: zvm_env.out
/* What only ZeroVM gives: nvram escapes, the clock from [time] advancing by
 * 1 us per query, sleeps that only move the clock, the seeded random source,
 * the fixed identity, the channels and devices under /dev, unknown system
 * calls answering ENOSYS, allocations beyond the manifest's Memory failing. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	for (int i = 0; i < argc; i++)
		printf("argv[%d] [%s]\n", i, argv[i]);
	printf("GREETING [%s]\n", getenv("GREETING"));
	time_t t = time(0);
	struct timespec a, b, m;
	clock_gettime(CLOCK_REALTIME, &a);
	clock_gettime(CLOCK_REALTIME, &b);
	clock_gettime(CLOCK_MONOTONIC, &m);
	printf("time %lld, realtime %lld.%09ld then +%ld ns, monotonic %lld.%09ld\n", (long long)t,
	       (long long)a.tv_sec, a.tv_nsec, b.tv_nsec - a.tv_nsec, (long long)m.tv_sec, m.tv_nsec);
	struct timeval tv;
	gettimeofday(&tv, 0);
	printf("gettimeofday %lld.%06ld\n", (long long)tv.tv_sec, (long)tv.tv_usec);
	sleep(5);
	usleep(250000);
	clock_gettime(CLOCK_REALTIME, &b);
	printf("after sleeping 5.25 s: %lld.%09ld\n", (long long)b.tv_sec, b.tv_nsec);
	char ts[64];
	strftime(ts, sizeof ts, "%Y-%m-%d %H:%M:%S", gmtime(&t));
	printf("gmtime %s\n", ts);
	unsigned char r[8];
	printf("getrandom %zd:", getrandom(r, sizeof r, 0));
	for (int i = 0; i < 8; i++)
		printf(" %02x", r[i]);
	printf("\n");
	FILE *u = fopen("/dev/urandom", "r");
	int u0 = fgetc(u), u1 = fgetc(u), u2 = fgetc(u);
	printf("urandom %02x %02x %02x\n", u0, u1, u2);
	fclose(u);
	printf("rand %d\n", rand());
	struct utsname un;
	uname(&un);
	printf("uname %s %s %s %s\n", un.sysname, un.nodename, un.release, un.machine);
	printf("pid %d ppid %d uid %d gid %d\n", (int)getpid(), (int)getppid(), (int)getuid(), (int)getgid());
	DIR *d = opendir("/dev");
	struct dirent *e;
	while ((e = readdir(d))) {
		struct stat s;
		char p[300];
		snprintf(p, sizeof p, "/dev/%s", e->d_name);
		stat(p, &s);
		printf("/dev/%s %s %o\n", e->d_name, S_ISCHR(s.st_mode) ? "chr" : S_ISDIR(s.st_mode) ? "dir" : "reg",
		       (unsigned)(s.st_mode & 0777));
	}
	closedir(d);
	char cwd[64];
	printf("cwd %s\n", getcwd(cwd, sizeof cwd));
	errno = 0;
	long rc = syscall(SYS_sysinfo, 0);
	printf("sysinfo %ld errno %d\n", rc, errno);
	printf("fork %d errno %d\n", (int)fork(), errno);
	errno = 0;
	void *huge = malloc((size_t)3 << 30); /* more than the manifest's Memory */
	printf("malloc 3 GiB: %s errno %d\n", huge ? "non-null" : "null", errno);
	free(huge);
	return 0;
}
