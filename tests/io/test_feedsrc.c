/* Tests for io/feedsrc.c with real processes, pipes and files: quotes,
 * bad lines and the last one kept, staleness, restarts with exponential
 * backoff, the process group killed on quit (even when it ignores
 * SIGTERM), a FIFO reopened for a second writer, a file followed through
 * truncation and rotation, overlong lines, standard input, generators,
 * --once, and no leaked descriptors. Every wait polls the feed for its
 * condition (5 s cap); none sleeps a fixed time. Delays are short
 * (tens of ms) through feed_opts. */
#include <config.h>
#include "cmocka_wrap.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/feedsrc.h"
#include "tmpdir.h"

#define WAIT_MS 5000
#define MAXQ 256

struct got {
    int n;
    struct feed_quote q[MAXQ];
    size_t src[MAXQ];
};

static void on_quote(void *ctx, size_t src, const struct feed_quote *q)
{
    struct got *g = ctx;
    if (g->n < MAXQ) {
        g->q[g->n] = *q;
        g->src[g->n] = src;
    }
    g->n++;
}

typedef int (*cond_fn)(struct feed *f, struct got *g, int64_t now, void *arg);

/* The test's clock: the monotonic clock, moved ahead at will. */
static int64_t clock_offset;

static int64_t test_now(void)
{
    return feed_clock_ms() + clock_offset;
}

/* Drive the feed until cond holds (1) or WAIT_MS pass (0). *at gets the
 * now at which cond first held. */
static int run_until(struct feed *f, struct got *g, cond_fn cond, void *arg, int64_t *at)
{
    int64_t end = test_now() + WAIT_MS;
    for (;;) {
        struct pollfd p[16];
        int64_t now = test_now(), next, to;
        size_t n;
        next = feed_tick(f, now, on_quote, g);
        if (cond(f, g, now, arg)) {
            if (at != NULL)
                *at = now;
            return 1;
        }
        if (now >= end)
            return 0;
        n = feed_pollfds(f, p, 16);
        assert_true(n <= 16);
        to = next == INT64_MAX ? 50 : next - now;
        to = to < 0 ? 0 : to > 50 ? 50 : to;
        poll(p, n, (int)to);
        now = test_now();
        for (size_t i = 0; i < n; i++)
            if (p[i].revents != 0)
                assert_true(feed_on_readable(f, p[i].fd, now, on_quote, g) >= 0);
        if (cond(f, g, now, arg)) {
            if (at != NULL)
                *at = now;
            return 1;
        }
    }
}

/* The feed of the running test, freed by the teardown if a failed
 * assertion skipped the test's own feed_free: no command outlives it. */
static struct feed *live;

static struct feed *tfeed_new(const struct feed_opts *o)
{
    live = feed_new(o);
    return live;
}

static void tfeed_free(struct feed *f)
{
    feed_free(f);
    live = NULL;
}

static int teardown(void **state)
{
    (void)state;
    feed_free(live);
    live = NULL;
    return 0;
}

static int have_quotes(struct feed *f, struct got *g, int64_t now, void *arg)
{
    (void)f, (void)now;
    return g->n >= *(int *)arg;
}

static int in_state(struct feed *f, struct got *g, int64_t now, void *arg)
{
    struct feed_status st;
    (void)g;
    feed_status(f, 0, now, &st);
    return st.state == *(enum feed_state *)arg;
}

static int restarts_reach(struct feed *f, struct got *g, int64_t now, void *arg)
{
    struct feed_status st;
    (void)g;
    feed_status(f, 0, now, &st);
    return st.restarts >= *(long *)arg;
}

static int is_done(struct feed *f, struct got *g, int64_t now, void *arg)
{
    (void)g, (void)now, (void)arg;
    return feed_done(f);
}

static int count_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    struct dirent *e;
    int n = 0;
    if (d == NULL)
        return -1;
    while ((e = readdir(d)) != NULL)
        if (e->d_name[0] != '.')
            n++;
    closedir(d);
    return n - 1;   /* the directory's own descriptor */
}

