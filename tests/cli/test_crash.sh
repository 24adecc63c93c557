#!/bin/sh
# test_crash.sh: allot killed with SIGKILL at random points of a large
# write never leaves a broken or half-written store. Three writes, each one
# transaction: `allot import prices` of 200,000 rows, `allot import
# positions` of 20,000 rows (journaled), and `allot apply` of a saved
# risk-parity proposal (a few trades, journaled: short, so most kills fall
# before or after it; the imports give the long windows). Each run
# copies a baseline store, starts the write, kills it after a time drawn
# from a fixed seed (uniform from just before the write begins writing to
# 1.1 times its measured duration, so some runs finish), then checks
# PRAGMA integrity_check and
# that the store holds all of the write or none of it (row counts, and
# the journal), and that allot opens it again.
#
# CRASH_RUNS runs per write (default 10, to keep make check quick; .ci/run
# runs 50 each: 150), CRASH_SEED the seed (default 20241206). Under the
# sanitizer build the default is 3: ASan makes every run slower and adds
# nothing to what a kill can break.
. "$top_srcdir/tests/cli/lib.sh"
SQL=${SQLITE3_SHELL:-sqlite3}
command -v "$SQL" >/dev/null 2>&1 || { echo "1..0 # SKIP no sqlite3 shell"; exit 0; }
runs_default=10
if command -v ldd >/dev/null 2>&1 && ldd "$ALLOT" 2>/dev/null | grep -q libasan; then
  runs_default=3
fi
RUNS=${CRASH_RUNS:-$runs_default}
SEED=${CRASH_SEED:-20241206}
q() { "$SQL" "$1" "$2"; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

base="$T/base.db"
"$ALLOT" -d "$base" init >/dev/null &&
  "$ALLOT" -d "$base" import prices "$ALLOT_SHARE/demo/prices.csv" >/dev/null 2>&1 &&
  ALLOT_NOW=2024-12-06T23:59:59Z "$ALLOT" -d "$base" import positions \
    "$ALLOT_SHARE/demo/positions.csv" >/dev/null 2>&1 &&
  ALLOT_NOW=2024-12-06T23:59:59Z "$ALLOT" -d "$base" optimize riskparity --db \
    --portfolio main --capital 1000000 --save rp >/dev/null 2>&1 ||
  { echo "Bail out! cannot build the baseline store"; exit 1; }

# 200,000 prices: 20 symbols x 10,000 days
awk 'BEGIN { print "date,symbol,close"
  for (s = 0; s < 20; s++) for (d = 0; d < 10000; d++)
    printf "%04d-%02d-%02d,K%02d,%.4f\n", 1980 + int(d / 336), 1 + int(d % 336 / 28),
      1 + d % 28, s, 100 + s + d / 1000 }' >"$T/prices.csv"
# 20,000 positions, into a portfolio the import creates
awk 'BEGIN { print "kind,instrument,quantity,entry_price,note"
  for (i = 0; i < 20000; i++) printf "spot,Z%05d,%d,%d.25,row %d\n", i, i + 1, i % 997 + 1, i }' \
  >"$T/positions.csv"

# state DB: counts of prices, positions, journal entries, journal rows,
# applied proposals, and the sum of the quantities held
state() {
  q "$1" "SELECT (SELECT count(*) FROM prices) || ' ' || (SELECT count(*) FROM positions)
          || ' ' || (SELECT count(*) FROM journal) || ' ' || (SELECT count(*) FROM journal_rows)
          || ' ' || (SELECT count(*) FROM proposals WHERE applied_journal IS NOT NULL)
          || ' ' || (SELECT total(quantity) FROM positions)"
}
before=$(state "$base")

