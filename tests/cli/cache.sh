#!/bin/bash
# tests/cli/cache.sh - --cache-dir gives the same output as --no-cache, cold
# and warm, after the archive grows, and after history is rewritten
. "$(dirname "$0")/lib.sh"

C=$tmp/cache
I=$tmp/main
"$tools/mkinbox.sh" -q "$I" "$corp"/e0-*.eml +epoch "$corp"/e1-0[1-5]-*.eml \
	>/dev/null || { echo "Bail out! mkinbox.sh failed"; exit 1; }

# Cold cache, then warm, text and JSON, against --no-cache.
run part-nocache --no-cache --format json "$I"
check_json_str part-nocache "$I" '{
  "range": {"from": null, "to": "@E1.5@"},
  "totals": {"messages": 24, "patches": 14, "cover_letters": 4,
             "replies": 6, "other": 0, "series": 8}
}'
run part-cold --cache-dir "$C" --format json "$I"
check_rc part-cold 0
check_same part-nocache part-cold
if [ -n "$(ls -A "$C" 2>/dev/null)" ]; then
	ok "part-cold: something was written to --cache-dir"
else
	not_ok "part-cold: --cache-dir $C is empty or missing"
fi
run part-warm --cache-dir "$C" --format json "$I"
check_same part-nocache part-warm
check_positions part-warm "$C"

