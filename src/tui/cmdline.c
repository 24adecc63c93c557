#include <config.h>
#include "tui/cmdline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/str.h"
#include "util/xalloc.h"

/* ---- line editor ---- */

static int is_cont(char c)
{
    return ((unsigned char)c & 0xc0) == 0x80;
}

void lineedit_set(struct lineedit *le, const char *text)
{
    size_t n = strlen(text);
    if (n >= LINEEDIT_MAX) {
        n = LINEEDIT_MAX - 1;
        while (n > 0 && is_cont(text[n]))
            n--;
    }
    memcpy(le->buf, text, n);
    le->buf[n] = '\0';
    le->len = n;
    le->cur = n;
    le->scroll = 0;
}

const char *lineedit_text(const struct lineedit *le)
{
    return le->buf;
}

int lineedit_insert(struct lineedit *le, unsigned cp)
{
    char enc[8];
    int k = utf8_put(cp, enc);
    if (le->len + (size_t)k >= LINEEDIT_MAX)
        return -1;
    memmove(le->buf + le->cur + k, le->buf + le->cur, le->len - le->cur + 1);
    memcpy(le->buf + le->cur, enc, (size_t)k);
    le->len += (size_t)k;
    le->cur += (size_t)k;
    return 0;
}

static size_t prev_char(const struct lineedit *le, size_t at)
{
    if (at == 0)
        return 0;
    at--;
    while (at > 0 && is_cont(le->buf[at]))
        at--;
    return at;
}

static size_t next_char(const struct lineedit *le, size_t at)
{
    if (at >= le->len)
        return le->len;
    at++;
    while (at < le->len && is_cont(le->buf[at]))
        at++;
    return at;
}

int lineedit_action(struct lineedit *le, int action)
{
    size_t a, b;
    switch (action) {
    case A_CURSOR_LEFT:
        le->cur = prev_char(le, le->cur);
        return 1;
    case A_CURSOR_RIGHT:
        le->cur = next_char(le, le->cur);
        return 1;
    case A_LINE_START:
        le->cur = 0;
        return 1;
    case A_LINE_END:
        le->cur = le->len;
        return 1;
    case A_DELETE_BACK:
        if (le->cur == 0)
            return 1;
        a = prev_char(le, le->cur);
        b = le->cur;
        break;
    case A_DELETE_FORWARD:
        if (le->cur >= le->len)
            return 1;
        a = le->cur;
        b = next_char(le, le->cur);
        break;
    case A_CLEAR_LINE:
        lineedit_set(le, "");
        return 1;
    default:
        return 0;
    }
    memmove(le->buf + a, le->buf + b, le->len - b + 1);
    le->len -= b - a;
    le->cur = a;
    return 1;
}

void lineedit_render(struct lineedit *le, struct grid *g, int x, int y, int w, int role,
                     int *cx)
{
    int before;
    char save;
    if (w <= 0) {
        *cx = x;
        return;
    }
    if (le->scroll > le->cur)
        le->scroll = le->cur;
    /* scroll right until the cursor fits (one column kept for it) */
    for (;;) {
        save = le->buf[le->cur];
        le->buf[le->cur] = '\0';
        before = text_width(le->buf + le->scroll);
        le->buf[le->cur] = save;
        if (before < w || le->scroll >= le->cur)
            break;
        le->scroll = next_char(le, le->scroll);
    }
    grid_fill(g, (struct rect){ x, y, w, 1 }, ' ', role);
    grid_text(g, x, y, w, le->buf + le->scroll, role);
    *cx = x + before;
}

/* ---- command line ---- */

void cmdline_init(struct cmdline *c, const char *const *words, size_t nwords)
{
    memset(c, 0, sizeof *c);
    c->words = words;
    c->nwords = nwords;
}

void cmdline_done(struct cmdline *c)
{
    for (size_t i = 0; i < c->nhist; i++)
        free(c->hist[i]);
    c->nhist = 0;
}

void cmdline_start(struct cmdline *c, const char *text)
{
    lineedit_set(&c->le, text);
    c->hpos = c->nhist;
}

void cmdline_remember(struct cmdline *c, const char *line)
{
    if (line[0] == '\0' || (c->nhist > 0 && strcmp(c->hist[c->nhist - 1], line) == 0)) {
        c->hpos = c->nhist;
        return;
    }
    if (c->nhist == CMDLINE_HISTORY_MAX) {
        free(c->hist[0]);
        memmove(c->hist, c->hist + 1, (CMDLINE_HISTORY_MAX - 1) * sizeof c->hist[0]);
        c->nhist--;
    }
    c->hist[c->nhist++] = xstrdup(line);
    c->hpos = c->nhist;
}

