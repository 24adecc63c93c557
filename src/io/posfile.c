#include <config.h>
#include "io/posfile.h"

#include <math.h>
#include <string.h>
#include <strings.h>

#include "io/csvout.h"
#include "util/date.h"
#include "util/num.h"
#include "util/str.h"

enum col {
    C_PORTFOLIO, C_KIND, C_INSTRUMENT, C_UNDERLYING, C_QUANTITY, C_ENTRY, C_FEE, C_OPEN,
    C_EXPIRY, C_STRIKE, C_TYPE, C_MULT, C_IV, C_NOTE, C_COUNT
};

/* Column names; the first spelling is the one written. */
static const char *const col_names[C_COUNT][3] = {
    [C_PORTFOLIO] = { "portfolio" },
    [C_KIND] = { "kind" },
    [C_INSTRUMENT] = { "instrument", "symbol" },
    [C_UNDERLYING] = { "underlying" },
    [C_QUANTITY] = { "quantity", "qty" },
    [C_ENTRY] = { "entry_price", "entry" },
    [C_FEE] = { "fee_usd", "fee", "fees" },
    [C_OPEN] = { "open_date", "opened" },
    [C_EXPIRY] = { "expiry" },
    [C_STRIKE] = { "strike" },
    [C_TYPE] = { "type", "option_type" },
    [C_MULT] = { "multiplier" },
    [C_IV] = { "iv" },
    [C_NOTE] = { "note" },
};

int posfile_name_ok(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n < 1 || n >= max)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= ' ' || c >= 0x7f || c == ',' || c == '"' || c == '\'')
            return 0;
    }
    return 1;
}

int posfile_parse_kind(const char *s, enum inst_kind *kind, const char **what, size_t *off)
{
    if (inst_kind_parse(s, kind) == 0)
        return 0;
    *what = "a kind: spot, perp, future, inverse-perp, inverse-future, option or coin-option";
    *off = 0;
    return -1;
}

int posfile_parse_type(const char *s, int *is_call, const char **what, size_t *off)
{
    if (strcasecmp(s, "call") == 0 || strcasecmp(s, "c") == 0) {
        *is_call = 1;
        return 0;
    }
    if (strcasecmp(s, "put") == 0 || strcasecmp(s, "p") == 0) {
        *is_call = 0;
        return 0;
    }
    *what = "call or put";
    *off = 0;
    return -1;
}

int posfile_parse_expiry(const char *s, int64_t *ms, const char **what, size_t *off)
{
    if (strlen(s) == 10) {
        int32_t day;
        if (date_parse_day(s, &day, what, off) != 0)
            return -1;
        *ms = (int64_t)day * DATE_MS_PER_DAY + (int64_t)INST_EXPIRY_HOUR_UTC * 3600000;
        return 0;
    }
    if (strchr(s, '-') == NULL) {   /* not Unix seconds here: expiries are dates */
        *what = "an expiry date YYYY-MM-DD or an ISO 8601 instant";
        *off = 0;
        return -1;
    }
    return date_parse_ts(s, ms, what, off);
}

/* Largest implied vol accepted: 1000 % a year, as in instrument.c. */
#define POSFILE_IV_MAX 10.0

int posfile_parse_iv(const char *s, double *iv, const char **what, size_t *off)
{
    if (num_parse(s, iv, what, off) != 0)
        return -1;
    *off = 0;
    if (*iv > POSFILE_IV_MAX) {
        *what = "implied vol as an annual decimal (0.65 for 65 %), at most 10";
        return -1;
    }
    if (!(*iv > 0)) {
        *what = "implied vol greater than 0";
        return -1;
    }
    return 0;
}

struct reader {
    struct csvin *r;
    long col[C_COUNT];      /* field index of each column, -1 if absent */
    const char *dflt_portfolio;
    int64_t now_ms;
};

