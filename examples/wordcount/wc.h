/*
 * wc.h - what the word-count programs share: a table of words and counts
 * (open addressing, FNV-1a hash, the words in one growing arena), the
 * partition function, and the list of a node's peers.
 *
 * A word is a run of ASCII letters, lowercased. A node finds its peers by
 * listing /dev/in and /dev/out (WC_DEV in the environment replaces /dev, for
 * the native build); names are sorted, so every mapper partitions the same
 * way: word w goes to reducer fnv(w) % R.
 */
#ifndef WC_H
#define WC_H

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct wc_entry {
	uint32_t hash, len;
	size_t word;        /* offset in the arena */
	unsigned long count;
};

struct wc_table {
	struct wc_entry *e;
	size_t cap, n;      /* cap: a power of two */
	char *arena;
	size_t used, size;
};

static inline void *wc_xalloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p) {
		fputs("wordcount: out of memory\n", stderr);
		exit(3);
	}
	return p;
}

static inline uint32_t wc_hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static inline const char *wc_word(const struct wc_table *t, const struct wc_entry *e)
{
	return t->arena + e->word;
}

static inline void wc_grow(struct wc_table *t)
{
	size_t cap = t->cap ? t->cap * 2 : 1 << 14;
	struct wc_entry *e = calloc(cap, sizeof *e);
	if (!e) {
		fputs("wordcount: out of memory\n", stderr);
		exit(3);
	}
	for (size_t i = 0; i < t->cap; i++) {
		if (!t->e[i].len)
			continue;
		size_t k = t->e[i].hash & (cap - 1);
		while (e[k].len)
			k = (k + 1) & (cap - 1);
		e[k] = t->e[i];
	}
	free(t->e);
	t->e = e;
	t->cap = cap;
}

/* Adds count to word s (n bytes, already lowercase). */
static inline void wc_add(struct wc_table *t, const char *s, size_t n, unsigned long count)
{
	if ((t->n + 1) * 2 > t->cap)
		wc_grow(t);
	uint32_t h = wc_hash(s, n);
	size_t k = h & (t->cap - 1);
	while (t->e[k].len) {
		struct wc_entry *e = &t->e[k];
		if (e->hash == h && e->len == n && !memcmp(t->arena + e->word, s, n)) {
			e->count += count;
			return;
		}
		k = (k + 1) & (t->cap - 1);
	}
	if (t->used + n + 1 > t->size) {
		t->size = (t->size + n + 1) * 2;
		t->arena = wc_xalloc(t->arena, t->size);
	}
	memcpy(t->arena + t->used, s, n);
	t->arena[t->used + n] = 0;
	t->e[k] = (struct wc_entry){ h, (uint32_t)n, t->used, count };
	t->used += n + 1;
	t->n++;
}

/* Counts the words of text (len bytes); a word cut at the end is kept in
 * carry (returns its length) for the next call. */
static inline size_t wc_count_text(struct wc_table *t, const char *text, size_t len, char *carry,
			    size_t clen, size_t cmax)
{
	for (size_t i = 0; i < len; i++) {
		char c = text[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
			if (clen < cmax)
				carry[clen++] = (char)(c | 0x20);
		} else if (clen) {
			wc_add(t, carry, clen, 1);
			clen = 0;
		}
	}
	return clen;
}

/* Reads "word count" lines from f into t. */
static inline void wc_read_pairs(struct wc_table *t, FILE *f)
{
	char line[4096];
	while (fgets(line, sizeof line, f)) {
		char *sp = strchr(line, ' ');
		if (!sp)
			continue;
		wc_add(t, line, (size_t)(sp - line), strtoul(sp + 1, NULL, 10));
	}
}

static int wc_cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The entries of DEV/sub (sorted full paths); *n set. */
static inline char **wc_peers(const char *sub, int *n)
{
	const char *dev = getenv("WC_DEV");
	char dir[1024], **v = NULL;
	DIR *d;
	struct dirent *e;

	*n = 0;
	snprintf(dir, sizeof dir, "%s/%s", dev && *dev ? dev : "/dev", sub);
	if (!(d = opendir(dir)))
		return NULL;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		v = wc_xalloc(v, (size_t)(*n + 1) * sizeof *v);
		v[*n] = wc_xalloc(NULL, strlen(dir) + strlen(e->d_name) + 2);
		sprintf(v[*n], "%s/%s", dir, e->d_name);
		(*n)++;
	}
	closedir(d);
	if (*n)
		qsort(v, (size_t)*n, sizeof *v, wc_cmp_name);
	return v;
}

/* Sorts v[0..n) by cmp: a merge sort (stable, n log n compares, no
 * copying of elements beyond pointers), since a libc's qsort can be slow
 * (musl's smoothsort moves elements with memcpy). */
static inline void wc_sort(struct wc_entry **v, size_t n,
			   int (*cmp)(const struct wc_entry *, const struct wc_entry *))
{
	struct wc_entry **tmp = wc_xalloc(NULL, (n + 1) * sizeof *tmp), **a = v, **b = tmp;
	for (size_t w = 1; w < n; w *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * w) {
			size_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
			size_t i = lo, j = mid, k = lo;
			while (i < mid && j < hi)
				b[k++] = cmp(a[j], a[i]) < 0 ? a[j++] : a[i++];
			while (i < mid)
				b[k++] = a[i++];
			while (j < hi)
				b[k++] = a[j++];
		}
		struct wc_entry **t = a;
		a = b;
		b = t;
	}
	if (a != v)
		memcpy(v, a, n * sizeof *v);
	free(tmp);
}

/* DEV/name (for /dev/input, /dev/output). */
static inline const char *wc_dev(const char *name)
{
	static char buf[1024];
	const char *dev = getenv("WC_DEV");
	snprintf(buf, sizeof buf, "%s/%s", dev && *dev ? dev : "/dev", name);
	return buf;
}

#endif
