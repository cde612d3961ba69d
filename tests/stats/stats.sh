#!/bin/bash
# tests/stats/stats.sh - statistics in the JSON report (issue 5, partly)
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
. "$(dirname "$0")/../cli/lib.sh"

"$tools/mkinbox.sh" -q "$tmp/e" "$corp"/e0-*.eml >/dev/null ||
	{ echo "Bail out! mkinbox.sh failed"; exit 1; }
E=$tmp/e

# jqis NAME FILTER EXPECTED: jq -c FILTER of run NAME's stdout is EXPECTED
jqis() {
	local got
	got=$(jq -c "$2" "$tmp/$1.out" 2>&1)
	if [ "$got" = "$3" ]; then
		ok "$1: $2 = $3"
	else
		not_ok "$1: $2 = $got, expected $3"
	fi
}

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

finish
