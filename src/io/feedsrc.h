/* feedsrc.h: live quote sources read without ever blocking: commands
 * (/bin/sh -c in a process group of their own, restarted with backoff),
 * files followed as they grow (truncation and rotation survived), FIFOs,
 * standard input, and in-process generators (the simulator). Any poll()
 * loop drives it: feed_tick for timers, feed_pollfds for the descriptors,
 * feed_on_readable when one is ready. Lines are parsed by feedline.h and
 * handed to the caller's callback; nothing here touches the store.
 *
 * A loop, with feed_clock_ms() as now:
 *     for (;;) {
 *         int64_t next = feed_tick(f, now, on_quote, ctx);
 *         size_t n = feed_pollfds(f, fds, FDS_MAX);   (plus the caller's own)
 *         poll(fds, n, next - now, clamped at 0);
 *         for each fds[i] with revents: feed_on_readable(f, fds[i].fd, now, on_quote, ctx);
 *     }
 * Sources start at their first feed_tick. */
#ifndef ALLOT_IO_FEEDSRC_H
#define ALLOT_IO_FEEDSRC_H

#include <poll.h>
#include <stddef.h>
#include <stdint.h>

#include "io/feedline.h"
#include "util/err.h"

/* Defaults of struct feed_opts. */
#define FEED_STALE_MS 10000             /* no line for 10 s: stale */
#define FEED_RESTART_MS 1000            /* first restart 1 s after an exit */
#define FEED_RESTART_MAX_MS 60000       /* doubling up to 60 s */
#define FEED_RESTART_RESET_MS 30000     /* a run of 30 s resets the delay to the first */
#define FEED_KILL_GRACE_MS 2000         /* SIGTERM, then SIGKILL 2 s later */
#define FEED_FOLLOW_MS 250              /* followed files read and re-stat'ed 4 times a second */
#define FEED_LINE_MAX 65536             /* a longer line is bad (and skipped to its newline) */
#define FEED_SHOW_MAX 160               /* bytes of a bad line or message kept for display */
/* How a source is checked while a command runs (its exit, a lost pipe). */
#define FEED_CHECK_MS 250

enum feed_kind {
    FEED_CMD = 0,       /* a command's standard output */
    FEED_FILE,          /* a regular file, followed */
    FEED_FIFO,          /* a named pipe, reopened for each new writer */
    FEED_STDIN,         /* standard input, read to its end */
    FEED_GEN,           /* an in-process generator (feed_add_gen) */
};

enum feed_state {
    FEED_LIVE = 0,      /* a line within stale_ms (or started less than stale_ms ago) */
    FEED_STALE,         /* open, but no line for stale_ms (for a command: none since
                         * its last start either) */
    FEED_RESTARTING,    /* a command waiting out its backoff; a followed file that is missing */
    FEED_DEAD,          /* given up: the restart limit reached, or a read error */
    FEED_EOF,           /* finished: read to its end and not followed */
};

/* How feed_add reads a spec. */
enum feed_spec {
    FEED_SPEC_AUTO = 0, /* "-" is standard input; an existing regular file or FIFO is
                         * followed; anything else is a command */
    FEED_SPEC_CMD,      /* always a command (--feed-cmd) */
    FEED_SPEC_FILE,     /* always a path (--feed-file); a missing one is waited for */
};

struct feed_opts {
    int64_t stale_ms;           /* > 0 */
    int64_t restart_ms;         /* first restart delay, > 0 */
    int64_t restart_max_ms;     /* the delay doubles up to this */
    int64_t restart_reset_ms;   /* a command that ran this long restarts after restart_ms */
    long max_restarts;          /* -1: no limit; else DEAD after that many */
    int64_t kill_grace_ms;      /* between SIGTERM and SIGKILL */
    int64_t follow_ms;          /* period of reading regular files */
    size_t line_max;            /* the longest line in bytes, newline excluded */
    int follow;                 /* 1: follow files and FIFOs and restart commands;
                                 * 0 (--once): read each source to its end, then EOF */
};

/* The defaults above, follow on, no restart limit. */
void feed_opts_init(struct feed_opts *o);

struct feed;

/* A good quote from source src (feed_add's index). q is valid during the
 * call only. */
typedef void (*feed_quote_fn)(void *ctx, size_t src, const struct feed_quote *q);

/* A bad line of source src: line is its text as kept for display
 * (sanitised, at most FEED_SHOW_MAX - 1 bytes), err its error located in
 * the source (file the source's name, its line number, the column). Both
 * valid during the call only. */
typedef void (*feed_bad_fn)(void *ctx, size_t src, const char *line,
                            const struct allot_err *err);

