/* num.h: strict number parsing for every input allot reads. A number is
 * [+-]digits[.digits][(e|E)[+-]digits] or [+-].digits[...]; no spaces,
 * no thousands separators, no hex, inf or nan; values that overflow a
 * double (1e400) are refused. No I/O. */
#ifndef ALLOT_UTIL_NUM_H
#define ALLOT_UTIL_NUM_H

#include <stddef.h>

/* Parse all of s as a double. Returns 0 and sets *out, or -1 with *what
 * describing the problem and *off the 0-based offset of the first bad
 * byte. */
int num_parse(const char *s, double *out, const char **what, size_t *off);

/* Parse all of s as a decimal integer in [lo, hi]; as num_parse. */
int num_parse_long(const char *s, long lo, long hi, long *out, const char **what,
                   size_t *off);

/* k * step, computed so that a decimal step (0.001, 0.1) gives the double
 * nearest the decimal product (279 lots of 0.001 is 0.279, not
 * 0.27900000000000003): k / (1/step) when 1/step is a whole number. */
double num_mul_step(double k, double step);

/* Format x exactly as "%.17g" does, which reads back as the same double,
 * about ten times faster than snprintf in the usual range; out holds at
 * least 32 bytes. Every CSV number allot writes goes through here. */
char *num_format_exact(double x, char out[static 32]);

#endif
