/* cmd_pricing.c: `allot greeks` and `allot iv`: Black-Scholes-Merton on a
 * spot or Black-76 on a forward, one option from flags or a file of them,
 * in raw per-unit units (see the man page, OPTION PRICING). */
#include <config.h>

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/cmds.h"
#include "cli/table.h"
#include "engine/pricing/black76.h"
#include "engine/pricing/bsm.h"
#include "engine/pricing/iv.h"
#include "io/csvin.h"
#include "io/csvout.h"
#include "util/num.h"
#include "util/xalloc.h"

/* Input domains of the batch forms (the pricers accept wider ranges; these
 * are the ranges a price or an implied vol makes sense in). */
#define PR_MAX_VOL 10.0         /* annual decimal: 1000 % */
#define PR_MAX_PRICE 1e100
#define PR_MAX_YEARS 1000.0
#define PR_MAX_RATE 10.0        /* |r|, |q| as annual decimals: 1000 % */

enum fld { F_TYPE, F_SPOT, F_FORWARD, F_STRIKE, F_YEARS, F_VOL, F_RATE, F_DIV, F_PRICE, F_N };

static const char *const fld_name[F_N] = {
    "type", "spot", "forward", "strike", "years", "vol", "rate", "div", "price"
};

/* One option, read from flags or a row. */
struct opt_in {
    int is_call, black;     /* black: a forward was given (Black-76) */
    double v[F_N];          /* by enum fld; type unused */
};

/* Check one value of field f; returns NULL or what was expected. */
static const char *check_value(enum fld f, double x)
{
    switch (f) {
    case F_SPOT:
    case F_FORWARD:
    case F_STRIKE:
        return x > 0 && x <= PR_MAX_PRICE ? NULL : "a number greater than 0";
    case F_YEARS:
        return x >= 0 && x <= PR_MAX_YEARS ? NULL : "years from 0 to 1000";
    case F_VOL:
        return x >= 0 && x <= PR_MAX_VOL ? NULL
                                         : "vol as an annual decimal from 0 to 10 (0.65 for 65 %)";
    case F_RATE:
    case F_DIV:
        return fabs(x) <= PR_MAX_RATE ? NULL : "an annual decimal from -10 to 10";
    case F_PRICE:
        return x >= 0 && x <= PR_MAX_PRICE ? NULL : "a price of 0 or more";
    default:
        return NULL;
    }
}

static int parse_type(const char *s, int *is_call)
{
    if (strcasecmp(s, "call") == 0 || strcasecmp(s, "c") == 0)
        return *is_call = 1, 0;
    if (strcasecmp(s, "put") == 0 || strcasecmp(s, "p") == 0)
        return *is_call = 0, 0;
    return -1;
}

/* The inputs are within check_value's domains, which the pricers accept. */
static void compute_greeks(const struct opt_in *o, struct opt_greeks *g)
{
    if (o->black) {
        struct black76_in b = { o->v[F_FORWARD], o->v[F_STRIKE], o->v[F_YEARS], o->v[F_VOL],
                                o->v[F_RATE], o->is_call };
        black76_greeks(&b, g, NULL);
    } else {
        bsm_greeks_unchecked(o->v[F_SPOT], o->v[F_STRIKE], o->v[F_YEARS], o->v[F_VOL],
                             o->v[F_RATE], o->v[F_DIV], o->is_call, g);
    }
}

static int compute_iv(const struct opt_in *o, struct iv_result *r, struct allot_err *err)
{
    if (o->black) {
        struct black76_in b = { o->v[F_FORWARD], o->v[F_STRIKE], o->v[F_YEARS], 0,
                                o->v[F_RATE], o->is_call };
        return iv_black76(&b, o->v[F_PRICE], r, err);
    }
    struct bsm_in in = { o->v[F_SPOT], o->v[F_STRIKE], o->v[F_YEARS], 0, o->v[F_RATE],
                         o->v[F_DIV], o->is_call };
    return iv_bsm(&in, o->v[F_PRICE], r, err);
}

static const char *const greek_names[8] = {
    "price", "delta", "gamma", "vega", "theta", "rho", "vanna", "volga"
};

static void greek_values(const struct opt_greeks *g, double out[8])
{
    out[0] = g->price;
    out[1] = g->delta;
    out[2] = g->gamma;
    out[3] = g->vega;
    out[4] = g->theta;
    out[5] = g->rho;
    out[6] = g->vanna;
    out[7] = g->volga;
}

static int from_file(struct cli_env *env, const char *path, int want_iv, int csv);

/* ---- one option from flags, or --input FILE ---- */

