/*
 * main.c - zerovm [-F] [-P] [-X] [-v N] MANIFEST: the command line.
 *
 * The session itself is run.c's; this file reads the options and the
 * manifest file.
 *   -F    validate and report without running
 *   -P    do not preallocate writable files
 *   -X    exit as the guest: its return code is zerovm's exit code and the
 *         report is printed only on failure, on stderr (exit code 125), as
 *         zvsh does (zvsh links the runtime and sets the same mode)
 *   -v N  verbosity on stderr (0 quiet, 1 failures, 2 details)
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/version.h"
#include "run.h"
#include "session.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: zerovm [-F] [-P] [-X] [-v N] MANIFEST\n"
		   "  -F         validate and report without running\n"
		   "  -P         do not preallocate writable files\n"
		   "  -X         exit with the guest's return code; the report only on\n"
		   "             failure, on stderr, and then exit code %d\n"
		   "  -v N       verbosity on stderr (0-2)\n"
		   "  --help     this text\n"
		   "  --version  the version\n"
		   "The report goes to stdout; the exit code is the errno of the first\n"
		   "failure, 0 on success.\n",
		SESSION_SHELL_FAILED);
}

int main(int argc, char **argv)
{
	static const struct option longs[] = {
		{ "help", no_argument, 0, 'h' },
		{ "version", no_argument, 0, 'V' },
		{ 0, 0, 0, 0 },
	};
	int only_validate = 0, prealloc = 1, opt, rc;
	char err[512];

	while ((opt = getopt_long(argc, argv, "FPXv:", longs, 0)) != -1) {
		switch (opt) {
		case 'F':
			only_validate = 1;
			break;
		case 'P':
			prealloc = 0;
			break;
		case 'X':
			zs.shell = "zerovm: failed";
			break;
		case 'v': {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (*optarg == 0 || *end || v < 0 || v > 9) {
				usage(stderr);
				return EINVAL;
			}
			zs.verbose = (int)v;
			break;
		}
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			fputs(ZVM_VERSION_LINE("zerovm"), stdout);
			return 0;
		default:
			usage(stderr);
			return EINVAL;
		}
	}
	if (optind != argc - 1) {
		usage(stderr);
		return EINVAL;
	}
	run_check_reserved();
	rc = manifest_load(argv[optind], &zs.mft, err, sizeof err);
	if (rc != 0)
		session_fail(rc, "%s", err);
	zs.have_mft = 1;
	run_session(only_validate, prealloc);
}
