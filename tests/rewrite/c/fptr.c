/* Function pointers: calls, tail calls, tables, callbacks, struct members. */
typedef int (*binop)(int, int);

static int add(int a, int b) { return a + b; }
static int sub(int a, int b) { return a - b; }
static int mul(int a, int b) { return a * b; }
int divi(int a, int b) { return b ? a / b : 0; }

binop table[] = { add, sub, mul, divi };
extern binop ext_op;

struct vtbl {
	int (*get)(void *);
	void (*set)(void *, int);
	void (*destroy)(void *);
};
struct obj { const struct vtbl *v; int val; };

int apply(int i, int a, int b) { return table[i & 3](a, b); }
int apply_ext(int a, int b) { return ext_op(a, b); }
int tail_call(binop f, int a) { return f(a, a + 1); }

int fold(const int *v, int n, binop f, int init)
{
	for (int i = 0; i < n; i++)
		init = f(init, v[i]);
	return init;
}

int use_obj(struct obj *o)
{
	o->v->set(o, o->v->get(o) + 1);
	int r = o->v->get(o);
	o->v->destroy(o);
	return r;
}

void (*pick(int k))(void *) { return k ? (void (*)(void *))0 : (void (*)(void *))use_obj; }

int call_many(binop *fs, int n)
{
	int s = 0;
	for (int i = 0; i < n; i++)
		s += fs[i](i, s);
	return s;
}
