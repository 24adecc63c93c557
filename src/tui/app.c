/* app.c: the root struct app, action dispatch, overlays and rendering
 * of the whole screen. The poll loop is in loop.c, scripted replay in
 * script.c. */
#include <config.h>
#include "tui/app.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/apppriv.h"
#include "tui/cmdline.h"
#include "tui/livefeed.h"
#include "tui/panel.h"
#include "tui/statusbar.h"
#include "util/date.h"
#include "util/str.h"
#include "util/xalloc.h"

static const struct screen_ops *const all_screens[APP_NSCREENS] = {
    &scr_positions_ops, &scr_exposure_ops, &scr_corr_ops, &scr_optimize_ops, &scr_risk_ops,
};

/* `:` words the UI handles itself, before any subcommand. */
static const char *const builtins[] = { "quit", "q", "help", "dump" };
#define NBUILTINS (sizeof builtins / sizeof builtins[0])

/* ---- services for screens ---- */

const struct model *app_model(const struct app *app)
{
    return &app->model;
}

struct model *app_model_rw(struct app *app)
{
    return &app->model;
}

const struct theme *app_theme(const struct app *app)
{
    return &app->theme;
}

const char *app_key_for(const struct app *app, enum keyctx ctx, enum action a, char *out,
                        size_t n)
{
    out[0] = '\0';
    for (size_t i = 0; i < app->km.n; i++) {
        if (app->km.b[i].ctx == ctx && app->km.b[i].action == a) {
            keymap_key_name(app->km.b[i].key, out, n);
            break;
        }
    }
    return out;
}

void app_message(struct app *app, int role, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(app->msg, sizeof app->msg, fmt, ap);
    va_end(ap);
    /* one line: stop at a newline, control bytes shown as '?' */
    app->msg[strcspn(app->msg, "\n")] = '\0';
    for (char *p = app->msg; *p; p++)
        if ((unsigned char)*p < ' ')
            *p = '?';
    app->msg_role = role;
}

void app_confirm(struct app *app, const char *question, app_yes_fn yes, void *ctx)
{
    str_copy(app->question, sizeof app->question, question);
    app->yes = yes;
    app->yes_ctx = ctx;
    app->confirming = 1;
}

void app_show_text(struct app *app, const char *title, const char *text)
{
    pager_set_text(&app->pager, title, text);
    app->chosen = NULL;
}

void app_choose(struct app *app, const char *title, const char *const *items, size_t n,
                size_t sel, app_choose_fn chosen, void *ctx)
{
    pager_set_list(&app->pager, title, items, n, sel);
    app->chosen = chosen;
    app->chosen_ctx = ctx;
}

int app_goto(struct app *app, size_t i, const char *req)
{
    struct screen *s;
    if (i >= APP_NSCREENS)
        return REACT_NONE;
    app->cur = i;
    s = &app->screens[i];
    if (req != NULL && s->ops->request != NULL)
        return s->ops->request(s, req) | REACT_REDRAW;
    return REACT_REDRAW;
}

int app_feed_stale(const struct app *app)
{
    return app->live != NULL && (app->feed_role == ROLE_STALE || app->feed_role == ROLE_ERROR);
}

void app_set_feed(struct app *app, const char *state, int role)
{
    str_copy(app->feed, sizeof app->feed, state);
    app->feed_role = role;
    app->dirty_async = 1;
}

void app_set_dump_stream(struct app *app, FILE *fp)
{
    app->dump = fp;
}

int app_quitting(const struct app *app)
{
    return app->quit;
}

/* ---- building ---- */

void app_choose_theme(struct app *app)
{
    int color = !app->opt.no_color && theme_env_allows_color() && app->cfg.color != 0;
    int utf8 = app->cfg.glyphs >= 0 ? app->cfg.glyphs : theme_locale_utf8();
    if (app->term != NULL) {
        color = color && term_has_colors(app->term);
        if (app->cfg.glyphs < 0)
            utf8 = utf8 && term_can_draw_lines(app->term);
    }
    theme_init(&app->theme, color, utf8);
}

