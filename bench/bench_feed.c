/* bench_feed.c: the live pipeline under load. A generator process writes
 * 10,000 quote lines a second across 50 symbols for 5 seconds; `allot
 * watch`'s own machinery (cli/watch.h: the feed command read without
 * blocking, quotes batched into the store, a 500-position book revalued
 * after each batch, a line printed) consumes it in this process, as
 * `allot watch --feed-cmd GEN --once --csv` would. Figures:
 *  - lines a second kept up with, and lines lost (must be 0);
 *  - the generator's worst lag behind its schedule: a consumer that falls
 *    behind fills the pipe (64 KiB, ~0.3 s of lines) and blocks it, so a
 *    growing backlog shows here;
 *  - the pipeline's CPU (this process, user + system) over the run;
 *  - the exposure's age: from a quote's arrival to the end of the
 *    revaluation that includes it, worst case, against one redraw
 *    interval (the 250 ms batch);
 *  - revaluations and their mean time. */
#include <config.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "cli/import.h"
#include "cli/watch.h"
#include "util/date.h"

#define RATE 10000          /* lines a second */
#define NSYM 50
#define SECONDS 5
#define NPOS 500            /* 10 a symbol: spot, perp, 8 options */
#define AGE_TARGET_MS 250   /* one redraw interval */
#define LAG_TARGET_MS 100
#define CPU_TARGET 1.0      /* cores */

static double mono_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* The generator: rate lines a second for secs seconds, paced in 1 ms
 * slices; writes "lines max_lag_ms" into report at the end. */
static int generate(long rate, int nsym, int secs, const char *report)
{
    double px[NSYM], t0 = mono_s(), max_lag = 0;
    long k = 0, total = rate * secs;
    unsigned long long s = 7;
    char buf[1 << 16];
    FILE *f;

    for (int i = 0; i < nsym; i++)
        px[i] = 100.0 + i;
    while (k < total) {
        double now = mono_s();
        long due = (long)((now - t0) * rate), n = 0;
        if (due > total)
            due = total;
        if (due <= k) {
            struct timespec ts = { 0, 1000000 };
            nanosleep(&ts, NULL);
            continue;
        }
        while (k < due && n < (long)sizeof buf - 64) {
            int i = (int)(k % nsym);
            s = s * 6364136223846793005ULL + 1442695040888963407ULL;
            px[i] *= 1 + ((double)(s >> 11) / 9007199254740992.0 - 0.5) * 2e-4;
            n += snprintf(buf + n, sizeof buf - (size_t)n, "S%02d,%.6f\n", i, px[i]);
            k++;
        }
        if (fwrite(buf, 1, (size_t)n, stdout) != (size_t)n || fflush(stdout) != 0)
            return 1;
        /* how late the last line written is against its schedule */
        double lag = mono_s() - (t0 + (double)k / rate);
        if (lag > max_lag)
            max_lag = lag;
    }
    f = fopen(report, "w");
    if (f == NULL)
        return 1;
    fprintf(f, "%ld %.3f\n", k, max_lag * 1000);
    return fclose(f) != 0;
}

static int setup(const char *dir, store_t **st)
{
    char prices[300], positions[300], db[300];
    const char *files[1];
    struct import_prices_result res;
    struct allot_err err;
    long added, replaced;
    int32_t today = date_today();
    FILE *f;

    snprintf(prices, sizeof prices, "%s/prices.csv", dir);
    snprintf(positions, sizeof positions, "%s/positions.csv", dir);
    snprintf(db, sizeof db, "%s/bench.db", dir);
    f = fopen(prices, "w");
    fputs("date,symbol,close\n", f);
    for (int d = 30; d >= 1; d--) {
        char day[11];
        date_format_day(today - d, day);
        for (int i = 0; i < NSYM; i++)
            fprintf(f, "%s,S%02d,%.4f\n", day, i, (100.0 + i) * (1 + 0.001 * (d % 7)));
    }
    fclose(f);
    f = fopen(positions, "w");
    fputs("kind,instrument,underlying,quantity,entry_price,expiry,strike,type,multiplier,iv\n", f);
    for (int i = 0; i < NSYM; i++) {
        double s0 = 100.0 + i;
        fprintf(f, "spot,S%02d,S%02d,10,%.2f,,,,,\n", i, i, s0 * 0.9);
        fprintf(f, "perp,S%02d-PERP,S%02d,-5,%.2f,,,,,\n", i, i, s0 * 1.05);
        for (int j = 0; j < 8; j++) {
            char exp[11];
            date_format_day(today + 30 + 30 * (j % 4), exp);
            fprintf(f, "option,S%02d-O%d,S%02d,%d,%.2f,%s,%.2f,%s,1,%.2f\n", i, j, i,
                    j % 3 ? 2 : -1, s0 * 0.05, exp, s0 * (0.8 + 0.05 * j), j % 2 ? "call" : "put",
                    0.5 + 0.02 * j);
        }
    }
    fclose(f);
    err_clear(&err);
    if (store_open(db, STORE_CREATE, st, &err) != 0)
        goto fail;
    files[0] = prices;
    if (import_prices(*st, files, 1, PRICE_FMT_LONG, NULL, 0, NULL, &res, &err) != 0)
        goto fail;
    import_prices_done(&res);
    if (import_positions(*st, positions, NULL, 0, NULL, &added, &replaced, &err) != 0)
        goto fail;
    if (added != NPOS) {
        printf("bench_feed: %ld positions imported, want %d\n", added, NPOS);
        return 1;
    }
    return 0;
fail:
    {
        char buf[1024];
        printf("bench_feed: setup: %s\n", err_format(&err, buf, sizeof buf));
    }
    return 1;
}

