#include <config.h>
#include "io/feedline.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "engine/portfolio/instrument.h"
#include "util/date.h"
#include "util/num.h"

#define MAX_FIELDS 4
/* A percentage is divided by this to give the annual decimal. */
#define PERCENT 100.0

struct field {
    const char *s;
    size_t len;
    long col;       /* 1-based */
};

static int fail(struct allot_err *err, long col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(struct allot_err *err, long col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    err_vsetf(err, ALLOT_E_INPUT, fmt, ap);
    va_end(ap);
    if (err != NULL)
        err->col = col;
    return ALLOT_E_INPUT;
}

/* A field shown in a message: at most 40 bytes, control bytes as '?'. */
static void show(const struct field *f, char out[48])
{
    size_t n = f->len < 40 ? f->len : 40, i;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)f->s[i];
        out[i] = c < ' ' || c >= 0x7f ? '?' : (char)c;
    }
    if (f->len > 40) {
        memcpy(out + n, "...", 3);
        n += 3;
    }
    out[n] = '\0';
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static int looks_like_ts(const struct field *f)
{
    if (f->len == 0 || f->s[0] < '0' || f->s[0] > '9')
        return 0;
    for (size_t i = 0; i < f->len; i++) {
        char c = f->s[i];
        if (!((c >= '0' && c <= '9') || strchr("-:.+TZ ", c) != NULL) || c == '\0')
            return 0;
    }
    return 1;
}

/* Copy a field into buf (FEEDLINE_FIELD_MAX + 1 bytes); a field holding
 * NUL or longer than that is an error. */
static int field_str(const struct field *f, const char *name, char *buf,
                     struct allot_err *err)
{
    char shown[48];
    const char *nul = memchr(f->s, '\0', f->len);
    if (nul != NULL)
        return fail(err, f->col + (long)(nul - f->s), "%s: NUL byte", name);
    if (f->len > FEEDLINE_FIELD_MAX) {
        show(f, shown);
        return fail(err, f->col, "%s: field too long: \"%s\"", name, shown);
    }
    memcpy(buf, f->s, f->len);
    buf[f->len] = '\0';
    return 0;
}

static int parse_ts(const struct field *f, int64_t *ms, struct allot_err *err)
{
    char buf[FEEDLINE_FIELD_MAX + 1], shown[48];
    const char *what;
    size_t off;
    if (field_str(f, "timestamp", buf, err) != 0)
        return ALLOT_E_INPUT;
    if (date_parse_ts(buf, ms, &what, &off) != 0) {
        show(f, shown);
        return fail(err, f->col + (long)off, "timestamp: expected %s, found \"%s\"", what,
                    shown);
    }
    return 0;
}

static int parse_symbol(const struct field *f, struct feed_quote *out, struct allot_err *err)
{
    char shown[48];
    struct position p;
    enum inst_kind hint;

    if (f->len == 0)
        return fail(err, f->col, "symbol: empty");
    for (size_t i = 0; i < f->len; i++) {
        unsigned char c = (unsigned char)f->s[i];
        if (c <= ' ' || c >= 0x7f || c == '"' || c == '\'') {
            show(f, shown);
            return fail(err, f->col + (long)i, "symbol \"%s\": a symbol is printable ASCII "
                        "without blanks, commas or quotes", shown);
        }
    }
    if (f->len >= FEEDLINE_NAME_MAX) {
        show(f, shown);
        return fail(err, f->col, "symbol \"%s\" is too long: at most 31 bytes for an asset, "
                    "63 for an instrument name", shown);
    }
    memcpy(out->symbol, f->s, f->len);
    out->symbol[f->len] = '\0';
    position_init(&p);
    out->is_instrument = inst_parse_name(out->symbol, &p, &hint) == 0;
    if (!out->is_instrument && f->len >= FEEDLINE_ASSET_MAX) {
        show(f, shown);
        return fail(err, f->col, "symbol \"%s\" is too long: at most 31 bytes for an asset "
                    "(63 for an instrument name such as BTC-27JUN25-60000-C)", shown);
    }
    return 0;
}

