#!/bin/sh
# test_recipes.sh: the recipes of KEYBOARD WORKFLOWS in the man page work
# as written. Each recipe marked `.\" recipe NAME: TEXT` in man/allot.1.in
# has its bold keys read from the page, in order, and replayed by
# `allot --demo --script` (a key a line; a bold `:command` typed and
# entered, with FILE a real price file); the screen must then show TEXT.
# A recipe whose keys or words change in the page is tested as changed.
. "$top_srcdir/tests/cli/lib.sh"
man="$top_srcdir/man/allot.1.in"
prices="$data/crypto_daily.csv"

# NAME|TEXT|BODY for every marked recipe (roff dashes as plain dashes)
awk '
/^\.\\" recipe / { if (name != "") print name "|" want "|" body
                   name = $3; sub(":", "", name); want = $0; sub(/^[^:]*: /, "", want)
                   body = ""; state = 1; next }
state == 1 && /^\.TP/ { state = 2; next }
state == 2 { state = 3; next }
state == 3 && /^\.(TP|SH|\\")/ { print name "|" want "|" body; name = ""; state = 0; next }
state == 3 && !/^\.[A-Z]/ { body = body " " $0 }
END { if (name != "") print name "|" want "|" body }' "$man" | sed 's/\\-/-/g' >"$T/recipes"
count=$(wc -l <"$T/recipes")
check "the man page marks five recipes" test "$count" -eq 5

while IFS="|" read -r rname want body; do
  printf '%s\n' "$body" | grep -o '\\fB[^\\]*\(\\fI[^\\]*\)\?\\fR' |
    sed 's/^\\fB//; s/\\fR$//; s/\\fIFILE$/'"$(printf '%s' "$prices" | sed 's/[\/&]/\\&/g')"'/' \
    >"$T/$rname.keys"
  keys=$(tr '\n' ' ' <"$T/$rname.keys")
  check "$rname: the page gives its keys ($keys)" test -s "$T/$rname.keys"
  run_in /dev/null --demo --script "$T/$rname.keys" --dump-screen
  if [ "$rc" = 0 ] && printf '%s\n' "$out" | grep -qF -- "$want"; then
    ok "$rname: the keys lead to \"$want\""
  else
    not_ok "$rname: the keys lead to \"$want\"" "exit $rc; keys: $keys"
  fi
done <"$T/recipes"
finish
