/* fuzz_pricefile.c: price files in every format (io/pricefile.c). The
 * first byte picks the format (auto, long, wide, yahoo, fred) and whether
 * --symbol is given; the rest is the file. Properties: a file that loads
 * gives series sorted by strictly increasing day with closes > 0 and
 * finite, valid symbols, and every error is located in the file. */
#include <config.h>

#include <math.h>

#include "fuzz.h"
#include "io/pricefile.h"
#include "util/date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const enum price_format fmts[5] = { PRICE_FMT_AUTO, PRICE_FMT_LONG, PRICE_FMT_WIDE,
                                               PRICE_FMT_YAHOO, PRICE_FMT_FRED };
    struct series_set set;
    struct price_read_stats stats;
    struct allot_err err;
    char buf[ALLOT_ERR_FILE_MAX + ALLOT_ERR_MSG_MAX + 64];
    enum price_format fmt;
    const char *symbol, *path;
    int rc;

    if (size < 1)
        return 0;
    fmt = fmts[data[0] % 5];
    symbol = data[0] & 0x80 ? "SYM" : NULL;
    path = fuzz_file(data + 1, size - 1);
    series_set_init(&set);
    err_clear(&err);
    rc = pricefile_load(path, fmt, symbol, &set, &stats, &err);
    if (rc == 0) {
        FUZZ_ASSERT(stats.records > 0);
        for (size_t i = 0; i < set.n; i++) {
            const struct series *s = &set.s[i];
            FUZZ_ASSERT(pricefile_symbol_ok(s->symbol));
            for (size_t k = 0; k < s->n; k++) {
                FUZZ_ASSERT(isfinite(s->close[k]) && s->close[k] > 0);
                FUZZ_ASSERT(k == 0 || s->day[k] > s->day[k - 1]);
                FUZZ_ASSERT(s->day[k] != DATE_NONE);
            }
        }
    } else {
        FUZZ_ASSERT(rc < 0 && err.code == rc && err.msg[0] != '\0');
        FUZZ_ASSERT(err.line >= 0 && err.col >= 0);
        err_format(&err, buf, sizeof buf);
    }
    series_set_done(&set);
    return 0;
}
