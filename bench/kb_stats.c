/*
 * bench/kb_stats.c — reduction of benchmark samples to median/min/max.
 *
 * Shell sort with Ciura's gap sequence: a few thousand samples sort in well
 * under a millisecond of guest time, and the code needs neither recursion
 * nor a heap.  Medians of even-sized sets take the lower middle element, so
 * every reported figure is an observed sample, never an average of two.
 */
#include "kb_stats.h"

static const unsigned kb_gaps[] = {701, 301, 132, 57, 23, 10, 4, 1};

void kb_sort(uint64_t *a, unsigned n) {
    for (unsigned g = 0; g < sizeof(kb_gaps) / sizeof(kb_gaps[0]); g++) {
        unsigned gap = kb_gaps[g];

        for (unsigned i = gap; i < n; i++) {
            uint64_t v = a[i];
            unsigned j = i;

            while (j >= gap && a[j - gap] > v) {
                a[j] = a[j - gap];
                j -= gap;
            }
            a[j] = v;
        }
    }
}

static uint64_t kb_lower_median(const uint64_t *sorted, unsigned n) {
    return n ? sorted[(n - 1) / 2] : 0;
}

void kb_series_reset(kb_series_t *s) {
    s->rounds = 0;
    s->min = ~(uint64_t)0;
    s->max = 0;
}

void kb_series_add_round(kb_series_t *s, uint64_t *samples, unsigned n) {
    if (n == 0 || s->rounds == KB_MAX_ROUNDS)
        return;
    kb_sort(samples, n);
    if (samples[0] < s->min)
        s->min = samples[0];
    if (samples[n - 1] > s->max)
        s->max = samples[n - 1];
    s->round_median[s->rounds++] = kb_lower_median(samples, n);
}

uint64_t kb_series_median(const kb_series_t *s) {
    uint64_t tmp[KB_MAX_ROUNDS];

    for (unsigned i = 0; i < s->rounds; i++)
        tmp[i] = s->round_median[i];
    kb_sort(tmp, s->rounds);
    return kb_lower_median(tmp, s->rounds);
}
