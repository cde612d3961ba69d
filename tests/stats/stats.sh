#!/bin/bash
# tests/stats/stats.sh - the statistics of issue 5, in JSON and text
#
# The e0-* messages of tests/corpora/e2e (19, in name order = archive
# order) hold five series, each answered by someone else.  Expected values
# come from the Date headers, by hand (UTC):
#   netvsc      cover 2019-11-01 23:42:36, David Miller 2019-11-05 22:02:36
#               -> 339600 s
#   pci-fmt     1/3   2021-10-08 22:27:30, Bjorn Helgaas 2021-10-11 21:13:56
#               -> 254786 s
#   mana-leak   patch 2021-12-08 22:37:23, Dexuan Cui 2021-12-09 00:32:43
#               (Reviewed-by) -> 6920 s (the bot answers later)
#   swiotlb v1  cover 2022-01-26 16:10:51, Michael Kelley 2022-01-28 17:44:19
#               (Reviewed-by) -> 178408 s
#   swiotlb v2  cover 2022-02-09 12:23:00, Christoph Hellwig 2022-02-14
#               08:19:19 -> 417379 s (its title differs from v1's and it
#               links to nothing: a new series for revisions.c)
# Median of 6920, 178408, 254786, 339600, 417379: 254786.
#
# The main inbox (e0-* and e1-*, 30 messages) for the other statistics,
# counted by hand from the headers (tests/corpora/e2e/README.md):
#   authors (in-body, patches and covers): sthemmin@microsoft.com,
#     stephen@networkplumber.org (the cover), kw@linux.com,
#     jose.exposito89@gmail.com, Tianyu.Lan@microsoft.com,
#     gpiccoli@igalia.com, longli@microsoft.com,
#     jpiotrowski@linux.microsoft.com,
#     skinsburskii@linux.microsoft.com: 9
#   participants (header From, patchwork-bot left out): 16, 17 with it
#   first-time authors, whole archive: every patch author but
#     stephen@networkplumber.org (a cover only): 8; from e1-01 on
#     (Guilherme's v2 before the range, his v3 in it): Long Li, Jeremi
#     Piotrowski, Stanislav Kinsburskii; with --since 2023-03-15 likewise
#   busiest threads: seven with one reply each, by messages then age:
#     netvsc (4), pci-fmt (4: 2/3 and 3/3 answer 1/3), swiotlb v1 (4),
#     swiotlb v2 (4), mana-leak (2: the bot's reply does not count),
#     mshv-pmd (2), vmbus (1: a reply whose root is not in the archive);
#     the ghcb v2/v3 thread has no reply
#   per day (UTC): 2019-11-01 3 (e0-01..03 at 23:42), 2019-11-05 1,
#     2021-10-08 3, 2021-10-11 1 (16:13 -0500)
#
# Bots as responders: an inbox of José's patch (e0-09) and only the
# patchwork bot's answer (e0-11) leaves the patch unanswered; with Dexuan
# Cui's reply (e0-10) it is answered after 6920 s.
#
# Mailmap and first-time authors: an inbox of Stanislav Kinsburskii's
# patch as skinsburskii@linux.microsoft.com (e1-08, 2025-12-09) and his
# first as skinsburskii@gmail.com (tests/corpora/people/c-01, 2026-07-06).
# For the range holding only the second, he is a first-time author
# without a mailmap and not with one that joins the addresses (either
# way round).
. "$(dirname "$0")/../cli/lib.sh"

"$tools/mkinbox.sh" -q "$tmp/e" "$corp"/e0-*.eml >/dev/null ||
	{ echo "Bail out! mkinbox.sh failed"; exit 1; }
E=$tmp/e


run all --no-cache --format json "$E"
check_rc all 0
jqis all '[.totals.series,.totals.series_new,.totals.series_revisions,.totals.series_resends]' '[5,5,0,0]'
jqis all '.first_response.median_seconds' '254786'
jqis all '[.first_response.answered,.first_response.unanswered]' '[5,0]'
jqis all '[.first_response.slowest[]|.seconds]' '[417379,339600,254786,178408,6920]'
jqis all '.first_response.slowest[0].message_id' '"20220209122302.213882-1-ltykernel@gmail.com"'
jqis all '[.series[]|.first_response_seconds]' '[339600,254786,6920,178408,417379]'
jqis all '.unanswered_series' '[]'
jqis all '[.top_reviewers[]|[.name,.email,.count]]' '[["Dexuan Cui","decui@microsoft.com",1],["Michael Kelley","mikelley@microsoft.com",1]]'

run top1 --no-cache --format json --top 1 "$E"
jqis top1 '[.first_response.slowest[]|.seconds]' '[417379]'
jqis top1 '[.top_reviewers[]|.email]' '["decui@microsoft.com"]'

# Up to the netvsc patches, before David Miller's reply: unanswered.
run cut --no-cache --format json "$E" "$(rev "$E" 0 3)"
check_rc cut 0
jqis cut '[.unanswered_series[]|[.title,.message_id,.author.email,.date]]' \
	'[["netvsc: RSS related patches","20191101234238.23921-1-stephen@networkplumber.org","stephen@networkplumber.org","2019-11-01T23:42:36Z"]]'
