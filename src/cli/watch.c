#include <config.h>
#include "cli/watch.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "store/bookload.h"
#include "store/positions.h"
#include "util/date.h"
#include "util/num.h"
#include "util/str.h"
#include "util/xalloc.h"

#define MAX_POLL 64
/* The longest poll: the loop looks at the stop flag at least this often. */
#define MAX_WAIT_MS 1000
#define SOURCE_MAX 32       /* sizeof quote.source */
_Static_assert(sizeof ((struct quote *)0)->symbol == FEEDLINE_NAME_MAX,
               "a feed quote's symbol fits a stored quote's");
_Static_assert(sizeof ((struct quote *)0)->source == SOURCE_MAX, "quote.source");

static double mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec * 1e-6;
}

/* The figures of one line. */
struct figures {
    int64_t vt_ms;          /* valuation time */
    double value, pnl, delta, gamma, vega, theta;
    enum feed_state state;
    long bad, held;
};

struct watch {
    store_t *st;
    struct cli_env *env;
    struct watch_opts o;
    struct feed *feed;
    struct qbatch *qb;
    char (*srcname)[SOURCE_MAX];
    size_t nsrc, capsrc;
    enum feed_state *seen_state;
    int warned;             /* warnings shown */
    char last_warn[ALLOT_ERR_MSG_MAX];
    int64_t now;            /* monotonic, this round */
    int64_t wall;           /* Unix ms, this round: the time of quotes without one */
    struct figures cur, shown;
    int have_cur, have_shown, header_done;
    int64_t next_print;     /* --interval */
    int out_closed;
    /* memory mode: the book's underlyings, for the spot overrides */
    char (*und)[INST_SYMBOL_MAX];
    size_t nund;
    struct watch_counters c;
};

void watch_opts_init(struct watch_opts *o)
{
    memset(o, 0, sizeof *o);
    feed_opts_init(&o->feed);
    qbatch_opts_init(&o->batch);
}