static int map_header(struct reader *R, const struct csv_rec *h, struct allot_err *err)
{
    for (int c = 0; c < C_COUNT; c++)
        R->col[c] = -1;
    for (size_t i = 0; i < h->n; i++) {
        int found = -1;
        for (int c = 0; c < C_COUNT && found < 0; c++)
            for (int k = 0; k < 3 && col_names[c][k]; k++)
                if (strcasecmp(h->f[i], col_names[c][k]) == 0)
                    found = c;
        if (found < 0)
            return csvin_fail(R->r, h, i, 0, err, ALLOT_E_INPUT,
                              "unknown column \"%.40s\"; a positions file has the columns "
                              POSFILE_HEADER, h->f[i]);
        if (R->col[found] >= 0)
            return csvin_fail(R->r, h, i, 0, err, ALLOT_E_INPUT, "column %s appears twice",
                              col_names[found][0]);
        R->col[found] = (long)i;
    }
    static const int required[] = { C_KIND, C_INSTRUMENT, C_QUANTITY, C_ENTRY };
    for (size_t k = 0; k < sizeof required / sizeof required[0]; k++)
        if (R->col[required[k]] < 0) {
            err_setf(err, ALLOT_E_INPUT, "the header lacks the column %s (required: kind, "
                     "instrument, quantity, entry_price)", col_names[required[k]][0]);
            return err_at(err, csvin_name(R->r), h->line, 1);
        }
    return 0;
}

/* The field of column c, or NULL when the column is absent or the field empty. */
static const char *fld(const struct reader *R, const struct csv_rec *rec, int c)
{
    long i = R->col[c];
    if (i < 0 || rec->len[i] == 0)
        return NULL;
    return rec->f[i];
}

#define BAD(c, off, ...) csvin_fail(R->r, rec, (size_t)R->col[c], (off), err, ALLOT_E_INPUT, \
                                    __VA_ARGS__)

static int read_number(const struct reader *R, const struct csv_rec *rec, int c, double *out,
                       struct allot_err *err)
{
    const char *what, *v = fld(R, rec, c);
    size_t off;
    if (num_parse(v, out, &what, &off) != 0)
        return BAD(c, off, "%s: expected %s, found \"%.40s\"", col_names[c][0], what, v);
    return 0;
}

