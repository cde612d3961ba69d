#!/bin/bash
# tests/people/people.sh - organisations: --orgmap and --list-unmapped
#
# The main inbox of tests/cli (tests/corpora/e2e/: 30 real linux-hyperv
# messages, two epochs).  Its patches and covers come from microsoft.com
# (11), linux.microsoft.com (3), linux.com (3), igalia.com (2: Guilherme
# G. Piccoli's v2 of 2023-03-10 and v3 of 2023-03-17), gmail.com (1) and
# networkplumber.org (1).  Checked: the default map (data/orgmap, with
# linux.microsoft.com under microsoft.com), a map of our own with a dated
# rule on both sides of its end date and an address rule beating its
# domain's, the JSON list, --list-unmapped, a bad map, and that without
# --orgmap the output has no organisations table.
#
# Bots: a second inbox of e0-09 (José Expósito's patch), e0-11
# (patchwork-bot+netdevbpf@kernel.org's reply to it), p-03
# (pr-tracker-bot@kernel.org's reply) and, from tests/corpora/people/, two
# patches of lkp@intel.com (kernel test robot) and tipbot@zytor.com's
# reply (a bot only data/bots names): 5 of its 6 messages are from bots,
# and only José's patch counts in the tables unless --include-bots;
# --bots FILE adds José to the bots.
#
# Identities: in the main inbox Stephen Hemminger wrote 2 patches as
# sthemmin@microsoft.com and 1 as stephen@networkplumber.org, and Michael
# Kelley's Reviewed-by (e0-15) names his old mikelley@microsoft.com.  A
# .mailmap (with an upper-cased matching address: compared case-
# insensitively) merges both into their current addresses, given with
# --mailmap or as the inbox's `mailmap` in listdigest's config.  Domains
# and organisations still go by the address written on each message.
#
# --suggest-aliases: in the main inbox Stephen Hemminger and Tianyu Lan
# (same name, two addresses each); with the mailmap only Tianyu is left.
# A third inbox of a copy of a-01 (sent by kotaranov@linux.microsoft.com,
# in-body From kotaranov@microsoft.com) whose header From is renamed "KT":
# the two addresses are related only by their local part.
. "$(dirname "$0")/../cli/lib.sh"

main_inbox "$tmp/m"
M=$tmp/m

run plain --no-cache "$M"
check_rc plain 0
if grep -q 'organisations' "$tmp/plain.out"; then
	not_ok "plain: an organisations table without --orgmap"
else
	ok "plain: no organisations table without --orgmap"
fi

run default --no-cache --orgmap default "$M"
check_rc default 0
sed -n '/^Top 15 organisations (Based on Email Body)$/,/^Top 15 reviewers/p' \
	"$tmp/default.out" >"$tmp/default.orgs"
cat >"$tmp/default.want" <<'WANT'
Top 15 organisations (Based on Email Body)

     14 Microsoft
      3 (unknown: linux.com)
      2 (unknown: igalia.com)
      1 (personal)
      1 (unknown: networkplumber.org)

Top 15 reviewers (Reviewed-by, Acked-by, Tested-by given in replies)
WANT
if cmp -s "$tmp/default.want" "$tmp/default.orgs"; then
	ok "default: organisations table after the contributors table"
else
	not_ok "default: organisations table differs"
	diff -u "$tmp/default.want" "$tmp/default.orgs" | sed 's/^/#   /'
fi
# The other tables are unchanged: the output is the plain one plus the table.
grep -v -e '^Top 15 organisations' -e '^ *[0-9]* \(Microsoft\|(unknown: .*)\|(personal)\)$' \
	"$tmp/default.out" | cat -s >"$tmp/default.rest"
cat -s "$tmp/plain.out" >"$tmp/plain.rest"
if cmp -s "$tmp/plain.rest" "$tmp/default.rest"; then
	ok "default: everything else as without --orgmap"
else
	not_ok "default: other parts of the output changed"
	diff -u "$tmp/plain.rest" "$tmp/default.rest" | head -n 20 | sed 's/^/#   /'
fi

