/* date.h: calendar days and UTC timestamps. A day is an int32 count of
 * days since 1970-01-01 (proleptic Gregorian); a timestamp is int64
 * milliseconds since the Unix epoch, UTC. Parsers are strict (2024-02-30
 * is refused) and report the offset of the first bad byte. No I/O. */
#ifndef ALLOT_UTIL_DATE_H
#define ALLOT_UTIL_DATE_H

#include <stddef.h>
#include <stdint.h>

#define DATE_NONE INT32_MIN
#define DATE_MS_PER_DAY INT64_C(86400000)

/* Days since 1970-01-01 of a valid y-m-d; DATE_NONE if invalid. */
int32_t date_from_ymd(int y, int m, int d);
void date_to_ymd(int32_t day, int *y, int *m, int *d);
int date_days_in_month(int y, int m);

/* A day as the integer YYYYMMDD (20240102), the store's compact, ordered
 * and readable form; and back (DATE_NONE for an invalid value). */
int32_t date_to_yyyymmdd(int32_t day);
int32_t date_from_yyyymmdd(int32_t v);

/* Parse a date "YYYY-MM-DD", optionally followed by a time ("T" or one
 * space, HH:MM[:SS[.fff...]]) and a zone ("Z", "+HH:MM", "+HHMM", "+HH").
 * The day is the calendar date as written: a daily bar dated
 * "2024-01-02 00:00:00-05:00" is 2024-01-02. Returns 0 and sets *day, or
 * -1 with *what set to a description of what was expected and *off to the
 * 0-based offset of the first bad byte. */
int date_parse_day(const char *s, int32_t *day, const char **what, size_t *off);

/* Parse an instant: the forms of date_parse_day (a date alone is 00:00 UTC,
 * a time without zone is UTC, a zone is applied) or an integer count of
 * Unix seconds (at most 12 digits, optionally with a fraction). The instant
 * must lie from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z, what
 * date_format_ts writes. Returns 0 and sets *ms, or -1 with *what and *off
 * as above. */
int date_parse_ts(const char *s, int64_t *ms, const char **what, size_t *off);

/* Write "YYYY-MM-DD" (11 bytes with the NUL). */
void date_format_day(int32_t day, char out[static 11]);
/* Write "YYYY-MM-DDTHH:MM:SSZ", with ".mmm" before Z when ms are not 0. */
void date_format_ts(int64_t ms, char out[static 32]);

/* Today's date and the current instant, UTC, from the system clock. The
 * environment variable ALLOT_NOW (an instant as date_parse_ts reads it)
 * overrides the clock, so tests and examples are reproducible. */
int32_t date_today(void);
int64_t date_now_ms(void);

#endif
