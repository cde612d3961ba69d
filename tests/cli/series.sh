#!/bin/bash
# tests/cli/series.sh - how patches and cover letters are put into series
#
# One inbox of 34 real linux-hyperv messages (tests/corpora/e2e/s-*, in name
# order; the README there says where each comes from), one situation of
# issue 3 per group:
#   s-01..05  patches 3/4, 2/4, 1/4 arriving before their cover (all
#             answering it), then 4/4 after it: one series of 4
#   s-06..08  v5 1/2, then 2/2 four days later, then the cover both answer:
#             the cover collects both (one series, 2/2 received)
#   s-09..10  v2 1/2 and 2/2 threaded to nothing, 71 s apart: one series
#   s-11..14  1/2, 2/2 (answering 1/2), the same two sent again 2 minutes
#             later: number 1 is taken, a second series, a resend of v1
#   s-15..20  cover, 2/2 (answering it), 1/2 threaded to nothing 8 minutes
#             later (joins by author/version/total/time); then a v2 cover
#             answering the v1 cover and v2 patches answering the v2 cover:
#             a separate series, revision of v1
#   s-21..24  [PATCH v3 0/7] with [PATCH 1/7], 2/7, 4/7 under it: v3,
#             3/7 received, missing 3 5-7
#   s-25..28  1/3, then an unnumbered [PATCH] answering 1/3 (a series of its
#             own), 2/3 and 3/3 answering 1/3
#   s-29..30  [PATCH v9 0/6] and [PATCH v9 7/6] answering it (another
#             author): 7/6 joins, 1/6 received, missing 1-6
#   s-31      [PATCH v1 0/5] whose body holds a diff: still a cover letter
#   s-32..34  cover, 4/5 answering the cover, 5/5 answering 4/5 (deep)
# Then the 20-minute window of unthreaded patches, at its edge, with the
# Date of s-10 edited.
. "$(dirname "$0")/lib.sh"

"$tools/mkinbox.sh" -q "$tmp/s" "$corp"/s-*.eml >/dev/null ||
	{ echo "Bail out! mkinbox.sh failed"; exit 1; }
S=$tmp/s

run whole --no-cache "$S"
check_rc whole 0
check_section whole "$expected/series-plist.txt" "$S"
run whole-json --no-cache --format json "$S"
check_rc whole-json 0
check_json whole-json "$expected/series-whole.json" "$S"
check_agree whole whole-json

# The same messages in a range that starts with the cover of s-15..20: the
# v1 and v2 of the free page reporting series, found in the range.
run fpr --no-cache --format json "$S" "$(rev $S 0 14)..$(rev $S 0 20)"
check_json_str fpr "$S" '{
  "totals": {"messages": 6, "patches": 4, "cover_letters": 2, "series": 2},
  "series": [
    {"version": 1, "total": 2, "status": "new", "previous": null,
     "cover": {"message_id": "1664447081-14744-1-git-send-email-shradhagupta@linux.microsoft.com"},
     "patches": [
       {"number": 1, "message_id": "1664447564-16230-1-git-send-email-shradhagupta@linux.microsoft.com"},
       {"number": 2, "message_id": "1664447081-14744-3-git-send-email-shradhagupta@linux.microsoft.com"}]},
    {"version": 2, "total": 2, "status": "revision",
     "cover": {"message_id": "1664517699-1085-1-git-send-email-shradhagupta@linux.microsoft.com"},
     "previous": {"version": 1, "date": "2022-09-29T10:24:39Z",
       "message_id": "1664447081-14744-1-git-send-email-shradhagupta@linux.microsoft.com",
       "matched_by": "title"}}
  ]
}'

# The cover of s-06..08 alone with the two patches that answer it, which
# arrived four days apart (two series until the cover comes): one series.
run drm --no-cache --format json "$S" "$(rev $S 0 5)..$(rev $S 0 8)"
check_json_str drm "$S" '{
  "totals": {"patches": 2, "cover_letters": 1, "series": 1},
  "series": [{"title": "drm/hyperv: harden host message parsing",
              "cover": {"message_id": "cover.1779542874.git.me@berkoc.com"},
              "patches": [{"number": 1}, {"number": 2}], "missing": [],
              "complete": true, "date": "2026-05-19T20:08:17Z"}]
}'

# Patches before their cover, one at a time: before the cover arrives the
# three patches already are one series (threaded to nothing of the range,
# same author, version and total, within seconds).
run early --no-cache --format json "$S" "$(rev $S 0 3)"
check_json_str early "$S" '{
  "totals": {"patches": 3, "cover_letters": 0, "series": 1},
  "series": [{"title": "x86/hyperv: Load/save the Isolation Configuration leaf",
              "cover": null, "missing": [4], "complete": false,
              "patches": [{"number": 1}, {"number": 2}, {"number": 3}]}]
}'

# The second sending of s-11..12 alone: its first copy is before the range,
# found through the index (a resend of v1 by title).
run again --no-cache "$S" "$(rev $S 0 12)..$(rev $S 0 14)"
check_rc again 0
check_line again '[v1, 2 patches] x86: make vmware support optional | Enrico Weigelt, metux IT consult | resend of v1 | 2/2 received | 0 replies, 0 reviews' 1
check_line again 'Resend:  x86: make vmware support optional' 1
check_line again 'Previous: v1 of 2020-11-17, <20201117202134.6312-1-info@metux.net> (matched by title)' 1

# The 20-minute window (from the first message of the series, s-09 at
# 05:36:17 UTC): s-10 re-dated to exactly 20 minutes later still joins; one
# second more and it starts a series of its own.
for late in '13:56:17' '13:56:18'; do
	sed "s/^Date: .*/Date:   Fri,  1 May 2020 $late +0800/" \
		"$corp"/s-10-pcihv-2of2.eml >"$tmp/late.eml"
	if cmp -s "$tmp/late.eml" "$corp"/s-10-pcihv-2of2.eml ||
	   [ "$(grep -c "^Date: .*$late" "$tmp/late.eml")" -ne 1 ]; then
		echo "Bail out! sed did not re-date s-10"
		exit 1
	fi
	rm -rf "$tmp/w" "$tmp/pi-w"
	PI_CONFIG=$tmp/pi-w "$tools/mkinbox.sh" -q "$tmp/w" \
		"$corp"/s-09-pcihv-1of2.eml "$tmp/late.eml" >/dev/null ||
		{ echo "Bail out! mkinbox.sh failed"; exit 1; }
	run "late-$late" --no-cache --format json "$tmp/w"
	if [ "$late" = 13:56:17 ]; then
		check_json_str "late-$late" "$tmp/w" '{
  "totals": {"patches": 2, "series": 1},
  "series": [{"patches": [{"number": 1}, {"number": 2}], "missing": [],
              "complete": true}]
}'
	else
		check_json_str "late-$late" "$tmp/w" '{
  "totals": {"patches": 2, "series": 2},
  "series": [
    {"title": "PCI: hv: Fix the PCI HyperV probe failure path to release resource properly",
     "patches": [{"number": 1}], "missing": [2], "complete": false},
    {"title": "PCI: hv: Retry PCI bus D0 entry when the first attempt failed with invalid device state",
     "patches": [{"number": 2}], "missing": [1], "complete": false}]
}'
	fi
done

finish
