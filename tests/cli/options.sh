#!/bin/bash
# tests/cli/options.sh - --top, --list-name, the list name's defaults, --quiet
. "$(dirname "$0")/lib.sh"

main_inbox "$tmp/main"
I=$tmp/main

# --top 2: both headings say 2, both tables stop after 2 rows, cutting
# through ties (linux.com / linux.microsoft.com, Krzysztof / Long Li) in name
# order; the rest of the report is unchanged.
run top2 --no-cache --top 2 "$I"
check_rc top2 0
check_text top2 "$expected/main-top2.txt" "$I"
run top2-json --no-cache --top 2 --format json "$I"
check_json_str top2-json "$I" '{
  "top_domains": [{"domain": "microsoft.com", "count": 11},
                  {"domain": "linux.com", "count": 3}],
  "top_contributors": [
    {"name": "Tianyu Lan", "email": "Tianyu.Lan@microsoft.com", "count": 6},
    {"name": "Krzysztof Wilczyński", "email": "kw@linux.com", "count": 3}],
  "totals": {"messages": 30, "series": 10}
}'
check_agree top2 top2-json

# --top 1 on a range whose two authors tie: the one first by name.
run top1 --no-cache --top 1 --format json "$I" "$(rev $I 0 15)..$(rev $I 1 5)"
check_json_str top1 "$I" '{
  "top_domains": [{"domain": "microsoft.com", "count": 6}],
  "top_contributors": [{"name": "Long Li", "email": "longli@microsoft.com",
                        "count": 3}]
}'

# --list-name is printed as given, in text and JSON.
run name --no-cache --list-name "Hyper-V devel" "$I" "$(rev $I 1 9).."
check_rc name 0
want="Hyper-V devel mailing list update from $(rev $I 1 9 | cut -c1-9) to $(rev $I 1 11 | cut -c1-9)"
if [ "$(head -n 1 "$tmp/name.out")" = "$want" ]; then
	ok "name: first line: $want"
else
	not_ok "name: first line: $(head -n 1 "$tmp/name.out"), expected $want"
fi
run name-json --no-cache --list-name "Hyper-V devel" --format json "$I" \
	"$(rev $I 1 9).."
check_json_str name-json "$I" '{"list": "Hyper-V devel"}'

# Without List-Id the list name is the archive directory's name, upper-cased
# (docs/json.md).
"$tools/mkinbox.sh" -q "$tmp/mylist" >/dev/null
for f in "$corp"/e0-09-*.eml "$corp"/e0-10-*.eml; do
	sed '/^List-I[dD]:/d' "$f" >"$tmp/nolistid.eml"
	"$tools/pi-special.sh" add-raw "$tmp/mylist" "$tmp/nolistid.eml" >/dev/null
done
run nolistid --no-cache --format json "$tmp/mylist"
check_rc nolistid 0
check_json_str nolistid "$tmp/mylist" '{
  "list": "MYLIST",
  "totals": {"messages": 2, "patches": 1, "replies": 1}
}'

# --quiet: a clean run says nothing on stderr.
run quiet --no-cache --quiet "$I"
check_rc quiet 0
check_quiet quiet
check_text quiet "$expected/main-whole.txt" "$I"

finish
