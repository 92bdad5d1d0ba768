/*
 * netpeer - the attackers (and one honest but corrupt writer) of the TCP
 * channel tests. Each mode prints one line saying how many bytes it got:
 *
 *   netpeer ports PID tcp|udp
 *       the local IP:PORT of PID's listening TCP (or its UDP) sockets, found
 *       like a foreign process would: /proc/PID/fd inodes in /proc/net/tcp or udp
 *   netpeer forge PID NODE PEER SECONDS
 *       a forged name-service answer: while node NODE (process PID) waits,
 *       sends it, from its own port, the answer of the right shape for one
 *       connect record to PEER, pointing at this tool's own listener; then
 *       counts the bytes that arrive there ("forger: N bytes, C connections")
 *   netpeer intrude PID garbage|replay|reflect [SECRET WRITER READER]
 *       connects to PID's first listening port before the real peer: a
 *       data frame and an end (garbage), a HELLO and a proof made with the
 *       key for other nonces (replay), or the reader's own proof sent back
 *       (reflect); prints "intruder: N bytes" (what the reader sent it)
 *   netpeer corrupt SECRET WRITER READER IP PORT
 *       the handshake as writer, then a frame and an end whose digest is
 *       wrong (a stream corrupted on the way; tests/job/fakevm.py)
 * Exit status 0 when it could do its part, 2 on a usage or setup error.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "runtime/handshake.h"

static void die(const char *what)
{
	fprintf(stderr, "netpeer: %s: %s\n", what, errno ? strerror(errno) : "failed");
	exit(2);
}

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24), p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8), p[3] = (unsigned char)v;
}

/* PID's sockets in /proc/net/PROTO (tcp: listening only): up to max. */
static int find_ports(int pid, const char *proto, struct sockaddr_in *out, int max)
{
	char path[64], line[512], link[64];
	unsigned long inodes[256];
	int ni = 0, n = 0;
	snprintf(path, sizeof path, "/proc/%d/fd", pid);
	DIR *d = opendir(path);
	if (!d)
		return 0;
	for (struct dirent *e; (e = readdir(d)) && ni < 256;) {
		char fp[320];
		snprintf(fp, sizeof fp, "%s/%s", path, e->d_name);
		ssize_t l = readlink(fp, link, sizeof link - 1);
		if (l > 0) {
			link[l] = 0;
			if (sscanf(link, "socket:[%lu]", &inodes[ni]) == 1)
				ni++;
		}
	}
	closedir(d);
	snprintf(path, sizeof path, "/proc/net/%s", proto);
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof line, f) && n < max) {
		unsigned ip, port, st;
		unsigned long inode;
		if (sscanf(line, " %*d: %x:%x %*x:%*x %x %*x:%*x %*x:%*x %*x %*d %*d %lu", &ip, &port, &st,
			   &inode) != 4)
			continue;
		if (!strcmp(proto, "tcp") && st != 0x0A) /* TCP_LISTEN */
			continue;
		for (int k = 0; k < ni; k++)
			if (inodes[k] == inode) {
				out[n].sin_family = AF_INET;
				out[n].sin_addr.s_addr = ip; /* /proc prints it in host order of a be32 */
				out[n].sin_port = htons((uint16_t)port);
				n++;
			}
	}
	fclose(f);
	return n;
}

static int wait_ports(int pid, const char *proto, struct sockaddr_in *out, int max)
{
	for (int i = 0; i < 500; i++) {
		int n = find_ports(pid, proto, out, max);
		if (n)
			return n;
		usleep(10000);
	}
	errno = 0;
	die("the process never had such a socket");
	return 0;
}

static void key_from_hex(const char *s, uint8_t key[HS_KEY])
{
	if (strlen(s) != 2 * HS_KEY)
		die("SECRET: 64 hex digits");
	for (int i = 0; i < HS_KEY; i++) {
		unsigned v;
		if (sscanf(s + 2 * i, "%2x", &v) != 1)
			die("SECRET: 64 hex digits");
		key[i] = (uint8_t)v;
	}
}

