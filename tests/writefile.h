/* writefile.h: write a small test input file into the test's tmpdir. */
#ifndef ALLOT_TESTS_WRITEFILE_H
#define ALLOT_TESTS_WRITEFILE_H

#include "tmpdir.h"

/* Write n bytes of data (n = (size_t)-1: strlen) to name in the tmpdir;
 * returns the path in a static buffer overwritten by the next call. */
static inline const char *write_file(const char *name, const char *data, size_t n)
{
    static char path[320];
    FILE *f;
    tmpdir_file(path, sizeof path, name);
    f = fopen(path, "wb");
    if (f == NULL) {
        perror(path);
        exit(1);
    }
    if (n == (size_t)-1)
        n = strlen(data);
    fwrite(data, 1, n, f);
    fclose(f);
    return path;
}

#endif