static void fast_opts(struct feed_opts *o)
{
    feed_opts_init(o);
    o->stale_ms = 150;
    o->restart_ms = 40;
    o->restart_max_ms = 160;
    o->kill_grace_ms = 300;
    o->follow_ms = 20;
}

/* Quotes, a bad line kept, stale during a pause, the exit and its status,
 * the last stderr line, then the restart. */
static void test_command(void **state)
{
    struct feed_opts o;
    struct feed *f;
    struct got g = { 0 };
    struct feed_status st;
    struct allot_err err;
    char cmd[1200], gate[300];
    int want;
    enum feed_state s;
    long one = 1;
    int fds0 = count_fds();
    (void)state;

    /* the pause ends when the test creates the gate file, so its length is
     * whatever the test needs, with no race */
    tmpdir_file(gate, sizeof gate, "gate");
    snprintf(cmd, sizeof cmd,
             "printf 'BTC,100\\nBTC,12x\\n# comment\\nETH,2,0.5\\n'; "
             "i=0; while [ ! -e '%s' ] && [ $i -lt 1000 ]; do sleep 0.01; i=$((i + 1)); done; "
             "echo SOL,3; echo oops >&2; exit 3",
             gate);
    fast_opts(&o);
    f = tfeed_new(&o);
    assert_int_equal(feed_add(f, cmd, FEED_SPEC_AUTO, &err), 0);
    assert_int_equal(feed_count(f), 1);
    want = 2;
    assert_true(run_until(f, &g, have_quotes, &want, NULL));
    assert_string_equal(g.q[0].symbol, "BTC");
    assert_true(g.q[0].price == 100);
    assert_string_equal(g.q[1].symbol, "ETH");
    assert_true(g.q[1].iv == 0.5);
    feed_status(f, 0, feed_clock_ms(), &st);
    assert_int_equal(st.kind, FEED_CMD);
    assert_true(st.pid > 0);
    assert_int_equal(st.lines, 4);
    assert_int_equal(st.bad_lines, 1);
    assert_string_equal(st.last_bad, "BTC,12x");
    /* "BTC,12x": the price's bad byte x at column 7 */
    assert_int_equal(st.last_err.line, 2);
    assert_int_equal(st.last_err.col, 7);
    assert_string_equal(st.last_err.file, cmd);
    assert_non_null(strstr(st.last_err.msg, "price"));

    /* no line for stale_ms: stale */
    s = FEED_STALE;
    assert_true(run_until(f, &g, in_state, &s, NULL));
    fclose(fopen(gate, "w"));
    /* the exit: restarting, with its status and its last stderr line */
    s = FEED_RESTARTING;
    assert_true(run_until(f, &g, in_state, &s, NULL));
    feed_status(f, 0, feed_clock_ms(), &st);
    assert_int_equal(g.n, 3);
    assert_string_equal(g.q[2].symbol, "SOL");
    assert_int_equal(st.last_exit, 3);
    assert_string_equal(st.last_stderr, "oops");
    assert_int_equal(st.pid, 0);
    assert_true(run_until(f, &g, restarts_reach, &one, NULL));
    tfeed_free(f);
    remove(gate);
    assert_int_equal(count_fds(), fds0);
}

static int exited_k(struct feed *f, struct got *g, int64_t now, void *arg)
{
    struct feed_status st;
    long *k = arg;
    (void)g;
    feed_status(f, 0, now, &st);
    return st.state == FEED_RESTARTING && st.restarts == k[0];
}

/* A command that exits at once: the delays before restarts 1, 2, 3, 4 and 5
 * are 40, 80, 160, 160 (the cap) and 160 ms. Each is read from the status
 * at the instant the exit was seen, so the check is exact; that the
 * restart then waits at least that long is checked on the clock (a timer
 * never fires early). */
