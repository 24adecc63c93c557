#include <config.h>
#include "io/csvin.h"

#include <csv.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/str.h"
#include "util/xalloc.h"

/* The smallest growth of libcsv's field buffer, in bytes. */
#define CSVIN_BLK_MIN 256

/* A record being built or waiting to be returned. Field bytes live in buf
 * (each NUL-terminated); f[] points into it once the record is complete. */
struct pending {
    struct csv_rec rec;
    char *buf;
    size_t buflen, bufcap;
    size_t *off;        /* offset of each field in buf */
    size_t fcap;
};

struct csvin {
    FILE *fp;
    int own_fp;
    char name[ALLOT_ERR_FILE_MAX];
    struct csv_parser p;
    char *line;
    size_t line_cap;
    long lineno;
    long rec_line;          /* line on which the record being parsed started */
    long *line_cols;        /* field start columns of the current line */
    size_t ncols, cols_cap;
    int building;           /* a record has started (fields seen) */
    int in_quote;           /* a quoted field runs past the end of the last line */
    struct pending *q;      /* completed records (ring is overkill: usually one) */
    size_t qn, qcap, qhead;
    struct pending cur;
    int eof;
    struct csvin_progress pg;
    size_t bytes;           /* read so far */
    size_t size;            /* of the file, 0 when unknown */
    size_t next_report;     /* bytes at which progress is reported next */
};

int csvin_open(const char *path, struct csvin **out, struct allot_err *err)
{
    struct csvin *r;
    FILE *fp;

    *out = NULL;
    if (strcmp(path, "-") == 0) {
        fp = stdin;
    } else {
        fp = fopen(path, "rb");
        if (fp == NULL) {
            err_setf(err, ALLOT_E_IO, "cannot open: %s", strerror(errno));
            return err_at(err, path, 0, 0);
        }
    }
    r = xcalloc(1, sizeof *r);
    r->fp = fp;
    r->own_fp = fp != stdin;
    str_copy(r->name, sizeof r->name, fp == stdin ? "stdin" : path);
    struct stat sb;
    if (fstat(fileno(fp), &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0)
        r->size = (size_t)sb.st_size;
    if (csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
        abort();    /* only fails on out of memory */
    *out = r;
    return ALLOT_OK;
}

void csvin_set_progress(struct csvin *r, const struct csvin_progress *pg)
{
    if (pg != NULL && pg->fn != NULL) {
        r->pg = *pg;
    } else {
        r->pg.fn = NULL;
        r->pg.ctx = NULL;
    }
    r->next_report = r->bytes + CSVIN_PROGRESS_BYTES;
}

/* Tell the progress callback; ALLOT_E_CANCEL when it asks to stop. */
static int report(struct csvin *r, struct allot_err *err)
{
    size_t total = r->eof ? r->bytes : r->size;     /* the end: what was really there */
    r->next_report = r->bytes + CSVIN_PROGRESS_BYTES;
    if (r->pg.fn(r->pg.ctx, r->bytes, total) == 0)
        return 0;
    err_setf(err, ALLOT_E_CANCEL, "cancelled after %zu bytes", r->bytes);
    return err_at(err, r->name, r->lineno, 0);
}

const char *csvin_name(const struct csvin *r)
{
    return r->name;
}

static void rec_free(struct pending *pd)
{
    free(pd->rec.f);
    free(pd->rec.len);
    free(pd->rec.col);
    free(pd->buf);
    free(pd->off);
}

void csvin_close(struct csvin *r)
{
    if (r == NULL)
        return;
    csv_free(&r->p);
    if (r->own_fp)
        fclose(r->fp);
    free(r->line);
    free(r->line_cols);
    for (size_t i = 0; i < r->qcap; i++)
        rec_free(&r->q[i]);
    free(r->q);
    rec_free(&r->cur);
    free(r);
}

/* Columns where the content of each field of a line starts, by our own
 * scan of commas outside quotes (libcsv does not report positions): past
 * the blanks libcsv trims and past an opening quote. */
static void scan_cols(struct csvin *r, const char *s, size_t n)
{
    int inq = 0;
    r->ncols = 0;
    r->rec_line = r->lineno;
    for (size_t i = 0; i <= n; i++) {
        if (i == 0 || (!inq && s[i - 1] == ',')) {
            size_t k = i;
            while (k < n && (s[k] == ' ' || s[k] == '\t'))
                k++;
            if (k < n && s[k] == '"')
                k++;
            if (r->ncols == r->cols_cap) {
                r->cols_cap = r->cols_cap ? 2 * r->cols_cap : 16;
                r->line_cols = xreallocarray(r->line_cols, r->cols_cap, sizeof *r->line_cols);
            }
            r->line_cols[r->ncols++] = (long)k + 1;
        }
        if (i < n && s[i] == '"')
            inq = !inq;
    }
    r->in_quote = inq;
}

/* On a continuation line of a quoted field only the quote state moves. */
static void scan_quotes(struct csvin *r, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] == '"')
            r->in_quote = !r->in_quote;
}

