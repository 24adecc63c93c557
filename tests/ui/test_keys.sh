#!/bin/sh
# test_keys.sh: replays each tests/ui/NAME.keys on the demo store with
# `allot --demo --script NAME.keys --dump-screen` (no terminal) and
# compares the screens printed with tests/ui/NAME.screen. A NAME.config
# beside it becomes the user's config file. A first line "# status: N"
# sets the exit status expected (default 0); a line "# args: ..." adds
# global options (--simulate --seed N: a script whose `wait MS` lines run
# the simulated market, the same quotes on every run). On a difference the test
# prints the diff and the command that refreshes the goldens.
. "$top_srcdir/tests/cli/lib.sh"
export ALLOT_NOW=2024-12-06T23:59:59Z
# under HOME, so the config's path shows as ~/.config/allot/config
export XDG_CONFIG_HOME="$HOME/.config"
ui="$top_srcdir/tests/ui"
refresh="UPDATE_GOLDENS=1 make check TESTS=tests/ui/test_keys.sh"

for k in "$ui"/*.keys; do
  name=$(basename "$k" .keys)
  want="$ui/$name.screen"
  rm -rf "$XDG_CONFIG_HOME"
  if [ -f "$ui/$name.config" ]; then
    mkdir -p "$XDG_CONFIG_HOME/allot"
    cp "$ui/$name.config" "$XDG_CONFIG_HOME/allot/config"
  fi
  status=$(sed -n '1s/^# status: \([0-9]*\)$/\1/p' "$k")
  args=$(sed -n 's/^# args: //p' "$k")
  # shellcheck disable=SC2086
  run --demo $args --script "$k" --dump-screen
  printf '%s\n' "$out" >"$T/$name.out"
  if [ "${UPDATE_GOLDENS:-}" = 1 ]; then
    cp "$T/$name.out" "$want"
  fi
  if [ "$rc" != "${status:-0}" ]; then
    not_ok "$name: exit status" "exit status $rc, want ${status:-0}"
  elif [ ! -f "$want" ]; then
    not_ok "$name: screens" "no golden $name.screen; create it with: $refresh"
  elif diff -u "$want" "$T/$name.out" >"$T/diff"; then
    ok "$name: screens as in $name.screen"
  else
    out=$(cat "$T/diff")
    not_ok "$name: screens differ from $name.screen" \
      "if the new screens are right, refresh the goldens with: $refresh"
  fi
done

# without a terminal the interactive screen refuses to start
run_in /dev/null --demo
expect_err "no terminal: exit 2, pointing at the batch subcommands" 2 "batch subcommands"
run --demo --script "$T/none.keys"
expect_err "a missing script is an error" 1 "cannot read"
printf 'j\n<Nope>\n' >"$T/bad.keys"
run --demo --script "$T/bad.keys"
expect_err "a bad script line is reported with its line" 1 "bad.keys:2:1: unknown key"
run --demo --size 80 --script "$T/bad.keys"
expect_err "--size wants WxH" 2 "--size takes WxH"
run --dump-screen positions
expect_err "--dump-screen is not for subcommands" 2 "not subcommands"
finish
