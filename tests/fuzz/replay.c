/* replay.c: a main() for a fuzz target without libFuzzer, so that `make
 * check` (gcc, with or without sanitizers, or under valgrind) runs every
 * file of the target's corpus, tests/fuzz/<target>/, through the same
 * LLVMFuzzerTestOneInput. Each file runs in a child process and gives one
 * TAP line: a crash, a sanitizer report or a broken property fails that
 * file only. With arguments, runs those files instead (to reproduce). */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fuzz.h"

#ifndef FUZZ_TARGET
#error "FUZZ_TARGET names the corpus directory"
#endif

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf = NULL;
    size_t n = 0, cap = 0;

    if (f == NULL) {
        fprintf(stderr, "%s: %s\n", path, strerror(errno));
        return 1;
    }
    for (;;) {
        if (n == cap) {
            cap = cap ? 2 * cap : 4096;
            buf = realloc(buf, cap);
            if (buf == NULL)
                abort();
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    fclose(f);
    LLVMFuzzerTestOneInput(buf, n);
    free(buf);
    return 0;
}

/* Run one file in a child; 0 when it returned normally with status 0. */
static int run_child(const char *path, char *why, size_t whylen)
{
    pid_t pid;
    int st;

    fflush(NULL);
    pid = fork();
    if (pid < 0) {
        snprintf(why, whylen, "fork: %s", strerror(errno));
        return 1;
    }
    if (pid == 0)
        exit(run_file(path));   /* exit, not _exit: LeakSanitizer runs at exit */
    if (waitpid(pid, &st, 0) < 0) {
        snprintf(why, whylen, "waitpid: %s", strerror(errno));
        return 1;
    }
    if (WIFSIGNALED(st)) {
        snprintf(why, whylen, "killed by signal %d", WTERMSIG(st));
        return 1;
    }
    if (WEXITSTATUS(st) != 0) {
        snprintf(why, whylen, "exit status %d", WEXITSTATUS(st));
        return 1;
    }
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
    char dir[4096], why[128];
    char **files = NULL;
    size_t nfiles = 0;
    int failed = 0;

    if (argc > 1) {
        for (int i = 1; i < argc; i++) {
            why[0] = '\0';
            if (run_child(argv[i], why, sizeof why) != 0) {
                printf("not ok %d - %s: %s\n", i, argv[i], why);
                failed = 1;
            } else {
                printf("ok %d - %s\n", i, argv[i]);
            }
        }
        printf("1..%d\n", argc - 1);
        return failed;
    }
    const char *top = getenv("top_srcdir");
    snprintf(dir, sizeof dir, "%s/tests/fuzz/%s", top && top[0] ? top : ".", FUZZ_TARGET);
    DIR *d = opendir(dir);
    if (d == NULL) {
        printf("Bail out! cannot open the corpus %s: %s\n", dir, strerror(errno));
        return 1;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        files = realloc(files, (nfiles + 1) * sizeof *files);
        if (files == NULL)
            abort();
        files[nfiles++] = strdup(e->d_name);
    }
    closedir(d);
    if (nfiles == 0) {
        printf("Bail out! the corpus %s is empty\n", dir);
        return 1;
    }
    qsort(files, nfiles, sizeof *files, cmp_str);
    for (size_t i = 0; i < nfiles; i++) {
        char path[8192];
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        why[0] = '\0';
        if (run_child(path, why, sizeof why) != 0) {
            printf("not ok %zu - %s/%s: %s\n", i + 1, FUZZ_TARGET, files[i], why);
            failed = 1;
        } else {
            printf("ok %zu - %s/%s\n", i + 1, FUZZ_TARGET, files[i]);
        }
        free(files[i]);
    }
    free(files);
    printf("1..%zu\n", nfiles);
    return failed;
}