cat >"$tmp/orgmap" <<'MAP'
# our own map
microsoft.com            Microsoft
linux.microsoft.com      Microsoft Linux    # more specific than microsoft.com
sthemmin@microsoft.com   Stephen's Employer # an address beats its domain
igalia.com               Igalia (early) < 2023-03-15
igalia.com               Igalia
gmail.com                (personal)
MAP
run own --no-cache --orgmap "$tmp/orgmap" --format json "$M"
check_rc own 0
check_json_str own "$M" '{
  "top_organisations": [
    {"organisation": "Microsoft", "count": 9},
    {"organisation": "(unknown: linux.com)", "count": 3},
    {"organisation": "Microsoft Linux", "count": 3},
    {"organisation": "Stephen'"'"'s Employer", "count": 2},
    {"organisation": "(personal)", "count": 1},
    {"organisation": "(unknown: networkplumber.org)", "count": 1},
    {"organisation": "Igalia", "count": 1},
    {"organisation": "Igalia (early)", "count": 1}
  ]
}'
run own-top --no-cache --orgmap "$tmp/orgmap" --top 2 "$M"
check_rc own-top 0
check_line own-top 'Top 2 organisations (Based on Email Body)' 1
check_line own-top '      9 Microsoft' 1
check_line own-top '      3 (unknown: linux.com)' 1
check_line own-top '      3 Microsoft Linux' 0

run unmapped --no-cache --orgmap "$tmp/orgmap" --list-unmapped "$M"
check_rc unmapped 0
printf '      3 linux.com\n      1 networkplumber.org\n' >"$tmp/unmapped.want"
if cmp -s "$tmp/unmapped.want" "$tmp/unmapped.out"; then
	ok "unmapped: the domains the map misses, with counts"
else
	not_ok "unmapped: output differs"
	diff -u "$tmp/unmapped.want" "$tmp/unmapped.out" | sed 's/^/#   /'
fi
run unmapped-default --no-cache --list-unmapped "$M"
check_rc unmapped-default 0
printf '      3 linux.com\n      2 igalia.com\n      1 networkplumber.org\n' \
	>"$tmp/unmapped-default.want"
if cmp -s "$tmp/unmapped-default.want" "$tmp/unmapped-default.out"; then
	ok "unmapped-default: --list-unmapped alone uses the default map"
else
	not_ok "unmapped-default: output differs"
	diff -u "$tmp/unmapped-default.want" "$tmp/unmapped-default.out" |
		sed 's/^/#   /'
fi

printf 'igalia.com\n' >"$tmp/bad-map"
run bad-map --no-cache --orgmap "$tmp/bad-map" "$M"
check_usage_error bad-map
run no-map --no-cache --orgmap "$tmp/nonexistent" "$M"
check_usage_error no-map

"$tools/mkinbox.sh" -q "$tmp/b" "$corp"/e0-09-*.eml "$corp"/e0-11-*.eml \
	"$corp"/p-03-*.eml "$srcroot"/tests/corpora/people/b-0*.eml \
	>/dev/null || { echo "Bail out! mkinbox.sh failed"; exit 1; }
B=$tmp/b
run bots --no-cache --orgmap default "$B"
check_rc bots 0
check_line bots '      1 gmail.com' 1
# Once among the contributors, once among the participants.
check_line bots '      1 José Expósito <jose.exposito89@gmail.com>' 2
check_line bots '      1 (personal)' 1
if sed '/^=====/,$d' "$tmp/bots.out" | grep -q 'intel\.com\|Intel'; then
	not_ok "bots: the kernel test robot is in a table"
else
	ok "bots: the kernel test robot is in no table"
