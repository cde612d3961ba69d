#!/bin/bash
# tests/cli/unreadable.sh - a commit whose "m" blob is missing: exit 1, the
# rest of the report as usual
. "$(dirname "$0")/lib.sh"

U=$tmp/un
{
	"$tools/mkinbox.sh" -q "$U" "$corp"/e0-09-*.eml &&
	"$tools/pi-special.sh" missing-blob "$U" &&
	"$tools/mkinbox.sh" -q -A "$U" "$corp"/e1-08-*.eml
} >/dev/null || { echo "Bail out! building the inbox failed"; exit 1; }

run un --no-cache --format json "$U"
check_rc un 1
check_json_str un "$U" '{
  "range": {"from": null, "to": "@E0.3@"},
  "totals": {"messages": 2, "patches": 2, "series": 2, "unreadable": 1,
             "purged": 0, "duplicates": 0, "removed": 0},
  "series": [
    {"subject": "[PATCH] net: mana: Fix memory leak in mana_hwc_create_wq"},
    {"subject": "[PATCH] mshv: Use PMD_ORDER instead of HPAGE_PMD_ORDER when processing regions"}
  ]
}'
run un-text --no-cache "$U"
check_rc un-text 1
check_agree un-text un
# Same with a cache, twice.
run un-cold --cache-dir "$tmp/cache" --format json "$U"
check_rc un-cold 1
check_same un un-cold
run un-warm --cache-dir "$tmp/cache" --format json "$U"
check_rc un-warm 1
check_same un un-warm

# A blob that comes back (a repository repaired): unreadable in one run,
# read by the next from the same cache, which keeps the commits to read
# again (commits_todo) rather than scanning the history for them.
blob=$(git -C "$U/git/0.git" rev-parse HEAD:m)
obj=$U/git/0.git/objects/${blob:0:2}/${blob:2}
if [ -f "$obj" ]; then
	mv "$obj" "$tmp/obj.away"
	run gone --cache-dir "$tmp/cache2" --format json "$U"
	check_rc gone 1
	jqis gone '[.totals.messages, .totals.unreadable]' '[1,2]'
	mv "$tmp/obj.away" "$obj"
	run back --cache-dir "$tmp/cache2" --format json "$U"
	check_rc back 1
	check_same un back
else
	not_ok "blob $blob is not a loose object; cannot take it away"
fi

finish
