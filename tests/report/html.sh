#!/bin/bash
# tests/report/html.sh - --format html, opened in headless Chromium
#
# Pages of inboxes built from real messages (tests/cli/lib.sh): the main
# corpus with --orgmap default and --archive-url, the same without either
# (no organisations, no links), five months of it (charted by day), the
# hostile copies of tests/corpora/hostile/, the pull requests of
# tests/cli/pulls.sh and an empty range.  Chromium dumps each page's DOM
# and html_check.py compares it with the page's source and with the JSON
# report of the same run (see there for the checks).  Screenshots go to
# $LD_TEST_BUILD_DIR: wide (report-html.png), phone-width and dark; the
# light and dark ones must have a light and a dark background.  When
# ../shared/corpus/linux-hyperv-0.bundle exists next to the source tree,
# the whole real epoch is rendered once and must open in Chromium.
# Chromium's DBus/GPU noise on stderr is kept in $tmp, not judged; an empty
# dump or a non-zero exit fails, and so does anything listdigest prints on
# stderr (a sanitizer's report).  Skipped (77) without chromium or
# public-inbox.
. "$(dirname "$0")/../cli/lib.sh"

if ! command -v chromium >/dev/null 2>&1; then
	echo "SKIP: chromium not installed (apt-get install chromium)"
	exit 77
fi
shots=${LD_TEST_BUILD_DIR:-$tmp}
mkdir -p "$shots" || { echo "Bail out! cannot create $shots"; exit 1; }
URL=https://lore.kernel.org/linux-hyperv

# chrome NAME ARG...: headless Chromium on $tmp/NAME.html
chrome() {
	local name=$1
	shift
	timeout 120 chromium --headless --no-sandbox --disable-gpu \
		--user-data-dir="$tmp/chromium" "$@" "file://$tmp/$name.html" \
		2>>"$tmp/$name.chrome.err"
}

# page NAME INBOX ARG...: $tmp/NAME.html and $tmp/NAME-json.out, the HTML
# and JSON reports of INBOX with ARGs
page() {
	local name=$1 inbox=$2
	shift 2
	run "$name" --no-cache -q --format html "$@" "$inbox"
	check_rc "$name" 0
	check_quiet "$name"
	cp "$tmp/$name.out" "$tmp/$name.html"
	run "$name-json" --no-cache -q --format json "$@" "$inbox"
	check_rc "$name-json" 0
}

# dom NAME: Chromium's DOM of page NAME in $tmp/NAME.dom
dom() {
	local rc
	chrome "$1" --dump-dom >"$tmp/$1.dom"
	rc=$?
	if [ "$rc" -ne 0 ]; then
		not_ok "$1: chromium exited $rc"
		grep -v dbus "$tmp/$1.chrome.err" | tail -n 3 | sed 's/^/#   /'
		return 1
	fi
	if [ ! -s "$tmp/$1.dom" ]; then
		not_ok "$1: chromium dumped nothing"
		return 1
	fi
	ok "$1: chromium opened it ($(wc -c <"$tmp/$1.dom") bytes of DOM)"
}

# check NAME ARG...: html_check.py ARG... on page NAME, one check a line
check() {
	local name=$1 line rc before=$failures
	shift
	dom "$name" || return
	python3 "$here/html_check.py" "$@" "$tmp/$name.html" "$tmp/$name.dom" \
		"$tmp/$name-json.out" >"$tmp/$name.check" 2>&1
	rc=$?
	while IFS= read -r line; do
		case $line in
		"ok - "*) ok "$name: ${line#ok - }" ;;
		"not ok - "*) not_ok "$name: ${line#not ok - }" ;;
		*) echo "$line" ;;
		esac
	done <"$tmp/$name.check"
	if [ "$rc" -ne 0 ] && [ "$failures" -eq "$before" ]; then
		not_ok "$name: html_check.py exited $rc"
	fi
}

