/* demo.h: the demo store: a private store filled from the data bundled
 * in share/allot/demo (daily closes of about ten crypto assets and a few
 * traditional ones, a book of spot, perps, inverse perps and options, and
 * synthetic BTC and ETH option chains), never the user's own store. */
#ifndef ALLOT_CLI_DEMO_H
#define ALLOT_CLI_DEMO_H

#include <stddef.h>

#include "store/db.h"
#include "util/err.h"

/* The valuation instant of the demo store: the close of its last day. */
#define DEMO_ASOF "2024-12-06T23:59:59Z"

/* Where the bundled data is: $ALLOT_SHARE, else share/allot beside the
 * program's build or install tree (../share/allot from the executable),
 * else the installed PKGDATADIR. Writes the directory into out. Returns 0
 * or ALLOT_E_NOTFOUND naming the places tried. */
int demo_share_dir(char *out, size_t n, struct allot_err *err);

/* Fill st with the demo data from share_dir (NULL: demo_share_dir), in
 * one transaction per file; pins the store's valuation time to
 * DEMO_ASOF. Positions are added only to an empty portfolio "main". */
int demo_fill(store_t *st, const char *share_dir, struct allot_err *err);

/* Build a fresh demo store in a new private directory under $TMPDIR (or
 * /tmp). Writes the store's path into path (size n) and the directory
 * into dir (size n), for demo_remove. */
int demo_create(char *path, char *dir, size_t n, struct allot_err *err);

/* Remove a directory made by demo_create and the files in it. */
void demo_remove(const char *dir);

#endif
