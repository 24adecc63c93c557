/* main.c: the entry point of allot. Parses nothing itself yet beyond
 * --version; the CLI and TUI layers take over as they land. */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include <gsl/gsl_errno.h>

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    if (argc > 1 && strcmp(argv[1], "--version") == 0) {
        printf("allot %s\n", PACKAGE_VERSION);
        return 0;
    }
    fprintf(stderr, "allot: nothing to do yet\n");
    return 2;
}