jqis cut '[.first_response.median_seconds,.first_response.answered,.first_response.unanswered]' '[null,0,1]'
jqis cut '[.series[]|.first_response_seconds]' '[null]'
jqis cut '.top_reviewers' '[]'

main_inbox "$tmp/m"
M=$tmp/m
run main --no-cache --format json "$M"
check_rc main 0
jqis main '[.totals.authors,.totals.participants]' '[9,16]'
jqis main '[.top_participants[:4][]|[.name,.email,.count]]' \
	'[["Tianyu Lan","ltykernel@gmail.com",6],["","longli@linuxonhyperv.com",3],["Krzysztof Wilczyński","kw@linux.com",3],["Stephen Hemminger","stephen@networkplumber.org",3]]'
jqis main '[.first_time_authors[]|.email]' \
	'["sthemmin@microsoft.com","kw@linux.com","jose.exposito89@gmail.com","Tianyu.Lan@microsoft.com","gpiccoli@igalia.com","longli@microsoft.com","jpiotrowski@linux.microsoft.com","skinsburskii@linux.microsoft.com"]'
jqis main '.first_time_authors[0]|[.name,.first_message_id,.date]' \
	'["Stephen Hemminger","20191101234238.23921-2-stephen@networkplumber.org","2019-11-01T23:42:37Z"]'
jqis main '[.busiest_threads[]|[.replies,.messages]]' \
	'[[1,4],[1,4],[1,4],[1,4],[1,2],[1,2],[1,1]]'
jqis main '[.busiest_threads[]|.subject[:24]]' \
	'["[PATCH net-next 0/2] net","[PATCH 1/3] PCI: hv: Rem","[PATCH 0/2] x86/hyperv/S","[PATCH V2 0/2] x86/hyper","[PATCH] net: mana: Fix m","[PATCH] mshv: Use PMD_OR","[PATCH 1/2] hv: vmbus: R"]'
jqis main '.busiest_threads[0]|[.message_id,.first_date,.last_date]' \
	'["20191101234238.23921-1-stephen@networkplumber.org","2019-11-01T23:42:36Z","2019-11-05T22:02:36Z"]'
jqis main '[.busiest_threads[0].participants[]|.email]' \
	'["stephen@networkplumber.org","davem@davemloft.net"]'
jqis main '[.busiest_threads[4].participants[]|.email]' \
	'["jose.exposito89@gmail.com","decui@microsoft.com"]'
jqis main '.busiest_threads[6].message_id' \
	'"20260401151517.1743555-1-bigeasy@linutronix.de"'
jqis main '[.per_day[:4][]|[.date,.messages]]' \
	'[["2019-11-01",3],["2019-11-05",1],["2021-10-08",3],["2021-10-11",1]]'
jqis main '[.per_day[]|.messages]|add' '30'
run main-bots --no-cache --include-bots --format json "$M"
# The bot's reply counts: the mana-leak thread leads with 2 replies.
jqis main-bots '[.totals.participants,.busiest_threads[0].replies,.busiest_threads[0].messages]' '[17,2,3]'
run main-top2 --no-cache --top 2 --format json "$M"
jqis main-top2 '[(.top_participants|length),(.busiest_threads|length),(.first_time_authors|length)]' '[2,2,8]'

run later --no-cache --format json "$M" "$(rev "$M" 1 1)..$(rev "$M" 1 11)"
check_rc later 0
jqis later '[.first_time_authors[]|.name]' \
	'["Long Li","Jeremi Piotrowski","Stanislav Kinsburskii"]'
run since --no-cache --format json --since 2023-03-15 "$M"
check_rc since 0
jqis since '[.first_time_authors[]|.name]' \
	'["Long Li","Jeremi Piotrowski","Stanislav Kinsburskii"]'

# The text report: the same statistics (textjson.py checks every section
# against the JSON), and a per-day chart with its quiet days.
run main-text --no-cache "$M"
check_rc main-text 0
if out=$(python3 "$tools/textjson.py" "$tmp/main-text.out" "$tmp/main.out" 2>&1); then
	ok "main-text: statistics agree with the JSON"
else
	not_ok "main-text: text and JSON disagree"
	echo "$out" | sed 's/^/#   /'
fi
check_line main-text 'People: 9 authors, 16 participants'
check_line main-text 'First-time authors: 8'
run netvsc-text --no-cache "$M" "$(rev "$M" 0 4)"
sed -n '/^Messages per day$/,/^===== Patch Commit Messages/p' \
	"$tmp/netvsc-text.out" | sed '$d' >"$tmp/netvsc.days"
printf '%s\n' 'Messages per day' '' \
	'  2019-11-01      3 ########################################' \
	'  2019-11-02      0' '  2019-11-03      0' '  2019-11-04      0' \
	'  2019-11-05      1 ##############' '' >"$tmp/netvsc.want"
if cmp -s "$tmp/netvsc.want" "$tmp/netvsc.days"; then
	ok "netvsc-text: per-day chart with the quiet days"
