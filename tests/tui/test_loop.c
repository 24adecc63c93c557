/* Tests for tui/loop.c: the event loop on a real curses terminal (a
 * pseudo-terminal made here). A registered pipe's data reaches its
 * callback, timers fire, a key typed on the terminal quits, a signal
 * flag ends the loop with 128 + N, and a closed terminal ends it too
 * instead of spinning. A `:` command's progress is drawn and Esc typed
 * during it cancels the command (its error becomes the bottom line). */
#include <config.h>
#include "cmocka_wrap.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "store/positions.h"
#include "tmpdir.h"
#include "tui/app.h"
#include "tui/apppriv.h"
#include "tui/term.h"

#define TICK_MS 10
#define MAX_TICKS 300       /* 3 s: the loop is stuck if a test gets here */

struct rig {
    int master;
    FILE *in, *out;
    struct tterm *term;
    struct app *app;
};

struct probe {
    struct rig *rig;
    int pipe_w;
    long ticks;
    size_t got;             /* bytes the fd callback read */
    int wrote_q;
    int plan;               /* 0: type q; 1: raise a signal flag; 2: close the terminal */
};

static char db_file[300];

static void make_store(void)
{
    struct allot_err err;
    store_t *st;
    int64_t jid, id;
    if (db_file[0])
        return;
    tmpdir_file(db_file, sizeof db_file, "loop.db");
    assert_int_equal(store_open(db_file, STORE_CREATE, &st, &err), 0);
    assert_int_equal(store_begin(st, &err), 0);
    assert_int_equal(journal_begin(st, "portfolio new", "main", &jid, &err), 0);
    assert_int_equal(portfolio_create(st, jid, "main", &id, &err), 0);
    assert_int_equal(store_commit(st, &err), 0);
    store_close(st);
}

static void drain(int fd)
{
    char buf[4096];
    while (read(fd, buf, sizeof buf) > 0)
        ;
}

static void rig_up(struct rig *r)
{
    struct allot_err err;
    struct tui_options opt;
    struct winsize ws = { 24, 80, 0, 0 };
    int slave;
    make_store();
    r->master = posix_openpt(O_RDWR | O_NOCTTY);
    assert_true(r->master >= 0);
    assert_int_equal(grantpt(r->master), 0);
    assert_int_equal(unlockpt(r->master), 0);
    assert_int_equal(ioctl(r->master, TIOCSWINSZ, &ws), 0);
    slave = open(ptsname(r->master), O_RDWR | O_NOCTTY);
    assert_true(slave >= 0);
    fcntl(r->master, F_SETFL, O_NONBLOCK);
    r->in = fdopen(slave, "r");
    r->out = fdopen(dup(slave), "w");
    assert_non_null(r->in);
    assert_non_null(r->out);
    memset(&opt, 0, sizeof opt);
    opt.db_path = db_file;
    err_clear(&err);
    r->app = app_new(&opt, 80, 24, &err);
    assert_non_null(r->app);
    assert_int_equal(term_open(&r->term, r->out, r->in, "xterm-256color", &err), 0);
}

static void rig_down(struct rig *r)
{
    term_close(r->term);
    app_free(r->app);
    fclose(r->in);
    fclose(r->out);
    if (r->master >= 0)
        close(r->master);
}

static int on_pipe(struct app *app, int fd, short revents, void *ctx)
{
    struct probe *p = ctx;
    char buf[64];
    ssize_t n;
    (void)app;
    if (revents & POLLIN) {
        n = read(fd, buf, sizeof buf);
        if (n > 0)
            p->got += (size_t)n;
    }
    return REACT_REDRAW;
}

static int on_tick(struct app *app, int64_t now_ms, void *ctx)
{
    struct probe *p = ctx;
    (void)app;
    (void)now_ms;
    p->ticks++;
    if (p->rig->master >= 0)
        drain(p->rig->master);      /* the screen's output, so curses never blocks */
    if (p->ticks == 2)
        assert_int_equal(write(p->pipe_w, "hello", 5), 5);
    if (p->ticks == 5) {
        if (p->plan == 0 && !p->wrote_q) {
            assert_int_equal(write(p->rig->master, "q", 1), 1);
            p->wrote_q = 1;
        } else if (p->plan == 1) {
            app_signal_quit(SIGTERM);
        } else if (p->plan == 2) {
            close(p->rig->master);
            p->rig->master = -1;
        }
    }
    return p->ticks >= MAX_TICKS ? REACT_QUIT : REACT_NONE;
}

