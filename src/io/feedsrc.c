#include <config.h>
#include "io/feedsrc.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util/str.h"
#include "util/xalloc.h"

extern char **environ;

/* Bytes read from one descriptor per call before yielding to the loop. */
#define READ_BUDGET (1 << 20)
/* After a command closed its output, how often its exit is looked for. */
#define EXIT_POLL_MS 10
/* How often feed_free checks whether the commands have exited. */
#define REAP_POLL_NS 2000000L

struct linebuf {
    char *buf;
    size_t len, cap;    /* cap = line_max + 1: a full line and its newline */
    size_t scan;        /* bytes before this hold no newline */
    int skipping;       /* inside an overlong line: drop up to its newline */
};

struct src {
    enum feed_kind kind;
    char *spec;
    size_t index;
    int fd;                 /* stdout, file, FIFO or stdin; -1 when closed */
    int efd;                /* a command's stderr; -1 when closed */
    struct linebuf lb;
    char ebuf[FEED_SHOW_MAX];
    size_t elen;

    int started, finished, dead, missing;
    int64_t start_ms;       /* first start or open: the age before the first line */
    int64_t last_line_ms;   /* -1 before the first line */
    long lines, quotes, bad, restarts;
    char last_bad[FEED_SHOW_MAX];
    struct allot_err last_err;
    char last_msg[FEED_SHOW_MAX];

    /* commands */
    pid_t pid, pgid;        /* the running leader and its group; 0 when none */
    int out_eof;            /* the command closed its stdout */
    int64_t out_eof_ms, run_start_ms, next_start_ms, backoff_ms, term_ms, next_check_ms;
    int last_exit;
    pid_t stray;            /* the group of a command that exited, still to kill */
    int64_t stray_ms;

    /* regular files */
    dev_t dev;
    ino_t ino;
    off_t off;
    int64_t next_stat_ms;

    /* standard input */
    int saved_flags;

    /* generators */
    feed_gen_fn gen;
    void *gctx;
    void (*gfree)(void *);
    int64_t gen_next_ms;
};

struct feed {
    struct feed_opts o;
    struct src *s;
    size_t n, cap;
    feed_bad_fn bad_fn;
    void *bad_ctx;
};

struct feed_emit {
    struct feed *f;
    struct src *s;
    int64_t now;
    feed_quote_fn cb;
    void *ctx;
};

int64_t feed_clock_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void feed_opts_init(struct feed_opts *o)
{
    memset(o, 0, sizeof *o);
    o->stale_ms = FEED_STALE_MS;
    o->restart_ms = FEED_RESTART_MS;
    o->restart_max_ms = FEED_RESTART_MAX_MS;
    o->restart_reset_ms = FEED_RESTART_RESET_MS;
    o->max_restarts = -1;
    o->kill_grace_ms = FEED_KILL_GRACE_MS;
    o->follow_ms = FEED_FOLLOW_MS;
    o->line_max = FEED_LINE_MAX;
    o->follow = 1;
}

const char *feed_state_name(enum feed_state s)
{
    static const char *const names[] = { "live", "stale", "restarting", "dead", "eof" };
    return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : "?";
}

const char *feed_kind_name(enum feed_kind k)
{
    static const char *const names[] = { "command", "file", "fifo", "stdin", "generator" };
    return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "?";
}

void feed_sanitize(char *out, size_t outn, const char *s, size_t n)
{
    size_t room = outn - 1, i;
    if (outn == 0)
        return;
    if (n > room && room >= 3)
        room -= 3;
    for (i = 0; i < n && i < room; i++) {
        unsigned char c = (unsigned char)s[i];
        out[i] = c < ' ' || c >= 0x7f ? '?' : (char)c;
    }
    if (i < n && outn > 3) {
        memcpy(out + i, "...", 3);
        i += 3;
    }
    out[i] = '\0';
}

