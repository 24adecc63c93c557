#include <config.h>
#include "util/date.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int date_days_in_month(int y, int m)
{
    static const int dim[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (m < 1 || m > 12)
        return 0;
    return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

/* Days from civil date: count whole 400-year eras (146097 days each) from
 * 0000-03-01, with March as the first month so that Feb 29 falls last. */
int32_t date_from_ymd(int y, int m, int d)
{
    long era, yoe, doy, doe;

    if (y < 1 || y > 9999 || d < 1 || d > date_days_in_month(y, m))
        return DATE_NONE;
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (int32_t)(era * 146097 + doe - 719468);
}

void date_to_ymd(int32_t day, int *y, int *m, int *d)
{
    long z = (long)day + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long dd = doy - (153 * mp + 2) / 5 + 1;
    long mm = mp < 10 ? mp + 3 : mp - 9;
    *y = (int)(yoe + era * 400 + (mm <= 2));
    *m = (int)mm;
    *d = (int)dd;
}

int32_t date_to_yyyymmdd(int32_t day)
{
    int y, m, d;
    date_to_ymd(day, &y, &m, &d);
    return (int32_t)(y * 10000 + m * 100 + d);
}

int32_t date_from_yyyymmdd(int32_t v)
{
    if (v < 0)
        return DATE_NONE;
    return date_from_ymd(v / 10000, v / 100 % 100, v % 100);
}

static int digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return i;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return -1;
}

#define FAIL(w, o) do { *what = (w); *off = (size_t)(o); return -1; } while (0)

/* Parse the full form; sets day, seconds of day (ms) and zone offset (s). */
static int parse_iso(const char *s, int32_t *day, int64_t *ms_of_day, long *zone_s,
                     const char **what, size_t *off)
{
    int y, mo, d, hh = 0, mi = 0, ss = 0, bad;
    size_t i;
    long frac_ms = 0;

    *zone_s = 0;
    *ms_of_day = 0;
    if ((bad = digits(s, 4, &y)) >= 0)
        FAIL("a date YYYY-MM-DD", bad);
    if (s[4] != '-')
        FAIL("'-' after the year of a date YYYY-MM-DD", 4);
    if ((bad = digits(s + 5, 2, &mo)) >= 0)
        FAIL("a two-digit month in a date YYYY-MM-DD", 5 + bad);
    if (mo < 1 || mo > 12)
        FAIL("a month from 01 to 12", 5);
    if (s[7] != '-')
        FAIL("'-' after the month of a date YYYY-MM-DD", 7);
    if ((bad = digits(s + 8, 2, &d)) >= 0)
        FAIL("a two-digit day in a date YYYY-MM-DD", 8 + bad);
    if (y < 1 || d < 1 || d > date_days_in_month(y, mo))
        FAIL("a day that exists in that month", 8);
    *day = date_from_ymd(y, mo, d);
    i = 10;
    if (s[i] == '\0')
        return 0;
    if (s[i] != 'T' && s[i] != ' ')
        FAIL("end of date, or 'T' or a space before a time", i);
    i++;
    if ((bad = digits(s + i, 2, &hh)) >= 0 || hh > 23)
        FAIL("an hour 00-23", i + (bad > 0 ? (size_t)bad : 0));
    i += 2;
    if (s[i] != ':')
        FAIL("':' between hours and minutes", i);
    i++;
    if ((bad = digits(s + i, 2, &mi)) >= 0 || mi > 59)
        FAIL("minutes 00-59", i + (bad > 0 ? (size_t)bad : 0));
    i += 2;
    if (s[i] == ':') {
        i++;
        if ((bad = digits(s + i, 2, &ss)) >= 0 || ss > 60)
            FAIL("seconds 00-60", i + (bad > 0 ? (size_t)bad : 0));
        i += 2;
        if (s[i] == '.' || s[i] == ',') {
            long scale = 100;
            i++;
            if (s[i] < '0' || s[i] > '9')
                FAIL("digits after the decimal point of the seconds", i);
            while (s[i] >= '0' && s[i] <= '9') {
                frac_ms += (s[i] - '0') * scale;
                scale /= 10;
                i++;
            }
        }
    }
    *ms_of_day = ((int64_t)hh * 3600 + mi * 60 + (ss > 59 ? 59 : ss)) * 1000 + frac_ms;
    if (s[i] == '\0')
        return 0;
    if (s[i] == 'Z' && s[i + 1] == '\0')
        return 0;
    if (s[i] == '+' || s[i] == '-') {
        int sign = s[i] == '-' ? -1 : 1, zh, zm = 0;
        size_t z = i + 1;
        if ((bad = digits(s + z, 2, &zh)) >= 0 || zh > 18)
            FAIL("a zone offset +HH:MM", z);
        z += 2;
        if (s[z] == ':')
            z++;
        if (s[z] != '\0') {
            if ((bad = digits(s + z, 2, &zm)) >= 0 || zm > 59)
                FAIL("zone offset minutes 00-59", z);
            z += 2;
        }
        if (s[z] != '\0')
            FAIL("end of the timestamp after the zone offset", z);
        *zone_s = sign * ((long)zh * 3600 + zm * 60);
        return 0;
    }
    FAIL("end of the timestamp, 'Z' or a zone offset like +00:00", i);
}

int date_parse_day(const char *s, int32_t *day, const char **what, size_t *off)
{
    int64_t ms;
    long zone;
    if (strlen(s) < 10) {
        size_t n = strlen(s), k;
        /* point at the first byte that breaks the pattern, or at the end */
        for (k = 0; k < n; k++) {
            int want_dash = (k == 4 || k == 7);
            if (want_dash ? s[k] != '-' : (s[k] < '0' || s[k] > '9'))
                break;
        }
        FAIL("a date YYYY-MM-DD", k);
    }
    return parse_iso(s, day, &ms, &zone, what, off);
}

/* The instants date_format_ts can write: 0001-01-01T00:00:00Z to
 * 9999-12-31T23:59:59.999Z. Anything outside would be written with a
 * wrong year and read back as another instant, or not at all. */
#define TS_MIN_MS INT64_C(-62135596800000)
#define TS_MAX_MS INT64_C(253402300799999)
#define TS_RANGE "an instant from 0001-01-01 to 9999-12-31 (UTC)"

int date_parse_ts(const char *s, int64_t *ms, const char **what, size_t *off)
{
    int32_t day;
    int64_t ms_of_day, t;
    long zone;
    size_t n = strlen(s), i = 0;

    /* Unix seconds: all digits (and an optional fraction), not a date. */
    if (n > 0 && strchr(s, '-') == NULL) {
        int64_t v = 0;
        long frac = 0, scale = 100;
        for (i = 0; s[i] >= '0' && s[i] <= '9'; i++) {
            if (i >= 12)
                FAIL("Unix seconds of at most 12 digits", i);
            v = v * 10 + (s[i] - '0');
        }
        if (i == 0)
            FAIL("a timestamp (ISO 8601 or Unix seconds)", 0);
        if (s[i] == '.') {
            i++;
            while (s[i] >= '0' && s[i] <= '9') {
                frac += (s[i] - '0') * scale;
                scale /= 10;
                i++;
            }
        }
        if (s[i] != '\0')
            FAIL("digits of Unix seconds", i);
        if (v * 1000 + frac > TS_MAX_MS)
            FAIL(TS_RANGE, 0);
        *ms = v * 1000 + frac;
        return 0;
    }
    if (date_parse_day(s, &day, what, off) < 0)
        return -1;
    if (parse_iso(s, &day, &ms_of_day, &zone, what, off) < 0)
        return -1;
    t = (int64_t)day * DATE_MS_PER_DAY + ms_of_day - (int64_t)zone * 1000;
    if (t < TS_MIN_MS || t > TS_MAX_MS)
        FAIL(TS_RANGE, 10);     /* the zone or time moved it out */
    *ms = t;
    return 0;
}

void date_format_day(int32_t day, char out[static 11])
{
    int y, m, d;
    date_to_ymd(day, &y, &m, &d);
    /* the moduli only tell the compiler the widths; valid dates fit */
    snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
             (unsigned)d % 100u);
}

