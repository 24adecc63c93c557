#!/bin/sh
# test_optimize.sh: the optimizers on books: delta-neutral (linear and
# inverse perps), cross-asset hedge, delta-vega, tail hedge on a real
# Deribit chain; apply, undo and re-apply leaving the store as it was.
. "$top_srcdir/tests/cli/lib.sh"

near() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= t) }'; }
# the per-underlying delta (d value / d spot, units) of SYM from `exposure --csv`
udelta() { "$ALLOT" -d "$1" exposure --csv | awk -F, -v s="$2" '$1 == "underlying" && $4 == s { print $19 }'; }
state() { "$ALLOT" -d "$1" export positions --csv; }

db="$T/demo.db"
"$ALLOT" -d "$db" init --demo >/dev/null
orig=$(state "$db")

run -d "$db" optimize delta-neutral --save dn --csv
expect_rc "delta-neutral proposes" 0
expect_out "the trade list comes first" "^instrument,kind,side,quantity,price,fee_usd,notional_usd$"
expect_out "it sells 0.279 BTC perp" "^BTC-PERP,perp,sell,0.27900000000000003,"
# the figures in one basis: delta USD is each underlying's delta (d value /
# d spot, the one hedged; a coin option's plain delta) times its spot
spots=$("$ALLOT" -d "$db" exposure --csv | awk -F, '$1 == "underlying" { print $4 "=" $6 }' |
  paste -sd';' -)
