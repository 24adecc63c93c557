/* feedsetup.h: the feed options `allot watch` and the interactive
 * screen share (--feed, --feed-cmd, --feed-file, --simulate, --seed,
 * --speed): checks their combination and adds the sources, the
 * simulator built over the store by simload.h or each spec, through the
 * caller's two adders. Runs no loop and keeps nothing. */
#ifndef ALLOT_CLI_FEEDSETUP_H
#define ALLOT_CLI_FEEDSETUP_H

#include <stddef.h>

#include "cli/cli.h"
#include "cli/simload.h"
#include "io/feedsim.h"
#include "io/feedsrc.h"
#include "store/db.h"
#include "util/err.h"

struct feed_setup {
    const struct cli_feed_arg *specs;
    size_t nspec;
    int simulate;
    const char *seed;           /* as given, or NULL */
    const char *speed;          /* as given, or NULL */
    const char *portfolio;      /* the simulator's default symbols; NULL: main */
};

/* Where the sources go: add a spec (feed_add's contract, returns the
 * index or a negative ALLOT_E_*), or the simulator (owned by the callee
 * from the call on, also on failure). */
struct feed_setup_sink {
    int (*add)(void *ctx, const char *spec, enum feed_spec how, struct allot_err *err);
    int (*add_sim)(void *ctx, struct feedsim *fs, struct allot_err *err);
    void *ctx;
};

/* Check fs (one of --simulate or feeds; --seed and --speed only with
 * --simulate; the numbers) and set so's seed and speed from it. cmd
 * names the subcommand in messages (NULL: the global options). Returns
 * 0, or prints a usage error and returns CLI_USAGE. */
int feed_setup_check(struct cli_env *env, const char *cmd, const struct feed_setup *fs,
                     struct simload_opts *so);

/* Add fs's sources to sink: the simulator over st (so->portfolio taken
 * from fs) or each spec, warning on env->err about an executable file
 * given to --feed (followed, not run). Returns 0 or a negative ALLOT_E_*
 * with err set. */
int feed_setup_add(struct cli_env *env, store_t *st, const struct feed_setup *fs,
                   struct simload_opts *so, const struct feed_setup_sink *sink,
                   struct allot_err *err);

/* For the interactive screen: check the global options g (CLI_USAGE),
 * open the store env names (its errors: CLI_FAIL; closed again), and
 * build a feed with g's sources into *out (free with feed_free; its
 * commands start at its first feed_tick). *memory is set to 1 for the
 * simulator (quotes are kept in memory, the store left alone), 0 for
 * feeds (their quotes are stored as watch stores them). Returns the
 * exit status: 0 with *out set, else with *out NULL and the message
 * printed. */
int feed_setup_build(struct cli_env *env, const struct cli_feed_globals *g,
                     const char *portfolio, struct feed **out, int *memory);

#endif