static void test_backoff(void **state)
{
    struct feed_opts o;
    struct feed *f;
    struct got g = { 0 };
    struct feed_status st;
    struct allot_err err;
    const int64_t want[] = { 40, 80, 160, 160, 160 };
    (void)state;

    fast_opts(&o);
    f = tfeed_new(&o);
    assert_int_equal(feed_add(f, "echo BTC,1; exit 1", FEED_SPEC_CMD, &err), 0);
    for (long k = 0; k < 5; k++) {
        int64_t exit_at, start_at;
        long arg[1] = { k }, next = k + 1;
        assert_true(run_until(f, &g, exited_k, arg, &exit_at));
        feed_status(f, 0, exit_at, &st);
        assert_int_equal(st.last_exit, 1);
        assert_true(st.restart_in_ms == want[k]);
        assert_true(run_until(f, &g, restarts_reach, &next, &start_at));
        assert_true(start_at - exit_at >= want[k]);
    }
    assert_true(g.n >= 5);
    tfeed_free(f);
}

/* A run longer than restart_reset_ms resets the delay; max_restarts makes
 * it dead. The feed knows time only from its callers, so the long run is
 * made long by moving the test's clock 6 s ahead while it runs: exact,
 * whatever the machine's load. */
static int running(struct feed *f, struct got *g, int64_t now, void *arg)
{
    struct feed_status st;
    (void)g, (void)arg;
    feed_status(f, 0, now, &st);
    return st.pid > 0 && st.restarts == 2;
}

static void test_backoff_reset_and_limit(void **state)
{
    struct feed_opts o;
    struct feed *f;
    struct got g = { 0 };
    struct feed_status st;
    struct allot_err err;
    char cmd[1400], gate[300], cnt[300];
    const int64_t want[] = { 40, 80, 40, 80 };
    enum feed_state dead = FEED_DEAD;
    int64_t at;
    (void)state;

    fast_opts(&o);
    o.restart_reset_ms = 5000;
    o.max_restarts = 4;
    f = tfeed_new(&o);
    /* runs 1, 2, 4 and 5 exit at once; run 3 waits for the gate */
    tmpdir_file(gate, sizeof gate, "gate2");
    tmpdir_file(cnt, sizeof cnt, "count2");
    snprintf(cmd, sizeof cmd, "n=$(cat '%s' 2>/dev/null || echo 0); n=$((n + 1)); "
             "echo $n > '%s'; if [ $n -eq 3 ]; then i=0; while [ ! -e '%s' ] && [ $i -lt 1000 ]; "
             "do sleep 0.01; i=$((i + 1)); done; fi; exit 0", cnt, cnt, gate);
    assert_int_equal(feed_add(f, cmd, FEED_SPEC_CMD, &err), 0);
    for (long k = 0; k < 4; k++) {
        long arg[1] = { k };
        if (k == 2) {
            assert_true(run_until(f, &g, running, NULL, NULL));
            clock_offset += 6000;           /* run 3 lasts over 5 s */
            fclose(fopen(gate, "w"));
        }
        assert_true(run_until(f, &g, exited_k, arg, &at));
        feed_status(f, 0, at, &st);
        assert_true(st.restart_in_ms == want[k]);
    }
    /* after the fifth run's exit: dead */
    assert_true(run_until(f, &g, in_state, &dead, NULL));
    feed_status(f, 0, test_now(), &st);
    assert_int_equal(st.restarts, 4);
    assert_true(feed_done(f));
    tfeed_free(f);
    clock_offset = 0;
    remove(gate);
    remove(cnt);
}

/* The start time of pid (field 22 of /proc/PID/stat), "" if none; and
 * whether the process that started then is gone: no such pid, a zombie
 * nobody reaped yet (PID 1 may not reap in a container), or the pid
 * reused by another process (fast on a busy machine). */
static void proc_start(long pid, char out[32])
{
    char p[64], buf[1024];
    FILE *fp;
    size_t n;
    const char *f;
    out[0] = '\0';
    snprintf(p, sizeof p, "/proc/%ld/stat", pid);
    if ((fp = fopen(p, "r")) == NULL)
        return;
    n = fread(buf, 1, sizeof buf - 1, fp);
    fclose(fp);
    buf[n] = '\0';
    f = strrchr(buf, ')');
    if (f == NULL || (f[2] == 'Z' || f[2] == 'X'))
        return;
    f += 2;                         /* field 3, the state */
    for (int i = 3; i < 22 && f != NULL; i++) {
        f = strchr(f, ' ');
        if (f != NULL)
            f++;
    }
    if (f != NULL)
        snprintf(out, 32, "%.*s", (int)strcspn(f, " "), f);
}

