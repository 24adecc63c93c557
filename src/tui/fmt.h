/* fmt.h: how numbers look on screen: the shortest text that reads back
 * as the value (for fields the user edits), thousands-grouped USD
 * amounts, compact axis labels (12.3k, 1.5M) and signed coefficients.
 * Pure formatting into caller buffers; no I/O. */
#ifndef ALLOT_TUI_FMT_H
#define ALLOT_TUI_FMT_H

#include <stddef.h>

/* The shortest %g text (up to 17 significant digits) that reads back as
 * x exactly; "" for NAN. */
char *fmt_num(double x, char *out, size_t n);
/* x with at most `digits` significant digits, no exponent for ordinary
 * magnitudes ("68000", "0.012", "-30000"); "" for NAN. */
char *fmt_sig(double x, int digits, char *out, size_t n);
/* x rounded to whole units with thousands separators: "1,234,567". */
char *fmt_grouped(double x, char *out, size_t n);
/* x with `decimals` decimals (0..12) and thousands separators in the
 * whole part: "-1,234.5678"; "n/a" for NAN. */
char *fmt_grouped_dec(double x, int decimals, char *out, size_t n);
/* Compact: 950, 12.3k, 1.50M, 2.0B, with sign; for axis labels. */
char *fmt_compact(double x, char *out, size_t n);
/* A coefficient in [-1, 1] as "+0.83" / "-0.12"; "n/a" for NAN. */
char *fmt_coef(double x, char *out, size_t n);

#endif
