/*
 * floorsrv.c - the floor under the daemon's warm start: a server of the
 * same shape with nothing to do. Two children forked in advance wait in
 * accept(); one takes a connection, reads the request, writes a framed
 * report of the daemon's form and ends, and then the server forks its
 * replacement (as the daemon does for sequential clients: the fork never
 * competes with a request). What a zerovm request costs above this is
 * zerovm's; this much any fork-per-request server on the machine pays.
 *
 *   floorsrv SOCKET     (runs until killed)
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

static void serve(int lfd, pid_t server)
{
	static char buf[1 << 16];
	static const char rep[] = "0\n0\n0\ndisabled\n0.00 0.00 0 0 0 0 0 0 0 0\nok\n\n";
	char out[sizeof rep + 8];

	prctl(PR_SET_PDEATHSIG, SIGKILL); /* a waiting child ends with the server */
	if (getppid() != server)
		_exit(0); /* the server ended before the prctl */
	int fd = accept(lfd, 0, 0);
	if (fd < 0 || read(fd, buf, sizeof buf) <= 0)
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
	int lfd, children = 0;

	if (argc != 2 || strlen(argv[1]) >= sizeof sa.sun_path) {
		fprintf(stderr, "usage: floorsrv SOCKET\n");
		return 2;
	}
	strcpy(sa.sun_path, argv[1]);
	unlink(argv[1]);
	if ((lfd = socket(AF_UNIX, SOCK_STREAM, 0)) < 0 ||
	    bind(lfd, (struct sockaddr *)&sa, sizeof sa) != 0 || listen(lfd, 64) != 0) {
		perror(argv[1]);
		return 1;
	}
	pid_t self = getpid();
	for (;;) {
		if (children == 2) {
			if (wait(0) > 0)
				children--;
			continue;
		}
		pid_t pid = fork();
		if (pid == 0)
			serve(lfd, self);
		if (pid < 0) {
			sleep(1);
			continue;
		}
		children++;
	}
}
