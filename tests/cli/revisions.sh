#!/bin/bash
# tests/cli/revisions.sh - earlier versions found across the archive's
# history: status new / revision / resend and the "Previous:" line
#
# One inbox of 18 real messages (tests/corpora/e2e/r-*, in name order, which
# is archive order; the README there says where each comes from):
#   r-01  [PATCH hyperv-fixes]           r-02  its [PATCH AUTOSEL 5.1 024/375]
#   r-03  [PATCH] pv_info                r-04  [PATCH v2] pv_info (same title)
#   r-05  [PATCH v3 00/19] mshv ioctl    r-06  [PATCH 00/15] /dev/mshv, whose
#         interface (2021)                     cover links r-05 as "Previous"
#   r-07  [PATCH] kexec fix              r-08  a reply to r-07 (Vitaly)
#   r-09  [PATCH v2] kexec fix, "v1: <link to r-08>"
#   r-10  [PATCH 0/2] offers             r-11  [PATCH v2 0/2] offers, links r-10
#   r-12  [PATCH v3 0/2] (new title), links r-11 ("Changes since v2") and r-10
#   r-13  [PATCH RESEND] tso (no earlier copy)   r-14  [PATCH v2] tso
#   r-15  [PATCH] try_cmpxchg           r-16  [PATCH RESEND] try_cmpxchg
#   r-17  [PATCH] 1G hugepages (b4)     r-18  [PATCH v2] with a new title and
#                                             the same change-id
# Each kind of match is also checked with a range holding the later version
# only, so the earlier one is found through the index, with --no-cache and
# with a warm --cache-dir.
. "$(dirname "$0")/lib.sh"

"$tools/mkinbox.sh" -q "$tmp/r" "$corp"/r-*.eml >/dev/null ||
	{ echo "Bail out! mkinbox.sh failed"; exit 1; }
R=$tmp/r

run whole --no-cache "$R"
check_rc whole 0
check_section whole "$expected/revisions-plist.txt" "$R"
run whole-json --no-cache --format json "$R"
check_rc whole-json 0
check_json whole-json "$expected/revisions-whole.json" "$R"
check_agree whole whole-json

# only R's commit N (1-based)
one() { echo "$(rev $R 0 $(($1 - 1)))..$(rev $R 0 $1)"; }

# change-id: v2's title is not v1's, only b4's change-id links them.
run cid --no-cache "$R" "$(one 18)"
check_rc cid 0
check_line cid '[v2, 1 patch] mshv: support 1G hugepages by passing them as 2M-aligned chunks | Anirudh Rayabharam (Microsoft) | revision of v1 | 1/1 received | 0 replies, 0 reviews' 1
check_line cid 'Revision:  mshv: support 1G hugepages by passing them as 2M-aligned chunks' 1
check_line cid 'Previous: v1 of 2026-04-16, <20260416-huge_1g-v1-1-e066738cddfb@anirudhrb.com> (matched by change-id)' 1
run cid-json --no-cache --format json "$R" "$(one 18)"
check_json_str cid-json "$R" '{
  "series": [{"status": "revision", "change_id": "20260416-huge_1g-e44461393c8f",
    "previous": {"version": 1, "date": "2026-04-16T13:37:15Z",
      "message_id": "20260416-huge_1g-v1-1-e066738cddfb@anirudhrb.com",
      "matched_by": "change-id"}}]
}'
check_agree cid cid-json

# link: v3's title is new; its cover links v2 and v1, the highest wins.
run link --no-cache "$R" "$(one 12)"
check_line link '[v3, 2 patches] Drivers: hv: vmbus: Wait for boot-time offers and log missing offers | Naman Jain | revision of v2 | 0/2 received, missing 1-2 | 0 replies, 0 reviews' 1
check_line link 'Revision:  Drivers: hv: vmbus: Wait for boot-time offers and log missing offers' 1
check_line link 'Previous: v2 of 2024-10-29, <20241029080147.52749-1-namjain@linux.microsoft.com> (matched by link)' 1

# title: [PATCH] then [PATCH v2] with the same title and author.
run title --no-cache "$R" "$(one 4)"
check_line title '[v2, 1 patch] x86/hyperv: Set pv_info.name to "Hyper-V" | Andrea Parri | revision of v1 | 1/1 received | 0 replies, 0 reviews' 1
check_line title 'Revision:  x86/hyperv: Set pv_info.name to "Hyper-V"' 1
check_line title 'Previous: v1 of 2019-10-15, <20191015092937.11244-1-parri.andrea@gmail.com> (matched by title)' 1
# ... and when the earlier "v1" was itself a RESEND.
run title2 --no-cache "$R" "$(one 14)"
check_line title2 '[v2, 1 patch] netvsc: transfer lower device max tso size | Jason Wang | revision of v1 | 1/1 received | 0 replies, 0 reviews' 1
check_line title2 'Previous: v1 of 2025-07-18, <20250718061812.238412-1-lulu@redhat.com> (matched by title)' 1

