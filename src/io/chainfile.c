#include <config.h>
#include "io/chainfile.h"

#include <math.h>
#include <string.h>
#include <strings.h>

#include "io/posfile.h"
#include "util/date.h"
#include "util/num.h"
#include "util/str.h"

enum ccol {
    K_INSTRUMENT, K_UNDERLYING, K_EXPIRY, K_STRIKE, K_TYPE, K_UPRICE, K_MARK, K_SNAPSHOT,
    K_INDEX, K_IV, K_BID, K_ASK, K_DELTA, K_OI, K_SETTLE, K_COUNT
};

static const char *const names[K_COUNT] = {
    "instrument_name", "underlying", "expiry_utc", "strike", "option_type",
    "underlying_price", "mark_price", "snapshot_time_utc", "index_price", "mark_iv",
    "bid_price", "ask_price", "delta", "open_interest", "settlement"
};

#define NREQUIRED 7     /* the first seven columns */

/* Largest implied vol in a chain: 1000 % a year, as for positions. */
#define CHAIN_IV_MAX_PCT 1000.0

struct reader {
    struct csvin *r;
    long col[K_COUNT];
};

static int num_at(struct reader *R, const struct csv_rec *rec, int c, int required, double *out,
                  struct allot_err *err)
{
    const char *what;
    size_t off;
    long i = R->col[c];
    *out = NAN;
    if (i < 0 || rec->len[i] == 0) {
        if (required)
            return csvin_fail(R->r, rec, (size_t)(i < 0 ? 0 : i), 0, err, ALLOT_E_INPUT,
                              "%s is empty", names[c]);
        return 0;
    }
    if (num_parse(rec->f[i], out, &what, &off) != 0)
        return csvin_fail(R->r, rec, (size_t)i, off, err, ALLOT_E_INPUT,
                          "%s: expected %s, found \"%.40s\"", names[c], what, rec->f[i]);
    return 0;
}

#define BAD(c, ...) csvin_fail(R->r, rec, (size_t)R->col[c], 0, err, ALLOT_E_INPUT, __VA_ARGS__)

static int read_row(struct reader *R, const struct csv_rec *rec, struct chain_quote *q,
                    struct allot_err *err)
{
    const char *v, *what;
    size_t off;

    memset(q, 0, sizeof *q);
    q->coin_settled = 1;
    v = rec->f[R->col[K_INSTRUMENT]];
    if (!posfile_name_ok(v, sizeof q->instrument))
        return BAD(K_INSTRUMENT, "instrument_name must be 1-63 printable characters without "
                   "blanks, commas or quotes");
    str_copy(q->instrument, sizeof q->instrument, v);
    v = rec->f[R->col[K_UNDERLYING]];
    if (!posfile_name_ok(v, sizeof q->underlying))
        return BAD(K_UNDERLYING, "underlying must be 1-31 printable characters");
    str_copy(q->underlying, sizeof q->underlying, v);
    v = rec->f[R->col[K_EXPIRY]];
    if (posfile_parse_expiry(v, &q->expiry_ms, &what, &off) != 0)
        return csvin_fail(R->r, rec, (size_t)R->col[K_EXPIRY], off, err, ALLOT_E_INPUT,
                          "expiry_utc: expected %s, found \"%.40s\"", what, v);
    if (num_at(R, rec, K_STRIKE, 1, &q->strike, err) != 0)
        return err->code;
    if (!(q->strike > 0))
        return BAD(K_STRIKE, "strike must be greater than 0");
    v = rec->f[R->col[K_TYPE]];
    if (posfile_parse_type(v, &q->is_call, &what, &off) != 0)
        return BAD(K_TYPE, "option_type: expected %s, found \"%.40s\"", what, v);
    if (num_at(R, rec, K_UPRICE, 1, &q->underlying_price, err) != 0)
        return err->code;
    if (!(q->underlying_price > 0))
        return BAD(K_UPRICE, "underlying_price must be greater than 0");
    if (num_at(R, rec, K_MARK, 1, &q->mark_price, err) != 0)
        return err->code;
    if (q->mark_price < 0)
        return BAD(K_MARK, "mark_price must be 0 or more");
    if (R->col[K_SNAPSHOT] >= 0 && rec->len[R->col[K_SNAPSHOT]] > 0) {
        v = rec->f[R->col[K_SNAPSHOT]];
        if (date_parse_ts(v, &q->snapshot_ms, &what, &off) != 0)
            return csvin_fail(R->r, rec, (size_t)R->col[K_SNAPSHOT], off, err, ALLOT_E_INPUT,
                              "snapshot_time_utc: expected %s, found \"%.40s\"", what, v);
    }
    if (num_at(R, rec, K_INDEX, 0, &q->index_price, err) != 0 ||
        num_at(R, rec, K_IV, 0, &q->mark_iv, err) != 0 ||
        num_at(R, rec, K_BID, 0, &q->bid_price, err) != 0 ||
        num_at(R, rec, K_ASK, 0, &q->ask_price, err) != 0 ||
        num_at(R, rec, K_DELTA, 0, &q->delta, err) != 0 ||
        num_at(R, rec, K_OI, 0, &q->open_interest, err) != 0)
        return err->code;
    if (!isnan(q->index_price) && !(q->index_price > 0))
        return BAD(K_INDEX, "index_price must be greater than 0");
    if (!isnan(q->mark_iv)) {
        if (!(q->mark_iv > 0 && q->mark_iv <= CHAIN_IV_MAX_PCT))
            return BAD(K_IV, "mark_iv is a percentage in (0, 1000], found %.17g", q->mark_iv);
        q->mark_iv /= 100.0;
    }
    if (R->col[K_SETTLE] >= 0 && rec->len[R->col[K_SETTLE]] > 0) {
        v = rec->f[R->col[K_SETTLE]];
        if (strcasecmp(v, "usd") == 0)
            q->coin_settled = 0;
        else if (strcasecmp(v, "coin") != 0)
            return BAD(K_SETTLE, "settlement: expected coin or usd, found \"%.40s\"", v);
    }
    return 0;
}

