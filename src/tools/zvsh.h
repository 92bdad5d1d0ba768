/*
 * zvsh.h - what zvsh.c and zvsh_daemon.c share.
 */
#ifndef ZVSH_H
#define ZVSH_H

#include <stddef.h>

#define ZVSH_FAILED 125 /* zerovm itself failed */

__attribute__((noreturn, format(printf, 2, 3))) void die(int code, const char *fmt, ...);

const char *zvsh_report_line(const char *report, int n, char *buf, size_t cap);
int zvsh_user_code(const char *report);

/* Daemon mode (zvsh_daemon.c). */
void zvsh_absolute(const char *path, char out[]);
void zvsh_daemon_stdio(const char *dir, char *in, char *out, char *err);
int zvsh_daemon_run(const char *sock, const char *manifest, const char *out, const char *err,
		    char *report, size_t cap);

#endif
