/* tui.h: the entry of the interactive screen, what main.c calls when no
 * subcommand is given. The TUI opens the store itself (src/store), runs
 * `:` commands through a function main.c passes in and follows a feed
 * main.c builds, so it never includes the CLI. */
#ifndef ALLOT_TUI_TUI_H
#define ALLOT_TUI_TUI_H

#include <stddef.h>
#include <stdio.h>

struct feed;

/* Progress of a command's long work (an import): what names the step,
 * done of total units (total 0: unknown). Returns non-zero when the user
 * cancelled (Esc): the command then stops, storing nothing. */
typedef int (*tui_progress_fn)(void *ctx, const char *what, size_t done, size_t total);

/* Runs a batch subcommand (argv[0] is its name) with its output on out
 * and errors on err, reporting its progress to progress(progress_ctx,
 * ...); returns its exit status (0, 1, 2). */
typedef int (*tui_run_command_fn)(void *ctx, int argc, char **argv, FILE *out, FILE *err,
                                  tui_progress_fn progress, void *progress_ctx);

struct tui_options {
    const char *db_path;            /* the store, or NULL for the default */
    const char *portfolio;          /* shown first; NULL: "main" */
    int no_color;                   /* --no-color */
    const char *script;             /* --script FILE: replay keys without a terminal */
    int dump_screen;                /* --dump-screen: print the last screen as text */
    int width, height;              /* --size WxH for scripts (0: 80x24) */
    tui_run_command_fn run_command; /* for `:` commands; NULL: refused */
    void *run_ctx;
    const char *const *commands;    /* subcommand names, for Tab completion */
    size_t ncommands;
    struct feed *feed;              /* live quotes to follow (io/feedsrc.h), or NULL; not
                                     * owned: the caller frees it after tui_run, which stops
                                     * its commands */
    int feed_memory;                /* 1: keep the feed's quotes in memory (the simulator);
                                     * 0: store them as `allot watch` does */
};

/* Run the interactive screen (or the script). Returns the exit status:
 * 0, 1 (the store cannot be opened, a script line is bad), or 2 (not a
 * terminal, or a terminal that cannot address the cursor; the message on
 * stderr names the batch subcommands). */
int tui_run(const struct tui_options *opt);

/* Print the man page's KEYS text (roff) generated from the key table. */
void tui_print_keys_roff(FILE *out);

#endif
