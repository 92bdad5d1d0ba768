/* fp.c - floating point: the n-body simulation of the Computer Language
 * Benchmarks Game (five bodies, sqrt and divides) and a Mandelbrot count.
 * The checksum rounds, but every build does the same IEEE operations. */
#include "common.h"
#include <math.h>

struct body { double x, y, z, vx, vy, vz, m; };

static void advance(struct body *b, int n, double dt)
{
	for (int i = 0; i < n; i++)
		for (int j = i + 1; j < n; j++) {
			double dx = b[i].x - b[j].x, dy = b[i].y - b[j].y, dz = b[i].z - b[j].z;
			double d2 = dx * dx + dy * dy + dz * dz;
			double mag = dt / (d2 * sqrt(d2));
			b[i].vx -= dx * b[j].m * mag;
			b[i].vy -= dy * b[j].m * mag;
			b[i].vz -= dz * b[j].m * mag;
			b[j].vx += dx * b[i].m * mag;
			b[j].vy += dy * b[i].m * mag;
			b[j].vz += dz * b[i].m * mag;
		}
	for (int i = 0; i < n; i++) {
		b[i].x += dt * b[i].vx;
		b[i].y += dt * b[i].vy;
		b[i].z += dt * b[i].vz;
	}
}

static uint32_t mandel(int size)
{
	uint32_t count = 0;
	for (int py = 0; py < size; py++)
		for (int px = 0; px < size; px++) {
			double cr = 2.0 * px / size - 1.5, ci = 2.0 * py / size - 1.0;
			double zr = 0, zi = 0;
			int k = 0;
			while (k < 50 && zr * zr + zi * zi <= 4.0) {
				double t = zr * zr - zi * zi + cr;
				zi = 2.0 * zr * zi + ci;
				zr = t;
				k++;
			}
			count += (uint32_t)k;
		}
	return count;
}

int main(int argc, char **argv)
{
	struct body b[5] = {
		{ 0, 0, 0, 0, 0, 0, 39.47841760435743 },
		{ 4.84, -1.16, -0.10, 0.606, 2.81, -0.02, 0.037 },
		{ 8.34, 4.12, -0.40, -1.01, 1.82, 0.008, 0.011 },
		{ 12.89, -15.11, -0.22, 1.08, 0.86, -0.01, 0.0017 },
		{ 15.37, -25.91, 0.17, 0.97, 0.59, -0.03, 0.002 },
	};
	long n = scale(argc, argv);
	uint64_t sum = 0;

	for (long r = 0; r < n; r++) {
		for (int s = 0; s < 20000; s++)
			advance(b, 5, 0.001);
		sum = sum * 31 + mandel(64);
	}
	double e = 0;
	for (int i = 0; i < 5; i++)
		e += b[i].x + b[i].y + b[i].z;
	return report("fp", sum ^ (uint64_t)llround(e * 1e6));
}
