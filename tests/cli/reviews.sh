#!/bin/bash
# tests/cli/reviews.sh - replies and review trailers, per series
#
# One inbox of 28 real messages (tests/corpora/e2e/v-*, in name order =
# archive order; the README there says where each comes from):
#   v-01..04  RFC 00/13 and 01/13; Stefan Hajnoczi answers 01/13 from
#             stefanha@gmail.com with "Reviewed-by: ... <stefanha@redhat.com>"
#             (credited to the address in the trailer) and the cover (no
#             trailer): 2 replies, 1 participant
#   v-05..09  v2 0/3, 2/3, 3/3; an Outlook reply to 2/3 without a trailer and
#             the author's answer to it: 2 replies, no review
#   v-10..15  v3 of the same: Outlook-style replies ("From: X Sent: Y" then
#             "> " quotes) with a Reviewed-by for 2/3 and 3/3, and Wei Liu's
#             Reviewed-by answering the cover (patch_number 0)
#   v-16..21  v2 0/3 and 2/3; Eric Biederman's Nacked-by answering 2/3, then
#             three replies down the thread, two quoting the Nacked-by
#             ("> Nacked-by:", ">> Nacked-by:"): 4 replies, 1 review
#   v-22..24  a patch; Haiyang Zhang's Reviewed-by; Stephen Hemminger's
#             answer whose "-----Original Message-----" part holds Haiyang's
#             Reviewed-by again (not Stephen's, not counted)
#   v-25..26  a cover and Michal Hocko's Acked-by for it (patch_number 0,
#             mhocko@suse.com in the trailer, mhocko@kernel.org as sender)
#   v-27..28  a cover and Andrea Parri's Tested-by for it
# Replies count only inside the range: checked with ranges that cut series
# from their replies.
. "$(dirname "$0")/lib.sh"

"$tools/mkinbox.sh" -q "$tmp/v" "$corp"/v-*.eml >/dev/null ||
	{ echo "Bail out! mkinbox.sh failed"; exit 1; }
V=$tmp/v

run whole --no-cache "$V"
check_rc whole 0
check_section whole "$expected/reviews-plist.txt" "$V"
run whole-json --no-cache --format json "$V"
check_rc whole-json 0
check_json whole-json "$expected/reviews-whole.json" "$V"
check_agree whole whole-json

# The v3 series without its replies (they are after the range): no reply,
# no review; the earlier v2 (before the range) still makes it a revision.
run v3only --no-cache --format json "$V" "$(rev $V 0 9)..$(rev $V 0 12)"
check_json_str v3only "$V" '{
  "totals": {"patches": 2, "cover_letters": 1, "replies": 0, "series": 1},
  "series": [{"subject": "[PATCH v3 0/3] Drivers: hv: vmbus: Miscellaneous improvements",
              "status": "revision", "replies": 0, "participants": [],
              "reviews": []}]
}'

# Only the replies to v3 (its patches are before the range): they count
# as replies, but there is no series to credit them to.
run repliesonly --no-cache --format json "$V" "$(rev $V 0 12)..$(rev $V 0 15)"
check_json_str repliesonly "$V" '{
  "totals": {"messages": 3, "patches": 0, "replies": 3, "series": 0},
  "series": []
}'

# The Nacked-by thread from the cover on: the Nacked-by given once, the
# two quotes of it not counted, every reply down the thread credited.
run nack --no-cache "$V" "$(rev $V 0 15)..$(rev $V 0 21)"
check_line nack '[v2, 3 patches] mm/memory_hotplug: Allow to not create firmware memmap entries | David Hildenbrand | new | 1/3 received, missing 1 3 | 4 replies, 1 review' 1
run nack-json --no-cache --format json "$V" "$(rev $V 0 15)..$(rev $V 0 21)"
check_json_str nack-json "$V" '{
  "series": [{"replies": 4,
    "participants": [
      {"name": "Eric W. Biederman", "email": "ebiederm@xmission.com"},
      {"name": "David Hildenbrand", "email": "david@redhat.com"},
      {"name": "Dave Hansen", "email": "dave.hansen@intel.com"}],
    "reviews": [{"trailer": "Nacked-by", "name": "Eric W. Biederman",
                 "email": "ebiederm@xmission.com",
                 "message_id": "87pnbp2dcz.fsf@x220.int.ebiederm.org",
                 "patch_number": 2}],
    "patch_trailers": []}]
}'
check_agree nack nack-json

# The Nacked-by alone, without the patch it answers (before the range):
# no series, so no review anywhere.
run nackonly --no-cache --format json "$V" "$(rev $V 0 17)..$(rev $V 0 18)"
check_json_str nackonly "$V" '{
  "totals": {"replies": 1, "series": 0}, "series": []
}'

finish
