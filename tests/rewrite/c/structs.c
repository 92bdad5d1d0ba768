/* Struct copies, struct returns, bitfields, unions, arrays of structs. */
struct big { int a[40]; char tag; double d; };
struct small { short s; char c; };
struct bits { unsigned a : 3, b : 7, c : 1, d : 21; };
union u { float f; unsigned i; char b[4]; };

extern struct big make_big(int);
extern void take_big(struct big);

struct big copy_big(const struct big *p) { return *p; }
void assign(struct big *d, const struct big *s) { *d = *s; }
struct small mk_small(short s, char c) { struct small r = { s, c }; return r; }

int pass_big(int k)
{
	struct big b = make_big(k);
	b.a[3] += k;
	take_big(b);
	return b.a[3] + b.tag;
}

unsigned bitf(struct bits *b, unsigned v)
{
	b->b = v;
	b->d += b->a;
	b->c = !b->c;
	return b->a + b->b + b->c + b->d;
}

unsigned pun(float f) { union u x; x.f = f; return x.i ^ (unsigned)x.b[1]; }

struct pt { int x, y, z; };
int centroid(const struct pt *p, int n, struct pt *out)
{
	struct pt c = { 0, 0, 0 };
	for (int i = 0; i < n; i++) {
		c.x += p[i].x;
		c.y += p[i].y;
		c.z += p[i].z;
	}
	if (n) {
		c.x /= n; c.y /= n; c.z /= n;
	}
	*out = c;
	return c.x + c.y + c.z;
}
