#!/bin/bash
# tests/cli/damaged.sh - damaged archives, caches and state files: each gives
# one clear message and the documented exit status (README, "Failure
# behaviour"); a cache is rebuilt or bypassed, a state file left untouched,
# never trusted.
#
# Archives (a real inbox built by public-inbox-mda, then damaged with git):
#   shallow clone, partial clone         exit 2, refused up front
#   corrupt blob inside a pack           exit 1, that message unreadable
#   corrupt tree (loose object)          exit 1, that message unreadable
#   corrupt commit on the history        exit 2, the history cannot be walked
#   range over rewritten history         exit 2 (purged: unknown revision;
#                                        still present: not on the history)
#   unreadable epoch directory           exit 2 (as another user: root
#                                        reads everything)
#   an epoch that is not a repository    exit 2
# Caches and state (--cache-dir, --since-last with XDG_STATE_HOME):
#   cache file of garbage                rebuilt: exit 0, same output
#   cache with damaged pages             exit 1, warning, same output from a
#                                        temporary index; the next run
#                                        rebuilds it: exit 0
#   cache damaged where only the model   the same, found when the series'
#   reads (the commit messages)          commit messages are read
#   cache locked by another process      exit 1 after SQLite's 10 s wait,
#                                        same output, the cache untouched
#   state locked / damaged               exit 2, nothing printed, the file
#                                        untouched
. "$(dirname "$0")/lib.sh"

I=$tmp/inbox
"$tools/mkinbox.sh" -q "$I" "$corp"/e0-0*.eml >/dev/null ||
	{ echo "Bail out! mkinbox.sh failed"; exit 1; }
G=$I/git/0.git
export GIT_AUTHOR_NAME=Test GIT_AUTHOR_EMAIL=test@example.org
export GIT_COMMITTER_NAME=Test GIT_COMMITTER_EMAIL=test@example.org
n=$(git -C "$G" rev-list --count HEAD)
export XDG_STATE_HOME=$tmp/state

run ref --no-cache --format json "$I"
check_rc ref 0
jqis ref .totals.messages "$n"

# copy NAME: a fresh copy of the inbox at $tmp/NAME
copy() {
	rm -rf "${tmp:?}/$1"
	cp -r "$I" "$tmp/$1"
}

# --- Archives -------------------------------------------------------------

git -C "$G" config uploadpack.allowFilter true
git clone -q --bare --depth 3 "file://$G" "$tmp/shallow/git/0.git"
run shallow --no-cache "$tmp/shallow"
check_usage_error shallow
check_err shallow 'is a shallow clone: listdigest needs the whole history'
run shallow-epoch --no-cache "$tmp/shallow/git/0.git"
check_usage_error shallow-epoch

git clone -q --bare --filter=blob:none "file://$G" "$tmp/partial/git/0.git"
run partial --no-cache "$tmp/partial"
check_usage_error partial
check_err partial 'is a partial clone \(git clone --filter\)'

# A corrupt blob inside a pack: find the third message's blob in the pack
# index and overwrite the middle of its compressed data.
copy pack
git -C "$tmp/pack/git/0.git" repack -adq
c3=$(git -C "$G" rev-list --reverse HEAD | sed -n 3p)
b3=$(git -C "$G" rev-parse "$c3:m")
pack=$(ls "$tmp/pack/git/0.git/objects/pack/"*.pack)
read -r off size < <(git verify-pack -v "${pack%.pack}.idx" |
	awk -v id="$b3" '$1 == id { print $5, $4 }')
if [ -n "${off:-}" ] && [ "$size" -gt 64 ]; then
	printf '\377\377\377\377\377\377\377\377\377\377\377\377\377\377\377\377' |
		dd of="$pack" bs=1 seek=$((off + size / 2)) conv=notrunc \
		status=none
	# Blobs stored as deltas against it are lost too: git itself says
	# which commits' messages it can no longer read.
	bad=0
	for c in $(git -C "$G" rev-list --reverse HEAD); do
		git -C "$tmp/pack/git/0.git" cat-file blob "$c:m" \
			>/dev/null 2>&1 || bad=$((bad + 1))
	done
	run pack --no-cache --format json "$tmp/pack"
	check_rc pack 1
	jqis pack .totals.unreadable "$bad"
	jqis pack .totals.messages $((n - bad))
	jqis pack "[.warnings[] | select(test(\"^commit [0-9a-f]{40}: unreadable message: cannot read its message blob: \"))] | length" "$bad"
	jqis pack "[.warnings[] | select(startswith(\"commit $c3: \"))] | length" 1
	run pack-text --no-cache "$tmp/pack"
	check_rc pack-text 1
	check_agree pack-text pack
