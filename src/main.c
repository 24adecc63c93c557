/* main.c: the entry point of allot. Reads the global options, prepares
 * the demo store when asked, then runs one batch subcommand (cli_run) or
 * the interactive screen. The only place that exits. */
#include <config.h>

#include <getopt.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "cli/cli.h"
#include "cli/demo.h"
#include "io/feedsrc.h"

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

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        { "db", required_argument, NULL, 'd' },
        { "demo", no_argument, NULL, 'D' },
        { "no-color", no_argument, NULL, 'C' },
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
    struct cli_env env = { stdout, stderr, NULL, NULL };
    static struct cli_feed_arg feeds[MAX_FEEDS];
    struct cli_feed_globals fg = { feeds, 0, 0, NULL, NULL };
    char demo_path[PATH_MAX], demo_dir[PATH_MAX];
    int c, demo = 0, rc;

    setlocale(LC_ALL, "");
    gsl_set_error_handler_off();
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
        case 'h':
            cli_print_help(stdout);
            return 0;
        case 'V':
            version();
            return 0;
        case ':':
            fprintf(stderr, "allot: option %s needs a value\nTry 'allot --help'.\n",
                    argv[optind - 1]);
            return CLI_USAGE;
        default:
            fprintf(stderr, "allot: unknown option %s\nTry 'allot --help'.\n",
                    argv[optind - 1]);
            return CLI_USAGE;
        }
    }
    if (demo && env.db_path != NULL) {
        fprintf(stderr, "allot: --demo uses its own store; drop -d\n");
        return CLI_USAGE;
    }
    if (optind >= argc) {
        fprintf(stderr, "allot: the interactive screen is not in this build yet; "
                        "see allot --help for the batch subcommands\n");
        return CLI_USAGE;
    }
    if (!cli_is_command(argv[optind])) {
        fprintf(stderr, "allot: unknown subcommand \"%s\"\nTry 'allot --help'.\n",
                argv[optind]);
        return CLI_USAGE;
    }
    if (fg.n_feeds > 0 || fg.simulate || fg.seed != NULL || fg.speed != NULL) {
        /* live quotes mean something only to watch and the interactive screen */
        if (strcmp(argv[optind], "watch") != 0) {
            fprintf(stderr, "allot: --feed, --feed-cmd, --feed-file, --simulate, --seed and "
                            "--speed apply to watch and the interactive screen, not to %s\n"
                            "Try 'allot --help'.\n", argv[optind]);
            return CLI_USAGE;
        }
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
