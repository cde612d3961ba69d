#!/bin/bash
# tests/cli/bench.sh - `make bench` itself (bench/run.sh), end to end on a
# small archive, so that the table issue 8 asks for keeps every row and
# check: a 150-message archive made by bench/synth.sh from the main test
# inbox stands in for the real corpus (BENCH_BUNDLE), one round, one
# scaling size.  It must exit 0, append a table with every row and
# numbers in every column to BENCH_RESULTS (never to bench/results.md),
# and find the JSON of every run identical and reference.py's tables
# equal to listdigest's.  The timings themselves are not checked: this
# machine is not the benchmark's.
. "$(dirname "$0")/lib.sh"

if [ ! -x /usr/bin/time ]; then
	echo "SKIP: GNU time not installed (apt-get install time)"
	exit 77
fi

I=$tmp/main
main_inbox "$I"
# More than 100 messages, for the HEAD~100.. row.
bash "$srcroot/bench/synth.sh" "$I/git/0.git" "$tmp/src" 150 >/dev/null ||
	{ echo "Bail out! synth.sh failed"; exit 1; }
git -C "$tmp/src/git/0.git" bundle create -q "$tmp/small.bundle" --all ||
	{ echo "Bail out! git bundle failed"; exit 1; }

results=$tmp/results.md
before=$(git -C "$srcroot" hash-object bench/results.md 2>/dev/null || echo none)
BENCH_BUNDLE=$tmp/small.bundle BENCH_DATA=$tmp/data BENCH_RESULTS=$results \
BENCH_RUNS=1 BENCH_SCALE=120 \
	bash "$srcroot/bench/run.sh" "$ld" >"$tmp/bench.out" 2>"$tmp/bench.err"
rc=$?
[ $rc -eq 0 ] && ok "bench/run.sh exits 0" ||
	not_ok "bench/run.sh exit $rc: $(tail -n 5 "$tmp/bench.err")"

[ -f "$results" ] && grep -q '^# listdigest benchmark results' "$results" &&
	ok "the results file is started with its header" ||
	not_ok "no results file with a header at BENCH_RESULTS"
after=$(git -C "$srcroot" hash-object bench/results.md 2>/dev/null || echo none)
[ "$before" = "$after" ] && ok "bench/results.md untouched" ||
	not_ok "the test run wrote to bench/results.md"

# Every row, with a number in each column; a ratio is "-" where the
# time it divides by rounds to 0 s, as it can on so small an archive.
num='[0-9.]+'
ratio='([0-9.]+|-)'
for name in baseline base-null read parse cold cold-j1 fill warm last100 \
	    reference; do
	if grep -Eq "^\| $name +\| +$num \| +$num \| +$ratio \| +$ratio \|$" \
		"$results"; then
		ok "row $name"
	else
		not_ok "row $name missing or without numbers"
	fi
done
grep -Eq "^\| baseline +\| +$num \| +$num \| +(1\.00|-) \|" "$results" &&
	ok "the baseline is 1.00 × itself" || not_ok "baseline's ×base is not 1.00"
grep -Eq "^\| 120 +\| +$num \| +$num \| +$ratio \| +$ratio \| +$num \| +$num \|$" \
	"$results" && ok "scaling row for 120 messages" ||
	not_ok "no scaling row for 120 messages"
grep -q '^messages: 150;' "$results" && ok "150 messages counted" ||
	not_ok "messages line: $(grep '^messages:' "$results")"

# The checks that do not depend on the machine's speed must pass.
for check in "JSON of cold (-j [0-9]* and -j 1), fill and warm runs identical: PASS" \
	     "reference.py's top_domains and top_contributors equal listdigest's: PASS" \
	     "cold / baseline = \([0-9.]*\|-\) (≤ 1.0): \(PASS\|FAIL\)" \
	     "(cold / base-null = \([0-9.]*\|-\), for reference" \
	     "last100 / cold = \([0-9.]*\|-\) (< 0.05): \(PASS\|FAIL\)"; do
	grep -q -- "- $check\|  $check" "$results" && ok "line: $check" ||
		not_ok "no line: $check"
done

finish