# measure ARGS...: time one complete write (full_ms) and the state it
# leaves (after); and when it starts writing (begin_ms): the time it takes
# to fail with "store busy" while the sqlite3 shell holds the lock
measure() {
  cp "$base" "$T/m.db"
  t0=$(now_ms)
  "$ALLOT" -d "$T/m.db" "$@" >/dev/null 2>&1 || { echo "Bail out! the write fails: $*"; exit 1; }
  full_ms=$(( $(now_ms) - t0 ))
  after=$(state "$T/m.db")
  cp "$base" "$T/m.db"
  rm -f "$T/locked" "$T/release"
  (printf 'BEGIN IMMEDIATE;\nSELECT %s;\n' "'locked'"
   i=0; while [ ! -e "$T/release" ] && [ $i -lt 1500 ]; do sleep 0.02; i=$((i + 1)); done
   printf 'ROLLBACK;\n') 2>/dev/null | "$SQL" "$T/m.db" >"$T/locked" 2>&1 &
  holder=$!
  i=0; while ! grep -q locked "$T/locked" 2>/dev/null && [ $i -lt 250 ]; do
    sleep 0.02; i=$((i + 1)); done
  t0=$(now_ms)
  ALLOT_BUSY_TIMEOUT_MS=0 "$ALLOT" -d "$T/m.db" "$@" >/dev/null 2>"$T/m.err"
  begin_ms=$(( $(now_ms) - t0 ))
  touch "$T/release"
  wait "$holder" 2>/dev/null
  grep -q 'store busy' "$T/m.err" || begin_ms=0
}

# crash WHAT ARGS...: RUNS kills during `allot ARGS`, at times drawn
# uniformly from 0.9 x begin_ms to 1.1 x full_ms
crash() {
  what=$1
  shift
  measure "$@"
  check "$what: the full write changes the store ($before -> $after)" \
    test "$before" != "$after"
  # from just before the write begins (for a write as short as an apply,
  # from 0.6 of its run: its start and end are within the noise), to
  # just after it ends
  lo=$((begin_ms * 9 / 10)) hi=$((full_ms * 11 / 10))
  [ "$lo" -le $((full_ms * 6 / 10)) ] || lo=$((full_ms * 6 / 10))
  awk -v seed="$SEED" -v n="$RUNS" -v lo="$lo" -v hi="$hi" 'BEGIN { srand(seed)
    for (i = 0; i < n; i++) printf "%.3f\n", (lo + rand() * (hi - lo)) / 1000 }' >"$T/times"
  rolled=0 landed=0 broken=0 finished=0 inwrite=0
  t0=$(now_ms)
  while read -r t; do
    db="$T/k.db"
    rm -f "$db" "$db-wal" "$db-shm"
    cp "$base" "$db"
    "$ALLOT" -d "$db" "$@" >/dev/null 2>&1 &
    pid=$!
    sleep "$t"
    kill -9 "$pid" 2>/dev/null
    { wait "$pid"; } 2>/dev/null
    rc=$?
    [ "$rc" != 0 ] || finished=$((finished + 1))
    # frames in the WAL: the kill came once writing had begun
    [ ! -s "$db-wal" ] || inwrite=$((inwrite + 1))
    st=$(q "$db" 'PRAGMA integrity_check' 2>&1 | tr '\n' ' ')$(state "$db" 2>&1)
    if [ "$st" = "ok $before" ] && [ "$rc" != 0 ]; then
      rolled=$((rolled + 1))
    elif [ "$st" = "ok $after" ]; then
      landed=$((landed + 1))
    else
      broken=$((broken + 1)); echo "# $what: killed at $t s (exit $rc): $st"
    fi
    "$ALLOT" -d "$db" positions >/dev/null 2>&1 || {
      broken=$((broken + 1)); echo "# $what: killed at $t s: allot cannot open the store"; }
  done <"$T/times"
  ms=$(( $(now_ms) - t0 ))
  check "$what: $RUNS kills, every store whole: $rolled rolled back, $landed landed" \
    test "$broken.$((rolled + landed))" = "0.$RUNS"
  echo "# $what: the write takes $full_ms ms and begins writing at $begin_ms ms; seed $SEED," \
       "kills from $lo to $hi ms: $inwrite with WAL frames written, $finished after the" \
       "process had finished; $ms ms for the $RUNS runs"
}

crash "import prices (200,000 rows)" import prices "$T/prices.csv"
crash "import positions (20,000 rows, journaled)" import positions "$T/positions.csv" \
  --portfolio crash
ALLOT_NOW=2024-12-06T23:59:59Z
export ALLOT_NOW
crash "apply (a risk-parity proposal of 14 trades)" apply rp
finish
