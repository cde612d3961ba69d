#!/bin/sh
# fuzz/run.sh - build the libFuzzer harnesses and run each for a set time
#
# Usage: fuzz/run.sh [TARGET...]      (default: every harness)
# Environment:
#   FUZZ_SECONDS  seconds per harness (60)
#   FUZZ_BUILD    build directory (build-fuzz, set up with clang if missing)
#   FUZZ_ARGS     extra libFuzzer options for every harness (e.g. -jobs=2)
#
# Seeds are generated from the fixtures into $FUZZ_BUILD/fuzz/seeds/<t>/;
# what libFuzzer adds is kept in $FUZZ_BUILD/fuzz/corpus/<t>/ (so later
# runs start from it), its log in $FUZZ_BUILD/fuzz/logs/<t>.log and any
# crash, leak, timeout or out-of-memory input in
# $FUZZ_BUILD/fuzz/artifacts/<t>/.  Ends with a table of the executions
# each harness ran; exits 1 when any harness found something.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=${FUZZ_BUILD:-build-fuzz}
case $build in /*) ;; *) build=$root/$build ;; esac
seconds=${FUZZ_SECONDS:-60}
all="message subject inbody mbox when"
targets=${*:-$all}

for t in $targets; do
	case " $all " in *" $t "*) ;; *)
		echo "run.sh: no harness '$t' (have: $all)" >&2; exit 2 ;;
	esac
done

# Inputs longer than this are cut: a whole message may be large, a
# subject or a date typed by a user is not; an mbox is kept small enough
# that a gzip bomb stays inside libFuzzer's 2 GB memory limit (1:1032).
max_len() {
	case $1 in
	message) echo 1048576 ;;
	inbody|mbox) echo 262144 ;;
	subject|when) echo 65536 ;;
	esac
}

if [ ! -f "$build/build.ninja" ]; then
	CC=clang meson setup "$build" -Dfuzz=true -Dwerror=true \
		--buildtype=debugoptimized \
		-Db_sanitize=address,undefined -Db_lundef=false || exit 1
fi
set --
for t in $targets; do set -- "$@" "fuzz/fuzz_$t"; done
ninja -C "$build" "$@" || exit 1
python3 "$here/seeds.py" "$root" "$build/fuzz/seeds" || exit 1

# UBSan only reports by default; make it a crash libFuzzer keeps.
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
# GMime's own leaks, which we cannot fix (see the file).  GMime's frames
# have no frame pointers: only the slow unwinder reaches the wrapper the
# suppression names.  It costs most of the speed, so only the harnesses
# whose input reaches that wrapper (inbody, and message: every From field
# is parsed there) get it.
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$root/lsan.supp:print_suppressions=0}"
slow_unwind="fast_unwind_on_malloc=0:malloc_context_size=255"

# A value of libFuzzer's -print_final_stats in $log.
final_stat() { sed -n "s/^stat::$1: *//p" "$log" | tail -n 1; }

summary=$(mktemp)
trap 'rm -f "$summary"' EXIT
failed=0
for t in $targets; do
	corpus=$build/fuzz/corpus/$t
	artifacts=$build/fuzz/artifacts/$t
	log=$build/fuzz/logs/$t.log
	mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
	echo "== fuzz_$t: ${seconds}s, -max_len=$(max_len "$t")"
	asan=${ASAN_OPTIONS:-}
	case $t in inbody|message) asan=${ASAN_OPTIONS:-$slow_unwind} ;; esac
	# shellcheck disable=SC2086
	ASAN_OPTIONS=$asan "$build/fuzz/fuzz_$t" -max_total_time="$seconds" \
		-max_len="$(max_len "$t")" -timeout=30 -print_final_stats=1 \
		-dict="$here/$t.dict" -artifact_prefix="$artifacts/" \
		${FUZZ_ARGS:-} "$corpus" "$build/fuzz/seeds/$t" >"$log" 2>&1
	status=$?
	execs=$(final_stat number_of_executed_units)
	rate=$(final_stat average_exec_per_sec)
	rss=$(final_stat peak_rss_mb)
	units=$(find "$corpus" -type f | wc -l)
	if [ "$status" -eq 0 ]; then
		result=ok
	else
		failed=1
		result=$(grep -m1 -o 'ERROR: [A-Za-z]*Sanitizer: [a-z-]*\|ERROR: libFuzzer: [a-z-]*\|runtime error\|FUZZ_CHECK failed' "$log")
		result="FAILED (${result:-exit $status})"
		grep -A30 -m1 'ERROR:\|runtime error\|FUZZ_CHECK' "$log" |
			head -n 40
		ls "$artifacts"
	fi
	printf '%-8s %8s %12s %9s %7s %8s  %s\n' "$t" "${seconds}s" \
		"${execs:-?}" "${rate:-?}" "$units" "${rss:-?}MB" "$result" \
		>>"$summary"
done

echo
printf '%-8s %8s %12s %9s %7s %8s  %s\n' harness time executions \
	'exec/s' corpus 'peak rss' result
cat "$summary"
echo "(logs in $build/fuzz/logs/, crash inputs in $build/fuzz/artifacts/)"
exit $failed
