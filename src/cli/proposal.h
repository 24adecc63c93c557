/* proposal.h: what every optimizer command does with its trade list:
 * figures (store/propfigs.h), printing, and saving for `allot apply`.
 * The trading settings are in store/trade.h. */
#ifndef ALLOT_CLI_PROPOSAL_H
#define ALLOT_CLI_PROPOSAL_H

#include "cli/cli.h"
#include "engine/optimize/tradelist.h"
#include "store/bookload.h"
#include "store/propfigs.h"
#include "store/trade.h"

/* Print tl: the trades, then the figures (with --csv: two CSV blocks, the
 * trades and the figures, separated by an empty line). */
void proposal_print(struct cli_env *env, const struct tradelist *tl, int csv);

/* Figures, print, and with save_name save it (one transaction). Returns
 * the exit status; frees nothing. */
int proposal_finish(struct cli_env *env, store_t *st, const struct loaded_book *lb,
                    struct tradelist *tl, const char *save_name, int csv);

/* An optimizer run on a valued book (hedgerun_*, tailrun_solve, ...):
 * returns 0 with *out new, or an error with err set and *out NULL. */
typedef int proposal_fn(store_t *st, const struct loaded_book *lb, const void *params,
                        struct tradelist **out, struct allot_err *err);

/* Open the store, load portfolio's book (cli_open_book), run fn(params)
 * on it and finish its trade list (proposal_finish); frees and closes
 * everything. Returns the exit status, having printed any error. */
int proposal_run(struct cli_env *env, const char *portfolio, proposal_fn *fn,
                 const void *params, const char *save_name, int csv);

#endif
