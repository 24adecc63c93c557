/* fuzz_chainfile.c: option-chain snapshots (io/chainfile.c). Properties:
 * every option handed to the callback has valid names, a strike and an
 * underlying price > 0, a mark >= 0 and a mark IV in (0, 10] or NAN; the
 * first byte makes the callback refuse row N, whose error must then be
 * located. */
#include <config.h>

#include <math.h>

#include "fuzz.h"
#include "io/chainfile.h"
#include "io/posfile.h"

struct ctx {
    long seen, refuse_at;
};

static int on_quote(void *vctx, struct chain_quote *q, const struct csv_rec *rec,
                    struct allot_err *err)
{
    struct ctx *c = vctx;
    FUZZ_ASSERT(rec != NULL && rec->line > 0);
    FUZZ_ASSERT(posfile_name_ok(q->instrument, sizeof q->instrument));
    FUZZ_ASSERT(posfile_name_ok(q->underlying, sizeof q->underlying));
    FUZZ_ASSERT(isfinite(q->strike) && q->strike > 0);
    FUZZ_ASSERT(isfinite(q->underlying_price) && q->underlying_price > 0);
    FUZZ_ASSERT(isfinite(q->mark_price) && q->mark_price >= 0);
    FUZZ_ASSERT(isnan(q->mark_iv) || (q->mark_iv > 0 && q->mark_iv <= 10));
    FUZZ_ASSERT(isnan(q->index_price) || q->index_price > 0);
    FUZZ_ASSERT(q->is_call == 0 || q->is_call == 1);
    if (++c->seen == c->refuse_at)
        return err_setf(err, ALLOT_E_INPUT, "refused by the callback");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ctx c = { 0, 0 };
    struct allot_err err;
    long rows;
    int rc;

    if (size < 1)
        return 0;
    c.refuse_at = data[0] & 0x07;   /* 0: never */
    err_clear(&err);
    rc = chainfile_read(fuzz_file(data + 1, size - 1), on_quote, &c, &rows, NULL, &err);
    if (rc == 0) {
        FUZZ_ASSERT(rows > 0 && rows == c.seen);
    } else {
        FUZZ_ASSERT(err.code == rc && err.msg[0] != '\0');
        if (c.refuse_at != 0 && c.seen == c.refuse_at)
            FUZZ_ASSERT(err.line > 0);
    }
    return 0;
}
