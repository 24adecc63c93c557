/* fuzz_datenum.c: dates, instants and numbers (util/date.c, util/num.c).
 * The input as a string goes through every parser; what parses must
 * format and parse back to the same value (a day, an instant, a double),
 * and num_format_exact must print what "%.17g" prints. When the input is
 * 8 bytes or more, its first 8 bytes are also taken as a double whose
 * exact format must read back bit for bit. */
#include <config.h>

#include <math.h>

#include "fuzz.h"
#include "util/date.h"
#include "util/num.h"

static void check_double(double x)
{
    char mine[32], ref[32];
    const char *what;
    size_t off;
    double back;

    if (!isfinite(x))
        return;
    num_format_exact(x, mine);
    snprintf(ref, sizeof ref, "%.17g", x);
    if (strcmp(mine, ref) != 0)
        fprintf(stderr, "num_format_exact(%a) = %s, %%.17g = %s\n", x, mine, ref);
    FUZZ_ASSERT(strcmp(mine, ref) == 0);
    FUZZ_ASSERT(num_parse(mine, &back, &what, &off) == 0);
    FUZZ_ASSERT(memcmp(&back, &x, sizeof x) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = fuzz_str(data, size);
    const char *what;
    size_t off, len = strlen(s);
    int32_t day, day2;
    int64_t ms, ms2;
    double x;
    long l;
    char buf[32];

    if (date_parse_day(s, &day, &what, &off) == 0) {
        int y, m, d;
        FUZZ_ASSERT(day != DATE_NONE);
        date_to_ymd(day, &y, &m, &d);
        FUZZ_ASSERT(date_from_ymd(y, m, d) == day);
        FUZZ_ASSERT(date_from_yyyymmdd(date_to_yyyymmdd(day)) == day);
        date_format_day(day, buf);
        FUZZ_ASSERT(date_parse_day(buf, &day2, &what, &off) == 0 && day2 == day);
        FUZZ_ASSERT(memcmp(buf, s, 10) == 0);
    } else {
        FUZZ_ASSERT(what != NULL && off <= len);
    }
    if (date_parse_ts(s, &ms, &what, &off) == 0) {
        date_format_ts(ms, buf);
        if (date_parse_ts(buf, &ms2, &what, &off) != 0 || ms2 != ms)
            fprintf(stderr, "\"%s\" reads as %lld ms, written \"%s\"\n", s, (long long)ms, buf);
        FUZZ_ASSERT(date_parse_ts(buf, &ms2, &what, &off) == 0 && ms2 == ms);
    } else {
        FUZZ_ASSERT(what != NULL && off <= len);
    }
    if (num_parse(s, &x, &what, &off) == 0) {
        FUZZ_ASSERT(isfinite(x));
        check_double(x);
    } else {
        FUZZ_ASSERT(what != NULL && off <= len);
    }
    if (num_parse_long(s, -1000000, 1000000, &l, &what, &off) == 0)
        FUZZ_ASSERT(l >= -1000000 && l <= 1000000);
    else
        FUZZ_ASSERT(what != NULL && off <= len);
    if (size >= 8) {
        memcpy(&x, data, sizeof x);
        check_double(x);
    }
    free(s);
    return 0;
}
