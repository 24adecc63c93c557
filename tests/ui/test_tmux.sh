#!/bin/sh
# test_tmux.sh: the interactive screen on a real terminal, inside a private
# tmux server: it opens the demo, switches screens, adds and undoes a
# position, survives 60x20 (too small) and comes back, follows the
# simulated market and a feed command (stopped on quit), quits with q (the
# terminal restored), with Ctrl-C, on SIGHUP and SIGTERM (exit status
# 128+N written by the pane), exits when its terminal is closed, idles
# without using the CPU, and refuses TERM=dumb.
. "$top_srcdir/tests/cli/lib.sh"
tmux_bin=${TMUX_BIN:-$(command -v tmux 2>/dev/null)}
if [ -z "$tmux_bin" ] || [ ! -x "$tmux_bin" ]; then
  echo "1..0 # SKIP tmux not found"
  exit 0
fi
export ALLOT_NOW=2024-12-06T23:59:59Z
d="$T/tmux"
mkdir -p "$d"
cat >"$d/conf" <<'CONF'
set -g remain-on-exit on
set -g exit-empty off
set -g default-terminal tmux-256color
CONF
t() { "$tmux_bin" -S "$d/sock" -f "$d/conf" "$@"; }
trap 't kill-server 2>/dev/null; rm -rf "$T"' EXIT

# start NAME [ENV...]: allot --demo $allot_args in session NAME at 80x24; the pane
# writes allot's pid to $d/NAME.pid and its exit status to $d/NAME.rc
start() {
  name=$1
  shift
  rm -f "$d/$name.rc" "$d/$name.pid"
  inner="echo \$\$ > \"$d/$name.pid\"; exec env $* \"$ALLOT\" --demo ${allot_args:-}"
  t new-session -d -s "$name" -x 80 -y 24 -e LANG=C.UTF-8 -e ESCDELAY=25 \
    "sh -c '$inner'; echo \$? > \"$d/$name.rc\""
}

# screen NAME: the pane's text, history included
screen() { t capture-pane -p -J -S - -t "$1" 2>/dev/null; }

# wait_text NAME TEXT: poll every 20 ms, 5 s at most, until TEXT shows
wait_text() {
  i=0
  while [ $i -lt 250 ]; do
    if screen "$1" | grep -qF -- "$2"; then return 0; fi
    sleep 0.02
    i=$((i + 1))
  done
  out=$(screen "$1")
  err="waited 5 s for: $2"
  return 1
}

# wait_gone NAME TEXT: until TEXT no longer shows
wait_gone() {
  i=0
  while [ $i -lt 250 ]; do
    if ! screen "$1" | grep -qF -- "$2"; then return 0; fi
    sleep 0.02
    i=$((i + 1))
  done
  out=$(screen "$1")
  err="waited 5 s for this to go: $2"
  return 1
}

# wait_rc NAME: until the pane wrote the exit status; sets rc
wait_rc() {
  i=0
  while [ ! -s "$d/$1.rc" ] && [ $i -lt 250 ]; do
    sleep 0.02
    i=$((i + 1))
  done
  rc=$(cat "$d/$1.rc" 2>/dev/null)
  out=$(screen "$1")
  err=
}

step() {
  name=$1
  shift
  if "$@"; then ok "$name"; else not_ok "$name"; fi
}

out=
err=
start ui
step "opens the demo book" wait_text ui "Positions of main"
step "the status bar names the store and portfolio" wait_text ui "demo.db"

t send-keys -t ui 2
step "2 shows the Exposure screen" wait_text ui "Greeks per underlying"
t send-keys -t ui 3
step "3 shows the Correlation screen" wait_text ui "Correlation of returns"
t send-keys -t ui Tab
step "Tab goes on to Optimize" wait_text ui "What it proposes"
t send-keys -t ui BTab
t send-keys -t ui 5
step "5 shows the Risk screen" wait_text ui "Stress: PnL USD"
t send-keys -t ui 1
step "1 comes back to Positions" wait_text ui "Positions of main"

t send-keys -t ui a
step "a opens the position form" wait_text ui "New position"
t send-keys -t ui -l DOGE
t send-keys -t ui Tab Tab Tab
t send-keys -t ui -l 1000
t send-keys -t ui Tab
t send-keys -t ui -l 0.41
t send-keys -t ui Enter
step "Enter saves the new position" wait_text ui "added position 17: spot DOGE 1000"
step "the book lists it" wait_text ui "17 spot"
t send-keys -t ui u
step "u undoes it" wait_text ui "undid journal entry"
step "the book no longer lists it" wait_gone ui "17 spot"

