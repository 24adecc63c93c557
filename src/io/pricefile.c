#include <config.h>
#include "io/pricefile.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/date.h"
#include "util/num.h"
#include "util/str.h"
#include "util/xalloc.h"

static const char *const fmt_names[] = { "auto", "long", "wide", "yahoo", "fred" };

const char *price_format_name(enum price_format f)
{
    return (unsigned)f < sizeof fmt_names / sizeof fmt_names[0] ? fmt_names[f] : "?";
}

int price_format_parse(const char *s, enum price_format *out)
{
    for (size_t i = 0; i < sizeof fmt_names / sizeof fmt_names[0]; i++) {
        if (strcmp(s, fmt_names[i]) == 0) {
            *out = (enum price_format)i;
            return 0;
        }
    }
    return -1;
}

int pricefile_symbol_ok(const char *s)
{
    size_t n = strlen(s);
    if (n < 1 || n >= SERIES_SYMBOL_MAX)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= ' ' || c >= 0x7f || c == ',' || c == '"' || c == '\'')
            return 0;
    }
    return 1;
}

/* How a file maps to prices, decided from its header. */
struct layout {
    enum price_format format;
    size_t nfields;         /* fields every data record must have */
    size_t date_col;
    size_t symbol_col;      /* long format */
    size_t close_col;       /* long, yahoo, fred */
    /* wide / yfinance: value columns and their symbols */
    size_t nvals;
    size_t *val_col;
    char (*val_sym)[SERIES_SYMBOL_MAX];
    char symbol[SERIES_SYMBOL_MAX];     /* single-series formats */
    int allow_null, allow_dot;          /* missing-value spellings */
};

static void layout_done(struct layout *L)
{
    free(L->val_col);
    free(L->val_sym);
}

static int is_name(const char *f, const char *want)
{
    return strcasecmp(f, want) == 0;
}

static int is_date_name(const char *f)
{
    return is_name(f, "date") || is_name(f, "datetime") || is_name(f, "timestamp") ||
           is_name(f, "time") || is_name(f, "observation_date");
}

static long find_col(const struct csv_rec *h, const char *name)
{
    for (size_t i = 0; i < h->n; i++)
        if (is_name(h->f[i], name))
            return (long)i;
    return -1;
}

static void add_val(struct layout *L, size_t col, const char *sym)
{
    L->val_col = xreallocarray(L->val_col, L->nvals + 1, sizeof *L->val_col);
    L->val_sym = xreallocarray(L->val_sym, L->nvals + 1, sizeof *L->val_sym);
    L->val_col[L->nvals] = col;
    str_copy(L->val_sym[L->nvals], SERIES_SYMBOL_MAX, sym);
    L->nvals++;
}

/* The symbol of a Yahoo download named by its file: "data/BTC-USD.csv" ->
 * "BTC-USD". */
static void symbol_from_path(const char *path, char out[SERIES_SYMBOL_MAX])
{
    const char *base = strrchr(path, '/');
    char *dot;
    str_copy(out, SERIES_SYMBOL_MAX, base ? base + 1 : path);
    dot = strrchr(out, '.');
    if (dot != NULL && dot != out)
        *dot = '\0';
}

static int check_symbol(const struct csvin *r, const struct csv_rec *rec, size_t i,
                        const char *sym, struct allot_err *err)
{
    if (pricefile_symbol_ok(sym))
        return 0;
    return csvin_fail(r, rec, i, 0, err, ALLOT_E_INPUT,
                      "symbol \"%.40s\" is not valid: use 1-31 printable characters without "
                      "blanks, commas or quotes", sym);
}

static const char header_help[] =
    "expected a header: date,symbol,close (long), date,SYM1,SYM2,... (wide), "
    "Date,Open,High,Low,Close,... (Yahoo Finance) or DATE,SERIES (FRED)";

/* Decide the layout from the header record h (and, for yfinance, the
 * records after it, read through r). */
static int read_layout(struct csvin *r, const struct csv_rec *h, const char *path,
                       enum price_format want, const char *symbol, struct layout *L,
                       struct allot_err *err)
{
    enum price_format f = want;
    long c;

    memset(L, 0, sizeof *L);
    L->nfields = h->n;

