/*
 * chan.c - a channel interpreter: runs the commands of the channel aliased
 * /dev/script (one per line) and prints "COMMAND = RESULT" for each on
 * /dev/stdout. H is a handle number or an alias; N sizes; OFF offsets.
 *   r H N OFF     pread, prints the result and the bytes read
 *   R H N OFF     pread, prints the result only
 *   w H OFF TEXT  pwrite of TEXT (rest of the line; \n and \xHH escapes)
 *   z H N OFF     pwrite of N pattern bytes ('a' + i % 26)
 *   c SRC DST BS  copies SRC to DST in BS-byte reads until a read gives <= 0;
 *                 prints the total copied and the last read's result
 *   x CODE        zvm_exit(CODE)
 * The data buffer is the heap.
 */
#include "t.h"

static char script[65536];
static const char *sp;

static void skip(void)
{
	while (*sp == ' ')
		sp++;
}

static int64_t num(void)
{
	int neg = 0;
	uint64_t v = 0;
	skip();
	if (*sp == '-')
		neg = 1, sp++;
	if (sp[0] == '0' && sp[1] == 'x') {
		sp += 2;
		for (;; sp++) {
			int d = *sp >= '0' && *sp <= '9' ? *sp - '0'
			      : *sp >= 'a' && *sp <= 'f' ? *sp - 'a' + 10 : -1;
			if (d < 0)
				break;
			v = v * 16 + (uint64_t)d;
		}
	} else {
		while (*sp >= '0' && *sp <= '9')
			v = v * 10 + (uint64_t)(*sp++ - '0');
	}
	return neg ? -(int64_t)v : (int64_t)v;
}

static int64_t handle(void)
{
	char name[256];
	int n = 0;
	skip();
	if (*sp != '/')
		return num();
	while (*sp && *sp != ' ' && *sp != '\n' && n < 255)
		name[n++] = *sp++;
	name[n] = 0;
	return t_handle(name);
}

static int hexd(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : 0;
}

int main(void)
{
	int sh = t_handle("/dev/script"), len = 0, r;
	char *buf = MANIFEST->heap_ptr;

	if (sh < 0) {
		t_s("no /dev/script");
		t_nl();
		return 99;
	}
	while ((r = zvm_pread(sh, script + len, (int)sizeof script - 1 - len, len)) > 0)
		len += r;
	script[len] = 0;
	for (sp = script; *sp; ) {
		const char *line = sp, *end = sp;
		while (*end && *end != '\n')
			end++;
		char op = *sp++;
		int64_t h, n, off, ret = 0;
		int data = 0;
		switch (op) {
		case 'r':
		case 'R':
			h = handle(), n = num(), off = num();
			ret = zvm_pread(h, buf, n, off);
			data = op == 'r';
			break;
		case 'w': {
			int k = 0;
			h = handle(), off = num();
			if (*sp == ' ')
				sp++;
			while (sp < end) {
				if (sp[0] == '\\' && sp[1] == 'n')
					buf[k++] = '\n', sp += 2;
				else if (sp[0] == '\\' && sp[1] == 'x')
					buf[k++] = (char)(hexd(sp[2]) * 16 + hexd(sp[3])), sp += 4;
				else
					buf[k++] = *sp++;
			}
			ret = zvm_pwrite(h, buf, k, off);
			break;
		}
		case 'z':
			h = handle(), n = num(), off = num();
			for (int64_t i = 0; i < n; i++)
				buf[i] = (char)('a' + i % 26);
			ret = zvm_pwrite(h, buf, n, off);
			break;
		case 'c': {
			int64_t src = handle(), dst = handle(), bs = num(), total = 0, w;
			for (;;) {
				ret = zvm_pread(src, buf, bs, total);
				if (ret <= 0)
					break;
				w = zvm_pwrite(dst, buf, ret, total);
				if (w != ret) {
					ret = -1000 + w;
					break;
				}
				total += ret;
			}
			for (const char *p = line; p < end; p++)
				t_c(*p);
			t_s(" = ");
			t_d(total);
			t_c(' ');
			t_d(ret);
			t_nl();
			sp = *end ? end + 1 : end;
			continue;
		}
		case 'x':
			zvm_exit(num());
			break;
		default:
			sp = *end ? end + 1 : end;
			continue;
		}
		for (const char *p = line; p < end; p++)
			t_c(*p);
		t_s(" = ");
		t_d(ret);
		if (data && ret > 0) {
			t_c(' ');
			t_bytes(buf, ret);
		}
		t_nl();
		sp = *end ? end + 1 : end;
	}
	return 0;
}