struct feed *feed_new(const struct feed_opts *o)
{
    struct feed *f = xcalloc(1, sizeof *f);
    if (o != NULL)
        f->o = *o;
    else
        feed_opts_init(&f->o);
    if (f->o.line_max == 0)
        f->o.line_max = FEED_LINE_MAX;
    return f;
}

void feed_on_bad(struct feed *f, feed_bad_fn fn, void *ctx)
{
    f->bad_fn = fn;
    f->bad_ctx = ctx;
}

size_t feed_count(const struct feed *f)
{
    return f->n;
}

static struct src *new_src(struct feed *f, enum feed_kind kind, const char *spec)
{
    struct src *s;
    if (f->n == f->cap) {
        f->cap = f->cap ? 2 * f->cap : 4;
        f->s = xreallocarray(f->s, f->cap, sizeof *f->s);
    }
    s = &f->s[f->n];
    memset(s, 0, sizeof *s);
    s->kind = kind;
    s->spec = xstrdup(spec);
    s->index = f->n;
    s->fd = s->efd = -1;
    s->last_line_ms = -1;
    s->last_exit = FEED_NO_EXIT;
    s->backoff_ms = f->o.restart_ms;
    s->lb.cap = f->o.line_max + 1;
    s->lb.buf = xmalloc(s->lb.cap);
    f->n++;
    return s;
}

/* Open a path for reading, never blocking (a FIFO without a writer). */
static int open_ro(const char *path)
{
    int fd;
    do
        fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    while (fd < 0 && errno == EINTR);
    return fd;
}

/* (Re)open a followed regular file from its start. Returns 0 or -errno
 * (-EINVAL for a path that is no regular file any more). */
static int file_open(struct src *s)
{
    struct stat sb;
    int fd = open_ro(s->spec), e;
    if (fd < 0) {
        e = errno;
        snprintf(s->last_msg, sizeof s->last_msg, "cannot open: %s", strerror(e));
        return -e;
    }
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        close(fd);
        snprintf(s->last_msg, sizeof s->last_msg, "not a regular file any more");
        return -EINVAL;
    }
    s->fd = fd;
    s->dev = sb.st_dev;
    s->ino = sb.st_ino;
    s->off = 0;
    s->missing = 0;
    s->last_msg[0] = '\0';
    return 0;
}

int feed_add(struct feed *f, const char *spec, enum feed_spec how, struct allot_err *err)
{
    struct stat sb;
    struct src *s;
    int have = 0;

    if (spec == NULL || spec[0] == '\0')
        return err_setf(err, ALLOT_E_INPUT, "feed: empty source");
    if (how != FEED_SPEC_CMD)
        have = stat(spec, &sb) == 0;
    if (how != FEED_SPEC_CMD && strcmp(spec, "-") == 0) {
        for (size_t i = 0; i < f->n; i++)
            if (f->s[i].kind == FEED_STDIN)
                return err_setf(err, ALLOT_E_INPUT, "feed -: standard input given twice");
        if (isatty(STDIN_FILENO))
            return err_setf(err, ALLOT_E_INPUT, "feed -: standard input is a terminal; pipe "
                            "quotes into allot, or give a command or file");
        s = new_src(f, FEED_STDIN, spec);
        s->fd = STDIN_FILENO;
        s->saved_flags = fcntl(STDIN_FILENO, F_GETFL);
        if (s->saved_flags >= 0)
            fcntl(STDIN_FILENO, F_SETFL, s->saved_flags | O_NONBLOCK);
        return (int)s->index;
    }
    if (how == FEED_SPEC_CMD || (how == FEED_SPEC_AUTO && !have)) {
        s = new_src(f, FEED_CMD, spec);
        return (int)s->index;
    }
    if (have && S_ISFIFO(sb.st_mode)) {
        int fd = open_ro(spec);
        if (fd < 0)
            return err_setf(err, ALLOT_E_INPUT, "feed %s: cannot open the FIFO: %s", spec,
                            strerror(errno));
        s = new_src(f, FEED_FIFO, spec);
        s->fd = fd;
        return (int)s->index;
    }
    if (have && !S_ISREG(sb.st_mode))
        return err_setf(err, ALLOT_E_INPUT, "feed %s: not a regular file or FIFO%s", spec,
                        how == FEED_SPEC_AUTO ? "; to run it, use --feed-cmd" : "");
    s = new_src(f, FEED_FILE, spec);
    int rc = file_open(s);
    if (rc != 0) {
        if (!have && rc == -ENOENT) {
            s->missing = 1;     /* --feed-file: waited for */
            return (int)s->index;
        }
        err_setf(err, ALLOT_E_INPUT, "feed %s: %s", spec, s->last_msg);
        free(s->spec);
        free(s->lb.buf);
        f->n--;
        return ALLOT_E_INPUT;
    }
    return (int)s->index;
}

