#!/bin/bash
# tests/ranges2/kill.sh - a --since-last run killed (SIGKILL) at a random
# point changes nothing: the next run gives exactly what an uninterrupted
# run gives
#
# A bigger epoch made fast with fastinbox.py: the 300 real messages of
# data/sample/linux-hyperv-sample.mbox.gz, 8 times over with distinct
# Message-IDs (2,400 commits).  A first --since-last run covers the first
# 900; the other 1,500 arrive; then, from a snapshot of that state, cache
# and -o FILE:
#   - the reference: one uninterrupted run (and one without the cache, which
#     must give the same report);
#   - six times: a run killed with SIGKILL after a random delay within
#     the reference's duration, with the cache (indexing 1,500 new commits)
#     or without (indexing all 2,400), then a normal run; twice more a run
#     killed while it writes FILE (its temporary file exists: the short
#     window in which a state moved too early would show).  FILE is at every
#     moment the old report or the new one, never a part; the normal run
#     gives byte for byte the reference report, or an empty digest from the
#     new tip if the killed run had got as far as writing FILE in full;
#     the state then moves.
# The delays are printed, so a failure can be replayed.
. "$(dirname "$0")/lib2.sh"

export TZ=UTC
B=$tmp/big
G=$B/git/0.git
big_epoch "$G" 1 3
first_tip=$(git -C "$G" rev-parse HEAD)

out=$tmp/out.json
# dig STATE CACHE OUT [ARG...]: one --since-last run into OUT; exit status
# in $tmp/dig.rc
dig() {
	local st=$1 ca=$2 o=$3
	shift 3
	XDG_STATE_HOME=$st "$ld" --since-last --format json -o "$o" \
		--cache-dir "$ca" "$@" "$B" >"$tmp/dig.out" 2>"$tmp/dig.err"
	echo $? >"$tmp/dig.rc"
}
ms() { echo $(($(date +%s%N) / 1000000)); }

dig "$tmp/state" "$tmp/cache" "$out"
check_eq "first run: exit status" "$(cat "$tmp/dig.rc")" 0
cp "$out" "$tmp/first.out"
check_eq "first run: 900 messages" "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["totals"]["messages"])' "$out")" 900
big_epoch "$G" 4 8
tip=$(git -C "$G" rev-parse HEAD)
check_eq "2,400 commits" "$(git -C "$G" rev-list --count HEAD)" 2400

# restore DIR WITH-CACHE: DIR/state, DIR/cache, DIR/out as after the first
# run
restore() {
	rm -rf "$1"
	mkdir -p "$1"
	cp -a "$tmp/state" "$1/state"
	if [ "$2" = yes ]; then
		cp -a "$tmp/cache" "$1/cache"
	else
		mkdir "$1/cache"
	fi
	cp "$tmp/first.out" "$1/out.json"
}

# the references
restore "$tmp/ref" yes
t0=$(ms)
dig "$tmp/ref/state" "$tmp/ref/cache" "$tmp/ref/out.json"
t_cache=$(($(ms) - t0))
check_eq "reference: exit status" "$(cat "$tmp/dig.rc")" 0
ref=$tmp/ref/out.json
check_eq "reference: 1,500 messages from the first run's tip to the new tip" \
	"$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["totals"]["messages"], d["range"]["from"], d["range"]["to"])' "$ref")" \
	"1500 $first_tip $tip"
restore "$tmp/ref2" no
t0=$(ms)
dig "$tmp/ref2/state" "$tmp/ref2/cache" "$tmp/ref2/out.json"
t_nocache=$(($(ms) - t0))
if cmp -s "$ref" "$tmp/ref2/out.json"; then
	ok "reference without the cache: the same report"
else
	not_ok "reference without the cache: another report"