static void config_message(struct app *app)
{
    if (app->cfg.nerrors == 0)
        return;
    if (app->cfg.nerrors == 1)
        app_message(app, ROLE_WARN, "%s", app->cfg.errors[0]);
    else
        app_message(app, ROLE_WARN, "%s (+%zu more, see ?)", app->cfg.errors[0],
                    app->cfg.nerrors - 1);
}

/* ---- live quotes ---- */

/* What a feed step means to the screen: the status bar, a failure on
 * the bottom line (once per message), a redraw when anything moved. */
static int live_apply(struct app *app, int r)
{
    if (r & LIVEFEED_STATUS) {
        int role;
        const char *s = livefeed_status(app->live, &role);
        app_set_feed(app, s, role);
    }
    if ((r & LIVEFEED_NOTICE) && !(r & LIVEFEED_FAILED))
        app_message(app, ROLE_STALE, "feed: %s", livefeed_notice(app->live));
    if (r & LIVEFEED_FAILED) {
        char buf[sizeof app->msg];
        snprintf(buf, sizeof buf, "feed: %s", livefeed_last_error(app->live));
        if (strcmp(buf, app->msg) == 0)
            r &= ~LIVEFEED_FAILED;
        else
            app_message(app, ROLE_ERROR, "%s", buf);
    }
    return r != 0 ? REACT_REDRAW : REACT_NONE;
}

static int live_timer(struct app *app, int64_t now_ms, void *ctx)
{
    (void)ctx;
    return live_apply(app, livefeed_step(app->live, &app->model, now_ms));
}

int app_live_advance(struct app *app, int64_t ms)
{
    int64_t end;
    if (app->live == NULL)
        return -1;
    end = app->live_clock + ms;
    while (app->live_clock < end) {
        app->live_clock += LIVEFEED_PERIOD_MS;
        if (app->live_clock > end)
            app->live_clock = end;
        live_apply(app, livefeed_step(app->live, &app->model, app->live_clock));
    }
    return 0;
}

struct app *app_new(const struct tui_options *opt, int w, int h, struct allot_err *err)
{
    struct app *app = xcalloc(1, sizeof *app);
    char path[4096];
    const char *db = opt->db_path;
    size_t nw = 0;

    app->opt = *opt;
    app->exit_status = 0;
    keymap_init(&app->km);
    userconf_load(NULL, &app->km, &app->cfg);
    app_choose_theme(app);
    config_message(app);
    str_copy(app->feed, sizeof app->feed, "off");
    app->feed_role = ROLE_DIM;
    if (db == NULL) {
        if (store_default_path(path, sizeof path, err) != 0) {
            app_free(app);
            return NULL;
        }
        db = path;
    }
    if (model_open(&app->model, db, opt->portfolio, err) != 0) {
        keymap_done(&app->km);
        free(app);
        return NULL;
    }
    app->words = xcalloc(opt->ncommands + NBUILTINS + 1, sizeof *app->words);
    for (size_t i = 0; i < opt->ncommands; i++)
        app->words[nw++] = opt->commands[i];
    for (size_t i = 0; i < NBUILTINS; i++)
        app->words[nw++] = builtins[i];
    cmdline_init(&app->cmd, app->words, nw);
    cmdline_init(&app->search, NULL, 0);
    app->w = w;
    app->h = h;
    app->need_layout = 1;
    for (size_t i = 0; i < APP_NSCREENS; i++) {
        app->screens[i].ops = all_screens[i];
        app->screens[i].app = app;
        if (all_screens[i]->init(&app->screens[i]) != 0) {
            err_setf(err, ALLOT_E_NOMEM, "cannot set up the %s screen", all_screens[i]->name);
            app->nscreens_ready = i;
            app_free(app);
            return NULL;
        }
        app->nscreens_ready = i + 1;
        all_screens[i]->on_reload(&app->screens[i]);
    }
    app->timer_seq = 1;
    if (opt->feed != NULL) {
        app->live_clock = app_mono_ms();
        app->live = livefeed_new(opt->feed, opt->feed_memory ? NULL : model_store(&app->model),
                                 app->live_clock);
        live_apply(app, LIVEFEED_STATUS);
        app_add_timer(app, LIVEFEED_PERIOD_MS, live_timer, NULL);
    }
    return app;
}

