/*
 * t.h - helpers for the runtime suite's guests (freestanding, one .c each).
 *
 * Output goes to handle 1 (/dev/stdout) with one zvm_pwrite per line, so a
 * guest that dies mid-way leaves every finished line behind. Each guest is a
 * single translation unit: this header defines memcpy/memset, which clang may
 * emit calls to.
 */
#ifndef T_H
#define T_H

#include <stddef.h>
#include <stdint.h>
#include <zvm.h>

void *memcpy(void *d, const void *s, size_t n)
{
	char *a = d;
	const char *b = s;
	while (n--)
		*a++ = *b++;
	return d;
}

void *memset(void *d, int c, size_t n)
{
	unsigned char *a = d;
	while (n--)
		*a++ = (unsigned char)c;
	return d;
}

static int t_len(const char *s)
{
	int n = 0;
	while (s[n])
		n++;
	return n;
}

static int t_eq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

/* A line buffer: build with t_s/t_d/t_x, send with t_nl. */
static char t_line[4096];
static int t_at;

static void t_c(char c)
{
	if (t_at < (int)sizeof t_line - 1)
		t_line[t_at++] = c;
}

static void t_s(const char *s)
{
	while (*s)
		t_c(*s++);
}

static void t_d(int64_t v)
{
	char tmp[24];
	int n = 0;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	if (v < 0)
		t_c('-');
	do
		tmp[n++] = (char)('0' + u % 10);
	while (u /= 10);
	while (n)
		t_c(tmp[--n]);
}

static void t_x(uint64_t v)
{
	char tmp[17];
	int n = 0;
	t_s("0x");
	do
		tmp[n++] = "0123456789abcdef"[v & 15];
	while (v >>= 4);
	while (n)
		t_c(tmp[--n]);
}

/* Bytes, printable ones as they are, the others as \xHH. */
static void t_bytes(const void *p, int64_t n)
{
	const unsigned char *b = p;
	for (int64_t i = 0; i < n; i++) {
		if (b[i] >= 0x20 && b[i] < 0x7f && b[i] != '\\') {
			t_c((char)b[i]);
		} else {
			t_s("\\x");
			t_c("0123456789abcdef"[b[i] >> 4]);
			t_c("0123456789abcdef"[b[i] & 15]);
		}
	}
}

static void t_nl(void)
{
	t_c('\n');
	zvm_pwrite(1, t_line, t_at, 0);
	t_at = 0;
}

/* "NAME VALUE" on one line. */
static void t_kv(const char *name, int64_t v)
{
	t_s(name);
	t_c(' ');
	t_d(v);
	t_nl();
}

/* Handle of the channel with this alias, or -1. */
static int t_handle(const char *alias)
{
	for (int i = 0; i < MANIFEST->channels_count; i++)
		if (t_eq(MANIFEST->channels[i].name, alias))
			return i;
	return -1;
}

#endif
