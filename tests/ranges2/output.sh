#!/bin/bash
# tests/ranges2/output.sh - -o FILE: the whole report or nothing
#
# On epoch 0 of the main corpus (19 messages; reports of 10+ KiB):
#   - -o FILE holds exactly what stdout would have (text and JSON), prints
#     nothing on stdout, replaces a longer old FILE entirely, and is made
#     like `> FILE` would make it (mode 0666 & ~umask);
#   - failures: FILE a directory (the rename fails), a missing directory,
#     a file-size limit (ulimit -f) with SIGXFSZ ignored (write fails) and
#     with it fatal (killed mid-write): a non-zero exit, an old FILE left as
#     it was, no temporary file left behind (but after the SIGKILL-like
#     death), and the --since-last state not moved;
#   - then a good run moves the state, and FILE is the whole report.
. "$(dirname "$0")/lib2.sh"

export TZ=UTC
I=$tmp/e0
"$tools/mkinbox.sh" -q "$I" "$corp"/e0-*.eml ||
	{ echo "Bail out! mkinbox.sh failed"; exit 1; }
O=$tmp/o
mkdir -p "$O"

# --- the report in FILE is the report on stdout
run plain --no-cache "$I"
check_rc plain 0
run to-file --no-cache -o "$O/r.txt" "$I"
check_rc to-file 0
check_eq "to-file: nothing on stdout" "$(wc -c <"$tmp/to-file.out")" 0
if [ -s "$tmp/plain.out" ] && cmp -s "$tmp/plain.out" "$O/r.txt"; then
	ok "to-file: FILE holds the whole text report ($(wc -c <"$O/r.txt") bytes)"
else
	not_ok "to-file: FILE differs from the report on stdout"
fi
run plain-json --no-cache --format json "$I"
run to-file-json --no-cache --format json --output "$O/r.json" "$I"
check_rc to-file-json 0
if [ -s "$tmp/plain-json.out" ] && cmp -s "$tmp/plain-json.out" "$O/r.json"; then
	ok "to-file-json: FILE holds the whole JSON report"
else
	not_ok "to-file-json: FILE differs from the report on stdout"
fi
# a longer old FILE is replaced, not overwritten in place
head -c 200000 /dev/zero | tr '\0' x >"$O/old.txt"
run over-old --no-cache -o "$O/old.txt" "$I"
check_rc over-old 0
if cmp -s "$tmp/plain.out" "$O/old.txt"; then
	ok "over-old: a longer old FILE was replaced by the report"
else
	not_ok "over-old: FILE is not the report ($(wc -c <"$O/old.txt") bytes)"
fi
check_no_debris "$O" old.txt
# made as `> FILE` would make it
(umask 022 && "$ld" --no-cache -o "$O/mode.txt" "$I" >/dev/null 2>&1)
(umask 022 && : >"$O/shell.txt")
check_eq "FILE's mode under umask 022 (as > FILE makes it)" \
	"$(stat -c %a "$O/mode.txt")" "$(stat -c %a "$O/shell.txt")"

# --- failures: a state to keep first
run first --since-last --no-cache --format json "$I"
check_rc first 0
check_eq "first: the whole epoch" "$(jval first 'd["totals"]["messages"]')" 19
# five more messages, so that a run that succeeded would move the state;
# their JSON report is well above the 4 KiB limit used below
"$tools/mkinbox.sh" -q -A "$I" "$corp"/e1-0[1-5]-*.eml ||
	{ echo "Bail out! mkinbox.sh -A failed"; exit 1; }
run size --no-cache --format json "$I" "$(rev "$I" 0 19).."
size=$(wc -c <"$tmp/size.out")
[ "$size" -gt 8192 ] || { echo "Bail out! the report is only $size bytes"; exit 1; }
before=$(state_dump)
echo "old report" >"$O/keep.txt"

# fail NAME: a failed run: non-zero exit, a message, old FILE kept, no
# temporary file, state unchanged
fail() {
	local rc
	rc=$(cat "$tmp/$1.rc")
	if [ "$rc" != 0 ]; then
		ok "$1: exit status $rc"
	else
		not_ok "$1: exit status 0"
	fi
	if [ -s "$tmp/$1.err" ]; then
		ok "$1: says why: $(head -n 1 "$tmp/$1.err")"
	else
		not_ok "$1: nothing on stderr"
	fi
	check_state_same "$1" "$before"
}

