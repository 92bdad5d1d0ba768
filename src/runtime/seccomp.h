/*
 * seccomp.h - the outer layer (DESIGN.md section 4): a seccomp-bpf filter
 * that allows only the system calls a session needs, installed once the
 * guest is loaded and before it first runs. A system call the filter does
 * not allow raises SIGSYS, which session.c turns into the report.
 */
#ifndef ZVM_SECCOMP_H
#define ZVM_SECCOMP_H

#include "manifest.h"

/* What the filter lets the process do, from the narrowest. Filters stack:
 * each one installed later can only take calls away. */
enum sc_kind {
	SC_SESSION, /* a session's guest: I/O on its open channels, jail, exit */
	SC_REQUEST, /* a daemon's spare: also reads a request and takes its descriptors */
	SC_DAEMON,  /* a session with a Job: also the daemon (fork, Unix socket) */
};

/* Whether the manifest needs the network after loading (TCP channels or a
 * name server): then the filter allows sockets of AF_INET/AF_INET6. */
int sc_wants_net(const struct manifest *m);

/* Installs the filter of kind (with the network when net). 0 or errno.
 * In the bench-only build (-DZVM_NO_SECCOMP) it installs nothing. */
int sc_install(enum sc_kind kind, int net);

/* The kind's name, for -v and the tests. */
const char *sc_kind_name(enum sc_kind kind);

#endif
