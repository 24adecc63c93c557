#!/bin/sh
# test_import.sh: `allot import prices|positions` and `allot export` end to
# end on real data: formats, counts, idempotence, --replace, warnings,
# all-or-nothing failure, and export/import round trips.
. "$top_srcdir/tests/cli/lib.sh"

db="$T/a.db"
run -d "$db" init
expect_rc "init creates a store" 0
check "store file is 0600" test "$(stat -c %a "$db")" = 600

# the default location, created 0700/0600
run init
expect_rc "init at the XDG default" 0
check "XDG store exists" test -f "$XDG_DATA_HOME/allot/allot.db"
check "XDG store dir is 0700" test "$(stat -c %a "$XDG_DATA_HOME/allot")" = 700
check "XDG store is 0600" test "$(stat -c %a "$XDG_DATA_HOME/allot/allot.db")" = 600

run -d "$db" import prices "$data/crypto_daily.csv"
expect_rc "import the real crypto file" 0
expect_out "summary counts every row" "^27320 prices from 1 file \\(long format\\), 27320 new"
expect_out "BTC row with its date range" "^BTC +3734 +3734 +0 +0 +2014-09-17 +2024-12-06"
check "DOGE's +355% day is warned about" sh -c "printf '%s' \"\$1\" | grep -q 'DOGE: close moved'" _ "$err"
before=$(store_state "$db")

run -d "$db" import prices "$data/crypto_daily.csv"
expect_rc "re-import succeeds" 0
expect_out "re-import adds nothing" "27320 new|, 0 new"
expect_out "re-import counts rows unchanged" "^BTC +3734 +0 +3734 +0"
check "re-import leaves the store as it was" test "$(store_state "$db")" = "$before"

# a conflicting value aborts the whole import
printf 'date,symbol,close\n2024-12-05,ETH,1\n2024-12-06,BTC,99920.71\n2024-12-07,BTC,1\n' \
  >"$T/conflict.csv"
run -d "$db" import prices "$T/conflict.csv"
expect_err "a different value for a stored day is refused" 1 \
  "conflict.csv:2:16: ETH on 2024-12-05 is already stored as .*--replace"
check "the refused import changed nothing" test "$(store_state "$db")" = "$before"
run -d "$db" import prices --replace "$T/conflict.csv"
expect_rc "--replace overwrites" 0
expect_out "--replace counts the replaced row" "^ETH +1 +0 +0 +1"
expect_out "--replace adds the new day" "^BTC +2 +1 +1 +0"

# formats, from the real BTC closes
grep ',BTC,' "$data/crypto_daily.csv" | tail -n 30 >"$T/btc.txt"
{ echo "Date,Open,High,Low,Close,Adj Close,Volume"
  sed 's/^\([^,]*\),BTC,\(.*\)$/\1,1,1,1,\2,\2,100/' "$T/btc.txt"; } >"$T/BTC-USD.csv"
db2="$T/b.db"
"$ALLOT" -d "$db2" init >/dev/null
run -d "$db2" import prices "$T/BTC-USD.csv"
expect_rc "a Yahoo download imports" 0
expect_out "Yahoo symbol from the file name" "^BTC-USD +30 +30 .*\\(yahoo format\\)|^BTC-USD +30 +30"
run -d "$db2" import prices --symbol BTC "$T/BTC-USD.csv"
expect_out "--symbol names a Yahoo series" "^BTC +30 +30"
{ echo "Price,Close,High,Low,Open,Volume"; echo "Ticker,ETH-USD,ETH-USD,ETH-USD,ETH-USD,ETH-USD"
  echo "Date,,,,,"
  grep ',ETH,' "$data/crypto_daily.csv" | tail -n 10 |
    sed 's/^\([^,]*\),ETH,\(.*\)$/\1 00:00:00+00:00,\2,1,1,1,1/'; } >"$T/yf.csv"
run -d "$db2" import prices "$T/yf.csv"
expect_rc "a yfinance three-row header imports" 0
expect_out "yfinance ticker row names the symbol" "^ETH-USD +10 +10"
{ echo "observation_date,DGS10"
  grep ',US10Y,' "$data/tradfi_daily.csv" | tail -n 5 | sed 's/^\([^,]*\),US10Y,/\1,/'
  echo "2024-12-09,."; echo "2024-12-10,"; } >"$T/DGS10.csv"
