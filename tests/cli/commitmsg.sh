#!/bin/bash
# tests/cli/commitmsg.sh - commit messages without a diffstat; in-body From
#
# x-01 is a real patch sent without "---" and diffstat: its commit message
# runs up to the "diff --git" line.  e1-03..05 open with an in-body From:
# the line goes, the blank line after it stays.
. "$(dirname "$0")/lib.sh"

I=$tmp/cm
"$tools/mkinbox.sh" -q "$I" "$corp"/x-01-*.eml "$corp"/e1-0[345]-*.eml \
	>/dev/null || { echo "Bail out! mkinbox.sh failed"; exit 1; }

run cm --no-cache --format json "$I"
check_rc cm 0
check_json_str cm "$I" '{
  "totals": {"messages": 4, "patches": 3, "cover_letters": 1, "series": 2},
  "series": [
    {"subject": "[PATCH] x86/hyperv: Remove unregister syscore call from hyperv cleanup",
     "author": {"name": "Gaurav Kohli",
                "email": "gauravkohli@linux.microsoft.com"},
     "date": "2022-11-24T05:23:11Z",
     "commit_messages": [{
       "message_id": "1669267391-9809-1-git-send-email-gauravkohli@linux.microsoft.com",
       "text": "Hyperv cleanup codes comes under panic path where preemption and irq\nis already disabled. So calling of unregister_syscore_ops which has mutex\nfrom hyperv cleanup might schedule out the thread and never comes back.\n\nTo prevent the same remove unwanted unregister_syscore_ops function call.\n\nSigned-off-by: Gaurav Kohli <gauravkohli@linux.microsoft.com>"}]},
    {"subject": "[PATCH net v4 0/2] net: mana: Fix doorbell access for receive queues",
     "commit_messages": [
       {"message_id": "1688076571-24938-1-git-send-email-longli@linuxonhyperv.com",
        "text": "\nThis patchset fixes the issues discovered during 200G physical link\ntests. It fixes doorbell usage and WQE format for receive queues.\n\nLong Li (2):\n  net: mana: Batch ringing RX queue doorbell on receiving packets\n  net: mana: Use the correct WQE count for ringing RQ doorbell\n\n drivers/net/ethernet/microsoft/mana/gdma_main.c |  5 ++++-\n drivers/net/ethernet/microsoft/mana/mana_en.c   | 10 ++++++++--\n 2 files changed, 12 insertions(+), 3 deletions(-)"},
       {"message_id": "1688076571-24938-2-git-send-email-longli@linuxonhyperv.com"}]}
  ]
}'
run cm-text --no-cache "$I"
check_rc cm-text 0
check_agree cm-text cm
if grep -q '^diff --git' "$tmp/cm-text.out"; then
	not_ok "cm-text: a diff made it into the report"
else
	ok "cm-text: no diff in the report"
fi
# "Author:" then two blank lines for a message with an in-body From.
if grep -A2 '^Author: longli <longli@linuxonhyperv.com>$' "$tmp/cm-text.out" |
	sed -n 2,3p | grep -qv '^$'; then
	not_ok "cm-text: no two blank lines after Author: (in-body From)"
else
	ok "cm-text: two blank lines after Author: (in-body From)"
fi

finish