static int parse_price(const struct field *f, double *price, struct allot_err *err)
{
    char buf[FEEDLINE_FIELD_MAX + 1], shown[48];
    const char *what;
    size_t off;
    if (field_str(f, "price", buf, err) != 0)
        return ALLOT_E_INPUT;
    if (num_parse(buf, price, &what, &off) != 0) {
        show(f, shown);
        return fail(err, f->col + (long)off, "price: expected %s, found \"%s\"", what, shown);
    }
    if (!(*price > 0)) {
        show(f, shown);
        return fail(err, f->col, "price: must be greater than 0, found %s", shown);
    }
    return 0;
}

static int parse_iv(const struct field *f, double *iv, struct allot_err *err)
{
    char buf[FEEDLINE_FIELD_MAX + 1], shown[48];
    const char *what;
    size_t off, len = f->len;
    int pct = 0;

    *iv = NAN;
    if (len == 0)
        return 0;
    if (field_str(f, "iv", buf, err) != 0)
        return ALLOT_E_INPUT;
    if (buf[len - 1] == '%') {
        pct = 1;
        buf[--len] = '\0';
    }
    show(f, shown);
    if (num_parse(buf, iv, &what, &off) != 0)
        return fail(err, f->col + (long)off, "iv: expected %s, found \"%s\"", what, shown);
    if (pct)
        *iv /= PERCENT;
    if (!(*iv > 0))
        return fail(err, f->col, "iv: must be greater than 0, found %s", shown);
    if (*iv > FEEDLINE_IV_MAX) {
        return fail(err, f->col, "iv %s is not an annual decimal in (0, 10]: write 0.65 for "
                    "65 %%, or a percentage with its sign, 65%%", shown);
    }
    return 0;
}

int feedline_parse(const char *line, size_t len, struct feed_quote *out,
                   struct allot_err *err)
{
    struct field f[MAX_FIELDS];
    struct feed_quote q;
    size_t nf = 0, i, start = 0;
    const struct field *fsym, *fprice, *fiv = NULL, *fts = NULL;

    if (len > 0 && line[len - 1] == '\n')
        len--;
    if (len > 0 && line[len - 1] == '\r')
        len--;
    for (i = 0; i < len && is_blank(line[i]); i++)
        ;
    if (i == len || line[i] == '#')
        return 0;

    for (i = 0; i <= len; i++) {
        if (i < len && line[i] != ',')
            continue;
        if (nf == MAX_FIELDS)
            return fail(err, (long)start + 1, "expected symbol,price[,iv] or "
                        "timestamp,symbol,price[,iv]: too many fields");
        f[nf].s = line + start;
        f[nf].len = i - start;
        f[nf].col = (long)start + 1;
        nf++;
        start = i + 1;
    }
    if (nf < 2)
        return fail(err, (long)len + 1, "expected symbol,price[,iv] or "
                    "timestamp,symbol,price[,iv]: one field only");

    memset(&q, 0, sizeof q);
    q.ts_ms = FEEDLINE_TS_NONE;
    q.iv = NAN;
    if (nf == 4 || (nf == 3 && looks_like_ts(&f[0]))) {
        fts = &f[0];
        fsym = &f[1];
        fprice = &f[2];
        fiv = nf == 4 ? &f[3] : NULL;
    } else {
        fsym = &f[0];
        fprice = &f[1];
        fiv = nf == 3 ? &f[2] : NULL;
    }
    if (fts != NULL && parse_ts(fts, &q.ts_ms, err) != 0)
        return ALLOT_E_INPUT;
    if (parse_symbol(fsym, &q, err) != 0 || parse_price(fprice, &q.price, err) != 0)
        return ALLOT_E_INPUT;
    if (fiv != NULL && parse_iv(fiv, &q.iv, err) != 0)
        return ALLOT_E_INPUT;
    *out = q;
    return 1;
}

int feedline_format(const struct feed_quote *q, char *buf, size_t n)
{
    char ts[32] = "";
    char iv[40] = "";
    if (q->ts_ms != FEEDLINE_TS_NONE) {
        date_format_ts(q->ts_ms, ts);
        strcat(ts, ",");
    }
    if (!isnan(q->iv))
        snprintf(iv, sizeof iv, ",%.10g", q->iv);
    return snprintf(buf, n, "%s%s,%.10g%s\n", ts, q->symbol, q->price, iv);
}