static void warn(struct watch *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void warn(struct watch *w, const char *fmt, ...)
{
    char buf[ALLOT_ERR_MSG_MAX];
    va_list ap;
    if (w->o.quiet)
        return;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    for (char *p = buf; *p; p++)
        if ((unsigned char)*p < ' ' || *p == 0x7f)
            *p = '?';
    fprintf(w->env->err, "allot: warning: %s\n", buf);
    fflush(w->env->err);
}

/* A warning from a burst that could flood stderr: the first
 * WATCH_WARN_MAX, then one line saying the rest are only counted. */
static int may_warn(struct watch *w)
{
    if (w->warned < WATCH_WARN_MAX) {
        w->warned++;
        return 1;
    }
    if (w->warned == WATCH_WARN_MAX) {
        w->warned++;
        warn(w, "further bad lines, jumps and exits are counted on each line, not shown");
    }
    return 0;
}

/* The same message once, not on every batch. */
static void warn_once(struct watch *w, const struct allot_err *e)
{
    char buf[ALLOT_ERR_FILE_MAX + ALLOT_ERR_MSG_MAX + 64];
    err_format(e, buf, sizeof buf);
    if (strncmp(buf, w->last_warn, sizeof w->last_warn - 1) == 0)
        return;
    str_copy(w->last_warn, sizeof w->last_warn, buf);
    warn(w, "%s", buf);
}

static enum feed_state overall_state(struct watch *w)
{
    /* the worst of the sources still running; eof when all have ended */
    static const int rank[] = { [FEED_LIVE] = 1, [FEED_STALE] = 2, [FEED_RESTARTING] = 3,
                                [FEED_DEAD] = 4, [FEED_EOF] = 0 };
    enum feed_state worst = FEED_EOF;
    if (w->feed == NULL)
        return FEED_EOF;
    for (size_t i = 0; i < feed_count(w->feed); i++) {
        struct feed_status st;
        feed_status(w->feed, i, w->now, &st);
        if (rank[st.state] > rank[worst])
            worst = st.state;
    }
    return worst;
}

/* ---- output ---- */

static void out_closed(struct watch *w)
{
    /* the reader went away: later output (and main's flush) goes nowhere */
    int fd = fileno(w->env->out), nul = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (fd >= 0 && nul >= 0)
        dup2(nul, fd);
    if (nul >= 0)
        close(nul);
    clearerr(w->env->out);
    w->out_closed = 1;
}

static void put_num(FILE *out, double v, int csv, int width)
{
    char buf[32];
    if (csv)
        fputs(isnan(v) ? "" : num_format_exact(v, buf), out);
    else
        fprintf(out, "%*.0f", width, v);
}

static void print_line(struct watch *w)
{
    FILE *out = w->env->out;
    const struct figures *f = &w->cur;
    char ts[32];
    int csv = w->o.csv;

    if (w->out_closed)
        return;
    if (!w->header_done) {
        if (csv)
            fputs("time,value_usd,pnl_usd,delta_usd,gamma_usd_per_pct,vega_usd_per_volpt,"
                  "theta_usd_per_day,feed,quotes,bad_lines,held\n", out);
        else
            fprintf(out, "%-24s %12s %11s %11s %12s %14s %13s  %-10s %7s %5s %5s\n", "time",
                    "value USD", "PnL USD", "delta USD", "gamma USD/1%", "vega USD/volpt",
                    "theta USD/day", "feed", "quotes", "bad", "held");
        w->header_done = 1;
    }
    date_format_ts(f->vt_ms, ts);
    if (csv) {
        fputs(ts, out);
        fputc(',', out);
        put_num(out, f->value, 1, 0);
        fputc(',', out);
        put_num(out, f->pnl, 1, 0);
        fputc(',', out);
        put_num(out, f->delta, 1, 0);
        fputc(',', out);
        put_num(out, f->gamma, 1, 0);
        fputc(',', out);
        put_num(out, f->vega, 1, 0);
        fputc(',', out);
        put_num(out, f->theta, 1, 0);
        fprintf(out, ",%s,%ld,%ld,%ld\n", feed_state_name(f->state), w->c.quotes, f->bad,
                f->held);
    } else {
        fprintf(out, "%-24s ", ts);
        put_num(out, f->value, 0, 12);
        put_num(out, f->pnl, 0, 12);
        put_num(out, f->delta, 0, 12);
        put_num(out, f->gamma, 0, 13);
        put_num(out, f->vega, 0, 15);
        put_num(out, f->theta, 0, 14);
        fprintf(out, "  %-10s %7ld %5ld %5ld\n", feed_state_name(f->state), w->c.quotes, f->bad,
                f->held);
    }
    if (fflush(out) != 0 || ferror(out)) {
        out_closed(w);
        return;
    }
    w->shown = w->cur;
    w->have_shown = 1;
    w->c.printed++;
}

static int changed(const struct figures *a, const struct figures *b)
{
    return a->value != b->value || a->pnl != b->pnl || a->delta != b->delta ||
           a->gamma != b->gamma || a->vega != b->vega || a->theta != b->theta ||
           a->state != b->state || a->bad != b->bad || a->held != b->held;
}

/* Print when due: on change, or on the interval's clock. */
static void maybe_print(struct watch *w, int final)
{
    if (!w->have_cur)
        return;
    if (w->o.interval_ms > 0 && !final) {
        if (w->now >= w->next_print) {
            print_line(w);
            w->next_print = w->now + w->o.interval_ms;
        }
        return;
    }
    if (!w->have_shown || changed(&w->cur, &w->shown))
        print_line(w);
}

/* ---- valuation ---- */

static void refresh_counts(struct watch *w)
{
    struct qbatch_stats qs;
    long bad = 0, lines = 0;
    if (w->feed != NULL) {
        for (size_t i = 0; i < feed_count(w->feed); i++) {
            struct feed_status st;
            feed_status(w->feed, i, w->now, &st);
            bad += st.bad_lines;
            lines += st.lines;
        }
        w->c.bad_lines = bad;
        w->c.lines = lines;
        w->cur.state = overall_state(w);
    }
    qbatch_stats(w->qb, &qs);
    w->c.quotes = qs.accepted;
    w->c.held = qs.held;
    w->c.batches = qs.batches;
    w->cur.bad = w->c.bad_lines;
    w->cur.held = qs.held;
}

/* Value the book with what the store (or, in memory, the batcher) holds,
 * at the later of the store's valuation time and the newest quote. */
static void revalue(struct watch *w, int64_t batch_open_ms)
{
    struct loaded_book lb;
    struct allot_err err;
    struct book_expo total;
    struct qbatch_stats qs;
    struct market_override *ov = NULL;
    size_t n_ov = 0;
    int64_t vt = store_now_ms(w->st);
    double t0 = mono_ms();
    int rc;

    qbatch_stats(w->qb, &qs);
    if (qs.newest_ts_ms != INT64_MIN && qs.newest_ts_ms > vt)
        vt = qs.newest_ts_ms;
    err_clear(&err);
    if (w->o.memory && w->nund > 0) {
        ov = xcalloc(w->nund, sizeof *ov);
        for (size_t k = 0; k < w->nund; k++) {
            struct quote q;
            if (qbatch_latest(w->qb, w->und[k], &q) == 0) {
                ov[n_ov].symbol = w->und[k];
                ov[n_ov].spot_usd = q.price;
                n_ov++;
            }
        }
    }
    rc = book_load_at(w->st, w->o.portfolio, ov, n_ov, vt, &lb, &err);
    free(ov);
    if (rc != 0) {
        warn_once(w, &err);
        return;
    }
    if (w->o.memory && w->nund == 0 && lb.mkt.n_assets > 0) {
        /* learn the underlyings, then value again with the simulated spots */
        w->und = xcalloc(lb.mkt.n_assets, sizeof *w->und);
        for (size_t k = 0; k < lb.mkt.n_assets; k++)
            str_copy(w->und[k], INST_SYMBOL_MAX, lb.mkt.assets[k].symbol);
        w->nund = lb.mkt.n_assets;
        book_unload(&lb);
        revalue(w, batch_open_ms);
        return;
    }
    rc = book_exposure(lb.book, NULL, NULL, NULL, &total, &err);
    book_unload(&lb);
    if (rc != 0) {
        warn_once(w, &err);
        return;
    }
    w->last_warn[0] = '\0';
    w->cur.vt_ms = vt;
    w->cur.value = total.value_usd;
    w->cur.pnl = total.pnl_usd;
    w->cur.delta = total.delta_usd;
    w->cur.gamma = total.gamma_usd_per_pct;
    w->cur.vega = total.vega_usd_per_volpt;
    w->cur.theta = total.theta_usd_per_day;
    w->have_cur = 1;
    {
        double t1 = mono_ms();
        int64_t end = feed_clock_ms();
        w->c.revals++;
        w->c.reval_ms += t1 - t0;
        if (batch_open_ms != INT64_MIN && end - batch_open_ms > w->c.max_age_ms)
            w->c.max_age_ms = end - batch_open_ms;
    }
    refresh_counts(w);
    maybe_print(w, 0);
}

/* When the open batch started, or INT64_MIN. */
static int64_t batch_open(const struct watch *w)
{
    int64_t dl = qbatch_deadline(w->qb);
    return dl == INT64_MAX ? INT64_MIN : dl - w->o.batch.batch_ms;
}

static void batch_error(struct watch *w, struct allot_err *err)
{
    err_prefix(err, "storing quotes: ");
    warn_once(w, err);
}

static void on_quote(void *ctx, size_t src, const struct feed_quote *fq)
{
    struct watch *w = ctx;
    struct quote q;
    struct allot_err err;
    int flushed = 0, v;
    int64_t open = batch_open(w);

    memcpy(q.symbol, fq->symbol, sizeof q.symbol);
    q.price = fq->price;
    q.iv = fq->iv;
    q.ts_ms = fq->ts_ms == FEEDLINE_TS_NONE ? w->wall : fq->ts_ms;
    memcpy(q.source, w->srcname[src], sizeof q.source);
    err_clear(&err);
    v = qbatch_add(w->qb, &q, !fq->is_instrument, w->now, &flushed, &err);
    if (v < 0)
        batch_error(w, &err);
    if (v == QBATCH_HELD && may_warn(w)) {
        struct qbatch_stats qs;
        qbatch_stats(w->qb, &qs);
        warn(w, "%s jumped from %.10g to %.10g (%+.1f %%): held until the next quote "
             "confirms it", q.symbol, qs.last_held_from, q.price,
             (q.price / qs.last_held_from - 1) * 100);
    }
    if (flushed > 0)
        revalue(w, open == INT64_MIN ? w->now : open);
}

static void on_bad(void *ctx, size_t src, const char *line, const struct allot_err *e)
{
    struct watch *w = ctx;
    char loc[ALLOT_ERR_FILE_MAX + ALLOT_ERR_MSG_MAX + 64];
    (void)src;
    if (may_warn(w)) {
        err_format(e, loc, sizeof loc);
        warn(w, "feed %s (bad line: %s)", loc, line);
    }
}

/* Exits since the last look: shown (a few); with print, a line when the
 * feed's state changed. */
static void check_sources(struct watch *w, int print)
{
    for (size_t i = 0; i < feed_count(w->feed); i++) {
        struct feed_status st;
        feed_status(w->feed, i, w->now, &st);
        if (st.state != w->seen_state[i]) {
            if (st.state == FEED_RESTARTING && st.kind == FEED_CMD && may_warn(w)) {
                char how[48] = "";
                if (st.last_exit >= 0)
                    snprintf(how, sizeof how, " with status %d", st.last_exit);
                else if (st.last_exit != FEED_NO_EXIT)
                    snprintf(how, sizeof how, " on signal %d", -st.last_exit);
                warn(w, "feed %s exited%s; restarting in %.3g s%s%s", st.name, how,
                     (double)st.restart_in_ms / 1000, st.last_stderr[0] ? ": " : "",
                     st.last_stderr);
            } else if (st.state == FEED_DEAD && may_warn(w)) {
                warn(w, "feed %s gave up%s%s", st.name, st.last_stderr[0] ? ": " : "",
                     st.last_stderr);
            }
            w->seen_state[i] = st.state;
        }
    }
    if (w->have_cur && print) {
        refresh_counts(w);
        if (w->o.interval_ms == 0)
            maybe_print(w, 0);
    }
}

/* ---- setup and the loop ---- */

int watch_new(store_t *st, struct cli_env *env, const struct watch_opts *o, struct watch **out,
              struct allot_err *err)
{
    struct watch *w;
    int64_t pid;
    struct position *pos = NULL;
    size_t n = 0;
    const char *name = o->portfolio ? o->portfolio : PORTFOLIO_DEFAULT;

    *out = NULL;
    if (portfolio_find(st, name, &pid, err) != 0 || positions_list(st, pid, &pos, &n, err) != 0)
        return err->code;
    free(pos);
    if (n == 0)
        return err_setf(err, ALLOT_E_INPUT, "portfolio %s holds no positions", name);
    if (!o->memory && store_is_readonly(st))
        return err_setf(err, ALLOT_E_STORE, "store is read-only: watch stores the quotes "
                        "it reads");
    w = xcalloc(1, sizeof *w);
    w->st = st;
    w->env = env;
    w->o = *o;
    w->feed = feed_new(&w->o.feed);
    feed_on_bad(w->feed, on_bad, w);
    w->qb = qbatch_new(o->memory ? NULL : st, &w->o.batch);
    w->now = feed_clock_ms();
    w->wall = date_now_ms();
    w->next_print = w->now;
    w->cur.state = FEED_LIVE;
    store_set_busy_timeout(st, WATCH_BUSY_MS);
    *out = w;
    return 0;
}

static void grow_src(struct watch *w, const char *name)
{
    if (w->nsrc == w->capsrc) {
        w->capsrc = w->capsrc ? 2 * w->capsrc : 4;
        w->srcname = xreallocarray(w->srcname, w->capsrc, sizeof *w->srcname);
        w->seen_state = xreallocarray(w->seen_state, w->capsrc, sizeof *w->seen_state);
    }
    str_copy(w->srcname[w->nsrc], SOURCE_MAX, name);
    w->seen_state[w->nsrc] = FEED_LIVE;
    w->nsrc++;
}

int watch_add(struct watch *w, const char *spec, enum feed_spec how, struct allot_err *err)
{
    int rc = feed_add(w->feed, spec, how, err);
    if (rc >= 0)
        grow_src(w, spec);
    return rc;
}

int watch_add_sim(struct watch *w, struct feedsim *fs, struct allot_err *err)
{
    int rc = feed_add_gen(w->feed, "simulator", feedsim_gen, fs, feedsim_free, err);
    if (rc >= 0)
        grow_src(w, "sim");
    return rc;
}

static void set_clock(struct watch *w)
{
    w->now = feed_clock_ms();
    w->wall = date_now_ms();
}

static void batch_tick(struct watch *w)
{
    struct allot_err err;
    int64_t open = batch_open(w);
    int r;
    err_clear(&err);
    r = qbatch_tick(w->qb, w->now, &err);
    if (r < 0)
        batch_error(w, &err);
    else if (r > 0)
        revalue(w, open);
}

int watch_run(struct watch *w, volatile sig_atomic_t *stop)
{
    struct pollfd fds[MAX_POLL + 1];
    int outfd = fileno(w->env->out);
    struct allot_err err;

    set_clock(w);
    revalue(w, INT64_MIN);      /* the book as the store has it, before any quote */
    while (w->nsrc > 0 && !(stop != NULL && *stop) && !w->out_closed) {
        int64_t next, dl, timeout;
        size_t n;

        set_clock(w);
        next = feed_tick(w->feed, w->now, on_quote, w);
        batch_tick(w);
        if (feed_done(w->feed))
            break;      /* the last batch first, then the last line */
        check_sources(w, 1);
        if (w->o.interval_ms > 0 && w->now >= w->next_print)
            maybe_print(w, 0);
        dl = qbatch_deadline(w->qb);
        if (dl < next)
            next = dl;
        if (w->o.interval_ms > 0 && w->next_print < next)
            next = w->next_print;
        timeout = next == INT64_MAX ? MAX_WAIT_MS : next - w->now;
        timeout = timeout < 0 ? 0 : timeout > MAX_WAIT_MS ? MAX_WAIT_MS : timeout;
        n = feed_pollfds(w->feed, fds, MAX_POLL);
        if (n > MAX_POLL)
            n = MAX_POLL;
        if (outfd >= 0) {
            /* no events asked: POLLERR or POLLHUP say the reader is gone */
            fds[n].fd = outfd;
            fds[n].events = 0;
            fds[n].revents = 0;
        }
        if (poll(fds, n + (outfd >= 0), (int)timeout) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        set_clock(w);
        for (size_t i = 0; i < n; i++)
            if (fds[i].revents != 0)
                feed_on_readable(w->feed, fds[i].fd, w->now, on_quote, w);
        if (outfd >= 0 && (fds[n].revents & (POLLERR | POLLHUP)))
            out_closed(w);
    }
    /* the end: write what is pending, stop the sources, the last line */
    set_clock(w);
    check_sources(w, 0);
    err_clear(&err);
    {
        int64_t open = batch_open(w);
        int r = qbatch_flush(w->qb, &err);
        if (r < 0)
            batch_error(w, &err);
        else if (r > 0)
            revalue(w, open);
    }
    refresh_counts(w);
    {
        enum feed_state final = w->cur.state;
        feed_free(w->feed);     /* commands: SIGTERM, SIGKILL after the grace, reaped */
        w->feed = NULL;
        w->cur.state = final;
    }
    maybe_print(w, 1);
    return 0;
}

void watch_counters(const struct watch *w, struct watch_counters *c)
{
    *c = w->c;
}

void watch_free(struct watch *w)
{
    if (w == NULL)
        return;
    feed_free(w->feed);
    qbatch_free(w->qb);
    free(w->srcname);
    free(w->seen_state);
    free(w->und);
    free(w);
}
