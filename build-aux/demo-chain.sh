#!/bin/sh
# demo-chain.sh: write the demo's synthetic option chains (BTC and ETH,
# Deribit style, coin-settled) for the demo's valuation time, priced with
# allot's own Black-76 from the smile below. Run from a build tree:
#   sh build-aux/demo-chain.sh src/allot > share/allot/demo/chain.csv
# The chains are synthetic (no exchange quoted them): the demo needs
# options that expire after its last close, and the real snapshots in
# tests/data are from 2020 and 2024-01. Smile, per underlying:
#   iv(T, m) = max(floor, atm + term sqrt(T) - skew m + curv m^2),
#   m = ln(K / F); F = the last close (r = 0, no basis);
#   BTC: atm 0.52, term 0.06, skew 0.15, curv 0.40, floor 0.30
#   ETH: atm 0.62, term 0.06, skew 0.12, curv 0.35, floor 0.35
# ask = mark * 1.04 + 0.0001, bid = max(mark * 0.96 - 0.0001, 0), in coin.
set -eu
allot=${1:?usage: demo-chain.sh PATH-TO-ALLOT}
snap=2024-12-06T23:59:59Z
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# underlying spot atm term skew curv floor strike-lo strike-hi step
cat >"$tmp/spec" <<'SPEC'
BTC 99920.71 0.52 0.06 0.15 0.40 0.30 40000 200000 5000
ETH 4005.8105 0.62 0.06 0.12 0.35 0.35 1500 8000 250
SPEC
expiries="13DEC24:2024-12-13 27DEC24:2024-12-27 31JAN25:2025-01-31 28MAR25:2025-03-28 27JUN25:2025-06-27 26SEP25:2025-09-26"
echo "type,forward,strike,years,vol,instrument,underlying,expiry" >"$tmp/in.csv"
while read -r sym spot atm term skew curv floor lo hi step; do
  for e in $expiries; do
    code=${e%%:*} day=${e#*:}
    awk -v sym="$sym" -v F="$spot" -v atm="$atm" -v term="$term" -v skew="$skew" \
        -v curv="$curv" -v floor="$floor" -v lo="$lo" -v hi="$hi" -v step="$step" \
        -v code="$code" -v day="$day" -v snap="$snap" 'BEGIN {
      split(day, d, "-"); split(substr(snap, 1, 10), s, "-")
      # days between the snapshot (23:59:59) and expiry (08:00)
      cmd = "date -u -d \"" day " 08:00:00\" +%s"; cmd | getline te; close(cmd)
      cmd = "date -u -d \"" substr(snap, 1, 10) " 23:59:59\" +%s"; cmd | getline ts; close(cmd)
      T = (te - ts) / (365 * 86400)
      for (K = lo; K <= hi; K += step) {
        m = log(K / F); v = atm + term * sqrt(T) - skew * m + curv * m * m
        if (v < floor) v = floor
        for (t = 0; t < 2; t++)
          printf "%s,%s,%d,%.10f,%.6f,%s-%s-%d-%s,%s,%sT08:00:00Z\n", t ? "put" : "call", F, K,
            T, v, sym, code, K, t ? "P" : "C", sym, day
      }
    }' >>"$tmp/in.csv"
  done
done <"$tmp/spec"
"$allot" greeks --input "$tmp/in.csv" --csv >"$tmp/out.csv"
echo "snapshot_time_utc,instrument_name,underlying,expiry_utc,strike,option_type,underlying_price,index_price,mark_price,mark_iv,bid_price,ask_price"
awk -F, -v snap="$snap" 'NR > 1 {
  mark = $9 / $2; if (mark < 0.0001) next
  ask = mark * 1.04 + 0.0001; bid = mark * 0.96 - 0.0001; if (bid < 0) bid = 0
  printf "%s,%s,%s,%s,%s,%s,%s,%s,%.8f,%.2f,%.4f,%.4f\n", snap, $6, $7, $8, $3, $1, $2, $2,
    mark, 100 * $5, bid, ask
}' "$tmp/out.csv"
