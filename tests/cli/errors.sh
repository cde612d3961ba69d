#!/bin/bash
# tests/cli/errors.sh - bad revisions, bad ranges, bad usage: exit 2
#
# The contract: an unknown revision, or FROM not an ancestor of TO, is one
# line on stderr and exit status 2; so is bad usage or an unusable SOURCE.
# Nothing may appear on stdout then.
. "$(dirname "$0")/lib.sh"

main_inbox "$tmp/main"
I=$tmp/main

# Unknown revisions, at either end, in one epoch or in the inbox.
run unknown-from --no-cache "$I" "deadbee..$(rev $I 1 3)"
check_usage_error unknown-from
run unknown-to --no-cache "$I/git/0.git" "$(rev $I 0 3)..nosuchref"
check_usage_error unknown-to
run unknown-from-open --no-cache "$I" "0123456789abcdef0123456789abcdef01234567.."
check_usage_error unknown-from-open
# A blob id is not a revision either.
run blob-rev --no-cache "$I/git/0.git" \
	"$(git -C "$I/git/0.git" rev-parse HEAD:m)..HEAD"
check_usage_error blob-rev

# FROM not an ancestor of TO: reversed, in one epoch and across epochs.
run reversed --no-cache "$I" "$(rev $I 0 11)..$(rev $I 0 4)"
check_usage_error reversed
run reversed-cross --no-cache "$I" "$(rev $I 1 3)..$(rev $I 0 5)"
check_usage_error reversed-cross
# Reversed with HEAD~N in one epoch.
run reversed-head --no-cache --format json "$I/git/1.git" HEAD~2..HEAD~5
check_usage_error reversed-head

# Bad usage.
run no-source --no-cache
check_usage_error no-source
run bad-format --no-cache --format xml "$I"
check_usage_error bad-format
run bad-top --no-cache --top many "$I"
check_usage_error bad-top
run bad-jobs --no-cache -j zero "$I"
check_usage_error bad-jobs
run extra-arg --no-cache "$I" HEAD..HEAD surplus
check_usage_error extra-arg
run bad-option --no-cache --no-such-option "$I"
check_usage_error bad-option
for size in 1.5M -1 12T '' 99999999999999999999G 32MB; do
	run "bad-size-$size" --no-cache --max-message-size "$size" "$I"
	check_usage_error "bad-size-$size"
done
for size in 0 123 64k 64K 32M 1g; do
	run "size-$size" --no-cache --format json --max-message-size "$size" "$I"
	check_rc "size-$size" "$([ "$size" = 123 ] && echo 1 || echo 0)"
done

# Unusable SOURCE: missing, a plain directory, a file.
run missing-source --no-cache "$tmp/nonexistent"
check_usage_error missing-source
mkdir "$tmp/plain"
run plain-dir --no-cache "$tmp/plain"
check_usage_error plain-dir
# A file that is neither an mbox nor one message (a single .eml file is a
# valid SOURCE since mbox support: src/source/mbox.c).
printf 'Some notes\nabout the list\n' >"$tmp/notes.txt"
run file-source --no-cache "$tmp/notes.txt"
check_usage_error file-source

finish
