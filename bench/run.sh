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
#   baseline   git log --raw | awk | git cat-file --batch  over all blobs,
#              cat-file's output written to a file (a consumer gets the
#              bytes; the targets are judged against this row)
#   base-null  the same with the output thrown away (>/dev/null): git's
#              reading alone, the lowest bar there is
#   read       listdigest's source stage alone on -j NPROC threads: list the
#              epoch and read every blob (build/bench/ld-bench-stages)
#   parse      read, and parse every message as the index does; no index,
#              model or report.  With `cold`, these two say how the time
#              splits between reading, parsing and the rest
#   cold       BIN --no-cache -j NPROC        (nothing cached at all)
#   cold-j1    BIN --no-cache -j 1            (one reader thread)
#   fill       BIN --cache-dir C, C empty     (builds the cache)
#   warm       BIN --cache-dir C, C full      (reuses it)
#   last100    BIN --cache-dir C HEAD~100..   (the cron case, warm)
#   reference  python3 bench/reference.py     (once: it takes ~25 s; the
#              straightforward Python script computing the same two tables)
# Then the scaling rows: synthetic archives of BENCH_SCALE messages
# (default "1000 5000 26000 200000"; built once by bench/synth.sh from the
# real epoch into the build directory), each with its own baseline and a
# cold run (BENCH_RUNS rounds, median), reported as messages/second.
# BENCH_SCALE="" skips them.
# "Cold" means listdigest's own cache is empty.  The OS page cache is warm for
# every row alike (the baseline reads the whole pack first in each round).
# Targets of issue 8 (reported PASS/FAIL, never a non-zero exit):
#   cold / baseline <= 1.0; reference / cold >= 5; last100 / cold < 0.05;
#   peak RSS of cold <= baseline's (git cat-file's) + 150 MB, at every size;
#   messages/s at 200k >= 0.8 x at 26k (constant cost per message);
#   identical JSON from cold, cold-j1, fill and warm; reference's tables
#   equal to listdigest's.
# The table is printed and appended to bench/results.md.
#
# Overrides, for the test that runs the whole bench on a small archive
# (tests/cli/bench.sh): BENCH_BUNDLE (the corpus), BENCH_DATA (where the
# clone, the synthetic archives and the scratch runs go; default
# build/bench-data), BENCH_RESULTS (the file the table is appended to).
#
# Timing: GNU time (/usr/bin/time, Debian package `time`) gives wall time and
# the peak RSS of one process from wait4(2) in a single step, without racing
# to poll /proc/PID/status; bash's `time` keyword cannot report memory.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUNDLE=${BENCH_BUNDLE:-$ROOT/../shared/corpus/linux-hyperv-0.bundle}
RESULTS=${BENCH_RESULTS:-$ROOT/bench/results.md}
RUNS=${BENCH_RUNS:-3}
GNU_TIME=/usr/bin/time
TARGET_COLD_RATIO=1.0
TARGET_RSS_OVER_MB=150
TARGET_REFERENCE=5
TARGET_LAST100=0.05
TARGET_SCALE=0.8
SCALE=${BENCH_SCALE-1000 5000 26000 200000}
JOBS=$(nproc)
STAGES= # build/bench/ld-bench-stages, set in main()
DATA=   # clones, synthetic archives and scratch runs, set in main()

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

# timed_to OUT PRE CMD...: run CMD under GNU time; stdout goes to OUT,
# "wall_s rss_kb" to PRE.time, stderr to PRE.err.
timed_to() {
	local out=$1 pre=$2; shift 2
	if ! "$GNU_TIME" -o "$pre.time" -f '%e %M' "$@" >"$out" 2>"$pre.err"; then
		echo "bench: command failed: $*" >&2
		tail -n 20 "$pre.err" >&2
		return 1
	fi
}

# timed PRE CMD...: timed_to with stdout in PRE.out.
timed() { timed_to "$1.out" "$@"; }

