#!/bin/sh
# test_pricing.sh: `allot greeks`, `allot iv`, `allot import chain` and
# `allot exposure` end to end, against textbook values (Hull, Haug), hand
# computations, the exchange's own marks, and round trips.
. "$top_srcdir/tests/cli/lib.sh"

near() { # near A B TOL: |A - B| <= TOL
  awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= t) }'
}
col() { # col N: field N of the last CSV line of $out
  printf '%s\n' "$out" | tail -n 1 | cut -d, -f"$1"
}

# Hull, Options Futures and Other Derivatives, example 15.6: S=42 K=40
# r=10% sigma=20% T=0.5: call 4.76, put 0.81
run greeks --type call --spot 42 --strike 40 --years 0.5 --vol 0.2 --rate 0.1 --csv
expect_rc "greeks runs" 0
check "Hull's call is 4.76" near "$(col 8)" 4.7594 0.0001
run greeks --type put --spot 42 --strike 40 --years 0.5 --vol 0.2 --rate 0.1 --csv
check "Hull's put is 0.81" near "$(col 8)" 0.8086 0.0001
# Haug, The Complete Guide to Option Pricing Formulas, Black-76: F=19 K=19
# T=0.75 r=10% sigma=28%: 1.7011 for both
run greeks --type call --forward 19 --strike 19 --years 0.75 --vol 0.28 --rate 0.1 --csv
check "Haug's Black-76 call is 1.7011" near "$(col 7)" 1.7011 0.00005
check "the Black-76 header names the forward" sh -c "printf '%s\n' \"\$1\" | head -n 1 | grep -q '^type,forward,strike,years,vol,rate,price,delta'" _ "$out"

# --input: any column order, extra columns echoed as given, %.17g numbers
printf 'id,strike,vol,type,spot,years,rate\nA,40,0.2,call,42,0.5,0.1\nB,40,0.2,put,42,0.5,0.1\n' \
  >"$T/opts.csv"
run greeks --input "$T/opts.csv" --csv
expect_rc "greeks --input runs" 0
expect_out "input columns come back as given" "^id,strike,vol,type,spot,years,rate,price,delta,gamma,vega,theta,rho,vanna,volga$"
expect_out "row A echoes its fields" "^A,40,0.2,call,42,0.5,0.1,4.759"
single=$("$ALLOT" greeks --type call --spot 42 --strike 40 --years 0.5 --vol 0.2 --rate 0.1 --csv | tail -n 1 | cut -d, -f8-)
check "a file row and the flags give the same digits" test "$(printf '%s\n' "$out" | sed -n 2p | cut -d, -f8-)" = "$single"
printf 'type,spot,strike,years,vol\ncall,42,40,0.5,0.2\nput,42,-40,0.5,0.2\n' >"$T/bad.csv"
run greeks --input "$T/bad.csv" --csv
expect_err "a bad row is refused at its field" 1 "bad.csv:3:8: strike: expected a number greater than 0, found -40"
printf 'type,spot,strike,years,vol\ncall,42,40,0.5,12\n' >"$T/bad.csv"
run greeks --input "$T/bad.csv" --csv
expect_err "a vol over 10 is refused" 1 "bad.csv:2:16: vol: expected vol as an annual decimal"
printf 'type,forward,strike,years,vol,div\ncall,42,40,0.5,0.2,0\n' >"$T/bad.csv"
run greeks --input "$T/bad.csv" --csv
expect_err "div with a forward is refused" 1 "bad.csv:1:31: div applies to spot only"

# implied vol: round trip and bounds
price=$("$ALLOT" greeks --type put --spot 100 --strike 130 --years 2 --vol 0.73 --rate 0.03 --div 0.01 --csv | tail -n 1 | cut -d, -f8)
run iv --type put --spot 100 --strike 130 --years 2 --rate 0.03 --div 0.01 --price "$price"
expect_rc "iv runs" 0
check "iv recovers the vol to 1e-12" near "$out" 0.73 1e-12
run iv --type call --spot 42 --strike 40 --years 0.5 --rate 0.1 --price 1
expect_err "a price below the lower bound names it" 1 "below the lower bound 3.95"
run iv --type call --spot 42 --strike 40 --years 0.5 --price 50
expect_err "a price above the upper bound names it" 1 "upper bound"
printf 'type,spot,strike,years,price\ncall,42,40,0.5,4.0\ncall,42,40,0.5,1\ncall,100,50,0,50\n' \
  >"$T/ivs.csv"