/* What a generator hands its quotes to (see feed_add_gen). */
struct feed_emit;
void feed_emit(struct feed_emit *e, const struct feed_quote *q);
/* A generator: called by feed_tick once now_ms has reached the time it
 * last returned (at once the first time); emits its quotes with feed_emit
 * and returns the monotonic ms of its next call, or a negative value when
 * it has finished (the source is then EOF). */
typedef int64_t (*feed_gen_fn)(void *gen, int64_t now_ms, struct feed_emit *e);

/* A feed with options o (NULL: defaults). Never NULL (out of memory aborts). */
struct feed *feed_new(const struct feed_opts *o);

/* Be told of each bad line as it is read (fn NULL: not). The count and
 * the last one are kept in the status either way. */
void feed_on_bad(struct feed *f, feed_bad_fn fn, void *ctx);

/* Add a source; spec is copied. Files and FIFOs are opened now (without
 * blocking), commands start at the next feed_tick. Returns the source's
 * index (>= 0), or ALLOT_E_INPUT naming spec: an empty spec, "-" given
 * twice or while standard input is a terminal, an existing path that is
 * neither a regular file nor a FIFO, a file that cannot be opened. */
int feed_add(struct feed *f, const char *spec, enum feed_spec how, struct allot_err *err);

/* Add a generator named name (copied). gen_free (may be NULL) is called on
 * gen by feed_free. Returns the index. */
int feed_add_gen(struct feed *f, const char *name, feed_gen_fn fn, void *gen,
                 void (*gen_free)(void *), struct allot_err *err);

size_t feed_count(const struct feed *f);

/* Fill fds (room for n) with the descriptors to poll, events POLLIN.
 * Returns how many there are (possibly more than n: call again with more
 * room). Valid until the next call into the feed. */
size_t feed_pollfds(const struct feed *f, struct pollfd *fds, size_t n);

/* Read what fd (from feed_pollfds) holds, without blocking, and hand each
 * good quote to cb. Returns the number of lines read. An fd that is no
 * longer the feed's (an earlier call of the same round may have closed
 * it: a command's stderr once its exit was seen) is ignored: 0. */
int feed_on_readable(struct feed *f, int fd, int64_t now_ms, feed_quote_fn cb, void *ctx);

/* Timers: start and restart commands, reap exits, escalate kills, read
 * followed files and check them for truncation and rotation, run
 * generators, notice staleness. Returns the monotonic ms by which it wants
 * to be called again (INT64_MAX when nothing is pending). */
int64_t feed_tick(struct feed *f, int64_t now_ms, feed_quote_fn cb, void *ctx);

/* 1 when every source is EOF or DEAD (nothing will come any more). */
int feed_done(const struct feed *f);

struct feed_status {
    const char *name;           /* the spec as given, owned by the feed */
    enum feed_kind kind;
    enum feed_state state;
    int64_t age_ms;             /* since the last line; since the start before the first */
    long lines;                 /* lines read, blank lines and comments included */
    long quotes;                /* good quotes */
    long bad_lines;
    long restarts;              /* a command's restarts */
    long pid;                   /* the running command, else 0 */
    int64_t restart_in_ms;      /* RESTARTING: until the next start; else 0 */
    int last_exit;              /* the last exit status (>= 0), -N for signal N, or
                                 * FEED_NO_EXIT */
    char last_bad[FEED_SHOW_MAX];       /* the last bad line, control bytes as '?',
                                         * cut with "..."; "" if none */
    struct allot_err last_err;  /* its error: file the name, line the line number
                                 * in the source (since it started), col, msg */
    char last_stderr[FEED_SHOW_MAX];    /* a command's last line on stderr, or the
                                         * reason a file is missing; sanitised */
};
#define FEED_NO_EXIT (-1000)

/* The status of source i (0 <= i < feed_count) at now_ms. Returns 0, or
 * ALLOT_E_INPUT for a bad index. */
int feed_status(const struct feed *f, size_t i, int64_t now_ms, struct feed_status *out);

/* "live", "stale", "restarting", "dead", "eof". */
const char *feed_state_name(enum feed_state s);
/* "command", "file", "fifo", "stdin", "generator". */
const char *feed_kind_name(enum feed_kind k);

/* Stop every command (SIGTERM to its process group, SIGKILL to the group
 * after the grace period), reap it, close every descriptor, restore
 * standard input's flags, free gens and the feed. Blocks at most
 * kill_grace_ms plus a little. NULL is a no-op. */
void feed_free(struct feed *f);

/* CLOCK_MONOTONIC in ms: the clock the feed's now_ms arguments use. */
int64_t feed_clock_ms(void);

/* Copy n bytes of s into out (size outn) for display: bytes outside
 * printable ASCII become '?', and a text cut short ends in "...". */
void feed_sanitize(char *out, size_t outn, const char *s, size_t n);

#endif
