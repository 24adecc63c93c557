/* fuzz_feedline.c: one feed line (io/feedline.c) as a feed delivers it,
 * NUL bytes and all. A line that parses holds a symbol of printable bytes
 * without blanks, commas or quotes, a price > 0 and finite, an IV that is
 * none or in (0, 10]; written back with feedline_format it parses again
 * to the same symbol and timestamp, and to the price and IV within the
 * format's 10 significant digits. A refused line names a column inside
 * it (or just past its end). */
#include <config.h>

#include <math.h>

#include "fuzz.h"
#include "io/feedline.h"

static int close10(double a, double b)
{
    return fabs(a - b) <= 1e-9 * fmax(fabs(a), fabs(b));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct feed_quote q, back;
    struct allot_err err;
    char line[512];
    int rc, n;

    err_clear(&err);
    rc = feedline_parse((const char *)data, size, &q, &err);
    if (rc < 0) {
        FUZZ_ASSERT(rc == ALLOT_E_INPUT);
        FUZZ_ASSERT(err.msg[0] != '\0');
        FUZZ_ASSERT(err.col >= 1 && (size_t)err.col <= size + 1);
        return 0;
    }
    FUZZ_ASSERT(rc == 0 || rc == 1);
    if (rc == 0)
        return 0;
    FUZZ_ASSERT(q.symbol[0] != '\0');
    for (const char *p = q.symbol; *p; p++)
        FUZZ_ASSERT(*p > ' ' && *p < 127 && *p != ',' && *p != '"' && *p != '\'');
    FUZZ_ASSERT(q.price > 0 && isfinite(q.price));
    FUZZ_ASSERT(isnan(q.iv) || (q.iv > 0 && q.iv <= 10));
    n = feedline_format(&q, line, sizeof line);
    FUZZ_ASSERT(n > 0 && (size_t)n < sizeof line);
    err_clear(&err);
    rc = feedline_parse(line, (size_t)n, &back, &err);
    if (rc != 1)
        fprintf(stderr, "written \"%s\" does not read back: %s\n", line, err.msg);
    FUZZ_ASSERT(rc == 1);
    FUZZ_ASSERT(strcmp(back.symbol, q.symbol) == 0);
    FUZZ_ASSERT(back.is_instrument == q.is_instrument);
    FUZZ_ASSERT(back.ts_ms == q.ts_ms);
    FUZZ_ASSERT(close10(back.price, q.price));
    FUZZ_ASSERT(isnan(q.iv) ? isnan(back.iv) : close10(back.iv, q.iv));
    return 0;
}
