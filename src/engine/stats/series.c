#include <config.h>
#include "engine/stats/series.h"

#include <stdlib.h>
#include <string.h>

#include "util/str.h"
#include "util/xalloc.h"

void series_set_init(struct series_set *set)
{
    memset(set, 0, sizeof *set);
}

void series_set_done(struct series_set *set)
{
    for (size_t i = 0; i < set->n; i++) {
        free(set->s[i].day);
        free(set->s[i].close);
    }
    free(set->s);
    memset(set, 0, sizeof *set);
}

struct series *series_set_find(const struct series_set *set, const char *sym)
{
    for (size_t i = 0; i < set->n; i++)
        if (strcmp(set->s[i].symbol, sym) == 0)
            return &set->s[i];
    return NULL;
}

struct series *series_set_get(struct series_set *set, const char *sym)
{
    struct series *s = series_set_find(set, sym);
    if (s != NULL)
        return s;
    if (set->n == set->cap) {
        set->cap = set->cap ? set->cap * 2 : 16;
        set->s = xreallocarray(set->s, set->cap, sizeof *set->s);
    }
    s = &set->s[set->n++];
    memset(s, 0, sizeof *s);
    str_copy(s->symbol, sizeof s->symbol, sym);
    return s;
}

void series_push(struct series *s, int32_t day, double close)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 256;
        s->day = xreallocarray(s->day, s->cap, sizeof *s->day);
        s->close = xreallocarray(s->close, s->cap, sizeof *s->close);
    }
    s->day[s->n] = day;
    s->close[s->n] = close;
    s->n++;
}

struct day_close {
    int32_t day;
    double close;
};

static int cmp_day(const void *a, const void *b)
{
    const struct day_close *x = a, *y = b;
    return (x->day > y->day) - (x->day < y->day);
}

static int cmp_symbol(const void *a, const void *b)
{
    const struct series *x = a, *y = b;
    return strcmp(x->symbol, y->symbol);
}

static int is_sorted(const struct series *s)
{
    for (size_t i = 1; i < s->n; i++)
        if (s->day[i] <= s->day[i - 1])
            return 0;
    return 1;
}

size_t series_set_sort(struct series_set *set)
{
    size_t dup = 0;

    if (set->n == 0)
        return 0;   /* set->s may be NULL, which qsort must not get even for 0 */
    qsort(set->s, set->n, sizeof *set->s, cmp_symbol);
    for (size_t i = 0; i < set->n; i++) {
        struct series *s = &set->s[i];
        if (!is_sorted(s)) {
            struct day_close *tmp = xcalloc(s->n, sizeof *tmp);
            for (size_t k = 0; k < s->n; k++)
                tmp[k] = (struct day_close){ s->day[k], s->close[k] };
            qsort(tmp, s->n, sizeof *tmp, cmp_day);
            for (size_t k = 0; k < s->n; k++) {
                s->day[k] = tmp[k].day;
                s->close[k] = tmp[k].close;
            }
            free(tmp);
        }
        for (size_t k = 1; k < s->n && dup == 0; k++)
            if (s->day[k] == s->day[k - 1])
                dup = i + 1;
    }
    return dup;
}
