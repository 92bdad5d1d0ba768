/* Loops: vectorizable, nested, reductions, search, matrix multiply. */
typedef unsigned long size_t;

int dot(const int *a, const int *b, int n)
{
	int s = 0;
	for (int i = 0; i < n; i++)
		s += a[i] * b[i];
	return s;
}

void saxpy(float *y, const float *x, float a, int n)
{
	for (int i = 0; i < n; i++)
		y[i] += a * x[i];
}

void matmul(double *c, const double *a, const double *b, int n)
{
	for (int i = 0; i < n; i++)
		for (int j = 0; j < n; j++) {
			double s = 0;
			for (int k = 0; k < n; k++)
				s += a[i * n + k] * b[k * n + j];
			c[i * n + j] = s;
		}
}

int find(const short *v, int n, short key)
{
	for (int i = 0; i < n; i++)
		if (v[i] == key)
			return i;
	return -1;
}

unsigned char hist[256];
void histogram(const unsigned char *p, size_t n)
{
	while (n--)
		hist[*p++]++;
}

long long sum64(const long long *v, int n)
{
	long long s = 0;
	for (int i = n - 1; i >= 0; i--)
		s += v[i] >> 1;
	return s;
}

void bubble(int *v, int n)
{
	for (int i = 0; i < n; i++)
		for (int j = 0; j + 1 < n - i; j++)
			if (v[j] > v[j + 1]) {
				int t = v[j]; v[j] = v[j + 1]; v[j + 1] = t;
			}
}