/* Reads what comes within ms; returns the byte count. */
static long drain(int fd, int ms)
{
	char buf[65536];
	long total = 0;
	long long end = now_ms() + ms;
	for (;;) {
		long long left = end - now_ms();
		struct pollfd p = { fd, POLLIN, 0 };
		if (left <= 0 || poll(&p, 1, (int)left) <= 0)
			return total;
		ssize_t r = recv(fd, buf, sizeof buf, 0);
		if (r <= 0)
			return total;
		total += r;
	}
}

/* An intruder's sends after its handshake may meet a reader that has
 * already hung up (EPIPE, ECONNRESET): that is the outcome wanted, not an
 * error of the test. */
static int hung_up;

static void sendall(int fd, const void *p, size_t n)
{
	if (hung_up)
		return;
	if (send(fd, p, n, MSG_NOSIGNAL) != (ssize_t)n) {
		if (errno == EPIPE || errno == ECONNRESET) {
			hung_up = 1;
			return;
		}
		die("send");
	}
}

/* A data frame and an end mark without a digest: what the old runtime took
 * as a whole stream. */
static void frame_and_end(int fd, const char *text)
{
	unsigned char h[4];
	put32(h, (uint32_t)strlen(text));
	sendall(fd, h, 4);
	sendall(fd, text, strlen(text));
	put32(h, 0x80000000u);
	sendall(fd, h, 4);
}

static int ports(int argc, char **argv)
{
	struct sockaddr_in sa[64];
	if (argc != 4)
		return 2;
	int n = find_ports(atoi(argv[2]), argv[3], sa, 64);
	for (int i = 0; i < n; i++)
		printf("%s:%u\n", inet_ntoa(sa[i].sin_addr), ntohs(sa[i].sin_port));
	return 0;
}

static int forge(int argc, char **argv)
{
	if (argc != 6)
		return 2;
	int pid = atoi(argv[2]);
	uint32_t node = (uint32_t)atoi(argv[3]), peer = (uint32_t)atoi(argv[4]);
	long long end = now_ms() + atoi(argv[5]) * 1000LL;
	struct sockaddr_in me = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) }, u[16];
	socklen_t len = sizeof me;
	int l = socket(AF_INET, SOCK_STREAM, 0), one = 1;
	if (l < 0 || bind(l, (struct sockaddr *)&me, sizeof me) || listen(l, 8) ||
	    getsockname(l, (struct sockaddr *)&me, &len))
		die("listen");
	int nu = wait_ports(pid, "udp", u, 16);
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	setsockopt(s, SOL_SOCKET, SO_BROADCAST, &one, sizeof one);
	unsigned char ans[18];
	put32(ans, node), put32(ans + 4, 0), put32(ans + 8, 1);
	memcpy(ans + 12, &me.sin_addr.s_addr, 4);
	ans[16] = (unsigned char)(ntohs(me.sin_port) >> 8), ans[17] = (unsigned char)ntohs(me.sin_port);
	(void)peer; /* the connect record's node id is replaced in an answer */
	long total = 0;
	int conns = 0;
	while (now_ms() < end) {
		for (int i = 0; i < nu; i++)
			sendto(s, ans, sizeof ans, 0, (struct sockaddr *)&u[i], sizeof u[i]);
		struct pollfd p = { l, POLLIN, 0 };
		if (poll(&p, 1, 20) > 0) {
			int c = accept(l, 0, 0);
			if (c >= 0) {
				conns++;
				total += drain(c, 2000);
				close(c);
			}
		}
	}
	printf("forger: %ld bytes, %d connections\n", total, conns);
	return 0;
}

