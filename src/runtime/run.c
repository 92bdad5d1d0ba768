/*
 * run.c - one session, from its parsed manifest to the guest.
 *
 * Data flows one way: the manifest becomes channels and a memory map, the
 * nexe passes the validator once, the guest runs, the report leaves. The
 * system call filter is the last thing before the guest, in every session,
 * whichever command (zerovm, zvsh) started it.
 */
#include <string.h>
#include <stdio.h>

#include "daemon.h"
#include "loader.h"
#include "mem.h"
#include "run.h"
#include "seccomp.h"
#include "session.h"
#include "x86_64/arch.h"

static int reserve_rc = -1;

/* Before anything else can map memory: own the low 4 GiB and the guard. */
__attribute__((constructor(101))) static void reserve_early(void)
{
	reserve_rc = mem_reserve();
}

void run_check_reserved(void)
{
	if (reserve_rc != 0)
		session_fail(-reserve_rc, "cannot reserve the sandbox address space: %s",
			     strerror(-reserve_rc));
}

void run_session(int only_validate, int prealloc)
{
	char err[512];
	struct program prog;
	int rc;

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
