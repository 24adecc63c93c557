#!/bin/sh
# test_feed.sh: `allot feed-sim` and `allot watch` end to end: the
# simulator piped into watch prints changing exposure; the same seed gives
# the same stream; bad lines and jumps are counted and shown, never fatal;
# quotes are stored in the store; a silent feed turns stale, a command that
# exits is restarted with doubling delays, and quitting kills it; --once,
# --simulate (the store untouched), a closed output, and usage errors.
# Every wait polls for its condition with a cap; none sleeps a fixed time
# to wait for something.
. "$top_srcdir/tests/cli/lib.sh"
SQL="${SQLITE3_SHELL:-sqlite3}"
pid=
# a background watch is stopped whatever happens to the test
trap '[ -z "$pid" ] || kill "$pid" 2>/dev/null; rm -rf "$T"' EXIT

# wait_for FILE PATTERN: until FILE has a line matching PATTERN (10 s cap)
wait_for() {
  i=0
  while ! grep -Eq "$2" "$1" 2>/dev/null; do
    i=$((i + 1))
    [ $i -lt 500 ] || return 1
    sleep 0.02
  done
}
# wait_exit PID: until the process is gone (10 s cap); its status in $rc
wait_exit() {
  i=0
  while kill -0 "$1" 2>/dev/null; do
    i=$((i + 1))
    [ $i -lt 500 ] || { kill -KILL "$1"; break; }
    sleep 0.02
  done
  wait "$1"
  rc=$?
  pid=
}
# gone PID START: the process does not exist, is a zombie nobody reaped
# yet, or its pid now belongs to another process (pids are reused fast on
# a busy machine: START is its start time, field 22 of /proc/PID/stat)
gone() {
  st=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null) || return 0
  [ -n "$st" ] || return 0
  case $st in Z*|X*) return 0 ;; esac
  [ "$(printf '%s\n' "$st" | cut -d' ' -f20)" != "$2" ]
}
field() { # field N LINE: the N-th CSV field
  printf '%s\n' "$2" | cut -d, -f"$1"
}

run -d "$T/d.db" init --demo
expect_rc "a demo store to watch" 0

# ---- the simulator piped into watch
"$ALLOT" -d "$T/d.db" feed-sim --count 50 --seed 1 --speed 3600 >"$T/sim1" 2>"$T/err"
rc=$?
expect_rc "feed-sim --count 50 runs" 0
check "feed-sim writes a comment and 50 lines" test "$(grep -vc '^#' "$T/sim1")" = 50
check "the comment names the seed" grep -q '^# allot feed-sim: seed 1,' "$T/sim1"
line_re='^2024-12-[0-9][0-9]T[0-9:.]+Z,[A-Z]+,[0-9.e+-]+$'
check "every line is timestamp,symbol,price" \
  test "$(grep -v '^#' "$T/sim1" | grep -Evc "$line_re")" = 0
"$ALLOT" -d "$T/d.db" feed-sim --count 50 --seed 1 --speed 3600 >"$T/sim2" 2>/dev/null
check "the same seed gives the same stream" cmp -s "$T/sim1" "$T/sim2"
"$ALLOT" -d "$T/d.db" feed-sim --count 50 --seed 2 --speed 3600 >"$T/sim3" 2>/dev/null
check "another seed another stream" sh -c "! cmp -s '$T/sim1' '$T/sim3'"
check "tick 1 is 3600/2 s after tick 0" grep -q '^2024-12-07T00:29:59Z,BTC,' "$T/sim1"

"$ALLOT" -d "$T/d.db" feed-sim --count 50 --seed 1 | "$ALLOT" -d "$T/d.db" watch --feed - --csv \
  >"$T/out" 2>"$T/err"
rc=$?
out=$(cat "$T/out"); err=$(cat "$T/err")
expect_rc "feed-sim | watch --feed - ends at the end of its input" 0
head_re='^time,value_usd,pnl_usd,delta_usd,gamma_usd_per_pct,vega_usd_per_volpt,'
head_re="${head_re}theta_usd_per_day,feed,quotes,bad_lines,held\$"
expect_out "the CSV header" "$head_re"
check "several lines" test "$(printf '%s\n' "$out" | wc -l)" -ge 4
check "the exposure changes" \
  test "$(printf '%s\n' "$out" | sed 1d | cut -d, -f4 | sort -u | wc -l)" -ge 3
