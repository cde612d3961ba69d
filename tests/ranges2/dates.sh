#!/bin/bash
# tests/ranges2/dates.sh - --since and --until by the messages' Date headers
#
# On the main corpus (tests/corpora/e2e: e0-* in git/0.git, e1-* in
# git/1.git, 30 messages dated 2019-11-01 .. 2026-07-15), every accepted
# date shape, in TZ=UTC, Europe/Berlin and America/Los_Angeles: what is
# selected (totals.messages), range.since/until in the JSON and the first
# line of the text report.  The expectations come from msgs.py, which reads
# the Date headers itself (SINCE/UNTIL below are in its notation: day:,
# dayend:, at:, ago:, today, yesterday[-end]).  Then relative dates ("N
# hours ago", yesterday, today) on a small inbox whose messages are dated
# relative to the current time, dates combined with a commit range, dates
# listdigest must refuse (exit 2, one line on stderr) and the edges of the
# calendar.  mbox and Maildir sources: only once listdigest reads them.
. "$(dirname "$0")/lib2.sh"

main_inbox "$tmp/main"
I=$tmp/main
all=("$corp"/e0-*.eml "$corp"/e1-*.eml)
ALL=$(filelist all "${all[@]}")
tip=$(rev "$I" 1 11 | cut -c1-9)
head_line="LINUX-HYPERV mailing list update from (start) to $tip"

# dcase NAME ZONE 'LISTDIGEST OPTIONS' SINCE UNTIL: a JSON and a text run of
# the whole archive, checked by batch_check against msgs.py's SINCE/UNTIL
# ("-": none)
dcase() {
	local name=$1 zone=$2 opts=$3
	eval "TZ=$zone run $name-json --no-cache --format json $opts \"\$I\""
	check_rc "$name-json" 0
	eval "TZ=$zone run $name --no-cache $opts \"\$I\""
	queue "$name" "$zone" 0 "$4" "$5" "$ALL" full "$head_line" '{}'
}

# --- calendar days: --since inclusive, a bare --until day through its end
dcase y2022-utc UTC "--since 2022-01-01 --until 2022-12-31" \
	day:2022-01-01 dayend:2022-12-31
# the same words in Berlin are other instants; the first line still names
# the days typed
dcase y2022-berlin Europe/Berlin "--since 2022-01-01 --until 2022-12-31" \
	day:2022-01-01 dayend:2022-12-31
# e1-10 is 2026-07-15 05:52Z = 07-14 22:52 in Los Angeles: the local day
# decides
dcase until-day-utc UTC "--until 2026-07-14" - dayend:2026-07-14
dcase until-day-la America/Los_Angeles "--until 2026-07-14" - dayend:2026-07-14
dcase since-day-utc UTC "--since 2026-07-15" day:2026-07-15 -
dcase since-day-la America/Los_Angeles "--since 2026-07-15" day:2026-07-15 -
# since = until = one day: the whole local day (e0-09 is 12-08 22:37Z,
# e0-10 12-09 00:32Z)
dcase one-day-la America/Los_Angeles "--since 2021-12-08 --until 2021-12-08" \
	day:2021-12-08 dayend:2021-12-08
dcase one-day-utc UTC "--since 2021-12-08 --until 2021-12-08" \
	day:2021-12-08 dayend:2021-12-08
# a time of day is that instant, not the end of a day
dcase until-midnight UTC "--until '2026-07-15 00:00'" \
	- at:2026-07-15T00:00:00+00:00
# local time without a zone, in winter (CET) and in summer (CEST)
dcase berlin-winter Europe/Berlin "--since '2022-02-09 13:23:02'" \
	at:2022-02-09T13:23:02 -
dcase berlin-summer Europe/Berlin "--until '2025-06-20 17:39:14'" \
	- at:2025-06-20T17:39:14

# --- one exact second: e0-13 is dated Wed, 26 Jan 2022 11:10:52 -0500; every
# spelling of that instant includes it as --since and excludes it as --until
n=0
for spelling in "2022-01-26 11:10:52 -0500" "2022-01-26 11:10:52 -05:00" \
		"2022-01-26 16:10:52 UTC" "2022-01-26 16:10:52 Z" \
		"2022-01-26T16:10:52Z" "2022-01-26T11:10:52-05:00" \
		"2022-01-26 16:10:52 +0000"; do
	n=$((n + 1))
	zone=Europe/Berlin
	[ $((n % 2)) = 0 ] && zone=America/Los_Angeles
	dcase "exact-since-$n" $zone "--since '$spelling'" \
		at:2022-01-26T16:10:52+00:00 -
	dcase "exact-until-$n" $zone "--until '$spelling'" \
		- at:2022-01-26T16:10:52+00:00