void app_free(struct app *app)
{
    if (app == NULL)
        return;
    livefeed_free(app->live);
    for (size_t i = 0; i < app->nscreens_ready; i++)
        app->screens[i].ops->done(&app->screens[i]);
    pager_done(&app->pager);
    cmdline_done(&app->cmd);
    cmdline_done(&app->search);
    keymap_done(&app->km);
    model_close(&app->model);
    grid_done(&app->grid);
    free(app->words);
    free(app);
}

/* ---- reactions ---- */

static void reload(struct app *app)
{
    struct allot_err err;
    err_clear(&err);
    if (model_reload(&app->model, &err) != 0) {
        char buf[ALLOT_ERR_MSG_MAX + 64];
        app_message(app, ROLE_ERROR, "reloading: %s", err_format(&err, buf, sizeof buf));
    }
    for (size_t i = 0; i < APP_NSCREENS; i++)
        app->screens[i].ops->on_reload(&app->screens[i]);
}

void app_apply(struct app *app, int react)
{
    if (react & REACT_RELOAD) {
        reload(app);
        react |= REACT_REDRAW;
    }
    if (react & REACT_RELAYOUT)
        app->need_layout = 1;
    if (react & REACT_QUIT)
        app->quit = 1;
}

void app_resize(struct app *app, int w, int h)
{
    app->w = w;
    app->h = h;
    app->need_layout = 1;
}

static struct screen *cur_screen(struct app *app)
{
    return &app->screens[app->cur];
}

static int too_small(const struct app *app)
{
    return app->w < TUI_MIN_W || app->h < TUI_MIN_H;
}

/* ---- rendering ---- */

static struct rect body_rect(const struct app *app)
{
    return (struct rect){ 0, 1, app->w, app->h - 3 };
}

static void render_bottom(struct app *app, int *cx, int *cy)
{
    int y = app->h - 1;
    grid_fill(&app->grid, (struct rect){ 0, y, app->w, 1 }, ' ', ROLE_NORMAL);
    if (app->confirming) {
        grid_text(&app->grid, 0, y, app->w, app->question, ROLE_WARN);
    } else if (app->prompt) {
        char lead[2] = { (char)app->prompt, '\0' };
        struct cmdline *c = app->prompt == ':' ? &app->cmd : &app->search;
        grid_text(&app->grid, 0, y, 1, lead, ROLE_NORMAL);
        lineedit_render(&c->le, &app->grid, 1, y, app->w - 2, ROLE_NORMAL, cx);
        *cy = y;
    } else {
        grid_text(&app->grid, 0, y, app->w, app->msg, app->msg_role);
    }
}

const struct grid *app_render(struct app *app, int *cx, int *cy)
{
    struct screen *s = cur_screen(app);
    struct rect body = body_rect(app);
    const char *names[APP_NSCREENS];
    const struct portfolio_info *pi = model_portfolio(&app->model);
    struct status_info si;
    const char *base;
    char help[32], right[64];

    *cx = *cy = -1;
    if (app->grid.w != app->w || app->grid.h != app->h)
        grid_resize(&app->grid, app->w, app->h);
    else
        grid_clear(&app->grid);
    if (too_small(app)) {
        panel_too_small(&app->grid);
        return &app->grid;
    }
    if (app->need_layout) {
        for (size_t i = 0; i < APP_NSCREENS; i++)
            app->screens[i].ops->layout(&app->screens[i], body);
        app->need_layout = 0;
    }
    for (size_t i = 0; i < APP_NSCREENS; i++)
        names[i] = app->screens[i].ops->name;
    app_key_for(app, KC_GLOBAL, A_HELP, help, sizeof help);
    snprintf(right, sizeof right, "%s%s", help, help[0] ? " help" : "");
    statusbar_tabs(&app->grid, 0, names, APP_NSCREENS, app->cur, right, &app->theme);

    s->ops->render(s, &app->grid, body);
    if (!pager_open(&app->pager) && !app->prompt && !app->confirming && s->ops->cursor != NULL)
        if (!s->ops->cursor(s, cx, cy))
            *cx = *cy = -1;
    if (pager_open(&app->pager)) {
        pager_render(&app->pager, &app->grid, body, &app->theme);
        *cx = *cy = -1;
    }

    base = strrchr(store_path(app->model.st), '/');
    memset(&si, 0, sizeof si);
    si.store = base ? base + 1 : store_path(app->model.st);
    si.portfolio = pi ? pi->name : NULL;
    si.npos = app->model.npos;
    si.equity_state = app->model.val.ok ? 1 : app->model.npos > 0 ? -1 : 0;
    si.equity_usd = app->model.val.total.value_usd;
    si.feed = app->feed;
    si.feed_role = app->feed_role;
    si.clock_ms = date_now_ms();
    statusbar_render(&app->grid, app->h - 2, &si, &app->theme);
    render_bottom(app, cx, cy);
    return &app->grid;
}

