#!/bin/sh
# test_feed_adapters.sh: the example adapters of share/allot/feeds turn
# replies of the shapes Binance, Coinbase and Deribit document into feed
# lines that allot watch reads without a bad line, and the stored quotes
# are the replies' numbers (Deribit's IV in percent read as a decimal).
# curl is replaced by a script that serves recorded replies by URL and
# logs what was asked; no network is used. Skipped without jq.
. "$top_srcdir/tests/cli/lib.sh"
SQL="${SQLITE3_SHELL:-sqlite3}"
feeds="$top_srcdir/share/allot/feeds"
if ! command -v jq >/dev/null 2>&1; then
  echo "1..0 # SKIP jq is not installed"
  exit 0
fi
mkdir -p "$T/bin"
cat >"$T/bin/curl" <<'C'
#!/bin/sh
for a in "$@"; do url=$a; done
echo "$url" >>"$CURL_LOG"
case $url in
  *api/v3/ticker/price*)
    echo '[{"symbol":"BTCUSDT","price":"97123.45000000"},{"symbol":"ETHUSDT","price":"3650.10000000"}]' ;;
  *v2/prices/BTC-USD/spot)
    echo '{"data":{"amount":"97001.5","base":"BTC","currency":"USD"}}' ;;
  *v2/prices/SOL-USD/spot)
    echo '{"data":{"amount":"221.07","base":"SOL","currency":"USD"}}' ;;
  *get_index_price?index_name=btc_usd)
    echo '{"jsonrpc":"2.0","result":{"index_price":97050.25,"estimated_delivery_price":97050.25},"usIn":1733479200123456,"usOut":1733479200125000,"usDiff":1544,"testnet":false}' ;;
  *get_book_summary_by_currency?currency=BTC\&kind=option)
    echo '{"jsonrpc":"2.0","result":[{"instrument_name":"BTC-27DEC24-120000-C","mark_price":0.0123,"mark_iv":62.5,"creation_timestamp":1733479200100,"underlying_price":97100.0},{"instrument_name":"BTC-28MAR25-80000-P","mark_price":0.0345,"mark_iv":58.25,"creation_timestamp":1733479200100,"underlying_price":98000.0},{"instrument_name":"BTC-27DEC24-200000-C","mark_price":null,"mark_iv":null,"creation_timestamp":1733479200100}],"usIn":1,"usOut":2}' ;;
  *) echo "curl: (22) The requested URL returned error: 404" >&2; exit 22 ;;
esac
C
chmod +x "$T/bin/curl"
export PATH="$T/bin:$PATH" CURL_LOG="$T/curl.log" FEED_ONCE=1
db="$T/a.db"
run -d "$db" init --demo
expect_rc "a demo store" 0

# adapter NAME ARGS...: its lines into $T/NAME.out, then through allot watch
adapter() {
  name=$1
  shift
  sh "$feeds/$name" "$@" >"$T/$name.out" 2>"$T/$name.err"
  arc=$?
  run_in "$T/$name.out" -d "$db" watch --feed - --csv
}
quote() { "$SQL" "$db" "select price || '|' || ifnull(iv, '') from quotes where symbol = '$1'"; }
bad_lines() { printf '%s\n' "$out" | tail -n 1 | awk -F, '{print $(NF - 1)}'; }

adapter binance-spot BTC ETH
check "binance-spot: polls once and exits 0" test "$arc" = 0
check "binance-spot: one line per symbol" test "$(wc -l <"$T/binance-spot.out")" = 2
check "binance-spot: asks for both symbols, URL-encoded" \
  grep -q 'symbols=%5B%22BTCUSDT%22,%22ETHUSDT%22%5D' "$CURL_LOG"
expect_rc "binance-spot: watch reads its lines" 0
check "binance-spot: no bad line" test "$(bad_lines)" = 0
check "binance-spot: BTC stored at the reply's price" test "$(quote BTC)" = "97123.45|"
check "binance-spot: ETH too" test "$(quote ETH)" = "3650.1|"

adapter coinbase-spot BTC SOL
check "coinbase-spot: two lines" test "$(cat "$T/coinbase-spot.out")" = "BTC,97001.5
SOL,221.07"
check "coinbase-spot: no bad line" test "$(bad_lines)" = 0
check "coinbase-spot: SOL stored" test "$(quote SOL)" = "221.07|"

adapter deribit-options BTC
check "deribit-options: the index and the two quoted options (no null marks)" \
  test "$(wc -l <"$T/deribit-options.out")" = 3
check "deribit-options: lines are timestamped" \
  grep -q '^1733479200.1,BTC-27DEC24-120000-C,0.0123,62.5%$' "$T/deribit-options.out"
expect_rc "deribit-options: watch reads its lines" 0
check "deribit-options: no bad line" test "$(bad_lines)" = 0
check "deribit-options: the option's mark and IV (percent read as decimal)" \
  test "$(quote BTC-28MAR25-80000-P)" = "0.0345|0.5825"

# a failing endpoint: an error on stderr for allot to show, no line, exit 0
export DERIBIT_URL=http://broken.invalid
: >"$T/curl.log"
sh "$feeds/deribit-options" XRP >"$T/x.out" 2>"$T/x.err"
check "deribit-options: a failed request writes no line" test ! -s "$T/x.out"
check "deribit-options: and says why on stderr" grep -q "404" "$T/x.err"
sh "$feeds/binance-spot" >/dev/null 2>"$T/u.err"
check "binance-spot: no symbol is a usage error" test $? = 2
finish
