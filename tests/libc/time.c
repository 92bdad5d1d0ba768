// env: TZ=UTC
/* Calendar functions on fixed times (the clock itself differs from the
 * host's: see zvm_env.c): gmtime, mktime, strftime, strptime, difftime. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <time.h>

int main(void)
{
	static const long long ts[] = { 0, 1, -1, 86399, 951782400, 1700000000, 2147483647, 2147483648LL,
					4102444800LL, -2208988800LL, 253402300799LL };
	char buf[128];
	for (size_t i = 0; i < sizeof ts / sizeof ts[0]; i++) {
		time_t t = (time_t)ts[i];
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S %a %b %j %U %W %u %w %y %C %G %V %e %p %I %z %Z", &tm);
		time_t back = timegm(&tm);
		struct tm lt;
		localtime_r(&t, &lt);
		time_t mk = mktime(&lt);
		printf("%lld: %s | back %lld mktime %lld yday %d wday %d\n", ts[i], buf, (long long)back,
		       (long long)mk, tm.tm_yday, tm.tm_wday);
	}
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = 124, tm.tm_mon = 13, tm.tm_mday = 35, tm.tm_hour = 25, tm.tm_min = 61;
	time_t t = timegm(&tm);
	printf("normalized %lld -> %d-%d-%d %d:%d\n", (long long)t, tm.tm_year, tm.tm_mon, tm.tm_mday, tm.tm_hour,
	       tm.tm_min);
	memset(&tm, 0, sizeof tm);
	char *end = strptime("2024-02-29 13:45:07", "%Y-%m-%d %H:%M:%S", &tm);
	printf("strptime rest [%s] %d %d %d %d %d %d\n", end ? end : "(null)", tm.tm_year, tm.tm_mon, tm.tm_mday,
	       tm.tm_hour, tm.tm_min, tm.tm_sec);
	printf("difftime %g\n", difftime((time_t)1000, (time_t)1));
	time_t z = 0;
	printf("asctime %s", asctime(gmtime(&z)));
	printf("ctime %s", ctime(&z));
	return 0;
}
