#!/bin/bash
# tests/hostile/hostile.sh - issue 7's hostile corpus: every broken message
# of the issue in one real public-inbox v2 inbox, and in an mbox
#
# tests/tools/hostile.py writes the cases (its header lists them) into
# $tmp/cases: real linux-hyperv messages (P = e0-09 José's patch, R = e0-10
# Dexuan's reply to it, S = e1-08 Stanislav's patch) damaged one way each.
# They are delivered in order, case NN = commit NN+1 of git/0.git:
#
#   by public-inbox-mda (mkinbox.sh), which stores them as they are but
#   for the X-Original-To and Delivered-To headers it drops (checked below):
#     00-09  pristine P and R, unclosed boundary, 1,000-deep multipart,
#            base64 and quoted-printable garbage, unknown and NUL-containing
#            charsets, 8-bit and NUL bytes in headers (mda keeps the NULs)
#     13-19  the six dates and the 50 MiB message (mda takes ~4 s on it)
#   by git plumbing (pi-special.sh add-raw), byte for byte, because mda
#   would change them:
#     10     1 MiB Subject: mda's parser (PublicInbox::Eml) cuts the header
#            block at 100 KiB
#     11     10,000 References: cut likewise
#     12     no Message-ID/From/Date/Subject: mda adds a Message-ID
#     20-22  binary blob, empty blob, body without headers: mda adds
#            List-Id and Message-ID headers (an empty blob is what
#            public-inbox-purge leaves)
#
# Expected, from the README ("Failure behaviour") and docs/json.md:
#   20 messages (16 patches, 4 replies), 1 purged (21), 2 skipped (20, 22,
#   "not a message"), 1 oversized (19, over the default 32 MiB); exit 1;
#   each skipped or oversized blob in `warnings`, on stderr and in the text
#   footer "===== Not counted =====".  Per case, the fields named below.
# Then: the same corpus as an mbox (all but the empty blob, which an mbox
# cannot hold); --max-message-size 0, 64k and 4k on the inbox; a cache
# filled under one limit and read under another; the limit's boundaries
# and spellings on a small inbox of P, R and the 50 MiB patch; peak RSS and
# wall time (GNU time) of the big runs.
# shellcheck source=../cli/lib.sh
. "$(dirname "$0")/../cli/lib.sh"

for t in jq /usr/bin/time; do
	if ! command -v $t >/dev/null 2>&1; then
		echo "SKIP: $t not installed (apt-get install jq time)"
		exit 77
	fi
done
export PYTHONPATH=$tools${PYTHONPATH:+:$PYTHONPATH}

bail() { echo "Bail out! $*"; exit 1; }

