#!/bin/sh
# run.sh: the bad-input catalogue. Each tests/bad-input/*.case runs allot
# on a copy of a baseline store and checks three things: the exit status,
# a one-line error (a second line may only be "Try 'allot ... --help'.")
# whose first line matches the case's pattern, and a store left exactly as
# it was. Case files are described in tests/bad-input/README.
. "$top_srcdir/tests/cli/lib.sh"
cases="$top_srcdir/tests/bad-input"

# the baseline: a store with prices and a book, valued at the demo's date
base="$T/base.db"
"$ALLOT" -d "$base" init >/dev/null &&
  "$ALLOT" -d "$base" import prices "$ALLOT_SHARE/demo/prices.csv" >/dev/null 2>&1 &&
  ALLOT_NOW=2024-12-06T23:59:59Z "$ALLOT" -d "$base" import positions \
    "$ALLOT_SHARE/demo/positions.csv" >/dev/null 2>&1 ||
  { echo "Bail out! cannot build the baseline store"; exit 1; }

field() { sed -n "s/^$1: //p" "$2" | head -n 1; }

# state DB: a fingerprint of the store: the schema version and a SHA3 of
# the schema and every row (the sqlite3 shell's .sha3sum, three times
# faster than comparing dumps); the file's checksum when SQLite cannot
# read it (not SQLite, empty, corrupt)
state() {
  [ -e "$1" ] || { echo "(no file)"; return; }
  h=$("${SQLITE3_SHELL:-sqlite3}" "$1" 'PRAGMA user_version' '.sha3sum --schema' 2>/dev/null |
      tr '\n' ' ')
  case $h in
    *[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]*) echo "$h" ;;
    *) cksum <"$1" ;;
  esac
}

for c in "$cases"/*.case; do
  name=$(basename "$c" .case)
  d="$T/$name"
  mkdir -p "$d"
  args=$(field args "$c")
  want_rc=$(field rc "$c")
  pattern=$(field error "$c")
  store=$(field store "$c")
  envs=$(sed -n 's/^env: //p' "$c")
  unsets=$(sed -n 's/^unset: //p' "$c" | sed 's/[^ ][^ ]*/-u &/g')
  pre=$(field pre-sh "$c")
  post=$(field check-sh "$c")
  dbopt='-d "$db"'
  [ "$(field no-db "$c")" != yes ] || dbopt=
  # the input: the lines after "input:", or what input-sh prints
  if grep -q '^input-sh: ' "$c"; then
    (cd "$d" && eval "$(field input-sh "$c")") >"$d/input.csv"
  elif grep -q '^input:$' "$c"; then
    sed -n '/^input:$/,$p' "$c" | sed '1d' >"$d/input.csv"
  fi
  db="$d/store.db"
  case "${store:-base}" in
    base) cp "$base" "$db" ;;
    none) ;;
    fresh) "$ALLOT" -d "$db" init >/dev/null ;;
    notsqlite) printf 'date,symbol,close\n2024-01-01,BTC,1\n' >"$db" ;;
    empty) : >"$db" ;;
    foreign) "${SQLITE3_SHELL:-sqlite3}" "$db" 'CREATE TABLE t(x)' ;;
    newer) cp "$base" "$db"; "${SQLITE3_SHELL:-sqlite3}" "$db" 'PRAGMA user_version=99' ;;
    corrupt) cp "$base" "$db"
      # overwrite the middle of the file, keeping the header page
      size=$(stat -c %s "$db")
      dd if=/dev/urandom of="$db" bs=4096 seek=2 count=$(( size / 4096 - 3 )) conv=notrunc \
        2>/dev/null ;;
    readonly)
      if [ "$(id -u)" = 0 ]; then
        n=$((n + 1)); echo "ok $n - $name # SKIP root ignores file modes"; continue
      fi
      cp "$base" "$db"; chmod 0400 "$db" ;;
  esac
  before=$(state "$db")
  cmd=$(printf '%s' "$args" | sed "s|@DB@|$db|g")
  (cd "$d" && eval "${pre:-:}; env $unsets $envs \"\$ALLOT\" $dbopt $cmd") >"$d/out" \
    2>"$d/err" </dev/null
  rc=$?
  out=$(cat "$d/out")
  err=$(cat "$d/err")
  first=$(head -n 1 "$d/err")
  rest=$(sed -n '2,$p' "$d/err" | grep -v "^Try 'allot")
  after=$(state "$db")
  problems=
  [ "$rc" = "$want_rc" ] || problems="$problems exit $rc, want $want_rc;"
  printf '%s\n' "$first" | grep -Eq "^allot: $pattern" ||
    problems="$problems first error line does not match: allot: $pattern;"
  [ -z "$rest" ] || problems="$problems more than one error line;"
  [ "$before" = "$after" ] || problems="$problems the store changed;"
  [ -z "$post" ] || (cd "$d" && eval "$post") >/dev/null 2>&1 ||
    problems="$problems check failed: $post;"
  if [ -z "$problems" ]; then
    ok "$name"
  else
    not_ok "$name" "$(sed -n '1p' "$c")" "$problems"
  fi
done
finish
