/*
 * relay.c - the zvm-job tests' node: copies its input to its outputs.
 *
 * Input: every /dev/in entry in name order (fan-in), or stdin when there is
 * none. Output: every /dev/out entry (fan-out: the same bytes to each), or
 * stdout when there is none. argv[1..] (after argv[0], the instance name):
 *   tag=TEXT   write TEXT first      env TAG=TEXT: the same
 *   name       write argv[0] and a newline first
 *   crash=N    crash (null store) after N bytes
 *   loop       spin forever (for a timeout)
 *   umdump     write the guest-visible user manifest area (the channel
 *              names up to its end below the stack) to stdout first
 *   exit=N     exit with status N at the end
 *   mesh       write argv[0] and a newline to every output and close them,
 *              then copy one line of each input to stdout and end (a
 *              stream ends only when its writer's session does, so in a
 *              cycle nobody may wait for the end)
 * TAG_VARIANT (a compile-time string) makes a different program.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zvm.h>

#ifndef TAG_VARIANT
#define TAG_VARIANT ""
#endif

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int list(const char *dir, char **v, int max)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;
	while (d && (e = readdir(d)) && n < max) {
		if (e->d_name[0] == '.')
			continue;
		v[n] = malloc(strlen(dir) + strlen(e->d_name) + 2);
		sprintf(v[n++], "%s/%s", dir, e->d_name);
	}
	if (d)
		closedir(d);
	qsort(v, (size_t)n, sizeof *v, cmp);
	return n;
}

int main(int argc, char **argv)
{
	static char buf[1 << 16];
	char *ins[256], *outs[256];
	FILE *in[256], *out[256];
	long crash = -1, done = 0;
	int code = 0, nin = list("/dev/in", ins, 256), nout = list("/dev/out", outs, 256);
	const char *tag = getenv("TAG");

	for (int i = 0; i < nin; i++)
		in[i] = fopen(ins[i], "rb");
	for (int i = 0; i < nout; i++)
		out[i] = fopen(outs[i], "wb");
	if (!nin)
		in[nin++] = stdin;
	if (!nout)
		out[nout++] = stdout;
	for (int i = 0; i < nin + nout; i++)
		if (!(i < nin ? in[i] : out[i - nin])) {
			fprintf(stderr, "relay: cannot open a channel\n");
			return 1;
		}
	for (int a = 1; a < argc; a++) {
		if (!strncmp(argv[a], "tag=", 4))
			for (int k = 0; k < nout; k++)
				fputs(argv[a] + 4, out[k]);
		else if (!strcmp(argv[a], "umdump")) {
			const char *p = MANIFEST->channels[0].name; /* the area's first byte */
			fwrite(p, 1, (size_t)(ZVM_MANIFEST_POINTER + 4 - (uintptr_t)p), stdout);
			fflush(stdout);
		} else if (!strcmp(argv[a], "name"))
			for (int k = 0; k < nout; k++)
				fprintf(out[k], "%s\n", argv[0]);
		else if (!strncmp(argv[a], "crash=", 6))
			crash = atol(argv[a] + 6);
		else if (!strncmp(argv[a], "exit=", 5))
			code = atoi(argv[a] + 5);
		else if (!strcmp(argv[a], "mesh")) {
			for (int k = 0; k < nout; k++)
				fprintf(out[k], "%s\n", argv[0]), fclose(out[k]);
			for (int i = 0; i < nin; i++)
				if (fgets(buf, sizeof buf, in[i]))
					fputs(buf, stdout);
			return 0;
		} else if (!strcmp(argv[a], "loop"))
			for (volatile int spin = 1; spin;)
				;
	}
	for (int k = 0; k < nout; k++)
		fputs(TAG_VARIANT, out[k]), fputs(tag ? tag : "", out[k]);
	for (int i = 0; i < nin; i++) {
		size_t n;
		while ((n = fread(buf, 1, sizeof buf, in[i])) > 0) {
			for (int k = 0; k < nout; k++)
				fwrite(buf, 1, n, out[k]);
			done += (long)n;
			if (crash >= 0 && done >= crash) {
				for (int k = 0; k < nout; k++)
					fflush(out[k]);
				*(volatile int *)0 = 1;
			}
		}
	}
	for (int k = 0; k < nout; k++)
		if (fclose(out[k]) != 0)
			return 2;
	return code;
}
