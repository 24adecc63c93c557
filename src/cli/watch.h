/* watch.h: the loop behind `allot watch`: quote sources (io/feedsrc.h)
 * or the simulator (io/feedsim.h), quotes into the store in batches
 * (store/quotebatch.h), the book revalued after each batch (store/bookload.h)
 * and printed as one line when its figures change, or every interval.
 * Owns its poll() loop; bench_feed drives the same code. */
#ifndef ALLOT_CLI_WATCH_H
#define ALLOT_CLI_WATCH_H

#include <signal.h>
#include <stdint.h>

#include "cli/cli.h"
#include "io/feedsim.h"
#include "io/feedsrc.h"
#include "store/quotebatch.h"

/* Bad lines, held jumps and feed exits shown on stderr before going quiet
 * (they are still counted on every line). */
#define WATCH_WARN_MAX 10
/* How long a batch write may wait for another writer of the store. */
#define WATCH_BUSY_MS 200

struct watch_opts {
    const char *portfolio;      /* NULL: main */
    int csv;
    int64_t interval_ms;        /* 0: a line each time the figures change */
    int memory;                 /* 1: keep quotes in memory, value with them as given
                                 * spots, leave the store alone (--simulate) */
    int quiet;                  /* no warnings (the benchmark) */
    struct feed_opts feed;
    struct qbatch_opts batch;
};

void watch_opts_init(struct watch_opts *o);

/* What the run did, for the benchmark and tests. */
struct watch_counters {
    long lines;                 /* lines read (all sources) */
    long quotes;                /* quotes accepted */
    long bad_lines;
    long held;                  /* jumps held */
    long batches;               /* batches closed */
    long revals;                /* revaluations */
    long printed;               /* lines printed */
    double reval_ms;            /* time spent revaluing, ms */
    int64_t max_age_ms;         /* the oldest a quote was when the exposure including it
                                 * was computed: arrival to the end of its revaluation */
};

struct watch;

/* A watcher on st (not owned) printing on env->out, warnings on env->err.
 * Checks that the portfolio exists and holds positions (ALLOT_E_NOTFOUND,
 * ALLOT_E_INPUT) and that the store is writable unless o->memory. */
int watch_new(store_t *st, struct cli_env *env, const struct watch_opts *o, struct watch **out,
              struct allot_err *err);

/* Add a source (feed_add); quotes from it are stamped with the clock when
 * their line has no time. */
int watch_add(struct watch *w, const char *spec, enum feed_spec how, struct allot_err *err);
/* Add the simulator (fs owned from now on). */
int watch_add_sim(struct watch *w, struct feedsim *fs, struct allot_err *err);

/* Run until every source has ended, *stop (may be NULL) is set, or out
 * is closed (a pipe whose reader left: then out is pointed at /dev/null).
 * Then stop the sources (their commands killed and reaped), write the
 * last batch, revalue and print the last line if it changed. Returns 0.
 * With an empty run (no source), returns at once. */
int watch_run(struct watch *w, volatile sig_atomic_t *stop);

void watch_counters(const struct watch *w, struct watch_counters *c);

/* Free, stopping the sources if watch_run did not. NULL: no-op. */
void watch_free(struct watch *w);

#endif
