#include <config.h>
#include "cli/demo.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/import.h"
#include "store/positions.h"
#include "util/str.h"

static int is_dir_with(const char *dir, const char *file)
{
    char p[PATH_MAX + 64];
    struct stat sb;
    snprintf(p, sizeof p, "%s/%s", dir, file);
    return stat(p, &sb) == 0;
}

int demo_share_dir(char *out, size_t n, struct allot_err *err)
{
    const char *env = getenv("ALLOT_SHARE");
    char exe[PATH_MAX];
    ssize_t len;

    if (env != NULL && env[0] != '\0') {
        if (!is_dir_with(env, "demo/prices.csv"))
            return err_setf(err, ALLOT_E_NOTFOUND, "ALLOT_SHARE=%s holds no demo/prices.csv",
                            env);
        str_copy(out, n, env);
        return ALLOT_OK;
    }
    len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len > 0) {
        char cand[PATH_MAX + 32];
        char *slash;
        exe[len] = '\0';
        slash = strrchr(exe, '/');
        if (slash != NULL) {
            *slash = '\0';
            /* src/allot in a build tree, bin/allot in an install tree */
            snprintf(cand, sizeof cand, "%s/../share/allot", exe);
            if (is_dir_with(cand, "demo/prices.csv")) {
                str_copy(out, n, cand);
                return ALLOT_OK;
            }
        }
    }
    if (is_dir_with(PKGDATADIR, "demo/prices.csv")) {
        str_copy(out, n, PKGDATADIR);
        return ALLOT_OK;
    }
    return err_setf(err, ALLOT_E_NOTFOUND, "cannot find the demo data (share/allot/demo): "
                    "looked in $ALLOT_SHARE, beside the program and in %s", PKGDATADIR);
}

int demo_fill(store_t *st, const char *share_dir, struct allot_err *err)
{
    char dir[PATH_MAX], prices[PATH_MAX + 32], positions[PATH_MAX + 32];
    struct import_prices_result res;
    const char *files[1];
    int64_t pf;
    long added, replaced;

    if (share_dir == NULL) {
        if (demo_share_dir(dir, sizeof dir, err) != 0)
            return err->code;
        share_dir = dir;
    }
    snprintf(prices, sizeof prices, "%s/demo/prices.csv", share_dir);
    snprintf(positions, sizeof positions, "%s/demo/positions.csv", share_dir);
    files[0] = prices;
    if (import_prices(st, files, 1, PRICE_FMT_LONG, NULL, 0, NULL, &res, err) != 0)
        return err->code;
    import_prices_done(&res);
    if (store_setting_set(st, "asof", DEMO_ASOF, err) != 0)
        return err->code;
    {
        char chain[PATH_MAX + 32];
        struct import_chain_result cr;
        snprintf(chain, sizeof chain, "%s/demo/chain.csv", share_dir);
        if (import_chain(st, chain, NULL, &cr, err) != 0)
            return err->code;
        free(cr.underlyings);
    }
    if (portfolio_find(st, PORTFOLIO_DEFAULT, &pf, err) == 0) {
        struct position *pos;
        size_t n;
        if (positions_list(st, pf, &pos, &n, err) != 0)
            return err->code;
        free(pos);
        if (n > 0)
            return ALLOT_OK;
    }
    err_clear(err);
    return import_positions(st, positions, PORTFOLIO_DEFAULT, 0, NULL, &added, &replaced, err);
}

int demo_create(char *path, char *dir, size_t n, struct allot_err *err)
{
    const char *tmp = getenv("TMPDIR");
    store_t *st;
    int64_t id, jid;

    if (snprintf(dir, n, "%s/allot-demo-XXXXXX", tmp && tmp[0] ? tmp : "/tmp") >= (int)n)
        return err_setf(err, ALLOT_E_IO, "TMPDIR is too long");
    if (mkdtemp(dir) == NULL)
        return err_setf(err, ALLOT_E_IO, "cannot create a directory for the demo store: %s",
                        strerror(errno));
    snprintf(path, n, "%s/demo.db", dir);
    if (store_open(path, STORE_CREATE, &st, err) != 0)
        goto fail;
    if (store_begin(st, err) != 0 || journal_begin(st, "portfolio new", "main", &jid, err) != 0 ||
        portfolio_create(st, jid, PORTFOLIO_DEFAULT, &id, err) != 0 ||
        store_commit(st, err) != 0) {
        store_rollback(st);
        store_close(st);
        goto fail;
    }
    if (demo_fill(st, NULL, err) != 0) {
        store_close(st);
        goto fail;
    }
    store_close(st);
    return ALLOT_OK;
fail:
    demo_remove(dir);
    return err->code;
}

void demo_remove(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    if (d != NULL) {
        while ((e = readdir(d)) != NULL) {
            char p[PATH_MAX + 300];
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
            unlink(p);
        }
        closedir(d);
    }
    rmdir(dir);
}
