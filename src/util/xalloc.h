/* xalloc.h: allocation that never returns NULL. Out of memory is the one
 * abort in allot: a hook (set by the TUI to restore the terminal) runs,
 * a message goes to stderr, then abort(). */
#ifndef ALLOT_UTIL_XALLOC_H
#define ALLOT_UTIL_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
/* Reallocate p to count*size bytes, failing on overflow of the product. */
void *xreallocarray(void *p, size_t count, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Called once before aborting on out of memory; NULL for none. */
void xalloc_set_oom_hook(void (*hook)(void));

#endif
