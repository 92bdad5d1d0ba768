/*
 * floorsrv.c - the floor under the daemon's warm start: a server of the
 * same shape with nothing to do. Two children forked in advance wait in
 * accept(); one takes a connection, reads the request (its descriptors
 * too, looked at as the daemon does), writes a framed
 * report of the daemon's form and ends, and then the server forks its
 * replacement (as the daemon does for sequential clients: the fork never
 * competes with a request). Before accept() a child takes the page faults
 * it can in advance, as zerovm's spares do (src/runtime/warm.c): every
 * mapping populated (mlockall: writable pages copied, text mapped), then
 * every page read once. What a zerovm request costs above this is zerovm's;
 * this much any fork-per-request server on the machine pays.
 *
 *   floorsrv SOCKET     (runs until killed)
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

/* Page faults in advance: populated, then one read a page (a virtual
 * machine that shadows page tables fills its entries on first touch). */
static void prepare(void)
{
	char line[512];
	unsigned long lo, hi;
	FILE *f = fopen("/proc/self/maps", "re");

	mlockall(MCL_CURRENT);
	munlockall();
	while (f && fgets(line, sizeof line, f)) {
		char perm[5];
		if (sscanf(line, "%lx-%lx %4s", &lo, &hi, perm) != 3 || perm[0] != 'r' ||
		    (strchr(line, '[') && !strstr(line, "[heap]") && !strstr(line, "[stack]") &&
		     !strstr(line, "[vdso]")))
			continue; /* the kernel's ([vvar] is not all readable) */
		for (unsigned long p = lo; p < hi; p += 4096)
			(void)*(volatile char *)p;
	}
	if (f)
		fclose(f);
}

static void serve(int lfd, pid_t server)
{
	static char buf[1 << 16];
	static const char rep[] = "0\n0\n0\ndisabled\n0.00 0.00 0 0 0 0 0 0 0 0\nok\n\n";
	char out[sizeof rep + 8];

	prctl(PR_SET_PDEATHSIG, SIGKILL); /* a waiting child ends with the server */
	if (getppid() != server)
		_exit(0); /* the server ended before the prctl */
	prepare();
	int fd = accept(lfd, 0, 0);
	/* As a request session: who asks, then the bytes and descriptors
	 * (each looked at, as the daemon checks them). */
	struct ucred cred;
	socklen_t cl = sizeof cred;
	static union { struct cmsghdr h; char b[CMSG_SPACE(253 * sizeof(int))]; } ctl;
	struct iovec iov = { buf, sizeof buf };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.b,
			      .msg_controllen = sizeof ctl.b };
	if (fd < 0 || getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &cl) != 0 ||
	    recvmsg(fd, &msg, MSG_CMSG_CLOEXEC) <= 0)
		_exit(1);
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c))
		for (size_t i = 0; c->cmsg_type == SCM_RIGHTS && i < (c->cmsg_len - CMSG_LEN(0)) / sizeof(int); i++) {
			struct stat st;
			int d;
			memcpy(&d, CMSG_DATA(c) + i * sizeof d, sizeof d);
			if (fstat(d, &st) != 0 || fcntl(d, F_GETFL) < 0)
				_exit(1);
		}
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
