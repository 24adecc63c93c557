#!/bin/sh
# test_keys_man.sh: the man page's KEYS section is the key table: the
# text between the KEYS BEGIN and KEYS END markers of man/allot.1.in is
# exactly what `allot --keys-roff` generates from src/tui/keymap.c.
. "$top_srcdir/tests/cli/lib.sh"
man="$top_srcdir/man/allot.1.in"
sed -n '/^\.\\" KEYS BEGIN/,/^\.\\" KEYS END/p' "$man" | sed '1d;$d' >"$T/man.txt"
run --keys-roff
printf '%s\n' "$out" >"$T/gen.txt"
check "allot --keys-roff prints the KEYS section" test -s "$T/gen.txt"
if diff -u "$T/man.txt" "$T/gen.txt" >"$T/diff"; then
  ok "man/allot.1.in KEYS section matches the key table"
else
  out=$(cat "$T/diff")
  not_ok "man/allot.1.in KEYS section matches the key table" \
    "regenerate it from the top source directory with:" \
    "  { sed '/KEYS BEGIN/q' man/allot.1.in; src/allot --keys-roff;" \
    "    sed -n '/KEYS END/,\$p' man/allot.1.in; } >x && mv x man/allot.1.in" \
    "(src/allot from your build directory)"
fi
finish
