/*
 * zrt_init.c - ZRT startup: the heap, the nvram, the clock, then musl.
 *
 * __zrt_start_c (called by _start) reads the user manifest, configures ZRT
 * from /dev/nvram, builds the argv/envp/auxv block that musl's
 * __libc_start_main expects on an initial process stack, and hands over to
 * it; musl then runs constructors and zrt_main, which mounts the [fstab]
 * images (they need malloc, so libc must be up), calls zfork for [precache],
 * and runs main; its return goes to exit (which flushes stdio and ends in
 * exit_group: the [fstab] exports, then zvm_exit).
 */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zrtapi.h>
#include <zvm.h>

#include "zrt.h"

extern char **__environ;

int main(int, char **, char **);
int __libc_start_main(int (*)(int, char **, char **), int, char **, void (*)(void), void (*)(void),
		      void (*)(void));

_Noreturn void __zrt_start_c(void);

int zrt_channel_find(const char *alias)
{
	const struct UserManifest *m = MANIFEST;
	for (int i = 0; i < m->channels_count; i++)
		if (m->channels[i].name && !strcmp(m->channels[i].name, alias))
			return i;
	return -1;
}

#define NVRAM_MAX (64 * 1024)

void zrt_nvram_load(int reload)
{
	int ch = zrt_channel_find("/dev/nvram");
	const struct ZVMChannel *c = ch >= 0 ? &MANIFEST->channels[ch] : 0;
	/* A file's size is known: a buffer of that size, not of the most
	 * (the early heap's pages are touched ones, each a page fault). */
	int64_t cap = c && (c->type & 1) && c->size < NVRAM_MAX ? c->size : NVRAM_MAX;
	char *text = 0;
	if (c && (text = reload ? malloc((size_t)cap + 1) : zrt_early_alloc((size_t)cap + 1))) {
		int64_t got = 0;
		while (got < cap) {
			int r = zvm_pread(ch, text + got, (int32_t)(cap - got), (c->type & 1) ? got : 0);
			if (r <= 0)
				break;
			got += r;
		}
		text[got] = 0;
	}
	zrt_nvram_parse(text, reload);
	if (reload)
		free(text);
}

int zfork(void)
{
	fflush(0); /* what was printed belongs to this session, not the next */
	int r = zvm_fork();
	zrt_fs_refresh_channels();
	zrt_nvram_load(1);
	__environ = zrt_cfg.envp;
	zrt_fs_apply_mappings();
	return r;
}

static int zrt_main(int argc, char **argv, char **envp)
{
	zrt_fs_init();
	zrt_fs_apply_mappings();
	zrt_tar_mount_all();
	if (zrt_cfg.precache) {
		zfork();
		argc = zrt_cfg.argc;
		argv = zrt_cfg.argv;
		envp = zrt_cfg.envp;
	}
	return main(argc, argv, envp);
}

_Noreturn void __zrt_start_c(void)
{
	const struct UserManifest *m = MANIFEST;

	zrt_mem_init((uintptr_t)m->heap_ptr, m->heap_size);
	zrt_nvram_load(0);
	zrt_time_init(zrt_cfg.time_sec, zrt_cfg.seed);

	/* The initial-stack layout: argv..., 0, envp..., 0, auxv pairs, 0. */
	int n = zrt_cfg.argc + 1 + zrt_cfg.envc + 1 + 2 * 8;
	uintptr_t *v = zrt_early_alloc(sizeof(uintptr_t) * (size_t)n);
	unsigned char *rnd = zrt_early_alloc(16);
	int k = 0;

	zrt_random_fill(rnd, 16);
	for (int i = 0; i < zrt_cfg.argc; i++)
		v[k++] = (uintptr_t)zrt_cfg.argv[i];
	v[k++] = 0;
	for (int i = 0; i < zrt_cfg.envc; i++)
		v[k++] = (uintptr_t)zrt_cfg.envp[i];
	v[k++] = 0;
	v[k++] = AT_PAGESZ, v[k++] = 4096;
	v[k++] = AT_RANDOM, v[k++] = (uintptr_t)rnd;
	v[k++] = AT_UID, v[k++] = 1;
	v[k++] = AT_EUID, v[k++] = 1;
	v[k++] = AT_GID, v[k++] = 1;
	v[k++] = AT_EGID, v[k++] = 1;
	v[k++] = 0, v[k++] = 0;

	__libc_start_main(zrt_main, zrt_cfg.argc, (char **)v, 0, 0, 0);
	for (;;)
		zvm_exit(1);
}
