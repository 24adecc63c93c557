/* cmd_exposure.c: `allot exposure`: the book's value, PnL and greeks in
 * display units per position, per underlying and in total, now or at a
 * shifted market (--spot, --vol-shift, --at). */
#include <config.h>

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmds.h"
#include "cli/table.h"
#include "engine/portfolio/book.h"
#include "io/posfile.h"
#include "store/bookload.h"
#include "store/market.h"
#include "store/positions.h"
#include "util/date.h"
#include "util/num.h"
#include "util/str.h"
#include "util/xalloc.h"

#define VOLPT 0.01                  /* one vol point, as an annual decimal */
#define MS_PER_YEAR (365.0 * 86400.0 * 1000.0)
#define EXPO_MAX_SPOTS 64

/* Column order of the CSV; the tables show subsets. */
static const char *const csv_heads[] = {
    "row", "instrument", "kind", "underlying", "quantity", "spot_usd", "vol", "value_usd",
    "pnl_usd", "delta_units", "delta_usd", "gamma_usd_per_pct", "vega_usd_per_volpt",
    "theta_usd_per_day", "rho_usd_per_pct", "vanna_usd_per_volpt", "volga_usd_per_volpt",
    "carry_usd_per_day", "delta_plain_units", "pnl_coin"
};
#define NCSV (sizeof csv_heads / sizeof csv_heads[0])

static void csv_row(struct table *t, const char *row, const char *inst, const char *kind,
                    const char *und, double qty, double spot, double vol,
                    const struct book_expo *x)
{
    table_row(t);
    table_str(t, row);
    table_str(t, inst);
    table_str(t, kind);
    table_str(t, und);
    table_num(t, qty, -1);
    table_num(t, spot, -1);
    table_num(t, vol, -1);
    table_num(t, x->value_usd, -1);
    table_num(t, x->pnl_usd, -1);
    table_num(t, x->delta_units, -1);
    table_num(t, x->delta_usd, -1);
    table_num(t, x->gamma_usd_per_pct, -1);
    table_num(t, x->vega_usd_per_volpt, -1);
    table_num(t, x->theta_usd_per_day, -1);
    table_num(t, x->rho_usd_per_pct, -1);
    table_num(t, x->vanna_usd_per_volpt, -1);
    table_num(t, x->volga_usd_per_volpt, -1);
    table_num(t, x->carry_usd_per_day, -1);
    table_num(t, x->delta_plain_units, -1);
    table_num(t, x->pnl_coin, -1);
}

static int parse_spot(struct cli_env *env, const char *arg, struct market_override *ov,
                      char *sym, size_t n)
{
    const char *eq = strchr(arg, '=');
    int rc;
    if (eq == NULL || eq == arg || (size_t)(eq - arg) >= n)
        return cli_usage_error(env, "exposure", "--spot: expected SYM=PRICE, found \"%s\"", arg);
    memcpy(sym, arg, (size_t)(eq - arg));
    sym[eq - arg] = '\0';
    if ((rc = cli_num(env, "exposure", "--spot", eq + 1, &ov->spot_usd)) != 0)
        return rc;
    if (!(ov->spot_usd > 0))
        return cli_usage_error(env, "exposure", "--spot: %s must be greater than 0", sym);
    ov->symbol = sym;
    return CLI_OK;
}

