// args: one "two words" three -x a,b "c, d" key=value
// env: HOME=/home/zvm LANG=C EMPTY= PATH=/bin:/usr/bin LIST=a,b,c EQ=x=y
/* argv and the environment, as nvram gives them (and as the host does). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

int main(int argc, char **argv)
{
	const char *b = strrchr(argv[0], '/');
	printf("argc %d argv0 %s\n", argc, b ? b + 1 : argv[0]);
	for (int i = 1; i < argc; i++)
		printf("argv[%d] = [%s]\n", i, argv[i]);
	printf("argv[argc] %s\n", argv[argc] ? "non-null" : "null");
	int n = 0;
	for (char **e = environ; *e; e++)
		printf("env %d: [%s]\n", n++, *e);
	printf("HOME=%s EMPTY=[%s] NOPE=%p\n", getenv("HOME"), getenv("EMPTY"), (void *)getenv("NOPE"));
	setenv("NEW", "v1", 0);
	setenv("HOME", "/x", 1);
	unsetenv("LANG");
	printf("NEW=%s HOME=%s LANG=%p\n", getenv("NEW"), getenv("HOME"), (void *)getenv("LANG"));
	return argc;
}
