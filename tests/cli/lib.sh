# lib.sh: helpers for the CLI end-to-end tests. Each test script sources
# this, runs allot on fresh stores in a private temporary directory, and
# prints TAP (one line per check, the plan at the end).
set -u
: "${ALLOT:?ALLOT must name the allot binary (make check sets it)}"
: "${top_srcdir:?top_srcdir must be set (make check sets it)}"
export ALLOT_SHARE="${ALLOT_SHARE:-$top_srcdir/share/allot}"
export LC_ALL=C.UTF-8 TZ=UTC
unset ALLOT_DB ALLOT_NOW
data="$top_srcdir/tests/data"
T=$(mktemp -d "${TMPDIR:-/tmp}/allot-cli-XXXXXX")
trap 'rm -rf "$T"' EXIT
export HOME="$T/home" XDG_DATA_HOME="$T/xdg" XDG_CONFIG_HOME="$T/xdgconf"
mkdir -p "$HOME"
n=0
failed=0

# run ARGS...: run allot, keeping stdout in $out, stderr in $err, status in $rc
run() {
  "$ALLOT" "$@" >"$T/out" 2>"$T/err"
  rc=$?
  out=$(cat "$T/out")
  err=$(cat "$T/err")
}

# run_in FILE ARGS...: like run, with FILE on standard input
run_in() {
  f=$1
  shift
  "$ALLOT" "$@" <"$f" >"$T/out" 2>"$T/err"
  rc=$?
  out=$(cat "$T/out")
  err=$(cat "$T/err")
}

ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() {
  n=$((n + 1)); failed=1
  echo "not ok $n - $1"
  shift
  for line in "$@"; do printf '%s\n' "$line" | sed 's/^/# /'; done
  printf '# stdout:\n%s\n# stderr:\n%s\n' "$out" "$err" | sed 's/^\([^#]\)/#   \1/'
}

# check NAME CONDITION...: ok when the shell condition holds
check() {
  name=$1
  shift
  if "$@"; then ok "$name"; else not_ok "$name" "failed: $*"; fi
}

# expect_rc NAME WANT: the last run's status
expect_rc() {
  if [ "$rc" = "$2" ]; then ok "$1"; else not_ok "$1" "exit status $rc, want $2"; fi
}

# expect_err NAME WANT_RC PATTERN: status, and stderr's first line matching
# the extended regex PATTERN, starting "allot: ", one line
expect_err() {
  first=$(printf '%s\n' "$err" | head -n 1)
  if [ "$rc" = "$2" ] && printf '%s\n' "$first" | grep -Eq "^allot: .*$3"; then
    ok "$1"
  else
    not_ok "$1" "want exit $2 and a first error line matching: $3" "got exit $rc"
  fi
}

# expect_out NAME PATTERN: stdout matches the extended regex PATTERN
expect_out() {
  if printf '%s\n' "$out" | grep -Eq "$2"; then ok "$1"; else not_ok "$1" "stdout lacks: $2"; fi
}

# store_state DB: a text image of the whole store, to compare before/after
store_state() {
  [ -e "$1" ] || { echo "(no file)"; return; }
  "${SQLITE3_SHELL:-sqlite3}" "$1" .dump 2>/dev/null | grep -v '^PRAGMA' || true
}

finish() {
  echo "1..$n"
  exit $failed
}
