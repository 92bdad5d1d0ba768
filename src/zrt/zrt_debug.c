/*
 * zrt_debug.c - ZRT's messages to /dev/debug ([debug] verbosity > 0).
 *
 * Its own small formatter, not vsnprintf: a program that never calls the
 * printf family then links none of it (musl's printf_core and its floating
 * point are ~15 KiB of text, which every start of such a program would load
 * and validate for nothing). It knows what ZRT's messages use: %s %c %d
 * %u and their l and ll forms, and %%.
 */
#include <stdarg.h>
#include <string.h>
#include <zvm.h>

#include "zrt.h"

struct out {
	char buf[256];
	size_t n;
};

static void put(struct out *o, const char *s, size_t len)
{
	for (; len && o->n < sizeof o->buf; len--)
		o->buf[o->n++] = *s++;
}

static void put_num(struct out *o, unsigned long long v, int negative)
{
	char d[24];
	int k = sizeof d;
	do
		d[--k] = (char)('0' + v % 10);
	while (v /= 10);
	if (negative)
		d[--k] = '-';
	put(o, d + k, sizeof d - (size_t)k);
}

void zrt_debug(const char *fmt, ...)
{
	static int chan = -2;
	struct out o = { .n = 0 };
	va_list ap;

	if (zrt_cfg.verbosity <= 0)
		return;
	if (chan == -2)
		chan = zrt_channel_find("/dev/debug");
	if (chan < 0)
		return;
	va_start(ap, fmt);
	for (const char *p = fmt; *p; p++) {
		if (*p != '%' || !p[1]) {
			put(&o, p, 1);
			continue;
		}
		int longs = 0;
		while (*++p == 'l')
			longs++;
		if (!*p)
			break;
		switch (*p) {
		case 's': {
			const char *s = va_arg(ap, const char *);
			s = s ? s : "(null)";
			put(&o, s, strlen(s));
			break;
		}
		case 'c': {
			char c = (char)va_arg(ap, int);
			put(&o, &c, 1);
			break;
		}
		case 'd': {
			long long v = longs > 1 ? va_arg(ap, long long)
				    : longs ? va_arg(ap, long) : va_arg(ap, int);
			put_num(&o, v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v, v < 0);
			break;
		}
		case 'u':
			put_num(&o, longs > 1 ? va_arg(ap, unsigned long long)
				    : longs ? va_arg(ap, unsigned long) : va_arg(ap, unsigned), 0);
			break;
		case '%':
			put(&o, "%", 1);
			break;
		default: /* not one of ours: shown as written */
			put(&o, "%", 1);
			put(&o, p, 1);
		}
	}
	va_end(ap);
	if (o.n > 0)
		zvm_pwrite(chan, o.buf, (int)o.n, 0);
}