fi
echo "# uninterrupted: ${t_cache} ms with the cache, ${t_nocache} ms without"
# the empty digest a run gives when the killed one had finished
restore "$tmp/ref3" yes
dig "$tmp/ref3/state" "$tmp/ref3/cache" "$tmp/ref3/out.json"
dig "$tmp/ref3/state" "$tmp/ref3/cache" "$tmp/ref3/out.json"
cp "$tmp/ref3/out.json" "$tmp/empty.json"
check_eq "after the reference, a run is empty" \
	"$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["totals"]["messages"], d["range"]["from"], d["range"]["to"])' "$tmp/empty.json")" \
	"0 $tip $tip"

killed=0
finished=0
debris=0
for i in 1 2 3 4 5 6 7 8; do
	W=$tmp/w$i
	if [ $((i % 2)) = 1 ]; then with=yes t=$t_cache; else with=no t=$t_nocache; fi
	restore "$W" $with
	delay=$((RANDOM % (t * 9 / 10 + 1)))
	XDG_STATE_HOME=$W/state "$ld" --since-last --format json \
		-o "$W/out.json" --cache-dir "$W/cache" "$B" \
		>/dev/null 2>"$W/killed.err" &
	pid=$!
	if [ $i -le 6 ]; then
		sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
		what="kill $i (cache: $with, after $delay ms of ~$t)"
	else
		# the last two: while the report is being written, i.e. as soon
		# as its temporary file exists
		while kill -0 $pid 2>/dev/null &&
		      ! compgen -G "$W/out.json.??????" >/dev/null; do
			:
		done
		what="kill $i (cache: $with, while writing FILE)"
	fi
	kill -9 $pid 2>/dev/null
	{ wait $pid; } 2>/dev/null
	st=$?
	if [ $st = 137 ]; then
		killed=$((killed + 1))
		what="$what: killed"
	elif [ $st = 0 ]; then
		finished=$((finished + 1))
		what="$what: had finished"
	else
		not_ok "$what: exit status $st"
		sed 's/^/#   stderr: /' "$W/killed.err" | head -n 5
		continue
	fi
	# FILE: the old report or the whole new one
	if cmp -s "$W/out.json" "$tmp/first.out"; then
		file=old
		ok "$what; FILE still the old report"
	elif cmp -s "$W/out.json" "$ref"; then
		file=new
		ok "$what; FILE the whole new report"
	else
		file=broken
		not_ok "$what; FILE neither the old nor the new report ($(wc -c <"$W/out.json") bytes)"
	fi
	n=$(find "$W" -maxdepth 1 -name 'out.json.??????' | wc -l)
	debris=$((debris + n))
	# the next run: the new report again unless the state had moved,
	# which it may only once the new report was out (killed between the
	# rename and the state's update: either is right); after a run that
	# finished, an empty digest
	dig "$W/state" "$W/cache" "$W/out.json"
	check_eq "$what; next run: exit status" "$(cat "$tmp/dig.rc")" 0
	if cmp -s "$W/out.json" "$ref"; then
		next=new
	elif cmp -s "$W/out.json" "$tmp/empty.json"; then
		next=empty
	else
		next=other
	fi
	case $st/$file/$next in
	137/old/new|137/new/new|137/new/empty|0/new/empty)
		ok "$what; next run: $next report, as it must be" ;;
	137/old/empty)
		not_ok "$what; the state moved though the report was not written" ;;
	*)
		not_ok "$what; next run: $next report (exit $st, FILE $file)"
		diff "$ref" "$W/out.json" | head -n 10 | sed 's/^/#   /' ;;
	esac
	dig "$W/state" "$W/cache" "$W/out.json"
	if cmp -s "$W/out.json" "$tmp/empty.json"; then
		ok "$what; then the state has moved: an empty digest"
	else
		not_ok "$what; then the state has not moved"
	fi
	rm -rf "$W"
done
echo "# $killed runs killed mid-way, $finished had finished; $debris temporary report files left behind by SIGKILL"
if [ $killed -ge 2 ]; then
	ok "$killed of 8 runs really were killed mid-way"
else
	not_ok "only $killed of 8 runs were killed mid-way: the test proved little"
fi

finish
