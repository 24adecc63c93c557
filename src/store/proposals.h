/* proposals.h: saved optimizer proposals (a trade list with before/after
 * figures, engine/optimize/tradelist.h) that `allot apply` writes to a
 * portfolio as one journal entry. */
#ifndef ALLOT_STORE_PROPOSALS_H
#define ALLOT_STORE_PROPOSALS_H

#include <stddef.h>
#include <stdint.h>

#include "engine/optimize/tradelist.h"
#include "store/db.h"

struct proposal_info {
    char name[65];
    char created[32];
    int64_t portfolio_id;
    char method[TRADELIST_METHOD_MAX];
    size_t n_trades;
    int64_t applied_journal;    /* 0: never applied */
    int applied;                /* 1: applied and not undone */
};

/* Save tl under name for the portfolio, replacing a proposal of that name
 * that is not applied (one that is, is ALLOT_E_INPUT). A name is 1-64
 * letters, digits, '-', '_' or '.' (else ALLOT_E_INPUT). Run it inside a
 * transaction. */
int proposal_save(store_t *st, const char *name, int64_t portfolio_id,
                  const struct tradelist *tl, struct allot_err *err);
/* Load a proposal; *tl is new (tradelist_free). ALLOT_E_NOTFOUND naming it. */
int proposal_load(store_t *st, const char *name, struct tradelist **tl,
                  struct proposal_info *info, struct allot_err *err);
/* Record that journal entry jid applied it. */
int proposal_mark_applied(store_t *st, const char *name, int64_t jid, struct allot_err *err);
/* What proposal_apply wrote. */
struct proposal_applied {
    int64_t jid;                        /* the journal entry (undo reverses it) */
    char method[TRADELIST_METHOD_MAX];
    size_t n_trades;
    long added, changed, closed;        /* positions opened, changed, closed */
};

/* Apply the saved proposal name to its portfolio, inside the caller's
 * transaction (store_begin ... store_commit, store_rollback on failure):
 * the trades applied to the positions in memory (tradelist_apply), then
 * the difference written by instrument (closed positions deleted,
 * changed ones updated, new ones inserted, opening on the valuation
 * date) under one journal entry "apply NAME", and the proposal marked
 * applied. Returns 0 with *out filled, or ALLOT_E_NOTFOUND (no such
 * proposal), ALLOT_E_INPUT (already applied, naming its journal entry;
 * a trade that does not fit the book) or a store error, with err set. */
int proposal_apply(store_t *st, const char *name, struct proposal_applied *out,
                   struct allot_err *err);

/* Every proposal, newest first; *out malloc'd. */
int proposal_list(store_t *st, struct proposal_info **out, size_t *n, struct allot_err *err);

#endif
