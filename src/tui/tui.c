#include <config.h>
#include "tui/tui.h"

#include <signal.h>
#include <string.h>

#include "tui/app.h"
#include "tui/apppriv.h"
#include "tui/script.h"
#include "tui/term.h"

#define TUI_DEFAULT_W 80
#define TUI_DEFAULT_H 24

static void print_err(const struct allot_err *err)
{
    char buf[ALLOT_ERR_FILE_MAX + ALLOT_ERR_MSG_MAX + 64];
    fprintf(stderr, "allot: %s\n", err_format(err, buf, sizeof buf));
}

static int run_script(const struct tui_options *opt)
{
    struct allot_err err;
    struct app *app;
    int w = opt->width > 0 ? opt->width : TUI_DEFAULT_W;
    int h = opt->height > 0 ? opt->height : TUI_DEFAULT_H;
    int status;

    err_clear(&err);
    app = app_new(opt, w, h, &err);
    if (app == NULL) {
        print_err(&err);
        return 1;
    }
    if (script_run(app, opt->script, stdout, &err) != 0) {
        print_err(&err);
        app_free(app);
        return 1;
    }
    if (opt->dump_screen) {
        int cx, cy;
        grid_dump(app_render(app, &cx, &cy), stdout);
    }
    status = app->exit_status;
    app_free(app);
    return status;
}

static void on_signal(int sig)
{
    app_signal_quit(sig);
}

int tui_run(const struct tui_options *opt)
{
    static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
    struct sigaction sa, old[3];
    struct allot_err err;
    struct tterm *term;
    struct app *app;
    int status;

    if (opt->script != NULL)
        return run_script(opt);
    err_clear(&err);
    if (term_check_tty(&err) != 0) {
        print_err(&err);
        return 2;
    }
    /* before newterm: curses leaves handlers it finds installed alone
     * (its own would exit without our cleanup) */
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;        /* no SA_RESTART: poll must return EINTR */
    for (size_t i = 0; i < 3; i++)
        sigaction(sigs[i], &sa, &old[i]);

    app = app_new(opt, TUI_DEFAULT_W, TUI_DEFAULT_H, &err);
    if (app == NULL) {
        print_err(&err);
        status = 1;
        goto out;
    }
    if (term_open(&term, stdout, stdin, NULL, &err) != 0) {
        print_err(&err);
        app_free(app);
        status = 2;
        goto out;
    }
    status = app_run(app, term);
    term_close(term);
    app_free(app);
out:
    for (size_t i = 0; i < 3; i++)
        sigaction(sigs[i], &old[i], NULL);
    return status;
}

void tui_print_keys_roff(FILE *out)
{
    keymap_roff(out);
}
