/* fuzz_posfile.c: the positions file (io/posfile.c). The first byte picks
 * the valuation instant (none, or 2024-12-06) and the default portfolio.
 * Properties: every position handed over passes position_validate; and a
 * file that reads is written back with posfile_write_row (what `allot
 * export positions --csv` writes) and read again to the same positions,
 * field by field (the export/import round trip). */
#include <config.h>

#include <math.h>

#include "fuzz.h"
#include "io/posfile.h"
#include "util/date.h"

#define MAX_ROWS 64

struct row {
    char portfolio[72];
    struct position p;
};

struct ctx {
    struct row rows[MAX_ROWS];
    size_t n;
};

static int on_pos(void *vctx, const char *portfolio, struct position *p,
                  const struct csv_rec *rec, struct allot_err *err)
{
    struct ctx *c = vctx;
    struct allot_err e2;
    (void)rec;
    err_clear(&e2);
    FUZZ_ASSERT(position_validate(p, &e2) == 0);
    FUZZ_ASSERT(portfolio != NULL && portfolio[0] != '\0');
    if (c->n == MAX_ROWS)
        return err_setf(err, ALLOT_E_INPUT, "enough rows");
    snprintf(c->rows[c->n].portfolio, sizeof c->rows[c->n].portfolio, "%s", portfolio);
    c->rows[c->n].p = *p;
    c->n++;
    return 0;
}

static int same_double(double a, double b)
{
    return (isnan(a) && isnan(b)) || memcmp(&a, &b, sizeof a) == 0;
}

static void same_position(const struct row *a, const struct row *b)
{
    const struct position *x = &a->p, *y = &b->p;
    FUZZ_ASSERT(strcmp(a->portfolio, b->portfolio) == 0);
    FUZZ_ASSERT(x->kind == y->kind);
    FUZZ_ASSERT(strcmp(x->instrument, y->instrument) == 0);
    FUZZ_ASSERT(strcmp(x->underlying, y->underlying) == 0);
    FUZZ_ASSERT(same_double(x->quantity, y->quantity));
    FUZZ_ASSERT(same_double(x->entry_price, y->entry_price));
    FUZZ_ASSERT(same_double(x->fee_usd, y->fee_usd));
    FUZZ_ASSERT(x->open_day == y->open_day);
    FUZZ_ASSERT(x->expiry_ms == y->expiry_ms);
    FUZZ_ASSERT(same_double(x->multiplier, y->multiplier));
    if (inst_is_option(x->kind)) {
        FUZZ_ASSERT(same_double(x->strike, y->strike));
        FUZZ_ASSERT(x->is_call == y->is_call);
        FUZZ_ASSERT(same_double(x->iv, y->iv));
    }
    FUZZ_ASSERT(strcmp(x->note, y->note) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct ctx first, again;
    struct allot_err err;
    int64_t now_ms;
    const char *dflt;
    char *out = NULL;
    size_t outlen = 0;
    FILE *fp;
    int rc;

    if (size < 1)
        return 0;
    now_ms = data[0] & 1 ? 0 : INT64_C(1733529599000);    /* 2024-12-06T23:59:59Z */
    dflt = data[0] & 2 ? "main" : "book-2";
    first.n = 0;
    err_clear(&err);
    rc = posfile_read(fuzz_file(data + 1, size - 1), dflt, now_ms, on_pos, &first, NULL, &err);
    if (rc != 0) {
        FUZZ_ASSERT(err.code == rc && err.msg[0] != '\0');
        return 0;
    }
    FUZZ_ASSERT(first.n > 0);
    fp = open_memstream(&out, &outlen);
    FUZZ_ASSERT(fp != NULL);
    posfile_write_header(fp);
    for (size_t i = 0; i < first.n; i++)
        posfile_write_row(fp, first.rows[i].portfolio, &first.rows[i].p);
    FUZZ_ASSERT(fclose(fp) == 0);
    again.n = 0;
    err_clear(&err);
    rc = posfile_read(fuzz_file((const uint8_t *)out, outlen), "other", now_ms, on_pos, &again,
                      NULL, &err);
    if (rc != 0)
        fprintf(stderr, "the written file does not read back: %s\n%s", err.msg, out);
    FUZZ_ASSERT(rc == 0);
    FUZZ_ASSERT(again.n == first.n);
    for (size_t i = 0; i < first.n; i++)
        same_position(&first.rows[i], &again.rows[i]);
    free(out);
    return 0;
}