# resend: a RESEND tag with the first copy before the range, and one with
# no earlier copy anywhere ("resend", no "of", no "Previous:" line).
run resend --no-cache "$R" "$(one 16)"
check_line resend '[RESEND v1, 1 patch] mshv: Use try_cmpxchg() instead of cmpxchg() | Uros Bizjak | resend of v1 | 1/1 received | 0 replies, 0 reviews' 1
check_line resend 'Resend:  mshv: Use try_cmpxchg() instead of cmpxchg()' 1
check_line resend 'Previous: v1 of 2026-02-18, <20260218102604.178561-1-ubizjak@gmail.com> (matched by title)' 1
run resend0 --no-cache "$R" "$(one 13)"
check_line resend0 '[RESEND v1, 1 patch] netvsc: transfer lower device max tso size | Jason Wang | resend | 1/1 received | 0 replies, 0 reviews' 1
check_line resend0 'Resend:  netvsc: transfer lower device max tso size' 1
if grep -q '^Previous: ' "$tmp/resend0.out"; then
	not_ok "resend0: a Previous: line without an earlier version"
else
	ok "resend0: no Previous: line"
fi

# The same version on a stable branch is not a resend (README: AUTOSEL and
# version-number tags name a branch): new.
run autosel --no-cache --format json "$R" "$(one 2)"
check_json_str autosel "$R" "{
  \"series\": [{\"tags\": \"AUTOSEL 5.1\", \"version\": 1, \"total\": 375,
              \"status\": \"new\", \"previous\": null,
              \"missing\": [$(seq -s ', ' 1 23), $(seq -s ', ' 25 375)]}]
}"

# A link to a later version is no earlier version: r-06 ([PATCH 00/15], v1)
# links r-05 ([PATCH v3 00/19]) as its "Previous ... series"; with a
# different title and nothing else, it is new (not "resend of v3").
run higher --no-cache --format json "$R" "$(one 6)"
check_json_str higher "$R" '{
  "series": [{"subject": "[PATCH 00/15] Introduce /dev/mshv drivers",
              "status": "new", "previous": null}]
}'

# r-09 links "v1:" to a reply (r-08), not to v1 itself: the previous
# version is the v1 patch r-07 (its Message-ID and date), not the reply.
run toreply --no-cache --format json "$R" "$(one 9)"
check_json_str toreply "$R" '{
  "series": [{"status": "revision",
    "previous": {"version": 1, "date": "2024-08-26T10:50:29Z",
                 "message_id": "20240826105029.3173782-1-anirudh@anirudhrb.com"}}]
}'

# The index: a cold --cache-dir run of the whole archive, then the ranges
# again from the warm cache: the same output as --no-cache.
run cold --cache-dir "$tmp/cache" --format json "$R"
check_same whole-json cold
for n in 18 12 4 16; do
	run "warm-$n" --cache-dir "$tmp/cache" "$R" "$(one $n)"
done
check_same cid warm-18
check_same link warm-12
check_same title warm-4
check_same resend warm-16

# History rewritten under the warm cache: purge r-03, the v1 that r-04
# (title) names.  Its message stays cached but no commit adds it any more,
# so it is no earlier version now: r-04 is new, as --no-cache says.  The
# later commits are rewritten at the same positions; r-09's v1 (r-07) is
# still found through them.
"$tools/pi-special.sh" purge "$R" "$corp"/r-03-pvinfo.eml ||
	{ echo "Bail out! purge failed"; exit 1; }
run purged --no-cache --format json "$R" "$(one 4)"
check_json_str purged "$R" '{
  "totals": {"messages": 1, "series": 1},
  "series": [{"status": "new", "previous": null}]
}'
run purged-warm --cache-dir "$tmp/cache" --format json "$R" "$(one 4)"
check_same purged purged-warm
run purged-toreply --no-cache --format json "$R" "$(one 9)"
check_json_str purged-toreply "$R" '{
  "series": [{"status": "revision",
    "previous": {"version": 1,
                 "message_id": "20240826105029.3173782-1-anirudh@anirudhrb.com"}}]
}'
run purged-toreply-warm --cache-dir "$tmp/cache" --format json "$R" "$(one 9)"
check_same purged-toreply purged-toreply-warm

# The earlier version delivered twice (public-inbox-mda re-delivery with
# another Date: a duplicate, the first copy counts): its date is the first
# copy's.
sed 's/^\(Date: .*\)Oct 2019 11:29:37/\1Oct 2019 11:31:37/' \
	"$corp"/r-03-pvinfo.eml >"$tmp/redated.eml"
if cmp -s "$tmp/redated.eml" "$corp"/r-03-pvinfo.eml; then
	echo "Bail out! sed did not re-date r-03"
	exit 1
fi
PI_CONFIG=$tmp/pi-d "$tools/mkinbox.sh" -q "$tmp/d" "$corp"/r-03-pvinfo.eml \
	"$tmp/redated.eml" "$corp"/r-04-pvinfo-v2.eml >/dev/null 2>&1 ||
	{ echo "Bail out! mkinbox.sh failed"; exit 1; }
run dup --no-cache --format json "$tmp/d"
check_json_str dup "$tmp/d" '{
  "totals": {"messages": 2, "duplicates": 1, "series": 2},
  "series": [{"status": "new"},
    {"status": "revision",
     "previous": {"version": 1, "date": "2019-10-15T09:29:37Z",
                  "message_id": "20191015092937.11244-1-parri.andrea@gmail.com",
                  "matched_by": "title"}}]
}'

finish