static int proc_gone(long pid, const char *start)
{
    char now[32];
    proc_start(pid, now);
    return now[0] == '\0' || strcmp(now, start) != 0;
}

static long read_pid(const char *path)
{
    FILE *fp = fopen(path, "r");
    long pid = 0;
    if (fp != NULL) {
        if (fscanf(fp, "%ld", &pid) != 1)
            pid = 0;
        fclose(fp);
    }
    return pid;
}

/* Quitting: SIGTERM to the group kills the command and its children; one
 * that ignores SIGTERM is killed after the grace period. */
static void test_quit_kills_group(void **state)
{
    struct feed_opts o;
    struct feed *f;
    struct got g = { 0 };
    struct feed_status st;
    struct allot_err err;
    char cmd[1400], pidf[300];
    int want = 1;
    long leader, child;
    char leader_start[32], child_start[32];
    (void)state;

    fast_opts(&o);
    o.kill_grace_ms = 600;      /* far above the few ms SIGTERM takes, even when loaded */
    tmpdir_file(pidf, sizeof pidf, "child.pid");
    for (int ignore = 0; ignore < 2; ignore++) {
        remove(pidf);
        g.n = 0;
        snprintf(cmd, sizeof cmd, "%ssleep 10 & echo $! > '%s.tmp'; mv '%s.tmp' '%s'; "
                 "echo BTC,1; wait", ignore ? "trap '' TERM; " : "", pidf, pidf, pidf);
        f = tfeed_new(&o);
        assert_int_equal(feed_add(f, cmd, FEED_SPEC_CMD, &err), 0);
        assert_true(run_until(f, &g, have_quotes, &want, NULL));
        feed_status(f, 0, feed_clock_ms(), &st);
        leader = st.pid;
        child = read_pid(pidf);
        assert_true(leader > 0 && child > 0);
        proc_start(leader, leader_start);
        proc_start(child, child_start);
        assert_true(leader_start[0] != '\0' && child_start[0] != '\0');
        int64_t t0 = feed_clock_ms();
        tfeed_free(f);
        int64_t took = feed_clock_ms() - t0;
        /* the leader was ours: reaped */
        assert_true(proc_gone(leader, leader_start));
        /* its child, reparented: dead (gone, or a zombie of PID 1) */
        for (int i = 0; i < 250 && !proc_gone(child, child_start); i++)
            poll(NULL, 0, 20);
        assert_true(proc_gone(child, child_start));
        if (ignore)
            assert_true(took >= o.kill_grace_ms);   /* it waited, then SIGKILL */
        else
            assert_true(took < o.kill_grace_ms);    /* SIGTERM was enough */
    }
    remove(pidf);
}

/* A FIFO: the first writer's lines, EOF, then a second writer is read. */
static void test_fifo(void **state)
{
    struct feed *f;
    struct feed_opts o;
    struct got g = { 0 };
    struct feed_status st;
    struct allot_err err;
    char path[300];
    int want, w;
    (void)state;

    tmpdir_file(path, sizeof path, "quotes.fifo");
    assert_int_equal(mkfifo(path, 0600), 0);
    fast_opts(&o);
    f = tfeed_new(&o);
    assert_int_equal(feed_add(f, path, FEED_SPEC_AUTO, &err), 0);
    feed_status(f, 0, 0, &st);
    assert_int_equal(st.kind, FEED_FIFO);
    for (int writer = 0; writer < 2; writer++) {
        /* the feed's end is open (non-blocking), so this open succeeds */
        w = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
        assert_true(w >= 0);
        const char *lines = writer == 0 ? "BTC,1\nETH,2\nXRP,4" : "SOL,3\n";
        assert_int_equal(write(w, lines, strlen(lines)), (ssize_t)strlen(lines));
        close(w);
        /* the writer is gone: its unterminated last line counts */
        want = writer == 0 ? 3 : 4;
        if (!run_until(f, &g, have_quotes, &want, NULL))
            print_message("# writer %d: %d quotes\n", writer, g.n);
        assert_true(g.n == want);
        feed_status(f, 0, feed_clock_ms(), &st);
        assert_int_equal(st.state, FEED_LIVE);
        assert_false(feed_done(f));
    }
    assert_string_equal(g.q[2].symbol, "XRP");
    assert_string_equal(g.q[3].symbol, "SOL");
    tfeed_free(f);
    remove(path);
}