# shot NAME FILE WxH [ARG...]: a screenshot of page NAME in $shots/FILE;
# $luma is its background's luma (pixel 2,2), -1 without a screenshot
shot() {
	local name=$1 base=$2 file=$shots/$2 size=$3 rc info
	shift 3
	rm -f "$file"
	chrome "$name" --hide-scrollbars --window-size="$size" \
		--screenshot="$file" "$@" >/dev/null
	rc=$?
	info=$(python3 "$here/html_png.py" "$file" 2 2 2>&1)
	if [ "$rc" -eq 0 ] && [ "${info% *}" = "${size/x/ }" ]; then
		ok "$name: $size screenshot $base"
		luma=${info##* }
	else
		not_ok "$name: no $size screenshot $base (chromium $rc: $info)"
		luma=-1
	fi
}

# background NAME WHAT OP LIMIT: the last shot's $luma compares as wanted
background() {
	if [ "$luma" -ge 0 ] && [ "$luma" "$3" "$4" ]; then
		ok "$1: $2 background (luma $luma)"
	else
		not_ok "$1: not a $2 background (luma $luma, want $3 $4)"
	fi
}

main_inbox "$tmp/m"
M=$tmp/m
"$tools/mkinbox.sh" -q "$tmp/h" "$srcroot"/tests/corpora/hostile/h-0[123]-*.eml \
	>/dev/null || { echo "Bail out! mkinbox.sh failed"; exit 1; }
"$tools/mkinbox.sh" -q "$tmp/p" "$corp"/p-0[1-5]-*.eml \
	"$corp"/e1-08-mshv-pmd.eml >/dev/null ||
	{ echo "Bail out! mkinbox.sh failed"; exit 1; }

# The main corpus: two epochs, 10 series, organisations, links.
page main "$M" --orgmap default --archive-url "$URL"
check main --archive-url "$URL"
shot main report-html.png 1280x4000
background main light -gt 200
shot main report-html-phone.png 390x2000
background main light -gt 200
shot main report-html-dark.png 1280x2000 --force-dark-mode
background main dark -lt 60

# No --archive-url and no --orgmap: no link, no organisations chart.
page plain "$M"
check plain

# Five months of it: charted by day, the quiet days filled with zeros.
page window "$M" --since 2021-10-01 --until 2022-02-28 --archive-url "$URL"
check window --archive-url "$URL"
if grep -q '<th>Day</th>' "$tmp/window.html"; then
	ok "window: charted by day"
else
	not_ok "window: not charted by day"
fi

# Markup, control characters and U+202E in subjects, names and bodies.
page hostile "$tmp/h" --archive-url "$URL"
check hostile --archive-url "$URL" --hostile
shot hostile report-html-hostile.png 1280x3000

# Pull requests (and one patch).
page pulls "$tmp/p" --archive-url "$URL"
check pulls --archive-url "$URL"

# Nothing in the range: no chart, no table of series, still a page.
page empty "$M" --since 2030-01-01 --archive-url "$URL"
check empty --archive-url "$URL"

# The whole real epoch, once (the page is ~13 MB): Chromium opens it, and
# it holds the charts and a <details> per row of its patch list.
bundle=$srcroot/../shared/corpus/linux-hyperv-0.bundle
if [ -f "$bundle" ]; then
	git clone -q --bare "$bundle" "$tmp/hv.git" ||
		{ echo "Bail out! clone failed"; exit 1; }
	run whole --no-cache -q --format html --orgmap default \
		--archive-url "$URL" "$tmp/hv.git"
	check_rc whole 0
	check_quiet whole
	cp "$tmp/whole.out" "$tmp/whole.html"
	if dom whole; then
		got=$(python3 - "$tmp/whole.dom" <<'PY'
import re, sys
t = open(sys.argv[1], encoding='utf-8').read()
body = t.split('class="patch-list"', 1)[-1].split('</table>', 1)[0]
print(len(re.findall(r'<svg[ >]', t)), len(re.findall(r'<script', t)),
      body.count('<tr>') - 1,
      len(re.findall(r'<details class="series"', t)))
PY
)
		set -- $got
		if [ "$1" -eq 5 ] && [ "$2" -eq 0 ] && [ "$3" -gt 1000 ] &&
		   [ "$3" -eq "$4" ]; then
			ok "whole: 5 charts, no script, $3 series listed and detailed"
		else
			not_ok "whole: $1 charts, $2 scripts, $3 rows, $4 details"
		fi
	fi
else
	echo "# no $bundle: the whole-epoch page is not checked"
fi

finish
