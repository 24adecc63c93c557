/* main.c: the entry point of allot. Reads the global options, prepares
 * the demo store when asked, then runs one batch subcommand (cli_run) or
 * the interactive screen (tui_run), handing the TUI a way to run batch
 * subcommands for its `:` command line. The only place that exits. */
#include <config.h>

#include <getopt.h>
#include <limits.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "cli/cli.h"
#include "cli/demo.h"
#include "cli/feedsetup.h"
#include "io/feedsrc.h"
#include "tui/script.h"
#include "tui/tui.h"
#include "util/str.h"
#include "util/xalloc.h"

#define MAX_FEEDS 64

static void version(void)
{
    printf("allot %s (CBLAS: %s)\n"
           "Copyright (C) 2026 the allot authors.\n"
           "License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.\n"
           "This is free software: you are free to change and redistribute it.\n"
           "There is NO WARRANTY, to the extent permitted by law.\n",
           PACKAGE_VERSION, ALLOT_CBLAS_NAME);
}

/* The TUI's `:` commands: one subcommand, output captured by the TUI,
 * progress shown by it (and Esc there cancels the command). */
static int run_command(void *ctx, int argc, char **argv, FILE *out, FILE *err,
                       tui_progress_fn progress, void *progress_ctx)
{
    const char *db_path = ctx;
    struct cli_env env = { out, err, db_path, NULL, progress, progress_ctx };
    if (!cli_is_command(argv[0])) {
        fprintf(err, "allot: unknown subcommand \"%s\" (see allot --help)\n", argv[0]);
        return CLI_USAGE;
    }
    if (strcmp(argv[0], "watch") == 0 || strcmp(argv[0], "feed-sim") == 0) {
        /* they run until stopped: the screen would wait for them */
        fprintf(err, "allot: %s runs until it is stopped: run it from a shell\n", argv[0]);
        return CLI_USAGE;
    }
    return cli_run(&env, argc, argv);
}

/* The subcommand names, for the command line's Tab completion: read
 * from the usage lines of `allot --help`, the one list there is. */