run -d "$db2" import prices "$T/DGS10.csv"
expect_rc "a FRED download imports" 0
expect_out "FRED missing days are skipped and counted" "2 missing values skipped"
expect_out "FRED series name" "^DGS10 +5 +5"
printf '\357\273\277date,AAA,BBB\r\n2024-01-01,1,2\r\n2024-01-02,,3\r\n' >"$T/wide.csv"
run -d "$db2" import prices "$T/wide.csv"
expect_rc "a wide file with BOM and CRLF imports" 0
expect_out "wide: one column one symbol" "^BBB +2 +2"
expect_out "wide: empty cells skipped" "1 missing value skipped"

# warnings: a long gap, a row dated today
printf 'date,symbol,close\n2024-01-01,GAP,1\n2024-01-20,GAP,1.1\n' >"$T/gap.csv"
run -d "$db2" import prices "$T/gap.csv"
check "a gap over 7 days is warned about" sh -c "printf '%s' \"\$1\" | grep -q 'GAP: 19-day gap from 2024-01-01 to 2024-01-20'" _ "$err"
printf 'date,symbol,close\n2030-01-02,NOW,5\n' >"$T/today.csv"
ALLOT_NOW=2030-01-02T12:00:00Z run -d "$db2" import prices "$T/today.csv"
check "a row dated today is warned about" sh -c "printf '%s' \"\$1\" | grep -q 'NOW: the last row is dated 2030-01-02'" _ "$err"

# calendars guessed from the dates: weekend rows mean 365 days a year
"$ALLOT" -d "$db" import prices "$data/tradfi_daily.csv" >/dev/null 2>&1
run -d "$db" asset list --csv
expect_out "equities get 252 days a year" "^SPY,equity,252,"
expect_out "crypto gets 365 days a year" "^BTC,crypto,365,"
run -d "$db" asset set SPY --calendar 365
run -d "$db" asset list --csv
expect_out "asset set changes the calendar" "^SPY,equity,365,"

# export prices round-trips
run -d "$db" export prices --csv -o "$T/prices.csv"
expect_rc "export prices to a file" 0
db3="$T/c.db"
"$ALLOT" -d "$db3" init >/dev/null
run -d "$db3" import prices "$T/prices.csv"
expect_rc "exported prices import again" 0
check "exported prices are the same rows" test \
  "$("${SQLITE3_SHELL:-sqlite3}" "$db" 'SELECT count(*), sum(close) FROM prices')" = \
  "$("${SQLITE3_SHELL:-sqlite3}" "$db3" 'SELECT count(*), sum(close) FROM prices')"

# positions (the demo book's expiries are after its valuation date)
export ALLOT_NOW=2024-12-06T23:59:59Z
run -d "$db" import positions "$top_srcdir/share/allot/demo/positions.csv"
expect_rc "import the demo book" 0
expect_out "all 16 positions added" "^16 positions added, 0 replaced"
before=$(store_state "$db")
run -d "$db" import positions "$top_srcdir/share/allot/demo/positions.csv"
expect_err "importing held instruments again is refused" 1 \
  "positions.csv:2:.*portfolio main already holds a position in BTC .*--replace"
check "the refused positions import changed nothing" test "$(store_state "$db")" = "$before"
run -d "$db" import positions --replace "$top_srcdir/share/allot/demo/positions.csv"
expect_out "--replace replaces every position" "^0 positions added, 16 replaced"
run -d "$db" export positions --csv -o "$T/book.csv"
"$ALLOT" -d "$db3" import positions "$T/book.csv" >/dev/null 2>&1
run -d "$db3" export positions --csv
check "exported positions import to the same book" test "$out" = "$(cat "$T/book.csv")"
run -d "$db" undo
expect_out "undo reverses the last import" "^undid journal entry"
run -d "$db" undo --list --csv
expect_out "the journal lists the import and its undo" "^[0-9]+,.*,undo,16,undid"
finish
