/* bench_pricing.c: throughput of the pricing engine (make bench), one
 * line per figure: what, value, unit, target, PASS/FAIL. Options are a
 * fixed pseudo-random mix (strikes 0.5..1.5 S, 1 day..2 years, vol
 * 0.2..1.2, calls and puts); each figure is the best of BENCH_REPEAT
 * runs on one core. The batch API (bsm_greeks_batch, an array of
 * structures) is compared with a plain C loop computing the same price
 * and seven greeks inline in the same run. Exits 1 only when a result is
 * wrong (the batch disagrees with the inline loop, an IV fails); a
 * missed target prints FAIL. */
#include <config.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine/portfolio/book.h"
#include "engine/pricing/bsm.h"
#include "engine/pricing/iv.h"
#include "util/str.h"

#define N_OPT (1 << 18)
#define BENCH_REPEAT 5
#define N_IV 50000
#define TARGET_BATCH 15e6
#define TARGET_RATIO 0.75
#define BOOK_ASSETS 20
#define BOOK_REVALS 20000

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static uint64_t rng_state = 88172645463325252ULL;

static double uniform(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (double)(rng_state >> 11) * 0x1.0p-53;
}

static void line(const char *what, double value, const char *unit, const char *target, int pass)
{
    printf("%-46s %10.4g %-10s target %-12s %s\n", what, value, unit, target,
           pass ? "PASS" : "FAIL");
}

/* The same formulas written the plain way, inline (bsm.h). */
static void inline_loop(const struct bsm_in *in, struct opt_greeks *out, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        double S = in[i].spot, K = in[i].strike, T = in[i].t_years, v = in[i].vol_ann;
        double r = in[i].rate, q = in[i].carry, w = in[i].is_call ? 1.0 : -1.0;
        double sqt = sqrt(T);
        double d1 = (log(S / K) + (r - q + 0.5 * v * v) * T) / (v * sqt);
        double d2 = d1 - v * sqt;
        double dq = exp(-q * T), df = exp(-r * T);
        double nd1 = exp(-0.5 * d1 * d1) / sqrt(2.0 * M_PI);
        double n1 = 0.5 * erfc(-w * d1 / sqrt(2.0)), n2 = 0.5 * erfc(-w * d2 / sqrt(2.0));
        out[i].price = w * (S * dq * n1 - K * df * n2);
        out[i].delta = w * dq * n1;
        out[i].gamma = dq * nd1 / (S * v * sqt);
        out[i].vega = S * dq * nd1 * sqt;
        out[i].theta = -S * dq * nd1 * v / (2 * sqt) - w * r * K * df * n2 + w * q * S * dq * n1;
        out[i].rho = w * K * T * df * n2;
        out[i].vanna = -dq * nd1 * d2 / v;
        out[i].volga = S * dq * nd1 * sqt * d1 * d2 / v;
    }
}

