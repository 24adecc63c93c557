#!/bin/sh
# test_concurrency.sh: several allot processes writing one store at once.
# Every write is done completely or refused with "store busy" (exit 1);
# the store stays consistent (integrity_check, foreign keys) and holds
# exactly the writes that reported success.
#  1. A write lock held by the sqlite3 shell (BEGIN IMMEDIATE): each kind
#     of write is refused after ALLOT_BUSY_TIMEOUT_MS with "store busy"
#     and changes nothing; reads still work; with the default wait a
#     writer outlasts a short lock and succeeds.
#  2. WRITERS processes each run a series of imports and position adds
#     at the same time, half with no wait (ALLOT_BUSY_TIMEOUT_MS=0, so
#     some are refused), half waiting up to a minute (never refused).
. "$top_srcdir/tests/cli/lib.sh"
SQL=${SQLITE3_SHELL:-sqlite3}
command -v "$SQL" >/dev/null 2>&1 || { echo "1..0 # SKIP no sqlite3 shell"; exit 0; }

db="$T/c.db"
"$ALLOT" -d "$db" init >/dev/null || { echo "Bail out! init failed"; exit 1; }
"$ALLOT" -d "$db" portfolio new shared >/dev/null

# hold_lock SECONDS: the sqlite3 shell takes the write lock and keeps it
# for SECONDS or until release_lock; returns once the lock is held
hold_lock() {
  rm -f "$T/locked" "$T/release"
  (printf 'BEGIN IMMEDIATE;\nSELECT %s;\n' "'locked'"
   i=0
   while [ ! -e "$T/release" ] && [ $i -lt $(($1 * 50)) ]; do sleep 0.02; i=$((i + 1)); done
   printf 'ROLLBACK;\n') 2>/dev/null | "$SQL" "$db" >"$T/locked" 2>&1 &
  holder=$!
  i=0
  while ! grep -q locked "$T/locked" 2>/dev/null && [ $i -lt 250 ]; do
    sleep 0.02; i=$((i + 1))
  done
}
release_lock() {
  touch "$T/release"
  wait "$holder" 2>/dev/null
}

# ---- 1. a lock held by another process
printf 'date,symbol,close\n2024-01-01,LCK,1\n2024-01-02,LCK,2\n' >"$T/lp.csv"
printf 'kind,instrument,quantity,entry_price\nspot,LCK,1,1\n' >"$T/lq.csv"
printf 'instrument_name,underlying,expiry_utc,strike,option_type,underlying_price,mark_price\n' \
  >"$T/lc.csv"
printf 'LCK-27JUN30-1-C,LCK,2030-06-27,1,call,1,0.1\n' >>"$T/lc.csv"
"$ALLOT" -d "$db" position add SEED --qty 1 --price 1 >/dev/null
before=$(store_state "$db")
hold_lock 30
for w in "import prices $T/lp.csv" "import positions $T/lq.csv" \
         "position add LCK --qty 1 --price 1" "portfolio new other" "import chain $T/lc.csv" \
         "undo" "asset set SEED --class other"; do
  start=$(date +%s%N)
  export ALLOT_BUSY_TIMEOUT_MS=200
  # shellcheck disable=SC2086
  run -d "$db" $w
  unset ALLOT_BUSY_TIMEOUT_MS
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  expect_err "$w is refused while another process holds the lock" 1 \
    "store busy: another process holds the lock on .*c\\.db \\(waited 0\\.2 s\\)"
  check "$w waited for the lock before giving up ($ms ms)" test "$ms" -ge 200
done
run -d "$db" positions
expect_out "reads go on while another process writes" "SEED"
release_lock
check "refused writes changed nothing" test "$(store_state "$db")" = "$before"

hold_lock 1
run -d "$db" position add WAITED --qty 1 --price 1
expect_rc "with the default wait a writer outlasts a 1 s lock" 0
release_lock

# ---- 2. many writers at once
WRITERS=${WRITERS:-8}
NPOS=200
for p in $(seq 1 "$WRITERS"); do
  awk -v p="$p" 'BEGIN { print "date,symbol,close"
    for (d = 0; d < 1000; d++) printf "%d-%02d-%02d,C%d,%d.5\n", 2000 + int(d / 336),
      1 + int(d % 336 / 28), 1 + d % 28, p, 100 + d }' >"$T/prices$p.csv"
  sed "s/,C$p,/,D$p,/" "$T/prices$p.csv" >"$T/pricesb$p.csv"
  awk -v p="$p" -v n=$NPOS 'BEGIN { print "kind,instrument,quantity,entry_price"
    for (i = 0; i < n; i++) printf "spot,P%dx%d,%d,1\n", p, i, i + 1 }' >"$T/pos$p.csv"
done