else
	not_ok "pack: blob $b3 not found in the pack"
fi

# loose_damage NAME OBJECT: overwrite a loose object of copy NAME
loose_damage() {
	local f=$tmp/$1/git/0.git/objects/${2:0:2}/${2:2}
	chmod u+w "$f" && printf 'garbage' >"$f"
}

copy tree
c5=$(git -C "$G" rev-list --reverse HEAD | sed -n 5p)
loose_damage tree "$(git -C "$G" rev-parse "$c5^{tree}")"
run tree --no-cache --format json "$tmp/tree"
check_rc tree 1
jqis tree .totals.unreadable 1
jqis tree "[.warnings[] | select(startswith(\"commit $c5: unreadable message: cannot read its tree\"))] | length" 1

copy commit
loose_damage commit "$c5"
run commit --no-cache "$tmp/commit"
check_usage_error commit
check_err commit 'cannot walk the history of .*0\.git'

# History rewritten under a range: public-inbox-purge of the second
# message gives every later commit a new id and prunes the old ones.
copy rewritten
old=$(git -C "$G" rev-list --reverse HEAD | sed -n 4p)
sed -i "s#$I#$tmp/rewritten#" "$PI_CONFIG"
"$tools/pi-special.sh" purge "$tmp/rewritten" "$corp"/e0-02-*.eml >/dev/null ||
	{ echo "Bail out! purge failed"; exit 1; }
sed -i "s#$tmp/rewritten#$I#" "$PI_CONFIG"
run rewritten --no-cache "$tmp/rewritten" "$old.."
check_usage_error rewritten
check_err rewritten "unknown revision '$old' \(not in the archive: was its history rewritten"
# A commit that exists but is not on the history (a mirror keeps old
# objects until git gc).
R=$tmp/rewritten/git/0.git
dangling=$(echo x | git -C "$R" commit-tree "$(git -C "$R" rev-parse HEAD~2^{tree})" -p "$(git -C "$R" rev-parse HEAD~3)")
run dangling --no-cache "$tmp/rewritten" "$dangling.."
check_usage_error dangling
check_err dangling "revision '$dangling' is not on the archive's history"
run dangling-to --no-cache "$tmp/rewritten" "HEAD~3..$dangling"
check_usage_error dangling-to

# An epoch directory we may not read.  root reads everything, so the run
# goes to user nobody (setpriv, util-linux) when the test runs as root.
copy unreadable
chmod 000 "$tmp/unreadable/git/0.git"
as_user=()
if [ "$(id -u)" = 0 ]; then
	if command -v setpriv >/dev/null; then
		as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
		# nobody needs to reach the inbox and the binary
		chmod 755 "$tmp" "$tmp/unreadable" "$tmp/unreadable/git"
	fi
