/* setjmp/longjmp: plain, from deep recursion, value 0 becomes 1, volatile
 * locals survive, nested buffers, sigsetjmp/siglongjmp. */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>

static jmp_buf env, env2;
static int depth;

static void deep(int n)
{
	char pad[100];
	pad[n % 100] = (char)n;
	if (n == 0)
		longjmp(env, pad[0] + 7);
	depth++;
	deep(n - 1);
}

static int inner(void)
{
	int r = setjmp(env2);
	if (r)
		return r * 10;
	longjmp(env2, 4);
	return -1;
}

int main(void)
{
	volatile int count = 0;
	int r = setjmp(env);
	printf("setjmp returned %d (count %d)\n", r, count);
	if (count++ < 3)
		longjmp(env, count * 2);
	r = setjmp(env);
	if (!r) {
		deep(1000);
		printf("not reached\n");
	}
	printf("from deep: %d depth %d\n", r, depth);
	r = setjmp(env);
	if (!r)
		longjmp(env, 0);
	printf("longjmp(0) gives %d\n", r);
	printf("inner: %d\n", inner());
	sigjmp_buf se;
	volatile int k = 0;
	r = sigsetjmp(se, 1);
	printf("sigsetjmp %d k %d\n", r, k);
	if (k++ < 2)
		siglongjmp(se, 5 + k);
	r = _setjmp(env);
	if (!r)
		_longjmp(env, 9);
	printf("_setjmp %d\n", r);
	return 0;
}
