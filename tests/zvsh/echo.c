/* zvsh's test program: argv, an environment variable, stdin, a file to read
 * (argv[1]) and one to write (argv[2]), stderr, and return code 3; with
 * argv[1] = "loop" it spins forever. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "loop"))
		for (volatile int i = 0;; i++)
			;
	for (int i = 0; i < argc; i++)
		printf("argv[%d]=%s\n", i, argv[i]);
	printf("GREETING=%s\n", getenv("GREETING") ? getenv("GREETING") : "(unset)");
	char line[128];
	if (fgets(line, sizeof line, stdin))
		printf("stdin: %s", line);
	if (argc > 1) {
		FILE *f = fopen(argv[1], "r");
		if (f && fgets(line, sizeof line, f))
			printf("file: %s", line);
		if (f)
			fclose(f);
	}
	if (argc > 2) {
		FILE *f = fopen(argv[2], "w");
		if (f) {
			fputs("written by the guest\n", f);
			fclose(f);
		}
	}
	fputs("to stderr\n", stderr);
	return 3;
}