last=$(printf '%s\n' "$out" | tail -n 1)
check "the last line: eof, 50 quotes, no bad line" \
  test "$(field 8 "$last"),$(field 9 "$last"),$(field 10 "$last")" = "eof,50,0"
first=$(printf '%s\n' "$out" | sed -n 2p)
# the first line is the book before any quote: exposure's own total
"$ALLOT" -d "$T/d.db" exposure --csv >"$T/expo" 2>/dev/null
tot=$(grep '^total,' "$T/expo")
check "the first line is allot exposure's total" \
  test "$(field 2 "$first"),$(field 4 "$first")" = "$(field 8 "$tot"),$(field 11 "$tot")"

# ---- bad lines and jumps: counted, shown, never fatal; quotes stored
cat >"$T/q.csv" <<'EOF'
2024-12-07T00:00:00Z,BTC,100000
BTC,abc
# a comment
2024-12-07T00:00:01Z,ETH,4100,0.6
2024-12-07T00:00:02Z,BTC,150000
2024-12-07T00:00:03Z,SOL,250,65
2024-12-07T00:00:04Z,BTC,100100
EOF
"$ALLOT" -d "$T/q.db" init --demo >/dev/null 2>&1     # a store with no quote yet
"$ALLOT" -d "$T/q.db" watch --feed - --csv <"$T/q.csv" >"$T/out" 2>"$T/err"
rc=$?
out=$(cat "$T/out"); err=$(cat "$T/err")
expect_rc "bad lines are not fatal" 0
last=$(printf '%s\n' "$out" | tail -n 1)
check "two bad lines counted" test "$(field 10 "$last")" = 2
check "one jump held" test "$(field 11 "$last")" = 1
check "quotes counts the accepted quotes" test "$(field 9 "$last")" = 3
check "the bad price is shown at its line and column" \
  grep -q 'warning: feed -:2:5: price: expected a number, found "abc" (bad line: BTC,abc)' "$T/err"
check "an iv in percent is refused with the hint" grep -q 'feed -:6:30: iv 65 .*65%' "$T/err"
check "the jump is shown" grep -q 'BTC jumped from 100000 to 150000 (+50.0 %): held' "$T/err"
q=$("$SQL" "$T/q.db" "SELECT symbol, price, ts FROM quotes ORDER BY symbol" 2>&1)
want_q="BTC|100100.0|2024-12-07T00:00:04Z
ETH|4100.0|2024-12-07T00:00:01Z"
check "the quotes are stored (not the held jump, not the bad lines)" test "$q" = "$want_q"
check "the iv is stored with its quote" \
  test "$("$SQL" "$T/q.db" "SELECT iv FROM quotes WHERE symbol = 'ETH'")" = 0.6

# ---- a command: stale during a pause, restarted with doubling delays,
# killed with its children on SIGTERM
cat >"$T/start.sh" <<'EOF'
start() {
  sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f20
}
EOF
cat >"$T/feed.sh" <<EOF
. "$T/start.sh"
echo \$\$ \$(start \$\$) >>"$T/pids"
sleep 10 &
echo \$! \$(start \$!) >>"$T/pids"
echo BTC,100000
if [ -e "$T/go" ]; then exit 3; fi
i=0
while [ ! -e "$T/go" ] && [ \$i -lt 500 ]; do sleep 0.02; i=\$((i + 1)); done
exit 3
EOF
ALLOT_NOW=2024-12-07T00:00:00Z "$ALLOT" -d "$T/d.db" watch --feed-cmd "sh '$T/feed.sh'" \
  --stale 0.2 --restart-delay 0.05 --csv >"$T/out" 2>"$T/err" &
pid=$!
if wait_for "$T/out" ',stale,'; then ok "a silent command turns stale"; else
  out=$(cat "$T/out"); err=$(cat "$T/err"); not_ok "a silent command turns stale"; fi
touch "$T/go"
if wait_for "$T/err" 'restarting in 0.1 s'; then ok "a command that exits is restarted"; else
  out=$(cat "$T/out"); err=$(cat "$T/err"); not_ok "a command that exits is restarted"; fi
check "it exited with status 3, first restart after 0.05 s" \
  grep -q "feed sh '.*feed.sh' exited with status 3; restarting in 0.05 s" "$T/err"
if wait_for "$T/err" 'restarting in 0.2 s'; then ok "the delay doubles"; else
  out=$(cat "$T/out"); err=$(cat "$T/err"); not_ok "the delay doubles"; fi