static void append(const char *path, const char *s)
{
    FILE *fp = fopen(path, "a");
    assert_non_null(fp);
    fputs(s, fp);
    assert_int_equal(fclose(fp), 0);
}

/* A file followed as it grows, truncated (read again from 0) and rotated
 * (the old one read to its end, then the new one from its start). */
static void test_file_follow(void **state)
{
    struct feed *f;
    struct feed_opts o;
    struct got g = { 0 };
    struct feed_status st;
    struct allot_err err;
    char path[300], old[320];
    int want;
    (void)state;

    tmpdir_file(path, sizeof path, "quotes.log");
    snprintf(old, sizeof old, "%s.1", path);
    append(path, "BTC,1\nETH,2\n");
    fast_opts(&o);
    o.stale_ms = 60000;
    f = tfeed_new(&o);
    assert_int_equal(feed_add(f, path, FEED_SPEC_AUTO, &err), 0);
    feed_status(f, 0, 0, &st);
    assert_int_equal(st.kind, FEED_FILE);
    want = 2;
    assert_true(run_until(f, &g, have_quotes, &want, NULL));
    /* growth, with a line written in two parts */
    append(path, "SOL,3\nXR");
    want = 3;
    assert_true(run_until(f, &g, have_quotes, &want, NULL));
    append(path, "P,4\n");
    want = 4;
    assert_true(run_until(f, &g, have_quotes, &want, NULL));
    assert_string_equal(g.q[3].symbol, "XRP");
    /* truncation: shorter than what was read, so detected */
    {
        FILE *fp = fopen(path, "w");
        fputs("ADA,5\n", fp);
        fclose(fp);
    }
    want = 5;
    assert_true(run_until(f, &g, have_quotes, &want, NULL));
    assert_string_equal(g.q[4].symbol, "ADA");
    /* rotation: more lines into the old file after the rename, then a new
     * file under the name */
    assert_int_equal(rename(path, old), 0);
    append(old, "DOGE,6\n");
    append(path, "LINK,7\n");
    want = 7;
    assert_true(run_until(f, &g, have_quotes, &want, NULL));
    assert_string_equal(g.q[5].symbol, "DOGE");
    assert_string_equal(g.q[6].symbol, "LINK");
    append(path, "AVAX,8\n");
    want = 8;
    assert_true(run_until(f, &g, have_quotes, &want, NULL));
    feed_status(f, 0, feed_clock_ms(), &st);
    assert_int_equal(st.quotes, 8);
    assert_int_equal(st.bad_lines, 0);
    assert_false(feed_done(f));
    tfeed_free(f);
    remove(path);
    remove(old);
}