# baseline EPOCH PRE [OUT]: every blob through one git cat-file --batch,
# its output into OUT (default: the file PRE.out, emptied afterwards).
# GNU time wraps cat-file itself (the RSS we want); all pipeline members
# start at once and cat-file is the last to finish, so its wall time is
# the pipeline's.
baseline() {
	local epoch=$1 pre=$2 out=${3:-$2.out}
	git -C "$epoch" log --raw --no-abbrev --format= |
		awk '{print $4}' |
		timed_to "$out" "$pre" git -C "$epoch" cat-file --batch
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
		say "round $i/$RUNS: listdigest --no-cache (-j $JOBS, then -j 1)"
		timed "$s/cold.$i" "$bin" --no-cache -j "$JOBS" --quiet --format json "$epoch"
		timed "$s/coldj1.$i" "$bin" --no-cache -j 1 --quiet --format json "$epoch"
		say "round $i/$RUNS: baseline to /dev/null, then the read and parse stages alone"
		baseline "$epoch" "$s/basenull.$i" /dev/null
		timed "$s/read.$i" "$STAGES" read "$JOBS" "$epoch"
		timed "$s/parse.$i" "$STAGES" parse "$JOBS" "$epoch"
		say "round $i/$RUNS: listdigest cache fill, warm, last 100"
		rm -rf "$s/cache"
		timed "$s/fill.$i" "$bin" --cache-dir "$s/cache" --quiet --format json "$epoch"
		timed "$s/warm.$i" "$bin" --cache-dir "$s/cache" --quiet --format json "$epoch"
		timed "$s/last100.$i" "$bin" --cache-dir "$s/cache" --quiet --format json "$epoch" HEAD~100..
	done
	say "reference: python3 bench/reference.py (once)"
	timed "$s/reference.1" python3 "$ROOT/bench/reference.py" --format json --top 1000 "$epoch"
	timed "$s/tables.1" "$bin" --no-cache --quiet --format json --top 1000 "$epoch"
}

# run_scale BIN SRC_EPOCH S: the scaling rows, one synthetic archive per size.
run_scale() {
	local bin=$1 src=$2 s=$3 n dir
	for n in $SCALE; do
		dir=$DATA/synth-$n
		if [ ! -f "$dir/git/0.git/HEAD" ] ||
		   [ "$(git -C "$dir/git/0.git" rev-list --count HEAD 2>/dev/null)" != "$n" ]; then
			say "building a synthetic archive of $n messages (once)"
			rm -rf "$dir"
			bash "$ROOT/bench/synth.sh" "$src" "$dir" "$n" >/dev/null ||
				die "bench/synth.sh failed"
		fi
		# As many rounds as the other rows: one run each proved too
		# noisy on shared machines (a 200k run took 19 s to 26 s).
		for i in $(seq 1 "$RUNS"); do
			say "scale $n, round $i/$RUNS: baseline, then listdigest --no-cache"
			baseline "$dir/git/0.git" "$s/sbase-$n.$i"
			timed "$s/scold-$n.$i" "$bin" --no-cache -j "$JOBS" --quiet --format json "$dir"
			# only round 1's JSON is read (its message count)
			[ "$i" -eq 1 ] || : >"$s/scold-$n.$i.out"
		done
	done
}

# An awk function for the tables: a / b in FORMAT, or "-" when b is 0 (GNU
# time counts hundredths of a second: a tiny archive's baseline takes 0).
AWK_PER='function per(a, b, f) { return b > 0 ? sprintf(f, a / b) : "-" } '

# row NAME PREFIX BASE_S MSGS: one table line in Markdown.
row() {
	local name=$1 pre=$2 base=$3 msgs=$4 t rss
	t=$(median_time "$pre".*.time)
	rss=$(max_rss "$pre".*.time)
	awk -v n="$name" -v t="$t" -v r="$rss" -v b="$base" -v m="$msgs" "$AWK_PER"'BEGIN {
		printf "| %-9s | %8.2f | %8.1f | %6s | %9s |\n", n, t, r/1024,
			per(t, b, "%.2f"), per(m, t, "%.0f") }'
}

pass_fail() { if awk "BEGIN {exit !($1)}"; then echo PASS; else echo FAIL; fi; }
# ratio A B: A / B to two decimals, "-" when B is 0 (as in the tables).
ratio() { awk -v a="$1" -v b="$2" "$AWK_PER"'BEGIN {printf "%s", per(a, b, "%.2f")}'; }

