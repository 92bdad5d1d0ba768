/* hello.c - a freestanding guest: writes to /dev/stdout through the trap
 * and reads the user manifest. Build: zvm-cc -O2 -ffreestanding -nostdlib */
#include <zvm.h>

static int len(const char *s)
{
	int n = 0;
	while (s[n])
		n++;
	return n;
}

static void say(const char *s)
{
	zvm_pwrite(1, s, len(s), 0);
}

int main(void)
{
	say("hello from the sandbox; my channels are:\n");
	for (int i = 0; i < MANIFEST->channels_count; i++) {
		say("  ");
		say(MANIFEST->channels[i].name);
		say("\n");
	}
	return 0;
}