static double cpu_s(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec * 1e-6 + ru.ru_stime.tv_sec +
           ru.ru_stime.tv_usec * 1e-6;
}

int main(int argc, char **argv)
{
    char dir[] = "/tmp/allot-bench-feed-XXXXXX", cmd[1600], report[300], self[1024];
    struct watch_opts wo;
    struct watch *w;
    struct watch_counters c;
    struct allot_err err;
    struct cli_env env;
    store_t *st;
    double t0, t1, c0, c1, max_lag = -1;
    long lines_gen = -1;
    ssize_t len;
    FILE *f;
    int ok = 1;

    if (argc == 6 && strcmp(argv[1], "--gen") == 0)
        return generate(atol(argv[2]), atoi(argv[3]), atoi(argv[4]), argv[5]);
    if (mkdtemp(dir) == NULL || setup(dir, &st) != 0)
        return 1;
    len = readlink("/proc/self/exe", self, sizeof self - 1);
    if (len <= 0)
        return 1;
    self[len] = '\0';
    snprintf(report, sizeof report, "%s/report", dir);
    snprintf(cmd, sizeof cmd, "exec '%s' --gen %d %d %d '%s'", self, RATE, NSYM, SECONDS,
             report);

    watch_opts_init(&wo);
    wo.quiet = 1;
    wo.csv = 1;
    wo.feed.follow = 0;         /* --once: done when the generator is */
    env.out = fopen("/dev/null", "w");
    env.err = stderr;
    env.db_path = NULL;
    env.feed = NULL;
    env.progress = NULL;
    env.progress_ctx = NULL;
    err_clear(&err);
    if (watch_new(st, &env, &wo, &w, &err) != 0 || watch_add(w, cmd, FEED_SPEC_CMD, &err) < 0) {
        char buf[1024];
        printf("bench_feed: %s\n", err_format(&err, buf, sizeof buf));
        return 1;
    }
    t0 = mono_s();
    c0 = cpu_s();
    watch_run(w, NULL);
    t1 = mono_s();
    c1 = cpu_s();
    watch_counters(w, &c);
    watch_free(w);
    store_close(st);
    fclose(env.out);
    f = fopen(report, "r");
    if (f == NULL || fscanf(f, "%ld %lf", &lines_gen, &max_lag) != 2) {
        printf("bench_feed: no report from the generator\n");
        ok = 0;
    }
    if (f != NULL)
        fclose(f);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);

    double rate = c.lines / (t1 - t0), cpu = (c1 - c0) / (t1 - t0);
    int p_rate = c.lines == lines_gen && rate >= 0.95 * RATE;
    int p_lag = max_lag >= 0 && max_lag <= LAG_TARGET_MS;
    int p_cpu = cpu < CPU_TARGET;
    int p_age = c.max_age_ms <= AGE_TARGET_MS;
    printf("live feed: %d lines/s across %d symbols for %d s into watch, a %d-position book\n",
           RATE, NSYM, SECONDS, NPOS);
    printf("  lines read              %ld of %ld, %.0f/s over the run      target all, >= %d/s"
           "   %s\n", c.lines, lines_gen, rate, RATE * 95 / 100, p_rate ? "PASS" : "FAIL");
    printf("  generator's worst lag   %.1f ms                       target <= %d ms"
           "        %s\n", max_lag, LAG_TARGET_MS, p_lag ? "PASS" : "FAIL");
    printf("  pipeline CPU            %.2f cores (%.2f s in %.2f s)     target < %.1f core"
           "       %s\n", cpu, c1 - c0, t1 - t0, CPU_TARGET, p_cpu ? "PASS" : "FAIL");
    printf("  exposure age, worst     %lld ms                          target <= %d ms"
           "        %s\n", (long long)c.max_age_ms, AGE_TARGET_MS, p_age ? "PASS" : "FAIL");
    printf("  batches %ld, revaluations %ld, %.2f ms each, lines printed %ld\n", c.batches,
           c.revals, c.revals ? c.reval_ms / c.revals : NAN, c.printed);
    return ok && p_rate && p_lag && p_cpu && p_age ? 0 : 1;
}
