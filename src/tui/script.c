#include <config.h>
#include "tui/script.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tui/apppriv.h"
#include "tui/grid.h"
#include "util/num.h"

#define SCRIPT_LINE_MAX 4096
#define SIZE_MAX_CELLS 1000
#define SCRIPT_WAIT_MAX_MS 3600000     /* an hour of feed at most per line */

int script_parse_size(const char *s, int *w, int *h)
{
    char buf[32], *x;
    long a, b;
    const char *what;
    size_t off;
    if (strlen(s) >= sizeof buf)
        return -1;
    strcpy(buf, s);
    x = strchr(buf, 'x');
    if (x == NULL)
        return -1;
    *x = '\0';
    if (num_parse_long(buf, 1, SIZE_MAX_CELLS, &a, &what, &off) != 0 ||
        num_parse_long(x + 1, 1, SIZE_MAX_CELLS, &b, &what, &off) != 0)
        return -1;
    *w = (int)a;
    *h = (int)b;
    return 0;
}

/* Feed one event and render, as the terminal loop does after each key:
 * page sizes and mouse targets come from the last render. */
static void feed(struct app *app, const struct tui_event *ev)
{
    int cx, cy;
    app_feed(app, ev);
    if (!app_quitting(app))
        app_render(app, &cx, &cy);
}

static void type_text(struct app *app, const char *s)
{
    uint32_t cp;
    while (!app_quitting(app) && (cp = utf8_next(&s)) != 0) {
        struct tui_event ev = { (int)cp, -1, -1 };
        feed(app, &ev);
    }
}

/* A key with an optional ":X,Y" mouse cell: "<Click:3,4>". */
static int parse_event(const char *s, struct tui_event *ev)
{
    char buf[64];
    const char *colon;
    ev->mx = ev->my = -1;
    if (s[0] == '<' && (colon = strchr(s, ':')) != NULL && s[strlen(s) - 1] == '>') {
        int x, y;
        char tail;
        size_t n = (size_t)(colon - s);
        if (n + 2 > sizeof buf || sscanf(colon + 1, "%d,%d%c", &x, &y, &tail) != 3 ||
            tail != '>')
            return -1;
        memcpy(buf, s, n);
        buf[n] = '>';
        buf[n + 1] = '\0';
        ev->key = keymap_key_parse(buf);
        ev->mx = x;
        ev->my = y;
        return ev->key < 0 ? -1 : 0;
    }
    ev->key = keymap_key_parse(s);
    return ev->key < 0 ? -1 : 0;
}

int script_run(struct app *app, const char *path, FILE *out, struct allot_err *err)
{
    char line[SCRIPT_LINE_MAX];
    long lineno = 0;
    FILE *fp = fopen(path, "r");
    int rc = 0;

    if (fp == NULL)
        return err_setf(err, ALLOT_E_IO, "cannot read %s: %s", path, strerror(errno));
    app_set_dump_stream(app, out);
    {
        int cx, cy;
        app_render(app, &cx, &cy);      /* the first frame, as on a terminal */
    }
    while (!app_quitting(app) && fgets(line, sizeof line, fp) != NULL) {
        struct tui_event ev;
        size_t len = strlen(line);
        lineno++;
        if (len > 0 && line[len - 1] == '\n')
            line[--len] = '\0';
        if (len > 0 && line[len - 1] == '\r')
            line[--len] = '\0';
        if (len == 0 || line[0] == '#')
            continue;
        if (strcmp(line, ":dump") == 0) {
            /* whatever is open: the screen as it is now */
            app_dump(app, out);
        } else if (line[0] == ':' && len > 1) {
            ev.key = ':';
            ev.mx = ev.my = -1;
            feed(app, &ev);
            type_text(app, line + 1);
            ev.key = TK_ENTER;
            if (!app_quitting(app))
                feed(app, &ev);
        } else if (strncmp(line, "type ", 5) == 0) {
            type_text(app, line + 5);
        } else if (strncmp(line, "size ", 5) == 0) {
            int w, h;
            if (script_parse_size(line + 5, &w, &h) != 0) {
                rc = err_setf(err, ALLOT_E_INPUT, "expected size WxH, e.g. size 80x24");
                break;
            }
            app_resize(app, w, h);
            ev.key = TK_RESIZE;
            ev.mx = ev.my = -1;
            feed(app, &ev);
        } else if (strncmp(line, "wait ", 5) == 0) {
            /* the feed's clock moves on: deterministic over the simulator */
            long ms;
            const char *what;
            size_t off;
            int cx, cy;
            if (num_parse_long(line + 5, 1, SCRIPT_WAIT_MAX_MS, &ms, &what, &off) != 0) {
                rc = err_setf(err, ALLOT_E_INPUT, "expected wait MS, 1 to %d milliseconds",
                              SCRIPT_WAIT_MAX_MS);
                break;
            }
            if (app_live_advance(app, ms) != 0) {
                rc = err_setf(err, ALLOT_E_INPUT, "wait: no feed to wait for (give --simulate "
                              "or --feed)");
                break;
            }
            app_render(app, &cx, &cy);
        } else if (parse_event(line, &ev) == 0) {
            feed(app, &ev);
        } else {
            rc = err_setf(err, ALLOT_E_INPUT, "unknown key \"%.60s\": a character, <Name> "
                          "(<Down>, <F5>, <C-c>, <Enter>), :command, type TEXT, size WxH or wait MS",
                          line);
            break;
        }
    }
    if (rc != 0)
        err_at(err, path, lineno, 1);
    fclose(fp);
    app_set_dump_stream(app, NULL);
    return rc;
}
