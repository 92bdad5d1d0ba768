/*
 * ns-server NODES TIMEOUT_MS PORTFILE - the name service for the network
 * tests: binds 127.0.0.1 (ephemeral port, written to PORTFILE), serves one
 * job of NODES nodes (src/job/ns.c), exits 0, or 1 with the reason.
 */
#include <stdio.h>
#include <stdlib.h>

#include "job/ns.h"

int main(int argc, char **argv)
{
	char err[256];
	int port = 0;
	if (argc != 4)
		return 2;
	int fd = ns_open(0, &port);
	FILE *f = fopen(argv[3], "w");
	if (fd < 0 || !f || fprintf(f, "%d\n", port) < 0 || fclose(f) != 0)
		return 2;
	if (ns_serve(fd, atoi(argv[1]), atoi(argv[2]), 300, err, sizeof err) != 0) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	return 0;
}