# the risk parity recipe of KEYBOARD WORKFLOWS, on the real binary
t send-keys -t ui 3
step "3 again: the correlation screen" wait_text ui "Correlation of returns"
t send-keys -t ui R
step "R opens the risk parity form on the Optimize screen" wait_text ui "Risk parity"
t send-keys -t ui Enter
step "Enter runs it: a proposal with its trades" wait_text ui "buy"
t send-keys -t ui a
t send-keys -t ui y
step "a, y apply it as one journal entry" wait_text ui "applied ui-riskparity-1"
t send-keys -t ui u
step "u undoes the applied proposal" wait_text ui "undid journal entry"
t send-keys -t ui 1
step "and 1 shows the book" wait_text ui "Positions of main"

t resize-window -t ui -x 60 -y 20
step "at 60x20 it says the terminal is too small" \
  wait_text ui "terminal too small: need 80x24, have 60x20"
t resize-window -t ui -x 80 -y 24
step "back at 80x24 the screen is whole" wait_gone ui "terminal too small"
step "and shows the book again" wait_text ui "Positions of main"

# idle: a loop that spins would use about 100 clock ticks a second
pid=$(cat "$d/ui.pid")
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
if [ -r "/proc/$pid/stat" ]; then
  a=$(ticks "$pid")
  sleep 1
  b=$(ticks "$pid")
  out="CPU ticks in 1 s idle: $((b - a))"
  step "idles without using the CPU (< 10 ticks a second)" test $((b - a)) -lt 10
fi

t send-keys -t ui q
wait_rc ui
step "q quits with status 0" test "$rc" = 0
step "the terminal is restored (alternate screen off)" \
  test "$(t display-message -p -t ui '#{alternate_on}')" = 0

start intr
wait_text intr "Positions of main" >/dev/null
t send-keys -t intr a C-c
wait_rc intr
step "Ctrl-C quits at once, even from a form, with status 130" test "$rc" = 130

start hup
wait_text hup "Positions of main" >/dev/null
kill -HUP "$(cat "$d/hup.pid")"
wait_rc hup
step "SIGHUP restores the terminal and exits with 129" test "$rc" = 129
step "the terminal is restored after SIGHUP" \
  test "$(t display-message -p -t hup '#{alternate_on}')" = 0

start term
wait_text term "Positions of main" >/dev/null
kill -TERM "$(cat "$d/term.pid")"
wait_rc term
step "SIGTERM exits with 143" test "$rc" = 143

# closing the terminal (a dropped SSH link) must end the process, not
# leave it spinning on a dead tty
start gone
wait_text gone "Positions of main" >/dev/null
pid=$(cat "$d/gone.pid")
t kill-session -t gone
i=0
while kill -0 "$pid" 2>/dev/null && [ $i -lt 250 ]; do
  sleep 0.02
  i=$((i + 1))
done
out=
err="process $pid still running 5 s after its terminal closed"
step "exits when its terminal goes away" sh -c "! kill -0 $pid 2>/dev/null"

# live quotes: the simulated market moves the book on the screen
allot_args="--simulate --seed 7 --speed 600"
start live
allot_args=
step "--simulate: the status bar shows the simulated feed" wait_text live "feed sim "
a=$(screen live | sed -n '3,19p')
sleep 1
b=$(screen live | sed -n '3,19p')
out="before:
$a
after:
$b"
err=
step "the spot and value columns move" test "$a" != "$b"
t send-keys -t live 2
step "2 shows Exposure while the feed runs" wait_text live "Greeks per underlying"
t send-keys -t live q
wait_rc live
step "q quits the live screen with status 0" test "$rc" = 0

# a feed command: its quotes reach the screen, and q stops it
cat >"$d/feed.sh" <<FEED
#!/bin/sh
echo \$\$ >"$d/feed.pid"
while :; do echo BTC,123456.5; sleep 0.1; done
FEED
chmod +x "$d/feed.sh"
allot_args="--feed-cmd $d/feed.sh"
start cmd
allot_args=
step "--feed-cmd: the status bar shows the feed live" wait_text cmd "feed live"
step "the command's price shows on Positions" wait_text cmd "123456.5"
fpid=$(cat "$d/feed.pid" 2>/dev/null)
t send-keys -t cmd q
wait_rc cmd
step "q quits with status 0" test "$rc" = 0
i=0
while [ -n "$fpid" ] && kill -0 "$fpid" 2>/dev/null && [ $i -lt 250 ]; do
  sleep 0.02
  i=$((i + 1))
done
out=
err="feed command $fpid still running after quitting"
step "quitting stops the feed command" sh -c "[ -n '$fpid' ] && ! kill -0 $fpid 2>/dev/null"

start dumb TERM=dumb
wait_rc dumb
step "TERM=dumb is refused with status 2" test "$rc" = 2
step "and the message points at the batch subcommands" \
  wait_text dumb "the batch subcommands"

finish
