#include <config.h>
#include "store/bookload.h"

#include <stdlib.h>
#include <string.h>

#include "store/positions.h"

int book_load(store_t *st, const char *portfolio, const struct market_override *ov,
              size_t n_ov, struct loaded_book *lb, struct allot_err *err)
{
    return book_load_at(st, portfolio, ov, n_ov, store_now_ms(st), lb, err);
}

int book_load_at(store_t *st, const char *portfolio, const struct market_override *ov,
                 size_t n_ov, int64_t now_ms, struct loaded_book *lb, struct allot_err *err)
{
    const char *name = portfolio ? portfolio : PORTFOLIO_DEFAULT;

    memset(lb, 0, sizeof *lb);
    lb->now_ms = now_ms;
    if (portfolio_find(st, name, &lb->portfolio_id, err) != 0 ||
        positions_list(st, lb->portfolio_id, &lb->pos, &lb->n, err) != 0)
        return err->code;
    if (lb->n == 0) {
        free(lb->pos);
        lb->pos = NULL;
        return err_setf(err, ALLOT_E_INPUT, "portfolio %s holds no positions", name);
    }
    if (market_load(st, lb->pos, lb->n, lb->now_ms, ov, n_ov, &lb->mkt, err) != 0) {
        free(lb->pos);
        lb->pos = NULL;
        return err->code;
    }
    for (size_t i = 0; i < n_ov; i++) {
        size_t k;
        for (k = 0; k < lb->mkt.n_assets && strcmp(lb->mkt.assets[k].symbol, ov[i].symbol);
             k++)
            ;
        if (k == lb->mkt.n_assets) {
            book_unload(lb);
            return err_setf(err, ALLOT_E_INPUT, "--spot %s: the portfolio holds nothing on %s",
                            ov[i].symbol, ov[i].symbol);
        }
    }
    if (book_new(lb->pos, lb->n, &lb->mkt.m, &lb->book, err) != 0) {
        book_unload(lb);
        return err->code;
    }
    return ALLOT_OK;
}

void book_unload(struct loaded_book *lb)
{
    book_free(lb->book);
    market_done(&lb->mkt);
    free(lb->pos);
    memset(lb, 0, sizeof *lb);
}
