/* chain.h: one listed option of an exchange's option chain as a snapshot
 * gives it (the Deribit-style files of `allot import chain`): the data the
 * book takes implied vols from and the tail hedge picks puts from. Pure
 * data; io/ reads it, store/ keeps it. */
#ifndef ALLOT_ENGINE_PORTFOLIO_CHAIN_H
#define ALLOT_ENGINE_PORTFOLIO_CHAIN_H

#include <stdint.h>

#include "engine/portfolio/instrument.h"

struct chain_quote {
    char instrument[INST_NAME_MAX];     /* BTC-26JUN20-9000-C */
    char underlying[INST_SYMBOL_MAX];   /* BTC */
    int64_t expiry_ms;
    double strike;                      /* USD */
    int is_call;
    int coin_settled;                   /* 1: premiums in the coin (Deribit) */
    int64_t snapshot_ms;                /* when the row was quoted */
    double underlying_price;            /* USD: the forward the option is priced on */
    double index_price;                 /* USD spot index, NAN if not given */
    double mark_price;                  /* coin (coin_settled) or USD, NAN if none */
    double mark_iv;                     /* annual decimal; NAN if not given */
    double bid_price, ask_price;        /* as mark_price; NAN for no quote */
    double delta;                       /* the exchange's, NAN if not given */
    double open_interest;               /* contracts, NAN if not given */
    int iv_implied;                     /* 1: mark_iv was solved from mark_price here */
};

#endif
