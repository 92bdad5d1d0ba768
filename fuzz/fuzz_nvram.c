/*
 * fuzz_nvram.c - libFuzzer target for ZRT's nvram parser (src/zrt/zrt_nvram.c,
 * which is guest code, compiled here for the host with stub allocators).
 *
 * The input is parsed as startup and as a reload after zfork. Afterwards
 * the configuration must be sane: argv and envp NULL-terminated with argc
 * and envc entries, every env entry "NAME=...", mounts with an absolute
 * mount point and a known access, mappings with a known file type.
 * (A reload's allocations are never freed in ZRT, by design: one reload per
 * request session; they are hidden from LeakSanitizer.)
 */
#include <sanitizer/lsan_interface.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "zrt/zrt.h"

#define CHECK(c) do { if (!(c)) abort(); } while (0)

/* startup allocations are never freed in ZRT: keep them until the run ends */
static void *early[4096];
static int nearly;

void *zrt_early_alloc(size_t size)
{
	if (nearly == 4096)
		return 0;
	return early[nearly++] = malloc(size);
}

void zrt_debug(const char *fmt, ...)
{
	(void)fmt;
}

static void check(void)
{
	CHECK(zrt_cfg.argc >= 0 && zrt_cfg.argv && !zrt_cfg.argv[zrt_cfg.argc]);
	for (int i = 0; i < zrt_cfg.argc; i++)
		CHECK(zrt_cfg.argv[i]);
	CHECK(zrt_cfg.envc >= 0 && zrt_cfg.envp && !zrt_cfg.envp[zrt_cfg.envc]);
	for (int i = 0; i < zrt_cfg.envc; i++)
		CHECK(strchr(zrt_cfg.envp[i], '=') && zrt_cfg.envp[i][0] != '=');
	CHECK(zrt_cfg.nmounts >= 0 && zrt_cfg.nmounts <= ZRT_MAX_MOUNTS);
	for (int i = 0; i < zrt_cfg.nmounts; i++) {
		const struct zrt_mount *m = &zrt_cfg.mounts[i];
		CHECK(m->channel && m->mountpoint && m->mountpoint[0] == '/');
		CHECK(m->access == MOUNT_RO || m->access == MOUNT_RW || m->access == MOUNT_WO);
	}
	CHECK(zrt_cfg.nmappings >= 0 && zrt_cfg.nmappings <= ZRT_MAX_MAPPINGS);
	for (int i = 0; i < zrt_cfg.nmappings; i++) {
		uint32_t t = zrt_cfg.mappings[i].type;
		CHECK(zrt_cfg.mappings[i].channel && (t == S_IFIFO || t == S_IFCHR || t == S_IFREG));
	}
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t len)
{
	for (int reload = 0; reload < 2; reload++) {
		char *text = malloc(len + 1);
		memcpy(text, data, len);
		text[len] = 0;
		if (reload)
			__lsan_disable();
		zrt_nvram_parse(text, reload);
		if (reload)
			__lsan_enable();
		check();
		free(text);
	}
	while (nearly)
		free(early[--nearly]);
	return 0;
}
