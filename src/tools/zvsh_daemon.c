/*
 * zvsh_daemon.c - zvsh --zvm-daemon SOCKET: a program as a daemon request.
 *
 * The request is the manifest zvsh wrote (its Job line names the socket),
 * sent as "0x%06x" + text with its channel files, which zvsh opens with its
 * own rights, as descriptors (src/lib/daemon_client.c); the report comes
 * back the same way. Stdio goes through files in the work directory (so
 * that a terminal or a shell's >> is never a request's channel): stdin is the file zvsh's stdin is (or a copy of a pipe's
 * contents, read to its end first; a terminal gives no input), stdout and
 * stderr are copied out when the report has come. When nothing answers on
 * the socket, zvsh starts the daemon first (zerovm on the same manifest: the
 * program must call zvm_fork, which ZRT programs do with [precache], which
 * zvsh sets), holding SOCKET.lock so that only one zvsh starts it.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <spawn.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/daemon_client.h"
#include "zvsh.h"

extern char **environ;

/* path made absolute (its directory must exist): the daemon changes its
 * working directory, and removes the socket by this name. */
void zvsh_absolute(const char *path, char out[])
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	char *d = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path)) : strdup(".");
	if (!*base || !d || !realpath(d, dir))
		die(2, "--zvm-daemon %s: %s", path, *base ? strerror(errno) : "not a socket path");
	free(d);
	if (strlen(dir) + strlen(base) + 2 > sizeof ((struct sockaddr_un *)0)->sun_path)
		die(2, "--zvm-daemon %s: path too long for a socket", path);
	sprintf(out, "%s/%s", strcmp(dir, "/") ? dir : "", base);
}

static void copy_fd(int from, int to)
{
	char buf[65536];
	ssize_t n;
	while ((n = read(from, buf, sizeof buf)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			die(2, "reading: %s", strerror(errno));
		}
		for (ssize_t done = 0; done < n;) {
			ssize_t w = write(to, buf + done, (size_t)(n - done));
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				return; /* a reader gone: nothing more to do */
			done += w;
		}
	}
}

void zvsh_daemon_stdio(const char *dir, char *in, char *out, char *err)
{
	struct stat st;
	sprintf(out, "%s/stdout.1", dir);
	sprintf(err, "%s/stderr.1", dir);
	sprintf(in, "%s/stdin.1", dir);
	int fd = open(in, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		die(2, "%s: %s", in, strerror(errno));
	if (fstat(0, &st) == 0 && !isatty(0))
		copy_fd(0, fd);
	close(fd);
	for (int k = 0; k < 2; k++) {
		fd = open(k ? err : out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
		if (fd < 0)
			die(2, "%s: %s", k ? err : out, strerror(errno));
		close(fd);
	}
}

/* zerovm (next to zvsh) on a manifest, starting the daemon; the report
 * (NUL-terminated) in report. Returns zerovm's exit code (128 + the signal
 * if it was killed). */
static int run_zerovm(const char *manifest, char *report, size_t cap)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 20);
	if (n <= 0)
		die(2, "cannot find my own path");
	self[n] = 0;
	char *slash = strrchr(self, '/');
	strcpy(slash ? slash + 1 : self, "zerovm");

	/* Close-on-exec: the pipe's own fds vanish in zerovm, while the dup2
	 * copy (fd 1 = the report pipe) stays. */
	int rep[2];
	if (pipe2(rep, O_CLOEXEC) != 0)
		die(2, "pipe: %s", strerror(errno));
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, rep[1], 1);
	char *zargv[] = { self, "-P", (char *)manifest, 0 };
	pid_t pid;
	int rc = posix_spawn(&pid, self, &fa, 0, zargv, environ);
	if (rc != 0)
		die(2, "cannot run %s: %s", self, strerror(rc));
	posix_spawn_file_actions_destroy(&fa);
	close(rep[1]);

	size_t got = 0;
	for (;;) {
		ssize_t r = read(rep[0], report + got, cap - 1 - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
		if (got == cap - 1)
			break;
	}
	report[got] = 0;
	close(rep[0]);
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			die(2, "waitpid: %s", strerror(errno));
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static int connect_to(const char *sock)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		die(2, "socket: %s", strerror(errno));
	strcpy(sa.sun_path, sock);
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0)
		return fd;
	int e = errno;
	close(fd);
	return -e;
}

/* Starts the daemon unless one answers by now; returns a connection. */
static int start(const char *sock, const char *manifest, char *report, size_t cap)
{
	char lock[PATH_MAX + 8], line[64];
	snprintf(lock, sizeof lock, "%s.lock", sock);
	int lfd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (lfd < 0 || flock(lfd, LOCK_EX) != 0)
		die(2, "%s: %s", lock, strerror(errno));
	int fd = connect_to(sock);
	if (fd < 0) {
		int zrc = run_zerovm(manifest, report, cap);
		if (zrc != 0 || strcmp(zvsh_report_line(report, 2, line, sizeof line), "1")) {
			fprintf(stderr, "zvsh: the program did not become a daemon on %s (zerovm code %d); "
					"its report:\n%s", sock, zrc, report);
			exit(ZVSH_FAILED);
		}
		if ((fd = connect_to(sock)) < 0)
			die(ZVSH_FAILED, "%s: %s", sock, strerror(-fd));
	}
	flock(lfd, LOCK_UN);
	close(lfd);
	return fd;
}

static size_t recv_all(int fd, char *p, size_t cap)
{
	size_t got = 0;
	while (got < cap) {
		ssize_t r = read(fd, p + got, cap - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	return got;
}

int zvsh_daemon_run(const char *sock, const char *manifest, const char *out, const char *err,
		    char *report, size_t cap)
{
	static char text[0x80000 + 9];
	int fd = connect_to(sock);
	if (fd == -ENOENT || fd == -ECONNREFUSED)
		fd = start(sock, manifest, report, cap);
	else if (fd < 0)
		die(ZVSH_FAILED, "%s: %s", sock, strerror(-fd));

	int mf = open(manifest, O_RDONLY | O_CLOEXEC);
	if (mf < 0)
		die(2, "%s: %s", manifest, strerror(errno));
	size_t len = recv_all(mf, text + 8, sizeof text - 9);
	close(mf);
	char hdr[9], why[512];
	int *fds, nfds = dc_open(text + 8, len, &fds, why, sizeof why);
	if (nfds < 0)
		die(2, "%s: %s", manifest, why);
	if (dc_send(fd, text + 8, len, fds, nfds) != 0)
		die(ZVSH_FAILED, "sending the request: %s", strerror(errno));
	dc_close(fds, nfds);
	shutdown(fd, SHUT_WR);

	size_t got = recv_all(fd, hdr, 8);
	hdr[got] = 0;
	char *end;
	long n = got == 8 ? strtol(hdr, &end, 0) : -1;
	if (n < 0 || (size_t)n >= cap)
		die(ZVSH_FAILED, "%s: no report from the daemon", sock);
	if (recv_all(fd, report, (size_t)n) != (size_t)n)
		die(ZVSH_FAILED, "%s: the daemon's report is cut short", sock);
	report[n] = 0;
	close(fd);

	/* The request session closed its channels before reporting. */
	for (int k = 0; k < 2; k++) {
		int f = open(k ? err : out, O_RDONLY | O_CLOEXEC);
		if (f >= 0) {
			copy_fd(f, k ? 2 : 1);
			close(f);
		}
	}
	char state[512];
	zvsh_report_line(report, 6, state, sizeof state);
	return strcmp(state, "ok") ? EFAULT : 0;
}
