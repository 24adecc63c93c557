#include <config.h>
#include "util/num.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define FAIL(w, o) do { *what = (w); *off = (size_t)(o); return -1; } while (0)

int num_parse(const char *s, double *out, const char **what, size_t *off)
{
    size_t i = 0, nd = 0;
    double v;
    char *end;

    if (s[0] == '\0')
        FAIL("a number, found an empty field", 0);
    if (s[i] == '+' || s[i] == '-')
        i++;
    while (s[i] >= '0' && s[i] <= '9') {
        i++;
        nd++;
    }
    if (s[i] == '.') {
        i++;
        while (s[i] >= '0' && s[i] <= '9') {
            i++;
            nd++;
        }
    }
    if (nd == 0)
        FAIL("a number", i);
    if (s[i] == 'e' || s[i] == 'E') {
        size_t ne = 0;
        i++;
        if (s[i] == '+' || s[i] == '-')
            i++;
        while (s[i] >= '0' && s[i] <= '9') {
            i++;
            ne++;
        }
        if (ne == 0)
            FAIL("digits in the exponent of a number", i);
    }
    if (s[i] != '\0')
        FAIL(s[i] == ',' ? "a number without thousands separators" : "a number", i);
    errno = 0;
    v = strtod(s, &end);
    if ((errno == ERANGE && fabs(v) > 1.0) || !isfinite(v))
        FAIL("a number within the range of a double", 0);
    if ((size_t)(end - s) != i)
        FAIL("a number", (size_t)(end - s));
    /* Underflow to a subnormal or zero is accepted: 1e-400 reads as 0. */
    *out = v;
    return 0;
}

int num_parse_long(const char *s, long lo, long hi, long *out, const char **what,
                   size_t *off)
{
    size_t i = 0;
    long v;
    char *end;

    if (s[0] == '\0')
        FAIL("a whole number, found an empty field", 0);
    if (s[i] == '+' || s[i] == '-')
        i++;
    if (s[i] < '0' || s[i] > '9')
        FAIL("a whole number", i);
    while (s[i] >= '0' && s[i] <= '9')
        i++;
    if (s[i] != '\0')
        FAIL("a whole number", i);
    errno = 0;
    v = strtol(s, &end, 10);
    if (errno == ERANGE || v < lo || v > hi)
        FAIL("a whole number within range", 0);
    *out = v;
    return 0;
}

char *num_format_exact(double x, char out[static 32])
{
    snprintf(out, 32, "%.17g", x);
    return out;
}
