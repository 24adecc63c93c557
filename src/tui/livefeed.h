/* livefeed.h: live quotes for the interactive screen. Drives a feed
 * (io/feedsrc.h) without ever blocking, batches its quotes as `allot
 * watch` does (store/quotebatch.h: into the store, or in memory for the
 * simulator), and after each batch revalues the book shown at the latest
 * spots of its underlyings (model_reval, which bumps val.generation, so
 * the screens follow). Also words the feed's state for the status bar.
 * The caller's clock drives it: the loop's timer on a terminal, `wait MS`
 * in a script, so a script over the simulator is deterministic. Knows
 * nothing of curses or struct app. */
#ifndef ALLOT_TUI_LIVEFEED_H
#define ALLOT_TUI_LIVEFEED_H

#include <stdint.h>

#include "io/feedsrc.h"
#include "store/db.h"
#include "tui/model.h"

#define LIVEFEED_PERIOD_MS 50       /* how often the loop calls livefeed_step */
#define LIVEFEED_RATE_MS 1000       /* the window of the quotes-a-second figure */
#define LIVEFEED_STATUS_MAX 32

/* What a step did (bits). */
enum {
    LIVEFEED_REVALUED = 1 << 0,     /* the book was revalued: redraw */
    LIVEFEED_STATUS = 1 << 1,       /* the status text or role changed: redraw */
    LIVEFEED_FAILED = 1 << 2,       /* a batch write or revaluation failed: see last_error */
    LIVEFEED_NOTICE = 1 << 3,       /* a bad line was skipped or a command exited: see notice */
};

struct livefeed;

/* Follow f (not owned: the caller frees it, which stops its commands)
 * into the store st, or in memory when st is NULL. now_ms is the
 * caller's clock at the start. Never NULL. */
struct livefeed *livefeed_new(struct feed *f, store_t *st, int64_t now_ms);

/* Run the feed's timers, read what its descriptors hold (poll with no
 * wait), batch the quotes, and when a batch closes revalue m. Once every
 * source has ended, the last batch is written and nothing more happens.
 * Returns LIVEFEED_* bits. */
int livefeed_step(struct livefeed *lf, struct model *m, int64_t now_ms);

/* The state for the status bar ("live 12 q/s", "stale", "reconnecting",
 * "dead", "ended") and its role (ROLE_OK, ROLE_STALE, ROLE_ERROR,
 * ROLE_DIM). Valid until the next step. */
const char *livefeed_status(const struct livefeed *lf, int *role);

/* The last failure's message ("" if none). */
const char *livefeed_last_error(const struct livefeed *lf);
/* What the last step noticed, never fatal ("" if none): the newest bad
 * line skipped ("bad line SRC:LINE:COL: what (N bad lines)"), or a
 * command that exited ("SRC exited with status N: its last stderr line;
 * restart K"). */
const char *livefeed_notice(const struct livefeed *lf);

/* Quotes accepted so far. */
long livefeed_quotes(const struct livefeed *lf);

/* Write the open batch (to the store) and free. NULL: no-op. */
void livefeed_free(struct livefeed *lf);

#endif