int feed_add_gen(struct feed *f, const char *name, feed_gen_fn fn, void *gen,
                 void (*gen_free)(void *), struct allot_err *err)
{
    struct src *s;
    if (fn == NULL)
        return err_setf(err, ALLOT_E_INPUT, "feed %s: no generator", name);
    s = new_src(f, FEED_GEN, name);
    s->gen = fn;
    s->gctx = gen;
    s->gfree = gen_free;
    return (int)s->index;
}

/* ---- lines ---- */

static void bad_line(const struct feed *f, struct src *s, const char *line, size_t len,
                     const struct allot_err *e)
{
    s->bad++;
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
        len--;
    feed_sanitize(s->last_bad, sizeof s->last_bad, line, len);
    s->last_err = *e;
    str_copy(s->last_err.file, sizeof s->last_err.file, s->spec);
    s->last_err.line = s->lines;
    if (f->bad_fn != NULL)
        f->bad_fn(f->bad_ctx, s->index, s->last_bad, &s->last_err);
}

static void got_line(const struct feed *f, struct src *s, const char *line, size_t len,
                     int64_t now, feed_quote_fn cb, void *ctx)
{
    struct feed_quote q;
    struct allot_err e;
    int r;

    s->lines++;
    s->last_line_ms = now;
    err_clear(&e);
    r = feedline_parse(line, len, &q, &e);
    if (r == 1) {
        s->quotes++;
        if (cb != NULL)
            cb(ctx, s->index, &q);
    } else if (r < 0) {
        bad_line(f, s, line, len, &e);
    }
}

/* Hand over every complete line in the buffer. */
static void consume(struct feed *f, struct src *s, int64_t now, feed_quote_fn cb, void *ctx)
{
    struct linebuf *b = &s->lb;
    size_t start = 0;

    for (;;) {
        size_t from = start > b->scan ? start : b->scan;
        char *nl = from < b->len ? memchr(b->buf + from, '\n', b->len - from) : NULL;
        if (nl == NULL)
            break;
        size_t end = (size_t)(nl - b->buf);
        if (b->skipping)
            b->skipping = 0;
        else
            got_line(f, s, b->buf + start, end - start, now, cb, ctx);
        start = end + 1;
    }
    if (start > 0) {
        memmove(b->buf, b->buf + start, b->len - start);
        b->len -= start;
    }
    b->scan = b->len;
    if (b->len == b->cap) {
        /* a line longer than line_max: bad, and the rest of it skipped */
        if (!b->skipping) {
            struct allot_err e;
            err_clear(&e);
            err_setf(&e, ALLOT_E_INPUT, "line longer than %zu bytes", f->o.line_max);
            e.col = (long)f->o.line_max + 1;
            s->lines++;
            s->last_line_ms = now;
            bad_line(f, s, b->buf, b->len, &e);
            b->skipping = 1;
        }
        b->len = 0;
        b->scan = 0;
    }
}