run iv --input "$T/ivs.csv" --csv
expect_rc "iv --input exits 0 when the file parsed" 0
expect_out "iv --input header" "^type,spot,strike,years,price,iv,status$"
expect_out "a solvable row is ok" "^call,42,40,0.5,4.0,0\\.[0-9]+,ok$"
expect_out "a row below the band has no solution and no iv" "^call,42,40,0.5,1,,no_solution$"
expect_out "an intrinsic price at expiry is at the lower bound" "^call,100,50,0,50,,at_lower_bound$"

# option chains: the real Deribit snapshots
db="$T/c.db"
"$ALLOT" -d "$db" init >/dev/null
run -d "$db" import chain "$data/options/deribit_btc_2020-05-14.csv"
expect_rc "a Deribit BTC chain imports" 0
expect_out "all 310 options" "^310 options of 1 underlying"
run -d "$db" import chain "$data/options/deribit_eth_2024-01-08.csv"
expect_out "the ETH chain's IVs are solved from the marks" "^682 implied vols solved"
export ALLOT_NOW=2020-05-14T05:45:00Z
"$ALLOT" -d "$db" position add BTC-26JUN20-9000-C --kind coin-option --qty 2 --price 0.08 \
  >/dev/null
run -d "$db" exposure --csv
expect_rc "exposure of a coin option priced from the chain" 0
# the file's row: mark 0.13206676 BTC, mark_iv 83.58 %, delta 0.60978, index 9347.17-9348.1
check "its vol is the chain's mark IV" test "$(printf '%s\n' "$out" | sed -n 2p | cut -d, -f7)" = \
  "0.83579999999999999"
check "its plain delta is the exchange's, to 1e-4 a contract" \
  near "$(printf '%s\n' "$out" | sed -n 2p | cut -d, -f19)" 1.21956 0.0002
check "its value in coin is the exchange's mark, to 1e-4 BTC a contract" sh -c \
  'v=$(printf "%s\n" "$1" | sed -n 2p | cut -d, -f8); s=$(printf "%s\n" "$1" | sed -n 2p | cut -d, -f6)
   awk -v v="$v" -v s="$s" "BEGIN { d = v / s / 2 - 0.13206676; if (d < 0) d = -d; exit !(d < 1e-4) }"' \
  _ "$out"
# a feed's quoted IV (a Deribit line: the mark in coin, the IV) replaces
# the chain's mark IV when not older than the chain's row (05:41:52.007)
printf '%s\n' '2020-05-14T05:41:52Z,BTC-26JUN20-9000-C,0.14,0.9' |
  "$ALLOT" -d "$db" watch --feed - --csv >/dev/null 2>&1
run -d "$db" exposure --csv
check "a quoted IV older than the chain's row leaves the chain's" \
  test "$(printf '%s\n' "$out" | sed -n 2p | cut -d, -f7)" = "0.83579999999999999"
run -d "$db" exposure
expect_out "the table says where the vol came from" \
  "^  BTC-26JUN20-9000-C vol 0\.8358 \(chain 2020-05-14T05:41:52\.007Z\)$"
printf '%s\n' '2020-05-14T05:41:52.007Z,BTC-26JUN20-9000-C,0.14,0.9' |
  "$ALLOT" -d "$db" watch --feed - --csv >/dev/null 2>&1
run -d "$db" exposure --csv
check "a quoted IV as new as the chain's row is used" \
  test "$(printf '%s\n' "$out" | sed -n 2p | cut -d, -f7)" = "0.90000000000000002"