# A first fill cut short.  An epoch read for the first time is stored
# newest first, and its epochs row is written once all of it is stored;
# a run killed half-way leaves the newest commits of an epoch and no
# epochs row.  Make that state from a whole fill (epoch 0 without its
# five oldest commits, epoch 1 with only its newest two, neither epoch
# recorded): the next run must read both again, not take the newest
# commit for the tip and lose the rest.
C2=$tmp/cache-cut
run cut-fill --cache-dir "$C2" --format json "$I"
check_same part-nocache cut-fill
cutdb=$(ls "$C2"/*.sqlite)
python3 - "$cutdb" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1], isolation_level=None)
e1 = 1 << 40
n1 = c.execute("SELECT count(*) FROM commits WHERE pos >= ?", (e1,)).fetchone()[0]
c.execute("DELETE FROM epochs")
c.execute("DELETE FROM commits WHERE pos < 5")
c.execute("DELETE FROM commits WHERE pos >= ? AND pos < ?", (e1, e1 + n1 - 2))
PY
left=$(python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute("select count(*) from commits").fetchone()[0], c.execute("select count(*) from epochs").fetchone()[0])' "$cutdb")
run cut-again --cache-dir "$C2" --format json "$I"
check_rc cut-again 0
check_same part-nocache cut-again
check_positions cut-again "$C2"
after=$(python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute("select count(*) from commits").fetchone()[0], c.execute("select count(*) from epochs").fetchone()[0])' "$cutdb")
want="$(($(git -C "$I/git/0.git" rev-list --count HEAD) + $(git -C "$I/git/1.git" rev-list --count HEAD))) 2"
if [ "$after" = "$want" ]; then
	ok "cut-again: every commit and both epochs indexed again ($left before, $after after)"
else
	not_ok "cut-again: commits and epochs rows: $after, want $want ($left before)"
fi

# A range, then another one, from the warm cache.
r1=$(rev $I 0 4)..$(rev $I 0 11)
r2=$(rev $I 0 15)..$(rev $I 1 5)
run r1-nocache --no-cache "$I" "$r1"
run r1-warm --cache-dir "$C" "$I" "$r1"
check_same r1-nocache r1-warm
check_text r1-warm "$expected/range-e0.txt" "$I"
run r2-warm --cache-dir "$C" --format json "$I" "$r2"
check_json r2-warm "$expected/range-cross.json" "$I"

# The archive grows: the rest of epoch 1 arrives.  The cached run must see it.
"$tools/mkinbox.sh" -q -A "$I" "$corp"/e1-0[6-9]-*.eml "$corp"/e1-1*.eml \
	>/dev/null || { echo "Bail out! mkinbox.sh -A failed"; exit 1; }
run grown-warm --cache-dir "$C" "$I"
check_rc grown-warm 0
check_text grown-warm "$expected/main-whole.txt" "$I"
run grown-warm2 --cache-dir "$C" "$I"
check_same grown-warm grown-warm2
run grown-json --cache-dir "$C" --format json "$I"
check_json grown-json "$expected/main-whole.json" "$I"
check_positions grown-json "$C"

# History rewritten: purge a message of epoch 0 (every later commit of
# epoch 0 gets a new id; the old ids vanish) and remove one of epoch 1.
"$tools/pi-special.sh" purge "$I" "$corp"/e0-09-mana-leak.eml ||
	{ echo "Bail out! purge failed"; exit 1; }
"$tools/pi-special.sh" rm "$I" "$corp"/e1-09-mshv-pmd-re.eml >/dev/null ||
	{ echo "Bail out! rm failed"; exit 1; }
run rewritten-nocache --no-cache --format json "$I"
check_rc rewritten-nocache 0
check_json_str rewritten-nocache "$I" '{
  "range": {"from": null, "to": "@E1.12@"},
  "totals": {"messages": 28, "patches": 15, "cover_letters": 5,
             "replies": 7, "other": 1, "series": 9, "purged": 1,
             "removed": 1, "duplicates": 0}
}'
run rewritten-warm --cache-dir "$C" --format json "$I"
check_rc rewritten-warm 0
check_same rewritten-nocache rewritten-warm
check_positions rewritten-warm "$C"
r=$(rev $I 0 4)..$(rev $I 0 11)
run rewritten-range-nocache --no-cache --format json "$I" "$r"
check_json_str rewritten-range-nocache "$I" '{
  "totals": {"messages": 6, "patches": 3, "replies": 3, "series": 1,
             "purged": 1}
}'
run rewritten-range-warm --cache-dir "$C" --format json "$I" "$r"
check_same rewritten-range-nocache rewritten-range-warm

# --max-message-size changes between runs on one cache: the messages
# parsed from their headers alone under the old limit, and those over the
# new one, are parsed again, so every run matches --no-cache with the same
# limit.  How many are over a limit comes from git's own blob sizes.
over() {
	local c n=0
	for c in $(git -C "$I/git/0.git" rev-list --reverse --first-parent \
			"$(rev $I 0 4)..$(rev $I 0 11)"); do
		s=$(git -C "$I/git/0.git" cat-file -s "$c:m" 2>/dev/null) ||
			continue
		[ "$s" -gt "$1" ] && n=$((n + 1))
	done
	echo $n
}
want4500=$(over 4500)
if [ "$want4500" -gt 0 ] && [ "$want4500" -lt 6 ]; then
	ok "limit: 4500 bytes puts $want4500 of the range's messages over"
else
	not_ok "limit: 4500 bytes puts $want4500 messages over, want 1-5"
fi
for limit in 4500 0 2k 32M 4500; do
	case $limit in
	0|32M) want=0 ;;
	2k) want=6 ;;
	*) want=$want4500 ;;
	esac
	run "limit-$limit-nocache" --no-cache --format json \
		--max-message-size $limit "$I" "$r"
	run "limit-$limit-warm" --cache-dir "$C" --format json \
		--max-message-size $limit "$I" "$r"
	check_same "limit-$limit-nocache" "limit-$limit-warm"
	jqis "limit-$limit-warm" .totals.oversized "$want"
	check_rc "limit-$limit-warm" $([ "$want" = 0 ] && echo 0 || echo 1)
done
jqis limit-4500-warm '[.warnings[] | select(test("counted from its headers alone: [0-9]+ bytes, over --max-message-size 4500$"))] | length' "$want4500"
jqis limit-0-warm .totals.patches 3
check_positions limit-4500-warm "$C"

# The archive loses its newest epoch (a mirror set up again with fewer):
# the cache forgets that epoch's commits, and the messages only they
# added lose their position; the digest is epoch 0's alone.
mv "$I/git/1.git" "$tmp/1.git.away"
run dropped-nocache --no-cache --format json "$I"
run dropped-warm --cache-dir "$C" --format json "$I"
check_rc dropped-warm 0
check_same dropped-nocache dropped-warm
check_positions dropped-warm "$C"
run dropped-epoch --no-cache --format json "$I/git/0.git"
jqis dropped-warm .totals.messages "$(jq .totals.messages "$tmp/dropped-epoch.out")"
jqis dropped-warm .range.to "$(jq .range.to "$tmp/dropped-epoch.out")"
mv "$tmp/1.git.away" "$I/git/1.git"

# --no-cache leaves no cache behind (XDG_CACHE_HOME points into $tmp).
if [ -z "$(ls -A "$XDG_CACHE_HOME" 2>/dev/null)" ]; then
	ok "--no-cache wrote nothing under XDG_CACHE_HOME"
else
	not_ok "--no-cache wrote $(ls -A "$XDG_CACHE_HOME")"
fi

finish