int cmdline_action(struct cmdline *c, int action, char *msg, size_t n)
{
    msg[0] = '\0';
    switch (action) {
    case A_HISTORY_PREV:
        if (c->hpos == 0)
            return 1;
        if (c->hpos == c->nhist)
            str_copy(c->saved, sizeof c->saved, c->le.buf);
        c->hpos--;
        lineedit_set(&c->le, c->hist[c->hpos]);
        return 1;
    case A_HISTORY_NEXT:
        if (c->hpos >= c->nhist)
            return 1;
        c->hpos++;
        lineedit_set(&c->le, c->hpos == c->nhist ? c->saved : c->hist[c->hpos]);
        return 1;
    case A_COMPLETE:
        cmdline_complete(c, msg, n);
        return 1;
    default:
        return lineedit_action(&c->le, action);
    }
}

size_t cmdline_complete(struct cmdline *c, char *msg, size_t n)
{
    const char *line = c->le.buf;
    size_t lead = strspn(line, " "), wlen, nmatch = 0, common = 0;
    const char *first = NULL;
    struct strbuf list = { 0 };

    msg[0] = '\0';
    wlen = strcspn(line + lead, " ");
    if (line[lead + wlen] == ' ') {     /* past the first word: nothing to do */
        return 0;
    }
    for (size_t i = 0; i < c->nwords; i++) {
        const char *w = c->words[i];
        if (strncmp(w, line + lead, wlen) != 0)
            continue;
        if (nmatch == 0) {
            first = w;
            common = strlen(w);
        } else {
            size_t k = 0;
            while (k < common && first[k] == w[k])
                k++;
            common = k;
        }
        strbuf_printf(&list, "%s%s", nmatch ? " " : "", w);
        nmatch++;
    }
    if (nmatch == 0) {
        snprintf(msg, n, "no command starts with \"%.*s\"", (int)wlen, line + lead);
    } else {
        char buf[LINEEDIT_MAX];
        snprintf(buf, sizeof buf, "%.*s%.*s%s", (int)lead, line, (int)common, first,
                 nmatch == 1 ? " " : "");
        lineedit_set(&c->le, buf);
        if (nmatch > 1)
            snprintf(msg, n, "%s", strbuf_str(&list));
    }
    strbuf_free(&list);
    return nmatch;
}

/* ---- split ---- */

int cmdline_split(const char *s, int *argc, char ***argv, struct allot_err *err)
{
    size_t cap = 8, n = 0;
    char **v = xcalloc(cap, sizeof *v);
    struct strbuf w = { 0 };
    const char *p = s;

    while (*p) {
        int in_word = 0;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '\0')
            break;
        strbuf_reset(&w);
        while (*p && *p != ' ' && *p != '\t') {
            in_word = 1;
            if (*p == '\'') {
                const char *q = strchr(p + 1, '\'');
                if (q == NULL)
                    goto unterminated;
                strbuf_append(&w, p + 1, (size_t)(q - p - 1));
                p = q + 1;
            } else if (*p == '"') {
                const char *start = p;
                p++;
                while (*p && *p != '"') {
                    if (*p == '\\' && p[1] && strchr("\"\\$`", p[1]) != NULL)
                        p++;
                    strbuf_append(&w, p, 1);
                    p++;
                }
                if (*p != '"') {
                    p = start;
                    goto unterminated;
                }
                p++;
            } else if (*p == '\\' && p[1]) {
                strbuf_append(&w, p + 1, 1);
                p += 2;
            } else {
                strbuf_append(&w, p, 1);
                p++;
            }
        }
        if (in_word) {
            if (n + 2 > cap) {
                cap *= 2;
                v = xreallocarray(v, cap, sizeof *v);
            }
            v[n++] = xstrdup(strbuf_str(&w));
            v[n] = NULL;
        }
    }
    strbuf_free(&w);
    *argc = (int)n;
    *argv = v;
    return 0;

unterminated:
    strbuf_free(&w);
    cmdline_argv_free((int)n, v);
    err_setf(err, ALLOT_E_INPUT, "unterminated %s quote", *p == '\'' ? "single" : "double");
    err_at(err, NULL, 0, (long)(p - s) + 1);
    return ALLOT_E_INPUT;
}

void cmdline_argv_free(int argc, char **argv)
{
    if (argv == NULL)
        return;
    for (int i = 0; i < argc; i++)
        free(argv[i]);
    free(argv);
}
