/* feedsim.h: the market simulator (engine/risk/sim.h) as a stream of
 * quotes, for `allot feed-sim` (printed as lines) and --simulate (a feed
 * generator, feedsrc.h). A tick quotes every symbol once, all stamped
 * with the same simulated instant: tick 0 the start prices at start_ms,
 * tick k the prices after k steps at start_ms + k * step, where one step
 * is speed / rate seconds of simulated time (the simulator's dt, in days,
 * is that over 86400). Ticks are paced at rate per second of wall time;
 * the stream itself (prices and timestamps) depends only on the seed and
 * these parameters, never on the wall clock. No store, no printing. */
#ifndef ALLOT_IO_FEEDSIM_H
#define ALLOT_IO_FEEDSIM_H

#include <stddef.h>
#include <stdint.h>

#include "engine/risk/sim.h"
#include "io/feedline.h"
#include "io/feedsrc.h"
#include "util/err.h"

#define FEEDSIM_RATE_HZ 2.0         /* default: two ticks a second */
#define FEEDSIM_SPEED 1.0           /* default: simulated time runs as wall time */
/* A late loop catches up at most this many ticks at once. */
#define FEEDSIM_CATCHUP 10

struct feedsim_opts {
    double rate_hz;         /* ticks per second of wall time, > 0 */
    double speed;           /* simulated seconds per wall-clock second, > 0 */
    int64_t start_ms;       /* the simulated instant of the start prices */
    long count;             /* quotes to produce in all; 0: no end */
};

void feedsim_opts_init(struct feedsim_opts *o);

/* The simulator step for o: speed / rate_hz / 86400 days. */
double feedsim_dt_days(const struct feedsim_opts *o);

struct feedsim;

/* A stream over sim (owned from now on, freed by feedsim_free, also on
 * failure) quoting symbols[0..sim_n-1] (copied; each a valid asset
 * symbol). Returns 0 or ALLOT_E_INPUT naming a bad option or symbol. */
int feedsim_new(struct sim *sim, const char *const *symbols, const struct feedsim_opts *o,
                struct feedsim **out, struct allot_err *err);
void feedsim_free(void *fs);

/* The quotes of the next tick into out (room for sim_n): returns how many
 * (fewer than sim_n when count ends inside the tick), 0 once count is
 * reached. */
size_t feedsim_tick(struct feedsim *fs, struct feed_quote *out);

/* Ticks produced so far. */
long feedsim_ticks(const struct feedsim *fs);

/* A feed_gen_fn over a struct feedsim (feed_add_gen(f, "sim", feedsim_gen,
 * fs, feedsim_free, err)): tick 0 at the first call, tick k due k / rate
 * seconds later; a loop that is late emits at most FEEDSIM_CATCHUP due
 * ticks at once, then schedules the next from now: no tick is lost, the
 * stream only runs late (its simulated timestamps do not change). */
int64_t feedsim_gen(void *fs, int64_t now_ms, struct feed_emit *e);

#endif
