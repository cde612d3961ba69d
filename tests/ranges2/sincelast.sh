#!/bin/bash
# tests/ranges2/sincelast.sh - --since-last and --state-key
#
# One inbox grows between runs, as a cron job sees it:
#   A  e0-01..04 (4)            run 1: A
#   B  e0-05..11 (7)            "weekly" key: A+B; failed runs, usage
#                               errors (state unchanged); run 2: B
#   C  e0-12..19, +epoch, e1-01 (9)   run 3: C, across the epochs; run 4:
#                               nothing new
#   D  e1-02..05 (4)            "weekly": C+D; run 5: D
# Each run's digest must hold exactly the new messages: totals.messages,
# range.from/to and the series' subjects (those of the cover letters and
# first patches, read from the message files).  The default key is the
# canonical path, so differently spelled paths share it.  Then history
# rewritten under a saved tip, by git plumbing (old objects kept) and by
# public-inbox-purge: the next run starts from the merge base and says so
# on stderr.  Maildir and mbox (growing between runs): by newest Date.
. "$(dirname "$0")/lib2.sh"

export TZ=UTC
mk=$tools/mkinbox.sh
cache=$tmp/cache
mkdir -p "$tmp/w"
W=$tmp/w/ib

deliver() {
	"$mk" -q "$@" >/dev/null 2>"$tmp/mk.log" ||
		{ cat "$tmp/mk.log"; echo "Bail out! mkinbox.sh failed"; exit 1; }
}

# srun NAME ARG...: listdigest --since-last --cache-dir $cache ARG...
srun() {
	local name=$1
	shift
	run "$name" --since-last --cache-dir "$cache" "$@"
}

