/*
 * main.c - zerovm [-F] [-P] [-v N] MANIFEST
 *
 * Data flows one way: the manifest becomes channels and a memory map, the
 * nexe passes the validator once, the guest runs, the report leaves.
 *   -F    validate and report without running
 *   -P    do not preallocate writable files
 *   -v N  verbosity on stderr (0 quiet, 1 failures, 2 details)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "daemon.h"
#include "loader.h"
#include "mem.h"
#include "seccomp.h"
#include "session.h"
#include "trap.h"
#include "x86_64/arch.h"

static int reserve_rc = -1;

/* Before anything else can map memory: own the low 4 GiB and the guard. */
__attribute__((constructor(101))) static void reserve_early(void)
{
	reserve_rc = mem_reserve();
}

static void usage(void)
{
	fprintf(stderr, "usage: zerovm [-F] [-P] [-v N] MANIFEST\n"
			"  -F    validate and report without running\n"
			"  -P    do not preallocate writable files\n"
			"  -v N  verbosity on stderr (0-2)\n");
}

int main(int argc, char **argv)
{
	int only_validate = 0, prealloc = 1, opt, rc;
	char err[512];
	struct program prog;

	while ((opt = getopt(argc, argv, "FPv:")) != -1) {
		switch (opt) {
		case 'F':
			only_validate = 1;
			break;
		case 'P':
			prealloc = 0;
			break;
		case 'v': {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (*optarg == 0 || *end || v < 0 || v > 9) {
				usage();
				return EINVAL;
			}
			zs.verbose = (int)v;
			break;
		}
		default:
			usage();
			return EINVAL;
		}
	}
	if (optind != argc - 1) {
		usage();
		return EINVAL;
	}
	if (reserve_rc != 0)
		session_fail(-reserve_rc, "cannot reserve the sandbox address space: %s",
			     strerror(-reserve_rc));
	rc = manifest_load(argv[optind], &zs.mft, err, sizeof err);
	if (rc != 0)
		session_fail(rc, "%s", err);
	zs.have_mft = 1;
	/* Limits first: opening a FIFO can block, and that is session time. */
	rc = session_limits(zs.mft.timeout);
	if (rc != 0)
		session_fail(rc, "cannot set limits: %s", strerror(rc));
	rc = program_check(zs.mft.program, &prog, err, sizeof err);
	if (rc != 0)
		session_fail(rc, "%s", err);
	if (only_validate)
		session_end();
	daemon_set_prealloc(prealloc);
	rc = channels_open(&zs.mft, prealloc, 0, &zs.ch, err, sizeof err);
	if (rc != 0)
		session_fail(rc, "%s", err);
	zs.nch = zs.mft.nchannels;
	rc = program_load(&prog, zs.mft.memory, err, sizeof err);
	if (rc != 0)
		session_fail(rc, "%s", err);
	arch_init();
	/* The outer layer, last: everything is open and loaded. A Job's session
	 * gets the daemon's filter, which its daemon and spares inherit. */
	enum sc_kind kind = zs.mft.job ? SC_DAEMON : SC_SESSION;
	int net = sc_wants_net(&zs.mft);
	if ((rc = sc_install(kind, net)) != 0)
		session_fail(rc, "cannot install the system call filter: %s", strerror(rc));
	say(2, "system call filter: %s%s", sc_kind_name(kind), net ? " + net" : "");
	say(2, "entering guest at 0x%x", (unsigned)prog.nx.entry);
	fflush(stdout);
	zvm_enter(prog.nx.entry, GUEST_ENTRY_RSP);
}
