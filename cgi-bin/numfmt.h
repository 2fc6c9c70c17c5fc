/* numfmt.h: the number rules of display: shown percentages and decimals that add up. */
#ifndef AIGO_NUMFMT_H
#define AIGO_NUMFMT_H

#include <stdint.h>

/* A percentage v in [0, 100] as shown with `decimals` decimals (DESIGN 3,
 * shown percentages): rounded, except that a value below 100 never shows
 * as 100 and one above 0 never as 0; they show as 100 - 10^-decimals and
 * 10^-decimals (99.9 and 0.1 with one decimal). */
double percent_shown(double v, int decimals);

/* The n values v in hundredths, into cents: each its value's floor or
 * ceiling, so that they add up to the values' sum in hundredths, rounded
 * (largest remainders). Decimals shown apart still add up. */
void hundredths_summing(const double *v, int n, int64_t *cents);

#endif
