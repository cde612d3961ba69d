#!/usr/bin/env bash
# bench/run.sh BIN -- measure listdigest against plain `git cat-file` on the
# real corpus (linux-hyperv epoch 0, ../shared/corpus/linux-hyperv-0.bundle).
#
# Why: listdigest has to read every blob of an epoch anyway, so the cheapest
# conceivable program is "list all blobs, cat them".  That pipeline is the
# baseline; listdigest is judged by its ratio to it (the machines are shared
# and noisy, so ratios mean more than raw seconds).  It also checks that the
# on-disk cache pays off and never changes the output.
#
# Rows measured, each BENCH_RUNS times (default 3), median wall time taken:
#   baseline   git log --raw | awk | git cat-file --batch  over all blobs
#   cold       BIN --no-cache                 (nothing cached at all)
#   fill       BIN --cache-dir C, C empty     (builds the cache)
#   warm       BIN --cache-dir C, C full      (reuses it)
# "Cold" means listdigest's own cache is empty.  The OS page cache is warm for
# every row alike (the baseline reads the whole pack first in each round).
# Targets (reported PASS/FAIL, never a non-zero exit): cold/baseline <= 2.0,
# peak RSS < 300 MB, fill/warm >= 5, identical JSON from cold, fill and warm.
# The table is printed and appended to bench/results.md.
#
# Timing: GNU time (/usr/bin/time, Debian package `time`) gives wall time and
# the peak RSS of one process from wait4(2) in a single step, without racing
# to poll /proc/PID/status; bash's `time` keyword cannot report memory.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUNDLE=$ROOT/../shared/corpus/linux-hyperv-0.bundle
RUNS=${BENCH_RUNS:-3}
GNU_TIME=/usr/bin/time
TARGET_COLD_RATIO=2.0
TARGET_RSS_MB=300
TARGET_SPEEDUP=5

die() { echo "bench: $*" >&2; exit 1; }
say() { echo "bench: $*" >&2; }

check_tools() {
	if [ ! -x "$GNU_TIME" ] || ! "$GNU_TIME" -f '%e %M' true 2>/dev/null; then
		die "GNU time not found at $GNU_TIME (Debian: apt-get install time)"
	fi
	command -v python3 >/dev/null || die "python3 is needed to read the JSON"
	command -v git >/dev/null || die "git is needed"
}

# ensure_epoch DIR: mirror-clone the bundle into DIR once, reuse it later.
ensure_epoch() {
	local dir=$1
	if [ -f "$dir/HEAD" ] && git -C "$dir" rev-parse -q --verify HEAD >/dev/null; then
		return
	fi
	say "cloning $(basename "$BUNDLE") into $dir (once)"
	rm -rf "$dir" "$dir.tmp"
	mkdir -p "$(dirname "$dir")"
	git clone -q --mirror "$BUNDLE" "$dir.tmp"
	mv "$dir.tmp" "$dir"
}

# timed OUT_PREFIX CMD...: run CMD under GNU time; stdout goes to
# OUT_PREFIX.out, "wall_s rss_kb" to OUT_PREFIX.time, stderr to OUT_PREFIX.err.
timed() {
	local pre=$1; shift
	if ! "$GNU_TIME" -o "$pre.time" -f '%e %M' "$@" >"$pre.out" 2>"$pre.err"; then
		echo "bench: command failed: $*" >&2
		tail -n 20 "$pre.err" >&2
		return 1
	fi
}

# baseline EPOCH PRE: every blob through one git cat-file --batch.  GNU time
# wraps cat-file itself (the RSS we want); all pipeline members start at
# once and cat-file is the last to finish, so its wall time is the pipeline's.
baseline() {
	local epoch=$1 pre=$2
	git -C "$epoch" log --raw --no-abbrev --format= |
		awk '{print $4}' |
		timed "$pre" git -C "$epoch" cat-file --batch
	: >"$pre.out" # the blobs themselves are not needed; free the disk
}

# median_time FILES...: median wall seconds; max_rss FILES...: peak RSS in kB.
median_time() { awk '{print $1}' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
max_rss() { awk '$2>m {m=$2} END {print m+0}' "$@"; }

json_messages() {
	python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["totals"]["messages"])' "$1"
}

# same_json A B: 0 if byte-identical; prints whether they at least parse equal.
same_json() {
	cmp -s "$1" "$2" && return 0
	if python3 -c 'import json,sys; sys.exit(json.load(open(sys.argv[1])) != json.load(open(sys.argv[2])))' "$1" "$2" 2>/dev/null; then
		echo "  $(basename "$1") and $(basename "$2") differ in bytes only (same JSON value)"
	else
		echo "  $(basename "$1") and $(basename "$2") differ:"
		diff <(python3 -m json.tool "$1" 2>&1) <(python3 -m json.tool "$2" 2>&1) | head -n 20 | sed 's/^/    /'
	fi
	return 1
}

run_all() {
	local bin=$1 epoch=$2 s=$3 i
	for i in $(seq 1 "$RUNS"); do
		say "round $i/$RUNS: baseline"
		baseline "$epoch" "$s/base.$i"
		say "round $i/$RUNS: listdigest --no-cache"
		timed "$s/cold.$i" "$bin" --no-cache --quiet --format json "$epoch"
		say "round $i/$RUNS: listdigest cache fill, then warm"
		rm -rf "$s/cache"
		timed "$s/fill.$i" "$bin" --cache-dir "$s/cache" --quiet --format json "$epoch"
		timed "$s/warm.$i" "$bin" --cache-dir "$s/cache" --quiet --format json "$epoch"
	done
}