static int read_row(struct reader *R, const struct csv_rec *rec, struct position *p,
                    char *portfolio, size_t pn, struct allot_err *err)
{
    const char *v, *what;
    size_t off;
    enum inst_kind hint = INST_KIND_COUNT;     /* none: inst_parse_name may not set it */

    position_init(p);
    v = fld(R, rec, C_PORTFOLIO);
    if (v != NULL && !posfile_name_ok(v, POSFILE_PORTFOLIO_MAX))
        return BAD(C_PORTFOLIO, 0, "portfolio must be 1-%d printable characters without "
                   "blanks, commas or quotes", POSFILE_PORTFOLIO_MAX - 1);
    str_copy(portfolio, pn, v ? v : R->dflt_portfolio);

    v = fld(R, rec, C_KIND);
    if (v == NULL)
        return BAD(C_KIND, 0, "kind is empty");
    if (posfile_parse_kind(v, &p->kind, &what, &off) != 0)
        return BAD(C_KIND, off, "expected %s, found \"%.40s\"", what, v);

    v = fld(R, rec, C_INSTRUMENT);
    if (v == NULL || !posfile_name_ok(v, INST_NAME_MAX))
        return BAD(C_INSTRUMENT, 0, "instrument must be 1-63 printable characters without "
                   "blanks, commas or quotes");
    str_copy(p->instrument, sizeof p->instrument, v);
    /* Deribit-style names give underlying, expiry, strike and type; the
     * row's own columns override them. */
    if (inst_parse_name(v, p, &hint) != 0) {
        const char *dash = strchr(v, '-');
        size_t n = dash ? (size_t)(dash - v) : strlen(v);
        if (n >= sizeof p->underlying)
            n = sizeof p->underlying - 1;
        memcpy(p->underlying, v, n);
        p->underlying[n] = '\0';
    }
    if (!inst_has_expiry(p->kind))
        p->expiry_ms = 0;
    if (!inst_is_option(p->kind))
        p->strike = 0;

    if ((v = fld(R, rec, C_UNDERLYING)) != NULL) {
        if (!posfile_name_ok(v, INST_SYMBOL_MAX))
            return BAD(C_UNDERLYING, 0, "underlying must be 1-31 printable characters without "
                       "blanks, commas or quotes");
        str_copy(p->underlying, sizeof p->underlying, v);
    }
    if (fld(R, rec, C_QUANTITY) == NULL)
        return BAD(C_QUANTITY, 0, "quantity is empty");
    if (read_number(R, rec, C_QUANTITY, &p->quantity, err) != 0)
        return err->code;
    if (p->quantity == 0)
        return BAD(C_QUANTITY, 0, "quantity must not be 0 (long > 0, short < 0)");
    if (fld(R, rec, C_ENTRY) == NULL)
        return BAD(C_ENTRY, 0, "entry_price is empty");
    if (read_number(R, rec, C_ENTRY, &p->entry_price, err) != 0)
        return err->code;
    if (!(p->entry_price > 0))
        return BAD(C_ENTRY, 0, "entry_price must be greater than 0");
    if (fld(R, rec, C_FEE) != NULL) {
        if (read_number(R, rec, C_FEE, &p->fee_usd, err) != 0)
            return err->code;
        if (p->fee_usd < 0)
            return BAD(C_FEE, 0, "fee_usd must be 0 or more");
    }
    if ((v = fld(R, rec, C_OPEN)) != NULL && date_parse_day(v, &p->open_day, &what, &off) != 0)
        return BAD(C_OPEN, off, "open_date: expected %s, found \"%.40s\"", what, v);
    if ((v = fld(R, rec, C_EXPIRY)) != NULL) {
        if (!inst_has_expiry(p->kind))
            return BAD(C_EXPIRY, 0, "a %s has no expiry", inst_kind_name(p->kind));
        if (posfile_parse_expiry(v, &p->expiry_ms, &what, &off) != 0)
            return BAD(C_EXPIRY, off, "expiry: expected %s, found \"%.40s\"", what, v);
    }
    if (inst_has_expiry(p->kind) && p->expiry_ms == 0) {
        if (R->col[C_EXPIRY] >= 0)
            return BAD(C_EXPIRY, 0, "a %s needs an expiry", inst_kind_name(p->kind));
        return csvin_fail(R->r, rec, (size_t)R->col[C_INSTRUMENT], 0, err, ALLOT_E_INPUT,
                          "a %s needs an expiry: add an expiry column or use an exchange name "
                          "like BTC-27JUN25-60000-C", inst_kind_name(p->kind));
    }
    if (R->now_ms != 0 && p->expiry_ms != 0 && p->expiry_ms <= R->now_ms) {
        char when[32];
        date_format_ts(p->expiry_ms, when);
        return csvin_fail(R->r, rec, (size_t)(R->col[C_EXPIRY] >= 0 ? R->col[C_EXPIRY]
                                                                    : R->col[C_INSTRUMENT]),
                          0, err, ALLOT_E_INPUT, "expiry %s is in the past", when);
    }
    if ((v = fld(R, rec, C_STRIKE)) != NULL) {
        if (!inst_is_option(p->kind))
            return BAD(C_STRIKE, 0, "a %s has no strike", inst_kind_name(p->kind));
        if (read_number(R, rec, C_STRIKE, &p->strike, err) != 0)
            return err->code;
        if (!(p->strike > 0))
            return BAD(C_STRIKE, 0, "strike must be greater than 0");
    }
    if ((v = fld(R, rec, C_TYPE)) != NULL) {
        if (!inst_is_option(p->kind))
            return BAD(C_TYPE, 0, "a %s has no option type", inst_kind_name(p->kind));
        if (posfile_parse_type(v, &p->is_call, &what, &off) != 0)
            return BAD(C_TYPE, off, "type: expected %s, found \"%.40s\"", what, v);
    }
    if (inst_is_option(p->kind) && p->strike == 0)
        return csvin_fail(R->r, rec, (size_t)(R->col[C_STRIKE] >= 0 ? R->col[C_STRIKE]
                                                                    : R->col[C_INSTRUMENT]),
                          0, err, ALLOT_E_INPUT, "an option needs a strike greater than 0");
    if (inst_is_option(p->kind) && R->col[C_TYPE] < 0 && hint != INST_OPTION)
        return csvin_fail(R->r, rec, (size_t)R->col[C_INSTRUMENT], 0, err, ALLOT_E_INPUT,
                          "an option needs a type (call or put)");
    if (inst_is_option(p->kind) && R->col[C_TYPE] >= 0 && fld(R, rec, C_TYPE) == NULL &&
        hint != INST_OPTION)
        return BAD(C_TYPE, 0, "an option needs a type (call or put)");
    if (fld(R, rec, C_MULT) != NULL) {
        if (read_number(R, rec, C_MULT, &p->multiplier, err) != 0)
            return err->code;
        if (!(p->multiplier > 0))
            return BAD(C_MULT, 0, "multiplier must be greater than 0");
    }
    if ((v = fld(R, rec, C_IV)) != NULL) {
        if (!inst_is_option(p->kind))
            return BAD(C_IV, 0, "a %s has no implied vol", inst_kind_name(p->kind));
        if (posfile_parse_iv(v, &p->iv, &what, &off) != 0)
            return BAD(C_IV, off, "iv: expected %s, found \"%.40s\"", what, v);
    }
    if ((v = fld(R, rec, C_NOTE)) != NULL) {
        for (const char *c = v; *c; c++)
            if ((unsigned char)*c < ' ' || *c == 0x7f)
                return BAD(C_NOTE, (size_t)(c - v), "note holds a control character");
        if (str_copy(p->note, sizeof p->note, v))
            return BAD(C_NOTE, 0, "note is longer than %d bytes", INST_NOTE_MAX - 1);
    }
    if (position_validate(p, err) != 0)
        return csvin_locate(R->r, rec, (size_t)R->col[C_INSTRUMENT], err);
    return 0;
}