done
# the same instant in local time (CET, +01:00); one second later
dcase exact-local Europe/Berlin "--since '2022-01-26 17:10:52'" \
	at:2022-01-26T16:10:52+00:00 -
dcase exact-plus1 UTC "--since '2022-01-26 16:10:53'" \
	at:2022-01-26T16:10:53+00:00 -
dcase exact-until-plus1 UTC "--until '2022-01-26 16:10:53'" \
	- at:2022-01-26T16:10:53+00:00
# these cases really sit on a message
c1=$(python3 "$msgs" --since at:2022-01-26T16:10:52+00:00 --show count "${all[@]}")
c2=$(python3 "$msgs" --since at:2022-01-26T16:10:53+00:00 --show count "${all[@]}")
check_eq "the exact-second cases differ by e0-13" "$((c1 - c2))" 1

# --- with a commit range: both must hold.  After e0-04 up to e1-05:
r=$(rev "$I" 0 4)..$(rev "$I" 1 5)
inrange=()
for f in "${all[@]}"; do
	case $(basename "$f") in
	e0-0[1-4]-*|e1-0[6-9]-*|e1-1*) ;;
	*) inrange+=("$f") ;;
	esac
done
check_eq "commit range $r holds 20 messages" "${#inrange[@]}" 20
INRANGE=$(filelist inrange "${inrange[@]}")
range_extra="{\"range\": {\"from\": \"$(rev "$I" 0 4)\", \"to\": \"$(rev "$I" 1 5)\"}}"
range_line="LINUX-HYPERV mailing list update from $(rev "$I" 0 4 | cut -c1-9) to $(rev "$I" 1 5 | cut -c1-9)"
# rcase NAME ZONE 'OPTIONS' SINCE UNTIL
rcase() {
	local name=$1 zone=$2 opts=$3
	eval "TZ=$zone run $name-json --no-cache --format json $opts \"\$I\" \"\$r\""
	check_rc "$name-json" 0
	eval "TZ=$zone run $name --no-cache $opts \"\$I\" \"\$r\""
	queue "$name" "$zone" 0 "$4" "$5" "$INRANGE" full "$range_line" \
		"$range_extra"
}
rcase range-since UTC "--since 2022-01-01" day:2022-01-01 -
rcase range-until UTC "--until 2022-02-01" - dayend:2022-02-01
rcase range-both Europe/Berlin "--since 2022-01-01 --until 2022-01-31" \
	day:2022-01-01 dayend:2022-01-31
# a date window outside the commit range: nothing, though the archive has
# messages of those dates
rcase range-disjoint UTC "--since 2025-01-01" day:2025-01-01 -
check_eq "range-disjoint: nothing in the range" \
	"$(python3 "$msgs" --since day:2025-01-01 --show count "${inrange[@]}") $(python3 "$msgs" --since day:2025-01-01 --show count "${all[@]}")" "0 6"
# one epoch as SOURCE, with a date
TZ=UTC run e0-since-json --no-cache --format json --since 2021-12-09 "$I/git/0.git"
check_rc e0-since-json 0
queue e0-since UTC 0 day:2021-12-09 - "$(filelist e0 "$corp"/e0-*.eml)" \
	exact "" '{}'

# --- relative dates, on an inbox of messages dated 40 minutes, 5 hours, 30
# hours, 4 days, 20 days and 400 days before now
now=$(date +%s)
mkdir -p "$tmp/recent-msgs"
python3 - "$now" "$tmp/recent-msgs" "$corp"/e0-0[1-6]-*.eml <<'PY'
import email.utils, os, re, sys
now, out, files = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
ago = [2400, 18000, 108000, 345600, 1728000, 34560000]
for i, (path, sec) in enumerate(zip(files, ago)):
    data = open(path, 'rb').read()
    when = email.utils.formatdate(now - sec, usegmt=True)
    new = re.sub(rb'(?mi)^Date:.*$', b'Date: ' + when.encode(), data, count=1)
    assert new != data
    open(os.path.join(out, '%02d.eml' % i), 'wb').write(new)
