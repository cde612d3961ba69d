#!/bin/bash
# tests/cli/digest.sh - the whole main corpus, text and JSON
#
# Two epochs read as one history (SOURCE = the inbox directory), no RANGE:
# every table row, patch-list line and commit-message block of
# expected/main-whole.txt, every value of expected/main-whole.json; text and
# JSON agree; --format text is the default; -j 1 and -j 4 give the same
# output.
. "$(dirname "$0")/lib.sh"

main_inbox "$tmp/main"

run whole --no-cache "$tmp/main"
check_rc whole 0
check_text whole "$expected/main-whole.txt" "$tmp/main"

run whole-json --no-cache --format json "$tmp/main"
check_rc whole-json 0
check_json whole-json "$expected/main-whole.json" "$tmp/main"
check_agree whole whole-json

run whole-fmt-text --no-cache --format text "$tmp/main"
check_same whole whole-fmt-text

run whole-j1 --no-cache -j 1 "$tmp/main"
check_same whole whole-j1
run whole-j4 --no-cache --jobs 4 --format json "$tmp/main"
check_same whole-json whole-j4

# The epoch directory alone: only git/0.git's 19 messages.
run e0 --no-cache --format json "$tmp/main/git/0.git"
check_rc e0 0
check_json_str e0 "$tmp/main" '{
  "list": "LINUX-HYPERV",
  "range": {"from": null, "to": "@E0.19@"},
  "totals": {"messages": 19, "patches": 10, "cover_letters": 3,
             "replies": 6, "other": 0, "series": 5, "unreadable": 0,
             "purged": 0, "duplicates": 0, "removed": 0},
  "top_domains": [{"domain": "microsoft.com", "count": 8},
                  {"domain": "linux.com", "count": 3},
                  {"domain": "gmail.com", "count": 1},
                  {"domain": "networkplumber.org", "count": 1}]
}'
run e0-text --no-cache "$tmp/main/git/0.git"
check_agree e0-text e0

finish