static int single(struct cli_env *env, const char *cmd, int argc, char **argv, int want_iv)
{
    static const struct option opts[] = {
        { "type", required_argument, NULL, 't' },
        { "spot", required_argument, NULL, 'S' },
        { "forward", required_argument, NULL, 'F' },
        { "strike", required_argument, NULL, 'K' },
        { "years", required_argument, NULL, 'T' },
        { "vol", required_argument, NULL, 'v' },
        { "rate", required_argument, NULL, 'r' },
        { "div", required_argument, NULL, 'q' },
        { "price", required_argument, NULL, 'P' },
        { "input", required_argument, NULL, 'i' },
        { "csv", no_argument, NULL, 'c' },
        { 0 }
    };
    struct opt_in o;
    int seen[F_N] = { 0 }, c, rc, reset = 1, csv = 0;
    const char *input = NULL;

    memset(&o, 0, sizeof o);
    while ((c = cli_getopt(env, cmd, argc, argv, "", opts, reset)) != -1) {
        enum fld f = F_N;
        reset = 0;
        switch (c) {
        case -2:
            return CLI_USAGE;
        case 'c':
            csv = 1;
            continue;
        case 'i':
            input = optarg;
            continue;
        case 't':
            if (parse_type(optarg, &o.is_call) != 0)
                return cli_usage_error(env, cmd, "--type: expected call or put, found \"%s\"",
                                       optarg);
            seen[F_TYPE] = 1;
            continue;
        case 'S': f = F_SPOT; break;
        case 'F': f = F_FORWARD; break;
        case 'K': f = F_STRIKE; break;
        case 'T': f = F_YEARS; break;
        case 'v': f = F_VOL; break;
        case 'r': f = F_RATE; break;
        case 'q': f = F_DIV; break;
        case 'P': f = F_PRICE; break;
        default: return CLI_USAGE;
        }
        char opt[16];
        snprintf(opt, sizeof opt, "--%s", f == F_DIV ? "div" : fld_name[f]);
        if (f == F_VOL && want_iv)
            return cli_usage_error(env, cmd, "iv solves for the vol: drop --vol");
        if (f == F_PRICE && !want_iv)
            return cli_usage_error(env, cmd, "greeks takes --vol, not --price");
        if ((rc = cli_num(env, cmd, opt, optarg, &o.v[f])) != 0)
            return rc;
        seen[f] = 1;
    }
    if (optind != argc)
        return cli_usage_error(env, cmd, "unexpected argument \"%s\"", argv[optind]);
    if (input != NULL) {
        for (int f = 0; f < F_N; f++)
            if (seen[f])
                return cli_usage_error(env, cmd, "--input FILE takes no other option than "
                                       "--csv: the file gives the %s", fld_name[f]);
        return from_file(env, input, want_iv, csv);
    }
    if (!seen[F_TYPE])
        return cli_usage_error(env, cmd, "--type call|put is required");
    if (seen[F_SPOT] == seen[F_FORWARD])
        return cli_usage_error(env, cmd, "give --spot (Black-Scholes-Merton) or --forward "
                               "(Black-76)");
    o.black = seen[F_FORWARD];
    if (o.black && seen[F_DIV])
        return cli_usage_error(env, cmd, "--div applies to --spot only: a forward carries it");
    if (!seen[F_STRIKE] || !seen[F_YEARS] || (!want_iv && !seen[F_VOL]) ||
        (want_iv && !seen[F_PRICE]))
        return cli_usage_error(env, cmd, "--strike, --years and %s are required",
                               want_iv ? "--price" : "--vol");
    for (int f = F_SPOT; f < F_N; f++) {
        const char *what = seen[f] ? check_value((enum fld)f, o.v[f]) : NULL;
        if (what != NULL) {
            fprintf(env->err, "allot: --%s: expected %s, found %.17g\n", fld_name[f], what,
                    o.v[f]);
            return CLI_FAIL;
        }
    }
    if (want_iv) {
        struct iv_result r;
        struct allot_err err;
        err_clear(&err);
        if (compute_iv(&o, &r, &err) != 0)
            return cli_fail(env, &err);
        char buf[32];
        fprintf(env->out, "%s\n", num_format_exact(r.vol_ann, buf));
        return CLI_OK;
    }
    struct opt_greeks g;
    double out[8];
    const char *heads[16];
    size_t nh = 0;
    heads[nh++] = "type";
    heads[nh++] = o.black ? "forward" : "spot";
    heads[nh++] = "strike";
    heads[nh++] = "years";
    heads[nh++] = "vol";
    heads[nh++] = "rate";
    if (!o.black)
        heads[nh++] = "div";
    for (int i = 0; i < 8; i++)
        heads[nh++] = greek_names[i];
    compute_greeks(&o, &g);
    greek_values(&g, out);
    struct table *t = table_new(nh, heads, "lrrrrrrrrrrrrrr");
    table_row(t);
    table_str(t, o.is_call ? "call" : "put");
    table_num(t, o.black ? o.v[F_FORWARD] : o.v[F_SPOT], -1);
    table_num(t, o.v[F_STRIKE], -1);
    table_num(t, o.v[F_YEARS], -1);
    table_num(t, o.v[F_VOL], -1);
    table_num(t, o.v[F_RATE], -1);
    if (!o.black)
        table_num(t, o.v[F_DIV], -1);
    for (int i = 0; i < 8; i++)
        table_num(t, out[i], -1);
    table_print(t, env->out, csv);
    table_free(t);
    return CLI_OK;
}

