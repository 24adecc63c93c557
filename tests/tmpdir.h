/* tmpdir.h: a private temporary directory per test binary, removed at
 * exit, so tests never write into the source or build tree. */
#ifndef ALLOT_TESTS_TMPDIR_H
#define ALLOT_TESTS_TMPDIR_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char tmpdir_path[256];

static void tmpdir_cleanup(void)
{
    char cmd[300];
    if (tmpdir_path[0] == '\0')
        return;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir_path);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir_path);
}

/* The directory (created on first call); "name" joined to it in buf. */
static inline const char *tmpdir_file(char *buf, size_t n, const char *name)
{
    if (tmpdir_path[0] == '\0') {
        const char *base = getenv("TMPDIR");
        snprintf(tmpdir_path, sizeof tmpdir_path, "%s/allot-test-XXXXXX",
                 base && base[0] ? base : "/tmp");
        if (mkdtemp(tmpdir_path) == NULL) {
            perror("mkdtemp");
            exit(1);
        }
        atexit(tmpdir_cleanup);
    }
    snprintf(buf, n, "%s/%s", tmpdir_path, name);
    return buf;
}

#endif