/* The source ended: its last line needs no newline. */
static void flush_partial(const struct feed *f, struct src *s, int64_t now, feed_quote_fn cb,
                          void *ctx)
{
    struct linebuf *b = &s->lb;
    if (b->len > 0 && !b->skipping)
        got_line(f, s, b->buf, b->len, now, cb, ctx);
    b->len = b->scan = 0;
    b->skipping = 0;
}

/* Read fd into the line buffer until it would block, ends or the budget
 * is spent. Returns 1 at the end of data (read gave 0), 0 otherwise, or
 * -errno on a read error. */
static int drain(struct feed *f, struct src *s, int fd, int64_t now, feed_quote_fn cb,
                 void *ctx, size_t *got)
{
    struct linebuf *b = &s->lb;
    size_t total = 0;
    for (;;) {
        ssize_t r = read(fd, b->buf + b->len, b->cap - b->len);
        if (r > 0) {
            b->len += (size_t)r;
            s->off += r;
            total += (size_t)r;
            consume(f, s, now, cb, ctx);
            if (total >= READ_BUDGET)
                break;
            continue;
        }
        if (r == 0) {
            if (got != NULL)
                *got = total;
            return 1;
        }
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            break;
        if (got != NULL)
            *got = total;
        return -errno;
    }
    if (got != NULL)
        *got = total;
    return 0;
}

/* A command's stderr: keep its last line for display. Returns 1 at EOF. */
static int drain_err(struct src *s)
{
    char chunk[4096];
    for (;;) {
        ssize_t r = read(s->efd, chunk, sizeof chunk);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            if (r == 0 && s->elen > 0) {
                feed_sanitize(s->last_msg, sizeof s->last_msg, s->ebuf, s->elen);
                s->elen = 0;
            }
            return r == 0 || (errno != EAGAIN && errno != EWOULDBLOCK);
        }
        for (ssize_t i = 0; i < r; i++) {
            if (chunk[i] == '\n') {
                if (s->elen > 0)
                    feed_sanitize(s->last_msg, sizeof s->last_msg, s->ebuf, s->elen);
                s->elen = 0;
            } else if (s->elen < sizeof s->ebuf) {
                s->ebuf[s->elen++] = chunk[i];
            }
        }
    }
}

/* ---- commands ---- */

static void close_fd(int *fd)
{
    if (*fd >= 0)
        close(*fd);
    *fd = -1;
}

static void schedule_restart(struct feed *f, struct src *s, int64_t now)
{
    if (!f->o.follow) {
        s->finished = 1;
        return;
    }
    if (f->o.max_restarts >= 0 && s->restarts >= f->o.max_restarts) {
        s->dead = 1;
        return;
    }
    /* the run ended when it closed its output, if that came first */
    int64_t end = s->out_eof ? s->out_eof_ms : now;
    if (end - s->run_start_ms >= f->o.restart_reset_ms)
        s->backoff_ms = f->o.restart_ms;
    s->next_start_ms = now + s->backoff_ms;
    s->backoff_ms = s->backoff_ms * 2 < f->o.restart_max_ms ? s->backoff_ms * 2
                                                            : f->o.restart_max_ms;
}