# writer P: its operations in order; each result goes to $T/res/P.N as
# "rc|first line of stderr"
writer() {
  p=$1
  # odd writers give up at once; even ones wait up to a minute (not the
  # default 5 s: on a loaded machine, or under ASan, the lock can be
  # taken by others for longer, as SQLite's lock is not a queue)
  if [ $((p % 2)) -eq 1 ]; then export ALLOT_BUSY_TIMEOUT_MS=0
  else export ALLOT_BUSY_TIMEOUT_MS=60000; fi
  k=0
  op() {
    k=$((k + 1))
    "$ALLOT" -d "$db" "$@" >/dev/null 2>"$T/res/$p.$k.err"
    echo "$?|$(head -n 1 "$T/res/$p.$k.err")" >"$T/res/$p.$k"
    echo "$*" >"$T/res/$p.$k.op"
  }
  op import prices "$T/prices$p.csv"
  op import positions "$T/pos$p.csv" --portfolio "cp$p"
  for j in 1 2 3 4 5; do op position add "Q${p}x$j" --portfolio shared --qty "$j" --price 1; done
  op import prices "$T/pricesb$p.csv"
}
mkdir -p "$T/res"
start=$(date +%s%N)
pids=
for p in $(seq 1 "$WRITERS"); do writer "$p" & pids="$pids $!"; done
for pid in $pids; do wait "$pid"; done
ms=$(( ($(date +%s%N) - start) / 1000000 ))

q() { "$SQL" "$db" "$1"; }
check "integrity_check is ok after $WRITERS writers ($ms ms)" \
  test "$(q 'PRAGMA integrity_check')" = ok
check "no foreign key is broken" test -z "$(q 'PRAGMA foreign_key_check')"

# each result: done (0 and no message), refused as busy (1, "store busy"),
# or anything else (a failure of this test)
for r in "$T"/res/*.[1-8]; do echo "$(basename "$r")|$(cat "$r")|$(cat "$r.op")"; done \
  >"$T/results"
done_n=$(grep -c '^[^|]*|0||' "$T/results" || true)
busy_n=$(grep -c '^[^|]*|1|allot: store busy: ' "$T/results" || true)
bad=$(grep -v -e '^[^|]*|0||' -e '^[^|]*|1|allot: store busy: ' "$T/results" || true)
check "each write either succeeded or was refused as busy ($done_n done, $busy_n busy)" \
  test -z "$bad"
[ -z "$bad" ] || printf '%s\n' "$bad" | sed 's/^/# /'

# what the store holds against what was reported, operation by operation
q "SELECT symbol || '|' || count(*) FROM prices GROUP BY symbol" >"$T/v_prices"
q "SELECT name || '|' || (SELECT count(*) FROM positions WHERE portfolio_id = portfolios.id)
   FROM portfolios" >"$T/v_pf"
q "SELECT instrument FROM positions WHERE instrument LIKE 'Q%'" >"$T/v_q"
lost= extra=
ok_of() { grep -q "^$1|0||" "$T/results"; }
for p in $(seq 1 "$WRITERS"); do
  for sym in C D; do
    k=1; [ $sym = D ] && k=8
    if ok_of "$p.$k"; then grep -qx "$sym$p|1000" "$T/v_prices" || lost="$lost $sym$p"
    else ! grep -q "^$sym$p|" "$T/v_prices" || extra="$extra $sym$p"; fi
  done
  if ok_of "$p.2"; then grep -qx "cp$p|$NPOS" "$T/v_pf" || lost="$lost cp$p"
  else ! grep -q "^cp$p|" "$T/v_pf" || extra="$extra cp$p"; fi
  for j in 1 2 3 4 5; do
    if ok_of "$p.$((j + 2))"; then grep -qx "Q${p}x$j" "$T/v_q" || lost="$lost Q${p}x$j"
    else ! grep -qx "Q${p}x$j" "$T/v_q" || extra="$extra Q${p}x$j"; fi
  done
done
check "every write reported done is in the store, whole" test -z "$lost"
check "no refused write left anything behind" test -z "$extra"
[ -z "$lost$extra" ] || echo "# lost:$lost extra:$extra"

nadd=$(grep -c '^[^|]*\.[3-7]|0|' "$T/results" || true)
nimp=$(grep -c '^[^|]*\.2|0|' "$T/results" || true)
check "the journal holds one entry per position add done ($nadd)" \
  test "$(q "SELECT count(*) FROM journal WHERE action = 'position add' AND summary LIKE 'Q%'")" = "$nadd"
check "the journal holds one entry per positions import done ($nimp)" \
  test "$(q "SELECT count(*) FROM journal WHERE action = 'import positions'")" = "$nimp"
waited=$(grep -v '^[0-9]*[02468]\.[1-8]|0||' "$T/results" | grep '^[0-9]*[02468]\.' || true)
check "writers that wait were never refused" test -z "$waited"
echo "# $WRITERS writers, $((done_n + busy_n)) writes in $ms ms: $done_n done, $busy_n refused as busy"
finish
