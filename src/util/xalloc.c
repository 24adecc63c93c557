#include <config.h>
#include "util/xalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void (*oom_hook)(void);

void xalloc_set_oom_hook(void (*hook)(void))
{
    oom_hook = hook;
}

static void oom(size_t n)
{
    if (oom_hook != NULL)
        oom_hook();
    fprintf(stderr, "allot: out of memory (%zu bytes)\n", n);
    abort();
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (p == NULL)
        oom(n);
    return p;
}

void *xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (p == NULL)
        oom(count * size);
    return p;
}

void *xreallocarray(void *p, size_t count, size_t size)
{
    void *q;
    if (size != 0 && count > SIZE_MAX / size)
        oom(SIZE_MAX);
    size_t n = count * size;
    q = realloc(p, n ? n : 1);
    if (q == NULL)
        oom(n);
    return q;
}

char *xstrdup(const char *s)
{
    return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
    size_t len = strnlen(s, n);
    char *p = xmalloc(len + 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}
