/* fuzz.h: what the fuzz targets share. Each tests/fuzz/fuzz_<name>.c
 * defines LLVMFuzzerTestOneInput over one parser; it is linked either with
 * libFuzzer (clang, `make fuzz`) or with replay.c (any compiler, `make
 * check`), which runs every file of the target's corpus through it. The
 * parsers read files by path, so the input goes into a memory file
 * (memfd) named by /proc/self/fd/N: the reader's own fopen path runs. */
#ifndef ALLOT_TESTS_FUZZ_FUZZ_H
#define ALLOT_TESTS_FUZZ_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A property every input must keep; a broken one aborts, which libFuzzer
 * and replay.c both report with the input that did it. */
#define FUZZ_ASSERT(c)                                                              \
    do {                                                                            \
        if (!(c)) {                                                                 \
            fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, __LINE__, #c);  \
            abort();                                                                \
        }                                                                           \
    } while (0)

/* A path whose contents are data[0..size), valid until the next call. */
static inline const char *fuzz_file(const uint8_t *data, size_t size)
{
    static int fd = -1;
    static char path[64];
    if (fd < 0) {
        fd = memfd_create("allot-fuzz", 0);
        if (fd < 0) {
            perror("memfd_create");
            abort();
        }
        snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    }
    if (ftruncate(fd, 0) != 0 || (size > 0 && pwrite(fd, data, size, 0) != (ssize_t)size)) {
        perror("writing the fuzz input");
        abort();
    }
    return path;
}

/* data as a NUL-terminated string (malloc'd; free it). */
static inline char *fuzz_str(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (s == NULL)
        abort();
    if (size > 0)
        memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

#endif
