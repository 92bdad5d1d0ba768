/*
 * fuzz_trap.c - libFuzzer target for the trap handler (src/runtime/trap.c)
 * with the real memory map (mem.c), channels (channel.c) and validator:
 * every guest-supplied word goes through zvm_trap as the gate passes it.
 *
 * Built without ASan (its shadow would sit inside the sandbox range that
 * mem_reserve owns), with UBSan: a fault in trusted code on any argument
 * is a deadly signal, undefined behaviour aborts. The session's end
 * (session_fail, session_end) is a longjmp back here instead of an exit.
 *
 * Input: byte 0 picks the function (Read, Write, Jail, Unjail, Fork, Exit,
 * or the raw word), bytes 1..4 the argument block's address (inside the
 * heap, at its edge, or anywhere), bytes 5..44 five argument words (their
 * high halves kept or cleared), the rest is copied into the heap (code for
 * jail, data for writes).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "runtime/jail.h"
#include "runtime/mem.h"
#include "runtime/session.h"
#include "runtime/trap.h"
#include "runtime/x86_64/arch.h"
#include "zvm.h"

#define CHECK(c) do { if (!(c)) abort(); } while (0)

#define HEAP_START 0x00100000u
#define HEAP_END   0x00300000u
#define STACK_TOP  0x100000000ull

struct session zs;
struct zvm_ctx zvm_ctx;
static jmp_buf ended;

void say(int level, const char *fmt, ...) { (void)level, (void)fmt; }
void session_fail(int code, const char *fmt, ...) { (void)code, (void)fmt; longjmp(ended, 1); }
void session_end(void) { longjmp(ended, 2); }
int32_t trap_fork(void) { return 0; }

static void setup(void)
{
	static char path[] = "/tmp/fuzz_trap.XXXXXX";
	char text[1024], err[512];
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	close(fd);
	unlink(path); /* recreated by channels_open, removed at exit */
	snprintf(text, sizeof text,
		 "Version = 20130611\nProgram = /x\nMemory = 33554432, 0\nTimeout = 10\n"
		 "Channel = /dev/null, /dev/stdin, 0, 0, 999999999, 999999999, 0, 0\n"
		 "Channel = /dev/null, /dev/stdout, 0, 0, 0, 0, 999999999, 999999999\n"
		 "Channel = /dev/null, /dev/stderr, 0, 1, 0, 0, 999999999, 999999999\n"
		 "Channel = %s, /dev/file, 3, 1, 999999999, 999999999, 999999999, 65536\n", path);
	CHECK(mem_reserve() == 0);
	CHECK(manifest_parse(text, strlen(text), &zs.mft, err, sizeof err) == 0);
	CHECK(channels_open(&zs.mft, 0, 0, &zs.ch, err, sizeof err) == 0);
	zs.nch = zs.mft.nchannels;
	unlink(path);
	zs.heap_start = HEAP_START;
	zs.heap_end = HEAP_END;
	CHECK(mem_map(HEAP_START, HEAP_END, PROT_READ | PROT_WRITE) == 0);
	CHECK(mem_map(STACK_TOP - 0x10000, STACK_TOP, PROT_READ | PROT_WRITE) == 0);
	zvm_ctx.guest_rsp = STACK_TOP - 0x100;
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static const uint64_t fns[] = { TrapRead, TrapWrite, TrapJail, TrapUnjail, TrapFork, TrapExit };
	static int ready;
	if (!ready) {
		setup();
		ready = 1;
	}
	if (len < 45)
		return 0;
	/* the argument block */
	uint64_t a[6];
	a[0] = data[0] < 6 * 40 ? fns[data[0] % 6] : le32(data + 1);
	a[1] = 0;
	for (int i = 0; i < 5; i++) {
		uint64_t w = le32(data + 5 + 8 * i) | (uint64_t)le32(data + 9 + 8 * i) << 32;
		if (i < 4 && !(data[0] & 0x80)) /* mostly 32-bit values, as a guest passes */
			w = (uint32_t)w;
		if (i < 4)
			a[2 + i] = w;
	}
	uint32_t where = le32(data + 1), argp;
	switch (where & 3) {
	case 0: argp = HEAP_START + (where >> 2) % (HEAP_END - HEAP_START - 48); break;
	case 1: argp = HEAP_END - (where >> 2) % 64; break;             /* across the heap end */
	case 2: argp = (uint32_t)(STACK_TOP - 0x200) + (where >> 2) % 0x100; break;
	default: argp = where; break;                                    /* anywhere */
	}
	/* heap contents, and pointers that mostly land in the heap */
	size_t rest = len - 45;
	if (rest > HEAP_END - HEAP_START)
		rest = HEAP_END - HEAP_START;
	if (mem_prot_at(HEAP_START) & PROT_WRITE)
		memcpy(mem_ptr(HEAP_START), data + 45, rest);
	if (mem_check(argp, sizeof a, PROT_WRITE))
		memcpy(mem_ptr(argp), a, sizeof a);
	else if (mem_check(argp, 8, PROT_WRITE))
		memcpy(mem_ptr(argp), a, 8);

	int32_t r = 0;
	if (setjmp(ended) == 0) {
		r = zvm_trap(argp);
		/* a data trap moves at most what it was asked; errors are -errno */
		CHECK(r >= -4095);
		if ((a[0] == TrapRead || a[0] == TrapWrite) && r > 0)
			CHECK((int64_t)r <= (int64_t)(int32_t)a[4]);
	}
	/* every unit back to data, through the trap: the next input starts alike */
	int n;
	const struct jail_unit *u;
	while ((u = jail_units(&n)), n > 0)
		CHECK(unjail_trap(u[0].start, u[0].size) == 0);
	CHECK(mem_check(HEAP_START, HEAP_END - HEAP_START, PROT_READ | PROT_WRITE));
	zs.code = 0;
	zs.state[0] = 0;
	return 0;
}
