/*
 * daemon.h - daemon mode (Job = SOCKET); trap_fork (trap.h) is its entry.
 */
#ifndef ZVM_DAEMON_H
#define ZVM_DAEMON_H

/* Whether request sessions preallocate writable files (zerovm -P). */
void daemon_set_prealloc(int on);

#endif