/* A line over line_max is one bad line, skipped to its newline. */
static void test_long_line(void **state)
{
    struct feed *f;
    struct feed_opts o;
    struct got g = { 0 };
    struct feed_status st;
    struct allot_err err;
    char path[300];
    int want = 2;
    (void)state;

    tmpdir_file(path, sizeof path, "long.log");
    {
        FILE *fp = fopen(path, "w");
        fputs("BTC,1\n", fp);
        for (int i = 0; i < 70000; i++)
            fputc('x', fp);
        fputs("\nETH,2\n", fp);
        fclose(fp);
    }
    fast_opts(&o);
    o.follow = 0;
    f = tfeed_new(&o);
    assert_true(feed_add(f, path, FEED_SPEC_FILE, &err) == 0);
    assert_true(run_until(f, &g, is_done, NULL, NULL));
    assert_int_equal(g.n, want);
    assert_string_equal(g.q[1].symbol, "ETH");
    feed_status(f, 0, feed_clock_ms(), &st);
    assert_int_equal(st.state, FEED_EOF);
    assert_int_equal(st.bad_lines, 1);
    assert_int_equal(st.lines, 3);
    assert_int_equal(st.last_err.line, 2);
    assert_non_null(strstr(st.last_err.msg, "longer than 65536 bytes"));
    /* kept for display: cut short with "..." */
    assert_int_equal(strlen(st.last_bad), FEED_SHOW_MAX - 1);
    assert_string_equal(st.last_bad + FEED_SHOW_MAX - 4, "...");
    tfeed_free(f);
    remove(path);
}

/* Standard input (a pipe on fd 0 here) is read to its end; its flags are
 * restored; "-" twice is refused. */
static void test_stdin(void **state)
{
    struct feed *f;
    struct got g = { 0 };
    struct feed_status st;
    struct allot_err err;
    int p[2], saved = dup(0), flags;
    (void)state;

    assert_int_equal(pipe(p), 0);
    assert_int_equal(dup2(p[0], 0), 0);
    close(p[0]);
    flags = fcntl(0, F_GETFL);
    f = tfeed_new(NULL);
    assert_int_equal(feed_add(f, "-", FEED_SPEC_AUTO, &err), 0);
    assert_int_equal(feed_add(f, "-", FEED_SPEC_AUTO, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "twice"));
    assert_int_equal(write(p[1], "BTC,1\n\nbad\nETH,2", 16), 16);
    close(p[1]);
    assert_true(run_until(f, &g, is_done, NULL, NULL));
    assert_int_equal(g.n, 2);
    feed_status(f, 0, feed_clock_ms(), &st);
    assert_int_equal(st.state, FEED_EOF);
    assert_int_equal(st.bad_lines, 1);
    assert_string_equal(st.last_bad, "bad");
    assert_int_equal(st.last_err.line, 3);
    tfeed_free(f);
    assert_int_equal(fcntl(0, F_GETFL), flags);
    dup2(saved, 0);
    close(saved);
}

struct counter {
    int left;
    int freed;
};

static int64_t gen3(void *gen, int64_t now, struct feed_emit *e)
{
    struct counter *c = gen;
    struct feed_quote q;
    memset(&q, 0, sizeof q);
    strcpy(q.symbol, "SIM");
    q.price = 10 + c->left;
    q.iv = NAN;
    q.ts_ms = FEEDLINE_TS_NONE;
    feed_emit(e, &q);
    return --c->left > 0 ? now + 5 : -1;
}

static void gen_free(void *gen)
{
    ((struct counter *)gen)->freed = 1;
}

static void test_generator(void **state)
{
    struct feed *f;
    struct got g = { 0 };
    struct feed_status st;
    struct allot_err err;
    struct counter c = { 3, 0 };
    (void)state;

    f = tfeed_new(NULL);
    assert_int_equal(feed_add_gen(f, "sim", gen3, &c, gen_free, &err), 0);
    assert_int_equal(feed_pollfds(f, NULL, 0), 0);
    assert_true(run_until(f, &g, is_done, NULL, NULL));
    assert_int_equal(g.n, 3);
    assert_true(g.q[0].price == 13 && g.q[2].price == 11);
    feed_status(f, 0, feed_clock_ms(), &st);
    assert_int_equal(st.kind, FEED_GEN);
    assert_int_equal(st.state, FEED_EOF);
    assert_int_equal(st.quotes, 3);
    tfeed_free(f);
    assert_int_equal(c.freed, 1);
}

/* --once: a command's exit is its end (no restart), a file is read to its
 * end; several sources at once, each quote tagged with its source. */
