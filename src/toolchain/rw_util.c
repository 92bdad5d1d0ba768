/*
 * rw_util.c - arena, growable strings and a string set for zvm-rewrite.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "toolchain/rw.h"

struct chunk {
	struct chunk *next;
	size_t used, size;
	max_align_t data[];
};

static struct chunk *arena;

static void oom(void)
{
	fputs("zvm-rewrite: out of memory\n", stderr);
	exit(2);
}

void *rw_alloc(size_t n)
{
	n = (n + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
	if (!arena || arena->size - arena->used < n) {
		size_t size = n > (1u << 20) ? n : (1u << 20);
		struct chunk *c = malloc(sizeof *c + size);
		if (!c)
			oom();
		c->next = arena;
		c->used = 0;
		c->size = size;
		arena = c;
	}
	void *p = (char *)arena->data + arena->used;
	arena->used += n;
	memset(p, 0, n);
	return p;
}

void rw_free_all(void)
{
	while (arena) {
		struct chunk *c = arena;
		arena = c->next;
		free(c);
	}
}

char *rw_strndup(const char *s, size_t n)
{
	char *p = rw_alloc(n + 1);
	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

char *rw_strdup(const char *s)
{
	return rw_strndup(s, strlen(s));
}

char *rw_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(0, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		oom();
	char *p = rw_alloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void rw_buf_add(struct rw_buf *b, const char *s, size_t n)
{
	if (b->cap - b->len < n + 1) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap - b->len < n + 1)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (!p)
			oom();
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = 0;
}

void rw_buf_puts(struct rw_buf *b, const char *s)
{
	rw_buf_add(b, s, strlen(s));
}

void rw_buf_printf(struct rw_buf *b, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		oom();
	if ((size_t)n < sizeof small) {
		rw_buf_add(b, small, (size_t)n);
		return;
	}
	char *p = malloc((size_t)n + 1);
	if (!p)
		oom();
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	rw_buf_add(b, p, (size_t)n);
	free(p);
}

static uint64_t hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

static size_t find(const struct rw_set *s, const char *key, size_t n)
{
	size_t i = (size_t)hash(key, n) & (s->cap - 1);
	while (s->slot[i] && (strlen(s->slot[i]) != n || memcmp(s->slot[i], key, n) != 0))
		i = (i + 1) & (s->cap - 1);
	return i;
}

void rw_set_add(struct rw_set *s, const char *key, size_t n)
{
	if ((s->n + 1) * 2 > s->cap) {
		struct rw_set t = { 0, s->cap ? s->cap * 2 : 256, 0 };
		t.slot = rw_alloc(t.cap * sizeof *t.slot);
		for (size_t i = 0; i < s->cap; i++)
			if (s->slot[i])
				t.slot[find(&t, s->slot[i], strlen(s->slot[i]))] = s->slot[i];
		t.n = s->n;
		*s = t;
	}
	size_t i = find(s, key, n);
	if (!s->slot[i]) {
		s->slot[i] = rw_strndup(key, n);
		s->n++;
	}
}

int rw_set_has(const struct rw_set *s, const char *key, size_t n)
{
	return s->cap && s->slot[find(s, key, n)] != 0;
}
