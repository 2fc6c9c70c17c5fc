/* numfmt.c: the number rules of display: shown percentages and decimals that add up. */
#include "numfmt.h"

#include <math.h>

double
percent_shown(double v, int decimals)
{
	double scale = pow(10, decimals);
	double r = round(v * scale) / scale;

	if (r >= 100 && v < 100)
		return 100 - 1 / scale;
	if (r <= 0 && v > 0)
		return 1 / scale;
	return r;
}

void
hundredths_summing(const double *v, int n, int64_t *cents)
{
	double rem[16], all = 0;
	int64_t sum = 0, total;

	for (int k = 0; k < n && k < 16; k++) {
		double c = v[k] * 100;

		cents[k] = (int64_t)floor(c + 1e-9);
		rem[k] = c - (double)cents[k];
		sum += cents[k];
		all += v[k];
	}
	total = (int64_t)llround(all * 100);
	/* The missing hundredths go to the largest remainders. */
	for (; sum < total; sum++) {
		int best = 0;

		for (int k = 1; k < n && k < 16; k++)
			if (rem[k] > rem[best])
				best = k;
		cents[best]++;
		rem[best] = -1;
	}
}
