/*
 * floorsrv.c - the floor under the daemon's warm start: a server of the
 * same shape with nothing to do. A child forked in advance waits in
 * accept(), tells the parent (which forks the next one), reads the request,
 * writes a framed report of the daemon's form and ends. What a zerovm request
 * costs above this is zerovm's; this much any fork-per-request server on the
 * machine pays.
 *
 *   floorsrv SOCKET     (runs until killed)
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static void serve(int lfd, int ready, pid_t server)
{
	static char buf[1 << 16];
	static const char rep[] = "0\n0\n0\ndisabled\n0.00 0.00 0 0 0 0 0 0 0 0\nok\n\n";
	char out[sizeof rep + 8];
	prctl(PR_SET_PDEATHSIG, SIGKILL); /* a waiting child ends with the server */
	if (getppid() != server)
		_exit(0); /* the server ended before the prctl */
	int fd = accept(lfd, 0, 0);
	if (write(ready, "a", 1) != 1 || fd < 0)
		_exit(1);
	if (read(fd, buf, sizeof buf) <= 0)
		_exit(1);
	snprintf(out, sizeof out, "0x%06zx%s", sizeof rep - 1, rep);
	if (write(fd, out, sizeof out - 1) != (ssize_t)sizeof out - 1)
		_exit(1);
	shutdown(fd, SHUT_WR);
	_exit(0);
}

int main(int argc, char **argv)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int lfd, ready[2];
	if (argc != 2 || strlen(argv[1]) >= sizeof sa.sun_path) {
		fprintf(stderr, "usage: floorsrv SOCKET\n");
		return 2;
	}
	strcpy(sa.sun_path, argv[1]);
	unlink(argv[1]);
	if ((lfd = socket(AF_UNIX, SOCK_STREAM, 0)) < 0 ||
	    bind(lfd, (struct sockaddr *)&sa, sizeof sa) != 0 || listen(lfd, 64) != 0 ||
	    pipe(ready) != 0) {
		perror(argv[1]);
		return 1;
	}
	signal(SIGCHLD, SIG_IGN); /* children are reaped by the kernel */
	pid_t self = getpid();
	for (;;) {
		pid_t pid = fork();
		if (pid == 0)
			serve(lfd, ready[1], self);
		if (pid < 0) {
			sleep(1);
			continue;
		}
		char c;
		if (read(ready[0], &c, 1) != 1)
			return 1;
	}
}
