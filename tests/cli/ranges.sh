#!/bin/bash
# tests/cli/ranges.sh - FROM..TO in one epoch, across two epochs, FROM..,
# abbreviated ids, HEAD~N, an empty range
#
# Positions are 1-based in each epoch of the main corpus (19 commits in
# git/0.git, 11 in git/1.git); FROM..TO holds the commits after FROM up to
# and including TO.
. "$(dirname "$0")/lib.sh"

main_inbox "$tmp/main"
I=$tmp/main

# One epoch: after e0-04 up to e0-11 (7 messages: Krzysztof's 3 patches with
# no cover, José's patch, 3 replies), both with SOURCE the inbox and the epoch.
r=$(rev $I 0 4)..$(rev $I 0 11)
run e0 --no-cache "$I" "$r"
check_rc e0 0
check_text e0 "$expected/range-e0.txt" "$I"
run e0-epoch --no-cache "$I/git/0.git" "$r"
check_same e0 e0-epoch
run e0-json --no-cache --format json "$I" "$r"
check_json_str e0-json "$I" '{
  "range": {"from": "@E0.4@", "to": "@E0.11@"},
  "totals": {"messages": 7, "patches": 4, "cover_letters": 0, "replies": 3,
             "other": 0, "series": 2, "unreadable": 0, "purged": 0,
             "duplicates": 0, "removed": 0}
}'
check_agree e0 e0-json

# Across the epochs: after e0-15 up to e1-05 (9 messages).
r=$(rev $I 0 15)..$(rev $I 1 5)
run cross --no-cache "$I" "$r"
check_rc cross 0
check_text cross "$expected/range-cross.txt" "$I"
run cross-json --no-cache --format json "$I" "$r"
check_json cross-json "$expected/range-cross.json" "$I"
check_agree cross cross-json

# The same range with abbreviated ids (7 hex digits) gives the same output.
r=$(rev $I 0 15 | cut -c1-7)..$(rev $I 1 5 | cut -c1-7)
run cross-abbrev --no-cache "$I" "$r"
check_same cross cross-abbrev

# FROM is the last commit of epoch 0: the range is e1-01 and e1-02 only
# (v3 answers v2 but is a series of its own, a revision of it).
r=$(rev $I 0 19)..$(rev $I 1 2)
run edge --no-cache --format json "$I" "$r"
check_rc edge 0
check_json_str edge "$I" '{
  "range": {"from": "@E0.19@", "to": "@E1.2@"},
  "totals": {"messages": 2, "patches": 2, "cover_letters": 0, "replies": 0,
             "other": 0, "series": 2},
  "series": [
    {"subject": "[PATCH v2] x86/hyperv: Mark hv_ghcb_terminate() as noreturn",
     "version": 2, "total": 1, "cover": null, "status": "new",
     "previous": null},
    {"subject": "[PATCH v3] x86/hyperv: Mark hv_ghcb_terminate() as noreturn",
     "version": 3, "total": 1, "cover": null, "status": "revision",
     "previous": {"version": 2, "date": "2023-03-10T15:44:52Z",
                  "message_id": "20230310154452.1169204-1-gpiccoli@igalia.com",
                  "matched_by": "title"}}
  ]
}'

# FROM.. runs to the tip of the last epoch.
r=$(rev $I 1 5)..
run tail --no-cache "$I" "$r"
check_rc tail 0
check_text tail "$expected/range-tail.txt" "$I"

# HEAD~N on one epoch: HEAD~5..HEAD~2 of git/1.git = e1-07, e1-08, e1-09.
# RFC patch 1/1 without its cover (outside the range) is a series of its own.
run head --no-cache --format json "$I/git/1.git" HEAD~5..HEAD~2
check_rc head 0
check_json_str head "$I" '{
  "range": {"from": "@E1.6@", "to": "@E1.9@"},
  "totals": {"messages": 3, "patches": 2, "cover_letters": 0, "replies": 1,
             "other": 0, "series": 2},
  "top_contributors": [
    {"name": "Jeremi Piotrowski", "email": "jpiotrowski@linux.microsoft.com",
     "count": 1},
    {"name": "Stanislav Kinsburskii",
     "email": "skinsburskii@linux.microsoft.com", "count": 1}],
  "series": [
    {"title": "KVM: VMX: Use Hyper-V EPT flush for local TLB flushes",
     "subject": "[RFC PATCH 1/1] KVM: VMX: Use Hyper-V EPT flush for local TLB flushes",
     "rfc": true, "version": 1, "total": 1, "cover": null,
     "date": "2025-06-20T15:39:14Z"},
    {"title": "mshv: Use PMD_ORDER instead of HPAGE_PMD_ORDER when processing regions",
     "subject": "[PATCH] mshv: Use PMD_ORDER instead of HPAGE_PMD_ORDER when processing regions",
     "rfc": false, "version": 1, "total": 1, "cover": null,
     "date": "2025-12-09T16:37:20Z",
     "patches": [{"number": 1,
       "message_id": "176529822862.17729.14849117117197568731.stgit@skinsburskii-cloud-desktop.internal.cloudapp.net",
       "subject": "[PATCH] mshv: Use PMD_ORDER instead of HPAGE_PMD_ORDER when processing regions"}]}
  ]
}'
run head-full --no-cache --format json "$I/git/1.git" \
	"$(rev $I 1 6)..$(rev $I 1 9)"
check_same head head-full

# X^..X: one commit (e1-05, patch 2/2 of the mana series, without its
# cover and patch 1: a series of its own).
x=$(rev $I 1 5)
run caret --no-cache --format json "$I" "$x^..$x"
check_rc caret 0
check_json_str caret "$I" '{
  "range": {"from": "@E1.4@", "to": "@E1.5@"},
  "totals": {"messages": 1, "patches": 1, "series": 1},
  "top_contributors": [{"name": "Long Li", "email": "longli@microsoft.com",
                        "count": 1}]
}'

# An empty range (X..X): empty tables, lists and totals.
x=$(rev $I 1 3)
run empty --no-cache --list-name EMPTY "$I" "$x..$x"
check_rc empty 0
check_text empty "$expected/empty.txt" "$I"
run empty-json --no-cache --list-name EMPTY --format json "$I" "$x..$x"
check_rc empty-json 0
check_json_str empty-json "$I" '{
  "list": "EMPTY",
  "range": {"from": "@E1.3@", "to": "@E1.3@"},
  "totals": {"messages": 0, "patches": 0, "cover_letters": 0, "replies": 0,
             "other": 0, "series": 0, "unreadable": 0, "purged": 0,
             "duplicates": 0, "removed": 0},
  "top_domains": [], "top_contributors": [], "series": []
}'

finish