    /* yfinance >= 0.2.51 writes Price,Close,High,... / Ticker,X,X,... / Date,,,... */
    if (h->n >= 2 && is_name(h->f[0], "price") && (f == PRICE_FMT_AUTO || f == PRICE_FMT_YAHOO)) {
        struct csv_rec *t;
        char (*heads)[SERIES_SYMBOL_MAX] = xcalloc(h->n, sizeof *heads);
        size_t n = h->n;
        long hline = h->line;   /* h is not valid after the next csvin_next */
        int rc;
        for (size_t i = 0; i < n; i++)
            str_copy(heads[i], SERIES_SYMBOL_MAX, h->f[i]);
        rc = csvin_next(r, &t, err);
        if (rc <= 0 || t->n != n || !is_name(t->f[0], "ticker")) {
            free(heads);
            if (rc < 0)
                return rc;
            err_setf(err, ALLOT_E_INPUT, "a yfinance header (Price,...) must be followed by a "
                     "Ticker,... row with as many fields");
            return err_at(err, csvin_name(r), rc > 0 ? t->line : 0, rc > 0 ? 1 : 0);
        }
        L->format = PRICE_FMT_YAHOO;
        L->nfields = n;
        L->allow_null = 1;
        for (size_t i = 1; i < n; i++) {
            if (!is_name(heads[i], "close"))
                continue;
            const char *sym = symbol != NULL ? symbol : t->f[i];
            if (check_symbol(r, t, i, sym, err) != 0) {
                free(heads);
                return err->code;
            }
            add_val(L, i, sym);
        }
        free(heads);
        if (L->nvals == 0) {
            err_setf(err, ALLOT_E_INPUT, "a yfinance header without a Close column");
            return err_at(err, csvin_name(r), hline, 1);
        }
        if (symbol != NULL && L->nvals > 1) {
            err_setf(err, ALLOT_E_USAGE, "--symbol names one series, but this file holds %zu",
                     L->nvals);
            return err_at(err, csvin_name(r), hline, 0);
        }
        /* the "Date,,,," row that follows is skipped by the reader */
        L->date_col = 0;
        return 0;
    }

    if (f == PRICE_FMT_AUTO) {
        if (h->n == 3 && is_date_name(h->f[0]) &&
            (is_name(h->f[1], "symbol") || is_name(h->f[1], "ticker")) &&
            (is_name(h->f[2], "close") || is_name(h->f[2], "price")))
            f = PRICE_FMT_LONG;
        else if (find_col(h, "close") >= 0 &&
                 (find_col(h, "open") >= 0 || find_col(h, "high") >= 0 ||
                  find_col(h, "adj close") >= 0))
            f = PRICE_FMT_YAHOO;
        else if (h->n == 2 && (strcmp(h->f[0], "DATE") == 0 ||
                               strcmp(h->f[0], "observation_date") == 0))
            f = PRICE_FMT_FRED;
        else if (h->n >= 2 && is_date_name(h->f[0]))
            f = PRICE_FMT_WIDE;
        else {
            err_setf(err, ALLOT_E_INPUT, "unrecognised header: %s", header_help);
            return err_at(err, csvin_name(r), h->line, 1);
        }
    }
    L->format = f;
    if ((f == PRICE_FMT_LONG || f == PRICE_FMT_WIDE) && symbol != NULL) {
        err_setf(err, ALLOT_E_USAGE, "--symbol applies to single-series files (Yahoo, FRED); "
                 "a %s file names its symbols itself", price_format_name(f));
        return err_at(err, csvin_name(r), 0, 0);
    }
    switch (f) {
    case PRICE_FMT_LONG:
        if (h->n != 3 || !is_date_name(h->f[0])) {
            err_setf(err, ALLOT_E_INPUT, "a long price file has the header date,symbol,close");
            return err_at(err, csvin_name(r), h->line, 1);
        }
        L->date_col = 0;
        L->symbol_col = 1;
        L->close_col = 2;
        return 0;
    case PRICE_FMT_WIDE:
        if (h->n < 2 || !is_date_name(h->f[0])) {
            err_setf(err, ALLOT_E_INPUT, "a wide price file has the header date,SYM1,SYM2,...");
            return err_at(err, csvin_name(r), h->line, 1);
        }
        for (size_t i = 1; i < h->n; i++) {
            if (check_symbol(r, h, i, h->f[i], err) != 0)
                return err->code;
            for (size_t k = 0; k < L->nvals; k++) {
                if (strcmp(L->val_sym[k], h->f[i]) == 0)
                    return csvin_fail(r, h, i, 0, err, ALLOT_E_INPUT,
                                      "symbol %s appears twice in the header", h->f[i]);
            }
            add_val(L, i, h->f[i]);
        }
        return 0;
    case PRICE_FMT_YAHOO:
        if ((c = find_col(h, "close")) < 0 || !is_date_name(h->f[0])) {
            err_setf(err, ALLOT_E_INPUT, "a Yahoo Finance file has the header "
                     "Date,Open,High,Low,Close,Adj Close,Volume");
            return err_at(err, csvin_name(r), h->line, 1);
        }
        L->date_col = 0;
        L->close_col = (size_t)c;
        L->allow_null = 1;
        if (symbol != NULL)
            str_copy(L->symbol, sizeof L->symbol, symbol);
        else
            symbol_from_path(path, L->symbol);
        if (!pricefile_symbol_ok(L->symbol)) {
            err_setf(err, ALLOT_E_USAGE, "cannot take a symbol from the file name \"%s\": "
                     "give one with --symbol", path);
            return err_at(err, csvin_name(r), 0, 0);
        }
        return 0;
    case PRICE_FMT_FRED:
        if (h->n != 2) {
            err_setf(err, ALLOT_E_INPUT, "a FRED file has the header DATE,SERIES");
            return err_at(err, csvin_name(r), h->line, 1);
        }
        L->date_col = 0;
        L->close_col = 1;
        L->allow_dot = 1;
        str_copy(L->symbol, sizeof L->symbol, symbol ? symbol : h->f[1]);
        if (check_symbol(r, h, 1, L->symbol, err) != 0)
            return err->code;
        return 0;
    case PRICE_FMT_AUTO:
        break;
    }
    return err_setf(err, ALLOT_E_INPUT, "unknown price format");
}

