#!/bin/bash
# tests/cli/stages.sh - the benchmark's stage timer (bench/stages.c) does
# the work it claims, so that its rows in `make bench` mean something:
# "read" and "parse" on 1 and 3 threads see every message blob of both
# epochs exactly once (count and bytes equal to what git itself lists), and
# a damaged archive makes it fail instead of timing a run that skipped work.
#   stages.sh /path/to/listdigest /path/to/ld-bench-stages
. "$(dirname "$0")/lib.sh"

stages=${2:?usage: $0 LISTDIGEST LD-BENCH-STAGES}

I=$tmp/main
main_inbox "$I"

# What git lists: one added or changed "m" blob per message commit.
want_n=0
want_bytes=0
for e in 0 1; do
	while read -r oid; do
		want_n=$((want_n + 1))
		want_bytes=$((want_bytes + $(git -C "$I/git/$e.git" cat-file -s "$oid")))
	done < <(git -C "$I/git/$e.git" log --first-parent --raw --no-abbrev \
		--format= | awk '$5 != "D" && $6 == "m" {print $4}')
done
[ "$want_n" -eq 30 ] && ok "git lists 30 message blobs" ||
	not_ok "git lists $want_n message blobs, not 30"

for mode in read parse; do
	for j in 1 3; do
		if out=$("$stages" $mode $j "$I" 2>"$tmp/err"); then
			[ "$out" = "$want_n $want_bytes" ] &&
				ok "$mode -j $j: $out" ||
				not_ok "$mode -j $j: '$out', git: '$want_n $want_bytes'"
		else
			not_ok "$mode -j $j failed: $(cat "$tmp/err")"
		fi
	done
done

# A blob gone from the object store: a non-zero exit and a message.
blob=$(git -C "$I/git/1.git" rev-parse HEAD:m)
obj=$I/git/1.git/objects/${blob:0:2}/${blob:2}
if [ -f "$obj" ]; then
	rm -f "$obj"
	if "$stages" read 2 "$I" >/dev/null 2>"$tmp/err"; then
		not_ok "read succeeded with a blob missing"
	else
		grep -q "could not be read" "$tmp/err" &&
			ok "a missing blob fails the run" ||
			not_ok "missing blob: no message ($(cat "$tmp/err"))"
	fi
else
	not_ok "blob $blob is not a loose object; cannot damage it"
fi

"$stages" bogus 2 "$I" >/dev/null 2>&1 && not_ok "bad mode accepted" ||
	ok "a bad mode is refused"
"$stages" read 2x "$I" >/dev/null 2>&1 && not_ok "JOBS '2x' accepted" ||
	ok "a bad thread count is refused"

finish
