#include <config.h>
#include "tui/livefeed.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/quotebatch.h"
#include "tui/theme.h"
#include "util/date.h"
#include "util/str.h"
#include "util/xalloc.h"

#define MAX_FDS 64

struct livefeed {
    struct feed *feed;
    struct qbatch *qb;
    int memory;
    int64_t now;                /* the caller's clock, this step */
    int64_t wall;               /* Unix ms, this step: the time of quotes without one */
    int flushed;                /* batches closed during this step */
    int ended;                  /* every source ended and the last batch is written */
    int failed;                 /* this step */
    char error[ALLOT_ERR_MSG_MAX + ALLOT_ERR_FILE_MAX + 64];
    int64_t win_start;          /* the rate's window */
    long win_quotes;            /* accepted quotes at its start */
    long rate;                  /* quotes a second over the last full window */
    char status[LIVEFEED_STATUS_MAX];
    int role;
    long bad_seen, restarts_seen;   /* over every source, at the last notice */
    enum feed_state worst;          /* this step: the worst state of the sources running */
    int64_t age_ms;                 /* this step: since the newest line of any source */
    char notice[ALLOT_ERR_MSG_MAX + ALLOT_ERR_FILE_MAX + FEED_SHOW_MAX + 64];
};

struct livefeed *livefeed_new(struct feed *f, store_t *st, int64_t now_ms)
{
    struct livefeed *lf = xcalloc(1, sizeof *lf);
    lf->feed = f;
    lf->memory = st == NULL;
    lf->qb = qbatch_new(st, NULL);
    lf->now = now_ms;
    lf->win_start = now_ms;
    str_copy(lf->status, sizeof lf->status, "starting");
    lf->role = ROLE_DIM;
    return lf;
}

static void fail(struct livefeed *lf, const char *what, const struct allot_err *err)
{
    size_t k;
    str_copy(lf->error, sizeof lf->error, what);
    k = strlen(lf->error);
    err_format(err, lf->error + k, sizeof lf->error - k);
    lf->failed = 1;
}

static void on_quote(void *ctx, size_t src, const struct feed_quote *fq)
{
    struct livefeed *lf = ctx;
    struct feed_status fst;
    struct quote q;
    struct allot_err err;
    int flushed = 0;

    memset(&q, 0, sizeof q);
    _Static_assert(sizeof q.symbol == sizeof fq->symbol, "a feed symbol fits a quote's");
    memcpy(q.symbol, fq->symbol, sizeof q.symbol);
    q.price = fq->price;
    q.iv = fq->iv;
    q.ts_ms = fq->ts_ms == FEEDLINE_TS_NONE ? lf->wall : fq->ts_ms;
    /* the source as watch names it: "sim" or the spec */
    if (feed_status(lf->feed, src, lf->now, &fst) == 0)
        str_copy(q.source, sizeof q.source, fst.kind == FEED_GEN ? "sim" : fst.name);
    err_clear(&err);
    if (qbatch_add(lf->qb, &q, !fq->is_instrument, lf->now, &flushed, &err) < 0)
        fail(lf, "storing quotes: ", &err);
    lf->flushed += flushed;
}

/* Value the book at the latest quote of each of its underlyings and the
 * latest quoted IV of each of its options (valuation_reval keeps a vol
 * that is newer or the position's own). */
