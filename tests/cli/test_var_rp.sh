#!/bin/sh
# test_var_rp.sh: `allot var` and `allot optimize riskparity --cov` against
# hand-worked and closed-form references.
. "$top_srcdir/tests/cli/lib.sh"

# losses 1..100: at 95 % the tail holds k = 5; VaR = 96, CVaR = (100+...+96)/5 = 98
{ echo pnl; i=1; while [ $i -le 100 ]; do echo "-$i"; i=$((i + 1)); done; } >"$T/pnl.csv"
run var --pnl "$T/pnl.csv" --confidence 0.95 --csv
expect_rc "var --pnl runs" 0
expect_out "historical VaR and CVaR by hand: k=5, 96, 98" "^historical,0.9499999999999999[0-9]*,100,5,96,98,"
# at 99 % over 100 outcomes k is exactly 1 (a naive ceil(100*(1-0.99)) gives 2)
run var --pnl "$T/pnl.csv" --confidence 0.99 --csv
expect_out "k = 1 at 99 % of 100, VaR = CVaR = 100" "^historical,[^,]*,100,1,100,100,"

# normal: z_0.99 = 2.3263478740408408, phi(z)/0.01 = 2.6652142203458...
run var --mean 0 --sd 1 --csv
expect_out "normal VaR at 99 % is z_0.99" "^normal,[^,]*,,,2.32634787404084[0-9]*,2.66521422034580[0-9]*,0,1$"
run var --mean 100 --sd 1000 --confidence 0.95 --csv
# VaR = -100 + 1000*1.6448536269514722 = 1544.85..., CVaR = -100 + 1000*phi(1.6449)/0.05 = 1962.71...
expect_out "normal VaR with a mean and sd" "^normal,[^,]*,,,1544.853626951[0-9]*,1962.71"
run var --pnl "$T/pnl.csv" --mean 0
expect_err "--pnl and --mean together is a usage error" 2 "either --pnl FILE or --mean"
run var --mean 0 --sd 1 --confidence 1
expect_err "confidence 1 is refused" 1 "confiden"
printf 'pnl\n1\n2,3\n' >"$T/bad.csv"
run var --pnl "$T/bad.csv"
expect_err "a PnL file with two columns is refused at the field" 1 "bad.csv:3:3: expected one column"
printf 'pnl\n1\nx\n' >"$T/bad.csv"
run var --pnl "$T/bad.csv"
expect_err "a PnL that is not a number is refused at the field" 1 "bad.csv:3:1: expected a number"

# risk parity. Constant correlation 0.5, vols 10/20/30/40 %: ERC weights are
# inverse to vol, 48/24/16/12 % (Maillard, Roncalli, Teiletche 2010).
awk 'BEGIN { split("0.1 0.2 0.3 0.4", s, " "); n = split("A B C D", nm, " ");
  printf "symbol"; for (j = 1; j <= n; j++) printf ",%s", nm[j]; print "";
  for (i = 1; i <= n; i++) { printf "%s", nm[i];
    for (j = 1; j <= n; j++) printf ",%.17g", (i == j ? 1 : 0.5) * s[i] * s[j]; print "" } }' \
  >"$T/cov.csv"
run optimize riskparity --cov "$T/cov.csv" --csv
expect_rc "riskparity runs" 0
check "header symbol,weight,risk_contribution" test "$(printf '%s\n' "$out" | head -n 1)" = \
  "symbol,weight,risk_contribution"
check "weights are 48/24/16/12 % within 1e-9 and contributions 1/4" sh -c '
  printf "%s\n" "$1" | awk -F, "NR > 1 { w[NR-1] = \$2; rc[NR-1] = \$3 }
    END { want[1] = .48; want[2] = .24; want[3] = .16; want[4] = .12; bad = 0;
      for (i = 1; i <= 4; i++) { d = w[i] - want[i]; if (d < 0) d = -d; if (d > 1e-9) bad = 1;
        d = rc[i] - 0.25; if (d < 0) d = -d; if (d > 1e-9) bad = 1 } exit bad }"' _ "$out"
# two assets, uncorrelated, budgets 1:3: RC_i = w_i^2 s_i^2 / var so w_i ~ sqrt(b_i)/s_i
printf 'symbol,X,Y\nX,0.04,0\nY,0,0.01\n' >"$T/cov2.csv"
run optimize riskparity --cov "$T/cov2.csv" --budgets 1,3 --csv
# w ~ (sqrt(1)/0.2, sqrt(3)/0.1) = (5, 17.3205...) -> (0.22400923..., 0.77599076...)
check "budgets 1:3 on uncorrelated assets match the closed form" sh -c '
  printf "%s\n" "$1" | awk -F, "NR == 2 { d = \$2 - 5 / (5 + 10 * sqrt(3)); if (d < 0) d = -d;
    if (d > 1e-9) exit 1; d = \$3 - 0.25; if (d < 0) d = -d; if (d > 1e-9) exit 1 }"' _ "$out"
printf 'symbol,budget\nY,3\nX,1\n' >"$T/budgets.csv"
run optimize riskparity --cov "$T/cov2.csv" --budget-file "$T/budgets.csv" --csv
out2=$out
run optimize riskparity --cov "$T/cov2.csv" --budgets 1,3 --csv
check "a budget file gives the same answer as --budgets" test "$out" = "$out2"
printf 'symbol,X,Y\nX,0.04,0.05\nY,0.05,0.01\n' >"$T/notpd.csv"
run optimize riskparity --cov "$T/notpd.csv"
expect_err "a covariance that is not positive definite is refused, naming the asset" 1 \
  "not positive definite.*Y"
run optimize riskparity --cov "$T/cov2.csv" --budgets 1,0
expect_err "a zero budget is refused, naming the asset" 1 "budget.*Y"
printf 'symbol,X,Y\nX,0.04,0.001\nY,0.002,0.01\n' >"$T/asym.csv"
run optimize riskparity --cov "$T/asym.csv"
expect_err "an asymmetric matrix is refused at the cell" 1 "asym.csv:3:3: the matrix is not symmetric"
printf 'symbol,X,Y\nY,0.04,0\nX,0,0.01\n' >"$T/order.csv"
run optimize riskparity --cov "$T/order.csv"
expect_err "rows out of the header's order are refused" 1 "order.csv:2:1: expected row 1 to be X"
finish