else
	not_ok "netvsc-text: per-day chart differs"
	diff -u "$tmp/netvsc.want" "$tmp/netvsc.days" | sed 's/^/#   /'
fi
check_line netvsc-text '      1 [PATCH net-next 0/2] netvsc: RSS related patches'
check_line netvsc-text '        participants: Stephen Hemminger and David Miller'
check_line netvsc-text 'Time to first response: median 3d 22h (1 answered, 0 unanswered); slowest:'
run top1-text --no-cache --top 1 "$M"
check_line top1-text '  ... and 7 more (--top, or --format json)' 1
check_line top1-text '  ... and 3 more (--top, or --format json)' 1

# A bot's reply is no first response.
"$tools/mkinbox.sh" -q "$tmp/b" "$corp/e0-09-mana-leak.eml" \
	"$corp/e0-11-mana-leak-bot.eml" >/dev/null ||
	{ echo "Bail out! mkinbox.sh failed"; exit 1; }
for o in "" --include-bots; do
	run "bot$o" --no-cache --format json $o "$tmp/b"
	jqis "bot$o" '[.first_response.answered,.first_response.unanswered,(.unanswered_series|length)]' '[0,1,1]'
done
"$tools/mkinbox.sh" -q "$tmp/b2" "$corp/e0-09-mana-leak.eml" \
	"$corp/e0-11-mana-leak-bot.eml" "$corp/e0-10-mana-leak-re.eml" >/dev/null ||
	{ echo "Bail out! mkinbox.sh failed"; exit 1; }
run bot-human --no-cache --format json "$tmp/b2"
jqis bot-human '[.first_response.answered,.first_response.median_seconds]' '[1,6920]'

# First-time authors across a change of address, with a mailmap.
"$tools/mkinbox.sh" -q "$tmp/s" "$corp/e1-08-mshv-pmd.eml" \
	"$srcroot/tests/corpora/people/c-01-skinsburskii-gmail.eml" >/dev/null ||
	{ echo "Bail out! mkinbox.sh failed"; exit 1; }
S=$tmp/s
run s-nomap --no-cache --format json "$S" "$(rev "$S" 0 1).."
jqis s-nomap '[.first_time_authors[]|[.email,.first_message_id]]' \
	'[["skinsburskii@gmail.com","178336052192.504354.1841795575701703197.stgit@skinsburskii"]]'
printf 'Stanislav Kinsburskii <skinsburskii@gmail.com> <skinsburskii@linux.microsoft.com>\n' >"$tmp/map1"
printf 'Stanislav Kinsburskii <skinsburskii@linux.microsoft.com> <SKinsburskii@gmail.com>\n' >"$tmp/map2"
for m in 1 2; do
	run "s-map$m" --no-cache --format json --mailmap "$tmp/map$m" "$S" "$(rev "$S" 0 1).."
	jqis "s-map$m" '.first_time_authors' '[]'
	run "s-whole$m" --no-cache --format json --mailmap "$tmp/map$m" "$S"
	jqis "s-whole$m" '[.first_time_authors[]|.first_message_id]' \
		'["176529822862.17729.14849117117197568731.stgit@skinsburskii-cloud-desktop.internal.cloudapp.net"]'
done

# An address is one person in any case: after a first patch from
# SKinsburskii@Linux.Microsoft.com, one from the same address in lower
# case is no first patch (found by one index search per address without
# a mailmap, with --no-cache and through a cache).
sed 's/^From: Stanislav Kinsburskii <skinsburskii@linux.microsoft.com>$/From: Stanislav Kinsburskii <SKinsburskii@Linux.Microsoft.com>/' \
	"$corp/e1-08-mshv-pmd.eml" >"$tmp/upper.eml"
sed 's/^From: Stanislav Kinsburskii <skinsburskii@gmail.com>$/From: Stanislav Kinsburskii <skinsburskii@linux.microsoft.com>/' \
	"$srcroot/tests/corpora/people/c-01-skinsburskii-gmail.eml" >"$tmp/lower.eml"
if cmp -s "$tmp/upper.eml" "$corp/e1-08-mshv-pmd.eml" ||
   cmp -s "$tmp/lower.eml" "$srcroot/tests/corpora/people/c-01-skinsburskii-gmail.eml"; then
	echo "Bail out! sed did not change the From lines"
	exit 1
fi
PI_CONFIG=$tmp/pi-k "$tools/mkinbox.sh" -q "$tmp/k" "$tmp/upper.eml" \
	"$tmp/lower.eml" >/dev/null 2>&1 ||
	{ echo "Bail out! mkinbox.sh failed"; exit 1; }
K=$tmp/k
run k-range --no-cache --format json "$K" "$(rev "$K" 0 1).."
jqis k-range '[.totals.patches, .first_time_authors]' '[1,[]]'
run k-whole --no-cache --format json "$K"
jqis k-whole '[.first_time_authors[]|.email]' '["SKinsburskii@Linux.Microsoft.com"]'
run k-cold --cache-dir "$tmp/kcache" --format json "$K"
check_same k-whole k-cold
run k-warm --cache-dir "$tmp/kcache" --format json "$K" "$(rev "$K" 0 1).."
check_same k-range k-warm

finish
