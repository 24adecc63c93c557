/* cmd_feed.c: `allot feed-sim` (the simulated market as feed lines on
 * stdout) and `allot watch` (follow feeds or the simulator, store the
 * quotes in batches, print the book's exposure as it changes). */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cmds.h"
#include "cli/feedsetup.h"
#include "cli/simload.h"
#include "cli/watch.h"
#include "io/feedline.h"
#include "util/num.h"
#include "util/xalloc.h"

#define MS_PER_S 1000.0
#define MAX_SPECS 64

static volatile sig_atomic_t stop_flag;

static void on_signal(int sig)
{
    (void)sig;
    stop_flag = 1;
}

/* SIGINT, SIGTERM and SIGHUP end the run cleanly (poll returns EINTR);
 * SIGPIPE is ignored, a closed output is seen as EPIPE. */
static void catch_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sa.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &sa, NULL);
    stop_flag = 0;
}

/* Seconds as given on the command line to ms, > 0. */
static int secs_ms(struct cli_env *env, const char *cmd, const char *opt, const char *arg,
                   int64_t *ms)
{
    double s;
    int rc = cli_num(env, cmd, opt, arg, &s);
    if (rc != 0)
        return rc;
    if (!(s > 0) || s > 1e9)
        return cli_usage_error(env, cmd, "%s: expected seconds greater than 0, found %s", opt,
                               arg);
    *ms = (int64_t)llround(s * MS_PER_S);
    if (*ms < 1)
        *ms = 1;
    return 0;
}

static int parse_seed(struct cli_env *env, const char *cmd, const char *arg, unsigned long *seed)
{
    long v;
    int rc = cli_long(env, cmd, "--seed", arg, 0, 2147483647L, &v);
    if (rc == 0)
        *seed = (unsigned long)v;
    return rc;
}

/* --jumps RATE[:MEAN:SD] */
static int parse_jumps(struct cli_env *env, const char *cmd, const char *arg,
                       struct simload_opts *o)
{
    char buf[128], *mean, *sd;
    int rc;
    if (strlen(arg) >= sizeof buf)
        return cli_usage_error(env, cmd, "--jumps: expected RATE[:MEAN:SD], found \"%s\"", arg);
    strcpy(buf, arg);
    mean = strchr(buf, ':');
    sd = mean ? strchr(mean + 1, ':') : NULL;
    if (mean != NULL && sd == NULL)
        return cli_usage_error(env, cmd, "--jumps: expected RATE[:MEAN:SD], found \"%s\"", arg);
    if (mean != NULL)
        *mean++ = '\0';
    if (sd != NULL)
        *sd++ = '\0';
    if ((rc = cli_num(env, cmd, "--jumps", buf, &o->jump_rate_per_year)) != 0)
        return rc;
    if (!(o->jump_rate_per_year >= 0))
        return cli_usage_error(env, cmd, "--jumps: the rate is jumps a year, >= 0");
    if (mean != NULL) {
        if ((rc = cli_num(env, cmd, "--jumps mean", mean, &o->jump_mean_log)) != 0 ||
            (rc = cli_num(env, cmd, "--jumps sd", sd, &o->jump_sd_log)) != 0)
            return rc;
        if (!(o->jump_sd_log >= 0))
            return cli_usage_error(env, cmd, "--jumps: the sd of a log jump is >= 0");
    }
    return 0;
}

/* The reader of out is gone: later writes (and main's flush) go nowhere. */
static void discard_out(FILE *out)
{
    int fd = fileno(out), nul = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (fd >= 0 && nul >= 0)
        dup2(nul, fd);
    if (nul >= 0)
        close(nul);
    clearerr(out);
}

/* Wait until the monotonic ms due, or the reader of out leaves (1), or a
 * signal asks to stop. */
static int wait_until(FILE *out, int64_t due)
{
    int fd = fileno(out);
    for (;;) {
        int64_t now = feed_clock_ms();
        struct pollfd p = { fd, 0, 0 };
        if (now >= due || stop_flag)
            return 0;
        int r = poll(&p, fd >= 0 ? 1 : 0, (int)(due - now));
        if (r > 0 && (p.revents & (POLLERR | POLLHUP)))
            return 1;
    }
}

