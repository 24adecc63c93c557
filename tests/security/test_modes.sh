#!/bin/sh
# test_modes.sh: the store is private whatever the umask: created 0600,
# its -wal and -shm files 0600, every directory allot creates for it 0700,
# through -d, $XDG_DATA_HOME and $HOME. (The TUI's config file, when it
# lands, belongs here too: 0600 in a 0700 directory, written atomically.)
. "$top_srcdir/tests/cli/lib.sh"
SQL=${SQLITE3_SHELL:-sqlite3}
mode() { stat -c %a "$1" 2>/dev/null || echo missing; }

umask 000
run -d "$T/a/b/c/store.db" init
expect_rc "init creates a store in new directories under umask 000" 0
check "the store is 0600" test "$(mode "$T/a/b/c/store.db")" = 600
check "each directory allot created is 0700 (a b c: $(mode "$T/a") $(mode "$T/a/b") \
$(mode "$T/a/b/c"))" test "$(mode "$T/a")$(mode "$T/a/b")$(mode "$T/a/b/c")" = 700700700

# the -wal and -shm files exist while a connection is open: hold one
if command -v "$SQL" >/dev/null 2>&1; then
  (printf 'BEGIN;\nSELECT %s FROM positions;\n' "count(*) || 'open'"
   i=0; while [ ! -e "$T/release" ] && [ $i -lt 3000 ]; do sleep 0.02; i=$((i + 1)); done
   printf 'COMMIT;\n') 2>/dev/null | "$SQL" "$T/a/b/c/store.db" >"$T/open" 2>&1 &
  holder=$!
  i=0; while ! grep -q open "$T/open" 2>/dev/null && [ $i -lt 250 ]; do
    sleep 0.02; i=$((i + 1)); done
  run -d "$T/a/b/c/store.db" position add BTC --qty 1 --price 1
  expect_rc "a write while another connection reads" 0
  check "the -wal file is 0600" test "$(mode "$T/a/b/c/store.db-wal")" = 600
  check "the -shm file is 0600" test "$(mode "$T/a/b/c/store.db-shm")" = 600
  touch "$T/release"
  wait "$holder"
fi

export XDG_DATA_HOME="$T/xdg-new"
run init
expect_rc "init at \$XDG_DATA_HOME under umask 000" 0
check "\$XDG_DATA_HOME/allot is 0700" test "$(mode "$XDG_DATA_HOME/allot")" = 700
check "\$XDG_DATA_HOME/allot/allot.db is 0600" test "$(mode "$XDG_DATA_HOME/allot/allot.db")" = 600

unset XDG_DATA_HOME
export HOME="$T/home-new"
mkdir -p "$HOME"
run init
expect_rc "init at \$HOME under umask 000" 0
check "~/.local/share/allot and its new parents are 0700" test \
  "$(mode "$HOME/.local")$(mode "$HOME/.local/share")$(mode "$HOME/.local/share/allot")" = \
  700700700
check "~/.local/share/allot/allot.db is 0600" test "$(mode "$HOME/.local/share/allot/allot.db")" = 600

umask 077
run -d "$T/a/b/c/store.db" export positions --csv -o "$T/pos.csv"
expect_rc "an export under umask 077" 0
check "an export follows the umask (0600 here)" test "$(mode "$T/pos.csv")" = 600
finish
