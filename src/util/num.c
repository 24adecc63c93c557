#include <config.h>
#include "util/num.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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

double num_mul_step(double k, double step)
{
    double inv = 1.0 / step, r = round(inv);
    if (step < 1.0 && r >= 1.0 && fabs(inv - r) <= 1e-9 * r)
        return k / r;
    return k * step;
}

/* 5^k for k = 0..27 (5^27 < 2^63). */
static const uint64_t pow5[28] = {
    1ULL, 5ULL, 25ULL, 125ULL, 625ULL, 3125ULL, 15625ULL, 78125ULL, 390625ULL, 1953125ULL,
    9765625ULL, 48828125ULL, 244140625ULL, 1220703125ULL, 6103515625ULL, 30517578125ULL,
    152587890625ULL, 762939453125ULL, 3814697265625ULL, 19073486328125ULL,
    95367431640625ULL, 476837158203125ULL, 2384185791015625ULL, 11920928955078125ULL,
    59604644775390625ULL, 298023223876953125ULL, 1490116119384765625ULL,
    7450580596923828125ULL
};

#define E16 10000000000000000ULL
#define E17 100000000000000000ULL

/* D = round_half_even(m * 2^q * 10^k) exactly, for 0 <= k <= 27: m * 5^k
 * (< 2^53 * 2^63) fits in 128 bits, and the power of two is a shift whose
 * remainder decides the rounding. Returns 0, or -1 if out of reach. */
static int scaled_digits(uint64_t m, int q, int k, uint64_t *d)
{
    unsigned __int128 v = (unsigned __int128)m * pow5[k];
    int sh = q + k;
    if (sh >= 0) {
        if (sh > 60 || (v >> (127 - sh)) != 0)
            return -1;
        v <<= sh;
        if (v >= (unsigned __int128)E17 * 10)
            return -1;
        *d = (uint64_t)v;
        return 0;
    }
    sh = -sh;
    if (sh >= 127)
        return -1;
    unsigned __int128 whole = v >> sh, rem = v - (whole << sh), half = (unsigned __int128)1
                                                                      << (sh - 1);
    if (rem > half || (rem == half && (whole & 1)))
        whole++;
    if (whole >= (unsigned __int128)E17 * 10)
        return -1;
    *d = (uint64_t)whole;
    return 0;
}

/* What glibc's "%.17g" prints, computed exactly and fast for 1e-11 <=
 * |x| < 1e17 (the range of nearly every figure allot writes); other values
 * go through snprintf. tests/util/test_num.c compares the two on millions
 * of values. */
char *num_format_exact(double x, char out[static 32])
{
    uint64_t bits, m, d;
    int q, e10, k;
    char dig[17], *p = out;

    if (!(fabs(x) >= 1e-11 && fabs(x) < 1e17)) {
        snprintf(out, 32, "%.17g", x);
        return out;
    }
    memcpy(&bits, &x, sizeof bits);
    m = bits & ((1ULL << 52) - 1);
    q = (int)((bits >> 52) & 0x7ff);
    if (q == 0) {
        snprintf(out, 32, "%.17g", x);
        return out;
    }
    m |= 1ULL << 52;
    q -= 1075;
    e10 = (int)floor(log10(fabs(x)));
    for (int tries = 0;; tries++) {
        k = 16 - e10;
        if (tries > 2 || k < 0 || k > 27 || scaled_digits(m, q, k, &d) != 0) {
            snprintf(out, 32, "%.17g", x);
            return out;
        }
        if (d >= E17) {     /* the estimate of e10 was one too low */
            if (d == E17 && tries > 0)
                break;      /* rounded up to the next power of ten */
            e10++;
            continue;
        }
        if (d < E16) {
            e10--;
            continue;
        }
        if (d == E16 && k < 27) {
            /* 10^16 may be a rounded-up 9999999999999999.5: then the
             * number belongs to the decade below, with 17 digits there */
            uint64_t d2;
            if (scaled_digits(m, q, k + 1, &d2) == 0 && d2 < E17) {
                d = d2;
                e10--;
            }
        }
        break;
    }
    if (d == E17) {
        d = E16;
        e10++;
    }
    for (int i = 16; i >= 0; i--) {
        dig[i] = (char)('0' + d % 10);
        d /= 10;
    }
    int nd = 17;
    while (nd > 1 && dig[nd - 1] == '0')
        nd--;
    if (x < 0)
        *p++ = '-';
    if (e10 < -4 || e10 >= 17) {
        *p++ = dig[0];
        if (nd > 1) {
            *p++ = '.';
            memcpy(p, dig + 1, (size_t)nd - 1);
            p += nd - 1;
        }
        /* here |e10| < 100: two exponent digits, as %g writes them */
        unsigned ae = (unsigned)(e10 < 0 ? -e10 : e10) % 100u;
        *p++ = 'e';
        *p++ = e10 < 0 ? '-' : '+';
        *p++ = (char)('0' + ae / 10);
        *p++ = (char)('0' + ae % 10);
        *p = '\0';
        return out;
    }
    if (e10 >= 0) {
        memcpy(p, dig, (size_t)e10 + 1);
        p += e10 + 1;
        if (nd > e10 + 1) {
            *p++ = '.';
            memcpy(p, dig + e10 + 1, (size_t)(nd - e10 - 1));
            p += nd - e10 - 1;
        }
    } else {
        *p++ = '0';
        *p++ = '.';
        for (int i = 0; i < -e10 - 1; i++)
            *p++ = '0';
        memcpy(p, dig, (size_t)nd);
        p += nd;
    }
    *p = '\0';
    return out;
}
