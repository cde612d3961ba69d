#!/bin/bash
# tests/cli/full-bundle.sh - real facts of a whole linux-hyperv epoch
#
# Runs only when ../shared/corpus/linux-hyperv-0.bundle exists next to the
# source tree (26,431 messages, ~100 MB); otherwise exits 77 (skipped).
# The bundle is cloned into the temporary directory.  Checked against numbers
# computed here, independently, with git and python3's email module: the
# message count (non-empty "m" blobs, minus blobs seen before, minus messages
# whose first Message-ID was seen before) and the duplicate count; and two
# known series: tglx's "[patch 00/22] genirq/msi, PCI/MSI: Spring cleaning -
# Part 1", delivered twice to the archive (commits 99ebd1e0.. and 868b688e..,
# 23 messages each), which must be one series of 22 patches; and Long Li's
# "[PATCH net v4 0/2]" with its in-body From.  Issue 3 adds: the kinds
# (patches, cover letters, replies, other, pull requests) add up to the
# messages; the last version (v16) of Bobby Eshleman's vsock namespace series
# names v15 as its previous version (b4 change-id, found in the history
# before the range); tglx's "[patch V2 00/23]" names the v1 above, matched by
# title, with the date of the copy that counts (the first).
. "$(dirname "$0")/lib.sh"

bundle=$srcroot/../shared/corpus/linux-hyperv-0.bundle
if [ ! -f "$bundle" ]; then
	echo "SKIP: no $bundle"
	exit 77
fi
E=$tmp/hv/git/0.git
git clone -q --bare "$bundle" "$E" || { echo "Bail out! clone failed"; exit 1; }
head=$(git -C "$E" rev-parse HEAD)

# Independent count: walk the first-parent history oldest first.
python3 - "$E" >"$tmp/facts.json" <<'PY'
import email, json, re, subprocess, sys
gd = sys.argv[1]
revs = subprocess.run(['git', '-C', gd, 'rev-list', '--reverse',
                       '--first-parent', 'HEAD'], capture_output=True,
                      text=True, check=True).stdout.split()
cat = subprocess.Popen(['git', '-C', gd, 'cat-file', '--batch'],
                       stdin=subprocess.PIPE, stdout=subprocess.PIPE)
def get(obj):
    cat.stdin.write(obj.encode() + b'\n'); cat.stdin.flush()
    hdr = cat.stdout.readline().split()
    if hdr[1] == b'missing':
        return None
    data = cat.stdout.read(int(hdr[2])); cat.stdout.read(1)
    return data
blobs, mids = set(), set()
f = dict(commits=len(revs), messages=0, duplicates=0, purged=0, removed=0)
for c in revs:
    tree = get(c + '^{tree}')
    ents, i = {}, 0
    while i < len(tree):
        sp = tree.index(b' ', i); nul = tree.index(b'\0', sp)
        ents[tree[sp + 1:nul].decode()] = tree[nul + 1:nul + 21].hex()
        i = nul + 21
    if 'd' in ents:
        f['removed'] += 1
        continue
    if 'm' not in ents:
        continue
    raw = get(ents['m'])
    if not raw:
        f['purged'] += 1
        continue
    mid = email.message_from_bytes(raw).get('Message-ID')
    mid = re.sub(r'\s+', '', mid) if mid else None
    if ents['m'] in blobs or (mid and mid in mids):
        f['duplicates'] += 1
        continue
    blobs.add(ents['m'])
    if mid:
        mids.add(mid)
    f['messages'] += 1
print(json.dumps(f))
PY
[ -s "$tmp/facts.json" ] || { echo "Bail out! counting failed"; exit 1; }
echo "# computed: $(cat "$tmp/facts.json")"
messages=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["messages"])' "$tmp/facts.json")
dups=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["duplicates"])' "$tmp/facts.json")

run whole --no-cache --format json "$E"
check_rc whole 0
check_json_str whole "$tmp/hv" "{
  \"list\": \"LINUX-HYPERV\",
  \"range\": {\"from\": null, \"to\": \"$head\"},
  \"totals\": {\"messages\": $messages, \"duplicates\": $dups,
             \"purged\": 0, \"removed\": 0, \"unreadable\": 0}
}"
if python3 - "$tmp/whole.out" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))['totals']
sys.exit(t['patches'] + t['cover_letters'] + t['replies'] + t['other'] +
         t['pull_requests'] != t['messages'])
PY
then
	ok "whole: patches + cover letters + replies + other + pull requests = messages"
else
	not_ok "whole: the kinds do not add up to the messages"
fi
# From here on the runs share an index cache (filled by this first one):
# --no-cache costs a full read of the epoch each time (~10 s under ASan).
# cache.sh checks that a cache never changes the output.
run whole-text --cache-dir "$tmp/cache" "$E"
check_rc whole-text 0
want="LINUX-HYPERV mailing list update from (start) to ${head:0:9}"
if [ "$(head -n 1 "$tmp/whole-text.out")" = "$want" ]; then
	ok "whole-text: first line: $want"
else
	not_ok "whole-text: first line: $(head -n 1 "$tmp/whole-text.out")"
fi
check_agree whole-text whole

# Issue 5 on real data: Michael Kelley reviewed as mikelley@microsoft.com
# and later as mhklinux@outlook.com.  A mailmap joining the two makes one
# row whose counts are the two rows' sums, in every people table.
printf 'Michael Kelley <mhklinux@outlook.com> <mikelley@microsoft.com>\n' >"$tmp/mk.map"
run mk --cache-dir "$tmp/cache" --format json --top 1000 "$E"
run mk-mapped --cache-dir "$tmp/cache" --format json --top 1000 --mailmap "$tmp/mk.map" "$E"
for table in top_reviewers top_participants top_contributors; do
	if python3 - "$tmp/mk.out" "$tmp/mk-mapped.out" "$table" <<'PY'
