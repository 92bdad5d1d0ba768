/*
 * session.h - one zerovm session: its state, its end, and the report.
 *
 * Every way out (zvm_exit, a guest fault, a timeout, a setup error) goes
 * through session_end(), which closes the channels (truncating written files
 * to what was written), prints the report on stdout and exits with the errno
 * of the first failure (0 on success); or, exiting as the guest (shell set),
 * exits with the guest's code and prints the report only on failure.
 */
#ifndef ZVM_SESSION_H
#define ZVM_SESSION_H

#include <stdint.h>

#include "channel.h"
#include "manifest.h"

struct session {
	struct manifest mft;
	int have_mft;
	struct channel *ch;
	int nch;
	int validator_state;  /* 0 valid, 1 invalid, 2 not validated */
	int daemon_state;
	int32_t user_code;
	int code;             /* errno of the first failure, 0 while none */
	char state[512];      /* exit state text; empty means "ok" */
	uint64_t heap_start, heap_end;
	int verbose;
	int report_fd;        /* where the report goes: 1, or a daemon client */
	int report_framed;    /* prefix the report with its length ("0x%06x") */
	int in_request;       /* a daemon's request session */
	const char *shell;    /* exit as the guest (zerovm -X, zvsh): the start of the
			       * failure line, or 0 */
};

/* Exit as the guest: on success the process exits with the guest's return
 * code (its low 8 bits) and prints nothing; on failure it prints
 * "<shell> with code <errno>; its report:" and the report on stderr and
 * exits with this code (zvsh's ZVSH_FAILED). */
#define SESSION_SHELL_FAILED 125

extern struct session zs;

/* Records the first failure (later ones are ignored) and ends the session. */
__attribute__((noreturn, format(printf, 2, 3)))
void session_fail(int code, const char *fmt, ...);

/* Ends the session: channels closed, report printed, process exits. */
__attribute__((noreturn)) void session_end(void);

/* A daemon's spare: the report buffer's first pages written in advance. */
void session_warm(void);

/* Installs the fault, timeout and CPU-limit handlers on a signal stack above
 * the sandbox; starts the wall-clock and CPU-time limits. 0 or errno.
 * The two halves: session_handlers, then session_timers. */
int session_limits(int timeout_s);
int session_handlers(void);
int session_timers(int timeout_s);
/* Only the CPU-time limit (timeout_s < 0: none); a call that would set what
 * is already set makes no system call. 0 or errno. */
int session_cpu_limit(int timeout_s);

/* Says things on stderr when -v allows. */
__attribute__((format(printf, 2, 3))) void say(int level, const char *fmt, ...);

#endif
