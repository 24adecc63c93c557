#!/bin/sh
# test_risk.sh: `allot risk` on a book of spot BTC, checked against VaR
# computed independently (awk) from the same closes, and the Monte-Carlo
# methods against the closed form within sampling error.
. "$top_srcdir/tests/cli/lib.sh"

near_rel() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = (a - b) / b; if (d < 0) d = -d; exit !(d <= t) }'; }
field() { printf '%s\n' "$out" | sed -n 2p | cut -d, -f"$1"; }

db="$T/r.db"
"$ALLOT" -d "$db" init >/dev/null
"$ALLOT" -d "$db" import prices "$data/crypto_daily.csv" >/dev/null 2>&1
"$ALLOT" -d "$db" position add BTC --qty 2 --price 50000 >/dev/null
"$ALLOT" -d "$db" export prices --symbols BTC --csv >"$T/btc.csv"
S=$(tail -n 1 "$T/btc.csv" | cut -d, -f3)

# historical, 99 %, 1 day: PnL_t = 2 S (exp(r_t) - 1) over every past day;
# VaR the k-th worst loss with k = ceil(n / 100), CVaR the mean of the k worst
awk -F, -v S="$S" 'NR > 2 { printf "%.17g\n", 2 * S * (exp(log($3 / p)) - 1) } NR > 1 { p = $3 }' \
  "$T/btc.csv" | sort -g >"$T/pnl"
npnl=$(wc -l <"$T/pnl")
k=$(( (npnl + 99) / 100 ))
want_var=$(sed -n "${k}p" "$T/pnl" | awk '{ printf "%.10f", -$1 }')
want_cvar=$(head -n "$k" "$T/pnl" | awk '{ s += $1 } END { printf "%.10f", -s / NR }')
run -d "$db" risk --method historical --csv
expect_rc "historical VaR runs" 0
check "n is every daily return ($npnl)" test "$(field 4)" = "$npnl"
check "k = ceil(n/100) = $k" test "$(field 5)" = "$k"
check "historical VaR matches an independent computation" near_rel "$(field 6)" "$want_var" 1e-9
check "historical CVaR matches an independent computation" near_rel "$(field 7)" "$want_cvar" 1e-9

# delta-normal: VaR = z_0.99 * 2 S * sd(r), sd with divisor T - 1, zero mean
sd=$(awk -F, 'NR > 2 { r = log($3 / p); s += r; q += r * r; n++ } NR > 1 { p = $3 }
  END { m = s / n; printf "%.15f", sqrt((q - n * m * m) / (n - 1)) }' "$T/btc.csv")
want=$(awk -v S="$S" -v sd="$sd" 'BEGIN { printf "%.10f", 2.3263478740408408 * 2 * S * sd }')
run -d "$db" risk --method normal --csv
expect_rc "delta-normal VaR runs" 0
check "delta-normal VaR is z 2 S sd" near_rel "$(field 6)" "$want" 1e-6
normal=$(field 6)

run -d "$db" risk --method mc-normal --paths 200000 --seed 7 --csv
expect_rc "Monte-Carlo normal VaR runs" 0
check "the seed is printed" test "$(field 8)" = 7
# in MC a long spot book is lognormal: its 1-day 99 % loss is 2 S (1 - exp(-z sd)),
# within the sampling error of 200,000 paths (about 0.4 % here; 2 % allowed)
lognormal=$(awk -v S="$S" -v sd="$sd" 'BEGIN { printf "%.10f", 2 * S * (1 - exp(-2.3263478740408408 * sd)) }')
check "Monte-Carlo normal VaR is the lognormal quantile" near_rel "$(field 6)" "$lognormal" 0.02
first=$out
run -d "$db" risk --method mc-normal --paths 200000 --seed 7 --csv
check "the same seed gives the same figures" test "$out" = "$first"
run -d "$db" risk --method mc-normal --paths 200000 --seed 8 --csv
check "another seed gives other figures" test "$out" != "$first"
run -d "$db" risk --method mc-t --df 4 --paths 200000 --confidence 0.999 --csv
t999=$(field 6)
run -d "$db" risk --method mc-normal --paths 200000 --confidence 0.999 --csv
check "Student-t tails are fatter at 99.9 % ($t999 > $(field 6))" \
  awk -v a="$t999" -v b="$(field 6)" 'BEGIN { exit !(a > b) }'
run -d "$db" risk --method historical --horizon 10 --csv
check "a 10-day horizon uses overlapping windows: n - 9 outcomes" test "$(field 4)" = "$((npnl - 9))"

run -d "$db" risk --confidence 1.5
expect_err "a confidence outside (0, 1)" 1 "confidence"
run -d "$db" risk --method mc-t --df 2
expect_err "degrees of freedom of 2 or less" 2 "--df"
run -d "$db" risk --prices "$T/btc.csv"
expect_err "risk uses the store's prices" 2 "do not apply"
run --demo risk --method historical --csv
expect_rc "historical VaR of the demo book (options revalued in full)" 0

# exposure --spot revalues the options on a forward that moves with the
# spot (the chain's basis kept): the book's change equals the stress
# grid's cell for the same move, found by scenario revaluation
run --demo exposure --csv
base=$(printf '%s\n' "$out" | awk -F, '$1 == "total" { print $8 }')
half=$(printf '%s\n' "$out" | awk -F, '$1 == "underlying" && $4 == "BTC" { printf "%.17g", $6 / 2 }')
run --demo exposure --spot "BTC=$half" --csv
moved=$(printf '%s\n' "$out" | awk -F, '$1 == "total" { print $8 }')
run --demo stress --each --csv
cell=$(printf '%s\n' "$out" | awk -F, '$1 == "BTC" && $2 == -0.5 && $3 == 0 { print $4 }')
out="base $base, BTC at $half: $moved; stress cell $cell"
check "exposure --spot BTC at half moves the book as the stress grid's cell" \
  awk -v b="$base" -v m="$moved" -v c="$cell" \
  'BEGIN { d = m - b - c; exit !(c != "" && d < 1e-6 && d > -1e-6 && c > 10000) }'
finish
