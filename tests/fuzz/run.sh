#!/bin/sh
# run.sh: build and run the libFuzzer targets (make fuzz, make fuzz-smoke,
# make fuzz-replay call it). Needs clang with libFuzzer (clang-14 and
# libclang-rt-14-dev on Debian 12); the normal build never does.
#
#   run.sh build             compile fuzz/fuzz_<target> for every target
#   run.sh smoke [TARGET...] fuzz each for $FUZZ_SECONDS (30) seconds,
#                            starting from tests/fuzz/<target>/; new inputs
#                            go to fuzz/corpus/<target>, crashes to
#                            fuzz/crash/; prints executions per target
#   run.sh replay            run each corpus once (-runs=0)
#
# Environment (make passes it): FUZZ_CC, top_srcdir, top_builddir,
# FUZZ_CPPFLAGS (GSL's), FUZZ_LIBS (libcsv, GSL, libm).
set -eu
: "${FUZZ_CC:?FUZZ_CC must name clang (configure looks for clang-14)}"
: "${top_srcdir:?}" "${top_builddir:?}"
# every tests/fuzz/fuzz_<target>.c is a target
TARGETS=$(cd "$top_srcdir/tests/fuzz" && ls fuzz_*.c | sed 's/^fuzz_//; s/\.c$//')
out="$top_builddir/fuzz"
flags="-g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all"
inc="-I$top_builddir -I$top_srcdir/src -I$top_srcdir/tests/fuzz ${FUZZ_CPPFLAGS:-}"
# The parsers and what they use, in an archive the targets link against
# (the linker takes only what a target needs). A parser added under
# src/io/ or src/tui/ (files that do not include curses) is found here
# without any change; a file that does not compile alone is skipped.
libsrc() {
  (cd "$top_srcdir" && ls src/util/*.c src/io/*.c src/engine/portfolio/instrument.c \
     src/engine/stats/series.c
   ls src/tui/*.c 2>/dev/null | while read -r f; do
     grep -q 'curses\.h' "$f" || echo "$f"; done)
}

build() {
  mkdir -p "$out/obj"
  objs=
  for s in $(libsrc); do
    o="$out/obj/$(echo "$s" | tr / _ | sed 's/\.c$/.o/')"
    if [ ! -f "$o" ] || [ "$top_srcdir/$s" -nt "$o" ]; then
      echo "  FUZZCC   $s"
      $FUZZ_CC $flags -fsanitize=fuzzer-no-link $inc -c "$top_srcdir/$s" -o "$o" ||
        { echo "  (skipped $s: it does not compile for the fuzz build)"; rm -f "$o"; continue; }
    fi
    objs="$objs $o"
  done
  rm -f "$out/libdeps.a"
  ar rcs "$out/libdeps.a" $objs
  for t in $TARGETS; do
    bin="$out/fuzz_$t"
    stale=
    [ -f "$bin" ] || stale=1
    for f in $objs "$top_srcdir/tests/fuzz/fuzz_$t.c" "$top_srcdir/tests/fuzz/fuzz.h"; do
      [ -n "$stale" ] || [ ! "$f" -nt "$bin" ] || stale=1
    done
    [ -n "$stale" ] || continue
    echo "  FUZZLD   fuzz/fuzz_$t"
    $FUZZ_CC $flags -fsanitize=fuzzer $inc "$top_srcdir/tests/fuzz/fuzz_$t.c" \
      "$out/libdeps.a" ${FUZZ_LIBS:-} -o "$bin"
  done
}

# The dictionary of a target, as a libFuzzer option, when there is one.
dict() {
  if [ -f "$top_srcdir/tests/fuzz/$1.dict" ]; then echo "-dict=$top_srcdir/tests/fuzz/$1.dict"; fi
}

# inputs of one line (a date, a name, a feed line, a command) are short
maxlen() {
  case $1 in datenum|instname|feedline|cmdline) echo 256 ;; *) echo 8192 ;; esac
}

smoke() {
  secs=${FUZZ_SECONDS:-30}
  mkdir -p "$out/crash"
  rc=0
  printf '%-10s %12s %8s %10s %8s  %s\n' target executions seconds "exec/s" corpus result
  for t in "$@"; do
    mkdir -p "$out/corpus/$t"
    log="$out/fuzz_$t.log"
    start=$(date +%s)
    if (cd "$out" && ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
          "./fuzz_$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
          -max_len="$(maxlen "$t")" -print_final_stats=1 $(dict "$t") \
          -artifact_prefix="$out/crash/$t-" "corpus/$t" "$top_srcdir/tests/fuzz/$t") \
        >"$log" 2>&1; then
      result=ok
    else
      result="CRASH: see $log and $out/crash/"
      rc=1
    fi
    end=$(date +%s)
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    n=$(ls "$out/corpus/$t" | wc -l)
    el=$((end - start))
    [ "$el" -gt 0 ] || el=1
    printf '%-10s %12s %8s %10s %8s  %s\n' "$t" "${execs:-?}" "$el" \
      "$(( ${execs:-0} / el ))" "$n" "$result"
  done
  return $rc
}

replay() {
  rc=0
  for t in $TARGETS; do
    if "$out/fuzz_$t" -runs=0 "$top_srcdir/tests/fuzz/$t" >"$out/replay_$t.log" 2>&1; then
      echo "ok - replay $t ($(ls "$top_srcdir/tests/fuzz/$t" | wc -l) inputs)"
    else
      echo "not ok - replay $t: see $out/replay_$t.log"
      rc=1
    fi
  done
  return $rc
}

mode=${1:-build}
[ $# -eq 0 ] || shift
case $mode in
  build) build ;;
  smoke) [ $# -gt 0 ] || set -- $TARGETS; smoke "$@" ;;
  replay) replay ;;
  *) echo "run.sh: build, smoke or replay" >&2; exit 2 ;;
esac