int chainfile_read(const char *path, chainfile_fn fn, void *ctx, long *rows,
                   const struct csvin_progress *pg, struct allot_err *err)
{
    struct reader R;
    struct csv_rec *rec;
    size_t nfields = 0;
    int rc;

    *rows = 0;
    if (csvin_open(path, &R.r, err) != 0)
        return err->code;
    csvin_set_progress(R.r, pg);
    for (int c = 0; c < K_COUNT; c++)
        R.col[c] = -1;
    rc = csvin_next(R.r, &rec, err);
    if (rc == 0) {
        err_setf(err, ALLOT_E_INPUT, "the file is empty: expected an option chain with the "
                 "columns instrument_name, underlying, expiry_utc, strike, option_type, "
                 "underlying_price, mark_price");
        rc = err_at(err, path, 0, 0);
    }
    if (rc > 0) {
        nfields = rec->n;
        for (size_t i = 0; i < rec->n; i++)
            for (int c = 0; c < K_COUNT; c++)
                if (strcasecmp(rec->f[i], names[c]) == 0 && R.col[c] < 0)
                    R.col[c] = (long)i;
        for (int c = 0; c < NREQUIRED; c++) {
            if (R.col[c] < 0) {
                err_setf(err, ALLOT_E_INPUT, "the header lacks the column %s (an option chain "
                         "needs instrument_name, underlying, expiry_utc, strike, option_type, "
                         "underlying_price, mark_price)", names[c]);
                rc = err_at(err, path, rec->line, 1);
                break;
            }
        }
    }
    while (rc >= 0 && (rc = csvin_next(R.r, &rec, err)) > 0) {
        struct chain_quote q;
        if (rec->n != nfields) {
            size_t at = rec->n < nfields ? rec->n - 1 : nfields;
            rc = csvin_fail(R.r, rec, at, 0, err, ALLOT_E_INPUT,
                            "expected %zu fields as in the header, found %zu", nfields, rec->n);
            break;
        }
        if ((rc = read_row(&R, rec, &q, err)) != 0)
            break;
        if ((rc = fn(ctx, &q, rec, err)) != 0) {
            if (err->line == 0)
                csvin_locate(R.r, rec, (size_t)R.col[K_INSTRUMENT], err);
            break;
        }
        (*rows)++;
        rc = 1;
    }
    csvin_close(R.r);
    if (rc < 0)
        return rc;
    if (*rows == 0) {
        err_setf(err, ALLOT_E_INPUT, "no options after the header");
        return err_at(err, path, 0, 0);
    }
    return ALLOT_OK;
}