PY
"$tools/mkinbox.sh" -q -n recent "$tmp/recent" "$tmp/recent-msgs"/*.eml ||
	{ echo "Bail out! mkinbox.sh failed (recent)"; exit 1; }
# shellcheck disable=SC2034  # used through eval
R=$tmp/recent
recent=("$tmp/recent-msgs"/*.eml)
RECENT=$(filelist recent "${recent[@]}")
# relcase NAME ZONE 'OPTIONS' SINCE UNTIL [exact]: totals.messages; with
# "exact" range.since/until too (not for "N ago": now moves meanwhile)
relcase() {
	local name=$1 zone=$2 opts=$3
	eval "TZ=$zone run $name-json --no-cache --format json $opts \"\$R\""
	check_rc "$name-json" 0
	queue "$name" "$zone" "$(date +%s)" "$4" "$5" "$RECENT" \
		"${6:-count}" "" '{}'
}
relcase ago-1h Europe/Berlin "--since '1 hour ago'" ago:3600 -
relcase ago-90m Europe/Berlin "--since '90 minutes ago'" ago:5400 -
relcase ago-6h UTC "--since '6 hours ago'" ago:21600 -
relcase ago-2d UTC "--since '2 days ago'" ago:172800 -
relcase ago-1w America/Los_Angeles "--since '1 week ago'" ago:604800 -
relcase ago-3w UTC "--since '3 weeks ago'" ago:1814400 -
relcase ago-until Europe/Berlin "--since '3 weeks ago' --until '1 day ago'" \
	ago:1814400 ago:86400
relcase today-berlin Europe/Berlin "--since today" today - exact
relcase yesterday-la America/Los_Angeles "--since yesterday" yesterday - exact
relcase until-yesterday-utc UTC "--until yesterday" - yesterday-end exact
relcase until-today-berlin Europe/Berlin "--until today" - today-end exact
relcase only-yesterday-la America/Los_Angeles \
	"--since yesterday --until yesterday" yesterday yesterday-end exact
relcase only-today-utc UTC "--since today --until today" today today-end exact
# the messages are spread so that these select different sets
n1=$(python3 "$msgs" --since ago:3600 --show count "${recent[@]}")
n2=$(python3 "$msgs" --since ago:172800 --show count "${recent[@]}")
n3=$(python3 "$msgs" --since ago:1814400 --show count "${recent[@]}")
check_eq "relative cases select 1, 3 and 5 of 6 messages" "$n1 $n2 $n3" "1 3 5"

batch_check

# --- dates listdigest must refuse: exit 2, one line, nothing on stdout
n=0
for bad in "garbage" "2025-13-01" "2025-02-30" "2025-07-08 25:00" \
		"3 fortnights ago" "1 day" "-1 days ago" "2025-07-08 12:00 CEST" \
		"2025/07/08" "" "2 days ago now" "2025-07-08 junk"; do
	n=$((n + 1))
	TZ=UTC run "bad-since-$n" --no-cache --since "$bad" "$I"
	check_usage_error "bad-since-$n"
	TZ=UTC run "bad-until-$n" --no-cache --until "$bad" "$I"
	check_usage_error "bad-until-$n"
done
TZ=UTC run since-after-until --no-cache --since 2023-01-01 --until 2022-01-01 "$I"
check_usage_error since-after-until
TZ=UTC run bad-with-range --no-cache --since nonsense "$I" "$r"
check_usage_error bad-with-range

# --- the edges of the calendar: a correct range or a one-line refusal,
# never a GLib-CRITICAL, never a wrong answer
# edge NAME 'OPTIONS' SINCE-SPEC: exit 0 and msgs.py's count, or a usage error
edge() {
	local name=$1 want
	eval "TZ=UTC run $name --no-cache --format json $2 \"\$I\""
	if [ "$(cat "$tmp/$name.rc")" = 0 ]; then
		want=$(python3 "$msgs" ${3:+--since "$3"} --show count "${all[@]}")
		check_eq "$name: accepted: messages" \
			"$(jval "$name" 'd["totals"]["messages"]')" "$want"
		if [ -s "$tmp/$name.err" ]; then
			not_ok "$name: accepted, but stderr says: $(head -n 3 "$tmp/$name.err" | tr '\n' '|')"
		else
			ok "$name: accepted, nothing on stderr"
		fi
	else
		check_usage_error "$name"
	fi
}
edge until-9999 "--since 2025-01-01 --until 9999-12-31" day:2025-01-01
edge until-9999-alone "--until 9999-12-31" ""
edge since-year-1 "--since 0001-01-01" ""
# ~1.9 million years ago, before year 1
edge ago-huge "--since '100000000000 weeks ago'" ""
TZ=UTC run ago-huge-text --no-cache --since '100000000000 weeks ago' "$I"
if grep -q 'unknown date' "$tmp/ago-huge-text.out"; then
	not_ok "ago-huge-text: first line says 'unknown date': $(first_line ago-huge-text)"
else
	ok "ago-huge-text: no 'unknown date' in the report"
fi
# the first instant of 1970 as --until: every message is later, so none
TZ=UTC run until-epoch --no-cache --format json --until '1970-01-01 00:00 UTC' "$I"
check_rc until-epoch 0
check_eq "until-epoch: messages before 1970-01-01T00:00Z" \
	"$(jval until-epoch 'd["totals"]["messages"]')" 0
TZ=UTC run until-1970 --no-cache --format json --until '1970-01-02' "$I"
check_eq "until-1970: messages before 1970-01-03" \
	"$(jval until-1970 'd["totals"]["messages"]')" 0

# --- mbox and Maildir, once listdigest reads them
mkdir -p "$tmp/md/cur" "$tmp/md/new" "$tmp/md/tmp"
python3 - "$tmp/all.mbox" "$tmp/md/cur" "${all[@]}" <<'PY'
import os, re, sys
mbox, cur, files = sys.argv[1], sys.argv[2], sys.argv[3:]
with open(mbox, 'wb') as out:
    for i, path in enumerate(files):
        data = open(path, 'rb').read()
        if not data.endswith(b'\n'):
            data += b'\n'
        out.write(b'From mboxrd@z Thu Jan  1 00:00:00 1970\n')
        out.write(re.sub(rb'(?m)^(>*From )', rb'>\1', data))
        out.write(b'\n')
        open(os.path.join(cur, '%010d.%d.test:2,S' % (1000000000 + i, i)),
             'wb').write(data)
PY
TZ=UTC run mbox-probe --no-cache --format json "$tmp/all.mbox"
if [ "$(cat "$tmp/mbox-probe.rc")" != 0 ] &&
   grep -q 'not supported' "$tmp/mbox-probe.err"; then
	ok "mbox/Maildir # SKIP listdigest does not read mbox yet: $(head -n 1 "$tmp/mbox-probe.err")"
else
	for src in "$tmp/all.mbox" "$tmp/md"; do
		k=$(basename "$src")
		TZ=Europe/Berlin run "$k-y2022-json" --no-cache --format json \
			--since 2022-01-01 --until 2022-12-31 "$src"
		check_rc "$k-y2022-json" 0
		TZ=Europe/Berlin run "$k-y2022" --no-cache \
			--since 2022-01-01 --until 2022-12-31 "$src"
		queue "$k-y2022" Europe/Berlin 0 day:2022-01-01 dayend:2022-12-31 \
			"$ALL" exact "" '{}'
		check_eq "$k-y2022: first line" \
			"$(first_line "$k-y2022" | sed 's/^.* mailing list/mailing list/')" \
			"mailing list update from 2022-01-01 to 2022-12-31"
		TZ=UTC run "$k-exact-json" --no-cache --format json \
			--since '2022-01-26 11:10:52 -0500' "$src"
		check_rc "$k-exact-json" 0
		queue "$k-exact" UTC 0 at:2022-01-26T16:10:52+00:00 - "$ALL" \
			exact "" '{}'
		TZ=UTC run "$k-whole" --no-cache "$src"
		check_eq "$k-whole: first line: the first and last message's days" \
			"$(first_line "$k-whole" | sed 's/^.* mailing list/mailing list/')" \
			"mailing list update from 2019-11-01 to 2026-07-15"
	done
	batch_check
fi

finish