# tables_equal A B: reference.py's two tables equal listdigest's
tables_equal() {
	python3 - "$1" "$2" <<'PY'
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
keys = ("top_domains", "top_contributors")
sys.exit(0 if all(a[k] == b[k] for k in keys) else 1)
PY
}

report() {
	local s=$1 msgs=$2 base basenull cold coldj1 fill warm last100 ref
	local rss_base rss_cold
	local same f n sb sc sm rb rc rate26 rate200
	base=$(median_time "$s"/base.*.time)
	basenull=$(median_time "$s"/basenull.*.time)
	cold=$(median_time "$s"/cold.*.time)
	coldj1=$(median_time "$s"/coldj1.*.time)
	fill=$(median_time "$s"/fill.*.time)
	warm=$(median_time "$s"/warm.*.time)
	last100=$(median_time "$s"/last100.*.time)
	ref=$(median_time "$s"/reference.*.time)
	rss_base=$(max_rss "$s"/base.*.time)
	rss_cold=$(max_rss "$s"/cold.*.time "$s"/fill.*.time)
	echo "| name      | wall s   | peak MB  | ×base  | msgs/s    |"
	echo "|-----------|----------|----------|--------|-----------|"
	row baseline "$s/base" "$base" "$msgs"
	row base-null "$s/basenull" "$base" "$msgs"
	row read "$s/read" "$base" "$msgs"
	row parse "$s/parse" "$base" "$msgs"
	row cold "$s/cold" "$base" "$msgs"
	row cold-j1 "$s/coldj1" "$base" "$msgs"
	row fill "$s/fill" "$base" "$msgs"
	row warm "$s/warm" "$base" "$msgs"
	row last100 "$s/last100" "$base" 100
	row reference "$s/reference" "$base" "$msgs"
	echo
	echo "messages: $msgs; -j $JOBS unless named; runs per row: $RUNS (reference: 1); median wall time, max RSS"
	if [ -n "$SCALE" ]; then
		echo
		echo "| scale     | baseline s | cold s   | ×base  | msgs/s    | base MB | cold MB |"
		echo "|-----------|------------|----------|--------|-----------|---------|---------|"
		for n in $SCALE; do
			sb=$(median_time "$s/sbase-$n".*.time)
			sc=$(median_time "$s/scold-$n".*.time)
			sm=$(json_messages "$s/scold-$n.1.out")
			awk -v n="$n" -v b="$sb" -v c="$sc" -v m="$sm" \
			    -v rb="$(max_rss "$s/sbase-$n".*.time)" \
			    -v rc="$(max_rss "$s/scold-$n".*.time)" "$AWK_PER"'BEGIN {
				printf "| %-9s | %10.2f | %8.2f | %6s | %9s | %7.0f | %7.0f |\n",
				n, b, c, per(c, b, "%.2f"), per(m, c, "%.0f"),
				rb/1024, rc/1024 }'
		done
	fi
	echo
	echo "- cold / baseline = $(ratio "$cold" "$base") (≤ $TARGET_COLD_RATIO): $(pass_fail "$cold <= $TARGET_COLD_RATIO * $base")"
	echo "  (cold / base-null = $(ratio "$cold" "$basenull"), for reference: git reading with nowhere to write)"
	echo "- reference / cold = $(ratio "$ref" "$cold") (≥ $TARGET_REFERENCE): $(pass_fail "$ref >= $TARGET_REFERENCE * $cold")"
	echo "- last100 / cold = $(ratio "$last100" "$cold") (< $TARGET_LAST100): $(pass_fail "$last100 < $TARGET_LAST100 * $cold")"
	echo "- peak RSS: listdigest $(ratio "$rss_cold" 1024) MB, git cat-file $(ratio "$rss_base" 1024) MB (≤ +$TARGET_RSS_OVER_MB MB): $(pass_fail "$rss_cold <= $rss_base + $TARGET_RSS_OVER_MB * 1024")"
	for n in $SCALE; do
		[ -f "$s/scold-$n.1.time" ] || continue
		rc=$(max_rss "$s/scold-$n".*.time)
		rb=$(max_rss "$s/sbase-$n".*.time)
		echo "- peak RSS at $n: listdigest $(ratio "$rc" 1024) MB, git cat-file $(ratio "$rb" 1024) MB (≤ +$TARGET_RSS_OVER_MB MB): $(pass_fail "$rc <= $rb + $TARGET_RSS_OVER_MB * 1024")"
	done
	if [ -f "$s/scold-26000.1.time" ] && [ -f "$s/scold-200000.1.time" ]; then
		rate26=$(awk -v m="$(json_messages "$s/scold-26000.1.out")" -v t="$(median_time "$s"/scold-26000.*.time)" 'BEGIN {print m/t}')
		rate200=$(awk -v m="$(json_messages "$s/scold-200000.1.out")" -v t="$(median_time "$s"/scold-200000.*.time)" 'BEGIN {print m/t}')
		echo "- msgs/s at 200k / at 26k = $(ratio "$rate200" "$rate26") (≥ $TARGET_SCALE): $(pass_fail "$rate200 >= $TARGET_SCALE * $rate26")"
	fi
	same=PASS
	for f in "$s"/cold.*.out "$s"/coldj1.*.out "$s"/fill.*.out "$s"/warm.*.out; do
		[ "$f" = "$s/cold.1.out" ] || same_json "$s/cold.1.out" "$f" || same=FAIL
	done
	echo "- JSON of cold (-j $JOBS and -j 1), fill and warm runs identical: $same"
	if tables_equal "$s/reference.1.out" "$s/tables.1.out"; then
		echo "- reference.py's top_domains and top_contributors equal listdigest's: PASS"
	else
		echo "- reference.py's top_domains and top_contributors equal listdigest's: FAIL"
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
  git cat-file --batch > FILE` over every blob of the epoch (RSS is that of
  `git cat-file`); `base-null` is the same into `/dev/null`; `read` and
  `parse` are listdigest's source stage alone and source plus parser
  (`build/bench/ld-bench-stages`, no index, model or report);
  `cold` is `listdigest --no-cache --quiet --format json EPOCH`;
  `fill` is `listdigest --cache-dir C ...` with C empty (builds the cache);
  `warm` is the same command again with C filled.
- **wall s**: median wall-clock seconds over the runs (usually 3).
- **peak MB**: largest peak resident set size over the runs (GNU time `%M`).
- **×base**: median wall time divided by the baseline's.
- **msgs/s**: `totals.messages` of listdigest's JSON divided by wall time.

Targets (issue 8, from 2026-11-24 on): cold ×base ≤ 1.0; reference /
cold ≥ 5; last100 / cold < 0.05; peak RSS ≤ git cat-file's + 150 MB at every
size; messages/s at 200k ≥ 0.8 × at 26k; identical JSON for every -j and
cache state. (Until then: cold ×base ≤ 2.0, RSS < 300 MB, fill / warm ≥ 5.)
Rows added then: `cold-j1` (`-j 1`), `last100` (warm `HEAD~100..`),
`reference` (`python3 bench/reference.py`, the straightforward Python
script computing the same two tables), and the scaling table over synthetic
archives (`bench/synth.sh`).
EOF
}

append_results() {
	local table=$1 file=$RESULTS rev cpu
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
	STAGES=$(dirname "$bin")/bench/ld-bench-stages
	[ -x "$STAGES" ] || die "$STAGES: not built (run make first)"
	DATA=${BENCH_DATA:-$(dirname "$bin")/bench-data}
	if [ ! -f "$BUNDLE" ]; then
		echo "bench: corpus $BUNDLE not found; skipping the benchmark."
		exit 0
	fi
	check_tools
	epoch=$DATA/hv/git/0.git
	ensure_epoch "$epoch"
	SCRATCH=$(mktemp -d "$DATA/run.XXXXXX")
	trap 'rm -rf "$SCRATCH"' EXIT
	local scratch=$SCRATCH
	run_all "$bin" "$epoch" "$scratch"
	run_scale "$bin" "$epoch" "$scratch"
	msgs=$(json_messages "$scratch/cold.1.out") ||
		die "could not read totals.messages from the JSON output"
	report "$scratch" "$msgs" | tee "$scratch/table.md"
	append_results "$scratch/table.md"
}

main "$@"