import json, sys
plain, mapped = (json.load(open(f))[sys.argv[3]] for f in sys.argv[1:3])
two = sum(r['count'] for r in plain
          if r['email'] in ('mikelley@microsoft.com', 'mhklinux@outlook.com'))
one = [r for r in mapped if r['email'] in ('mikelley@microsoft.com',
                                           'mhklinux@outlook.com')]
sys.exit(not (two > 0 and len(one) == 1 and one[0]['count'] == two and
              one[0]['email'] == 'mhklinux@outlook.com'))
PY
	then
		ok "mk-mapped: $table: one Michael Kelley row, the sum of his two"
	else
		not_ok "mk-mapped: $table: the two addresses are not merged"
	fi
done
jqis mk '[.per_day[]|.messages]|add' "$messages"

# tglx's series, twice in the archive: one series, 22 patches, 23 duplicates.
run tglx --cache-dir "$tmp/cache" --format json "$E" \
	07d99bcb802db120732117150254590f89097d74..0c791aa137b34c9f04292c5429abb6c3776ca4d2
check_rc tglx 0
python3 -c '
import json
print(json.dumps({
  "totals": {"messages": 23, "patches": 22, "cover_letters": 1,
             "replies": 0, "series": 1, "duplicates": 23},
  "series": [{
    "subject": "[patch 00/22] genirq/msi, PCI/MSI: Spring cleaning - Part 1",
    "title": "genirq/msi, PCI/MSI: Spring cleaning - Part 1",
    "version": 1, "total": 22, "rfc": False,
    "author": {"name": "Thomas Gleixner", "email": "tglx@linutronix.de"},
    "date": "2021-11-27T01:18:34Z",
    "cover": {"message_id": "20211126222700.862407977@linutronix.de",
              "subject": "[patch 00/22] genirq/msi, PCI/MSI: Spring cleaning - Part 1"},
    "patches": [{"number": n} for n in range(1, 23)]}]}))' >"$tmp/tglx.want.json"
check_json tglx "$tmp/tglx.want.json" "$tmp/hv"

# Long Li's series: header From without a name, in-body From.
run longli --cache-dir "$tmp/cache" --format json "$E" \
	3b2beff36167a299e23969e30806de0546899d20..694c020db1f982fbbba0ca94457728c8d9c91d0f
check_rc longli 0
check_json_str longli "$tmp/hv" '{
  "totals": {"messages": 3, "patches": 2, "cover_letters": 1, "series": 1},
  "top_contributors": [{"name": "Long Li", "email": "longli@microsoft.com",
                        "count": 3}],
  "series": [{"subject": "[PATCH net v4 0/2] net: mana: Fix doorbell access for receive queues",
              "version": 4, "total": 2,
              "author": {"name": "Long Li", "email": "longli@microsoft.com"},
              "sender": {"email": "longli@linuxonhyperv.com"},
              "date": "2023-06-29T22:09:29Z",
              "patches": [{"number": 1}, {"number": 2}]}]
}'

# The vsock series' v16: its cover (308c7551, the range starts right before
# it) and its 12 patches; v15 is only in the history before the range.
run vsock --no-cache "$E" \
	308c7551e5868730a95f1a4ca7e2c2363bfd3c07^..ff965827beb2096188f311a97119435727dc896e
check_rc vsock 0
check_line vsock '[net-next v16, 12 patches] vsock: add namespace support to vhost-vsock and loopback | Bobby Eshleman | revision of v15 | 12/12 received | 0 replies, 0 reviews' 1
check_line vsock 'Revision:  vsock: add namespace support to vhost-vsock and loopback' 1
check_line vsock 'Previous: v15 of 2026-01-16, <20260116-vsock-vmtest-v15-0-bbfd1a668548@meta.com> (matched by change-id)' 2
run vsock-json --cache-dir "$tmp/cache" --format json "$E" \
	308c7551e5868730a95f1a4ca7e2c2363bfd3c07^..ff965827beb2096188f311a97119435727dc896e
check_json_str vsock-json "$tmp/hv" '{
  "totals": {"messages": 13, "patches": 12, "cover_letters": 1, "series": 1},
  "series": [{"version": 16, "total": 12, "tags": "net-next",
    "status": "revision", "change_id": "20250325-vsock-vmtest-b3a21d2102c2",
    "previous": {"version": 15, "date": "2026-01-16T21:28:40Z",
      "message_id": "20260116-vsock-vmtest-v15-0-bbfd1a668548@meta.com",
      "matched_by": "change-id"},
    "missing": [], "complete": true}]
}'
check_agree vsock vsock-json

# tglx's V2 cover alone: v1 was delivered twice (02:18:34 and 02:19:20
# +0100); the first copy counts, so its date is the previous version's.
run tglx2 --cache-dir "$tmp/cache" --format json "$E" \
	8e88c89323de038aa3bcac1d21d37ccb3555336c^..8e88c89323de038aa3bcac1d21d37ccb3555336c
check_json_str tglx2 "$tmp/hv" '{
  "series": [{"subject": "[patch V2 00/23] genirq/msi, PCI/MSI: Spring cleaning - Part 1",
    "status": "revision",
    "previous": {"version": 1, "date": "2021-11-27T01:18:34Z",
      "message_id": "20211126222700.862407977@linutronix.de",
      "matched_by": "title"}}]
}'

finish
