#include <config.h>
#include "cli/feedsetup.h"

#include <string.h>
#include <unistd.h>

int feed_setup_check(struct cli_env *env, const char *cmd, const struct feed_setup *fs,
                     struct simload_opts *so)
{
    int rc;
    if (fs->simulate && fs->nspec > 0)
        return cli_usage_error(env, cmd, "--simulate replaces the feeds: give one or the "
                               "other");
    if (!fs->simulate && fs->nspec == 0)
        return cli_usage_error(env, cmd, "nothing to watch: give --feed SPEC (a command, "
                               "a file, a FIFO or - for standard input) or --simulate");
    if (!fs->simulate && (fs->seed != NULL || fs->speed != NULL))
        return cli_usage_error(env, cmd, "--seed and --speed apply to --simulate");
    if (fs->seed != NULL) {
        long v;
        if ((rc = cli_long(env, cmd, "--seed", fs->seed, 0, 2147483647L, &v)) != 0)
            return rc;
        so->seed = (unsigned long)v;
    }
    if (fs->speed != NULL) {
        if ((rc = cli_num(env, cmd, "--speed", fs->speed, &so->stream.speed)) != 0)
            return rc;
        if (!(so->stream.speed > 0) || so->stream.speed > 1e9)
            return cli_usage_error(env, cmd, "--speed: expected a number greater than 0");
    }
    return 0;
}

int feed_setup_add(struct cli_env *env, store_t *st, const struct feed_setup *fs,
                   struct simload_opts *so, const struct feed_setup_sink *sink,
                   struct allot_err *err)
{
    if (fs->simulate) {
        struct feedsim *sim;
        so->portfolio = fs->portfolio;
        if (simload(st, so, &sim, NULL, err) != 0)
            return err->code;
        if (sink->add_sim(sink->ctx, sim, err) < 0)
            return err->code;
    }
    for (size_t i = 0; i < fs->nspec; i++) {
        const struct cli_feed_arg *a = &fs->specs[i];
        if (sink->add(sink->ctx, a->spec, (enum feed_spec)a->how, err) < 0)
            return err->code;
        if (a->how == FEED_SPEC_AUTO && strcmp(a->spec, "-") != 0 &&
            access(a->spec, X_OK) == 0 && access(a->spec, R_OK) == 0)
            cli_warn(env, "--feed %s: an existing file is followed, not run; to run it, use "
                     "--feed-cmd", a->spec);
    }
    return 0;
}

/* The sink of feed_setup_build: straight into a struct feed. */
static int feed_sink_add(void *ctx, const char *spec, enum feed_spec how,
                         struct allot_err *err)
{
    return feed_add(ctx, spec, how, err);
}

static int feed_sink_sim(void *ctx, struct feedsim *fs, struct allot_err *err)
{
    return feed_add_gen(ctx, "simulator", feedsim_gen, fs, feedsim_free, err);
}

int feed_setup_build(struct cli_env *env, const struct cli_feed_globals *g,
                     const char *portfolio, struct feed **out, int *memory)
{
    struct feed_setup fs = { g->feeds, g->n_feeds, g->simulate, g->seed, g->speed, portfolio };
    struct feed_setup_sink sink = { feed_sink_add, feed_sink_sim, NULL };
    struct simload_opts so;
    struct allot_err err;
    struct feed *f;
    store_t *st;
    int rc;

    *out = NULL;
    *memory = 0;
    simload_opts_init(&so);
    if ((rc = feed_setup_check(env, NULL, &fs, &so)) != 0)
        return rc;
    if ((rc = cli_open_store(env, 0, &st)) != 0)
        return rc;
    f = feed_new(NULL);
    sink.ctx = f;
    err_clear(&err);
    rc = feed_setup_add(env, st, &fs, &so, &sink, &err);
    store_close(st);
    if (rc != 0) {
        feed_free(f);
        return cli_fail(env, &err);
    }
    *out = f;
    *memory = g->simulate;
    return 0;
}