static void cmd_start(struct feed *f, struct src *s, int64_t now)
{
    int out[2] = { -1, -1 }, er[2] = { -1, -1 }, rc;
    char sh[] = "sh", dash_c[] = "-c";
    char *argv[] = { sh, dash_c, s->spec, NULL };
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t at;
    sigset_t all, none;
    pid_t pid;

    if (s->started)
        s->restarts++;
    if (!s->started)
        s->start_ms = now;
    s->started = 1;
    s->run_start_ms = now;
    s->out_eof = 0;
    s->term_ms = 0;
    s->lb.len = s->lb.scan = 0;
    s->lb.skipping = 0;
    s->elen = 0;
    if (pipe2(out, O_CLOEXEC) != 0 || pipe2(er, O_CLOEXEC) != 0) {
        snprintf(s->last_msg, sizeof s->last_msg, "cannot start: %s", strerror(errno));
        close_fd(&out[0]);
        close_fd(&out[1]);
        schedule_restart(f, s, now);
        return;
    }
    /* only our ends are non-blocking: the command writes as it likes */
    fcntl(out[0], F_SETFL, O_NONBLOCK);
    fcntl(er[0], F_SETFL, O_NONBLOCK);
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&fa, er[1], STDERR_FILENO);
    posix_spawnattr_init(&at);
    sigfillset(&all);
    sigemptyset(&none);
    /* default dispositions (we may ignore SIGPIPE), nothing blocked, and a
     * process group of its own: the terminal's ^C is not its, and we can
     * kill it with everything it started */
    posix_spawnattr_setsigdefault(&at, &all);
    posix_spawnattr_setsigmask(&at, &none);
    posix_spawnattr_setpgroup(&at, 0);
    posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF |
                                  POSIX_SPAWN_SETSIGMASK);
    rc = posix_spawn(&pid, "/bin/sh", &fa, &at, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&at);
    close(out[1]);
    close(er[1]);
    if (rc != 0) {
        close(out[0]);
        close(er[0]);
        snprintf(s->last_msg, sizeof s->last_msg, "cannot run /bin/sh: %s", strerror(rc));
        schedule_restart(f, s, now);
        return;
    }
    s->pid = s->pgid = pid;
    s->fd = out[0];
    s->efd = er[0];
    s->next_check_ms = now + FEED_CHECK_MS;
}

/* The command's leader exited with status: collect what it left, kill
 * what remains of its group, and schedule the restart. */
static void cmd_ended(struct feed *f, struct src *s, int status, int64_t now, feed_quote_fn cb,
                      void *ctx)
{
    if (s->fd >= 0) {
        drain(f, s, s->fd, now, cb, ctx, NULL);
        flush_partial(f, s, now, cb, ctx);
        close_fd(&s->fd);
    }
    if (s->efd >= 0) {
        drain_err(s);
        if (s->elen > 0)
            feed_sanitize(s->last_msg, sizeof s->last_msg, s->ebuf, s->elen);
        s->elen = 0;
        close_fd(&s->efd);
    }
    s->last_exit = WIFEXITED(status) ? WEXITSTATUS(status)
                   : WIFSIGNALED(status) ? -WTERMSIG(status) : FEED_NO_EXIT;
    if (s->stray > 0)
        kill(-s->stray, SIGKILL);
    s->stray = 0;
    /* children it left behind in its group get SIGTERM now, SIGKILL later */
    if (kill(-s->pgid, SIGTERM) == 0) {
        s->stray = s->pgid;
        s->stray_ms = now;
    }
    s->pid = s->pgid = 0;
    schedule_restart(f, s, now);
}

static void cmd_check(struct feed *f, struct src *s, int64_t now, feed_quote_fn cb, void *ctx)
{
    int status;
    pid_t r;
    do
        r = waitpid(s->pid, &status, WNOHANG);
    while (r < 0 && errno == EINTR);
    if (r == s->pid) {
        cmd_ended(f, s, status, now, cb, ctx);
        return;
    }
    if (r < 0) {
        /* not our child any more (SIGCHLD ignored by someone): give up on it */
        snprintf(s->last_msg, sizeof s->last_msg, "lost the command: %s", strerror(errno));
        cmd_ended(f, s, 0, now, cb, ctx);
        s->last_exit = FEED_NO_EXIT;
        return;
    }
    /* it closed its output but runs on: it can send nothing more */
    if (s->out_eof && s->term_ms == 0 && now - s->out_eof_ms >= f->o.kill_grace_ms) {
        kill(-s->pgid, SIGTERM);
        s->term_ms = now;
    } else if (s->term_ms != 0 && now - s->term_ms >= f->o.kill_grace_ms) {
        kill(-s->pgid, SIGKILL);
    }
    /* once its output is closed, its exit is near: look often */
    s->next_check_ms = now + (s->out_eof ? EXIT_POLL_MS : FEED_CHECK_MS);
}