static size_t command_names(char ***out)
{
    char *text = NULL, *line, *save = NULL;
    size_t len = 0, n = 0;
    FILE *fp = open_memstream(&text, &len);
    char **names = NULL;
    int in_list = 0;
    *out = NULL;
    if (fp == NULL)
        return 0;
    cli_print_help(fp);
    fclose(fp);
    for (line = strtok_r(text, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
        char name[64];
        size_t i;
        if (strncmp(line, "Subcommands:", 12) == 0) {
            in_list = 1;
            continue;
        }
        if (!in_list || sscanf(line, " allot %63[a-z-]", name) != 1)
            continue;
        for (i = 0; i < n && strcmp(names[i], name) != 0; i++)
            ;
        if (i == n) {
            names = xreallocarray(names, n + 1, sizeof *names);
            names[n++] = xstrdup(name);
        }
    }
    free(text);
    *out = names;
    return n;
}

static int run_tui(struct tui_options *topt)
{
    char **names;
    int rc;
    topt->ncommands = command_names(&names);
    topt->commands = (const char *const *)names;
    topt->run_command = run_command;
    topt->run_ctx = (void *)topt->db_path;
    rc = tui_run(topt);
    for (size_t i = 0; i < topt->ncommands; i++)
        free(names[i]);
    free(names);
    return rc;
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        { "db", required_argument, NULL, 'd' },
        { "demo", no_argument, NULL, 'D' },
        { "no-color", no_argument, NULL, 'C' },
        { "script", required_argument, NULL, 'S' },
        { "dump-screen", no_argument, NULL, 'P' },
        { "size", required_argument, NULL, 'Z' },
        { "keys-roff", no_argument, NULL, 'K' },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' },
        { "feed", required_argument, NULL, 'f' },
        { "feed-cmd", required_argument, NULL, 'F' },
        { "feed-file", required_argument, NULL, 'L' },
        { "simulate", no_argument, NULL, 'm' },
        { "seed", required_argument, NULL, 's' },
        { "speed", required_argument, NULL, 'x' },
        { 0 }
    };
    struct cli_env env = { stdout, stderr, NULL, NULL, NULL, NULL };
    struct tui_options topt;
    static struct cli_feed_arg feeds[MAX_FEEDS];
    struct cli_feed_globals fg = { feeds, 0, 0, NULL, NULL };
    char demo_path[PATH_MAX], demo_dir[PATH_MAX];
    int c, demo = 0, rc;

    memset(&topt, 0, sizeof topt);
    setlocale(LC_ALL, "");
    gsl_set_error_handler_off();
    /* Past a file-size limit (ulimit -f) a write fails with EFBIG, which
     * the store and the exports report as an error, rolling back, rather
     * than the process dying mid-write. */
    signal(SIGXFSZ, SIG_IGN);
    opterr = 0;
    /* '+': stop at the subcommand; its options are its own */
    while ((c = getopt_long(argc, argv, "+:d:hV", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            env.db_path = optarg;
            break;
        case 'D':
            demo = 1;
            break;
        case 'C':
            topt.no_color = 1;
            break;
        case 'f':
        case 'F':
        case 'L':
            if (fg.n_feeds == MAX_FEEDS) {
                fprintf(stderr, "allot: at most %d feeds\n", MAX_FEEDS);
                return CLI_USAGE;
            }
            feeds[fg.n_feeds].spec = optarg;
            feeds[fg.n_feeds].how = c == 'f' ? FEED_SPEC_AUTO : c == 'F' ? FEED_SPEC_CMD
                                                                         : FEED_SPEC_FILE;
            fg.n_feeds++;
            break;
        case 'm':
            fg.simulate = 1;
            break;
        case 's':
            fg.seed = optarg;
            break;
        case 'x':
            fg.speed = optarg;
            break;
        case 'S':
            topt.script = optarg;
            break;
        case 'P':
            topt.dump_screen = 1;
            break;
        case 'Z':
            if (script_parse_size(optarg, &topt.width, &topt.height) != 0)
                return cli_usage_error(&env, NULL, "--size takes WxH, e.g. 80x24, not \"%s\"",
                                       optarg);
            break;
        case 'K':
            tui_print_keys_roff(stdout);
            return fflush(stdout) == 0 ? 0 : CLI_FAIL;
        case 'h':
            cli_print_help(stdout);
            return 0;
        case 'V':
            version();
            return 0;
        case ':':
            return cli_usage_error(&env, NULL, "option %s needs a value", argv[optind - 1]);
        default:
            return cli_usage_error(&env, NULL, "unknown option %s", argv[optind - 1]);
        }
    }
    if (demo && env.db_path != NULL) {
        fprintf(stderr, "allot: --demo uses its own store; drop -d\n");
        return CLI_USAGE;
    }
    if (optind >= argc) {
        if (demo) {
            struct allot_err err;
            err_clear(&err);
            if (demo_create(demo_path, demo_dir, sizeof demo_path, &err) != 0)
                return cli_fail(&env, &err);
            env.db_path = demo_path;
        }
        if (fg.n_feeds > 0 || fg.simulate || fg.seed != NULL || fg.speed != NULL) {
            /* the screen follows the feed as watch does (cli/feedsetup.h) */
            rc = feed_setup_build(&env, &fg, topt.portfolio, &topt.feed, &topt.feed_memory);
            if (rc != 0) {
                if (demo)
                    demo_remove(demo_dir);
                return rc;
            }
        }
        topt.db_path = env.db_path;
        rc = run_tui(&topt);
        feed_free(topt.feed);   /* its commands stopped (SIGTERM to the group), reaped */
        if (demo)
            demo_remove(demo_dir);
        /* a hung-up terminal cannot take more output: no flush check */
        return rc;
    }
    if (topt.script != NULL || topt.dump_screen) {
        fprintf(stderr, "allot: --script and --dump-screen are for the interactive screen, "
                        "not subcommands\nTry 'allot --help'.\n");
        return CLI_USAGE;
    }
    if (!cli_is_command(argv[optind]))
        return cli_usage_error(&env, NULL, "unknown subcommand \"%s\"", argv[optind]);
    if (fg.n_feeds > 0 || fg.simulate || fg.seed != NULL || fg.speed != NULL) {
        /* live quotes mean something only to watch (and the screen) */
        if (strcmp(argv[optind], "watch") != 0)
            return cli_usage_error(&env, NULL, "--feed, --feed-cmd, --feed-file, --simulate, "
                                   "--seed and --speed apply to watch, not to %s", argv[optind]);
        env.feed = &fg;
    }
    if (demo) {
        struct allot_err err;
        err_clear(&err);
        if (demo_create(demo_path, demo_dir, sizeof demo_path, &err) != 0)
            return cli_fail(&env, &err);
        env.db_path = demo_path;
    }
    rc = cli_run(&env, argc - optind, argv + optind);
    if (demo)
        demo_remove(demo_dir);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        perror("allot: writing the output");
        return CLI_FAIL;
    }
    return rc;
}