/* ---- `:` commands ---- */

void app_dump(struct app *app, FILE *fp)
{
    int cx, cy;
    grid_dump(app_render(app, &cx, &cy), fp);
}

static void dump_screen(struct app *app, const char *file)
{
    int cx, cy;
    FILE *fp = app->dump;
    /* what is on screen, without the command line being typed */
    app->prompt = 0;
    app_render(app, &cx, &cy);
    if (file != NULL) {
        fp = fopen(file, "w");
        if (fp == NULL) {
            app_message(app, ROLE_ERROR, "cannot write %s", file);
            return;
        }
    }
    if (fp == NULL) {
        app_message(app, ROLE_ERROR, "dump: say where, :dump FILE");
        return;
    }
    grid_dump(&app->grid, fp);
    if (file != NULL) {
        if (fclose(fp) != 0)
            app_message(app, ROLE_ERROR, "cannot write %s", file);
        else
            app_message(app, ROLE_OK, "screen written to %s", file);
    }
}

/* Errors of subcommands start "allot: ": on our own line that is noise. */
static const char *unprefix(const char *s)
{
    return strncmp(s, "allot: ", 7) == 0 ? s + 7 : s;
}

/* A command's progress, shown as app_progress shows it (Esc cancels). */
static int command_progress(void *ctx, const char *what, size_t done, size_t total)
{
    return app_progress(ctx, what, done, total);
}

static int run_subcommand(struct app *app, const char *line, int argc, char **argv)
{
    char *obuf = NULL, *ebuf = NULL;
    size_t olen = 0, elen = 0;
    FILE *out, *err;
    int rc;

    if (app->opt.run_command == NULL) {
        app_message(app, ROLE_ERROR, "commands are not available here");
        return REACT_REDRAW;
    }
    out = open_memstream(&obuf, &olen);
    err = open_memstream(&ebuf, &elen);
    if (out == NULL || err == NULL) {
        if (out != NULL)
            fclose(out);
        if (err != NULL)
            fclose(err);
        app_message(app, ROLE_ERROR, "cannot capture the output of %s", argv[0]);
        return REACT_REDRAW;
    }
    rc = app->opt.run_command(app->opt.run_ctx, argc, argv, out, err, command_progress, app);
    fclose(out);
    fclose(err);
    /* one line of output is a message; more go to the pager */
    if (olen > 0 && (rc != 0 || elen > 0 || strchr(obuf, '\n') != obuf + olen - 1)) {
        struct strbuf text = { 0 };
        char title[128];
        strbuf_puts(&text, obuf ? obuf : "");
        if (elen > 0) {
            if (olen > 0)
                strbuf_puts(&text, "\n");
            strbuf_puts(&text, ebuf);
        }
        snprintf(title, sizeof title, ":%.100s", line);
        app_show_text(app, title, strbuf_str(&text));
        strbuf_free(&text);
    }
    if (rc != 0 && elen > 0)
        app_message(app, ROLE_ERROR, "%s", unprefix(ebuf));
    else if (rc != 0)
        app_message(app, ROLE_ERROR, "%s failed (exit status %d)", argv[0], rc);
    else if (elen > 0)
        app_message(app, ROLE_WARN, "%s", unprefix(ebuf));
    else if (olen == 0)
        app_message(app, ROLE_OK, "done: %s", line);
    else if (!pager_open(&app->pager))
        app_message(app, ROLE_OK, "%s", obuf);
    free(obuf);
    free(ebuf);
    /* a command may have changed anything in the store */
    return REACT_RELOAD | REACT_REDRAW;
}