static int is_missing(const struct layout *L, const char *v)
{
    return v[0] == '\0' || (L->allow_null && strcmp(v, "null") == 0) ||
           (L->allow_dot && strcmp(v, ".") == 0);
}

/* Parse field i of rec as a close > 0. Returns 1 if missing, 0 if set. */
static int parse_close(const struct csvin *r, const struct csv_rec *rec, size_t i,
                       const struct layout *L, double *out, struct allot_err *err)
{
    const char *what;
    size_t off;
    const char *v = rec->f[i];

    if (is_missing(L, v))
        return 1;
    if (num_parse(v, out, &what, &off) != 0)
        return csvin_fail(r, rec, i, off, err, ALLOT_E_INPUT, "expected %s, found \"%.40s\"",
                          what, v);
    if (!(*out > 0))
        return csvin_fail(r, rec, i, 0, err, ALLOT_E_INPUT,
                          "a price must be greater than 0, found %.40s", v);
    return 0;
}

static int emit(price_row_fn fn, void *ctx, const struct csvin *r, const struct csv_rec *rec,
                size_t field, const char *sym, int32_t day, double close,
                struct price_read_stats *stats, struct allot_err *err)
{
    struct price_row row = { sym, day, close, rec, field };
    int rc = fn(ctx, &row, err);
    if (rc != 0) {
        if (err->line == 0)
            csvin_locate(r, rec, field, err);
        return rc;
    }
    stats->prices++;
    return 0;
}

