#!/bin/sh
# test_man.sh: the man page is lint-clean, its SYNOPSIS lists exactly the
# forms `allot --help` prints, and every command of its EXAMPLES runs.
. "$top_srcdir/tests/cli/lib.sh"
man="${ALLOT_MAN:?}"

if [ -n "${MANDOC:-}" ]; then
  lint=$("$MANDOC" -Tlint -W warning "$man" 2>&1)
  if [ -z "$lint" ]; then ok "mandoc -Tlint finds nothing"; else out=; err=$lint; not_ok "mandoc -Tlint finds nothing"; fi
else
  lint=$(groff -ww -z -man "$man" 2>&1)
  if [ -z "$lint" ]; then ok "groff -ww finds nothing"; else out=; err=$lint; not_ok "groff -ww finds nothing"; fi
fi

# SYNOPSIS lines, roff escapes removed, blanks squeezed
sed -n '/^\.\\" SYNOPSIS BEGIN/,/^\.\\" SYNOPSIS END/p' "$man" | grep -v '^\.' |
  sed 's/\\-/-/g; s/\\f[BIR]//g' | tr -s ' ' | sed 's/^ //; s/ $//' >"$T/man.txt"
"$ALLOT" --help | sed -n '/^Subcommands:/,/^$/p' | sed '1d; /^$/d' | tr -s ' ' |
  sed 's/^ //; s/ $//' >"$T/help.txt"
if diff "$T/help.txt" "$T/man.txt" >"$T/diff"; then
  ok "man SYNOPSIS and allot --help list the same forms"
else
  out=; err=$(cat "$T/diff"); not_ok "man SYNOPSIS and allot --help list the same forms"
fi
check "the forms are not empty" test "$(wc -l <"$T/help.txt")" -gt 10

# every subcommand named in --help has its own section in the man page
for c in $(grep '^allot ' "$T/help.txt" | sed 's/^allot //; s/ .*//' | sort -u); do
  check "man page has a section for $c" sh -c \
    "sed 's/\\\\-/-/g' \"\$1\" | grep -Eq \"^\\\\.SS (.*[ ,|])?$c([ ,|]|\\\$)\"" _ "$man"
done

# EXAMPLES: run each "$ allot ..." line in order, in a directory where
# demo/ is the bundled demo data
mkdir -p "$T/ex"
ln -s "$ALLOT_SHARE/demo" "$T/ex/demo"
sed -n '/^\.SH EXAMPLES/,/^\.SH /p' "$man" | grep '^\$ ' | sed 's/^\$ //; s/\\-/-/g' \
  >"$T/examples"
check "the man page has examples" test -s "$T/examples"
while IFS= read -r line; do
  (cd "$T/ex" && eval "$(printf '%s' "$line" | sed "s|allot|\"\$ALLOT\"|")") \
    >"$T/out" 2>"$T/err"
  rc=$?
  out=$(cat "$T/out"); err=$(cat "$T/err")
  expect_rc "example runs: $line" 0
done <"$T/examples"
finish
