/* cli.h: the batch subcommands. cli_run() runs one subcommand with its
 * arguments, prints tables or CSV on env->out and one-line errors
 * ("allot: ...") on env->err, and returns the exit status: 0 ok, 1 bad
 * input or failed computation, 2 usage error. Never exits itself. */
#ifndef ALLOT_CLI_CLI_H
#define ALLOT_CLI_CLI_H

#include <stdio.h>

#include "store/bookload.h"
#include "store/db.h"
#include "util/err.h"

/* The global feed options (main.c): --feed, --feed-cmd, --feed-file,
 * --simulate, --seed, --speed; only watch (and the interactive screen)
 * use them. */
struct cli_feed_arg {
    const char *spec;
    int how;                /* enum feed_spec (io/feedsrc.h) */
};
struct cli_feed_globals {
    struct cli_feed_arg *feeds;
    size_t n_feeds;
    int simulate;
    const char *seed;       /* as given, or NULL */
    const char *speed;      /* as given, or NULL */
};

struct cli_env {
    FILE *out;              /* tables, CSV, summaries */
    FILE *err;              /* errors and warnings */
    const char *db_path;    /* -d FILE, or NULL for $ALLOT_DB / the XDG default */
    const struct cli_feed_globals *feed;    /* NULL when none was given */
    /* Long work (imports) reports progress here: what names the step,
     * done of total units (total 0: unknown). A non-zero return cancels
     * it, storing nothing (the command fails with ALLOT_E_CANCEL's
     * message). NULL in batch use: no reports. */
    int (*progress)(void *ctx, const char *what, size_t done, size_t total);
    void *progress_ctx;
};

enum { CLI_OK = 0, CLI_FAIL = 1, CLI_USAGE = 2 };

/* Run argv[0] (a subcommand name) with its arguments. */
int cli_run(struct cli_env *env, int argc, char **argv);

/* `allot --help`: usage of the program and one line per subcommand. */
void cli_print_help(FILE *out);

/* 1 if name is a subcommand. */
int cli_is_command(const char *name);

/* ---- for the cmd_*.c modules ---- */

/* These three write control characters of the message (from arguments,
 * names or file contents) as '?': no escape sequence reaches a terminal. */
/* Print err as "allot: FILE:LINE:COL: msg" and return 2 for usage
 * errors, else 1. */
int cli_fail(struct cli_env *env, const struct allot_err *err);
/* Print "allot: <msg>" (and "Try 'allot CMD --help'.") and return 2. */
int cli_usage_error(struct cli_env *env, const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Print a warning "allot: warning: <msg>". */
void cli_warn(struct cli_env *env, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Open the store named by env (creating it when create is set). Returns
 * 0, or prints the error and returns the exit status. */
int cli_open_store(struct cli_env *env, int create, store_t **st);

/* Load portfolio's book from the open store st (book_load with the spot
 * overrides ov). Returns 0 with *lb loaded (book_unload); else prints the
 * error, closes st and returns the exit status. */
int cli_load_book(struct cli_env *env, store_t *st, const char *portfolio,
                  const struct market_override *ov, size_t n_ov, struct loaded_book *lb);
/* cli_open_store, then cli_load_book without overrides. Returns 0 with
 * *st open and *lb loaded (cli_close_book); else has printed the error,
 * left nothing open and returns the exit status. */
int cli_open_book(struct cli_env *env, const char *portfolio, store_t **st,
                  struct loaded_book *lb);
/* book_unload(lb), then store_close(st). */
void cli_close_book(store_t *st, struct loaded_book *lb);

/* Parse an option's number; on failure print a usage error naming the
 * option and return 2. */
int cli_num(struct cli_env *env, const char *cmd, const char *opt, const char *arg, double *out);
int cli_long(struct cli_env *env, const char *cmd, const char *opt, const char *arg, long lo,
             long hi, long *out);

/* getopt_long for a subcommand (argv[0] is the subcommand; options may
 * follow operands). Returns the option, -1 at the end, or -2 after
 * printing a usage error (unknown option, missing argument). Operands are
 * argv[optind..argc-1] afterwards. The first call for a command must pass
 * reset = 1. */
struct option;
int cli_getopt(struct cli_env *env, const char *cmd, int argc, char **argv,
               const char *shortopts, const struct option *longopts, int reset);

/* cli_getopt for a command whose only options are --list and --csv
 * (apply, undo): sets *list and *csv when given. Returns 0, or 2 after a
 * usage error. Operands are argv[optind..argc-1] afterwards. */
int cli_list_opts(struct cli_env *env, const char *cmd, int argc, char **argv, int *list,
                  int *csv);

/* Print the usage text of cmd (from the command table). */
void cli_print_usage(FILE *out, const char *cmd);

#endif