run -d "$db" exposure
expect_out "and named as a quote" "^  BTC-26JUN20-9000-C vol 0\.9 \(quote 2020-05-14T05:41:52\.007Z\)$"
printf '%s\n' '2020-05-14T05:45:01Z,BTC-26JUN20-9000-C,0.14,0.95' |
  "$ALLOT" -d "$db" watch --feed - --csv >/dev/null 2>&1
run -d "$db" exposure --csv
# the store keeps the latest quote only: valued before it, the chain's IV
check "a quote after the valuation time is not used" \
  test "$(printf '%s\n' "$out" | sed -n 2p | cut -d, -f7)" = "0.83579999999999999"
unset ALLOT_NOW

# exposure of the demo book, checked by hand (spot 99920.71 BTC, 4005.8105 ETH)
run --demo exposure --csv
expect_rc "exposure of the demo book" 0
line() { printf '%s\n' "$out" | grep "^$1" | head -n 1; }
check "spot BTC: delta 1.2, USD delta 1.2 S" near "$(line 'position,BTC,' | cut -d, -f11)" 119904.852 0.001
check "inverse perp: USD delta N S / entry" near "$(line 'position,BTC-PERPETUAL,' | cut -d, -f11)" \
  "$(awk 'BEGIN { printf "%.10f", -30000 * 99920.71 / 97000 }')" 0.001
check "inverse perp: coin PnL N (1/entry - 1/S)" near "$(line 'position,BTC-PERPETUAL,' | cut -d, -f20)" \
  "$(awk 'BEGIN { printf "%.12f", -30000 * (1/97000 - 1/99920.71) }')" 1e-12
check "linear perp: delta -5, PnL -5 (S - 3800)" near "$(line 'position,ETH-PERP,' | cut -d, -f9)" \
  "$(awk 'BEGIN { printf "%.6f", -5 * (4005.8105 - 3800) }')" 1e-6
check "a row per underlying and a total" test "$(printf '%s\n' "$out" | grep -c '^underlying,')" = 7
before=$(line 'position,BTC-28MAR25-80000-P,' | cut -d, -f8)
run --demo exposure --vol-shift 10 --csv
check "ten vol points raise a long put's value" awk -v a="$before" \
  -v b="$(line 'position,BTC-28MAR25-80000-P,' | cut -d, -f8)" 'BEGIN { exit !(b > a) }'
run --demo exposure --at 2025-03-01 --csv
check "time passing lowers a long put's value" awk -v a="$before" \
  -v b="$(line 'position,BTC-28MAR25-80000-P,' | cut -d, -f8)" 'BEGIN { exit !(b < a) }'
run --demo exposure --spot BTC=50000 --csv
check "--spot sets the spot" test "$(line 'position,BTC,' | cut -d, -f6)" = 50000
run --demo exposure --spot DOGE=1
expect_err "--spot for an asset the book does not hold" 1 "the portfolio holds nothing on DOGE"
# settings: perp funding becomes carry -q S f a day
sdb="$T/settings.db"
"$ALLOT" -d "$sdb" init --demo >/dev/null
run -d "$sdb" setting set funding.ETH 0.001
expect_rc "a setting is set" 0
run -d "$sdb" exposure --csv
check "funding of 0.1 % a day on a short of 5 ETH earns 5 S 0.001 USD a day" \
  near "$(printf '%s\n' "$out" | grep '^position,ETH-PERP,' | cut -d, -f18)" \
  "$(awk 'BEGIN { printf "%.10f", 5 * 4005.8105 * 0.001 }')" 1e-9
run -d "$sdb" setting list --csv
expect_out "setting list shows it" "^funding.ETH,0.001,"
run -d "$sdb" setting unset funding.ETH
run -d "$sdb" exposure --csv
check "unset returns it to 0" test "$(printf '%s\n' "$out" | grep '^position,ETH-PERP,' | cut -d, -f18)" = 0
run -d "$sdb" setting set rate 5%
expect_err "a setting is checked" 2 "rate: expected a number"
run -d "$sdb" setting set colour red
expect_err "an unknown setting" 2 "unknown setting"
run --demo exposure --at 2020-01-01
expect_err "--at before the valuation time" 1 "before the valuation time"
finish
