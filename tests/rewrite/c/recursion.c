/* Recursion, VLAs, alloca, frame pointers, many arguments. */
int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

int ackermann(int m, int n)
{
	if (m == 0)
		return n + 1;
	if (n == 0)
		return ackermann(m - 1, 1);
	return ackermann(m - 1, ackermann(m, n - 1));
}

extern int consume(char *, int);
int vla(int n)
{
	char buf[n];
	for (int i = 0; i < n; i++)
		buf[i] = (char)i;
	return consume(buf, n);
}

int with_alloca(int n)
{
	char *p = __builtin_alloca(n + 16);
	for (int i = 0; i < n + 16; i++)
		p[i] = (char)(i ^ n);
	return consume(p, n + 16);
}

int aligned_local(int x)
{
	_Alignas(64) char buf[128];
	for (int i = 0; i < 128; i++)
		buf[i] = (char)((unsigned long)buf & 63) + (char)i;
	buf[x & 127] = 1;
	return consume(buf, 128);
}

long many(long a, long b, long c, long d, long e, long f, long g, long h, long i, long j)
{
	return a + b * 2 + c * 3 + d * 4 + e * 5 + f * 6 + g * 7 + h * 8 + i * 9 + j * 10;
}

long call_many10(void) { return many(1, 2, 3, 4, 5, 6, 7, 8, 9, 10) + many(10, 9, 8, 7, 6, 5, 4, 3, 2, 1); }

struct node { struct node *l, *r; int v; };
int tree_sum(const struct node *t) { return t ? t->v + tree_sum(t->l) + tree_sum(t->r) : 0; }
