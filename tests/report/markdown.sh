#!/bin/bash
# tests/report/markdown.sh - --format markdown: GitHub-flavoured Markdown
# that renders as the digest says, whatever the messages hold
#
# Inboxes of real messages: the main corpus (30 linux-hyperv messages,
# tests/corpora/e2e/e0-*, e1-*), the hostile copies
# (tests/corpora/hostile/: a subject with HTML, emphasis, a code span, a
# table pipe and a link; a sender name and a commit message with
# </pre><script> and a ``` fence; terminal controls and U+202E), the pull
# requests (p-*), the revisions (r-*: "Previous:" lines) and the series
# (s-*: missing patches).  Each report is rendered with cmark-gfm (GFM's
# table, autolink, strikethrough and tagfilter extensions) and checked by
# markdown_check.py against the JSON report of the same range: only the
# report's own elements and archive links in the HTML, table rows as wide
# as their headers, the same counts, names and subjects as the JSON, each
# commit message verbatim inside a <pre><code>; and no raw control or bidi
# character in the Markdown itself.
# shellcheck source-path=SCRIPTDIR source=../cli/lib.sh
. "$(dirname "$0")/../cli/lib.sh"

if ! command -v cmark-gfm >/dev/null 2>&1; then
	echo "SKIP: cmark-gfm not installed (apt-get install cmark-gfm)"
	exit 77
fi

URL=https://lore.kernel.org/linux-hyperv
hostile=$srcroot/tests/corpora/hostile
# inbox NAME ITEM...: build $tmp/NAME with its own public-inbox config
inbox() {
	local name=$1
	shift
	PI_CONFIG=$tmp/pi-$name "$tools/mkinbox.sh" -q "$tmp/$name" "$@" \
		>/dev/null 2>&1 || { echo "Bail out! mkinbox.sh $name failed"; exit 1; }
}
inbox m "$corp"/e0-*.eml +epoch "$corp"/e1-*.eml
inbox h "$hostile"/h-0[123]-*.eml
inbox p "$corp"/p-0[1-6]-*.eml "$corp"/e1-08-mshv-pmd.eml
inbox r "$corp"/r-*.eml
inbox s "$corp"/s-*.eml
# a commit whose blob is missing: a warning, "Not counted", exit status 1
{
	inbox u "$corp"/e0-09-*.eml &&
	PI_CONFIG=$tmp/pi-u "$tools/pi-special.sh" missing-blob "$tmp/u" &&
	PI_CONFIG=$tmp/pi-u "$tools/mkinbox.sh" -q -A "$tmp/u" "$corp"/e1-08-*.eml
} >/dev/null 2>&1 || { echo "Bail out! building inbox u failed"; exit 1; }

# check_md NAME JSONRUN [--archive-url URL] [CHECKER OPTION...]: the
# Markdown of run NAME against the JSON of run JSONRUN (markdown_check.py;
# each of its lines one check)
check_md() {
	local name=$1 json=$2 out line
	shift 2
	if [ ! -s "$tmp/$name.out" ] || [ ! -s "$tmp/$json.out" ]; then
		not_ok "$name: nothing to check, $name or $json printed nothing"
		return
	fi
	out=$(python3 "$here/markdown_check.py" "$@" "$tmp/$name.out" \
		"$tmp/$json.out" 2>&1)
	if ! grep -q '^\(not \)\?ok - ' <<<"$out"; then
		not_ok "$name: markdown_check.py failed"
		printf '%s\n' "$out" | head -n 20 | sed 's/^/#   /'
		return
	fi
	while IFS= read -r line; do
		case $line in
		'ok - '*) ok "$name: ${line#ok - }" ;;
		'not ok - '*) not_ok "$name: ${line#not ok - }" ;;
		*) echo "#   $line" ;;
		esac
	done <<<"$out"
}

# grep_md NAME WHAT STRING: the Markdown source of run NAME holds STRING
grep_md() {
	if grep -qF -- "$3" "$tmp/$1.out"; then
		ok "$1: $2"
	else
		not_ok "$1: $2: no $3"
	fi
}

for i in m h p r s u; do
	rc=0
	[ "$i" = u ] && rc=1
	run "$i-json" --no-cache --format json "$tmp/$i"
	check_rc "$i-json" $rc
	run "$i-md" --no-cache --format markdown --archive-url "$URL" "$tmp/$i"
	check_rc "$i-md" $rc
	run "$i-nolink" --no-cache --format markdown "$tmp/$i"
	check_rc "$i-nolink" $rc
done
# The hostile subject, sender name and commit message as the reader must
# see them: as text, not markup.
# shellcheck disable=SC2016
subject='[PATCH] <img src=x onerror=alert(1)> net: mana: `fix` *leak* | in _hwc_ [x](y) #1'
for i in m h p r s u; do
	set -- --archive-url "$URL"
	if [ "$i" = h ]; then
		set -- "$@" --heading "$subject" \
			--code '</pre><script>alert(2)</script> was called' \
			--code $'```\n<b>bold</b> & &amp; ]]> --> \n```'
	fi
	check_md "$i-md" "$i-json" "$@"
	check_md "$i-nolink" "$i-json"