static int quit_asked(struct app *app);

static int run_line(struct app *app, const char *line)
{
    struct allot_err err;
    int argc, r = REACT_REDRAW;
    char **argv;
    err_clear(&err);
    cmdline_remember(&app->cmd, line);
    if (cmdline_split(line, &argc, &argv, &err) != 0) {
        app_message(app, ROLE_ERROR, ":%ld: %s", err.col, err.msg);
        return REACT_REDRAW;
    }
    if (argc == 0) {
        cmdline_argv_free(argc, argv);
        return REACT_REDRAW;
    }
    if (strcmp(argv[0], "q") == 0 || strcmp(argv[0], "quit") == 0)
        r = quit_asked(app);
    else if (strcmp(argv[0], "help") == 0)
        r = app_action(app, A_HELP, NULL);
    else if (strcmp(argv[0], "dump") == 0)
        dump_screen(app, argc > 1 ? argv[1] : NULL);
    else
        r = run_subcommand(app, line, argc, argv);
    cmdline_argv_free(argc, argv);
    return r;
}

/* ---- app-level actions ---- */

static int quit_now(struct app *app, void *ctx)
{
    (void)app;
    (void)ctx;
    return REACT_QUIT;
}

static int quit_asked(struct app *app)
{
    struct screen *s = cur_screen(app);
    if (s->ops->unsaved != NULL && s->ops->unsaved(s)) {
        app_confirm(app, "the form has unsaved changes: quit anyway? (y/n)", quit_now, NULL);
        return REACT_REDRAW;
    }
    return REACT_QUIT;
}

static int portfolio_chosen(struct app *app, size_t i, void *ctx)
{
    struct allot_err err;
    (void)ctx;
    err_clear(&err);
    if (model_select(&app->model, i, &err) != 0) {
        app_message(app, ROLE_ERROR, "%s", err.msg);
        return REACT_REDRAW;
    }
    app_message(app, ROLE_OK, "portfolio %s", model_portfolio(&app->model)->name);
    /* the model is loaded: let the screens rebuild */
    for (size_t k = 0; k < APP_NSCREENS; k++)
        app->screens[k].ops->on_reload(&app->screens[k]);
    return REACT_REDRAW;
}

static int choose_portfolio(struct app *app)
{
    const struct model *m = &app->model;
    char **items;
    if (m->npf == 0) {
        app_message(app, ROLE_WARN, "no portfolio yet: :portfolio new NAME creates one");
        return REACT_REDRAW;
    }
    items = xcalloc(m->npf, sizeof *items);
    for (size_t i = 0; i < m->npf; i++) {
        char buf[128];
        snprintf(buf, sizeof buf, "%-20s %5ld position%s", m->pf[i].name,
                 m->pf[i].n_positions, m->pf[i].n_positions == 1 ? "" : "s");
        items[i] = xstrdup(buf);
    }
    app_choose(app, "Portfolio", (const char *const *)items, m->npf,
               m->cur >= 0 ? (size_t)m->cur : 0, portfolio_chosen, NULL);
    for (size_t i = 0; i < m->npf; i++)
        free(items[i]);
    free(items);
    return REACT_REDRAW;
}

static int undo(struct app *app)
{
    struct allot_err err;
    int64_t undone;
    char what[320];
    err_clear(&err);
    if (model_undo(&app->model, &undone, what, sizeof what, &err) != 0) {
        app_message(app, err.code == ALLOT_E_NOTFOUND ? ROLE_WARN : ROLE_ERROR, "undo: %s",
                    err.msg);
        return REACT_REDRAW;
    }
    app_message(app, ROLE_OK, "undid journal entry %lld: %s", (long long)undone, what);
    return REACT_RELOAD;
}

static void switch_screen(struct app *app, size_t i)
{
    app->cur = i % APP_NSCREENS;
}