static void on_field(void *data, size_t len, void *ctx)
{
    struct csvin *r = ctx;
    struct pending *pd = &r->cur;
    size_t k = pd->rec.n;

    r->building = 1;
    if (k == pd->fcap) {
        pd->fcap = pd->fcap ? 2 * pd->fcap : 16;
        pd->off = xreallocarray(pd->off, pd->fcap, sizeof *pd->off);
        pd->rec.len = xreallocarray(pd->rec.len, pd->fcap, sizeof *pd->rec.len);
        pd->rec.col = xreallocarray(pd->rec.col, pd->fcap, sizeof *pd->rec.col);
        pd->rec.f = xreallocarray(pd->rec.f, pd->fcap, sizeof *pd->rec.f);
    }
    if (pd->buflen + len + 1 > pd->bufcap) {
        while (pd->buflen + len + 1 > pd->bufcap)
            pd->bufcap = pd->bufcap ? 2 * pd->bufcap : 256;
        pd->buf = xreallocarray(pd->buf, pd->bufcap, 1);
    }
    if (len > 0)
        memcpy(pd->buf + pd->buflen, data, len);
    pd->buf[pd->buflen + len] = '\0';
    pd->off[k] = pd->buflen;
    pd->rec.len[k] = len;
    pd->rec.col[k] = (r->rec_line == r->lineno && k < r->ncols) ? r->line_cols[k] : 0;
    pd->buflen += len + 1;
    pd->rec.n = k + 1;
}

static void on_record(int c, void *ctx)
{
    struct csvin *r = ctx;
    struct pending tmp;
    (void)c;

    if (!r->building)
        return;
    r->cur.rec.line = r->rec_line;
    /* Swap the finished record into the queue; reuse the slot's memory. */
    if (r->qn == r->qcap) {
        r->q = xreallocarray(r->q, r->qcap + 1, sizeof *r->q);
        memset(&r->q[r->qcap], 0, sizeof *r->q);
        r->qcap++;
    }
    tmp = r->q[r->qn];
    r->q[r->qn] = r->cur;
    r->cur = tmp;
    r->cur.rec.n = 0;
    r->cur.buflen = 0;
    r->qn++;
    r->building = 0;
}

static int bad_byte(struct csvin *r, const char *s, size_t off, struct allot_err *err)
{
    const char *what = s[off] == '"'
        ? "a quote inside an unquoted field (quote the whole field and double the quote)"
        : "a comma or the end of the line after a closing quote";
    err_setf(err, ALLOT_E_INPUT, "malformed CSV: found %s", what);
    return err_at(err, r->name, r->lineno, (long)off + 1);
}

int csvin_next(struct csvin *r, struct csv_rec **rec, struct allot_err *err)
{
    for (;;) {
        if (r->qhead < r->qn) {
            struct pending *pd = &r->q[r->qhead++];
            for (size_t i = 0; i < pd->rec.n; i++)
                pd->rec.f[i] = pd->buf + pd->off[i];
            *rec = &pd->rec;
            return 1;
        }
        r->qhead = r->qn = 0;
        if (r->eof)
            return 0;

        ssize_t n = getline(&r->line, &r->line_cap, r->fp);
        if (n < 0) {
            if (ferror(r->fp)) {
                err_setf(err, ALLOT_E_IO, "read error: %s", strerror(errno));
                return err_at(err, r->name, r->lineno, 0);
            }
            r->eof = 1;
            if (r->pg.fn != NULL && report(r, err) != 0)
                return err->code;
            if (csv_fini(&r->p, on_field, on_record, r) != 0) {
                err_setf(err, ALLOT_E_INPUT, "malformed CSV: a quoted field opened on line %ld "
                         "is never closed", r->rec_line);
                return err_at(err, r->name, r->rec_line, 0);
            }
            continue;
        }
        r->lineno++;
        r->bytes += (size_t)n;
        if (r->pg.fn != NULL && r->bytes >= r->next_report && report(r, err) != 0)
            return err->code;
        char *s = r->line;
        size_t len = (size_t)n;
        if (r->lineno == 1 && len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
            s += 3;
            len -= 3;
        }
        const char *nul = memchr(s, '\0', len);
        if (nul != NULL) {
            err_setf(err, ALLOT_E_INPUT, "a NUL byte in the file (is it binary, or UTF-16?)");
            return err_at(err, r->name, r->lineno, (long)(nul - s) + 1);
        }
        if (!r->building && !r->in_quote)
            scan_cols(r, s, len);
        else
            scan_quotes(r, s, len);
        /* libcsv grows its field buffer by a fixed block (128 bytes): a long
         * field costs a realloc per block, quadratic where realloc copies
         * (ASan, valgrind: a 10 MB line took minutes). Grow by what this
         * line may add, and at least double. */
        size_t blk = len > r->p.entry_size ? len : r->p.entry_size;
        csv_set_blk_size(&r->p, blk > CSVIN_BLK_MIN ? blk : CSVIN_BLK_MIN);
        size_t done = csv_parse(&r->p, s, len, on_field, on_record, r);
        if (done < len)
            return bad_byte(r, s, done, err);
    }
}

int csvin_fail(const struct csvin *r, const struct csv_rec *rec, size_t i, size_t offset,
               struct allot_err *err, int code, const char *fmt, ...)
{
    va_list ap;
    long col = 0;

    va_start(ap, fmt);
    err_vsetf(err, code, fmt, ap);
    va_end(ap);
    if (rec != NULL && i < rec->n && rec->col[i] > 0)
        col = rec->col[i] + (long)offset;
    return err_at(err, r->name, rec ? rec->line : 0, col);
}

int csvin_locate(const struct csvin *r, const struct csv_rec *rec, size_t i,
                 struct allot_err *err)
{
    long col = (rec != NULL && i < rec->n) ? rec->col[i] : 0;
    return err_at(err, r->name, rec ? rec->line : 0, col);
}