void date_format_ts(int64_t ms, char out[static 32])
{
    int64_t day = ms >= 0 ? ms / DATE_MS_PER_DAY : -((-ms + DATE_MS_PER_DAY - 1) / DATE_MS_PER_DAY);
    int64_t rem = ms - day * DATE_MS_PER_DAY;
    int hh = (int)(rem / 3600000), mi = (int)(rem / 60000 % 60), ss = (int)(rem / 1000 % 60);
    int frac = (int)(rem % 1000);

    date_format_day((int32_t)day, out);
    if (frac)
        snprintf(out + 10, 22, "T%02d:%02d:%02d.%03dZ", hh, mi, ss, frac);
    else
        snprintf(out + 10, 22, "T%02d:%02d:%02dZ", hh, mi, ss);
}

int64_t date_now_ms(void)
{
    const char *env = getenv("ALLOT_NOW");
    struct timespec ts;

    if (env != NULL && env[0] != '\0') {
        int64_t ms;
        const char *what;
        size_t off;
        if (date_parse_ts(env, &ms, &what, &off) == 0)
            return ms;
    }
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int32_t date_today(void)
{
    int64_t ms = date_now_ms();
    return (int32_t)(ms >= 0 ? ms / DATE_MS_PER_DAY : (ms - DATE_MS_PER_DAY + 1) / DATE_MS_PER_DAY);
}
