#!/bin/sh
# test_robust.sh: end-to-end regressions for crashes found by fuzzing and
# by the sanitizer build, each with the behaviour expected instead. They
# matter most in the sanitizer build, where the old code aborted.
. "$top_srcdir/tests/cli/lib.sh"

db="$T/r.db"
"$ALLOT" -d "$db" init >/dev/null || { echo "Bail out! init failed"; exit 1; }

# series_set_sort passed NULL to qsort for an empty set (UBSan abort)
run -d "$db" export prices --csv
expect_rc "export prices of an empty store" 0
check "it writes the header alone" test "$out" = "date,symbol,close"
printf 'Date,Open,High,Low,Close,Adj Close,Volume\n2024-01-03,null,null,null,null,null,0\n' \
  >"$T/BTC-USD.csv"
run -d "$db" import prices "$T/BTC-USD.csv"
expect_rc "a Yahoo file whose every close is missing imports nothing" 0
expect_out "and says so" "^0 prices from 1 file \\(yahoo format\\), 0 new; 1 missing value"
finish
