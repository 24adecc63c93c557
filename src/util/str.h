/* str.h: small string helpers shared by every layer: bounded copies and
 * a growable byte buffer. No I/O. */
#ifndef ALLOT_UTIL_STR_H
#define ALLOT_UTIL_STR_H

#include <stdarg.h>
#include <stddef.h>

/* Copy src into dst of size n (n > 0), always NUL-terminated. Returns 1
 * if src did not fit (dst then holds its truncated prefix), else 0. */
int str_copy(char *dst, size_t n, const char *src);

/* A growable NUL-terminated buffer. Zero-initialise, then append. */
struct strbuf {
    char *s;        /* NULL until the first append */
    size_t len, cap;
};

void strbuf_append(struct strbuf *b, const char *s, size_t n);
void strbuf_puts(struct strbuf *b, const char *s);
void strbuf_printf(struct strbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void strbuf_reset(struct strbuf *b);
void strbuf_free(struct strbuf *b);
/* The contents, "" when empty (never NULL). */
const char *strbuf_str(const struct strbuf *b);

#endif
