#!/bin/sh
# Run every test of a configured build directory with meson and end with
# the one summary line CI reads: "N passed, N failed, N skipped".
# Usage: scripts/run-tests.sh BUILD_DIR [meson test options...]
set -u
build=${1:?usage: run-tests.sh BUILD_DIR}
shift
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# ASan's leak checker needs ptrace-free /proc access it always has here; keep
# its reports fatal so that a leak fails the test that made it.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
meson test -C "$build" --print-errorlogs "$@" 2>&1 | tee "$log"
status=$?
count() { sed -n "s/^$1: *\([0-9][0-9]*\).*/\1/p" "$log" | tail -n 1; }
ok=$(count Ok); fail=$(count Fail); skip=$(count Skipped)
timeout=$(count Timeout); xpass=$(count 'Unexpected Pass')
failed=$(( ${fail:-0} + ${timeout:-0} + ${xpass:-0} ))
echo "${ok:-0} passed, $failed failed, ${skip:-0} skipped"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ] && [ "${ok:-0}" -gt 0 ]