# check_run NAME MESSAGES FROM TO SERIES-FILE...: a JSON run's digest
# (FROM/TO: "E.P" positions or "null")
check_run() {
	local name=$1 n=$2 from=$3 to=$4 want got
	shift 4
	check_rc "$name" 0
	check_eq "$name: totals.messages" \
		"$(jval "$name" 'd["totals"]["messages"]')" "$n"
	want=null
	[ "$from" = null ] || want=$(rev "$W" "${from%.*}" "${from#*.}")
	check_eq "$name: range.from" "$(jval "$name" 'd["range"]["from"]')" "$want"
	check_eq "$name: range.to" "$(jval "$name" 'd["range"]["to"]')" \
		"$(rev "$W" "${to%.*}" "${to#*.}")"
	want=$( [ $# -eq 0 ] || subjects "$@")
	got=$(jval "$name" '[s["subject"] for s in d["series"]]')
	check_eq "$name: series subjects" "$got" "$want"
}

# --- A, run 1
deliver "$W" "$corp"/e0-0[1-4]-*.eml
srun run1 --format json "$W"
check_run run1 4 null 0.4 "$corp"/e0-01-*.eml
if [ -f "$statedb" ] && [ ! -e "$HOME/.local/state/listdigest" ]; then
	ok "the state is in \$XDG_STATE_HOME/listdigest/state.sqlite"
else
	not_ok "no state in \$XDG_STATE_HOME/listdigest/state.sqlite: $(ls -R "$XDG_STATE_HOME" "$HOME" 2>&1 | head -n 5 | tr '\n' ' ')"
fi

# --- B
deliver -A "$W" "$corp"/e0-0[5-9]-*.eml "$corp"/e0-1[01]-*.eml
# another key starts from the beginning and leaves the default key alone
srun weekly1 --state-key weekly --format json "$W"
check_run weekly1 11 null 0.11 "$corp"/e0-01-*.eml "$corp"/e0-05-*.eml \
	"$corp"/e0-09-*.eml
before=$(state_dump)
# runs whose report does not get out in full: the state stays
"$ld" --since-last --cache-dir "$cache" --format json "$W" >/dev/full \
	2>"$tmp/full.err"
rc=$?
if [ $rc -ne 0 ]; then
	ok "stdout on /dev/full: exit status $rc"
else
	not_ok "stdout on /dev/full: exit status 0"
fi
check_state_same "stdout on /dev/full" "$before"
# stdout a pipe nobody reads (read end closed before the run starts)
rc=$(python3 - "$ld" --since-last --cache-dir "$cache" "$W" <<'PY'
import os, subprocess, sys
r, w = os.pipe()
os.close(r)
p = subprocess.run(sys.argv[1:], stdout=w, stderr=subprocess.DEVNULL)
print(p.returncode)
PY
)
if [ "$rc" != 0 ]; then
	ok "stdout a closed pipe: exit status $rc"
else
	not_ok "stdout a closed pipe: exit status 0"
fi
check_state_same "stdout a closed pipe" "$before"
# --since-last with a RANGE or with --since: usage errors
srun with-range "$W" "$(rev "$W" 0 2)..$(rev "$W" 0 5)"
check_usage_error with-range
srun with-open-range "$W" HEAD~2..
check_usage_error with-open-range
srun with-since --since 2020-01-01 "$W"
check_usage_error with-since
check_state_same "usage errors" "$before"
# run 2, the path spelled differently: the same default key
srun run2 --format json "$tmp/w/./ib/"
check_run run2 7 0.4 0.11 "$corp"/e0-05-*.eml "$corp"/e0-09-*.eml

# --- C, across the epochs; run 3 with a relative path
deliver -A "$W" "$corp"/e0-1[2-9]-*.eml +epoch "$corp"/e1-01-*.eml
(cd "$tmp/w" && "$ld" --since-last --cache-dir "$cache" --format json ib \
	>"$tmp/run3.out" 2>"$tmp/run3.err"; echo $? >"$tmp/run3.rc")
check_run run3 9 0.11 1.1 "$corp"/e0-12-*.eml "$corp"/e0-16-*.eml \
	"$corp"/e1-01-*.eml
# run 4: nothing new
srun run4 "$W"
check_rc run4 0
x=$(rev "$W" 1 1 | cut -c1-9)
check_eq "run4: first line" "$(first_line run4)" \
	"LINUX-HYPERV mailing list update from $x to $x"
srun run4-json --format json "$W"
check_run run4-json 0 1.1 1.1

# --- D: the two keys part
deliver -A "$W" "$corp"/e1-0[2-5]-*.eml
srun weekly2 --state-key weekly --format json "$W"
check_run weekly2 13 0.11 1.5 "$corp"/e0-12-*.eml "$corp"/e0-16-*.eml \
	"$corp"/e1-01-*.eml "$corp"/e1-02-*.eml "$corp"/e1-03-*.eml
srun run5 --format json "$W"
check_run run5 4 1.1 1.5 "$corp"/e1-02-*.eml "$corp"/e1-03-*.eml
srun run5-text "$W"
x=$(rev "$W" 1 5 | cut -c1-9)
check_eq "run5-text: first line" "$(first_line run5-text)" \
	"LINUX-HYPERV mailing list update from $x to $x"
# --no-cache keeps the same state
srun run6 --no-cache --format json "$W"
check_run run6 0 1.5 1.5

# check_rewritten NAME INBOX BASE-POS MESSAGES PURGED: after a rewrite
check_rewritten() {
	local name=$1 in=$2 base
	base=$(rev "$in" 0 "$3")
	check_rc "$name" 0
	check_eq "$name: range.from is the merge base, commit $3" \
		"$(jval "$name" 'd["range"]["from"]')" "$base"
	check_eq "$name: totals.messages" \
		"$(jval "$name" 'd["totals"]["messages"]')" "$4"
	check_eq "$name: totals.purged" \
		"$(jval "$name" 'd["totals"]["purged"]')" "$5"
	if grep -qi 'rewritten' "$tmp/$name.err" &&
	   grep -q "$(echo "$base" | cut -c1-7)" "$tmp/$name.err"; then
		ok "$name: stderr says so: $(head -n 1 "$tmp/$name.err")"
	else
		not_ok "$name: stderr does not name the rewrite and the merge base $(echo "$base" | cut -c1-9)"
		sed 's/^/#   stderr: /' "$tmp/$name.err" | head -n 5
	fi
}

# --- history rewritten by plumbing, the old commits still in the repository:
# e0-01..09, a run, then master reset to commit 4 and e0-10..12 added
RW=$tmp/rw
cache=$tmp/cache-rw   # its root commit is W's: a cache of its own
deliver -n rw "$RW" "$corp"/e0-0[1-9]-*.eml
srun rw1 --format json "$RW"
check_eq "rw1: totals.messages" "$(jval rw1 'd["totals"]["messages"]')" 9
g=$RW/git/0.git
git -C "$g" update-ref refs/heads/master "$(rev "$RW" 0 4)"
for f in "$corp"/e0-1[0-2]-*.eml; do
	"$tools/pi-special.sh" add-raw "$RW" "$f" >/dev/null ||
		{ echo "Bail out! add-raw failed"; exit 1; }
done
srun rw2 --format json "$RW"
check_rewritten rw2 "$RW" 4 3 0

# --- history rewritten by public-inbox-purge of a message before the
# saved tip: e0-01..09, a run, e0-10..12 delivered, e0-05 purged.  The
# merge base is commit 4 (e0-04), which the purge leaves as it is.
PG=$tmp/pg
cache=$tmp/cache-pg
deliver -n pg "$PG" "$corp"/e0-0[1-9]-*.eml
srun pg1 --format json "$PG"
check_eq "pg1: totals.messages" "$(jval pg1 'd["totals"]["messages"]')" 9
deliver -A -n pg "$PG" "$corp"/e0-1[0-2]-*.eml
c4=$(rev "$PG" 0 4)
old9=$(rev "$PG" 0 9)
"$tools/pi-special.sh" purge "$PG" "$corp"/e0-05-*.eml >/dev/null 2>&1 ||
	{ echo "Bail out! purge failed"; exit 1; }
if [ "$(rev "$PG" 0 4)" = "$c4" ] && [ "$(rev "$PG" 0 9)" != "$old9" ] &&
   [ "$(git -C "$PG/git/0.git" cat-file -s "$(rev "$PG" 0 5):m")" = 0 ]; then
	ok "purge rewrote history from commit 5 on"
else
	not_ok "purge did not rewrite history as expected"
fi
if git -C "$PG/git/0.git" cat-file -e "$old9" 2>/dev/null; then
	echo "# the saved tip $old9 is still in the repository"
else
	echo "# the saved tip $old9 is gone from the repository (purge pruned it)"
fi
srun pg2 --format json "$PG"
check_rewritten pg2 "$PG" 4 7 1
# and then it goes on normally
srun pg3 --format json "$PG"
check_eq "pg3: nothing new" "$(jval pg3 'd["totals"]["messages"]')" 0

# --- Maildir and mbox, once listdigest reads them: three batches in date
# order; a run starts after the newest Date the last one covered
M=$tmp/md
mkdir -p "$M/cur" "$M/new" "$M/tmp"
run md-probe --no-cache --format json "$M"
if [ "$(cat "$tmp/md-probe.rc")" != 0 ] &&
   grep -q 'not supported' "$tmp/md-probe.err"; then
	ok "Maildir/mbox --since-last # SKIP listdigest does not read Maildir yet: $(head -n 1 "$tmp/md-probe.err")"
else
	i=0
	# mdeliver FILE...: into new/ of the Maildir, as an MTA does, and
	# appended to the mbox (mboxrd)
	mdeliver() {
		local f
		for f in "$@"; do
			i=$((i + 1))
			cp "$f" "$M/new/$((1700000000 + i)).$i.test"
			python3 - "$f" "$tmp/grow.mbox" <<'PY'
import re, sys
data = open(sys.argv[1], 'rb').read()
if not data.endswith(b'\n'):
    data += b'\n'
with open(sys.argv[2], 'ab') as out:
    out.write(b'From mboxrd@z Thu Jan  1 00:00:00 1970\n')
    out.write(re.sub(rb'(?m)^(>*From )', rb'>\1', data) + b'\n')
PY
		done
	}
	# newest DATE FILE...: ISO UTC of the newest Date plus one second
	newest() {
		python3 - "$@" <<'PY'
import email.utils, sys, datetime
ts = []
for p in sys.argv[1:]:
    for line in open(p, encoding='utf-8', errors='replace'):
        if line.lower().startswith('date:'):
            ts.append(email.utils.parsedate_to_datetime(
                ' '.join(line[5:].split())).timestamp())
            break
t = datetime.datetime.fromtimestamp(max(ts) + 1, datetime.timezone.utc)
print(t.strftime('%Y-%m-%dT%H:%M:%SZ'))
PY
	}
	b1=("$corp"/e0-0[1-4]-*.eml)
	b2=("$corp"/e0-0[5-9]-*.eml "$corp"/e0-1[01]-*.eml)
	b3=("$corp"/e0-1[2-9]-*.eml)
	mdeliver "${b1[@]}"
	for src in "$M" "$tmp/grow.mbox"; do
		k=$(basename "$src")
		run "$k-1" --since-last --format json "$src"
		check_rc "$k-1" 0
		check_eq "$k-1: messages" "$(jval "$k-1" 'd["totals"]["messages"]')" 4
	done
	mdeliver "${b2[@]}"
	for src in "$M" "$tmp/grow.mbox"; do
		k=$(basename "$src")
		run "$k-2" --since-last --format json "$src"
		check_eq "$k-2: messages" "$(jval "$k-2" 'd["totals"]["messages"]')" 7
		check_eq "$k-2: series" \
			"$(jval "$k-2" '[s["subject"] for s in d["series"]]')" \
			"$(subjects "$corp"/e0-05-*.eml "$corp"/e0-09-*.eml)"
		check_eq "$k-2: range.since, after the newest Date of run 1" \
			"$(jval "$k-2" 'd["range"]["since"]')" "$(newest "${b1[@]}")"
	done
	mdeliver "${b3[@]}"
	for src in "$M" "$tmp/grow.mbox"; do
		k=$(basename "$src")
		run "$k-3" --since-last --format json "$src"
		check_eq "$k-3: messages" "$(jval "$k-3" 'd["totals"]["messages"]')" 8
		run "$k-4" --since-last --format json "$src"
		check_eq "$k-4: nothing new" "$(jval "$k-4" 'd["totals"]["messages"]')" 0
		# a key of its own starts from the beginning
		run "$k-key" --since-last --state-key "$k-other" --format json "$src"
		check_eq "$k-key: another key, all 19" \
			"$(jval "$k-key" 'd["totals"]["messages"]')" 19
	done
fi

finish