static void run_plan(int plan, int want_status)
{
    struct rig r;
    struct probe p;
    int fds[2], id, status;
    memset(&p, 0, sizeof p);
    rig_up(&r);
    assert_int_equal(pipe(fds), 0);
    p.rig = &r;
    p.pipe_w = fds[1];
    p.plan = plan;
    assert_int_equal(app_watch_fd(r.app, fds[0], POLLIN, on_pipe, &p), 0);
    id = app_add_timer(r.app, TICK_MS, on_tick, &p);
    assert_true(id > 0);
    status = app_run(r.app, r.term);
    assert_int_equal(status, want_status);
    assert_true(p.ticks >= 5);
    assert_true(p.ticks < MAX_TICKS);
    assert_int_equal(p.got, 5);
    app_unwatch_fd(r.app, fds[0]);
    app_remove_timer(r.app, id);
    close(fds[0]);
    close(fds[1]);
    rig_down(&r);
}

static void test_key_quits(void **state)
{
    (void)state;
    run_plan(0, 0);
}

static void test_closed_terminal_quits(void **state)
{
    (void)state;
    run_plan(2, 128 + SIGHUP);     /* as a hang-up */
}

/* last: the signal flag is the process's */
static void test_signal_quits(void **state)
{
    (void)state;
    run_plan(1, 128 + SIGTERM);
}

/* A `:` command that reports progress for up to 4 s (as an import does
 * through main.c's run_command), Esc typed on the terminal at its fifth
 * report. */
struct slow_cmd {
    struct rig *rig;
    int calls, cancelled_at, ran;
};

static int slow_command(void *ctx, int argc, char **argv, FILE *out, FILE *err,
                        tui_progress_fn progress, void *progress_ctx)
{
    struct slow_cmd *s = ctx;
    struct timespec ts = { 0, 2 * 1000 * 1000 };
    (void)argc;
    (void)argv;
    (void)out;
    s->ran++;
    for (s->calls = 0; s->calls < 2000; s->calls++) {
        if (s->calls == 5)
            assert_int_equal(write(s->rig->master, "\x1b", 1), 1);
        drain(s->rig->master);
        if (progress(progress_ctx, "reading big.csv", (size_t)s->calls, 2000) != 0) {
            s->cancelled_at = s->calls;
            fprintf(err, "allot: import cancelled; nothing was stored\n");
            return 1;
        }
        nanosleep(&ts, NULL);
    }
    return 0;
}

struct cmd_probe {
    struct rig *rig;
    struct slow_cmd *cmd;
    long ticks;
    char msg_after[512];
};

static int on_cmd_tick(struct app *app, int64_t now_ms, void *ctx)
{
    struct cmd_probe *p = ctx;
    (void)now_ms;
    p->ticks++;
    drain(p->rig->master);
    if (p->ticks == 2)
        assert_int_equal(write(p->rig->master, ":import prices big.csv\r", 23), 23);
    if (p->cmd->ran && p->msg_after[0] == '\0') {
        snprintf(p->msg_after, sizeof p->msg_after, "%s", app->msg);
        assert_int_equal(write(p->rig->master, "q", 1), 1);
    }
    return p->ticks >= MAX_TICKS ? REACT_QUIT : REACT_NONE;
}

static void test_esc_cancels_command(void **state)
{
    struct rig r;
    struct slow_cmd s;
    struct cmd_probe p;
    int id;
    (void)state;
    memset(&s, 0, sizeof s);
    memset(&p, 0, sizeof p);
    rig_up(&r);
    s.rig = &r;
    p.rig = &r;
    p.cmd = &s;
    r.app->opt.run_command = slow_command;
    r.app->opt.run_ctx = &s;
    id = app_add_timer(r.app, TICK_MS, on_cmd_tick, &p);
    assert_true(id > 0);
    assert_int_equal(app_run(r.app, r.term), 0);
    assert_int_equal(s.ran, 1);
    /* Esc arrives after curses' escape delay (25 ms): well before the end */
    assert_true(s.cancelled_at >= 5);
    assert_true(s.cancelled_at < 1000);
    assert_string_equal(p.msg_after, "import cancelled; nothing was stored");
    assert_true(p.ticks < MAX_TICKS);
    app_remove_timer(r.app, id);
    rig_down(&r);
}

static void test_registration_limits(void **state)
{
    struct rig r;
    struct probe p;
    (void)state;
    memset(&p, 0, sizeof p);
    rig_up(&r);
    for (int i = 0; i < APP_MAX_WATCH; i++)
        assert_int_equal(app_watch_fd(r.app, 100 + i, POLLIN, on_pipe, &p), 0);
    assert_int_equal(app_watch_fd(r.app, 200, POLLIN, on_pipe, &p), -1);
    app_unwatch_fd(r.app, 105);
    assert_int_equal(app_watch_fd(r.app, 200, POLLIN, on_pipe, &p), 0);
    for (int i = 0; i < APP_MAX_TIMERS; i++)
        assert_true(app_add_timer(r.app, 1000, on_tick, &p) > 0);
    assert_int_equal(app_add_timer(r.app, 1000, on_tick, &p), -1);
    rig_down(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_registration_limits),
        cmocka_unit_test(test_key_quits),
        cmocka_unit_test(test_closed_terminal_quits),
        cmocka_unit_test(test_esc_cancels_command),
        cmocka_unit_test(test_signal_quits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
