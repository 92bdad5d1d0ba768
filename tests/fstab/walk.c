/*
 * walk [-n] DIR... - prints each tree, sorted, one line an entry:
 *   d MODE NAME/                  directories
 *   f MODE SIZE MTIME HASH NAME   files (FNV-1a of the contents)
 *   o MODE NAME                   anything else (devices, channels)
 * -n leaves out MTIME (for trees made at different times).
 * stat() follows symbolic links, so a tree extracted by the host's tar and
 * the same image mounted in the sandbox (where links are hard links) print
 * alike. Built both ways: the two outputs are compared byte for byte.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static uint64_t hash(const char *path)
{
	uint64_t h = 1469598103934665603ull;
	unsigned char buf[4096];
	size_t n;
	FILE *f = fopen(path, "rb");
	if (!f)
		return 0;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		for (size_t i = 0; i < n; i++)
			h = (h ^ buf[i]) * 1099511628211ull;
	fclose(f);
	return h;
}

static int no_mtime;

static void walk(const char *dir, const char *rel)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = 0;
	size_t n = 0;
	if (!d) {
		printf("! cannot open %s\n", rel[0] ? rel : ".");
		return;
	}
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		names = realloc(names, sizeof *names * (n + 1));
		names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof *names, by_name);
	for (size_t i = 0; i < n; i++) {
		char path[8192], r[8192];
		struct stat st;
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		snprintf(r, sizeof r, "%s%s", rel, names[i]);
		if (stat(path, &st)) {
			printf("! %s: no stat\n", r);
		} else if (S_ISDIR(st.st_mode)) {
			printf("d %04o %s/\n", (unsigned)(st.st_mode & 07777), r);
			strcat(r, "/");
			walk(path, r);
		} else if (!S_ISREG(st.st_mode)) {
			printf("o %04o %s\n", (unsigned)(st.st_mode & 07777), r); /* devices: not read */
		} else {
			printf("f %04o %lld ", (unsigned)(st.st_mode & 07777), (long long)st.st_size);
			if (!no_mtime)
				printf("%lld ", (long long)st.st_mtime);
			printf("%016llx %s\n", (unsigned long long)hash(path), r);
		}
		free(names[i]);
	}
	free(names);
}

int main(int argc, char **argv)
{
	int i = 1;
	if (i < argc && !strcmp(argv[i], "-n"))
		no_mtime = 1, i++;
	for (; i < argc; i++) {
		puts("== tree");
		walk(argv[i], "");
	}
	return 0;
}