fi
check_line bots '[v1, 1 patch] PCI: hv: fix alloc_cast.cocci warnings | kbuild test robot | new | 1/1 received | 0 replies, 0 reviews' 1
run bots-json --no-cache --format json "$B"
check_rc bots-json 0
check_json_str bots-json "$B" '{
  "totals": {"messages": 6, "patches": 3, "replies": 3, "bots": 5},
  "top_domains": [{"domain": "gmail.com", "count": 1}],
  "top_contributors": [{"name": "José Expósito",
                        "email": "jose.exposito89@gmail.com", "count": 1}],
  "top_participants": [{"name": "José Expósito",
                        "email": "jose.exposito89@gmail.com", "count": 1}],
  "first_time_authors": [{"name": "José Expósito",
                          "email": "jose.exposito89@gmail.com"}]
}'
run bots-in --no-cache --include-bots --orgmap default --format json "$B"
check_rc bots-in 0
check_json_str bots-in "$B" '{
  "totals": {"messages": 6, "bots": 5},
  "top_domains": [{"domain": "intel.com", "count": 2},
                  {"domain": "gmail.com", "count": 1}],
  "top_contributors": [{"name": "kbuild test robot",
                        "email": "lkp@intel.com", "count": 2},
                       {"name": "José Expósito",
                        "email": "jose.exposito89@gmail.com", "count": 1}],
  "top_organisations": [{"organisation": "Intel", "count": 2},
                        {"organisation": "(personal)", "count": 1}]
}'
jqis bots-in '[.totals.participants,.top_participants[0].email]' '[5,"lkp@intel.com"]'
jqis bots-in '[.first_time_authors[]|.email]' '["jose.exposito89@gmail.com","lkp@intel.com"]'
printf '# ours\njose.exposito*@gmail.com\n' >"$tmp/bots-list"
run bots-more --no-cache --bots "$tmp/bots-list" --format json "$B"
check_rc bots-more 0
check_json_str bots-more "$B" '{
  "totals": {"messages": 6, "bots": 6},
  "top_domains": [], "top_contributors": []
}'
run bots-missing --no-cache --bots "$tmp/nonexistent" "$B"
check_usage_error bots-missing

cat >"$tmp/mailmap" <<'MAP'
# Stephen moved from Microsoft
Stephen Hemminger <stephen@networkplumber.org> <STHEMMIN@microsoft.com>
Michael Kelley <mhklinux@outlook.com> <mikelley@microsoft.com>
MAP
run nomap --no-cache --format json "$M"
check_rc nomap 0
check_json_str nomap "$M" '{"top_contributors": [
  {"name": "Tianyu Lan", "email": "Tianyu.Lan@microsoft.com", "count": 6},
  {"name": "Krzysztof Wilczyński", "email": "kw@linux.com", "count": 3},
  {"name": "Long Li", "email": "longli@microsoft.com", "count": 3},
  {"name": "Guilherme G. Piccoli", "email": "gpiccoli@igalia.com", "count": 2},
  {"name": "Jeremi Piotrowski", "email": "jpiotrowski@linux.microsoft.com", "count": 2},
  {"name": "Stephen Hemminger", "email": "sthemmin@microsoft.com", "count": 2},
  {"name": "José Expósito", "email": "jose.exposito89@gmail.com", "count": 1},
  {"name": "Stanislav Kinsburskii", "email": "skinsburskii@linux.microsoft.com", "count": 1},
  {"name": "Stephen Hemminger", "email": "stephen@networkplumber.org", "count": 1}]}'
run mailmap --no-cache --mailmap "$tmp/mailmap" "$M"
check_rc mailmap 0
# 3 patches (contributors) and 3 messages (participants).
check_line mailmap '      3 Stephen Hemminger <stephen@networkplumber.org>' 2
# Domains and organisations go by the address written on each message:
# the mailmap merges people, not the places they wrote from.
check_line mailmap '      1 networkplumber.org' 1
check_line mailmap '     11 microsoft.com' 1
if sed '/^=====/,$d' "$tmp/mailmap.out" | grep -q 'sthemmin'; then
	not_ok "mailmap: the old address is still in the tables"
else
	ok "mailmap: the old address is gone from the tables"
fi
run mailmap-json --no-cache --mailmap "$tmp/mailmap" --format json "$M"
check_rc mailmap-json 0
python3 - "$tmp/mailmap-json.out" >"$tmp/mailmap-json.reviews" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for s in d["series"]:
    for r in s["reviews"]:
        print(r["trailer"], r["name"], r["email"])
    for p in s["participants"] if "participants" in s else []:
        print("participant", p.get("name"), p.get("email"))
PY
if grep -qx 'Reviewed-by Michael Kelley mhklinux@outlook.com' \
	"$tmp/mailmap-json.reviews" &&
   ! grep -q 'mikelley' "$tmp/mailmap-json.reviews"; then
	ok "mailmap-json: the review under the old address is credited to the new one"