# row NAME PREFIX BASE_S MSGS: one table line in Markdown.
row() {
	local name=$1 pre=$2 base=$3 msgs=$4 t rss
	t=$(median_time "$pre".*.time)
	rss=$(max_rss "$pre".*.time)
	awk -v n="$name" -v t="$t" -v r="$rss" -v b="$base" -v m="$msgs" 'BEGIN {
		printf "| %-9s | %8.2f | %8.1f | %6.2f | %9.0f |\n", n, t, r/1024, (b>0? t/b : 0), (t>0? m/t : 0) }'
}

pass_fail() { if awk "BEGIN {exit !($1)}"; then echo PASS; else echo FAIL; fi; }

report() {
	local s=$1 msgs=$2 base cold fill warm rss_max speedup same f
	base=$(median_time "$s"/base.*.time)
	cold=$(median_time "$s"/cold.*.time)
	fill=$(median_time "$s"/fill.*.time)
	warm=$(median_time "$s"/warm.*.time)
	rss_max=$(max_rss "$s"/cold.*.time "$s"/fill.*.time "$s"/warm.*.time)
	speedup=$(awk -v f="$fill" -v w="$warm" 'BEGIN {printf "%.1f", (w>0? f/w : 0)}')
	echo "| name      | wall s   | peak MB  | ×base  | msgs/s    |"
	echo "|-----------|----------|----------|--------|-----------|"
	row baseline "$s/base" "$base" "$msgs"
	row cold "$s/cold" "$base" "$msgs"
	row fill "$s/fill" "$base" "$msgs"
	row warm "$s/warm" "$base" "$msgs"
	echo
	echo "messages: $msgs; runs per row: $RUNS (median wall time, max RSS)"
	echo "warm-vs-cold speed-up (fill / warm): ${speedup}×"
	echo
	echo "- cold / baseline = $(awk -v c="$cold" -v b="$base" 'BEGIN {printf "%.2f", c/b}') (≤ $TARGET_COLD_RATIO): $(pass_fail "$cold <= $TARGET_COLD_RATIO * $base")"
	echo "- peak RSS of listdigest = $(awk -v r="$rss_max" 'BEGIN {printf "%.1f", r/1024}') MB (< $TARGET_RSS_MB MB): $(pass_fail "$rss_max < $TARGET_RSS_MB * 1024")"
	echo "- fill / warm = $speedup (≥ $TARGET_SPEEDUP): $(pass_fail "$speedup >= $TARGET_SPEEDUP")"
	same=PASS
	for f in "$s"/cold.*.out "$s"/fill.*.out "$s"/warm.*.out; do
		[ "$f" = "$s/cold.1.out" ] || same_json "$s/cold.1.out" "$f" || same=FAIL
	done
	if [ "$same" = PASS ]; then
		echo "- JSON of cold, fill and warm runs identical: PASS"
	else
		echo "- JSON of cold, fill and warm runs identical: FAIL (they differ)"
	fi
}

results_header() {
	cat <<'EOF'
# listdigest benchmark results

Appended by `make bench` (`bench/run.sh build/listdigest`) on the
linux-hyperv epoch 0 corpus (`../shared/corpus/linux-hyperv-0.bundle`).
Machines are shared and noisy: compare ratios, not raw seconds. "Cold"
means listdigest's cache is empty; the OS page cache is warm for every row.

Columns:

- **name**: `baseline` is `git log --raw --no-abbrev --format= | awk '{print $4}' |
  git cat-file --batch >/dev/null` over every blob of the epoch (RSS is that of
  `git cat-file`); `cold` is `listdigest --no-cache --quiet --format json EPOCH`;
  `fill` is `listdigest --cache-dir C ...` with C empty (builds the cache);
  `warm` is the same command again with C filled.
- **wall s**: median wall-clock seconds over the runs (usually 3).
- **peak MB**: largest peak resident set size over the runs (GNU time `%M`).
- **×base**: median wall time divided by the baseline's.
- **msgs/s**: `totals.messages` of listdigest's JSON divided by wall time.

Targets: cold ×base ≤ 2.0; listdigest peak RSS < 300 MB; fill / warm ≥ 5;
JSON of cold, fill and warm runs byte-identical.
EOF
}

append_results() {
	local table=$1 file=$ROOT/bench/results.md rev cpu
	rev=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
	git -C "$ROOT" diff --quiet HEAD 2>/dev/null || rev="$rev (dirty tree)"
	cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
	[ -f "$file" ] || results_header >"$file"
	{
		echo
		echo "## $(date -u '+%Y-%m-%d %H:%M UTC'), $rev"
		echo
		echo "CPU: ${cpu:-unknown} ($(nproc) cores)"
		echo
		cat "$table"
	} >>"$file"
	say "appended to $file"
}

main() {
	[ $# -eq 1 ] || die "usage: bench/run.sh BIN"
	local bin epoch msgs
	bin=$(cd "$(dirname "$1")" 2>/dev/null && pwd)/$(basename "$1")
	[ -x "$bin" ] || die "$1: not an executable (run make first)"
	if [ ! -f "$BUNDLE" ]; then
		echo "bench: corpus $BUNDLE not found; skipping the benchmark."
		exit 0
	fi
	check_tools
	epoch=$(dirname "$bin")/bench-data/hv/git/0.git
	ensure_epoch "$epoch"
	SCRATCH=$(mktemp -d "$(dirname "$bin")/bench-data/run.XXXXXX")
	trap 'rm -rf "$SCRATCH"' EXIT
	local scratch=$SCRATCH
	run_all "$bin" "$epoch" "$scratch"
	msgs=$(json_messages "$scratch/cold.1.out") ||
		die "could not read totals.messages from the JSON output"
	report "$scratch" "$msgs" | tee "$scratch/table.md"
	append_results "$scratch/table.md"
}

main "$@"
