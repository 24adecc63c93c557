/* fuzz_cmdline.c: the screen's `:` command line split into words
 * (tui/cmdline.c cmdline_split). What splits gives a NULL-terminated argv;
 * each word quoted back in single quotes (a quote as '\'') and the words
 * joined by blanks split again to the same words. An unterminated quote
 * is refused at a column inside the line. */
#include <config.h>

#include "fuzz.h"
#include "tui/cmdline.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = fuzz_str(data, size), *joined;
    struct allot_err err;
    char **argv = NULL, **argv2 = NULL;
    int argc = 0, argc2 = 0;
    size_t len = strlen(s), cap, k = 0;

    err_clear(&err);
    if (cmdline_split(s, &argc, &argv, &err) != 0) {
        FUZZ_ASSERT(err.msg[0] != '\0');
        FUZZ_ASSERT(err.col >= 1 && (size_t)err.col <= len + 1);
        free(s);
        return 0;
    }
    FUZZ_ASSERT(argc >= 0 && argv != NULL && argv[argc] == NULL);
    cap = 4 * len + 3 * (size_t)argc + 16;
    joined = malloc(cap);
    FUZZ_ASSERT(joined != NULL);
    for (int i = 0; i < argc; i++) {
        if (i > 0)
            joined[k++] = ' ';
        joined[k++] = '\'';
        for (const char *p = argv[i]; *p; p++) {
            if (*p == '\'') {
                memcpy(joined + k, "'\\''", 4);
                k += 4;
            } else {
                joined[k++] = *p;
            }
        }
        joined[k++] = '\'';
    }
    joined[k] = '\0';
    FUZZ_ASSERT(k < cap);
    err_clear(&err);
    FUZZ_ASSERT(cmdline_split(joined, &argc2, &argv2, &err) == 0);
    FUZZ_ASSERT(argc2 == argc);
    for (int i = 0; i < argc; i++)
        FUZZ_ASSERT(strcmp(argv[i], argv2[i]) == 0);
    cmdline_argv_free(argc, argv);
    cmdline_argv_free(argc2, argv2);
    free(joined);
    free(s);
    return 0;
}