int main(void)
{
    struct bsm_in *in = malloc(N_OPT * sizeof *in);
    struct opt_greeks *out = malloc(N_OPT * sizeof *out), *ref = malloc(N_OPT * sizeof *ref);
    struct allot_err err;
    int wrong = 0;
    if (in == NULL || out == NULL || ref == NULL) {
        fprintf(stderr, "bench_pricing: no memory\n");
        return 1;
    }
    for (size_t i = 0; i < N_OPT; i++) {
        in[i].spot = 100;
        in[i].strike = 50 + 100 * uniform();
        in[i].t_years = 1.0 / 365 + 2 * uniform();
        in[i].vol_ann = 0.2 + uniform();
        in[i].rate = 0.05 * uniform();
        in[i].carry = 0.03 * uniform();
        in[i].is_call = (int)(i & 1);
    }

    double best_batch = 1e9, best_inline = 1e9, best_single = 1e9;
    for (int rep = 0; rep < BENCH_REPEAT; rep++) {
        double t0 = now_s();
        if (bsm_greeks_batch(in, out, N_OPT, &err) != 0)
            wrong = 1;
        double t1 = now_s();
        inline_loop(in, ref, N_OPT);
        double t2 = now_s();
        for (size_t i = 0; i < N_OPT; i++)
            bsm_greeks(&in[i], &out[i], NULL);
        double t3 = now_s();
        best_batch = fmin(best_batch, t1 - t0);
        best_inline = fmin(best_inline, t2 - t1);
        best_single = fmin(best_single, t3 - t2);
    }
    /* the two must agree (to rounding: they order the operations
     * differently) */
    for (size_t i = 0; i < N_OPT; i++) {
        double tol = 1e-9 * (1 + fabs(ref[i].price));
        if (!(fabs(out[i].price - ref[i].price) <= tol &&
              fabs(out[i].delta - ref[i].delta) <= tol &&
              fabs(out[i].volga - ref[i].volga) <= 1e-9 * (1 + fabs(ref[i].volga)))) {
            fprintf(stderr, "bench_pricing: option %zu: batch and inline loop disagree\n", i);
            wrong = 1;
            break;
        }
    }
    double batch_rate = N_OPT / best_batch, inline_rate = N_OPT / best_inline;
    double ratio = batch_rate / inline_rate;
    char tgt[32];
    snprintf(tgt, sizeof tgt, ">= %.3g", TARGET_BATCH);
    line("bsm batch: price + 7 greeks, options/s", batch_rate, "options/s", tgt,
         batch_rate >= TARGET_BATCH);
    line("plain inline C loop, same formulas, options/s", inline_rate, "options/s", "(reference)",
         1);
    snprintf(tgt, sizeof tgt, ">= %.2f", TARGET_RATIO);
    line("bsm batch / inline loop", ratio, "ratio", tgt, ratio >= TARGET_RATIO);
    line("bsm_greeks single-call API, options/s", N_OPT / best_single, "options/s", "(info)", 1);

    /* implied vol from the batch prices */
    double best_iv = 1e9;
    for (int rep = 0; rep < BENCH_REPEAT; rep++) {
        double t0 = now_s();
        for (size_t i = 0; i < N_IV; i++) {
            struct iv_result res;
            struct bsm_in back = in[i];
            int rc = iv_bsm(&in[i], out[i].price, &res, &err);
            back.vol_ann = res.vol_ann;
            /* the solved vol reprices the price (deep in the money the
             * vol itself is not determined: iv.h) */
            if (res.status == IV_AT_LOWER_BOUND)
                continue; /* deep in the money, no time value left */
            if (rc != 0 || fabs(bsm_price(&back) - out[i].price) >
                               1e-12 * (in[i].spot + in[i].strike)) {
                fprintf(stderr, "bench_pricing: iv of option %zu: %s\n", i, err.msg);
                wrong = 1;
                break;
            }
        }
        best_iv = fmin(best_iv, now_s() - t0);
    }
    line("iv_bsm solves/s (to 1e-12)", N_IV / best_iv, "solves/s", "(info)", 1);

    /* a 20-asset book: per asset a spot, a perp and 4 options */
    struct book_asset assets[BOOK_ASSETS];
    struct position pos[BOOK_ASSETS * 6];
    size_t np = 0;
    for (size_t a = 0; a < BOOK_ASSETS; a++) {
        memset(&assets[a], 0, sizeof assets[a]);
        snprintf(assets[a].symbol, sizeof assets[a].symbol, "A%zu", a);
        assets[a].spot_usd = 100 + 10 * (double)a;
        assets[a].rate = 0.03;
        assets[a].vol_ann = 0.6;
        for (int k = 0; k < 6; k++) {
            struct position *p = &pos[np++];
            position_init(p);
            snprintf(p->instrument, sizeof p->instrument, "A%zu-%d", a, k);
            str_copy(p->underlying, sizeof p->underlying, assets[a].symbol);
            p->quantity = k % 2 ? 3 : -2;
            p->entry_price = k < 2 ? assets[a].spot_usd : 5;
            p->kind = k == 0 ? INST_SPOT : k == 1 ? INST_PERP : INST_OPTION;
            if (k >= 2) {
                p->strike = assets[a].spot_usd * (0.8 + 0.1 * k);
                p->is_call = k % 2;
                p->expiry_ms = INT64_C(86400000) * (30 * k);
            }
        }
    }
    struct book_market mkt = {0, BOOK_ASSETS, assets, NULL, NULL};
    struct book *b;
    if (book_new(pos, np, &mkt, &b, &err) != 0) {
        fprintf(stderr, "bench_pricing: book_new: %s\n", err.msg);
        return 1;
    }
    double mult[BOOK_ASSETS];
    struct scenario s = {BOOK_ASSETS, mult, 1.0, 0.0, 0.0};
    double best_reval = 1e9, sink = 0;
    for (int rep = 0; rep < BENCH_REPEAT; rep++) {
        double t0 = now_s();
        for (int k = 0; k < BOOK_REVALS; k++) {
            for (size_t a = 0; a < BOOK_ASSETS; a++)
                mult[a] = 0.9 + 0.2 * uniform();
            double pnl;
            if (book_reval(b, &s, &pnl, &err) != 0)
                wrong = 1;
            sink += pnl;
        }
        best_reval = fmin(best_reval, now_s() - t0);
    }
    book_free(b);
    double per_100k = best_reval / BOOK_REVALS * 1e5;
    line("book_reval, 20 assets x (spot, perp, 4 options): 100k scenarios", per_100k, "s",
         "(info)", isfinite(sink));
    free(in);
    free(out);
    free(ref);
    return wrong;
}
