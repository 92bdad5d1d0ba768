/*
 * info PATH... - argv, the environment variable WHO, and for each PATH its
 * file type as stat shows it ([mapping] changes it for channels).
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

static const char *type(mode_t m)
{
	return S_ISREG(m) ? "file" : S_ISDIR(m) ? "dir" : S_ISCHR(m) ? "char" : S_ISFIFO(m) ? "pipe" : "other";
}

int main(int argc, char **argv)
{
	const char *who = getenv("WHO");
	for (int i = 0; i < argc; i++)
		printf("argv[%d]=%s\n", i, argv[i]);
	printf("WHO=%s\n", who ? who : "(unset)");
	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st))
			printf("%s: no such file\n", argv[i]);
		else
			printf("%s: %s\n", argv[i], type(st.st_mode));
	}
	return 0;
}