# FILE is a directory: the rename fails
mkdir "$O/adir"
run to-dir --since-last --no-cache -o "$O/adir" "$I"
fail to-dir
if [ -d "$O/adir" ] && [ -z "$(ls -A "$O/adir")" ]; then
	ok "to-dir: the directory is as it was"
else
	not_ok "to-dir: the directory changed"
fi
check_no_debris "$O" adir
# a directory that does not exist
run no-dir --since-last --no-cache -o "$O/missing/r.txt" "$I"
fail no-dir
if [ ! -e "$O/missing" ]; then
	ok "no-dir: nothing created"
else
	not_ok "no-dir: $O/missing was created"
fi
# a file-size limit of 4 KiB, SIGXFSZ ignored: the write fails with EFBIG
(trap '' XFSZ; ulimit -f 4; exec "$ld" --since-last --no-cache --format json \
	-o "$O/keep.txt" "$I" >"$tmp/efbig.out" 2>"$tmp/efbig.err"); echo $? >"$tmp/efbig.rc"
fail efbig
check_eq "efbig: old FILE kept" "$(cat "$O/keep.txt")" "old report"
check_no_debris "$O" keep.txt
# the same limit with SIGXFSZ fatal: killed in the middle of the write
{ (ulimit -f 4; exec "$ld" --since-last --no-cache --format json \
	-o "$O/keep.txt" "$I" >"$tmp/xfsz.out" 2>"$tmp/xfsz.err"); } 2>/dev/null
rc=$?
if [ $rc -gt 128 ]; then
	ok "xfsz: killed by signal $((rc - 128))"
else
	not_ok "xfsz: exit status $rc, expected death by SIGXFSZ"
fi
check_eq "xfsz: old FILE kept" "$(cat "$O/keep.txt")" "old report"
check_state_same xfsz "$before"
n=$(find "$O" -maxdepth 1 -name 'keep.txt.??????' | wc -l)
echo "# xfsz: $n partial temporary file(s) left by the killed run (removed)"
find "$O" -maxdepth 1 -name 'keep.txt.??????' -delete
# the size limit also on stdout (no -o)
(trap '' XFSZ; ulimit -f 4; exec "$ld" --since-last --no-cache --format json "$I" \
	>"$O/stdout.txt" 2>"$tmp/stdout-efbig.err"); echo $? >"$tmp/stdout-efbig.rc"
: >"$tmp/stdout-efbig.out"
fail stdout-efbig

# --- a good run now: the state moves, FILE is the whole report
run good --since-last --no-cache --format json -o "$O/keep.txt" "$I"
check_rc good 0
if cmp -s "$O/keep.txt" "$tmp/size.out"; then
	ok "good: FILE is the report of $(rev "$I" 0 19 | cut -c1-9).."
else
	not_ok "good: FILE differs from the report of $(rev "$I" 0 19 | cut -c1-9).."
fi
if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(d["totals"]["messages"] != 5)' "$O/keep.txt"; then
	ok "good: FILE holds the report of the five new messages"
else
	not_ok "good: FILE is not the report of the five new messages"
fi
if [ "$(state_dump)" != "$before" ]; then
	ok "good: the state moved"
else
	not_ok "good: the state did not move"
fi
check_no_debris "$O" keep.txt

# --- the same with an mbox, whose state is a Date (once mbox is read)
mboxify() {
	python3 - "$@" <<'PY'
import re, sys
with open(sys.argv[1], 'ab') as out:
    for path in sys.argv[2:]:
        data = open(path, 'rb').read()
        if not data.endswith(b'\n'):
            data += b'\n'
        out.write(b'From mboxrd@z Thu Jan  1 00:00:00 1970\n')
        out.write(re.sub(rb'(?m)^(>*From )', rb'>\1', data) + b'\n')
PY
}
mboxify "$tmp/l.mbox" "$corp"/e0-*.eml
run mbox-first --since-last --format json -o "$O/m.json" "$tmp/l.mbox"
if grep -q 'not supported' "$tmp/mbox-first.err"; then
	ok "mbox # SKIP listdigest does not read mbox yet"
else
	check_rc mbox-first 0
	mboxify "$tmp/l.mbox" "$corp"/e1-0[1-5]-*.eml
	before=$(state_dump)
	run mbox-to-dir --since-last --format json -o "$O/adir" "$tmp/l.mbox"
	fail mbox-to-dir
	check_no_debris "$O" adir
	run mbox-good --since-last --format json -o "$O/m.json" "$tmp/l.mbox"
	check_rc mbox-good 0
	check_eq "mbox-good: FILE holds the five new messages" \
		"$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["totals"]["messages"])' "$O/m.json")" 5
fi

finish