/* ---- the loop's entry points ---- */

size_t feed_pollfds(const struct feed *f, struct pollfd *fds, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < f->n; i++) {
        const struct src *s = &f->s[i];
        int a = -1, b = -1;
        if (s->finished || s->dead)
            continue;
        if (s->kind == FEED_CMD) {
            a = s->fd;
            b = s->efd;
        } else if (s->kind == FEED_FIFO || s->kind == FEED_STDIN) {
            a = s->fd;
        }
        if (a >= 0) {
            if (k < n) {
                fds[k].fd = a;
                fds[k].events = POLLIN;
                fds[k].revents = 0;
            }
            k++;
        }
        if (b >= 0) {
            if (k < n) {
                fds[k].fd = b;
                fds[k].events = POLLIN;
                fds[k].revents = 0;
            }
            k++;
        }
    }
    return k;
}

static void fifo_reopen(struct src *s)
{
    close_fd(&s->fd);
    s->fd = open_ro(s->spec);
    if (s->fd < 0) {
        snprintf(s->last_msg, sizeof s->last_msg, "cannot reopen the FIFO: %s",
                 strerror(errno));
        s->dead = 1;
    }
}

int feed_on_readable(struct feed *f, int fd, int64_t now_ms, feed_quote_fn cb, void *ctx)
{
    for (size_t i = 0; i < f->n; i++) {
        struct src *s = &f->s[i];
        long before = s->lines;
        int r;
        if (fd < 0 || s->finished || s->dead)
            continue;
        if (s->kind == FEED_CMD && fd == s->efd) {
            if (drain_err(s))
                close_fd(&s->efd);
            return 0;
        }
        if (fd != s->fd || s->kind == FEED_FILE || s->kind == FEED_GEN)
            continue;
        r = drain(f, s, fd, now_ms, cb, ctx, NULL);
        if (r == 0)
            return (int)(s->lines - before);
        /* the end of this writer's data, or an error */
        flush_partial(f, s, now_ms, cb, ctx);
        if (r < 0)
            snprintf(s->last_msg, sizeof s->last_msg, "read error: %s", strerror(-r));
        switch (s->kind) {
        case FEED_CMD:
            close_fd(&s->fd);
            s->out_eof = 1;
            s->out_eof_ms = now_ms;
            cmd_check(f, s, now_ms, cb, ctx);
            break;
        case FEED_FIFO:
            if (r < 0 || !f->o.follow) {
                close_fd(&s->fd);
                if (r < 0)
                    s->dead = 1;
                else
                    s->finished = 1;
            } else {
                fifo_reopen(s);     /* the next writer is picked up */
            }
            break;
        case FEED_STDIN:
            if (r < 0)
                s->dead = 1;
            else
                s->finished = 1;
            break;
        default:
            break;
        }
        return (int)(s->lines - before);
    }
    return 0;
}

/* Read a followed file, and on reaching its end see whether it was
 * truncated (restart from 0) or replaced (finish the old one, open the
 * new one). Returns 1 when the read budget ran out (call again soon). */
