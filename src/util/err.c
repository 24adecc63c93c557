#include <config.h>
#include "util/err.h"

#include <stdio.h>
#include <string.h>

void err_clear(struct allot_err *err)
{
    if (err == NULL)
        return;
    memset(err, 0, sizeof *err);
}

int err_vsetf(struct allot_err *err, int code, const char *fmt, va_list ap)
{
    if (err == NULL)
        return code;
    err->code = code;
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    return code;
}

int err_setf(struct allot_err *err, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    err_vsetf(err, code, fmt, ap);
    va_end(ap);
    return code;
}

int err_at(struct allot_err *err, const char *file, long line, long col)
{
    if (err == NULL)
        return ALLOT_E_INPUT;
    if (file != NULL)
        snprintf(err->file, sizeof err->file, "%s", file);
    err->line = line;
    err->col = col;
    return err->code;
}

int err_prefix(struct allot_err *err, const char *fmt, ...)
{
    char pre[ALLOT_ERR_MSG_MAX], old[ALLOT_ERR_MSG_MAX];
    va_list ap;

    if (err == NULL)
        return ALLOT_E_INPUT;
    va_start(ap, fmt);
    vsnprintf(pre, sizeof pre, fmt, ap);
    va_end(ap);
    if (strncmp(err->msg, pre, strlen(pre)) == 0)
        return err->code;
    memcpy(old, err->msg, sizeof old);
    size_t lp = strlen(pre), lo = strnlen(old, sizeof old - 1);
    if (lp > sizeof err->msg - 1)
        lp = sizeof err->msg - 1;
    if (lo > sizeof err->msg - 1 - lp)
        lo = sizeof err->msg - 1 - lp;
    memcpy(err->msg, pre, lp);
    memcpy(err->msg + lp, old, lo);
    err->msg[lp + lo] = '\0';
    return err->code;
}

char *err_format(const struct allot_err *err, char *buf, size_t n)
{
    size_t len = 0;

    if (n == 0)
        return buf;
    buf[0] = '\0';
    if (err->file[0] != '\0') {
        if (err->line > 0 && err->col > 0)
            len = (size_t)snprintf(buf, n, "%s:%ld:%ld: ", err->file, err->line, err->col);
        else if (err->line > 0)
            len = (size_t)snprintf(buf, n, "%s:%ld: ", err->file, err->line);
        else
            len = (size_t)snprintf(buf, n, "%s: ", err->file);
    }
    if (len < n)
        snprintf(buf + len, n - len, "%s", err->msg[0] ? err->msg : err_name(err->code));
    return buf;
}

const char *err_name(int code)
{
    switch (code) {
    case ALLOT_OK: return "ok";
    case ALLOT_E_INPUT: return "bad input";
    case ALLOT_E_USAGE: return "usage error";
    case ALLOT_E_IO: return "input/output error";
    case ALLOT_E_STORE: return "store error";
    case ALLOT_E_BUSY: return "store busy";
    case ALLOT_E_SCHEMA: return "store schema too new";
    case ALLOT_E_NOTFOUND: return "not found";
    case ALLOT_E_NUMERIC: return "computation failed";
    case ALLOT_E_NOMEM: return "out of memory";
    case ALLOT_E_CANCEL: return "cancelled";
    }
    return "error";
}
