#!/bin/sh
# run.sh BUILDDIR: the CLI end-to-end tests (tests/cli/test_*.sh, the
# bad-input catalogue, tests/security/test_modes.sh) with allot run under
# valgrind: every allot the scripts start goes through a wrapper running
# valgrind -q --leak-check=full --errors-for-leak-kinds=definite
# --error-exitcode=9, so a memory error or a definite leak changes the
# exit status (9) and adds lines to stderr, and the check fails.
# BUILDDIR is a build without sanitizers (.ci/run uses _build). The
# timing-based tests (crash, concurrency) are left out: valgrind's
# slowness changes what they measure, not what they check.
# Logs go to BUILDDIR/valgrind/; the last line is "valgrind: N passed,
# N failed", and BUILDDIR/valgrind/counts holds "N N". VALGRIND_JOBS
# scripts run at once (default 2), the bad-input catalogue (the longest)
# first. VALGRIND_TESTS (script names without .sh, e.g. "test_import
# test_feed") runs only those.
set -u
src=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:?usage: run.sh BUILDDIR}" && pwd)
out="$build/valgrind"
VG=${VALGRIND:-valgrind}
command -v "$VG" >/dev/null 2>&1 || { echo "valgrind: not installed, skipped"; echo "0 0" >"$out/counts"; exit 0; }
if [ "${2:-}" != --one ]; then
  rm -rf "$out"
  mkdir -p "$out"
fi
cat >"$out/allot" <<W
#!/bin/sh
exec "$VG" -q --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=9 \\
  "$build/src/allot" "\$@"
W
chmod +x "$out/allot"
export ALLOT="$out/allot" top_srcdir="$src" top_builddir="$build" \
  ALLOT_SHARE="$src/share/allot" ALLOT_MAN="$build/man/allot.1" \
  SQLITE3_SHELL="$(command -v sqlite3 || true)" MANDOC="$(command -v mandoc || true)"

tests=
for t in "$src"/tests/cli/test_*.sh "$src/tests/bad-input/run.sh" "$src/tests/security/test_modes.sh"; do
  case $t in */test_crash.sh|*/test_concurrency.sh) continue ;; esac
  if [ -n "${VALGRIND_TESTS:-}" ]; then
    case " $VALGRIND_TESTS " in *" $(basename "$t" .sh) "*) ;; *) continue ;; esac
  fi
  tests="$tests $t"
done

# one script: its TAP into a log, then "pass fail seconds" into a .count
one() {
  name=$(echo "$1" | sed "s|^$src/||; s|/|_|g; s|\.sh$||")
  t0=$(date +%s)
  sh "$1" >"$out/$name.log" 2>&1
  rc=$?
  p=$(grep -c '^ok ' "$out/$name.log")
  f=$(grep -c '^not ok ' "$out/$name.log")
  # a script that died, or failed without saying which check: one failure
  if ! grep -q '^1\.\.' "$out/$name.log" || { [ $rc -ne 0 ] && [ "$f" -eq 0 ]; }; then
    f=$((f + 1))
  fi
  s=$(( $(date +%s) - t0 ))
  echo "$p $f $s" >"$out/$name.count"
  [ "$f" -eq 0 ] || grep -A12 '^not ok ' "$out/$name.log" | head -n 60
  echo "valgrind: $name: $p passed, $f failed ($s s)"
}

if [ "${2:-}" = --one ]; then
  one "$3"
  exit 0
fi
# a pool of VALGRIND_JOBS scripts at a time, the longest first
printf '%s\n' $tests | grep bad-input >"$out/order"
printf '%s\n' $tests | grep -v bad-input >>"$out/order"
xargs -P "${VALGRIND_JOBS:-2}" -n 1 sh "$0" "$build" --one <"$out/order"
pass=0 fail=0
for c in "$out"/*.count; do
  read -r p f s <"$c"
  pass=$((pass + p)) fail=$((fail + f))
done
echo "$pass $fail" >"$out/counts"
echo "valgrind: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
