// stdin: data/words.txt
/* Reading stdin: getchar, fgets, scanf, ungetc, line and word counts. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
	int c = getchar();
	printf("first char %c\n", c);
	ungetc('#', stdin);
	char line[256];
	int n = 0, words = 0, bytes = 0;
	while (fgets(line, sizeof line, stdin)) {
		n++;
		bytes += (int)strlen(line);
		int in = 0;
		for (char *p = line; *p; p++) {
			if (isspace((unsigned char)*p))
				in = 0;
			else if (!in)
				in = 1, words++;
		}
		line[strcspn(line, "\n")] = 0;
		printf("%2d: [%s]\n", n, line);
		if (n == 3) {
			int a, b2, c3;
			double d;
			if (sscanf(line, "numbers: %d %d %d %*d %*d %lf", &a, &b2, &c3, &d) == 4)
				printf("scanned %d %d %d %g\n", a, b2, c3, d);
		}
	}
	printf("lines %d words %d bytes %d eof %d error %d\n", n, words, bytes, feof(stdin), ferror(stdin));
	printf("read after eof: %d\n", getchar());
	return 0;
}