fi
if [ "$(id -u)" != 0 ] || [ ${#as_user[@]} -gt 0 ]; then
	"${as_user[@]}" env HOME=/ "$ld" --no-cache "$tmp/unreadable" \
		>"$tmp/unreadable.out" 2>"$tmp/unreadable.err"
	echo $? >"$tmp/unreadable.rc"
	check_usage_error unreadable
	check_err unreadable 'cannot read epoch .*0\.git: Permission denied'
	"${as_user[@]}" env HOME=/ "$ld" --no-cache \
		"$tmp/unreadable/git/0.git" >"$tmp/unreadable-epoch.out" \
		2>"$tmp/unreadable-epoch.err"
	echo $? >"$tmp/unreadable-epoch.rc"
	check_usage_error unreadable-epoch
	check_err unreadable-epoch 'cannot read .*0\.git: Permission denied'
else
	ok "unreadable: # SKIP running as root without setpriv"
fi
chmod 755 "$tmp/unreadable/git/0.git"

# An epoch that is not a repository (an interrupted clone).
copy notrepo
mkdir "$tmp/notrepo/git/1.git"
run notrepo --no-cache "$tmp/notrepo"
check_usage_error notrepo
check_err notrepo 'cannot open epoch .*1\.git'

# lock_db FILE TABLE: another process holds a write transaction on FILE
# (a delete from TABLE, never committed) for 25 s, in the background as
# $locker; returns once the lock is held.
lock_db() {
	rm -f "$tmp/locked"
	python3 - "$1" "$2" "$tmp/locked" <<'EOF' &
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN EXCLUSIVE")
c.execute("DELETE FROM " + sys.argv[2])
open(sys.argv[3], "w").close()
time.sleep(25)
c.execute("ROLLBACK")
EOF
	locker=$!
	for _ in $(seq 100); do [ -e "$tmp/locked" ] && break; sleep 0.1; done
}

# --- Caches ---------------------------------------------------------------

C=$tmp/cache
run cache-fill --cache-dir "$C" --format json "$I"
check_rc cache-fill 0
check_same ref cache-fill
db=$(ls "$C"/*.sqlite)

head -c 65536 /dev/urandom >"$db"
rm -f "$db-wal" "$db-shm"
run cache-garbage --cache-dir "$C" --format json "$I"
check_rc cache-garbage 0
check_same ref cache-garbage
if sqlite3_ok=$(python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute('select count(*) from commits').fetchone()[0])" "$db" 2>&1) &&
   [ "$sqlite3_ok" = "$n" ]; then
	ok "cache-garbage: the cache was rebuilt ($n commits)"
else
	not_ok "cache-garbage: cache not rebuilt: $sqlite3_ok"
fi

# Damaged pages: keep the first page (the schema) and overwrite the rest.
python3 - "$db" <<'EOF'
import os, sys
path = sys.argv[1]
size = os.path.getsize(path)
with open(path, "r+b") as f:
    f.seek(4096)
    f.write(bytes((i * 7 + 13) & 0xFF for i in range(size - 4096)))
EOF
rm -f "$db-wal" "$db-shm"
run cache-damaged --cache-dir "$C" --format json "$I"
check_rc cache-damaged 1
check_same ref cache-damaged
check_err cache-damaged "index .*\.sqlite.*malformed.*; removed it; using a temporary index"
run cache-after --cache-dir "$C" --format json "$I"
check_rc cache-after 0
check_same ref cache-after

# Damage only where the update does not look: the pages of the commit
# messages (SQLite's dbstat names them).  The model meets it when it reads
# the series' commit messages; the run must not print empty ones but go on
# from a temporary index, and the next run rebuilds the cache.
python3 - "$db" <<'EOF'
import sqlite3, sys
path = sys.argv[1]
c = sqlite3.connect(path)
size = c.execute("PRAGMA page_size").fetchone()[0]
pages = [r[0] for r in c.execute("SELECT pageno FROM dbstat WHERE name = 'bodies'")]
c.close()
with open(path, "r+b") as f:
    for n in pages:
        f.seek((n - 1) * size)
        f.write(bytes((i * 7 + 13) & 0xFF for i in range(size)))
EOF
run cache-bodies --cache-dir "$C" --format json "$I"
check_rc cache-bodies 1
check_same ref cache-bodies
check_err cache-bodies "index .*\.sqlite: cannot read a commit message: .*; removed it; using a temporary index"
run cache-bodies-after --cache-dir "$C" --format json "$I"
check_rc cache-bodies-after 0
check_same ref cache-bodies-after

# Locked: another process holds a write transaction for 25 s; SQLite waits
# 10 s, then the run goes on without the cache and leaves it alone.
lock_db "$db" settings
run cache-locked --cache-dir "$C" --format json "$I"
check_rc cache-locked 1
check_same ref cache-locked
check_err cache-locked "index .*\.sqlite is locked by another process; using a temporary index"
kill "$locker" 2>/dev/null
wait "$locker" 2>/dev/null
run cache-unlocked --cache-dir "$C" --format json "$I"
check_rc cache-unlocked 0
check_same ref cache-unlocked

# --- State ----------------------------------------------------------------

run state-first --no-cache --since-last --format json "$I"
check_rc state-first 0
check_same ref state-first
S=$XDG_STATE_HOME/listdigest/state.sqlite
cp "$S" "$tmp/state.bak"
lock_db "$S" state
run state-locked --no-cache --since-last "$I"
check_usage_error state-locked
check_err state-locked 'state .*state\.sqlite is locked by another listdigest run'
kill "$locker" 2>/dev/null
wait "$locker" 2>/dev/null
run state-after --no-cache --since-last --format json "$I"
check_rc state-after 0
jqis state-after .totals.messages 0

head -c 5000 /dev/urandom >"$S"
cp "$S" "$tmp/state.garbage"
run state-damaged --no-cache --since-last "$I"
check_usage_error state-damaged
check_err state-damaged 'state .*state\.sqlite is damaged .*left as it is'
if cmp -s "$S" "$tmp/state.garbage"; then
	ok "state-damaged: the state file was left untouched"
else
	not_ok "state-damaged: the state file changed"
fi

finish
