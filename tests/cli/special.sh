#!/bin/bash
# tests/cli/special.sh - d removal, purged blob, duplicate delivery,
# duplicate Message-ID, commit fields ignored
#
# The inbox is special_inbox (lib.sh has the commit list): 14 commits, of
# which 8 messages count.  Checks the whole archive exactly (text and JSON),
# that SOURCE = the epoch gives the same, and ranges that start after the
# duplicate delivery, after the purged commit, and around the duplicate.
. "$(dirname "$0")/lib.sh"

special_inbox "$tmp/sp"
S=$tmp/sp

run whole --no-cache "$S"
check_rc whole 0
check_text whole "$expected/special-whole.txt" "$S"
run whole-json --no-cache --format json "$S"
check_rc whole-json 0
check_json whole-json "$expected/special-whole.json" "$S"
check_agree whole whole-json
run whole-epoch --no-cache --format json "$S/git/0.git"
check_same whole-json whole-epoch
# Through a cache: the blob delivered twice keeps its first position,
# though an epoch read whole is stored newest first.
run whole-cache --cache-dir "$tmp/cache" --format json "$S"
check_same whole-json whole-cache
check_positions whole-cache "$tmp/cache"

# After the duplicate delivery: the reply added in range and removed by "d"
# is not counted, the purged commit is skipped, both Message-ID duplicates
# are skipped.
run after-dup --no-cache --format json "$S" "$(rev $S 0 5).."
check_rc after-dup 0
check_json_str after-dup "$S" '{
  "range": {"from": "@E0.5@", "to": "@E0.14@"},
  "totals": {"messages": 4, "patches": 3, "cover_letters": 1, "replies": 0,
             "other": 0, "series": 3, "unreadable": 0, "purged": 1,
             "duplicates": 2, "removed": 1},
  "series": [
    {"subject": "[PATCH v2] x86/hyperv: Mark hv_ghcb_terminate() as noreturn"},
    {"subject": "[RFC PATCH 0/1] Tweak TLB flushing when VMX is running on Hyper-V"},
    {"subject": "[PATCH] mshv: Use PMD_ORDER instead of HPAGE_PMD_ORDER when processing regions"}
  ]
}'

# After the purged commit: the "d" removes a message from before the range,
# which changes nothing ("removed" counts messages added in the range only,
# docs/json.md).
run after-purge --no-cache --format json "$S" "$(rev $S 0 7).."
check_rc after-purge 0
check_json_str after-purge "$S" '{
  "totals": {"messages": 4, "patches": 3, "cover_letters": 1, "replies": 0,
             "other": 0, "series": 3, "purged": 0, "duplicates": 2,
             "removed": 0}
}'

# The second message with a Message-ID whose first message is before the
# range is still a duplicate (the first counts, wherever it is: the
# contract; docs/json.md says "in the range or before it").  The same for
# the blob delivered twice.
run dup-before --no-cache --format json "$S" "$(rev $S 0 9)..$(rev $S 0 12)"
check_rc dup-before 0
check_json_str dup-before "$S" '{
  "totals": {"messages": 2, "patches": 1, "cover_letters": 1, "series": 1,
             "duplicates": 1},
  "series": [{"subject": "[RFC PATCH 0/1] Tweak TLB flushing when VMX is running on Hyper-V"}]
}'
run blob-before --no-cache --format json "$S" "$(rev $S 0 4)..$(rev $S 0 5)"
check_rc blob-before 0
check_json_str blob-before "$S" '{
  "totals": {"messages": 0, "patches": 0, "series": 0, "duplicates": 1},
  "series": []
}'

# The patch and its second delivery: counted once.
run dup --no-cache --format json "$S" "$(rev $S 0 3)..$(rev $S 0 5)"
check_rc dup 0
check_json_str dup "$S" '{
  "totals": {"messages": 1, "patches": 1, "series": 1, "duplicates": 1},
  "top_contributors": [{"name": "José Expósito",
                        "email": "jose.exposito89@gmail.com", "count": 1}]
}'

# A message and its re-sending through mda, which stored the second copy with
# two Message-ID headers, the original first: counted once, as the first.
run resent --no-cache --format json "$S" "$(rev $S 0 12)..$(rev $S 0 14)"
check_rc resent 0
check_json_str resent "$S" '{
  "totals": {"messages": 1, "patches": 1, "series": 1, "duplicates": 1},
  "series": [{"patches": [{"number": 1,
    "message_id": "176529822862.17729.14849117117197568731.stgit@skinsburskii-cloud-desktop.internal.cloudapp.net",
    "subject": "[PATCH] mshv: Use PMD_ORDER instead of HPAGE_PMD_ORDER when processing regions"}]}]
}'

# A message and another one with the same (single) Message-ID and another
# subject: the first counts.
run dupmid --no-cache --format json "$S" "$(rev $S 0 8)..$(rev $S 0 10)"
check_rc dupmid 0
check_json_str dupmid "$S" '{
  "totals": {"messages": 1, "patches": 1, "series": 1, "duplicates": 1},
  "series": [{"subject": "[PATCH v2] x86/hyperv: Mark hv_ghcb_terminate() as noreturn"}]
}'

# A reply and its removal, nothing else: nothing counts.
run removed --no-cache --format json "$S" "$(rev $S 0 5)..$(rev $S 0 8)"
check_rc removed 0
check_json_str removed "$S" '{
  "totals": {"messages": 0, "replies": 0, "purged": 1, "removed": 1}
}'

# The patch, its reply with a Reviewed-by (e0-10) and the reply's removal:
# the removed reply is neither a reply nor a review of the series.
run removed-review --no-cache --format json "$S" "$(rev $S 0 3)..$(rev $S 0 8)"
check_json_str removed-review "$S" '{
  "totals": {"messages": 1, "patches": 1, "replies": 0, "removed": 1},
  "series": [{"subject": "[PATCH] net: mana: Fix memory leak in mana_hwc_create_wq",
              "replies": 0, "participants": [], "reviews": []}]
}'
# ... while before the removal, it is both.
run kept-review --no-cache --format json "$S" "$(rev $S 0 3)..$(rev $S 0 6)"
check_json_str kept-review "$S" '{
  "totals": {"messages": 2, "patches": 1, "replies": 1, "removed": 0},
  "series": [{"replies": 1,
    "participants": [{"name": "Dexuan Cui", "email": "decui@microsoft.com"}],
    "reviews": [{"trailer": "Reviewed-by", "name": "Dexuan Cui",
      "email": "decui@microsoft.com",
      "message_id": "BYAPR21MB127035BB4732C65B02EB793EBF709@BYAPR21MB1270.namprd21.prod.outlook.com",
      "patch_number": 1}]}]
}'

# Only the purged commit, only the "d" commit: nothing to count.
run purged-only --no-cache --format json "$S" "$(rev $S 0 6)..$(rev $S 0 7)"
check_rc purged-only 0
check_json_str purged-only "$S" '{
  "totals": {"messages": 0, "patches": 0, "series": 0, "purged": 1},
  "series": []
}'
run d-only --no-cache --format json "$S" "$(rev $S 0 7)..$(rev $S 0 8)"
check_rc d-only 0
check_json_str d-only "$S" '{
  "totals": {"messages": 0, "replies": 0, "series": 0},
  "series": []
}'

finish