static int revalue(struct livefeed *lf, struct model *m)
{
    const struct valuation *v = &m->val;
    struct valuation_spot *spots;
    struct valuation_vol *vols;
    struct qbatch_stats qs;
    struct allot_err err;
    size_t n = 0, nv = 0;
    int64_t at = 0;
    int rc;

    if (!v->ok)
        return 0;       /* nothing valued (no portfolio, a bad book): nothing to move */
    spots = xcalloc(v->lb.mkt.n_assets + 1, sizeof *spots);
    for (size_t k = 0; k < v->lb.mkt.n_assets; k++) {
        struct quote q;
        if (qbatch_latest(lf->qb, v->lb.mkt.assets[k].symbol, &q) == 0 && q.price > 0) {
            spots[n].symbol = v->lb.mkt.assets[k].symbol;
            spots[n].spot_usd = q.price;
            n++;
        }
    }
    vols = xcalloc(v->lb.n + 1, sizeof *vols);
    for (size_t i = 0; i < v->lb.n; i++) {
        struct quote q;
        if (!inst_is_option(v->lb.pos[i].kind) ||
            qbatch_latest(lf->qb, v->lb.pos[i].instrument, &q) != 0 || !(q.iv > 0) ||
            (q.iv == v->lb.mkt.pos_vol[i] && q.ts_ms == v->lb.mkt.pos_vol_ts[i]) ||
            q.ts_ms < v->lb.mkt.pos_vol_ts[i])
            continue;   /* none, no iv, already applied, or older than the vol held */
        vols[nv].instrument = v->lb.pos[i].instrument;
        vols[nv].iv = q.iv;
        vols[nv].ts_ms = q.ts_ms;
        nv++;
    }
    /* options age with the quotes' clock, never backwards */
    qbatch_stats(lf->qb, &qs);
    if (qs.newest_ts_ms != INT64_MIN && qs.newest_ts_ms > v->lb.now_ms)
        at = qs.newest_ts_ms;
    err_clear(&err);
    rc = n > 0 || nv > 0 || at > 0 ? model_reval(m, spots, n, vols, nv, at, NULL, &err) : 0;
    free(spots);
    free(vols);
    if (rc != 0) {
        fail(lf, "revaluing: ", &err);
        return 0;
    }
    return n > 0 || nv > 0 || at > 0 ? LIVEFEED_REVALUED : 0;
}

/* "12s", "5m", "3h": an age, short for the status bar. */
static void fmt_age(int64_t ms, char *out, size_t n)
{
    int64_t s = ms / 1000;
    if (s < 60)
        snprintf(out, n, "%llds", (long long)s);
    else if (s < 3600)
        snprintf(out, n, "%lldm", (long long)(s / 60));
    else
        snprintf(out, n, "%lldh", (long long)(s / 3600));
}

/* One look at every source: the worst state of those still running
 * (eof when all ended) and the age of the newest line, for the status;
 * a bad line skipped or a command that exited since the last step,
 * worded in lf->notice (the newest of them). Returns LIVEFEED_NOTICE or 0. */
static int survey(struct livefeed *lf)
{
    static const int rank[] = { [FEED_LIVE] = 1, [FEED_STALE] = 2, [FEED_RESTARTING] = 3,
                                [FEED_DEAD] = 4, [FEED_EOF] = 0 };
    long bad = 0, restarts = 0;
    int r = 0;
    lf->worst = FEED_EOF;
    lf->age_ms = INT64_MAX;
    for (size_t i = 0; i < feed_count(lf->feed); i++) {
        struct feed_status st;
        if (feed_status(lf->feed, i, lf->now, &st) != 0)
            continue;
        if (rank[st.state] > rank[lf->worst])
            lf->worst = st.state;
        if (st.age_ms < lf->age_ms)
            lf->age_ms = st.age_ms;
        bad += st.bad_lines;
        restarts += st.restarts;
        if (st.bad_lines > 0 && bad > lf->bad_seen) {
            char where[ALLOT_ERR_MSG_MAX + ALLOT_ERR_FILE_MAX + 32];
            err_format(&st.last_err, where, sizeof where);
            snprintf(lf->notice, sizeof lf->notice, "bad line %s (%ld bad line%s)", where,
                     bad, bad == 1 ? "" : "s");
            r = LIVEFEED_NOTICE;
        }
        if (st.restarts > 0 && restarts > lf->restarts_seen) {
            char status[32];
            if (st.last_exit == FEED_NO_EXIT)
                status[0] = '\0';
            else if (st.last_exit < 0)
                snprintf(status, sizeof status, " on signal %d", -st.last_exit);
            else
                snprintf(status, sizeof status, " with status %d", st.last_exit);
            snprintf(lf->notice, sizeof lf->notice, "%s exited%s%s%s; restart %ld", st.name,
                     status, st.last_stderr[0] != '\0' ? ": " : "", st.last_stderr,
                     st.restarts);
            r = LIVEFEED_NOTICE;
        }
    }
    lf->bad_seen = bad;
    lf->restarts_seen = restarts;
    return r;
}

