#!/bin/sh
# test_escapes.sh: terminal escape sequences in symbol names, notes, file
# contents, file names, arguments or a crafted store never reach allot's
# standard output or standard error raw. Each run feeds ESC bytes (an SGR
# colour, an OSC window title) where an input can hold them, lets allot
# accept or refuse them as its parsers decide, and checks that neither
# output stream holds an ESC (0x1b) or BEL byte.
. "$top_srcdir/tests/cli/lib.sh"
SQL=${SQLITE3_SHELL:-sqlite3}
E=$(printf '\033')
RED="${E}[31m"
TITLE="${E}]0;pwned$(printf '\007')"

db="$T/e.db"
"$ALLOT" -d "$db" init >/dev/null &&
  "$ALLOT" -d "$db" import prices "$ALLOT_SHARE/demo/prices.csv" >/dev/null 2>&1 &&
  ALLOT_NOW=2024-12-06T23:59:59Z "$ALLOT" -d "$db" import positions \
    "$ALLOT_SHARE/demo/positions.csv" >/dev/null 2>&1 ||
  { echo "Bail out! cannot build the store"; exit 1; }
export ALLOT_NOW=2024-12-06T23:59:59Z

# clean NAME ARGS...: run allot; no ESC or BEL in what it wrote
clean() {
  name=$1
  shift
  "$ALLOT" "$@" >"$T/out" 2>"$T/err"
  rc=$?
  out=$(cat "$T/out")
  err=$(cat "$T/err")
  bad=$(cat "$T/out" "$T/err" | tr -cd '\033\007' | wc -c)
  if [ "$bad" -eq 0 ]; then
    ok "$name (exit $rc)"
  else
    out=$(cat -v "$T/out")
    err=$(cat -v "$T/err")
    not_ok "$name" "$bad ESC or BEL bytes written raw (exit $rc)"
  fi
}

# ---- file contents
printf 'date,symbol,close\n2024-01-01,BT%sC,1\n' "$RED" >"$T/p1.csv"
clean "a price file symbol with ESC" -d "$db" import prices "$T/p1.csv"
printf 'date,BTC,E%sTH\n2024-01-01,1,2\n' "$TITLE" >"$T/p2.csv"
clean "a wide header symbol with ESC" -d "$db" import prices "$T/p2.csv"
printf 'date,symbol,close\n2024-01-01,BTC,1%s\n' "$RED" >"$T/p3.csv"
clean "a close with ESC" -d "$db" import prices "$T/p3.csv"
printf 'Date,Open,High,Low,Close\n2024-01-01,1,1,1,1\n' >"$T/X$RED.csv"
clean "a Yahoo file whose name (the symbol) holds ESC" -d "$db" import prices "$T/X$RED.csv"

printf 'kind,instrument,quantity,entry_price,note\nspot,DOGE,1,1,hi %s there\n' "$RED" \
  >"$T/q1.csv"
clean "a position note with ESC" -d "$db" import positions "$T/q1.csv"
printf 'kind,instrument,quantity,entry_price\nspot,DO%sGE,1,1\n' "$TITLE" >"$T/q2.csv"
clean "an instrument with ESC" -d "$db" import positions "$T/q2.csv"
printf 'portfolio,kind,instrument,quantity,entry_price\nm%sx,spot,DOGE,1,1\n' "$RED" \
  >"$T/q3.csv"
clean "a portfolio column with ESC" -d "$db" import positions "$T/q3.csv"
printf 'kind,instrument,quantity,entry_price,no%ste\nspot,DOGE,1,1,x\n' "$RED" >"$T/q4.csv"
clean "a positions header with ESC" -d "$db" import positions "$T/q4.csv"

printf 'instrument_name,underlying,expiry_utc,strike,option_type,underlying_price,mark_price\n' \
  >"$T/c1.csv"
printf 'BTC-27JUN30-1-C,B%sTC,2030-06-27,1,call,1,0.1\n' "$RED" >>"$T/c1.csv"
clean "an option chain underlying with ESC" -d "$db" import chain "$T/c1.csv"

printf 'label,type,spot,strike,years,vol,no%ste\nrow %s one,call,100,100,1,0.5,x\n' \
  "$RED" "$TITLE" >"$T/g.csv"
clean "greeks --input echoing columns with ESC, as a table" greeks --input "$T/g.csv"
clean "greeks --input echoing columns with ESC, as CSV" greeks --input "$T/g.csv" --csv
sed 's/,vol,/,price,/' "$T/g.csv" >"$T/iv.csv"
clean "iv --input echoing columns with ESC, as CSV" iv --input "$T/iv.csv" --csv
printf 'type,spot,strike,years,vol\nca%sll,100,100,1,0.5\n' "$RED" >"$T/g2.csv"
clean "greeks --input with a bad type holding ESC" greeks --input "$T/g2.csv"

