#!/bin/sh
# layering.sh: the include rules of STYLE.md section 3, checked on every
# source file. Prints TAP, one case per rule, and file:line for a breach.
src="${top_srcdir:-$(dirname "$0")/..}/src"
n=0
fail=0
echo "1..12"

# check NAME DIR PATTERN [EXCLUDE]: no line of DIR's .c/.h files matches
# the extended regex PATTERN (files whose path matches EXCLUDE are skipped)
check() {
  name=$1 dir=$2 pat=$3 excl=${4:-'^$'}
  n=$((n + 1))
  hits=
  [ -d "$src/$dir" ] &&
    hits=$(find "$src/$dir" -name '*.[ch]' | grep -Ev "$excl" | sort |
           xargs -r grep -nE "$pat" /dev/null)
  if [ -z "$hits" ]; then
    echo "ok $n - $name"
  else
    echo "not ok $n - $name"
    echo "$hits" | sed "s|^$src/|# src/|"
    fail=1
  fi
}

inc='^[[:space:]]*#[[:space:]]*include[[:space:]]*'
curses="$inc<(n?curses|ncursesw/|term\\.h)"
check "util includes only libc and util" util \
  "$inc\"(engine|store|io|cli|tui)/|$inc<(n?curses|ncursesw/|sqlite3|csv|gsl/)"
check "engine includes no curses, sqlite3, csv.h or stdio.h" engine \
  "$curses|$inc<(sqlite3|csv|stdio)\\.h>"
check "engine includes no store, io, cli or tui" engine "$inc\"(store|io|cli|tui)/"
check "engine does no printing and never exits" engine \
  '(^|[^_a-zA-Z])(printf|fprintf|puts|fputs|putchar|perror|exit|abort)[[:space:]]*\(|FILE[[:space:]]*\*'
check "only optimize calls optimize" engine "$inc\"engine/optimize/" '/optimize/'
check "pricing, portfolio and stats never call risk" engine \
  "$inc\"engine/risk/" '/(optimize|risk)/'
check "store includes no io, cli, tui or curses" store "$inc\"(io|cli|tui)/|$curses"
check "io includes no store, cli, tui, curses or sqlite3" io \
  "$inc\"(store|cli|tui)/|$curses|$inc<sqlite3\\.h>"
check "cli includes no tui or curses" cli "$inc\"tui/|$curses"
check "tui includes no cli or sqlite3, curses only in tui/term.c" tui \
  "$inc\"cli/|$inc<sqlite3\\.h>|$curses" '/term\.[ch]$'
check "sqlite3.h only in store/" . "$inc<sqlite3\\.h>" '/store/'
check "csv.h only in io/" . "$inc<csv\\.h>" '/io/'
exit $fail