static int intrude(int argc, char **argv)
{
	struct sockaddr_in t[16];
	struct hs h = { 0 };
	if (argc != 4 && argc != 7)
		return 2;
	const char *mode = argv[3];
	if (strcmp(mode, "garbage")) {
		if (argc != 7)
			return 2;
		key_from_hex(argv[4], h.key);
		h.writer = (uint32_t)atoi(argv[5]), h.reader = (uint32_t)atoi(argv[6]);
	}
	wait_ports(atoi(argv[2]), "tcp", t, 16);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&t[0], sizeof t[0]))
		die("connect");
	long got = 0;
	if (!strcmp(mode, "garbage")) {
		frame_and_end(fd, "INTRUDER DATA\n");
	} else {
		uint8_t hello[HS_HELLO], reply[HS_REPLY], proof[HS_PROOF];
		if (hs_hello(&h, hello) != HS_OK)
			die("getrandom");
		sendall(fd, hello, sizeof hello);
		if (!strcmp(mode, "replay")) {
			/* a proof recorded from another connection: the key's MAC
			 * for a reader nonce that is not this one's */
			memset(h.nr, 0x5a, sizeof h.nr);
			hs_proof(&h, proof);
			sendall(fd, proof, sizeof proof);
		} else {
			size_t have = 0;
			while (have < sizeof reply) {
				ssize_t r = recv(fd, reply + have, sizeof reply - have, 0);
				if (r <= 0)
					break;
				have += (size_t)r;
			}
			got += (long)have;
			memcpy(proof, reply + 4 + HS_NONCE, HS_PROOF); /* its own proof back */
			sendall(fd, proof, sizeof proof);
		}
		frame_and_end(fd, "INTRUDER DATA\n");
	}
	got += drain(fd, 5000);
	printf("intruder: %ld bytes\n", got);
	return 0;
}

static int corrupt(int argc, char **argv)
{
	struct hs h = { 0 };
	struct sockaddr_in sa = { .sin_family = AF_INET };
	if (argc != 7)
		return 2;
	key_from_hex(argv[2], h.key);
	h.writer = (uint32_t)atoi(argv[3]), h.reader = (uint32_t)atoi(argv[4]);
	if (inet_pton(AF_INET, argv[5], &sa.sin_addr) != 1)
		die("IP");
	sa.sin_port = htons((uint16_t)atoi(argv[6]));
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa))
		die("connect");
	uint8_t hello[HS_HELLO], reply[HS_REPLY], proof[HS_PROOF];
	if (hs_hello(&h, hello) != HS_OK)
		die("getrandom");
	sendall(fd, hello, sizeof hello);
	size_t have = 0;
	while (have < sizeof reply) {
		ssize_t r = recv(fd, reply + have, sizeof reply - have, 0);
		if (r <= 0)
			die("the reader left");
		have += (size_t)r;
	}
	if (hs_take_reply(&h, reply, have) != HS_OK) {
		errno = 0;
		die("the reader failed the handshake");
	}
	hs_proof(&h, proof);
	sendall(fd, proof, sizeof proof);
	/* one frame, then an end whose digest cannot match */
	const char *data = "a stream that will not match its digest\n";
	unsigned char end[4 + 32];
	put32(end, (uint32_t)strlen(data));
	sendall(fd, end, 4);
	sendall(fd, data, strlen(data));
	put32(end, 0x80000020u);
	memset(end + 4, 0xee, 32);
	sendall(fd, end, sizeof end);
	close(fd);
	printf("%zu\n", strlen(data));
	return 0;
}

int main(int argc, char **argv)
{
	int rc = 2;
	if (argc > 1 && !strcmp(argv[1], "ports"))
		rc = ports(argc, argv);
	else if (argc > 1 && !strcmp(argv[1], "forge"))
		rc = forge(argc, argv);
	else if (argc > 1 && !strcmp(argv[1], "intrude"))
		rc = intrude(argc, argv);
	else if (argc > 1 && !strcmp(argv[1], "corrupt"))
		rc = corrupt(argc, argv);
	if (rc == 2)
		fprintf(stderr, "usage: netpeer ports|forge|intrude|corrupt ... (see netpeer.c)\n");
	fflush(stdout);
	return rc;
}
