/* positions.h: portfolios, their positions, and the journal that records
 * every change of a position with the before/after rows needed to undo
 * it. Every write here runs inside a transaction the caller opened with
 * store_begin(), and journals itself into the entry the caller started
 * with journal_begin(), so an import or apply is all or nothing. */
#ifndef ALLOT_STORE_POSITIONS_H
#define ALLOT_STORE_POSITIONS_H

#include <stddef.h>
#include <stdint.h>

#include "engine/portfolio/instrument.h"
#include "store/db.h"

#define PORTFOLIO_NAME_MAX 65
#define PORTFOLIO_DEFAULT "main"

struct portfolio_info {
    int64_t id;
    char name[PORTFOLIO_NAME_MAX];
    char created[32];           /* ISO 8601 UTC */
    long n_positions;
};

/* Create portfolio name (1-64 bytes of letters, digits, '-', '_', '.').
 * Journaled. ALLOT_E_INPUT if it exists or the name is invalid. */
int portfolio_create(store_t *st, int64_t jid, const char *name, int64_t *id,
                     struct allot_err *err);
/* Find a portfolio's id; ALLOT_E_NOTFOUND naming it when absent. */
int portfolio_find(store_t *st, const char *name, int64_t *id, struct allot_err *err);
/* All portfolios by name; *out is malloc'd (free it). */
int portfolio_list(store_t *st, struct portfolio_info **out, size_t *n, struct allot_err *err);
/* Remove an empty portfolio; refuses one that still holds positions. */
int portfolio_remove(store_t *st, int64_t jid, const char *name, struct allot_err *err);

/* The positions of a portfolio ordered by underlying, kind, instrument;
 * *out is malloc'd (free it). */
int positions_list(store_t *st, int64_t portfolio_id, struct position **out, size_t *n,
                   struct allot_err *err);
/* The position with this id in the portfolio, or the one whose instrument
 * is name (id 0). ALLOT_E_NOTFOUND when absent. */
int positions_get(store_t *st, int64_t portfolio_id, int64_t id, const char *name,
                  struct position *out, struct allot_err *err);
/* Insert p (validated first) into the portfolio and set p->id. A second
 * position in the same instrument is ALLOT_E_INPUT. Journaled in jid. */
int positions_insert(store_t *st, int64_t jid, int64_t portfolio_id, struct position *p,
                     struct allot_err *err);
/* Replace the stored position p->id with p (validated). Journaled. */
int positions_update(store_t *st, int64_t jid, int64_t portfolio_id, const struct position *p,
                     struct allot_err *err);
/* Delete position id. Journaled. ALLOT_E_NOTFOUND when absent. */
int positions_delete(store_t *st, int64_t jid, int64_t id, struct allot_err *err);

/* ---- journal ---- */

struct journal_entry {
    int64_t id;
    char ts[32];                /* ISO 8601 UTC */
    char action[64];            /* "position add", "import positions", "apply NAME", "undo" */
    char summary[256];
    int64_t undoes;             /* the entry this one undid, or 0 */
    int64_t undone_by;          /* the entry that undid this one, or 0 */
    long n_changes;             /* positions changed */
};

/* Start a journal entry inside the caller's transaction; *jid receives its
 * id for the writes that follow. */
int journal_begin(store_t *st, const char *action, const char *summary, int64_t *jid,
                  struct allot_err *err);
/* Update the summary of an entry (e.g. with counts once known). */
int journal_set_summary(store_t *st, int64_t jid, const char *summary, struct allot_err *err);
/* Entries newest first (at most limit; 0 for all); *out malloc'd. */
int journal_list(store_t *st, size_t limit, struct journal_entry **out, size_t *n,
                 struct allot_err *err);
/* Undo entry jid (0: the newest entry that changed positions and is
 * neither undone nor itself an undo), inside the caller's transaction,
 * recording the reversal as a new entry (*undo_jid). Every position must
 * still be as the entry left it, else ALLOT_E_INPUT naming the position
 * that changed since. ALLOT_E_NOTFOUND when there is nothing to undo. */
int journal_undo(store_t *st, int64_t jid, int64_t *undone_jid, int64_t *undo_jid,
                 struct allot_err *err);

#endif
