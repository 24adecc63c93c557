#include <config.h>
#include "io/feedsim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/str.h"
#include "util/xalloc.h"

#define MS_PER_S 1000.0
#define S_PER_DAY 86400.0

struct feedsim {
    struct sim *sim;
    struct feedsim_opts o;
    size_t n;
    char (*sym)[FEEDLINE_ASSET_MAX];
    long ticks;             /* ticks produced */
    long quotes;            /* quotes produced */
    struct feed_quote *buf; /* one tick, for the generator */
    int64_t wall0_ms;       /* the generator's tick 0; INT64_MIN before it */
    long wall_tick0;        /* the tick due at wall0_ms */
};

void feedsim_opts_init(struct feedsim_opts *o)
{
    memset(o, 0, sizeof *o);
    o->rate_hz = FEEDSIM_RATE_HZ;
    o->speed = FEEDSIM_SPEED;
}

double feedsim_dt_days(const struct feedsim_opts *o)
{
    return o->speed / o->rate_hz / S_PER_DAY;
}

void feedsim_free(void *p)
{
    struct feedsim *fs = p;
    if (fs == NULL)
        return;
    sim_free(fs->sim);
    free(fs->sym);
    free(fs->buf);
    free(fs);
}

int feedsim_new(struct sim *sim, const char *const *symbols, const struct feedsim_opts *o,
                struct feedsim **out, struct allot_err *err)
{
    struct feedsim *fs;

    *out = NULL;
    if (!(o->rate_hz > 0) || !isfinite(o->rate_hz)) {
        sim_free(sim);
        return err_setf(err, ALLOT_E_INPUT, "rate: expected ticks per second > 0, found %g",
                        o->rate_hz);
    }
    if (!(o->speed > 0) || !isfinite(o->speed)) {
        sim_free(sim);
        return err_setf(err, ALLOT_E_INPUT, "speed: expected a number > 0, found %g",
                        o->speed);
    }
    fs = xcalloc(1, sizeof *fs);
    fs->sim = sim;
    fs->o = *o;
    fs->n = sim_n(sim);
    fs->sym = xcalloc(fs->n, sizeof *fs->sym);
    fs->buf = xcalloc(fs->n, sizeof *fs->buf);
    fs->wall0_ms = INT64_MIN;
    for (size_t i = 0; i < fs->n; i++) {
        if (str_copy(fs->sym[i], sizeof fs->sym[i], symbols[i]) != 0 || symbols[i][0] == '\0') {
            err_setf(err, ALLOT_E_INPUT, "symbol \"%.40s\": an asset symbol is 1 to 31 bytes",
                     symbols[i]);
            feedsim_free(fs);
            return ALLOT_E_INPUT;
        }
    }
    *out = fs;
    return 0;
}

size_t feedsim_tick(struct feedsim *fs, struct feed_quote *out)
{
    size_t k = 0;
    const double *px;
    int64_t ts;

    if (fs->o.count > 0 && fs->quotes >= fs->o.count)
        return 0;
    if (fs->ticks > 0)
        sim_step(fs->sim, NULL);
    px = sim_prices(fs->sim);
    /* k * step in ms, rounded once from the exact product */
    ts = fs->o.start_ms + (int64_t)llround((double)fs->ticks * fs->o.speed / fs->o.rate_hz *
                                           MS_PER_S);
    for (; k < fs->n && (fs->o.count == 0 || fs->quotes < fs->o.count); k++) {
        struct feed_quote *q = &out[k];
        memset(q, 0, sizeof *q);
        memcpy(q->symbol, fs->sym[k], sizeof fs->sym[k]);
        q->price = px[k];
        q->iv = NAN;
        q->ts_ms = ts;
        fs->quotes++;
    }
    fs->ticks++;
    return k;
}

long feedsim_ticks(const struct feedsim *fs)
{
    return fs->ticks;
}

int64_t feedsim_gen(void *p, int64_t now_ms, struct feed_emit *e)
{
    struct feedsim *fs = p;
    double period_ms = MS_PER_S / fs->o.rate_hz;
    int done = 0;

    if (fs->wall0_ms == INT64_MIN) {
        fs->wall0_ms = now_ms;
        fs->wall_tick0 = fs->ticks;
    }
    for (;;) {
        int64_t due = fs->wall0_ms +
                      (int64_t)llround((double)(fs->ticks - fs->wall_tick0) * period_ms);
        if (due > now_ms)
            return due;
        if (done == FEEDSIM_CATCHUP) {
            /* late: the next tick one period from now */
            fs->wall0_ms = now_ms + (int64_t)llround(period_ms);
            fs->wall_tick0 = fs->ticks;
            return fs->wall0_ms;
        }
        size_t n = feedsim_tick(fs, fs->buf);
        if (n == 0)
            return -1;
        for (size_t i = 0; i < n; i++)
            feed_emit(e, &fs->buf[i]);
        done++;
    }
}
