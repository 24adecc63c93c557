/* series.h: daily price series as the engine sees them: one symbol, days
 * strictly increasing, closes > 0. Built by io/ (files) or store/ (the
 * prices table); aligned into returns by returns.h. No I/O. */
#ifndef ALLOT_ENGINE_STATS_SERIES_H
#define ALLOT_ENGINE_STATS_SERIES_H

#include <stddef.h>
#include <stdint.h>

#define SERIES_SYMBOL_MAX 32

struct series {
    char symbol[SERIES_SYMBOL_MAX];
    size_t n, cap;
    int32_t *day;       /* days since 1970-01-01, strictly increasing */
    double *close;      /* USD (or the series' own unit), > 0 */
};

struct series_set {
    size_t n, cap;
    struct series *s;   /* sorted by symbol once series_set_sort ran */
};

void series_set_init(struct series_set *set);
void series_set_done(struct series_set *set);
/* The series named sym, created empty if absent (a new pointer may move
 * earlier ones: do not keep them across calls). */
struct series *series_set_get(struct series_set *set, const char *sym);
/* The series named sym or NULL. */
struct series *series_set_find(const struct series_set *set, const char *sym);
void series_push(struct series *s, int32_t day, double close);
/* Sort each series by day and the set by symbol. Returns 0, or the index+1
 * of the first series holding a duplicate day (left sorted). */
size_t series_set_sort(struct series_set *set);

#endif