int cmd_exposure(struct cli_env *env, int argc, char **argv)
{
    static const struct option opts[] = {
        { "portfolio", required_argument, NULL, 'p' },
        { "spot", required_argument, NULL, 's' },
        { "vol-shift", required_argument, NULL, 'v' },
        { "at", required_argument, NULL, 'a' },
        { "csv", no_argument, NULL, 'c' },
        { 0 }
    };
    struct market_override ov[EXPO_MAX_SPOTS];
    char ov_sym[EXPO_MAX_SPOTS][INST_SYMBOL_MAX];
    size_t n_ov = 0;
    const char *portfolio = NULL, *at = NULL;
    double vol_shift_pts = 0;
    int c, rc, reset = 1, csv = 0;
    struct allot_err err;
    store_t *st;
    int64_t now_ms, at_ms = 0;
    struct loaded_book lb;

    while ((c = cli_getopt(env, "exposure", argc, argv, "p:", opts, reset)) != -1) {
        reset = 0;
        switch (c) {
        case -2:
            return CLI_USAGE;
        case 'p':
            portfolio = optarg;
            break;
        case 's':
            if (n_ov == EXPO_MAX_SPOTS)
                return cli_usage_error(env, "exposure", "at most %d --spot", EXPO_MAX_SPOTS);
            if ((rc = parse_spot(env, optarg, &ov[n_ov], ov_sym[n_ov], INST_SYMBOL_MAX)) != 0)
                return rc;
            n_ov++;
            break;
        case 'v':
            if ((rc = cli_num(env, "exposure", "--vol-shift", optarg, &vol_shift_pts)) != 0)
                return rc;
            break;
        case 'a':
            at = optarg;
            break;
        case 'c':
            csv = 1;
            break;
        }
    }
    if (optind != argc)
        return cli_usage_error(env, "exposure", "unexpected argument \"%s\"", argv[optind]);
    if ((rc = cli_open_store(env, 0, &st)) != 0)
        return rc;
    err_clear(&err);
    now_ms = store_now_ms(st);
    if (at != NULL) {
        const char *what;
        size_t off;
        if (date_parse_ts(at, &at_ms, &what, &off) != 0) {
            store_close(st);
            return cli_usage_error(env, "exposure", "--at: expected %s, found \"%s\"", what, at);
        }
        if (at_ms < now_ms) {
            char now[32];
            date_format_ts(now_ms, now);
            store_close(st);
            err_setf(&err, ALLOT_E_INPUT, "--at %s is before the valuation time %s", at, now);
            return cli_fail(env, &err);
        }
    }
    if ((rc = cli_load_book(env, st, portfolio, ov, n_ov, &lb)) != 0)
        return rc;
    const struct position *pos = lb.pos;
    size_t n = lb.n;
    const struct market *mk = &lb.mkt;
    struct book *book = lb.book;

    struct scenario sc = SCENARIO_NONE;
    sc.vol_shift = vol_shift_pts * VOLPT;
    sc.dt_years = at != NULL ? (double)(at_ms - now_ms) / MS_PER_YEAR : 0;
    int shifted = sc.vol_shift != 0 || sc.dt_years != 0;
    size_t na = book_n_assets(book);
    struct book_line *lines = xcalloc(n ? n : 1, sizeof *lines);
    struct book_expo *per = xcalloc(na ? na : 1, sizeof *per), total;
    if (book_exposure(book, shifted ? &sc : NULL, lines, per, &total, &err) != 0) {
        free(lines);
        free(per);
        goto fail;
    }

    if (csv) {
        struct table *t = table_new(NCSV, csv_heads, NULL);
        for (size_t i = 0; i < n; i++)
            csv_row(t, "position", pos[i].instrument, inst_kind_name(pos[i].kind),
                    pos[i].underlying, pos[i].quantity, lines[i].spot_usd, lines[i].vol_ann,
                    &lines[i].x);
        for (size_t k = 0; k < na; k++)
            csv_row(t, "underlying", "", "", book_asset_symbol(book, k), NAN,
                    mk->assets[k].spot_usd, NAN, &per[k]);
        csv_row(t, "total", "", "", "", NAN, NAN, NAN, &total);
        table_print(t, env->out, 1);
        table_free(t);
    } else {
        char when[32];
        date_format_ts(at != NULL ? at_ms : now_ms, when);
        fprintf(env->out, "exposure at %s%s", when,
                store_now_ms(st) != date_now_ms() && at == NULL ? " (the store's valuation "
                                                                  "time)" : "");
        if (vol_shift_pts != 0)
            fprintf(env->out, ", vols %+g points", vol_shift_pts);
        fputs("\n", env->out);
        for (size_t k = 0; k < mk->n_assets; k++) {
            fputs("  ", env->out);
            table_puts_safe(env->out, mk->assets[k].symbol);  /* the store may be edited */
            fprintf(env->out, " spot %.10g USD (%s)\n", mk->assets[k].spot_usd,
                    mk->spot_source[k]);
        }
        /* where an option's vol came from when it has none of its own */
        for (size_t i = 0; i < n; i++) {
            if (isnan(mk->pos_vol[i]))
                continue;
            fputs("  ", env->out);
            table_puts_safe(env->out, pos[i].instrument);
            fprintf(env->out, " vol %.6g (%s)\n", mk->pos_vol[i], mk->vol_source[i]);
        }
        fputs("\n", env->out);
        static const char *const ph[] = {
            "instrument", "qty", "spot USD", "vol", "value USD", "PnL USD", "delta",
            "delta USD", "gamma USD/1%", "vega USD/volpt", "theta USD/day"
        };
        struct table *t = table_new(11, ph, NULL);
        for (size_t i = 0; i < n; i++) {
            table_row(t);
            table_str(t, pos[i].instrument);
            table_numg(t, pos[i].quantity, -1);
            table_numg(t, lines[i].spot_usd, 2);
            table_num(t, inst_is_option(pos[i].kind) ? lines[i].vol_ann : NAN, 4);
            table_numg(t, lines[i].x.value_usd, 0);
            table_numg(t, lines[i].x.pnl_usd, 0);
            table_numg(t, lines[i].x.delta_units, 4);
            table_numg(t, lines[i].x.delta_usd, 0);
            table_numg(t, lines[i].x.gamma_usd_per_pct, 0);
            table_numg(t, lines[i].x.vega_usd_per_volpt, 0);
            table_numg(t, lines[i].x.theta_usd_per_day, 0);
        }
        table_print(t, env->out, 0);
        table_free(t);
        fputs("\n", env->out);
        static const char *const uh[] = {
            "underlying", "delta", "delta USD", "gamma USD/1%", "vega USD/volpt",
            "theta USD/day", "rho USD/1%", "vanna USD/volpt", "volga USD/volpt",
            "carry USD/day", "PnL USD"
        };
        t = table_new(11, uh, NULL);
        for (size_t k = 0; k <= na; k++) {
            const struct book_expo *x = k < na ? &per[k] : &total;
            table_row(t);
            table_str(t, k < na ? book_asset_symbol(book, k) : "total");
            table_numg(t, k < na ? x->delta_units : NAN, 4);
            table_numg(t, x->delta_usd, 0);
            table_numg(t, x->gamma_usd_per_pct, 0);
            table_numg(t, x->vega_usd_per_volpt, 0);
            table_numg(t, x->theta_usd_per_day, 0);
            table_numg(t, x->rho_usd_per_pct, 0);
            table_numg(t, x->vanna_usd_per_volpt, 0);
            table_numg(t, x->volga_usd_per_volpt, 0);
            table_numg(t, x->carry_usd_per_day, 0);
            table_numg(t, x->pnl_usd, 0);
        }
        table_print(t, env->out, 0);
        table_free(t);
    }
    free(lines);
    free(per);
    cli_close_book(st, &lb);
    return CLI_OK;
fail:
    cli_close_book(st, &lb);
    return cli_fail(env, &err);
}