int cmd_feed_sim(struct cli_env *env, int argc, char **argv)
{
    static const struct option opts[] = {
        { "portfolio", required_argument, NULL, 'p' },
        { "symbols", required_argument, NULL, 'S' },
        { "rate", required_argument, NULL, 'r' },
        { "seed", required_argument, NULL, 's' },
        { "speed", required_argument, NULL, 'x' },
        { "jumps", required_argument, NULL, 'j' },
        { "stress", required_argument, NULL, 't' },
        { "count", required_argument, NULL, 'n' },
        { 0 }
    };
    struct simload_opts so;
    struct feedsim *fs;
    struct feed_quote *q;
    struct allot_err err;
    store_t *st;
    char *names, line[160];
    int c, rc, reset = 1, rate_given = 0, paced;
    long count = 0;
    int64_t t0;

    simload_opts_init(&so);
    while ((c = cli_getopt(env, "feed-sim", argc, argv, "p:", opts, reset)) != -1) {
        reset = 0;
        switch (c) {
        case -2:
            return CLI_USAGE;
        case 'p':
            so.portfolio = optarg;
            break;
        case 'S':
            so.symbols = optarg;
            break;
        case 'r':
            if ((rc = cli_num(env, "feed-sim", "--rate", optarg, &so.stream.rate_hz)) != 0)
                return rc;
            if (!(so.stream.rate_hz > 0) || so.stream.rate_hz > 1e6)
                return cli_usage_error(env, "feed-sim", "--rate: expected ticks a second, "
                                       "greater than 0 (at most 1e6)");
            rate_given = 1;
            break;
        case 's':
            if ((rc = parse_seed(env, "feed-sim", optarg, &so.seed)) != 0)
                return rc;
            break;
        case 'x':
            if ((rc = cli_num(env, "feed-sim", "--speed", optarg, &so.stream.speed)) != 0)
                return rc;
            if (!(so.stream.speed > 0) || so.stream.speed > 1e9)
                return cli_usage_error(env, "feed-sim", "--speed: expected a number greater "
                                       "than 0");
            break;
        case 'j':
            if ((rc = parse_jumps(env, "feed-sim", optarg, &so)) != 0)
                return rc;
            break;
        case 't':
            if ((rc = cli_num(env, "feed-sim", "--stress", optarg, &so.stress)) != 0)
                return rc;
            if (!(so.stress >= 0 && so.stress <= 1))
                return cli_usage_error(env, "feed-sim", "--stress: expected a number from 0 "
                                       "to 1");
            break;
        case 'n':
            if ((rc = cli_long(env, "feed-sim", "--count", optarg, 1, 1000000000L, &count)) != 0)
                return rc;
            break;
        }
    }
    if (optind != argc)
        return cli_usage_error(env, "feed-sim", "unexpected argument \"%s\"", argv[optind]);
    so.stream.count = count;
    /* a finite sample is written as fast as it is read, unless paced */
    paced = rate_given || count == 0;
    if ((rc = cli_open_store(env, 0, &st)) != 0)
        return rc;
    err_clear(&err);
    if (simload(st, &so, &fs, &names, &err) != 0) {
        store_close(st);
        return cli_fail(env, &err);
    }
    store_close(st);
    catch_signals();
    fprintf(env->out, "# allot feed-sim: seed %lu, %g ticks a second, speed %g (a tick is %g s "
            "of market time), jumps %g a year, stress %g; symbols %s\n", so.seed,
            so.stream.rate_hz, so.stream.speed, so.stream.speed / so.stream.rate_hz,
            so.jump_rate_per_year, so.stress, names);
    free(names);
    q = xcalloc(64, sizeof *q);
    t0 = feed_clock_ms();
    for (long tick = 0; !stop_flag; tick++) {
        size_t n;
        if (paced && tick > 0 &&
            wait_until(env->out, t0 + (int64_t)llround(tick * MS_PER_S / so.stream.rate_hz)))
            break;
        if (stop_flag)
            break;
        n = feedsim_tick(fs, q);
        if (n == 0)
            break;
        for (size_t i = 0; i < n; i++) {
            feedline_format(&q[i], line, sizeof line);
            fputs(line, env->out);
        }
        if (paced)
            fflush(env->out);
        if (ferror(env->out))
            break;
    }
    free(q);
    feedsim_free(fs);
    if (fflush(env->out) != 0 || ferror(env->out)) {
        if (errno == EPIPE || stop_flag) {
            discard_out(env->out);
            return CLI_OK;
        }
        discard_out(env->out);
        err_setf(&err, ALLOT_E_IO, "writing the output: %s", strerror(errno));
        return cli_fail(env, &err);
    }
    return CLI_OK;
}

/* watch's sink for feed_setup_add */
static int watch_sink_add(void *ctx, const char *spec, enum feed_spec how,
                          struct allot_err *err)
{
    return watch_add(ctx, spec, how, err);
}

static int watch_sink_sim(void *ctx, struct feedsim *fs, struct allot_err *err)
{
    return watch_add_sim(ctx, fs, err);
}

