// env: TZ=CET-1CEST,M3.5.0,M10.5.0/3
/* Local time under a POSIX TZ rule (no zoneinfo files are read, in the
 * sandbox or natively): localtime across both DST changes, mktime with
 * tm_isdst -1/0/1 and out-of-range fields, the gap and the overlap, tzname
 * and timezone, strftime's every conversion, changing TZ with setenv+tzset,
 * difftime, and the clock-free parts of <time.h>. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void show(time_t t)
{
	struct tm tm;
	char buf[200];
	localtime_r(&t, &tm);
	strftime(buf, sizeof buf, "%F %T %Z %z isdst", &tm);
	printf("%lld -> %s %d gmtoff %ld\n", (long long)t, buf, tm.tm_isdst, tm.tm_gmtoff);
}

static void mk(int y, int mon, int d, int h, int mi, int isdst)
{
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900, tm.tm_mon = mon - 1, tm.tm_mday = d, tm.tm_hour = h, tm.tm_min = mi;
	tm.tm_isdst = isdst;
	time_t t = mktime(&tm);
	printf("mktime %04d-%02d-%02d %02d:%02d isdst %2d -> %lld (%02d:%02d isdst %d wday %d yday %d)\n", y, mon,
	       d, h, mi, isdst, (long long)t, tm.tm_hour, tm.tm_min, tm.tm_isdst, tm.tm_wday, tm.tm_yday);
}

int main(void)
{
	tzset();
	printf("tzname %s/%s timezone %ld daylight %d\n", tzname[0], tzname[1], timezone, daylight);
	/* 2024: DST from 2024-03-31 01:00 UTC to 2024-10-27 01:00 UTC */
	static const long long ts[] = { 1711846799, 1711846800, 1729990799, 1729990800, 1704067200, 1719792000,
					0, -1, 2147483647, 4102444800LL, 951782400 };
	for (size_t i = 0; i < sizeof ts / sizeof ts[0]; i++)
		show((time_t)ts[i]);
	for (int isdst = -1; isdst <= 1; isdst++) {
		mk(2024, 7, 1, 12, 0, isdst);
		mk(2024, 1, 1, 12, 0, isdst);
		mk(2024, 3, 31, 2, 30, isdst);  /* in the gap */
		mk(2024, 10, 27, 2, 30, isdst); /* in the overlap */
	}
	mk(2024, 14, 35, 49, -70, -1);
	mk(1969, 12, 31, 23, 59, -1);
	mk(2038, 1, 19, 4, 14, -1);

	char buf[512];
	struct tm tm;
	time_t t = 1709290861; /* 2024-03-01 11:01:01 UTC, a Friday */
	localtime_r(&t, &tm);
	static const char *const conv[] = { "%a %A %b %B %c", "%C %d %D %e %F %g %G %h %H %I %j", "%k %l %m %M %n %p %r",
					    "%R %S %t %T %u %U %V %w %W %x %X %y %Y %z %Z %%", "%Ec %EY %Od %Oe %OH",
					    "%P %s %+", "%10A|%-5d|%_5d|%05e|%^a|%#Z" };
	for (size_t i = 0; i < sizeof conv / sizeof conv[0]; i++) {
		size_t n = strftime(buf, sizeof buf, conv[i], &tm);
		printf("strftime \"%s\" (%zu): [%s]\n", conv[i], n, buf);
	}
	printf("strftime too small: %zu\n", strftime(buf, 5, "%Y-%m-%d", &tm));
	printf("strftime empty: %zu\n", strftime(buf, sizeof buf, "", &tm));
	/* week numbers around the new year */
	for (int d = 26; d <= 38; d++) {
		memset(&tm, 0, sizeof tm);
		tm.tm_year = 2020 - 1900, tm.tm_mon = 11, tm.tm_mday = d, tm.tm_hour = 12, tm.tm_isdst = -1;
		mktime(&tm);
		strftime(buf, sizeof buf, "%F %a %U %V %W %G %g %j", &tm);
		printf("%s\n", buf);
	}

	setenv("TZ", "EST5EDT,M3.2.0,M11.1.0", 1);
	tzset();
	printf("tzname %s/%s timezone %ld daylight %d\n", tzname[0], tzname[1], timezone, daylight);
	show((time_t)1710054000); /* 2024-03-10 07:00 UTC: 03:00 EDT */
	show((time_t)1710053999);
	show((time_t)1730613600);
	setenv("TZ", "<+0530>-5:30", 1);
	tzset();
	printf("tzname %s timezone %ld\n", tzname[0], timezone);
	show((time_t)0);
	setenv("TZ", "UTC0", 1);
	tzset();
	show((time_t)1700000000);
	unsetenv("TZ");
	tzset();
	show((time_t)1700000000);
	printf("difftime %.1f %.1f\n", difftime(10, 20), difftime((time_t)2000000000, (time_t)-2000000000));
	struct tm g;
	t = -62135596800LL; /* year 1 */
	printf("gmtime year 1: %s", gmtime_r(&t, &g) ? asctime(&g) : "null\n");
	t = 67767976233532799LL; /* the last second of year 2147485547 */
	struct tm *gp = gmtime_r(&t, &g);
	printf("gmtime far: %d %d\n", gp ? g.tm_year : -1, gp ? g.tm_yday : -1);
	t = 67767976233532800LL;
	printf("gmtime too far: %s\n", gmtime_r(&t, &g) ? "ok" : "null");
	return 0;
}
