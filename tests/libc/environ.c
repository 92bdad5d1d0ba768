// args: "" "  spaced  " "x, y" last
// env: A=1 B=two ZED= PATH=/bin
/* The environment API beyond getenv: setenv's overwrite flag and its EINVAL
 * cases, unsetenv of absent and invalid names, putenv (the string itself
 * becomes the entry), clearenv, environ staying consistent with getenv after
 * each change, and argv entries that are empty or hold spaces. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

static void dump(const char *when)
{
	printf("%s:", when);
	int n = 0;
	for (char **e = environ; *e; e++, n++)
		printf(" [%s]", *e);
	printf(" (%d)\n", n);
}

#define T(expr) report(#expr, (long)(expr))
static void report(const char *what, long r)
{
	printf("%-40s = %ld errno %d\n", what, r, errno);
	errno = 0;
}

int main(int argc, char **argv)
{
	printf("argc %d\n", argc);
	for (int i = 1; i < argc; i++)
		printf("argv[%d] [%s] len %zu\n", i, argv[i], strlen(argv[i]));
	dump("start");
	T(setenv("A", "changed", 0));
	T(setenv("B", "changed", 1));
	T(setenv("C", "", 1));
	T(setenv("", "x", 1));
	T(setenv("X=Y", "x", 1));
	T(setenv("LONG", "a very long value that needs its own allocation ............................", 1));
	dump("after setenv");
	printf("A=%s B=%s C=[%s] ZED=[%s] X=%p\n", getenv("A"), getenv("B"), getenv("C"), getenv("ZED"),
	       (void *)getenv("X"));
	T(unsetenv("A"));
	T(unsetenv("A"));
	T(unsetenv(""));
	T(unsetenv("B=two"));
	dump("after unsetenv");
	static char pe[] = "PUT=first";
	T(putenv(pe));
	printf("PUT=%s\n", getenv("PUT"));
	pe[4] = 'F'; /* putenv's string is the entry: a change shows */
	printf("PUT=%s\n", getenv("PUT"));
	T(setenv("PUT", "replaced", 1));
	printf("PUT=%s pe=%s\n", getenv("PUT"), pe);
	static char pe2[] = "NOEQUALS";
	T(putenv(pe2));
	dump("after putenv");
	for (int i = 0; i < 100; i++) {
		char name[16], val[16];
		snprintf(name, sizeof name, "V%d", i);
		snprintf(val, sizeof val, "%d", i * i);
		setenv(name, val, 1);
	}
	for (int i = 0; i < 100; i += 2) {
		char name[16];
		snprintf(name, sizeof name, "V%d", i);
		unsetenv(name);
	}
	int n = 0;
	long sum = 0;
	for (char **e = environ; *e; e++, n++)
		if ((*e)[0] == 'V')
			sum += atol(strchr(*e, '=') + 1);
	printf("100 set, 50 unset: %d entries, V sum %ld, V99=%s V98=%p\n", n, sum, getenv("V99"),
	       (void *)getenv("V98"));
	T(clearenv());
	printf("after clearenv: environ %s PATH %p\n", environ && *environ ? "non-empty" : "empty",
	       (void *)getenv("PATH"));
	T(setenv("FRESH", "1", 0));
	dump("after clearenv and setenv");
	return 0;
}
