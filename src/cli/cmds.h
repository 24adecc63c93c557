/* cmds.h: the subcommand handlers (one cmd_*.c each) and their usage
 * texts, gathered by cli.c into the one command table. */
#ifndef ALLOT_CLI_CMDS_H
#define ALLOT_CLI_CMDS_H

#include "cli/cli.h"

int cmd_init(struct cli_env *env, int argc, char **argv);
int cmd_import(struct cli_env *env, int argc, char **argv);
int cmd_export(struct cli_env *env, int argc, char **argv);
int cmd_portfolio(struct cli_env *env, int argc, char **argv);
int cmd_position(struct cli_env *env, int argc, char **argv);
int cmd_positions(struct cli_env *env, int argc, char **argv);
int cmd_undo(struct cli_env *env, int argc, char **argv);
int cmd_asset(struct cli_env *env, int argc, char **argv);
int cmd_setting(struct cli_env *env, int argc, char **argv);
int cmd_var(struct cli_env *env, int argc, char **argv);
int cmd_optimize(struct cli_env *env, int argc, char **argv);
int cmd_greeks(struct cli_env *env, int argc, char **argv);
int cmd_iv(struct cli_env *env, int argc, char **argv);
int cmd_exposure(struct cli_env *env, int argc, char **argv);
int cmd_stress(struct cli_env *env, int argc, char **argv);
int cmd_risk(struct cli_env *env, int argc, char **argv);
int cmd_cov(struct cli_env *env, int argc, char **argv);
int cmd_corr(struct cli_env *env, int argc, char **argv);
int cmd_hedge_ratio(struct cli_env *env, int argc, char **argv);
int cmd_delta_neutral(struct cli_env *env, int argc, char **argv);
int cmd_cross_hedge(struct cli_env *env, int argc, char **argv);
int cmd_delta_vega(struct cli_env *env, int argc, char **argv);
int cmd_tail_hedge(struct cli_env *env, int argc, char **argv);
int cmd_apply(struct cli_env *env, int argc, char **argv);

struct var_est;
/* Print one VaR estimate as a table row (shared by var and risk). */
void cli_print_var(struct cli_env *env, const char *method, const struct var_est *e, int csv);

#endif
