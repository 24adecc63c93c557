/* fuzz_instname.c: exchange instrument names (engine/portfolio/
 * instrument.c inst_parse_name) and the position field parsers shared by
 * the positions file and `allot position add` (io/posfile.c). Properties:
 * a name that parses gives a valid underlying (the part before the first
 * dash), an expiry at 08:00 UTC for dated kinds, a positive finite strike
 * for options; a failed parse leaves the position unchanged. */
#include <config.h>

#include <math.h>

#include "engine/portfolio/instrument.h"
#include "fuzz.h"
#include "io/posfile.h"
#include "util/date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = fuzz_str(data, size);
    struct position p, q;
    enum inst_kind hint = INST_KIND_COUNT, kind;
    const char *what;
    size_t off;
    int64_t ms;
    double iv;
    int call;

    position_init(&p);
    q = p;
    if (inst_parse_name(s, &p, &hint) == 0) {
        size_t n = strlen(p.underlying);
        FUZZ_ASSERT(n > 0 && n < INST_SYMBOL_MAX);
        FUZZ_ASSERT(strncmp(s, p.underlying, n) == 0 && s[n] == '-');
        FUZZ_ASSERT(hint == INST_PERP || hint == INST_FUTURE || hint == INST_OPTION);
        if (hint != INST_PERP) {
            FUZZ_ASSERT(p.expiry_ms > 0);
            FUZZ_ASSERT(p.expiry_ms % DATE_MS_PER_DAY == INST_EXPIRY_HOUR_UTC * 3600000);
        }
        if (hint == INST_OPTION)
            FUZZ_ASSERT(isfinite(p.strike) && p.strike > 0);
    } else {
        FUZZ_ASSERT(memcmp(&p, &q, sizeof p) == 0);
    }
    if (posfile_parse_kind(s, &kind, &what, &off) == 0)
        FUZZ_ASSERT(kind >= INST_SPOT && kind < INST_KIND_COUNT);
    if (posfile_parse_type(s, &call, &what, &off) == 0)
        FUZZ_ASSERT(call == 0 || call == 1);
    if (posfile_parse_expiry(s, &ms, &what, &off) != 0)
        FUZZ_ASSERT(what != NULL && off <= size);
    if (posfile_parse_iv(s, &iv, &what, &off) == 0)
        FUZZ_ASSERT(iv > 0 && iv <= 10);
    posfile_name_ok(s, INST_NAME_MAX);
    free(s);
    return 0;
}