rm -f "$T/go"          # the next run blocks: it is running when we quit
n0=$(wc -l <"$T/pids")
i=0
while [ "$(wc -l <"$T/pids")" -le $((n0 + 1)) ] && [ $i -lt 500 ]; do
  sleep 0.02; i=$((i + 1))
done
kill -TERM $pid
wait_exit $pid
out=$(cat "$T/out"); err=$(cat "$T/err")
expect_rc "SIGTERM ends watch cleanly" 0
# a signal is delivered after kill returns: poll until each is gone
alive=
while read -r p t; do
  i=0
  while ! gone "$p" "$t" && [ $i -lt 250 ]; do sleep 0.02; i=$((i + 1)); done
  gone "$p" "$t" || alive="$alive $p"
done <"$T/pids"
check "the commands and their children are gone" test -z "$alive"
check "the last line was printed" test "$(tail -n 1 "$T/out" | cut -d, -f9)" -ge 1

# ---- --once: files and commands read to their end
grep -v '^#' "$T/sim1" | head -n 14 >"$T/replay.csv"
run -d "$T/d.db" watch --feed "$T/replay.csv" --feed-cmd 'echo 2024-12-07T00:00:00Z,LINK,26' \
  --once --csv
expect_rc "--once ends when every source has" 0
check "--once: all 15 quotes read" test "$(printf '%s\n' "$out" | tail -n 1 | cut -d,  -f9)" = 15
check "--once: eof" test "$(printf '%s\n' "$out" | tail -n 1 | cut -d, -f8)" = eof

# ---- --simulate: the store is left alone; SIGINT ends it
state0=$(store_state "$T/d.db")
"$ALLOT" -d "$T/d.db" --simulate --seed 3 --speed 36000 watch --interval 0.05 --csv \
  >"$T/out" 2>"$T/err" &
pid=$!
# two ticks (a tick every 0.5 s of wall time, 7 symbols each)
i=0
until tail -n 1 "$T/out" | awk -F, '$9 + 0 >= 14 { ok = 1 } END { exit !ok }'; do
  i=$((i + 1)); [ $i -lt 500 ] || break; sleep 0.02
done
kill -INT $pid
wait_exit $pid
out=$(cat "$T/out"); err=$(cat "$T/err")
expect_rc "watch --simulate stops on SIGINT" 0
check "--simulate prints lines" test "$(printf '%s\n' "$out" | wc -l)" -ge 5
check "--simulate moves the book" \
  test "$(printf '%s\n' "$out" | sed 1d | cut -d, -f2 | sort -u | wc -l)" -ge 2
check "--simulate leaves the store alone" test "$(store_state "$T/d.db")" = "$state0"

# ---- a closed output ends watch and feed-sim quietly
{ "$ALLOT" -d "$T/d.db" watch --simulate --speed 36000 --interval 0.01 --csv 2>"$T/err"; \
  echo $? >"$T/rc"; } | head -n 3 >/dev/null
check "watch ends with exit 0 when its reader leaves" test "$(cat "$T/rc")" = 0
check "and says nothing" test ! -s "$T/err"
{ "$ALLOT" -d "$T/d.db" feed-sim --rate 200 2>"$T/err"; echo $? >"$T/rc"; } | head -n 30 >/dev/null
check "feed-sim ends with exit 0 when its reader leaves" test "$(cat "$T/rc")" = 0
check "and says nothing" test ! -s "$T/err"

# ---- usage
run -d "$T/d.db" --feed - positions
expect_err "feed options belong to watch" 2 \
  "apply to watch, not to positions"
run -d "$T/d.db" watch
expect_err "watch needs a source" 2 "nothing to watch"
run -d "$T/d.db" watch --feed - --seed 3
expect_err "--seed needs --simulate" 2 "apply to --simulate"
run -d "$T/d.db" watch --simulate --feed x
expect_err "--simulate or feeds" 2 "one or the other"
run -d "$T/d.db" feed-sim --stress 2
expect_err "--stress is in [0, 1]" 2 "--stress"
run -d "$T/d.db" feed-sim --symbols BTC,NOPE --count 1
expect_err "a symbol without prices" 1 "NOPE"
run -d "$T/d.db" watch --feed "$T"
expect_err "a directory is no feed" 1 "not a regular file or FIFO"
finish
