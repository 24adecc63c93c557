#!/bin/sh
# test_stats.sh: `allot cov`, `allot corr`, `allot hedge-ratio` and
# `allot stress` end to end, against hand-worked values and identities, and
# the calm-versus-stressed story on real crypto closes.
. "$top_srcdir/tests/cli/lib.sh"

near() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= t) }'; }
cell() { printf '%s\n' "$out" | sed -n "$1p" | cut -d, -f"$2"; }

# A: 100 110 99, B: 50 55 55 -> simple returns A 0.1 -0.1, B 0.1 0; divisor T-1 = 1:
# var A 0.02, cov 0.01, var B 0.005
printf 'date,A,B\n2024-01-01,100,50\n2024-01-02,110,55\n2024-01-03,99,55\n' >"$T/w.csv"
run cov --prices "$T/w.csv" --returns simple --csv
expect_rc "cov runs on a file" 0
check "the CSV header names the symbols" test "$(cell 1 1-3)" = "symbol,A,B"
check "var A = 0.02" near "$(cell 2 2)" 0.02 1e-15
check "cov A,B = 0.01" near "$(cell 2 3)" 0.01 1e-15
check "var B = 0.005" near "$(cell 3 3)" 0.005 1e-15
check "symmetric" test "$(cell 2 3)" = "$(cell 3 2)"
run cov --prices "$T/w.csv" --returns simple --annualize 365 --csv
check "--annualize 365 multiplies by 365" near "$(cell 2 2)" 7.3 1e-12
run cov --prices "$T/w.csv" --db
expect_err "--prices and --db together" 2 "--prices FILE or --db"

d="$data/crypto_daily.csv"
run corr --prices "$d" --symbols BTC,ETH,SOL --csv
expect_rc "corr runs on real closes" 0
check "diagonal exactly 1" test "$(cell 2 2),$(cell 3 3),$(cell 4 4)" = "1,1,1"
check "symmetric" test "$(cell 2 3)" = "$(cell 3 2)"
full=$(allot_out() { "$ALLOT" corr --prices "$d" --symbols BTC,ETH --csv | sed -n 2p | cut -d, -f3; }; allot_out)
run corr --prices "$d" --symbols BTC,ETH --from 2020-02-20 --to 2020-04-15 --csv
covid=$(cell 2 3)
check "BTC-ETH correlation in the COVID crash ($covid) is higher than over all their history ($full)" \
  awk -v a="$covid" -v b="$full" 'BEGIN { exit !(a > b) }'
for m in ewma lw-identity lw-constcorr; do
  run corr --prices "$d" --symbols BTC,ETH,SOL --method "$m" --csv
  check "$m correlation has a unit diagonal" test "$(cell 2 2),$(cell 4 4)" = "1,1"
done
run corr --prices "$d" --symbols BTC,ETH,XRP,ADA --method lw-constcorr
expect_out "the shrinkage intensity is reported" "shrinkage intensity [0-9.]+"

# calm versus stressed: the worst 5 % of basket days against the other days
majors=BTC,ETH,XRP,ADA,BNB,DOGE,LINK
mean_off() { printf '%s\n' "$1" | awk -F, 'NR > 1 { for (j = 2; j <= NF; j++) if (j != NR) { s += $j; n++ } } END { print s / n }'; }
run corr --prices "$d" --symbols $majors --stressed --csv
expect_rc "stressed correlation runs" 0
stress=$(mean_off "$out")
run corr --prices "$d" --symbols $majors --stressed --blend 0 --csv
calm=$(mean_off "$out")
check "crypto correlations rise on stress days ($stress > $calm)" \
  awk -v a="$stress" -v b="$calm" 'BEGIN { exit !(a > b + 0.1) }'
run corr --prices "$d" --symbols $majors --stressed
expect_out "the stress day count and the effective number of bets are stated" \
  "stress days of [0-9]+ .*effective number of independent bets"
run corr --prices "$d" --symbols BTC,ETH --threshold 5
expect_err "--threshold without --stressed is a usage error" 2 "go with --stressed"

# rolling: the last window equals the plain correlation of the last N returns
run corr --prices "$d" --symbols BTC,ETH --rolling BTC,ETH --window 30 --csv
expect_rc "rolling correlation runs" 0
check "rolling has a date,corr header" test "$(cell 1 1-2)" = "date,corr"
last=$(printf '%s\n' "$out" | tail -n 1 | cut -d, -f2)
run corr --prices "$d" --symbols BTC,ETH --window 30 --csv
check "the last rolling value is the correlation of the last 30 returns" near "$last" "$(cell 2 3)" 1e-12

run corr --prices "$d" --symbols BTC,SOL,AVAX --pairwise --csv
expect_rc "pairwise correlation over unequal histories runs" 0
check "pairwise keeps a unit diagonal" test "$(cell 2 2),$(cell 3 3),$(cell 4 4)" = "1,1,1"

# hedge ratio: A = B^2 in price gives log returns a = 2 b exactly
printf 'date,A,B\n2024-01-01,10000,100\n2024-01-02,12100,110\n2024-01-03,11025,105\n2024-01-04,14400,120\n' \
  >"$T/h.csv"
run hedge-ratio --prices "$T/h.csv" --asset A --hedge B --csv
expect_rc "hedge-ratio runs" 0
check "ratio 2" near "$(cell 2 4)" 2 1e-12
check "correlation 1, R2 1, all variance removed" sh -c \
  'printf "%s\n" "$1" | sed -n 2p | awk -F, "{ exit !(\$5 > 1 - 1e-12 && \$6 > 1 - 1e-12 && \$7 > 1 - 1e-12) }"' _ "$out"
printf 'date,A,B\n2024-01-01,1,5\n2024-01-02,2,5\n2024-01-03,3,5\n2024-01-04,2,5\n' >"$T/flat.csv"
run hedge-ratio --prices "$T/flat.csv" --asset A --hedge B
expect_err "a hedge that does not move is refused" 1 "hedging A with B: .*constant"

# stress: a book of 2 BTC loses exactly half its value at -50 %
db="$T/s.db"
"$ALLOT" -d "$db" init >/dev/null
"$ALLOT" -d "$db" import prices "$d" >/dev/null 2>&1
"$ALLOT" -d "$db" position add BTC --qty 2 --price 50000 >/dev/null
run -d "$db" stress --spot-range -50%:50%:50% --vol-range 0:0:1 --csv
expect_rc "stress runs" 0
check "the centre cell is exactly 0" test "$(printf '%s\n' "$out" | grep '^all,0,' | cut -d, -f4)" = 0
check "-50 % on 2 BTC at 99920.71 loses 99920.71" near \
  "$(printf '%s\n' "$out" | grep '^all,-0.5,' | cut -d, -f4)" -99920.71 1e-6
run -d "$db" stress --scenario crash --csv
check "the crash scenario moves crypto -40 %" near "$(cell 2 2)" "$(awk 'BEGIN { printf "%.10f", -0.4 * 2 * 99920.71 }')" 1e-6
run --demo stress --scenario all --csv
expect_rc "every named scenario on the demo book" 0
check "eight named scenarios" test "$(printf '%s\n' "$out" | wc -l)" = 9
run --demo stress --scenario nosuch
expect_err "an unknown scenario" 2 "no scenario named nosuch"
run --demo stress --spot-range 1:0:1
expect_err "a range whose LO exceeds HI" 2 "--spot-range"
finish