# Keep the outputs of a failing run for a maintainer (as lib.sh does).
save_outputs() {
	local f
	if [ "$failures" -gt 0 ] && [ -n "${LD_TEST_SAVE:-}" ]; then
		for f in "$tmp"/*.out "$tmp"/*.err; do
			[ -f "$f" ] && cp "$f" "$LD_TEST_SAVE/hostile.$(basename "$f")"
		done
	fi
}

C=$tmp/cases
python3 "$tools/hostile.py" "$C" --mbox "$tmp/hostile.mbox" ||
	bail "hostile.py failed"
[ "$(ls "$C" | wc -l)" -eq 23 ] || bail "hostile.py wrote $(ls "$C" | wc -l) cases"

# --- The inbox --------------------------------------------------------------

H=$tmp/h
raw() {
	local f
	for f in "$@"; do
		"$tools/pi-special.sh" add-raw "$H" "$f" || return 1
	done
}
{
	"$tools/mkinbox.sh" -q "$H" "$C"/0[0-9]-*.eml &&
	raw "$C"/1[0-2]-*.eml &&
	"$tools/mkinbox.sh" -q -A "$H" "$C"/1[3-9]-*.eml &&
	raw "$C"/2[0-2]-*.eml
} >/dev/null 2>"$tmp/build.log" || { cat "$tmp/build.log"; bail "building the inbox failed"; }
G=$H/git/0.git
[ "$(git -C "$G" rev-list --count HEAD)" -eq 23 ] ||
	bail "the inbox has $(git -C "$G" rev-list --count HEAD) commits, not 23"

# commit NN: full id of case NN's commit; size NN: its blob's size
commit() { rev "$H" 0 $((10#$1 + 1)); }
size() { git -C "$G" cat-file -s "$(commit "$1"):m"; }

# The situations really are there: every blob is its case file, but for
# the two headers mda drops from the ones it delivered.
git -C "$G" rev-list --reverse HEAD >"$tmp/commits"
python3 - "$G" "$tmp/commits" "$C" <<'EOF' || bail "the inbox does not hold the cases"
import os, re, subprocess, sys
g, commits, cases = sys.argv[1:]
names = sorted(os.listdir(cases))
for c, name in zip(open(commits).read().split(), names):
    got = subprocess.run(['git', '-C', g, 'cat-file', 'blob', c + ':m'],
                         capture_output=True, check=True).stdout
    want = open(os.path.join(cases, name), 'rb').read()
    nn = int(name[:2])
    if nn <= 9 or 13 <= nn <= 19:      # through mda
        head, sep, body = want.partition(b'\n\n')
        head = re.sub(rb'(?m)^(X-Original-To|Delivered-To): .*\n', b'', head)
        want = head + sep + body
    if got != want:
        sys.exit('%s: blob of %s differs from the case file' % (c, name))
EOF

PMID=20211208223723.18520-1-jose.exposito89@gmail.com
RMID=BYAPR21MB127035BB4732C65B02EB793EBF709@BYAPR21MB1270.namprd21.prod.outlook.com
PSUBJ='[PATCH] net: mana: Fix memory leak in mana_hwc_create_wq'
JOSE='{"name":"José Expósito","email":"jose.exposito89@gmail.com"}'
STAN='{"name":"Stanislav Kinsburskii","email":"skinsburskii@linux.microsoft.com"}'
DEFAULT_MAX=33554432

# jq helpers: s("NN") is case NN's series (by its patch's Message-ID)
JQDEFS='def s($n): first(.series[] | select(.patches[0].message_id ==
  (if $n == "00" then "'$PMID'" else "hostile-\($n)@example.org" end)))
  // "no series for case \($n)";'

# jqc NAME LABEL FILTER EXPECTED: jq -c FILTER (with JQDEFS) of run NAME's
# stdout is EXPECTED
jqc() {
	local got
	got=$(jq -c --rawfile pcm "$tmp/p.cm" "$JQDEFS $3" "$tmp/$1.out" 2>&1)
	if [ "$got" = "$4" ]; then
		ok "$1: $2"
	else
		not_ok "$1: $2: got $(echo "$got" | cut -c1-300), expected $4"
	fi
}

# timed NAME ARG...: run with GNU time; $tmp/NAME.time is "SECONDS KB"
timed() {
	local name=$1
	shift
	/usr/bin/time -f '%e %M' -o "$tmp/$name.time" \
		"$ld" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
	echo $? >"$tmp/$name.rc"
	tail -n 1 "$tmp/$name.time" >"$tmp/$name.time1"
}

# The binary under ASan (make test) needs more time and memory.
if ldd "$ld" 2>/dev/null | grep -q libasan; then
	san=1
else
	san=0
fi
# check_bounds NAME MAX_SECONDS MAX_MB [ASAN_SECONDS ASAN_MB]
check_bounds() {
	local s kb maxs=$2 maxmb=$3
	if [ "$san" = 1 ]; then
		maxs=${4:-$2}
		maxmb=${5:-$3}
	fi
	read -r s kb <"$tmp/$1.time1"
	if awk -v s="$s" -v m="$maxs" 'BEGIN { exit !(s < m) }'; then
		ok "$1: wall time ${s} s < $maxs s"
	else
		not_ok "$1: wall time ${s} s, over $maxs s"
	fi
	if [ "$((kb / 1024))" -lt "$maxmb" ]; then
		ok "$1: peak RSS $((kb / 1024)) MB < $maxmb MB"
	else
		not_ok "$1: peak RSS $((kb / 1024)) MB, over $maxmb MB"
	fi
}

# over NN LIMIT / skipped NN: the warning lines of a case, in the inbox
over() {
	echo "commit $(commit "$1"): counted from its headers alone: $(size "$1") bytes, over --max-message-size $2"
}
skipped() {
	echo "commit $(commit "$1"): skipped: not a message: no headers"
}

# check_warnings NAME FILE: run NAME's JSON warnings, its stderr (apart
# from the progress line, off with -q anyway) and, when TEXTRUN is given,
# its text footer are exactly the lines of FILE
check_warnings() {
	local name=$1 want=$2 textrun=${3:-}
	jq -r '.warnings[]' "$tmp/$name.out" >"$tmp/$name.warnings"
	if cmp -s "$want" "$tmp/$name.warnings"; then
		ok "$name: warnings are the $(wc -l <"$want") expected lines"
	else
		not_ok "$name: warnings differ"
		diff -u "$want" "$tmp/$name.warnings" | cut -c1-200 | head -n 20 | sed 's/^/#   /'
	fi
	sed 's/^/listdigest: warning: /' "$want" >"$tmp/$name.err.want"
	if cmp -s "$tmp/$name.err.want" "$tmp/$name.err"; then
		ok "$name: stderr is the warnings, one line each"
	else
		not_ok "$name: stderr differs from the warnings"
		diff -u "$tmp/$name.err.want" "$tmp/$name.err" | cut -c1-200 | head -n 20 | sed 's/^/#   /'
	fi
	if [ -n "$textrun" ]; then
		# the footer: the heading, a blank line, the lines, a blank line,
		# at the very end of the report
		{ printf '===== Not counted =====\n\n'; cat "$want"; echo; } >"$tmp/$textrun.footer.want"
		tail -n "$(($(wc -l <"$want") + 3))" "$tmp/$textrun.out" >"$tmp/$textrun.footer"
		if cmp -s "$tmp/$textrun.footer.want" "$tmp/$textrun.footer"; then
			ok "$textrun: the text ends with the Not counted footer of the warnings"
		else
			not_ok "$textrun: the Not counted footer differs"
			diff -u "$tmp/$textrun.footer.want" "$tmp/$textrun.footer" | cut -c1-200 | head -n 20 | sed 's/^/#   /'
		fi
	fi
}

# --- The inbox, default limit -------------------------------------------

: >"$tmp/p.cm"     # P's commit message, for jqc's $pcm (filled below)

timed d -j 2 --no-cache --format json "$H"
check_rc d 1
check_bounds d 15 250 150 900
check_json_str d "$H" '{
  "totals": {"messages": 20, "patches": 16, "cover_letters": 0,
             "replies": 4, "other": 0, "pull_requests": 0, "series": 16,
             "unreadable": 0, "purged": 1, "duplicates": 0, "removed": 0,
             "skipped": 2, "oversized": 1, "authors": 2}
}'
{ over 19 $DEFAULT_MAX; skipped 20; skipped 22; } >"$tmp/d.want"
run dt --no-cache "$H"
check_rc dt 1
check_warnings d "$tmp/d.want" dt
check_clean d
check_clean dt

# 00 + 01, 04, 11, 12: the patch and the four replies that answer it (04's
# text is base64 garbage; 11 only through its 10,000 References; 12 has no
# Message-ID, From, Date or Subject: its review has message_id "" and its
# sender is empty); only P's thread has replies.
jqc d "00: P is a patch with its date and author" \
	's("00") | [.subject, .date, .author, .sender == .author]' \
	"[\"$PSUBJ\",\"2021-12-08T22:37:23Z\",$JOSE,true]"
jqc d "00: P has the four replies (01 04 11 12)" 's("00").replies' 4
jqc d "00: reviews from 01, 11 (10,000 References), 12 (no headers): not 04 (garbage)" \
	'[s("00").reviews[] | [.trailer, .email, .message_id, .patch_number]]' \
	"[[\"Reviewed-by\",\"decui@microsoft.com\",\"$RMID\",1],[\"Reviewed-by\",\"decui@microsoft.com\",\"hostile-11@example.org\",1],[\"Reviewed-by\",\"decui@microsoft.com\",\"\",1]]"
jqc d "00: participants Dexuan Cui and 12's empty sender" \
	's("00").participants' \
	'[{"name":"Dexuan Cui","email":"decui@microsoft.com"},{"name":"","email":""}]'
jqc d "one thread with replies: P's, 4 replies, 5 messages" \
	'[.busiest_threads[] | [.message_id, .replies, .messages]]' "[[\"$PMID\",4,5]]"
jqc d "Dexuan Cui sent 3 messages (01 04 11)" \
	'[.top_participants[] | select(.email == "decui@microsoft.com") | .count]' '[3]'
jqc d "first response: P's only, after 6920 s" \
	'.first_response | [.median_seconds, .answered, .unanswered]' '[6920,1,15]'
jq -j "$JQDEFS"' s("00").commit_messages[0].text' "$tmp/d.out" >"$tmp/p.cm"
if head -n 1 "$tmp/p.cm" | grep -qx 'If allocating the DMA buffer fails, mana_hwc_destroy_wq was called' &&
   tail -n 1 "$tmp/p.cm" | grep -qx ' 1 file changed, 5 insertions(+), 5 deletions(-)'; then
	ok "d: 00: P's commit message, up to its diffstat"
else
	not_ok "d: 00: P's commit message is not what e0-09 says"
fi

# 02, 03, 06, 07: broken MIME and charsets around P's text: the same patch,
# the same commit message
for n in 02 03 06 07; do
	jqc d "$n: a patch by José with P's commit message" \
		"s(\"$n\") | [.author, .patches[0].number, .commit_messages[0].text == \$pcm]" \
		"[$JOSE,1,true]"
done
# 05: quoted-printable garbage: still a patch, its text kept as written
jqc d "05: a patch whose commit message keeps the broken escapes, up to the diffstat" \
	's("05") | [.author, (.commit_messages[0].text | contains("Broken escapes: =ZZ =4")),
	  (.commit_messages[0].text | endswith(" 1 file changed, 5 insertions(+), 5 deletions(-)"))]' \
	"[$JOSE,true,true]"
# 08: raw Latin-1 From name, raw UTF-8 Subject
jqc d "08: 8-bit headers decoded: author José Expósito, the em dash" \
	's("08") | [.subject, .author, .sender]' \
	"[\"$PSUBJ — 8-bit (hostile 08)\",$JOSE,$JOSE]"
# 09: NULs in Subject, From name, an X- header and the body: U+FFFD each
# (README: control characters become U+FFFD), the author kept
jqc d "09: NUL headers: the author is still José's address" \
	's("09").author.email' '"jose.exposito89@gmail.com"'
jqc d "09: NUL headers: name and subject with U+FFFD for the NUL" \
	's("09") | [.author.name, .subject]' \
	"[\"José� Expósito\",\"$PSUBJ� (hostile 09)\"]"
jqc d "09: the NUL in the body is U+FFFD" \
	's("09").commit_messages[0].text | contains("fails,�mana_hwc_destroy_wq")' true
jqc d "top contributors: José 15 (09 included), Stanislav 1" '.top_contributors' \
	"[{\"name\":\"José Expósito\",\"email\":\"jose.exposito89@gmail.com\",\"count\":15},{\"name\":\"Stanislav Kinsburskii\",\"email\":\"skinsburskii@linux.microsoft.com\",\"count\":1}]"
# 10: the 1 MiB Subject, unfolded, whole
python3 - "$C/10-1mb-header.eml" >"$tmp/subject10" <<'EOF'
import re, sys
head = open(sys.argv[1], 'rb').read().split(b'\n\n', 1)[0]
m = re.search(rb'^Subject: (.*?)\n(?![ \t])', head, re.S | re.M)
sys.stdout.write(re.sub(rb'\s+', b' ', m.group(1)).decode())
EOF
jq -j "$JQDEFS"' s("10").subject' "$tmp/d.out" >"$tmp/d.subject10"
if [ "$(wc -c <"$tmp/subject10")" -gt 1048576 ] && cmp -s "$tmp/subject10" "$tmp/d.subject10"; then
	ok "d: 10: the 1 MiB subject, whole ($(wc -c <"$tmp/subject10") bytes)"
else
	not_ok "d: 10: the subject is not the 1 MiB Subject header ($(wc -c <"$tmp/d.subject10") bytes)"
fi
jqc d "10: a patch by José" 's("10") | [.author, .patches[0].number]' "[$JOSE,1]"
# 13-18: dates: unknown (null) before 1970, at 0, beyond 9999, nonsense;
# 9999-12-31T23:59:59Z is still a date
jqc d "13-18: dates null, null, null, null, null, 9999-12-31T23:59:59Z" \
	'[s("13","14","15","16","17","18") | .date]' \
	'[null,null,null,null,null,"9999-12-31T23:59:59Z"]'
jqc d "13-17: no first response time without a date" \
	'[s("13","14","15","16","17") | .first_response_seconds]' '[null,null,null,null,null]'
jqc d "per_day: the dated messages only, no wrapped or empty day" '.per_day' \
	'[{"date":"2021-12-08","messages":9},{"date":"2021-12-09","messages":3},{"date":"2025-12-09","messages":1},{"date":"9999-12-31","messages":1}]'
jqc d "unanswered series 13-17 undated, 18 dated 9999" \
	'[.unanswered_series[] | select(.message_id | test("hostile-1[3-8]")) | .date]' \
	'[null,null,null,null,null,"9999-12-31T23:59:59Z"]'
# 19: 50 MiB, over the default limit: a patch from its headers alone
jqc d "19: the 50 MiB patch counts from its headers: Stanislav's, dated, no commit message or trailers" \
	's("19") | [.author, .date, .patches[0].number, [.commit_messages[].text | select(. != "")], .patch_trailers]' \
	"[$STAN,\"2025-12-09T16:37:20Z\",1,[],[]]"

# The text report says the same
check_line dt 'Messages: 20 (16 patches, 0 cover letters, 4 replies, 0 pull requests, 0 other)' 1
check_grep dt '^\[v1, 1 patch\] ' 16
# 15 patches by José; 09's name carries U+FFFD for its NUL.
check_line dt 'Author: José Expósito <jose.exposito89@gmail.com>' 14
check_line dt 'Author: José� Expósito <jose.exposito89@gmail.com>' 1
check_line dt 'Author: Stanislav Kinsburskii <skinsburskii@linux.microsoft.com>' 1
{ printf '[v1, 1 patch] '; sed 's/^\[PATCH\] //' "$tmp/subject10"; printf ' | José Expósito | new |\n'; } >"$tmp/title10"
if grep -qF -f "$tmp/title10" "$tmp/dt.out"; then
	ok "dt: 10: the 1 MiB title whole in the patch list"
else
	not_ok "dt: 10: the 1 MiB title is not whole in the patch list"
fi
check_grep dt '(hostile 1[3-7]) | José Expósito | unknown date$' 5
check_line dt "  $PSUBJ (hostile 18) | José Expósito | 9999-12-31" 1
# Messages per month (the range spans 8,000 years): 2021-12, 2025-12 and
# 9999-12 only, nothing wrapped around to year 0
awk '/^Messages per (month|day)$/ { on = 1; next }
     on && /^  [0-9]/ { print $1, $2; seen = 1; next }
     on && seen { exit }' "$tmp/dt.out" >"$tmp/dt.months"
if [ "$(tr '\n' ';' <"$tmp/dt.months")" = "2021-12 12;2025-12 1;9999-12 1;" ]; then
	ok "dt: messages per month 2021-12 12, 2025-12 1, 9999-12 1"
else
	not_ok "dt: messages per month: $(tr '\n' ';' <"$tmp/dt.months"), expected 2021-12 12;2025-12 1;9999-12 1;"
fi
# busiest thread: P's, its participants all named (12's sender is unknown)
check_line dt "      4 $PSUBJ" 1
line=$(grep -A1 -xF "      4 $PSUBJ" "$tmp/dt.out" | tail -n 1)
if [[ $line =~ ^\ +participants:\ (.*[^\ ,])$ ]] &&
   ! [[ $line =~ (,\ ,|,\ and\ |\ and\ and\ |:\ ,|\ and$) ]]; then
	ok "dt: busiest thread's participants all have a name: $line"
else
	not_ok "dt: busiest thread's participants line has an empty name: '$line'"
fi

# --- The same corpus as an mbox -----------------------------------------
# Everything but 21 (empty): an mbox cannot hold an empty message.  Items
# are named by the git blob id of their bytes; mbox needs whole lines, so
# the binary blob (20) gains a final newline.
M=$tmp/hostile.mbox
timed m -j 2 --no-cache --format json "$M"
check_rc m 1
# an mbox is read whole into memory (README), so its 54 MB count once
check_bounds m 15 300 150 900
check_json_str m "$H" '{
  "range": {"from": null, "to": null},
  "totals": {"messages": 20, "patches": 16, "replies": 4, "series": 16,
             "purged": 0, "skipped": 2, "oversized": 1, "duplicates": 0}
}'
{
	echo "commit $(git hash-object "$C"/19-*.eml): counted from its headers alone: $(wc -c <"$C"/19-50mb.eml) bytes, over --max-message-size $DEFAULT_MAX"
	echo "commit $({ cat "$C"/20-binary.eml; echo; } | git hash-object --stdin): skipped: not a message: no headers"
	echo "commit $(git hash-object "$C"/22-*.eml): skipped: not a message: no headers"
} >"$tmp/m.want"
run mt --no-cache "$M"
check_rc mt 1
check_warnings m "$tmp/m.want" mt
check_clean mt
jq -S 'del(.range, .warnings, .totals.purged)' "$tmp/d.out" >"$tmp/d.cmp"
jq -S 'del(.range, .warnings, .totals.purged)' "$tmp/m.out" >"$tmp/m.cmp"
if cmp -s "$tmp/d.cmp" "$tmp/m.cmp"; then
	ok "m: the same digest as the inbox's (but range, warnings, purged)"
else
	not_ok "m: the digest differs from the inbox's"
	diff -u "$tmp/d.cmp" "$tmp/m.cmp" | cut -c1-200 | head -n 20 | sed 's/^/#   /'
fi
check_line mt 'LINUX-HYPERV mailing list update from 2021-12-08 to 9999-12-31' 1

# --- --max-message-size 0: the 50 MiB patch read whole -------------------

timed full -j 2 --no-cache --format json --max-message-size 0 "$H"
check_rc full 1
check_bounds full 20 450 150 1000
{ skipped 20; skipped 22; } >"$tmp/full.want"
check_warnings full "$tmp/full.want"
jqc full "totals: nothing oversized" '.totals | [.messages, .patches, .replies, .skipped, .oversized]' '[20,16,4,2,0]'
stat19=$(grep -a -m1 '^ 2 files changed, ' "$C/19-50mb.eml")
jqc full "19: read whole: its commit message up to the 50 MiB diff's diffstat" \
	's("19").commit_messages[0].text | [startswith("Fix page order determination logic when CONFIG_PGTABLE_HAS_HUGE_LEAVES\n"), endswith("\n'"$stat19"'")]' \
	'[true,true]'
jq -S "$JQDEFS"' del(.warnings, .totals.oversized) | .series |= map(select(.patches[0].message_id != "hostile-19@example.org"))' "$tmp/d.out" >"$tmp/d.cmp19"
jq -S "$JQDEFS"' del(.warnings, .totals.oversized) | .series |= map(select(.patches[0].message_id != "hostile-19@example.org"))' "$tmp/full.out" >"$tmp/full.cmp19"
if cmp -s "$tmp/d.cmp19" "$tmp/full.cmp19"; then
	ok "full: the rest of the digest as with the default limit"
else
	not_ok "full: the limit changed more than case 19"
	diff -u "$tmp/d.cmp19" "$tmp/full.cmp19" | cut -c1-200 | head -n 20 | sed 's/^/#   /'
fi

# --- --max-message-size 64k: the big hostile ones by their headers -------
# Over 65536 bytes: 03 (nested), 10 (1 MiB Subject), 11 (10,000
# References), 19; 20 (binary, 65544 bytes) is still not a message.
run k64 --no-cache --format json --max-message-size 64k "$H"
check_rc k64 1
{ over 03 65536; over 10 65536; over 11 65536; over 19 65536; skipped 20; skipped 22; } >"$tmp/k64.want"
check_warnings k64 "$tmp/k64.want"
jqc k64 "totals: 20 messages, 4 oversized" \
	'.totals | [.messages, .patches, .replies, .skipped, .oversized, .purged]' '[20,16,4,2,4,1]'
jqc k64 "03: still a patch by José, without commit message" \
	's("03") | [.author, [.commit_messages[].text | select(. != "")]]' "[$JOSE,[]]"
# (its Date and Message-Id come after the Subject: cut off too)
jq -j '.series[] | select(.subject | startswith("'"$PSUBJ"' w0000000 ")) | .subject' "$tmp/k64.out" >"$tmp/k64.subject10"
n=$(wc -c <"$tmp/k64.subject10")
if [ "$n" -gt 60000 ] && [ "$n" -lt 65536 ] &&
   cmp -s "$tmp/k64.subject10" <(head -c "$n" "$tmp/subject10"); then
	ok "k64: 10: its subject cut with the header block ($n bytes), a prefix of the whole"
else
	not_ok "k64: 10: subject of $n bytes is not a prefix of the 1 MiB one cut near 64 KiB"
fi
jqc k64 "10: a patch by José; its Message-Id and Date were after the cut" \
	'[.series[] | select(.subject | startswith("'"$PSUBJ"' w0000000 ")) | [.author, .patches[0].message_id, .date]]' \
	"[[$JOSE,\"\",null]]"
jqc k64 "11: cut at 64k, still in P's thread (P is its first Reference); its review unread" \
	'[s("00").replies, [s("00").reviews[].message_id], [.busiest_threads[] | [.message_id, .replies]]]' \
	"[4,[\"$RMID\",\"\"],[[\"$PMID\",4]]]"

# --- --max-message-size 4k: every message over it ------------------------
# All 20 messages are over 4096 bytes: each counts from its headers, cut
# at 4096.  The replies' In-Reply-To and References lie beyond the cut
# (R's header block is 9.7 KB), so 01, 04 and 11 are replies by their
# "RE:" alone and P is answered by nothing; 12 (no Subject) has its
# In-Reply-To just before the cut, which lands inside a field name
# ("Content-Lang"): still a message, a reply.
run k4 --no-cache --format json --max-message-size 4k "$H"
check_rc k4 1
{ for n in 00 01 02 03 04 05 06 07 08 09 10 11 12 13 14 15 16 17 18 19; do over $n 4096; done
  skipped 20; skipped 22; } >"$tmp/k4.want"
check_warnings k4 "$tmp/k4.want"
jqc k4 "totals: 20 messages, all oversized" \
	'.totals | [.messages, .patches, .replies, .other, .skipped, .oversized]' '[20,16,4,0,2,20]'
# Of the four replies only 12, whose whole header block is short, keeps
# its threading headers within the first 4 KiB; the others' In-Reply-To
# and References lie past the cut (lore's headers run long).
jqc k4 "00: P (5 KB) from its headers: a patch by José, dated, no commit message, 12 its one reply" \
	's("00") | [.author, .date, [.commit_messages[].text | select(. != "")], .replies, .reviews]' \
	"[$JOSE,\"2021-12-08T22:37:23Z\",[],1,[]]"

# --- A cache filled under one limit, read under another ------------------
# README: the cache records the limit; a run under another one reads again
# what the change concerns, never differing from --no-cache.
CD=$tmp/cache
run c-d --cache-dir "$CD" --format json "$H"
check_same d c-d
run c-64k --cache-dir "$CD" --format json --max-message-size 64k "$H"
check_same k64 c-64k
run c-0 --cache-dir "$CD" --format json --max-message-size 0 "$H"
check_same full c-0
run c-d2 --cache-dir "$CD" --format json "$H"
check_same d c-d2

# --- The limit itself, on P, R and the 50 MiB patch ----------------------

L=$tmp/l
"$tools/mkinbox.sh" -q "$L" "$C"/00-*.eml "$C"/01-*.eml "$C"/19-*.eml \
	>/dev/null 2>"$tmp/build-l.log" || { cat "$tmp/build-l.log"; bail "building the small inbox failed"; }
big=$(git -C "$L/git/0.git" cat-file -s HEAD:m)
bigc=$(git -C "$L/git/0.git" rev-parse HEAD)
[ "$big" -gt $((50 << 20)) ] || bail "the big message has $big bytes"

timed l-d -j 2 --no-cache --format json "$L"
check_rc l-d 1
# the blob is inflated whole (libgit2), but never parsed
check_bounds l-d 10 150 60 250
echo "commit $bigc: counted from its headers alone: $big bytes, over --max-message-size $DEFAULT_MAX" >"$tmp/l-d.want"
check_warnings l-d "$tmp/l-d.want"
jqc l-d "totals" '.totals | [.messages, .patches, .replies, .oversized]' '[3,2,1,1]'
timed l-0 -j 2 --no-cache --format json --max-message-size 0 "$L"
check_rc l-0 0
check_bounds l-0 10 400 60 600
jqc l-0 "nothing oversized, no warning" '[.totals.oversized, .warnings]' '[0,[]]'

# spellings of the default, of "no limit" and of more than 50 MiB
for v in 32M 32m 33554432 32768k 32768K; do
	run "l-$v" --no-cache --format json --max-message-size "$v" "$L"
	check_same l-d "l-$v"
done
for v in 64M 1g 1G 1048576k 1024m "$big" 51M 00; do
	run "l-$v" --no-cache --format json --max-message-size "$v" "$L"
	check_same l-0 "l-$v"
done
# larger than SIZE: SIZE = its size is not over, one byte less is; 50M is
# 5,000 bytes short
for v in $((big - 1)) 50M 50m 51200k; do
	run "l-$v" --no-cache --format json --max-message-size "$v" "$L"
	check_rc "l-$v" 1
	n=$(numfmt --from=iec "$(echo "$v" | tr 'mk' 'MK')")
	echo "commit $bigc: counted from its headers alone: $big bytes, over --max-message-size $n" >"$tmp/l-$v.want"
	check_warnings "l-$v" "$tmp/l-$v.want"
done
# a normal patch over a small limit (R's threading headers are beyond
# the cut: a reply by its "RE:", answering nothing)
run l-4k --no-cache --format json --max-message-size 4k "$L"
check_rc l-4k 1
jqc l-4k "P over 4k: still a patch, no commit message; R a reply without review" \
	'[.totals.messages, .totals.patches, .totals.replies, .totals.oversized,
	  (s("00") | [.author, [.commit_messages[].text | select(. != "")], .replies, .reviews])]' \
	"[3,2,1,3,[$JOSE,[],0,[]]]"
# bad values: one line, exit 2
for v in 12x -1 '' 1.5M 1T k 64kb ' 64k' 0x10 99999999999999999999 17179869184G; do
	run "bad-$v" --no-cache --format json --max-message-size "$v" "$L"
	check_usage_error "bad-$v"
done

save_outputs
finish