printf 'symbol,A%s,B\nA%s,0.04,0.01\nB,0.01,0.09\n' "$RED" "$RED" >"$T/cov.csv"
clean "a covariance matrix with ESC in a name, as a table" \
  optimize riskparity --cov "$T/cov.csv"
clean "a covariance matrix with ESC in a name, as CSV" \
  optimize riskparity --cov "$T/cov.csv" --csv
printf 'symbol,budget\nB%s,1\n' "$TITLE" >"$T/b.csv"
clean "a budget file symbol with ESC" optimize riskparity --cov "$T/cov.csv" \
  --budget-file "$T/b.csv"
printf 'pnl%s\n1\nx%s\n' "$RED" "$RED" >"$T/pnl.csv"
clean "a PnL file with ESC" var --pnl "$T/pnl.csv"

# ---- file names (an import positions records its file in the journal)
printf 'kind,instrument,quantity,entry_price\nspot,DOGE,100,0.1\n' >"$T/pos$RED.csv"
clean "import positions from a file whose name holds ESC" -d "$db" import positions \
  "$T/pos$RED.csv"
clean "the journal listing that file name" -d "$db" undo --list
clean "the journal exported as CSV" -d "$db" export journal --csv
clean "a missing file whose name holds ESC" -d "$db" import prices "$T/nope$TITLE.csv"

# ---- arguments
clean "--symbol with ESC" -d "$db" import prices --symbol "X$RED" "$T/p3.csv"
clean "position add with an instrument holding ESC" -d "$db" position add "D$RED" \
  --qty 1 --price 1
clean "position add --note with ESC" -d "$db" position add DOGE2 --qty 1 --price 1 \
  --note "a$RED"
clean "position add --kind with ESC" -d "$db" position add DOGE2 --kind "s$RED" --qty 1 \
  --price 1
clean "position rm of a name with ESC" -d "$db" position rm "D$TITLE"
clean "portfolio new with ESC" -d "$db" portfolio new "p$RED"
clean "--portfolio with ESC" -d "$db" positions --portfolio "p$RED"
clean "an unknown subcommand with ESC" -d "$db" "x$RED"
clean "an unknown option with ESC" "--x$RED"
clean "an unknown subcommand option with ESC" -d "$db" positions "--x$RED"
clean "exposure --spot with ESC" -d "$db" exposure --spot "D$RED=1"
clean "export --symbols with ESC" -d "$db" export prices --symbols "B$RED"
clean "stress --scenario with ESC" -d "$db" stress --scenario "c$RED"
clean "asset set with ESC" -d "$db" asset set "X$RED" --class "c$RED"
clean "a store path with ESC" -d "$T/s$TITLE.db" init
clean "optimize --save with ESC in the proposal name" -d "$db" optimize riskparity --db \
  --symbols BTC,ETH --portfolio main --capital 1000 --save "n$RED"
clean "apply of a name with ESC" -d "$db" apply "n$RED"
clean "apply --list" -d "$db" apply --list
clean "setting set with ESC in the key" -d "$db" setting set "carry.B$RED" 0.1
clean "setting set with ESC in the value" -d "$db" setting set rate "0.0$RED"
clean "setting list" -d "$db" setting list
clean "cov with ESC in a symbol" -d "$db" cov --db --symbols "BTC,E$RED"
clean "hedge-ratio with ESC in a symbol" -d "$db" hedge-ratio --asset "B$TITLE" --hedge ETH
clean "risk with ESC in an option" -d "$db" risk --method "x$RED"

# ---- a crafted store: ESC written behind allot's back
if command -v "$SQL" >/dev/null 2>&1; then
  "$SQL" "$db" "UPDATE positions SET note = 'n' || char(27) || '[31m' WHERE instrument = 'BTC';
    UPDATE positions SET underlying = 'E' || char(27) || ']0;t' || char(7) WHERE instrument = 'ETH';
    INSERT INTO prices(symbol, date, close) VALUES ('Z' || char(27) || '[1m', 20240101, 1),
      ('E' || char(27) || ']0;t' || char(7), 20241206, 3000);
    UPDATE journal SET summary = summary || char(27) || '[2J' WHERE id = 1;"
  clean "crafted store: positions" -d "$db" positions
  clean "crafted store: positions --csv" -d "$db" positions --csv
  clean "crafted store: export positions --csv" -d "$db" export positions --csv
  clean "crafted store: export prices" -d "$db" export prices --from 2024-01-01 --to 2024-01-02
  clean "crafted store: export prices --csv" -d "$db" export prices --csv --from 2024-01-01 \
    --to 2024-01-02
  clean "crafted store: asset list" -d "$db" asset list
  clean "crafted store: exposure" -d "$db" exposure
  clean "crafted store: exposure --csv" -d "$db" exposure --csv
  clean "crafted store: stress" -d "$db" stress --scenario all
  clean "crafted store: undo --list" -d "$db" undo --list
  clean "crafted store: position rm" -d "$db" position rm ETH
fi
finish
