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

#endif
