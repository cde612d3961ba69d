#!/bin/bash
# tests/ranges2/killfill.sh - a first fill of the cache killed (SIGKILL)
# at a random point leaves a cache the next run completes: the same
# report as --no-cache, every lookup index there, every message's
# position right
#
# A first fill of more than 10,000 commits is a bulk fill (update.c): the
# lookup indexes are dropped before the inserts and built again after
# them, and an epoch's row is written only once all its commits are in.
# A kill can land before the first transaction, between two of them
# (4,096 commits each), while the indexes are missing, or during their
# build.  The epoch: the 300 real messages of the sample mbox, 34 times
# over with distinct Message-IDs (fastinbox.py), 10,200 commits.  Six
# runs are killed after a random delay within an uninterrupted fill's
# duration; each cache is then used by a normal run, and again.  The
# delays are printed, so a failure can be replayed.  A seventh run is
# killed while it builds the indexes, found by watching the cache file.
. "$(dirname "$0")/lib2.sh"

export TZ=UTC
B=$tmp/big
G=$B/git/0.git
big_epoch "$G" 1 34
check_eq "10,200 commits" "$(git -C "$G" rev-list --count HEAD)" 10200

ms() { echo $(($(date +%s%N) / 1000000)); }

run ref --no-cache --format json "$B"
check_rc ref 0
jqis ref .totals.messages 10200

# One uninterrupted fill: its time bounds the delays, and it must give
# the reference and leave every index.
t0=$(ms)
run fill --cache-dir "$tmp/fill" --format json "$B"
t=$(($(ms) - t0))
check_same ref fill
echo "# an uninterrupted fill: $t ms"

# check_indexes NAME DIR: the cache file in DIR has every lookup index
check_indexes() {
	local got
	got=$(python3 - "$2" <<'EOF'
import glob, sqlite3, sys
c = sqlite3.connect(glob.glob(sys.argv[1] + '/*.sqlite')[0])
print(' '.join(sorted(r[0] for r in c.execute(
    "SELECT name FROM sqlite_master WHERE type = 'index' "
    "AND name NOT LIKE 'sqlite_autoindex%'"))))
EOF
	)
	check_eq "$1: the lookup indexes" "$got" \
		"commits_blob commits_oid commits_todo messages_author messages_change_id messages_mid messages_title_author"
}
check_indexes fill "$tmp/fill"

killed=0
for i in 1 2 3 4 5 6; do
	C=$tmp/cache$i
	# spread over the run: the first kills early, the last late
	lo=$((t * (i - 1) / 6)) span=$((t / 6 + 1))
	delay=$((lo + RANDOM % span))
	"$ld" --cache-dir "$C" --format json "$B" >/dev/null 2>"$tmp/k$i.err" &
	pid=$!
	sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
	kill -9 $pid 2>/dev/null
	{ wait $pid; } 2>/dev/null
	st=$?
	what="kill $i (after $delay ms of ~$t)"
	if [ $st = 137 ]; then
		killed=$((killed + 1))
		what="$what: killed"
	elif [ $st != 0 ]; then
		not_ok "$what: exit status $st"
		sed 's/^/#   stderr: /' "$tmp/k$i.err" | head -n 5
		continue
	else
		what="$what: had finished"
	fi
	run "after$i" --cache-dir "$C" --format json "$B"
	check_rc "after$i" 0
	check_same ref "after$i"
	if [ -n "$(ls "$C"/*.sqlite 2>/dev/null)" ]; then
		check_indexes "after$i" "$C"
		check_positions "after$i" "$C"
	fi
	run "again$i" --cache-dir "$C" --format json "$B"
	check_same ref "again$i"
	echo "# $what"
	rm -rf "$C"
done
if [ $killed -ge 3 ]; then
	ok "$killed of 6 first fills really were killed mid-way"
else
	not_ok "only $killed of 6 first fills were killed mid-way: the test proved little"
fi

# The narrowest window: the epoch is recorded (all its commits are in)
# but the lookup indexes are still being built.  A watcher reads the
# cache file (WAL: readers do not block the fill) and kills the run
# there.  The next run has nothing to read, so only opening the cache
# can bring the indexes back.
C=$tmp/cache7
"$ld" --cache-dir "$C" --format json "$B" >/dev/null 2>"$tmp/k7.err" &
pid=$!
caught=$(python3 - "$C" $pid <<'EOF'
import glob, os, signal, sqlite3, sys, time
d, pid = sys.argv[1], int(sys.argv[2])
def alive():
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False
while alive():
    dbs = glob.glob(d + '/*.sqlite')
    if not dbs:
        continue
    try:
        c = sqlite3.connect('file:%s?mode=ro' % dbs[0], uri=True, timeout=0)
        e = c.execute("SELECT count(*) FROM epochs").fetchone()[0]
        n = c.execute("SELECT count(*) FROM sqlite_master WHERE type = 'index'"
                      " AND name NOT LIKE 'sqlite_autoindex%'").fetchone()[0]
        c.close()
    except sqlite3.Error:
        continue
    if e and n < 7:
        os.kill(pid, signal.SIGKILL)
        print('killed with %d of 7 indexes' % n)
        sys.exit(0)
print('missed')
EOF
)
{ wait $pid; } 2>/dev/null
st=$?
echo "# kill 7: $caught, exit status $st"
if [ "$st" = 137 ] && [ "$caught" != missed ]; then
	ok "kill 7: $caught"
	run after7 --cache-dir "$C" --format json "$B"
	check_rc after7 0
	check_same ref after7
	check_indexes after7 "$C"
	check_positions after7 "$C"
else
	# The build is short; on a slow or loaded machine the watcher can
	# miss it.  Say so rather than fail.
	echo "# kill 7: the watcher missed the index build; skipped"
fi

finish
