/*
 * daemon_client.h - the client's side of a daemon request (the protocol is
 * src/runtime/request.h): the channel files opened with the client's own
 * rights, sent as descriptors with the request's bytes.
 */
#ifndef ZVM_DAEMON_CLIENT_H
#define ZVM_DAEMON_CLIENT_H

#include <stddef.h>

/* Opens one descriptor per file channel of the manifest text, in handle
 * order: reads O_RDONLY, writes O_WRONLY|O_CREAT|O_TRUNC (mode 0600),
 * read-write O_RDWR|O_CREAT; /dev/stdin, /dev/stdout, /dev/stderr and
 * /dev/fd/N are the caller's own descriptors (duplicated). Returns how many
 * with *fds malloc'ed, or -1 with err filled (nothing left open). */
int dc_open(const char *text, size_t len, int **fds, char *err, size_t errlen);

/* Sends "0x%06x" + text with the descriptors attached (at most 253 to a
 * message: with more, each batch but the last rides on one byte).
 * 0, or -1 with errno set. */
int dc_send(int sock, const char *text, size_t len, const int *fds, int nfds);

/* Closes and frees what dc_open returned. */
void dc_close(int *fds, int n);

#endif
