#include <config.h>
#include "cli/table.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "io/csvout.h"
#include "util/num.h"
#include "util/xalloc.h"

struct cell {
    char *shown, *csv;      /* csv NULL: same as shown */
};

struct table {
    size_t ncols;
    char **headers;
    char *align;
    struct cell *cells;
    size_t ncells, cap;
};

struct table *table_new(size_t n, const char *const *headers, const char *align)
{
    struct table *t = xcalloc(1, sizeof *t);
    t->ncols = n;
    t->headers = xcalloc(n, sizeof *t->headers);
    t->align = xcalloc(n + 1, 1);
    for (size_t i = 0; i < n; i++) {
        t->headers[i] = xstrdup(headers[i]);
        t->align[i] = align && align[i] ? align[i] : (i == 0 ? 'l' : 'r');
    }
    return t;
}

void table_free(struct table *t)
{
    if (t == NULL)
        return;
    for (size_t i = 0; i < t->ncols; i++)
        free(t->headers[i]);
    for (size_t i = 0; i < t->ncells; i++) {
        free(t->cells[i].shown);
        free(t->cells[i].csv);
    }
    free(t->headers);
    free(t->align);
    free(t->cells);
    free(t);
}

void table_row(struct table *t)
{
    /* Rows are implicit: every ncols cells make one. Pad a short row. */
    while (t->ncells % t->ncols != 0)
        table_str(t, "");
}

void table_cell2(struct table *t, const char *shown, const char *csv)
{
    if (t->ncells == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 64;
        t->cells = xreallocarray(t->cells, t->cap, sizeof *t->cells);
    }
    t->cells[t->ncells].shown = xstrdup(shown);
    t->cells[t->ncells].csv = csv ? xstrdup(csv) : NULL;
    t->ncells++;
}

void table_str(struct table *t, const char *s)
{
    table_cell2(t, s, NULL);
}

/* Insert thousands separators into a formatted number in place. */
static void group(char *buf, size_t n)
{
    char tmp[96];
    const char *dot = strchr(buf, '.'), *start = buf;
    size_t intlen, k = 0;

    if (*start == '-')
        start++;
    intlen = (size_t)((dot ? dot : buf + strlen(buf)) - start);
    if (intlen <= 3 || strlen(buf) + intlen / 3 + 1 > sizeof tmp)
        return;
    if (buf[0] == '-')
        tmp[k++] = '-';
    for (size_t i = 0; i < intlen; i++) {
        if (i > 0 && (intlen - i) % 3 == 0)
            tmp[k++] = ',';
        tmp[k++] = start[i];
    }
    strcpy(tmp + k, start + intlen);
    if (strlen(tmp) < n)
        strcpy(buf, tmp);
}

static void num_cell(struct table *t, double v, int decimals, int grouped)
{
    char shown[96], csv[32];
    if (isnan(v)) {
        table_cell2(t, "", "");
        return;
    }
    if (decimals < 0) {
        /* as many decimals as the value has, up to 10 significant digits */
        snprintf(shown, sizeof shown, "%.10g", v);
        if (strchr(shown, 'e') != NULL)
            snprintf(shown, sizeof shown, "%.*f", fabs(v) < 1 ? 12 : 2, v);
        if (strchr(shown, '.') != NULL) {
            char *end = shown + strlen(shown) - 1;
            while (*end == '0')
                *end-- = '\0';
            if (*end == '.')
                *end = '\0';
        }
    } else {
        snprintf(shown, sizeof shown, "%.*f", decimals, v);
    }
    if (strcmp(shown, "-0") == 0 || (shown[0] == '-' && strspn(shown + 1, "0.") ==
                                     strlen(shown + 1)))
        memmove(shown, shown + 1, strlen(shown));   /* no "-0.00" */
    if (grouped)
        group(shown, sizeof shown);
    table_cell2(t, shown, num_format_exact(v, csv));
}

void table_num(struct table *t, double v, int decimals)
{
    num_cell(t, v, decimals, 0);
}

void table_numg(struct table *t, double v, int decimals)
{
    num_cell(t, v, decimals, 1);
}

void table_int(struct table *t, long long v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", v);
    table_str(t, buf);
}

size_t table_rows(const struct table *t)
{
    return (t->ncells + t->ncols - 1) / t->ncols;
}

/* Display width of a UTF-8 string (ASCII-only fallback counts bytes). */
static size_t width(const char *s)
{
    size_t w = 0;
    mbstate_t st;
    memset(&st, 0, sizeof st);
    while (*s) {
        wchar_t wc;
        size_t n = mbrtowc(&wc, s, MB_CUR_MAX, &st);
        if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
            w++;
            s++;
            memset(&st, 0, sizeof st);
            continue;
        }
        int cw = wcwidth(wc);
        w += cw > 0 ? (size_t)cw : 0;
        s += n;
    }
    return w;
}

void table_puts_safe(FILE *out, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        fputc(c < ' ' || c == 0x7f ? '?' : c, out);
    }
}

static void pad(FILE *out, size_t n)
{
    while (n-- > 0)
        fputc(' ', out);
}

void table_print(const struct table *t, FILE *out, int csv)
{
    size_t rows = table_rows(t);

    if (csv) {
        csvout_row(out, (const char *const *)t->headers, t->ncols);
        for (size_t r = 0; r < rows; r++) {
            for (size_t c = 0; c < t->ncols; c++) {
                size_t i = r * t->ncols + c;
                const char *s = "";
                if (i < t->ncells)
                    s = t->cells[i].csv ? t->cells[i].csv : t->cells[i].shown;
                csvout_field(out, s, c == 0);
            }
            fputc('\n', out);
        }
        return;
    }

    size_t *w = xcalloc(t->ncols, sizeof *w);
    for (size_t c = 0; c < t->ncols; c++)
        w[c] = width(t->headers[c]);
    for (size_t i = 0; i < t->ncells; i++) {
        size_t cw = width(t->cells[i].shown);
        if (cw > w[i % t->ncols])
            w[i % t->ncols] = cw;
    }
    for (size_t r = 0; r <= rows; r++) {
        for (size_t c = 0; c < t->ncols; c++) {
            size_t i = (r - 1) * t->ncols + c;
            const char *s = r == 0 ? t->headers[c] : (i < t->ncells ? t->cells[i].shown : "");
            size_t sw = width(s);
            int last = c + 1 == t->ncols;
            if (c > 0)
                fputs("  ", out);
            if (t->align[c] == 'r')
                pad(out, w[c] - sw);
            table_puts_safe(out, s);
            if (t->align[c] != 'r' && !last)
                pad(out, w[c] - sw);
        }
        fputc('\n', out);
    }
    free(w);
}