int app_action(struct app *app, int action, const struct tui_event *ev)
{
    struct screen *s = cur_screen(app);
    switch (action) {
    case A_QUIT:
        return quit_asked(app);
    case A_INTERRUPT:
        app->exit_status = APP_EXIT_INTERRUPT;
        return REACT_QUIT;
    case A_HELP: {
        struct strbuf b = { 0 };
        if (app->cfg.nerrors > 0) {
            strbuf_puts(&b, "Lines of the configuration file that were skipped:\n");
            for (size_t i = 0; i < app->cfg.nerrors && i < USERCONF_MAX_ERRORS; i++)
                strbuf_printf(&b, "  %s\n", app->cfg.errors[i]);
            if (app->cfg.nerrors > USERCONF_MAX_ERRORS)
                strbuf_printf(&b, "  ... and %zu more\n", app->cfg.nerrors - USERCONF_MAX_ERRORS);
            strbuf_puts(&b, "\n");
        }
        keymap_help_text(&app->km, &b);
        strbuf_puts(&b, "\nKeys can be changed in the configuration file: "
                        "see man allot, CONFIGURATION.\n");
        app_show_text(app, "Keys", strbuf_str(&b));
        strbuf_free(&b);
        return REACT_REDRAW;
    }
    case A_COMMAND:
        app->prompt = ':';
        cmdline_start(&app->cmd, "");
        return REACT_REDRAW;
    case A_SEARCH:
        if (s->ops->filter == NULL) {
            app_message(app, ROLE_WARN, "nothing to search on this screen");
            return REACT_REDRAW;
        }
        app->prompt = '/';
        str_copy(app->search_before, sizeof app->search_before, s->ops->filter_text(s));
        cmdline_start(&app->search, app->search_before);
        return REACT_REDRAW;
    case A_UNDO:
        return undo(app);
    case A_RELOAD:
        app_message(app, ROLE_OK, "reloaded %s", store_path(app->model.st));
        return REACT_RELOAD;
    case A_REDRAW:
        app->redraw_all = 1;
        return REACT_REDRAW;
    case A_PORTFOLIO:
        return choose_portfolio(app);
    case A_SCREEN1: case A_SCREEN2: case A_SCREEN3: case A_SCREEN4: case A_SCREEN5:
        switch_screen(app, (size_t)(action - A_SCREEN1));
        return REACT_REDRAW;
    case A_NEXT_SCREEN:
        switch_screen(app, app->cur + 1);
        return REACT_REDRAW;
    case A_PREV_SCREEN:
        switch_screen(app, app->cur + APP_NSCREENS - 1);
        return REACT_REDRAW;
    case A_CLICK:
        if (ev != NULL && ev->my == 0) {
            const char *names[APP_NSCREENS];
            int t;
            for (size_t i = 0; i < APP_NSCREENS; i++)
                names[i] = app->screens[i].ops->name;
            if ((t = statusbar_tab_at(names, APP_NSCREENS, ev->mx)) >= 0)
                switch_screen(app, (size_t)t);
        }
        return REACT_REDRAW;
    case A_CANCEL:
        app->msg[0] = '\0';
        return REACT_REDRAW;
    default:
        return REACT_NONE;
    }
}

/* ---- dispatch ---- */

static int on_confirm(struct app *app, const struct tui_event *ev)
{
    enum action a = keymap_lookup1(&app->km, KC_CONFIRM, ev->key);
    app_yes_fn yes = app->yes;
    switch (a) {
    case A_YES:
        app->confirming = 0;
        app->msg[0] = '\0';
        return yes != NULL ? yes(app, app->yes_ctx) | REACT_REDRAW : REACT_REDRAW;
    case A_NO:
        app->confirming = 0;
        app_message(app, ROLE_NORMAL, "cancelled");
        return REACT_REDRAW;
    case A_INTERRUPT:
        return app_action(app, A_INTERRUPT, ev);
    default:
        return REACT_NONE;
    }
}

