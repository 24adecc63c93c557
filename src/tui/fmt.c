#include <config.h>
#include "tui/fmt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Fixed notation reads best for the magnitudes of prices and sizes. */
#define FMT_FIXED_MIN 1e-6
#define FMT_FIXED_MAX 1e15

char *fmt_num(double x, char *out, size_t n)
{
    if (isnan(x)) {
        out[0] = '\0';
        return out;
    }
    if (fabs(x) >= FMT_FIXED_MIN && fabs(x) < FMT_FIXED_MAX) {
        for (int d = 0; d <= 17; d++) {
            snprintf(out, n, "%.*f", d, x);
            if (strtod(out, NULL) == x)
                return out;
        }
    }
    for (int p = 1; p <= 17; p++) {
        snprintf(out, n, "%.*g", p, x);
        if (strtod(out, NULL) == x)
            break;
    }
    return out;
}

char *fmt_sig(double x, int digits, char *out, size_t n)
{
    char tmp[64];
    if (isnan(x)) {
        out[0] = '\0';
        return out;
    }
    snprintf(tmp, sizeof tmp, "%.*g", digits, x);
    /* %g switches to exponents at 1e<digits>; plain is easier to read
     * for prices and quantities up to 1e15 */
    if (strchr(tmp, 'e') != NULL && fabs(x) >= 1 && fabs(x) < 1e15)
        snprintf(tmp, sizeof tmp, "%.0f", x);
    snprintf(out, n, "%s", tmp);
    return out;
}

char *fmt_grouped(double x, char *out, size_t n)
{
    return fmt_grouped_dec(x, 0, out, n);
}

char *fmt_grouped_dec(double x, int decimals, char *out, size_t n)
{
    char digits[400], buf[512];
    size_t len, k = 0, ilen;
    const char *dot;
    if (isnan(x)) {
        snprintf(out, n, "n/a");
        return out;
    }
    if (decimals < 0)
        decimals = 0;
    if (decimals > 12)
        decimals = 12;
    snprintf(digits, sizeof digits, "%.*f", decimals, fabs(x));
    len = strlen(digits);
    dot = strchr(digits, '.');
    ilen = dot ? (size_t)(dot - digits) : len;
    /* no minus sign on a value that rounds to zero */
    if (x < 0 && strspn(digits, "0.") != len)
        buf[k++] = '-';
    for (size_t i = 0; i < len; i++) {
        if (i > 0 && i < ilen && (ilen - i) % 3 == 0)
            buf[k++] = ',';
        buf[k++] = digits[i];
    }
    buf[k] = '\0';
    snprintf(out, n, "%s", buf);
    return out;
}

char *fmt_compact(double x, char *out, size_t n)
{
    static const struct {
        double scale;
        const char *suffix;
    } units[] = { { 1e12, "T" }, { 1e9, "B" }, { 1e6, "M" }, { 1e3, "k" } };
    double a = fabs(x);
    if (isnan(x)) {
        snprintf(out, n, "n/a");
        return out;
    }
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        if (a >= units[i].scale) {
            double v = x / units[i].scale;
            snprintf(out, n, fabs(v) < 10 ? "%.2f%s" : fabs(v) < 100 ? "%.1f%s" : "%.0f%s", v,
                     units[i].suffix);
            return out;
        }
    }
    if (a >= 100 || a == 0)
        snprintf(out, n, "%.0f", x);
    else if (a >= 1)
        snprintf(out, n, "%.3g", x);
    else
        snprintf(out, n, "%.2g", x);
    return out;
}

char *fmt_coef(double x, char *out, size_t n)
{
    if (isnan(x))
        snprintf(out, n, "n/a");
    else
        snprintf(out, n, "%+.2f", x);
    return out;
}
