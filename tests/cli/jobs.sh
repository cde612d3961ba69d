#!/bin/bash
# tests/cli/jobs.sh - -j N never changes the output: the same text and JSON
# for 1, 2, 3 and 16 threads, with and without a cache (and the same
# Markdown and HTML for 1, 2 and 16), on the main
# corpus (two epochs) and on the special inbox (duplicates, removals,
# purges: the cases where arrival order decides what counts).
. "$(dirname "$0")/lib.sh"

I=$tmp/main
main_inbox "$I"
S=$tmp/special
special_inbox "$S"

for inbox in main special; do
	dir=$tmp/$inbox
	run "$inbox-j1" --no-cache -j 1 --format json "$dir"
	run "$inbox-j1-text" --no-cache -j 1 "$dir"
	check_agree "$inbox-j1-text" "$inbox-j1"
	for j in 2 3 16; do
		run "$inbox-j$j" --no-cache -j $j --format json "$dir"
		check_same "$inbox-j1" "$inbox-j$j"
		run "$inbox-j$j-text" --no-cache -j $j "$dir"
		check_same "$inbox-j1-text" "$inbox-j$j-text"
		run "$inbox-j$j-cache" --cache-dir "$tmp/cache-$inbox-$j" -j $j \
			--format json "$dir"
		check_same "$inbox-j1" "$inbox-j$j-cache"
	done
	# The report's series render on -j threads too (report/each.c):
	# every renderer gives one thread's bytes.
	for f in markdown html; do
		run "$inbox-j1-$f" --no-cache -j 1 --format $f "$dir"
		for j in 2 16; do
			run "$inbox-j$j-$f" --no-cache -j $j --format $f "$dir"
			check_same "$inbox-j1-$f" "$inbox-j$j-$f"
		done
	done
done
jqis main-j16 .totals.messages 30

finish