int pricefile_read(const char *path, enum price_format fmt, const char *symbol,
                   price_row_fn fn, void *ctx, struct price_read_stats *stats,
                   const struct csvin_progress *pg, struct allot_err *err)
{
    struct csvin *r;
    struct csv_rec *rec;
    struct layout L;
    int rc;

    memset(&L, 0, sizeof L);
    memset(stats, 0, sizeof *stats);
    if (csvin_open(path, &r, err) != 0)
        return err->code;
    csvin_set_progress(r, pg);
    rc = csvin_next(r, &rec, err);
    if (rc == 0) {
        err_setf(err, ALLOT_E_INPUT, "the file is empty: %s", header_help);
        err_at(err, csvin_name(r), 0, 0);
        csvin_close(r);
        return ALLOT_E_INPUT;
    }
    if (rc < 0 || read_layout(r, rec, path, fmt, symbol, &L, err) != 0) {
        layout_done(&L);    /* a header refused after some columns were mapped */
        csvin_close(r);
        return err->code;
    }
    stats->format = L.format;

    while ((rc = csvin_next(r, &rec, err)) > 0) {
        const char *what;
        size_t off;
        int32_t day;
        double close;

        /* the yfinance "Date,,,," row */
        if (L.nvals > 0 && L.format == PRICE_FMT_YAHOO && stats->records == 0 &&
            is_date_name(rec->f[0]) && rec->n == L.nfields && rec->len[1] == 0)
            continue;
        stats->records++;
        if (rec->n != L.nfields) {
            size_t at = rec->n < L.nfields ? rec->n - 1 : L.nfields;
            rc = csvin_fail(r, rec, at, rec->n < L.nfields ? rec->len[at] : 0, err,
                            ALLOT_E_INPUT, "expected %zu fields as in the header, found %zu",
                            L.nfields, rec->n);
            break;
        }
        if (date_parse_day(rec->f[L.date_col], &day, &what, &off) != 0) {
            rc = csvin_fail(r, rec, L.date_col, off, err, ALLOT_E_INPUT,
                            "expected %s, found \"%.40s\"", what, rec->f[L.date_col]);
            break;
        }
        if (L.nvals > 0) {
            for (size_t k = 0; k < L.nvals && rc >= 0; k++) {
                int m = parse_close(r, rec, L.val_col[k], &L, &close, err);
                if (m < 0)
                    rc = m;
                else if (m == 1)
                    stats->missing++;
                else
                    rc = emit(fn, ctx, r, rec, L.val_col[k], L.val_sym[k], day, close, stats,
                              err);
            }
            if (rc < 0)
                break;
            rc = 1;
            continue;
        }
        const char *sym = L.symbol;
        if (L.format == PRICE_FMT_LONG) {
            sym = rec->f[L.symbol_col];
            if (check_symbol(r, rec, L.symbol_col, sym, err) != 0) {
                rc = err->code;
                break;
            }
        }
        int m = parse_close(r, rec, L.close_col, &L, &close, err);
        if (m < 0) {
            rc = m;
            break;
        }
        if (m == 1) {
            stats->missing++;
            continue;
        }
        if ((rc = emit(fn, ctx, r, rec, L.close_col, sym, day, close, stats, err)) != 0)
            break;
        rc = 1;
    }
    layout_done(&L);
    csvin_close(r);
    if (rc < 0)
        return rc;
    if (stats->records == 0) {
        err_setf(err, ALLOT_E_INPUT, "no data rows after the header");
        return err_at(err, path, 0, 0);
    }
    return ALLOT_OK;
}

struct load_ctx {
    struct series_set *set;
    long *lines;                /* line of the last row pushed per series, by index */
    size_t nlines;
};

static int load_row(void *vctx, const struct price_row *row, struct allot_err *err)
{
    struct load_ctx *c = vctx;
    struct series *s = series_set_get(c->set, row->symbol);
    size_t idx = (size_t)(s - c->set->s);

    if (c->nlines < c->set->n) {
        c->lines = xreallocarray(c->lines, c->set->cap, sizeof *c->lines);
        for (size_t i = c->nlines; i < c->set->cap; i++)
            c->lines[i] = 0;
        c->nlines = c->set->cap;
    }
    if (s->n > 0 && s->day[s->n - 1] == row->day) {
        char d[11];
        if (s->close[s->n - 1] == row->close)
            return 0;
        date_format_day(row->day, d);
        return err_setf(err, ALLOT_E_INPUT, "%s on %s appears again with another close "
                        "(%.17g on line %ld, %.17g here)", row->symbol, d, s->close[s->n - 1],
                        c->lines[idx], row->close);
    }
    series_push(s, row->day, row->close);
    c->lines[idx] = row->rec->line;
    return 0;
}

int pricefile_load(const char *path, enum price_format fmt, const char *symbol,
                   struct series_set *set, struct price_read_stats *stats,
                   struct allot_err *err)
{
    struct load_ctx c = { set, NULL, 0 };
    int rc = pricefile_read(path, fmt, symbol, load_row, &c, stats, NULL, err);
    free(c.lines);
    if (rc != 0)
        return rc;
    /* Out-of-order files: duplicates show up only after sorting. */
    series_set_sort(set);
    for (size_t i = 0; i < set->n; i++) {
        struct series *sr = &set->s[i];
        size_t w = 0;
        for (size_t k = 0; k < sr->n; k++) {
            if (w > 0 && sr->day[k] == sr->day[w - 1]) {
                char d[11];
                if (sr->close[k] == sr->close[w - 1])
                    continue;
                date_format_day(sr->day[k], d);
                err_setf(err, ALLOT_E_INPUT, "%s on %s appears twice with different closes",
                         sr->symbol, d);
                return err_at(err, path, 0, 0);
            }
            sr->day[w] = sr->day[k];
            sr->close[w] = sr->close[k];
            w++;
        }
        sr->n = w;
    }
    return ALLOT_OK;
}