int cmd_watch(struct cli_env *env, int argc, char **argv)
{
    static const struct option opts[] = {
        { "portfolio", required_argument, NULL, 'p' },
        { "feed", required_argument, NULL, 'f' },
        { "feed-cmd", required_argument, NULL, 'F' },
        { "feed-file", required_argument, NULL, 'L' },
        { "simulate", no_argument, NULL, 'm' },
        { "seed", required_argument, NULL, 's' },
        { "speed", required_argument, NULL, 'x' },
        { "interval", required_argument, NULL, 'i' },
        { "once", no_argument, NULL, 'o' },
        { "stale", required_argument, NULL, 'a' },
        { "jump-limit", required_argument, NULL, 'J' },
        { "restart-delay", required_argument, NULL, 'R' },
        { "csv", no_argument, NULL, 'c' },
        { 0 }
    };
    struct cli_feed_arg specs[MAX_SPECS];
    size_t nspec = 0;
    const char *seed = NULL, *speed = NULL;
    int simulate = 0, c, rc, reset = 1;
    struct watch_opts wo;
    struct simload_opts so;
    struct watch *w = NULL;
    struct feed_setup fs;
    struct feed_setup_sink sink = { watch_sink_add, watch_sink_sim, NULL };
    struct allot_err err;
    store_t *st;

    watch_opts_init(&wo);
    simload_opts_init(&so);
    /* the global options first, then the subcommand's own */
    if (env->feed != NULL) {
        for (size_t i = 0; i < env->feed->n_feeds && nspec < MAX_SPECS; i++)
            specs[nspec++] = env->feed->feeds[i];
        simulate = env->feed->simulate;
        seed = env->feed->seed;
        speed = env->feed->speed;
    }
    while ((c = cli_getopt(env, "watch", argc, argv, "p:", opts, reset)) != -1) {
        reset = 0;
        switch (c) {
        case -2:
            return CLI_USAGE;
        case 'p':
            wo.portfolio = optarg;
            break;
        case 'f':
        case 'F':
        case 'L':
            if (nspec == MAX_SPECS)
                return cli_usage_error(env, "watch", "at most %d feeds", MAX_SPECS);
            specs[nspec].spec = optarg;
            specs[nspec].how = c == 'f' ? FEED_SPEC_AUTO : c == 'F' ? FEED_SPEC_CMD
                                                                    : FEED_SPEC_FILE;
            nspec++;
            break;
        case 'm':
            simulate = 1;
            break;
        case 's':
            seed = optarg;
            break;
        case 'x':
            speed = optarg;
            break;
        case 'i':
            if ((rc = secs_ms(env, "watch", "--interval", optarg, &wo.interval_ms)) != 0)
                return rc;
            break;
        case 'o':
            wo.feed.follow = 0;
            break;
        case 'a':
            if ((rc = secs_ms(env, "watch", "--stale", optarg, &wo.feed.stale_ms)) != 0)
                return rc;
            break;
        case 'J':
            if ((rc = cli_num(env, "watch", "--jump-limit", optarg, &wo.batch.jump_limit)) != 0)
                return rc;
            if (!(wo.batch.jump_limit >= 0))
                return cli_usage_error(env, "watch", "--jump-limit: expected a fraction >= 0 "
                                       "(0.25 for 25 %%; 0 turns the check off)");
            break;
        case 'R':
            if ((rc = secs_ms(env, "watch", "--restart-delay", optarg, &wo.feed.restart_ms)) != 0)
                return rc;
            if (wo.feed.restart_max_ms < wo.feed.restart_ms)
                wo.feed.restart_max_ms = wo.feed.restart_ms;
            break;
        case 'c':
            wo.csv = 1;
            break;
        }
    }
    if (optind != argc)
        return cli_usage_error(env, "watch", "unexpected argument \"%s\"", argv[optind]);
    fs.specs = specs;
    fs.nspec = nspec;
    fs.simulate = simulate;
    fs.seed = seed;
    fs.speed = speed;
    fs.portfolio = wo.portfolio;
    if ((rc = feed_setup_check(env, "watch", &fs, &so)) != 0)
        return rc;
    wo.memory = simulate;

    if ((rc = cli_open_store(env, 0, &st)) != 0)
        return rc;
    err_clear(&err);
    if (watch_new(st, env, &wo, &w, &err) != 0)
        goto fail;
    sink.ctx = w;
    if (feed_setup_add(env, st, &fs, &so, &sink, &err) != 0)
        goto fail;
    catch_signals();
    watch_run(w, &stop_flag);
    watch_free(w);
    store_close(st);
    return CLI_OK;
fail:
    watch_free(w);
    store_close(st);
    return cli_fail(env, &err);
}