/* ---- a file of options ---- */

struct filecols {
    long col[F_N];          /* field index of each named column, -1 absent */
};

static int file_header(struct csvin *r, const struct csv_rec *h, int want_iv,
                       struct filecols *fc, struct allot_err *err)
{
    for (int f = 0; f < F_N; f++)
        fc->col[f] = -1;
    for (size_t i = 0; i < h->n; i++)
        for (int f = 0; f < F_N; f++)
            if (strcasecmp(h->f[i], fld_name[f]) == 0) {
                if (fc->col[f] >= 0)
                    return csvin_fail(r, h, i, 0, err, ALLOT_E_INPUT, "column %s appears twice",
                                      fld_name[f]);
                fc->col[f] = (long)i;
            }
    const char *need = want_iv ? "type, spot or forward, strike, years, price"
                               : "type, spot or forward, strike, years, vol";
    if (fc->col[F_TYPE] < 0 || fc->col[F_STRIKE] < 0 || fc->col[F_YEARS] < 0 ||
        (fc->col[F_SPOT] < 0) == (fc->col[F_FORWARD] < 0) ||
        (want_iv ? fc->col[F_PRICE] : fc->col[F_VOL]) < 0) {
        err_setf(err, ALLOT_E_INPUT, "the header must name the columns %s (rate%s optional)",
                 need, fc->col[F_FORWARD] >= 0 ? "" : " and div");
        return err_at(err, csvin_name(r), h->line, 1);
    }
    if (fc->col[F_FORWARD] >= 0 && fc->col[F_DIV] >= 0)
        return csvin_fail(r, h, (size_t)fc->col[F_DIV], 0, err, ALLOT_E_INPUT,
                          "div applies to spot only: a forward carries it");
    if (want_iv && fc->col[F_VOL] >= 0)
        return csvin_fail(r, h, (size_t)fc->col[F_VOL], 0, err, ALLOT_E_INPUT,
                          "iv solves for the vol: drop the vol column");
    if (!want_iv && fc->col[F_PRICE] >= 0)
        return csvin_fail(r, h, (size_t)fc->col[F_PRICE], 0, err, ALLOT_E_INPUT,
                          "greeks takes vol, not price (the output has a price column)");
    return 0;
}

static int file_row(struct csvin *r, const struct csv_rec *rec, const struct filecols *fc,
                    struct opt_in *o, struct allot_err *err)
{
    memset(o, 0, sizeof *o);
    o->black = fc->col[F_FORWARD] >= 0;
    if (parse_type(rec->f[fc->col[F_TYPE]], &o->is_call) != 0)
        return csvin_fail(r, rec, (size_t)fc->col[F_TYPE], 0, err, ALLOT_E_INPUT,
                          "type: expected call or put, found \"%.40s\"",
                          rec->f[fc->col[F_TYPE]]);
    for (int f = F_SPOT; f < F_N; f++) {
        const char *what;
        size_t off;
        long i = fc->col[f];
        if (i < 0)
            continue;
        if ((f == F_RATE || f == F_DIV) && rec->len[i] == 0)
            continue;       /* optional, 0 */
        if (num_parse(rec->f[i], &o->v[f], &what, &off) != 0)
            return csvin_fail(r, rec, (size_t)i, off, err, ALLOT_E_INPUT,
                              "%s: expected %s, found \"%.40s\"", fld_name[f], what, rec->f[i]);
        if ((what = check_value((enum fld)f, o->v[f])) != NULL)
            return csvin_fail(r, rec, (size_t)i, 0, err, ALLOT_E_INPUT,
                              "%s: expected %s, found %.40s", fld_name[f], what, rec->f[i]);
    }
    return 0;
}

