#include <config.h>
#include "io/csvout.h"

#include <csv.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/xalloc.h"

static int needs_quotes(const char *s)
{
    size_t n = strlen(s);
    if (n > 0 && (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t'))
        return 1;
    return strpbrk(s, ",\"\r\n") != NULL;
}

/* A control character other than tab and line ends (kept, quoted), or DEL:
 * written as '?', so that no field can carry a terminal escape sequence. */
static int is_unsafe(unsigned char c)
{
    return (c < ' ' && c != '\t' && c != '\r' && c != '\n') || c == 0x7f;
}

void csvout_field(FILE *fp, const char *s, int first)
{
    char *clean = NULL;
    size_t n = strlen(s);

    if (!first)
        fputc(',', fp);
    for (size_t i = 0; i < n; i++) {
        if (!is_unsafe((unsigned char)s[i]))
            continue;
        if (clean == NULL) {
            clean = xstrdup(s);
            s = clean;
        }
        clean[i] = '?';
    }
    if (needs_quotes(s))
        csv_fwrite(fp, s, n);
    else
        fputs(s, fp);
    free(clean);
}

void csvout_row(FILE *fp, const char *const *fields, size_t n)
{
    for (size_t i = 0; i < n; i++)
        csvout_field(fp, fields[i], i == 0);
    fputc('\n', fp);
}

int atomic_open(struct atomic_file *af, const char *path, int private_mode,
                struct allot_err *err)
{
    size_t n = strlen(path);
    int fd;

    memset(af, 0, sizeof *af);
    af->path = xstrdup(path);
    af->tmp = xmalloc(n + 16);
    memcpy(af->tmp, path, n);
    memcpy(af->tmp + n, ".tmp-XXXXXX", 12);
    fd = mkstemp(af->tmp);
    if (fd < 0) {
        err_setf(err, ALLOT_E_IO, "cannot write %s: %s", path, strerror(errno));
        free(af->path);
        free(af->tmp);
        memset(af, 0, sizeof *af);
        return ALLOT_E_IO;
    }
    if (!private_mode) {
        mode_t um = umask(0);
        umask(um);
        fchmod(fd, 0666 & ~um);
    }
    af->fp = fdopen(fd, "w");
    if (af->fp == NULL) {
        close(fd);
        unlink(af->tmp);
        err_setf(err, ALLOT_E_IO, "cannot write %s: %s", path, strerror(errno));
        free(af->path);
        free(af->tmp);
        memset(af, 0, sizeof *af);
        return ALLOT_E_IO;
    }
    return ALLOT_OK;
}

int atomic_commit(struct atomic_file *af, struct allot_err *err)
{
    int rc = ALLOT_OK;
    if (fflush(af->fp) != 0 || ferror(af->fp) || fsync(fileno(af->fp)) != 0) {
        rc = err_setf(err, ALLOT_E_IO, "cannot write %s: %s", af->path, strerror(errno));
        fclose(af->fp);
    } else if (fclose(af->fp) != 0) {
        rc = err_setf(err, ALLOT_E_IO, "cannot write %s: %s", af->path, strerror(errno));
    } else if (rename(af->tmp, af->path) != 0) {
        rc = err_setf(err, ALLOT_E_IO, "cannot replace %s: %s", af->path, strerror(errno));
    }
    if (rc != ALLOT_OK)
        unlink(af->tmp);
    free(af->path);
    free(af->tmp);
    memset(af, 0, sizeof *af);
    return rc;
}

void atomic_abort(struct atomic_file *af)
{
    if (af->fp == NULL)
        return;
    fclose(af->fp);
    unlink(af->tmp);
    free(af->path);
    free(af->tmp);
    memset(af, 0, sizeof *af);
}