int posfile_read(const char *path, const char *default_portfolio, int64_t now_ms,
                 posfile_fn fn, void *ctx, const struct csvin_progress *pg,
                 struct allot_err *err)
{
    struct reader R = { .dflt_portfolio = default_portfolio, .now_ms = now_ms };
    struct csv_rec *rec;
    long rows = 0;
    int rc;

    if (csvin_open(path, &R.r, err) != 0)
        return err->code;
    csvin_set_progress(R.r, pg);
    rc = csvin_next(R.r, &rec, err);
    if (rc == 0) {
        err_setf(err, ALLOT_E_INPUT, "the file is empty; a positions file starts with the "
                 "header " POSFILE_HEADER);
        err_at(err, path, 0, 0);
        rc = ALLOT_E_INPUT;
    }
    if (rc > 0)
        rc = map_header(&R, rec, err);
    while (rc >= 0 && (rc = csvin_next(R.r, &rec, err)) > 0) {
        struct position p;
        char portfolio[72];
        size_t nh = 0;
        for (int c = 0; c < C_COUNT; c++)
            if (R.col[c] >= 0)
                nh++;
        if (rec->n != nh) {
            size_t at = rec->n < nh ? rec->n - 1 : nh;
            rc = csvin_fail(R.r, rec, at, rec->n < nh ? rec->len[at] : 0, err, ALLOT_E_INPUT,
                            "expected %zu fields as in the header, found %zu", nh, rec->n);
            break;
        }
        rows++;
        if ((rc = read_row(&R, rec, &p, portfolio, sizeof portfolio, err)) != 0)
            break;
        if ((rc = fn(ctx, portfolio, &p, rec, err)) != 0) {
            if (err->line == 0)
                csvin_locate(R.r, rec, (size_t)R.col[C_INSTRUMENT], err);
            break;
        }
        rc = 1;
    }
    csvin_close(R.r);
    if (rc < 0)
        return rc;
    if (rows == 0) {
        err_setf(err, ALLOT_E_INPUT, "no positions after the header");
        return err_at(err, path, 0, 0);
    }
    return ALLOT_OK;
}

void posfile_write_header(FILE *fp)
{
    fputs(POSFILE_HEADER "\n", fp);
}

const char *const posfile_columns[POSFILE_NCOLS] = {
    "portfolio", "kind", "instrument", "underlying", "quantity", "entry_price", "fee_usd",
    "open_date", "expiry", "strike", "type", "multiplier", "iv", "note"
};

void posfile_row_fields(const char *portfolio, const struct position *p,
                        struct posfile_row *out)
{
    char (*b)[32] = out->buf;
    memset(out->buf, 0, sizeof out->buf);
    num_format_exact(p->quantity, b[0]);
    num_format_exact(p->entry_price, b[1]);
    num_format_exact(p->fee_usd, b[2]);
    num_format_exact(p->multiplier, b[3]);
    if (p->open_day != DATE_NONE)
        date_format_day(p->open_day, b[4]);
    if (p->expiry_ms != 0)
        date_format_ts(p->expiry_ms, b[5]);
    if (inst_is_option(p->kind)) {
        num_format_exact(p->strike, b[6]);
        if (!isnan(p->iv))
            num_format_exact(p->iv, b[7]);
    }
    const char *row[POSFILE_NCOLS] = {
        portfolio, inst_kind_name(p->kind), p->instrument, p->underlying, b[0], b[1], b[2],
        b[4], b[5], b[6], inst_is_option(p->kind) ? (p->is_call ? "call" : "put") : "", b[3],
        b[7], p->note
    };
    memcpy(out->f, row, sizeof row);
}

void posfile_write_row(FILE *fp, const char *portfolio, const struct position *p)
{
    struct posfile_row r;
    posfile_row_fields(portfolio, p, &r);
    csvout_row(fp, r.f, POSFILE_NCOLS);
}