static int from_file(struct cli_env *env, const char *path, int want_iv, int csv)
{
    struct csvin *r;
    struct csv_rec *rec;
    struct filecols fc;
    struct allot_err err;
    struct table *t = NULL;
    size_t nh = 0;
    int rc;
    static char buf[1 << 16];
    char num[32];

    err_clear(&err);
    if (csvin_open(path, &r, &err) != 0)
        return cli_fail(env, &err);
    rc = csvin_next(r, &rec, &err);
    if (rc == 0) {
        err_setf(&err, ALLOT_E_INPUT, "the file is empty: expected a header naming the columns");
        err_at(&err, path, 0, 0);
        rc = ALLOT_E_INPUT;
    }
    if (rc > 0)
        rc = file_header(r, rec, want_iv, &fc, &err);
    if (rc < 0) {
        csvin_close(r);
        return cli_fail(env, &err);
    }
    nh = rec->n;
    /* the header: the input columns as given, then the outputs */
    if (csv) {
        setvbuf(env->out, buf, _IOFBF, sizeof buf);
        for (size_t i = 0; i < nh; i++)
            csvout_field(env->out, rec->f[i], i == 0);
        if (want_iv)
            fputs(",iv,status\n", env->out);
        else
            fputs(",price,delta,gamma,vega,theta,rho,vanna,volga\n", env->out);
    } else {
        const char **heads = xcalloc(nh + 8, sizeof *heads);
        size_t k = 0;
        for (size_t i = 0; i < nh; i++)
            heads[k++] = rec->f[i];
        if (want_iv) {
            heads[k++] = "iv";
            heads[k++] = "status";
        } else {
            for (int i = 0; i < 8; i++)
                heads[k++] = greek_names[i];
        }
        t = table_new(k, heads, NULL);
        free(heads);
    }
    while ((rc = csvin_next(r, &rec, &err)) > 0) {
        struct opt_in o;
        if (rec->n != nh) {
            size_t at = rec->n < nh ? rec->n - 1 : nh;
            rc = csvin_fail(r, rec, at, rec->n < nh ? rec->len[at] : 0, &err, ALLOT_E_INPUT,
                            "expected %zu fields as in the header, found %zu", nh, rec->n);
            break;
        }
        if ((rc = file_row(r, rec, &fc, &o, &err)) != 0)
            break;
        if (t != NULL) {
            table_row(t);
            for (size_t i = 0; i < nh; i++)
                table_str(t, rec->f[i]);
        } else {
            for (size_t i = 0; i < nh; i++)
                csvout_field(env->out, rec->f[i], i == 0);
        }
        if (want_iv) {
            struct iv_result res;
            struct allot_err e2;
            const char *status;
            compute_iv(&o, &res, &e2);
            if (res.status == IV_OK)
                status = "ok";
            else if (res.status == IV_AT_LOWER_BOUND)
                status = "at_lower_bound";
            else if (res.status == IV_BELOW_LOWER_BOUND || res.status == IV_ABOVE_UPPER_BOUND)
                status = "no_solution";
            else {
                rc = csvin_fail(r, rec, (size_t)fc.col[F_PRICE], 0, &err, ALLOT_E_INPUT, "%s",
                                e2.msg);
                break;
            }
            if (t != NULL) {
                table_num(t, res.status == IV_OK ? res.vol_ann : NAN, -1);
                table_str(t, status);
            } else {
                fputc(',', env->out);
                if (res.status == IV_OK)
                    fputs(num_format_exact(res.vol_ann, num), env->out);
                fputc(',', env->out);
                fputs(status, env->out);
                fputc('\n', env->out);
            }
            continue;
        }
        struct opt_greeks g;
        double v[8];
        compute_greeks(&o, &g);
        greek_values(&g, v);
        for (int i = 0; i < 8; i++) {
            if (t != NULL) {
                table_num(t, v[i], -1);
            } else {
                fputc(',', env->out);
                fputs(num_format_exact(v[i], num), env->out);
            }
        }
        if (t == NULL)
            fputc('\n', env->out);
    }
    csvin_close(r);
    if (rc < 0) {
        fflush(env->out);
        table_free(t);
        return cli_fail(env, &err);
    }
    if (t != NULL) {
        table_print(t, env->out, 0);
        table_free(t);
    }
    fflush(env->out);
    return CLI_OK;
}

int cmd_greeks(struct cli_env *env, int argc, char **argv)
{
    return single(env, "greeks", argc, argv, 0);
}

int cmd_iv(struct cli_env *env, int argc, char **argv)
{
    return single(env, "iv", argc, argv, 1);
}
