// nvram: [time]\nseconds = 1234567890
// expect: clock.out
/* The sandbox's clock (it cannot match the host's): it starts at nvram
 * [time] seconds and every query advances it by exactly 1 us, whatever the
 * clock id; sleeps move it by the amount asked and report nothing left;
 * clock(), times() and CPU-time clocks count from the start; time() and
 * gettimeofday agree with CLOCK_REALTIME; localtime of now follows TZ. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>

static void ts(const char *what, clockid_t id)
{
	struct timespec t;
	int r = clock_gettime(id, &t);
	printf("%-24s %d %lld.%09ld\n", what, r, (long long)t.tv_sec, t.tv_nsec);
}

int main(void)
{
	ts("CLOCK_REALTIME", CLOCK_REALTIME);
	ts("CLOCK_MONOTONIC", CLOCK_MONOTONIC);
	ts("CLOCK_PROCESS_CPUTIME_ID", CLOCK_PROCESS_CPUTIME_ID);
	ts("CLOCK_BOOTTIME", CLOCK_BOOTTIME);
	struct timespec t;
	errno = 0;
	int bad = clock_gettime((clockid_t)77, &t);
	printf("bad clock id: %d errno %d\n", bad, errno);
	clock_getres(CLOCK_REALTIME, &t);
	printf("resolution %lld.%09ld\n", (long long)t.tv_sec, t.tv_nsec);
	printf("time %lld\n", (long long)time(0));
	struct timeval tv;
	gettimeofday(&tv, 0);
	printf("gettimeofday %lld.%06ld\n", (long long)tv.tv_sec, (long)tv.tv_usec);
	printf("clock() %ld\n", (long)clock());
	struct tms tm;
	printf("times %ld utime %ld\n", (long)times(&tm), (long)tm.tms_utime);
	struct timespec req = { 2, 500000000 }, rem = { 9, 9 };
	printf("nanosleep %d rem %lld.%09ld\n", nanosleep(&req, &rem), (long long)rem.tv_sec, rem.tv_nsec);
	ts("after 2.5 s", CLOCK_REALTIME);
	req.tv_nsec = 1000000000;
	errno = 0;
	printf("nanosleep bad %d errno %d\n", nanosleep(&req, 0), errno);
	clock_gettime(CLOCK_MONOTONIC, &t);
	t.tv_sec += 10;
	printf("clock_nanosleep abs %d\n", clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &t, 0));
	ts("after 10 s (monotonic)", CLOCK_MONOTONIC);
	printf("sleep %u usleep %d\n", sleep(100), usleep(1500));
	ts("after 101.5 s", CLOCK_REALTIME);
	time_t a = time(0);
	sleep(3600);
	time_t b = time(0);
	printf("difftime over an hour's sleep %.0f\n", difftime(b, a));
	struct timespec s1;
	timespec_get(&s1, TIME_UTC);
	printf("timespec_get %lld.%09ld\n", (long long)s1.tv_sec, s1.tv_nsec);
	char buf[64];
	strftime(buf, sizeof buf, "%F %T %Z", localtime(&b));
	printf("localtime (no TZ: UTC) %s\n", buf);
	return 0;
}