static int file_check(struct feed *f, struct src *s, int64_t now, feed_quote_fn cb, void *ctx)
{
    struct stat sb;
    size_t got = 0;
    int r;

    if (s->fd < 0) {
        if (file_open(s) != 0) {
            s->missing = 1;
            return 0;
        }
    }
    r = drain(f, s, s->fd, now, cb, ctx, &got);
    if (r < 0) {
        snprintf(s->last_msg, sizeof s->last_msg, "read error: %s", strerror(-r));
        close_fd(&s->fd);
        s->dead = 1;
        return 0;
    }
    if (r == 0)
        return got >= READ_BUDGET;
    if (!f->o.follow) {
        flush_partial(f, s, now, cb, ctx);
        close_fd(&s->fd);
        s->finished = 1;
        return 0;
    }
    if (stat(s->spec, &sb) != 0)
        return 0;       /* renamed away, the new one not there yet: keep the old */
    if (sb.st_dev != s->dev || sb.st_ino != s->ino) {
        /* rotated: the old file is read to its end, its last line is complete */
        flush_partial(f, s, now, cb, ctx);
        close_fd(&s->fd);
        if (file_open(s) != 0) {
            s->missing = 1;
            return 0;
        }
        return file_check(f, s, now, cb, ctx);
    }
    if (sb.st_size < s->off) {
        /* truncated: start again from 0, dropping a partial line */
        if (lseek(s->fd, 0, SEEK_SET) == 0) {
            s->off = 0;
            s->lb.len = s->lb.scan = 0;
            s->lb.skipping = 0;
            return file_check(f, s, now, cb, ctx);
        }
    }
    return 0;
}

void feed_emit(struct feed_emit *e, const struct feed_quote *q)
{
    e->s->lines++;
    e->s->quotes++;
    e->s->last_line_ms = e->now;
    if (e->cb != NULL)
        e->cb(e->ctx, e->s->index, q);
}

static int64_t min64(int64_t a, int64_t b)
{
    return a < b ? a : b;
}

int64_t feed_tick(struct feed *f, int64_t now_ms, feed_quote_fn cb, void *ctx)
{
    int64_t next = INT64_MAX;

    for (size_t i = 0; i < f->n; i++) {
        struct src *s = &f->s[i];

        if (s->stray > 0 && now_ms - s->stray_ms >= f->o.kill_grace_ms) {
            kill(-s->stray, SIGKILL);
            s->stray = 0;
        }
        if (s->stray > 0)
            next = min64(next, s->stray_ms + f->o.kill_grace_ms);
        if (s->finished || s->dead)
            continue;
        if (!s->started && s->kind != FEED_CMD) {
            s->started = 1;
            s->start_ms = now_ms;
        }
        switch (s->kind) {
        case FEED_CMD:
            if (s->pid == 0 && (!s->started || now_ms >= s->next_start_ms))
                cmd_start(f, s, now_ms);
            if (s->pid > 0 && now_ms >= s->next_check_ms)
                cmd_check(f, s, now_ms, cb, ctx);
            if (s->pid > 0)
                next = min64(next, s->next_check_ms);
            else if (!s->finished && !s->dead)
                next = min64(next, s->next_start_ms);
            break;
        case FEED_FILE:
            if (now_ms >= s->next_stat_ms) {
                int more = file_check(f, s, now_ms, cb, ctx);
                s->next_stat_ms = more ? now_ms : now_ms + f->o.follow_ms;
            }
            if (!s->finished && !s->dead)
                next = min64(next, s->next_stat_ms);
            break;
        case FEED_GEN:
            if (now_ms >= s->gen_next_ms) {
                struct feed_emit e = { f, s, now_ms, cb, ctx };
                s->gen_next_ms = s->gen(s->gctx, now_ms, &e);
                if (s->gen_next_ms < 0)
                    s->finished = 1;
            }
            if (!s->finished)
                next = min64(next, s->gen_next_ms);
            break;
        default:
            break;
        }
        /* wake up when it turns stale, to show it */
        if (!s->finished && !s->dead) {
            int64_t ref = s->last_line_ms >= 0 ? s->last_line_ms : s->start_ms;
            if (s->kind == FEED_CMD && s->run_start_ms > ref)
                ref = s->run_start_ms;
            if (now_ms - ref <= f->o.stale_ms)
                next = min64(next, ref + f->o.stale_ms + 1);
        }
    }
    return next;
}

int feed_done(const struct feed *f)
{
    for (size_t i = 0; i < f->n; i++)
        if (!f->s[i].finished && !f->s[i].dead)
            return 0;
    return 1;
}