static int update_status(struct livefeed *lf)
{
    char buf[LIVEFEED_STATUS_MAX];
    int role;
    struct qbatch_stats qs;

    qbatch_stats(lf->qb, &qs);
    if (lf->now - lf->win_start >= LIVEFEED_RATE_MS) {
        lf->rate = (qs.accepted - lf->win_quotes) * 1000 / (lf->now - lf->win_start);
        lf->win_start = lf->now;
        lf->win_quotes = qs.accepted;
    }
    switch (lf->ended ? FEED_EOF : lf->worst) {
    case FEED_LIVE:
        if (qs.accepted == 0) {
            str_copy(buf, sizeof buf, "waiting");
            role = ROLE_DIM;
        } else {
            /* the simulator's quotes stay in memory: say they are not a market's */
            snprintf(buf, sizeof buf, "%s %ld q/s", lf->memory ? "sim" : "live", lf->rate);
            role = ROLE_OK;
        }
        break;
    case FEED_STALE: {
        /* how old the newest line is: the age of the prices shown */
        char age[24];
        fmt_age(lf->age_ms, age, sizeof age);
        snprintf(buf, sizeof buf, "stale %s", age);
        role = ROLE_STALE;
        break;
    }
    case FEED_RESTARTING:
        str_copy(buf, sizeof buf, "reconnecting");
        role = ROLE_STALE;
        break;
    case FEED_DEAD:
        str_copy(buf, sizeof buf, "dead");
        role = ROLE_ERROR;
        break;
    default:
        str_copy(buf, sizeof buf, "ended");
        role = ROLE_DIM;
        break;
    }
    if (role == lf->role && strcmp(buf, lf->status) == 0)
        return 0;
    str_copy(lf->status, sizeof lf->status, buf);
    lf->role = role;
    return LIVEFEED_STATUS;
}

int livefeed_step(struct livefeed *lf, struct model *m, int64_t now_ms)
{
    struct pollfd fds[MAX_FDS];
    struct allot_err err;
    size_t n;
    int r = 0;

    lf->failed = 0;
    if (lf->ended)
        return 0;
    lf->now = now_ms;
    lf->wall = date_now_ms();
    lf->flushed = 0;
    feed_tick(lf->feed, lf->now, on_quote, lf);
    n = feed_pollfds(lf->feed, fds, MAX_FDS);
    if (n > MAX_FDS)
        n = MAX_FDS;
    if (n > 0 && poll(fds, (nfds_t)n, 0) > 0)
        for (size_t i = 0; i < n; i++)
            if (fds[i].revents != 0)
                feed_on_readable(lf->feed, fds[i].fd, lf->now, on_quote, lf);
    err_clear(&err);
    if (feed_done(lf->feed)) {
        int w = qbatch_flush(lf->qb, &err);
        if (w < 0)
            fail(lf, "storing quotes: ", &err);
        else
            lf->flushed++;
        lf->ended = 1;
    } else {
        int t = qbatch_tick(lf->qb, lf->now, &err);
        if (t < 0)
            fail(lf, "storing quotes: ", &err);
        else
            lf->flushed += t;
    }
    if (lf->flushed > 0)
        r |= revalue(lf, m);
    r |= survey(lf);
    r |= update_status(lf);
    if (lf->failed)
        r |= LIVEFEED_FAILED;
    return r;
}

const char *livefeed_status(const struct livefeed *lf, int *role)
{
    *role = lf->role;
    return lf->status;
}

const char *livefeed_last_error(const struct livefeed *lf)
{
    return lf->error;
}

const char *livefeed_notice(const struct livefeed *lf)
{
    return lf->notice;
}

long livefeed_quotes(const struct livefeed *lf)
{
    struct qbatch_stats qs;
    qbatch_stats(lf->qb, &qs);
    return qs.accepted;
}

void livefeed_free(struct livefeed *lf)
{
    struct allot_err err;
    if (lf == NULL)
        return;
    err_clear(&err);
    qbatch_flush(lf->qb, &err);     /* quitting: nowhere left to report a failure */
    qbatch_free(lf->qb);
    free(lf);
}
