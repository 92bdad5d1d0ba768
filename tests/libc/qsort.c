/* qsort on ints, strings and structs; bsearch hits and misses. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct rec { int key; int seq; };

static int icmp(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}
static int scmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }
static int rcmp(const void *a, const void *b)
{
	const struct rec *x = a, *y = b;
	if (x->key != y->key)
		return (x->key > y->key) - (x->key < y->key);
	return (x->seq > y->seq) - (x->seq < y->seq);
}

int main(void)
{
	static int a[100000];
	unsigned s = 1;
	for (int n = 0; n <= 100000; n = n ? n * 10 : 1) {
		for (int i = 0; i < n; i++)
			a[i] = (int)((s = s * 1103515245 + 12345) >> 8) % 1000 - 500;
		qsort(a, (size_t)n, sizeof a[0], icmp);
		int ok = 1;
		long long sum = 0;
		for (int i = 1; i < n; i++)
			if (a[i - 1] > a[i])
				ok = 0;
		for (int i = 0; i < n; i++)
			sum += (long long)a[i] * (i + 1);
		printf("n=%d sorted=%d sum=%lld\n", n, ok, sum);
		int hits = 0;
		for (int k = -600; k < 600; k += 7)
			hits += bsearch(&k, a, (size_t)n, sizeof a[0], icmp) != 0;
		printf("bsearch hits %d\n", hits);
	}
	/* already sorted, reversed, all equal */
	for (int i = 0; i < 1000; i++)
		a[i] = 1000 - i;
	qsort(a, 1000, sizeof a[0], icmp);
	printf("reversed: %d %d %d\n", a[0], a[500], a[999]);
	const char *w[] = { "pear", "apple", "fig", "banana", "cherry", "apple", "date", "", "zebra", "Apple" };
	qsort(w, sizeof w / sizeof w[0], sizeof w[0], scmp);
	for (size_t i = 0; i < sizeof w / sizeof w[0]; i++)
		printf("%s,", w[i]);
	printf("\n");
	static struct rec r[5000];
	for (int i = 0; i < 5000; i++)
		r[i].key = (int)((s = s * 1103515245 + 12345) >> 16) % 50, r[i].seq = i;
	qsort(r, 5000, sizeof r[0], rcmp);
	unsigned h = 0;
	for (int i = 0; i < 5000; i++)
		h = h * 33 + (unsigned)r[i].key * 7 + (unsigned)r[i].seq;
	printf("records hash %u first %d/%d last %d/%d\n", h, r[0].key, r[0].seq, r[4999].key, r[4999].seq);
	return 0;
}
