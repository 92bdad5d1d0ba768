/*
 * zrt_time.c - the deterministic clock and random source.
 *
 * One clock for every clock id: it starts at the nvram [time] seconds (0 by
 * default) and each query returns the current value, then advances it by
 * 1 microsecond (as the original ZRT). CLOCK_MONOTONIC and the CPU-time
 * clocks count from the start; CLOCK_REALTIME adds the [time] seconds. Sleeps
 * add the requested time and return at once. Random bytes come from a
 * xoshiro256** generator seeded from nvram [random] seed (fixed default).
 */
#include <errno.h>
#include <string.h>
#include <sys/times.h>
#include <time.h>

#include "zrt.h"

#define STEP_NS 1000

static int64_t base_ns; /* realtime at start */
static int64_t elapsed_ns;
static uint64_t rs[4];

struct kts { int64_t sec; int64_t nsec; };
struct ktv { int64_t sec; int64_t usec; };

static uint64_t splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

void zrt_time_init(int64_t seconds, uint64_t seed)
{
	base_ns = seconds * 1000000000;
	elapsed_ns = 0;
	for (int i = 0; i < 4; i++)
		rs[i] = splitmix(&seed);
}

int64_t zrt_now_ns(void)
{
	return base_ns + elapsed_ns;
}

static int64_t tick(void)
{
	int64_t t = elapsed_ns;
	elapsed_ns += STEP_NS;
	return t;
}

long zrt_clock_gettime(int clk, void *ts)
{
	struct kts *t = ts;
	int64_t v;
	switch (clk) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
	case CLOCK_TAI:
		v = base_ns + tick();
		break;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
	case CLOCK_PROCESS_CPUTIME_ID:
	case CLOCK_THREAD_CPUTIME_ID:
		v = tick();
		break;
	default:
		return -EINVAL;
	}
	if (!t)
		return -EFAULT;
	t->sec = v / 1000000000;
	t->nsec = v % 1000000000;
	if (t->nsec < 0)
		t->nsec += 1000000000, t->sec--;
	return 0;
}

long zrt_gettimeofday(void *tv)
{
	struct ktv *t = tv;
	int64_t v = base_ns + tick();
	if (t) {
		t->sec = v / 1000000000;
		t->usec = (v % 1000000000) / 1000;
	}
	return 0;
}

/* x32 reads tv_nsec as 32 bits (the kernel ignores the upper half). */
static int read_ts(const void *p, int64_t *ns)
{
	const struct kts *t = p;
	if (!t)
		return -EFAULT;
	int32_t nsec = (int32_t)t->nsec;
	if (t->sec < 0 || nsec < 0 || nsec >= 1000000000)
		return -EINVAL;
	*ns = t->sec * 1000000000 + nsec;
	return 0;
}

long zrt_nanosleep(const void *req, void *rem)
{
	int64_t ns;
	int r = read_ts(req, &ns);
	if (r)
		return r;
	elapsed_ns += ns; /* never interrupted: rem stays as it is, as on Linux */
	(void)rem;
	return 0;
}

long zrt_clock_nanosleep(int clk, int flags, const void *req, void *rem)
{
	int64_t ns;
	int r = read_ts(req, &ns);
	if (r)
		return r;
	if (flags & TIMER_ABSTIME) {
		int64_t now = clk == CLOCK_REALTIME ? base_ns + elapsed_ns : elapsed_ns;
		if (ns > now)
			elapsed_ns += ns - now;
		return 0;
	}
	(void)clk;
	return zrt_nanosleep(req, rem);
}

/* times(): CPU time in clock ticks (100 Hz), user = the elapsed clock. */
long zrt_times(void *buf)
{
	int64_t ticks = tick() / 10000000;
	if (buf) {
		struct tms *t = buf; /* musl's layout: four clock_t */
		t->tms_utime = (clock_t)ticks;
		t->tms_stime = t->tms_cutime = t->tms_cstime = 0;
	}
	return (long)ticks;
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t next(void)
{
	uint64_t r = rotl(rs[1] * 5, 7) * 9, t = rs[1] << 17;
	rs[2] ^= rs[0];
	rs[3] ^= rs[1];
	rs[1] ^= rs[2];
	rs[0] ^= rs[3];
	rs[2] ^= t;
	rs[3] = rotl(rs[3], 45);
	return r;
}

void zrt_random_fill(void *buf, size_t len)
{
	unsigned char *p = buf;
	while (len) {
		uint64_t v = next();
		size_t n = len < 8 ? len : 8;
		memcpy(p, &v, n);
		p += n;
		len -= n;
	}
}

long zrt_getrandom(void *buf, size_t len, unsigned flags)
{
	(void)flags;
	if (len > 0x7fffffff)
		len = 0x7fffffff;
	zrt_random_fill(buf, len);
	return (long)len;
}