done
grep_md h-md 'U+202E shown as \u202e' 'leak \u202ecod.exe'
grep_md h-md 'the sender name escaped in a table cell' \
	'| \</pre\>\<script\>alert\(1\)\</script\> |'
grep_md h-md 'a fence longer than the ``` in the commit message' \
	$'\n````\nIf allocating the DMA buffer fails, </pre><script>'

# --top cuts the lists; the JSON keeps them whole, the Markdown says how
# many more there are.
run m-top3 --no-cache --format markdown --archive-url "$URL" --top 3 "$tmp/m"
check_rc m-top3 0
run m-top3-json --no-cache --format json --top 3 "$tmp/m"
check_md m-top3 m-top3-json --archive-url "$URL"
check_line m-top3 '... and 5 more (--top, or --format json)' 1

# With an organisation map, the organisations table.
run m-org --no-cache --format markdown --orgmap default "$tmp/m"
check_rc m-org 0
run m-org-json --no-cache --format json --orgmap default "$tmp/m"
check_md m-org m-org-json
check_line m-org '## Top 15 organisations (based on email body)' 1

check_line u-md '## Not counted' 1
if grep -q '^- commit [0-9a-f]\{40\}' "$tmp/u-md.out"; then
	ok "u-md: the missing blob's commit under \"Not counted\""
else
	not_ok "u-md: no \"- commit ...\" line under \"Not counted\""
fi

# The first line words the range as the text report's does: commits, and
# days when --since or --until narrow it.
for args in "$(rev "$tmp/m" 0 19)" "--since=2021-01-01 --until=2023-06-30"; do
	# shellcheck disable=SC2086
	run title-text --no-cache "$tmp/m" $args
	# shellcheck disable=SC2086
	run title-md --no-cache --format markdown "$tmp/m" $args
	want="# $(head -n 1 "$tmp/title-text.out" | sed 's/-/\\-/')"
	if [ "$(head -n 1 "$tmp/title-md.out")" = "$want" ]; then
		ok "title: $want"
	else
		not_ok "title: $(head -n 1 "$tmp/title-md.out"), expected $want"
	fi
done
run m-range-json --no-cache --format json "$tmp/m" "$(rev "$tmp/m" 0 19)"
run m-range --no-cache --format markdown "$tmp/m" "$(rev "$tmp/m" 0 19)"
check_md m-range m-range-json

# The inbox's configured url gives the links when --archive-url is not
# given, and --archive-url wins over it; a url that is not http(s) from a
# config file makes no links at all (it would be live in the HTML page).
mkdir -p "$HOME/.config/listdigest"
cfg=$HOME/.config/listdigest/config
printf '[inbox "hv"]\n\tpath = %s\n\turl = https://lore.example.org/hv\n' \
	"$tmp/m" >"$cfg"
run cfg-url --no-cache --format markdown hv
check_rc cfg-url 0
n=$(grep -c '](<https://lore.example.org/hv/' "$tmp/cfg-url.out")
if [ "$n" -gt 0 ] && ! grep -q '](<https://lore.kernel.org' "$tmp/cfg-url.out"; then
	ok "cfg-url: $n links to the configured url"
else
	not_ok "cfg-url: $n links to the configured url"
fi
run cfg-url-opt --no-cache --format markdown \
	--archive-url https://lore.kernel.org/linux-hyperv hv
if grep -q '](<https://lore.kernel.org/linux-hyperv/' "$tmp/cfg-url-opt.out" &&
   ! grep -q '](<https://lore.example.org' "$tmp/cfg-url-opt.out"; then
	ok "cfg-url-opt: --archive-url wins over the configured url"
else
	not_ok "cfg-url-opt: the configured url was used"
fi
printf '[inbox "hv"]\n\tpath = %s\n\turl = javascript:alert(1)\n' \
	"$tmp/m" >"$cfg"
run cfg-js --no-cache --format markdown hv
check_rc cfg-js 0
if grep -q '](<' "$tmp/cfg-js.out"; then
	not_ok "cfg-js: links from a javascript: url"
else
	ok "cfg-js: a javascript: url makes no links"
fi
rm -f "$cfg"

# A write error is reported, not ignored.
if [ -w /dev/full ]; then
	"$ld" --no-cache --format markdown "$tmp/m" >/dev/full 2>"$tmp/full.err"
	rc=$?
	if [ "$rc" -ne 0 ] && [ -s "$tmp/full.err" ]; then
		ok "full: exit status $rc and a message on a full disk"
	else
		not_ok "full: exit status $rc on a full disk"
	fi
fi

finish
