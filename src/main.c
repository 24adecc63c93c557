/* main.c: the entry point of allot. Reads the global options, prepares
 * the demo store when asked, then runs one batch subcommand (cli_run) or
 * the interactive screen. The only place that exits. */
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
        { 0 }
    };
    struct cli_env env = { stdout, stderr, NULL };
    char demo_path[PATH_MAX], demo_dir[PATH_MAX];
    int c, demo = 0, rc;

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
            break;
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
        fprintf(stderr, "allot: the interactive screen is not in this build yet; "
                        "see allot --help for the batch subcommands\n");
        return CLI_USAGE;
    }
    if (!cli_is_command(argv[optind]))
        return cli_usage_error(&env, NULL, "unknown subcommand \"%s\"", argv[optind]);
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