static int on_prompt(struct app *app, const struct tui_event *ev)
{
    enum action a = keymap_lookup1(&app->km, KC_PROMPT, ev->key);
    struct cmdline *c = app->prompt == ':' ? &app->cmd : &app->search;
    struct screen *s = cur_screen(app);
    char msg[512], line[LINEEDIT_MAX];
    int r = REACT_REDRAW;

    if (a == A_INTERRUPT)
        return app_action(app, A_INTERRUPT, ev);
    if (a == A_ACCEPT) {
        int kind = app->prompt;
        str_copy(line, sizeof line, lineedit_text(&c->le));
        app->prompt = 0;
        if (kind == ':')
            return run_line(app, line);
        cmdline_remember(&app->search, line);
        return REACT_REDRAW;
    }
    if (a == A_CANCEL) {
        if (app->prompt == '/')
            s->ops->filter(s, app->search_before);
        app->prompt = 0;
        return REACT_REDRAW;
    }
    if (a == A_NONE && keymap_key_printable(ev->key))
        lineedit_insert(&c->le, (unsigned)ev->key);
    else if (!cmdline_action(c, a, msg, sizeof msg))
        return REACT_NONE;
    else if (msg[0])
        app_message(app, ROLE_NORMAL, "%s", msg);
    if (app->prompt == '/')
        r |= s->ops->filter(s, lineedit_text(&c->le));
    return r;
}

static int on_pager(struct app *app, const struct tui_event *ev)
{
    enum action a = keymap_lookup1(&app->km, KC_PAGER, ev->key);
    int r;
    if (a == A_INTERRUPT)
        return app_action(app, A_INTERRUPT, ev);
    r = pager_action(&app->pager, a, ev);
    if (r & PAGER_CHOSEN) {
        app_choose_fn fn = app->chosen;
        size_t sel = (size_t)app->pager.sel;
        pager_done(&app->pager);
        app->chosen = NULL;
        return fn != NULL ? fn(app, sel, app->chosen_ctx) | REACT_REDRAW : REACT_REDRAW;
    }
    if (r & PAGER_CLOSE) {
        pager_done(&app->pager);
        app->chosen = NULL;
    }
    return r & (REACT_REDRAW | REACT_RELAYOUT | REACT_RELOAD | REACT_QUIT);
}

static int on_screen(struct app *app, const struct tui_event *ev)
{
    struct screen *s = cur_screen(app);
    enum keyctx ctx = s->ops->context ? s->ops->context(s) : s->ops->ctx;
    enum keyctx chain[3];
    size_t n = 0;
    enum action a;
    int r;

    if (ctx == KC_FORM) {
        /* modal: every key goes to the form */
        a = keymap_lookup1(&app->km, KC_FORM, ev->key);
        if (a == A_INTERRUPT)
            return app_action(app, A_INTERRUPT, ev);
        if (a == A_NONE && keymap_key_printable(ev->key))
            a = A_INSERT;
        if (a == A_NONE)
            return REACT_NONE;
        r = s->ops->on_action(s, a, ev);
        if (r & REACT_UNHANDLED)
            r = app_action(app, a, ev);
        return r;
    }
    chain[n++] = ctx;
    if (s->ops->has_table)
        chain[n++] = KC_TABLE;
    chain[n++] = KC_GLOBAL;
    a = keymap_lookup(&app->km, chain, n, ev->key);
    if (a == A_NONE)
        return REACT_NONE;
    app->msg[0] = '\0';
    if (a == A_CLICK && ev->my == 0)
        return app_action(app, a, ev);
    r = s->ops->on_action(s, a, ev);
    if (r & REACT_UNHANDLED)
        r = app_action(app, a, ev);
    return r;
}

int app_feed(struct app *app, const struct tui_event *ev)
{
    int r;
    if (ev->key == TK_RESIZE)
        return REACT_RELAYOUT | REACT_REDRAW;
    if (too_small(app)) {
        /* nothing is visible: only leaving works */
        enum action a = keymap_lookup1(&app->km, KC_GLOBAL, ev->key);
        if (a == A_QUIT || a == A_INTERRUPT)
            r = app_action(app, a, ev);
        else
            r = REACT_NONE;
    } else if (app->confirming) {
        r = on_confirm(app, ev);
    } else if (app->prompt) {
        r = on_prompt(app, ev);
    } else if (pager_open(&app->pager)) {
        r = on_pager(app, ev);
    } else {
        r = on_screen(app, ev);
    }
    app_apply(app, r);
    return r;
}
