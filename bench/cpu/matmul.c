/* matmul.c - dense matrix multiply (doubles, 192 x 192, i-k-j order, so the
 * inner loop streams rows), then a blocked integer transpose-and-add. */
#include "common.h"

enum { N = 192 };
static double A[N][N], B[N][N], C[N][N];
static int32_t P[N][N], Q[N][N];

int main(int argc, char **argv)
{
	long n = scale(argc, argv);
	uint64_t sum = 0;

	for (int i = 0; i < N; i++)
		for (int j = 0; j < N; j++) {
			A[i][j] = (double)((i * 7 + j * 3) % 17) / 16.0;
			B[i][j] = (double)((i * 5 + j * 11) % 13) / 8.0;
			P[i][j] = i * N + j;
		}
	for (long r = 0; r < n; r++) {
		for (int i = 0; i < N; i++)
			for (int j = 0; j < N; j++)
				C[i][j] = 0;
		for (int i = 0; i < N; i++)
			for (int k = 0; k < N; k++) {
				double a = A[i][k];
				for (int j = 0; j < N; j++)
					C[i][j] += a * B[k][j];
			}
		for (int bi = 0; bi < N; bi += 16)
			for (int bj = 0; bj < N; bj += 16)
				for (int i = bi; i < bi + 16; i++)
					for (int j = bj; j < bj + 16; j++)
						Q[j][i] = P[i][j] + (int32_t)r;
		A[r % N][(r * 3) % N] = C[(r * 5) % N][(r * 7) % N] / 1024.0;
		sum = sum * 31 + (uint64_t)(C[N / 2][N / 3] * 16.0) + (uint32_t)Q[3][5];
	}
	return report("matmul", sum);
}
