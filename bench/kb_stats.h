/*
 * bench/kb_stats.h — medians, minima and maxima of benchmark samples.
 *
 * A benchmark case produces R rounds of N samples.  Each round is reduced
 * to its median; the reported figure is the median of the R round medians,
 * with the smallest and largest single sample of all rounds beside it (the
 * maximum shows interference such as a timer interrupt landing inside a
 * sample, which the medians deliberately ignore).
 */
#ifndef KB_STATS_H
#define KB_STATS_H

#include <stdint.h>

#define KB_MAX_ROUNDS 64

typedef struct kb_series {
    uint64_t round_median[KB_MAX_ROUNDS];
    unsigned rounds;
    uint64_t min;
    uint64_t max;
} kb_series_t;

void kb_series_reset(kb_series_t *s);

/* Add one round; sorts `samples` in place. */
void kb_series_add_round(kb_series_t *s, uint64_t *samples, unsigned n);

/* Median of the round medians (0 if no round was added). */
uint64_t kb_series_median(const kb_series_t *s);

/* Ascending in-place sort (shell sort: no recursion, no allocation). */
void kb_sort(uint64_t *a, unsigned n);

#endif /* KB_STATS_H */