int feed_status(const struct feed *f, size_t i, int64_t now_ms, struct feed_status *out)
{
    const struct src *s;
    int64_t ref;

    if (i >= f->n)
        return err_setf(NULL, ALLOT_E_INPUT, "no feed %zu", i);
    s = &f->s[i];
    memset(out, 0, sizeof *out);
    out->name = s->spec;
    out->kind = s->kind;
    out->lines = s->lines;
    out->quotes = s->quotes;
    out->bad_lines = s->bad;
    out->restarts = s->restarts;
    out->pid = s->pid;
    out->last_exit = s->last_exit;
    memcpy(out->last_bad, s->last_bad, sizeof out->last_bad);
    out->last_err = s->last_err;
    memcpy(out->last_stderr, s->last_msg, sizeof out->last_stderr);
    ref = s->last_line_ms >= 0 ? s->last_line_ms : s->start_ms;
    out->age_ms = s->started ? now_ms - ref : 0;
    /* a command just restarted has stale_ms to say something */
    if (s->kind == FEED_CMD && s->run_start_ms > ref)
        ref = s->run_start_ms;
    if (s->dead)
        out->state = FEED_DEAD;
    else if (s->finished)
        out->state = FEED_EOF;
    else if ((s->kind == FEED_CMD && s->started && s->pid == 0) || s->missing)
        out->state = FEED_RESTARTING;
    else
        out->state = s->started && now_ms - ref > f->o.stale_ms ? FEED_STALE : FEED_LIVE;
    if (out->state == FEED_RESTARTING && s->kind == FEED_CMD)
        out->restart_in_ms = s->next_start_ms > now_ms ? s->next_start_ms - now_ms : 0;
    return 0;
}

static void sleep_ns(long ns)
{
    struct timespec ts = { 0, ns };
    nanosleep(&ts, NULL);
}

void feed_free(struct feed *f)
{
    int64_t deadline;
    int running;

    if (f == NULL)
        return;
    /* SIGTERM to every group, then wait for the leaders up to the grace */
    for (size_t i = 0; i < f->n; i++) {
        struct src *s = &f->s[i];
        if (s->pid > 0)
            kill(-s->pgid, SIGTERM);
        if (s->stray > 0)
            kill(-s->stray, SIGTERM);
    }
    deadline = feed_clock_ms() + f->o.kill_grace_ms;
    do {
        running = 0;
        for (size_t i = 0; i < f->n; i++) {
            struct src *s = &f->s[i];
            int status;
            if (s->pid <= 0)
                continue;
            pid_t r = waitpid(s->pid, &status, WNOHANG);
            if (r == s->pid || (r < 0 && errno != EINTR)) {
                s->pid = 0;
                if (s->stray > 0)
                    kill(-s->stray, SIGKILL);
                s->stray = s->pgid;     /* what remains of its group */
            } else {
                running = 1;
            }
        }
        if (running)
            sleep_ns(REAP_POLL_NS);
    } while (running && feed_clock_ms() < deadline);
    /* then SIGKILL whatever is left, and reap the leaders that were */
    for (size_t i = 0; i < f->n; i++) {
        struct src *s = &f->s[i];
        if (s->pid > 0) {
            int status;
            kill(-s->pgid, SIGKILL);
            while (waitpid(s->pid, &status, 0) < 0 && errno == EINTR)
                ;
        }
        if (s->stray > 0)
            kill(-s->stray, SIGKILL);
        if (s->kind == FEED_STDIN) {
            if (s->saved_flags >= 0)
                fcntl(STDIN_FILENO, F_SETFL, s->saved_flags);
        } else {
            close_fd(&s->fd);
        }
        close_fd(&s->efd);
        if (s->gfree != NULL)
            s->gfree(s->gctx);
        free(s->spec);
        free(s->lb.buf);
    }
    free(f->s);
    free(f);
}