else
	not_ok "mailmap-json: review not mapped"
	sed 's/^/#   /' "$tmp/mailmap-json.reviews"
fi
mkdir -p "$HOME/.config/listdigest"
cat >"$HOME/.config/listdigest/config" <<CFG
[inbox "hv"]
	path = $M
	mailmap = $tmp/mailmap
CFG
run mailmap-cfg --no-cache hv
check_rc mailmap-cfg 0
check_line mailmap-cfg '      3 Stephen Hemminger <stephen@networkplumber.org>' 2
check_line mailmap-cfg '      1 (unknown: networkplumber.org)' 0
printf '\torgmap = default\n' >>"$HOME/.config/listdigest/config"
run orgmap-cfg --no-cache hv
check_rc orgmap-cfg 0
check_line orgmap-cfg 'Top 15 organisations (Based on Email Body)' 1
check_line orgmap-cfg '     14 Microsoft' 1
check_line orgmap-cfg '      1 (unknown: networkplumber.org)' 1
# Earlier versions are found in the index by the address as written, so a
# mailmap that renames Guilherme keeps his v3 a revision of his v2 (found
# only in the index: the range holds the v3 alone).
printf 'Guilherme G. Piccoli <guilherme@example.org> <gpiccoli@igalia.com>\n' \
	>"$tmp/mailmap-gp"
run mailmap-rev --no-cache --mailmap "$tmp/mailmap-gp" "$M" "$(rev "$M" 1 1)..$(rev "$M" 1 2)"
check_rc mailmap-rev 0
check_line mailmap-rev '[v3, 1 patch] x86/hyperv: Mark hv_ghcb_terminate() as noreturn | Guilherme G. Piccoli | revision of v2 | 1/1 received | 0 replies, 0 reviews' 1
check_line mailmap-rev '      1 Guilherme G. Piccoli <guilherme@example.org>' 2
run mailmap-missing --no-cache --mailmap "$tmp/nonexistent" "$M"
check_usage_error mailmap-missing

run aliases --no-cache --suggest-aliases "$M"
check_rc aliases 0
cat >"$tmp/aliases.want" <<'WANT'
Stephen Hemminger <stephen@networkplumber.org> <sthemmin@microsoft.com>
Tianyu Lan <ltykernel@gmail.com> <Tianyu.Lan@microsoft.com>
WANT
if cmp -s "$tmp/aliases.want" "$tmp/aliases.out"; then
	ok "aliases: same-name pairs as .mailmap lines"
else
	not_ok "aliases: output differs"
	diff -u "$tmp/aliases.want" "$tmp/aliases.out" | sed 's/^/#   /'
fi
run aliases-mapped --no-cache --suggest-aliases --mailmap "$tmp/mailmap" "$M"
check_rc aliases-mapped 0
if [ "$(cat "$tmp/aliases-mapped.out")" = \
     "Tianyu Lan <ltykernel@gmail.com> <Tianyu.Lan@microsoft.com>" ]; then
	ok "aliases-mapped: what the mailmap merges is not suggested again"
else
	not_ok "aliases-mapped: got $(cat "$tmp/aliases-mapped.out")"
fi
pc=$srcroot/tests/corpora/people
sed 's/^From: Konstantin Taranov <kotaranov@linux.microsoft.com>$/From: KT <kotaranov@linux.microsoft.com>/' \
	"$pc"/a-01-kotaranov-linux-ms.eml >"$tmp/a-01.eml"
if cmp -s "$tmp/a-01.eml" "$pc"/a-01-kotaranov-linux-ms.eml; then
	echo "Bail out! sed did not rename a-01's sender"
	exit 1
fi
"$tools/mkinbox.sh" -q "$tmp/a" "$tmp/a-01.eml" \
	>/dev/null || { echo "Bail out! mkinbox.sh failed"; exit 1; }
run aliases-local --no-cache --suggest-aliases "$tmp/a"
check_rc aliases-local 0
if [ "$(cat "$tmp/aliases-local.out")" = \
     "KT <kotaranov@linux.microsoft.com> <kotaranov@microsoft.com>" ]; then
	ok "aliases-local: same local part at a subdomain"
else
	not_ok "aliases-local: got $(cat "$tmp/aliases-local.out")"
fi

finish
