/* Jump tables (dense and sparse switches) and computed goto. */
extern int ext(int);

int dense(int x)
{
	switch (x) {
	case 0: return ext(1);
	case 1: return ext(7) + 1;
	case 2: return 5;
	case 3: return ext(9) * 3;
	case 4: return 11;
	case 5: return x * 99;
	case 6: return ext(x) - 4;
	case 7: return 13;
	default: return 0;
	}
}

const char *names(unsigned char c)
{
	switch (c) {
	case 'a': return "alpha";
	case 'b': return "bravo";
	case 'c': return "charlie";
	case 'd': return "delta";
	case 'e': return "echo";
	case 'f': return "foxtrot";
	case 'g': return "golf";
	case 'z': return "zulu";
	default: return "?";
	}
}

long sparse(long x)
{
	switch (x) {
	case 1: return 10;
	case 100: return 20;
	case 1000: return 30;
	case 10000: return 40;
	case 100000: return 50;
	default: return -1;
	}
}

int interp(const unsigned char *code, int acc)
{
	static void *const ops[] = { &&op_inc, &&op_dec, &&op_dbl, &&op_end };
	goto *ops[*code++];
op_inc:
	acc++;
	goto *ops[*code++];
op_dec:
	acc--;
	goto *ops[*code++];
op_dbl:
	acc *= 2;
	goto *ops[*code++];
op_end:
	return acc;
}

int loop_switch(const char *s)
{
	int n = 0;
	for (; *s; s++) {
		switch (*s) {
		case '0': case '1': case '2': case '3': case '4':
		case '5': case '6': case '7': case '8': case '9':
			n = n * 10 + (*s - '0');
			break;
		case '+': n += 1; break;
		case '-': n -= 1; break;
		case '*': n *= 2; break;
		case '/': n /= 2; break;
		case ' ': break;
		default: return -1;
		}
	}
	return n;
}