static void test_once_and_several(void **state)
{
    struct feed *f;
    struct feed_opts o;
    struct got g = { 0 };
    struct feed_status st;
    struct allot_err err;
    char path[300];
    (void)state;

    tmpdir_file(path, sizeof path, "once.csv");
    append(path, "ETH,2\n");
    fast_opts(&o);
    o.follow = 0;
    f = tfeed_new(&o);
    assert_int_equal(feed_add(f, "echo BTC,1", FEED_SPEC_AUTO, &err), 0);
    assert_int_equal(feed_add(f, path, FEED_SPEC_AUTO, &err), 1);
    assert_true(run_until(f, &g, is_done, NULL, NULL));
    assert_int_equal(g.n, 2);
    for (int i = 0; i < 2; i++)
        assert_int_equal(g.src[i], strcmp(g.q[i].symbol, "BTC") == 0 ? 0 : 1);
    feed_status(f, 0, feed_clock_ms(), &st);
    assert_int_equal(st.state, FEED_EOF);
    assert_int_equal(st.restarts, 0);
    assert_int_equal(st.last_exit, 0);
    tfeed_free(f);
    remove(path);
}

static void test_add_errors_and_fds(void **state)
{
    struct feed *f;
    struct allot_err err;
    struct got g = { 0 };
    char dir[300], missing[300], cmd[400];
    int want = 1;
    (void)state;

    f = tfeed_new(NULL);
    assert_int_equal(feed_add(f, "", FEED_SPEC_AUTO, &err), ALLOT_E_INPUT);
    tmpdir_file(dir, sizeof dir, "");
    assert_int_equal(feed_add(f, dir, FEED_SPEC_AUTO, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "--feed-cmd"));
    /* a forced file that does not exist yet is waited for */
    tmpdir_file(missing, sizeof missing, "later.csv");
    assert_int_equal(feed_add(f, missing, FEED_SPEC_FILE, &err), 0);
    {
        struct feed_status st;
        feed_tick(f, feed_clock_ms(), on_quote, &g);
        feed_status(f, 0, feed_clock_ms(), &st);
        assert_int_equal(st.state, FEED_RESTARTING);
        assert_int_equal(feed_on_readable(f, 12345, 0, on_quote, &g), 0);
    }
    append(missing, "BTC,1\n");
    assert_true(run_until(f, &g, have_quotes, &want, NULL));
    tfeed_free(f);
    remove(missing);

    /* the command inherits none of our descriptors: only 0, 1 and 2 */
    f = tfeed_new(NULL);
    int keep = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    assert_true(keep >= 0);
    /* fd 1 and 2 are the feed's pipes: their read ends (ours) must not be
     * there too, nor the directory we hold open */
    snprintf(cmd, sizeof cmd, "a=$(readlink /proc/$$/fd/1); b=$(readlink /proc/$$/fd/2); "
             "echo FDS,$(ls -l /proc/$$/fd | grep -F -c -e \"$a\" -e \"$b\" -e allot-test)");
    g.n = 0;
    assert_int_equal(feed_add(f, cmd, FEED_SPEC_AUTO, &err), 0);
    assert_true(run_until(f, &g, have_quotes, &want, NULL));
    assert_true(g.q[0].price == 2);
    tfeed_free(f);
    close(keep);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_command, teardown),
        cmocka_unit_test_teardown(test_backoff, teardown),
        cmocka_unit_test_teardown(test_backoff_reset_and_limit, teardown),
        cmocka_unit_test_teardown(test_quit_kills_group, teardown),
        cmocka_unit_test_teardown(test_fifo, teardown),
        cmocka_unit_test_teardown(test_file_follow, teardown),
        cmocka_unit_test_teardown(test_long_line, teardown),
        cmocka_unit_test_teardown(test_stdin, teardown),
        cmocka_unit_test_teardown(test_generator, teardown),
        cmocka_unit_test_teardown(test_once_and_several, teardown),
        cmocka_unit_test_teardown(test_add_errors_and_fds, teardown),
    };
    /* as allot does: SIGPIPE ignored, which commands must not inherit */
    signal(SIGPIPE, SIG_IGN);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
