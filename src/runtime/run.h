/*
 * run.h - one session, from its parsed manifest to the guest: what
 * zerovm's command line (main.c) and zvsh, which links the runtime, share.
 *
 * Linking run.o also links its constructor, which reserves the sandbox's
 * address space before anything else in the process can map memory.
 */
#ifndef ZVM_RUN_H
#define ZVM_RUN_H

/* Ends the session (a report, code = the errno) if the early reservation
 * failed; otherwise returns. */
void run_check_reserved(void);

/* Runs the session of zs.mft (zs.have_mft set): the limits, the program's
 * check (only_validate: the report now), the channels (preallocating
 * writable files when prealloc), the load, the system call filter, the
 * guest. Never returns: every way out is session_end. */
__attribute__((noreturn)) void run_session(int only_validate, int prealloc);

#endif