fig_sum() { printf '%s\n' "$out" | awk -F, -v c="$1" -v spots="$spots" '
  BEGIN { n = split(spots, a, ";"); for (i = 1; i <= n; i++) { split(a[i], p, "="); s[p[1]] = p[2] } }
  $1 ~ / delta$/ { sym = $1; sub(/ delta$/, "", sym); t += $c * s[sym] }
  END { printf "%.6f", t }'; }
fig() { printf '%s\n' "$out" | awk -F, -v c="$1" '$1 == "delta" { print $c }'; }
check "delta USD before = sum of deltas x spots" near "$(fig 2)" "$(fig_sum 2)" 1e-6
check "delta USD after = sum of deltas x spots" near "$(fig 3)" "$(fig_sum 3)" 1e-6
run -d "$db" apply dn
expect_rc "apply writes the proposal" 0
expect_out "apply says what it changed and how to undo" "^applied dn \\(delta-neutral\\).*allot undo"
for s in BTC ETH SOL LINK; do
  check "$s delta is 0 within a lot (0.001) after the hedge" near "$(udelta "$db" $s)" 0 0.0005
done
after1=$(state "$db")
run -d "$db" apply dn
expect_err "applying an applied proposal is refused" 1 "already applied"
run -d "$db" undo
expect_rc "undo reverses the apply" 0
check "after undo the book is as it was" test "$(state "$db")" = "$orig"
run -d "$db" apply dn
expect_rc "re-apply after undo" 0
check "re-applying gives the same book as the first apply" test "$(state "$db")" = "$after1"
"$ALLOT" -d "$db" undo >/dev/null
run -d "$db" apply --list --csv
expect_out "the proposal is listed as undone" "^dn,delta-neutral,4,.*,undone$"

run -d "$db" optimize delta-neutral --using inverse-perp --underlying BTC --save dni
expect_rc "delta-neutral with an inverse perp" 0
"$ALLOT" -d "$db" apply dni >/dev/null
# a lot of an inverse perp is 10 USD: 10 / S BTC
check "BTC delta is 0 within half a lot of the inverse perp" near "$(udelta "$db" BTC)" 0 \
  "$(awk 'BEGIN { print 5 / 99920.71 }')"
"$ALLOT" -d "$db" undo >/dev/null

run -d "$db" optimize delta-vega --underlying BTC --save dv
expect_rc "delta-vega with the chain's nearest-ATM call and the perp" 0
"$ALLOT" -d "$db" apply dv >/dev/null
check "BTC delta after delta-vega is 0 within a lot" near "$(udelta "$db" BTC)" 0 0.002
vega=$("$ALLOT" -d "$db" exposure --csv | awk -F, '$1 == "underlying" && $4 == "BTC" { print $13 }')
# the option lot is 0.1 contract: BTC vega within half a lot's vega (~ 12 USD/volpt)
check "BTC vega after delta-vega is near 0 ($vega USD/volpt)" near "$vega" 0 15
"$ALLOT" -d "$db" undo >/dev/null
check "after these undos the book is as it was" test "$(state "$db")" = "$orig"

run -d "$db" optimize hedge --asset ETH --hedge BTC --csv
expect_rc "a cross-asset minimum-variance hedge" 0
rho=$("$ALLOT" -d "$db" corr --db --symbols ETH,BTC --csv | sed -n 2p | cut -d, -f3)
left=$(printf '%s\n' "$out" | grep '^variance of A exposure,' | awk -F, '{ print $3 / $2 }')
check "the variance left is 1 - rho^2 (rho $rho)" near "$left" "$(awk -v r="$rho" 'BEGIN { print 1 - r * r }')" 1e-3
run -d "$db" optimize hedge --asset DOGE --hedge BTC
expect_err "hedging an asset the book does not hold" 1 "holds nothing on it"

# risk parity on the store's prices: groups, a vol target, a trade list
run -d "$db" optimize riskparity --db --symbols BTC,ETH,SOL,LINK --groups "maj:BTC,ETH=0.6;alt:SOL,LINK=0.4" --csv
expect_rc "risk parity with group budgets" 0
check "the majors carry 60 % of the risk and the alts 40 %" sh -c '
  printf "%s\n" "$1" | awk -F, "NR > 1 { if (\$1 == \"BTC\" || \$1 == \"ETH\") m += \$3; else a += \$3 }
    END { d1 = m - 0.6; d2 = a - 0.4; if (d1 < 0) d1 = -d1; if (d2 < 0) d2 = -d2; exit !(d1 < 1e-9 && d2 < 1e-9) }"' _ "$out"
plain=$out
run -d "$db" optimize riskparity --db --symbols BTC,ETH,SOL,LINK
volann=$(printf '%s\n' "$out" | sed -n 's/.*(\([0-9.]*\) a year at.*/\1/p')
run -d "$db" optimize riskparity --db --symbols BTC,ETH,SOL,LINK --vol-target 0.2 --csv
w1=$(printf '%s\n' "$out" | grep '^BTC,' | cut -d, -f2)
run -d "$db" optimize riskparity --db --symbols BTC,ETH,SOL,LINK --csv
w0=$(printf '%s\n' "$out" | grep '^BTC,' | cut -d, -f2)
check "a 20 % vol target scales the weights by 0.2 / $volann" \
  near "$(awk -v a="$w1" -v b="$w0" 'BEGIN { print a / b }')" "$(awk -v v="$volann" 'BEGIN { print 0.2 / v }')" 1e-3
run -d "$db" optimize riskparity --db --symbols BTC,ETH,SOL,LINK --vol-target 2 --max-gross 1.5
expect_out "a target the gross cap forbids is reported" "the gross cap bound: the target was not reached"
run -d "$db" optimize riskparity --db --symbols BTC,ETH,GLD --portfolio main --capital 100000 --save rp --csv
expect_rc "risk parity as a trade list for the portfolio" 0
w=$("$ALLOT" -d "$db" optimize riskparity --db --symbols BTC,ETH,GLD --csv | grep '^GLD,' | cut -d, -f2)
"$ALLOT" -d "$db" apply rp >/dev/null
gld=$("$ALLOT" -d "$db" positions --csv | awk -F, '$3 == "GLD" && $2 == "spot" { print $5 }')
check "after applying, GLD holds its weight of the capital (within a lot)" \
  near "$(awk -v q="$gld" 'BEGIN { print q * 242.95 }')" "$(awk -v w="$w" 'BEGIN { print w * 100000 }')" 0.01
"$ALLOT" -d "$db" undo >/dev/null
check "undo restores the book" test "$(state "$db")" = "$orig"
run -d "$db" optimize riskparity --db --cov x.csv
expect_err "two sources of covariance" 2 "one of --cov FILE, --prices FILE or --db"

# tail hedge on the real Deribit chain of 2020-05-14, a book of 10 BTC
tdb="$T/tail.db"
export ALLOT_NOW=2020-05-14T06:00:00Z
"$ALLOT" -d "$tdb" init >/dev/null
awk -F, 'NR == 1 || ($2 == "BTC" && $1 <= "2020-05-13")' "$data/crypto_daily.csv" >"$T/btc.csv"
"$ALLOT" -d "$tdb" import prices "$T/btc.csv" >/dev/null 2>&1
"$ALLOT" -d "$tdb" import chain "$data/options/deribit_btc_2020-05-14.csv" >/dev/null
"$ALLOT" -d "$tdb" position add BTC --qty 10 --price 9000 >/dev/null
run -d "$tdb" optimize tail-hedge --max-loss 20 --save th --csv
expect_rc "a tail hedge with puts from a real chain" 0
cap=$(printf '%s\n' "$out" | grep '^loss -30' | sed 's/.*cap \([0-9]*\)).*/\1/')
check "every scenario loss after the hedge meets the cap ($cap USD)" sh -c '
  printf "%s\n" "$1" | grep "^loss -" | awk -F, -v c="$2" "{ if (\$3 > c) bad = 1 } END { exit bad }"' \
  _ "$out" "$cap"
run -d "$tdb" optimize tail-hedge --max-loss 1 --max-contracts 0.2
expect_err "an impossible cap is explained" 1 "no combination of puts in this chain caps the -[0-9]+ % loss below [0-9]+ USD"
"$ALLOT" -d "$tdb" apply th >/dev/null
# check by the stress grid: BTC -50 % with vols +100 % loses at most the cap
run -d "$tdb" stress --spot-range -50%:-50%:1 --vol-range 100%:100%:1 --csv
check "after applying, stress at -50 %, vols x2 loses at most the cap" \
  awk -v p="$(printf '%s\n' "$out" | sed -n 2p | cut -d, -f4)" -v c="$cap" 'BEGIN { exit !(-p <= c) }'
run -d "$tdb" optimize tail-hedge --scenarios -30:1.5,+20
expect_err "a scenario that is not a crash" 2 "--scenarios"
unset ALLOT_NOW
run -d "$tdb" optimize tail-hedge
expect_err "no chain that expires after the valuation time" 1 "no puts to buy"
finish
