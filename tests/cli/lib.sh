# tests/cli/lib.sh - shared setup and checks of the end-to-end tests
#
# Sourced by tests/cli/*.sh, which meson runs as
#   NAME.sh /path/to/listdigest
# Each test builds its inboxes with the real public-inbox tools in a fresh
# temporary directory (removed on exit; HOME and PI_CONFIG point inside it),
# runs the binary with --no-cache or --cache-dir "$tmp/cache", and compares
# its output with files in tests/cli/expected/, written by hand from the
# fixture messages (tests/corpora/e2e/README.md):
#   - text exactly (diff), after replacing "@E<epoch>.<pos>@" in the expected
#     file by the 9-digit abbreviation of that commit (the 1-based position in
#     git/<epoch>.git's history, oldest first): commit ids are the only thing
#     that changes from one build of an inbox to the next;
#   - JSON structurally with tests/tools/jsoncheck.py (see there).
# A test prints "ok"/"not ok" lines and exits 1 if any check failed, 77 (skip)
# if public-inbox is not installed.

# shellcheck shell=bash disable=SC2034
set -u

ld=${1:?usage: $0 /path/to/listdigest}
case $ld in /*) ;; *) ld=$PWD/$ld ;; esac
here=$(cd "$(dirname "$0")" && pwd)
srcroot=$(cd "$here/../.." && pwd)
corp=$srcroot/tests/corpora/e2e
tools=$srcroot/tests/tools
expected=$here/expected

for t in public-inbox-init public-inbox-mda git python3; do
	if ! command -v $t >/dev/null 2>&1; then
		echo "SKIP: $t not installed (apt-get install public-inbox)"
		exit 77
	fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ld-e2e.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export HOME=$tmp/home PI_CONFIG=$tmp/pi-config XDG_CACHE_HOME=$tmp/xdg-cache
mkdir -p "$HOME"
export GIT_CONFIG_NOSYSTEM=1
# A zone far from UTC (+13:45 in summer): local time leaking into the UTC
# dates of the JSON output shows.
export TZ=Pacific/Chatham
export LC_ALL=C.UTF-8

failures=0
checks=0

ok() { checks=$((checks + 1)); echo "ok $checks - $*"; }
not_ok() {
	checks=$((checks + 1))
	failures=$((failures + 1))
	echo "not ok $checks - $*"
}
finish() {
	echo "# $checks checks, $failures failed"
	[ "$failures" -eq 0 ]
	exit $?
}

# main_inbox DIR: the main corpus, 19 messages in git/0.git, 11 in git/1.git
main_inbox() {
	"$tools/mkinbox.sh" -q "$1" "$corp"/e0-*.eml +epoch "$corp"/e1-*.eml >/dev/null ||
		{ echo "Bail out! mkinbox.sh failed"; exit 1; }
}

# rev INBOX EPOCH POS: full id of commit POS (1-based) of git/EPOCH.git
rev() {
	git -C "$1/git/$2.git" rev-list --reverse --first-parent HEAD |
		sed -n "$3p"
}

# run NAME ARG...: run listdigest; keep $tmp/NAME.out, .err and .rc
run() {
	local name=$1
	shift
	"$ld" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
	echo $? >"$tmp/$name.rc"
}

# check_rc NAME WANT: exit status of run NAME
check_rc() {
	local got
	got=$(cat "$tmp/$1.rc")
	if [ "$got" = "$2" ]; then
		ok "$1: exit status $2"
	else
		not_ok "$1: exit status $got, expected $2"
		sed 's/^/#   stderr: /' "$tmp/$1.err" | head -n 5
	fi
}

# subst INBOX FILE: FILE with @E<e>.<p>@ replaced by abbreviated commit ids
subst() {
	local script=$tmp/subst.sed e p c
	: >"$script"
	for e in $(ls "$1/git" | sed -n 's/^\([0-9][0-9]*\)\.git$/\1/p'); do
		p=0
		for c in $(git -C "$1/git/$e.git" rev-list --reverse \
				--first-parent HEAD); do
			p=$((p + 1))
			echo "s/@E$e\\.$p@/$(echo "$c" | cut -c1-9)/g" >>"$script"
		done
	done
	sed -f "$script" "$2"
}

# check_text NAME EXPECTED INBOX: stdout of run NAME equals EXPECTED exactly
check_text() {
	subst "$3" "$2" >"$tmp/$1.want"
	if cmp -s "$tmp/$1.want" "$tmp/$1.out"; then
		ok "$1: text output as expected/$(basename "$2")"
	else
		not_ok "$1: text output differs from expected/$(basename "$2")"
		diff -u "$tmp/$1.want" "$tmp/$1.out" | head -n 40 | sed 's/^/#   /'
		# For a maintainer updating the expected files: keep the
		# output, to be reviewed line by line, never copied blindly.
		if [ -n "${LD_TEST_SAVE:-}" ]; then
			cp "$tmp/$1.out" "$LD_TEST_SAVE/$(basename "$2").$1"
		fi
	fi
}

# section NAME: the patch list of run NAME's text and, when there is one,
# the pull-request section: from the patch list's heading up to the line
# before the statistics' heading
section() {
	sed -n '/^===== Patch list in this time period =====$/,$p' \
		"$tmp/$1.out" | sed '/^===== Statistics =====$/,$d'
}

# check_section NAME EXPECTED INBOX: section NAME equals EXPECTED exactly
# (after the @E<e>.<p>@ replacement of check_text)
check_section() {
	subst "$3" "$2" >"$tmp/$1.section.want"
	section "$1" >"$tmp/$1.section"
	if [ ! -s "$tmp/$1.section" ]; then
		not_ok "$1: no patch list in the output"
	elif cmp -s "$tmp/$1.section.want" "$tmp/$1.section"; then
		ok "$1: patch list (and pull requests) as expected/$(basename "$2")"
	else
		not_ok "$1: patch list (or pull requests) differ from expected/$(basename "$2")"
		diff -u "$tmp/$1.section.want" "$tmp/$1.section" | head -n 40 |
			sed 's/^/#   /'
	fi
}

# check_line NAME LINE [COUNT]: the text output of run NAME holds LINE
# exactly, COUNT times (default: at least once)
check_line() {
	local n
	n=$(grep -cxF -- "$2" "$tmp/$1.out")
	if { [ $# -ge 3 ] && [ "$n" -eq "$3" ]; } ||
	   { [ $# -lt 3 ] && [ "$n" -ge 1 ]; }; then
		ok "$1: ${3:+$3 x }$2"
	else
		not_ok "$1: $n x $2${3:+, expected $3}"
	fi
}

# jqis NAME FILTER EXPECTED: jq -c FILTER of run NAME's stdout is EXPECTED
jqis() {
	local got
	got=$(jq -c "$2" "$tmp/$1.out" 2>&1)
	if [ "$got" = "$3" ]; then
		ok "$1: $2 = $3"
	else
		not_ok "$1: $2 = $got, expected $3"
	fi
}

# check_json NAME EXPECTED INBOX: stdout of run NAME matches EXPECTED
check_json() {
	local out
	if out=$(python3 "$tools/jsoncheck.py" --inbox "$3" "$2" \
			"$tmp/$1.out" 2>&1); then
		ok "$1: JSON output matches expected/$(basename "$2")"
	else
		not_ok "$1: JSON output does not match expected/$(basename "$2")"
		echo "$out" | head -n 40 | sed 's/^/#   /'
	fi
}

# check_json_str NAME INBOX JSON: like check_json with an inline expectation
check_json_str() {
	local out
	printf '%s\n' "$3" >"$tmp/$1.inline.json"
	if out=$(python3 "$tools/jsoncheck.py" --inbox "$2" \
			"$tmp/$1.inline.json" "$tmp/$1.out" 2>&1); then
		ok "$1: JSON output as expected"
	else
		not_ok "$1: JSON output not as expected"
		echo "$out" | head -n 40 | sed 's/^/#   /'
	fi
}

# check_same NAME1 NAME2: two runs printed the same stdout
check_same() {
	if [ ! -s "$tmp/$1.out" ]; then
		not_ok "$2: nothing to compare, $1 printed nothing"
	elif cmp -s "$tmp/$1.out" "$tmp/$2.out"; then
		ok "$2: same output as $1"
	else
		not_ok "$2: output differs from $1"
		diff -u "$tmp/$1.out" "$tmp/$2.out" | head -n 30 | sed 's/^/#   /'
	fi
}

# check_agree TEXTRUN JSONRUN: text and JSON outputs say the same thing
check_agree() {
	local out
	if [ ! -s "$tmp/$1.out" ] || [ ! -s "$tmp/$2.out" ]; then
		not_ok "$2: nothing to compare, $1 or $2 printed nothing"
	elif out=$(python3 "$tools/textjson.py" "$tmp/$1.out" "$tmp/$2.out" 2>&1)
	then
		ok "$2: JSON agrees with the text of $1"
	else
		not_ok "$2: JSON disagrees with the text of $1"
		echo "$out" | head -n 20 | sed 's/^/#   /'
	fi
}

# check_usage_error NAME: exit 2, nothing on stdout, one line on stderr
check_usage_error() {
	check_rc "$1" 2
	if [ -s "$tmp/$1.out" ]; then
		not_ok "$1: something on stdout"
	else
		ok "$1: nothing on stdout"
	fi
	local n
	n=$(grep -c '' "$tmp/$1.err")
	if [ "$n" -eq 1 ] && [ -n "$(tr -d '[:space:]' <"$tmp/$1.err")" ]; then
		ok "$1: one line on stderr: $(cat "$tmp/$1.err")"
	else
		not_ok "$1: $n lines on stderr, expected 1"
		sed 's/^/#   stderr: /' "$tmp/$1.err" | head -n 5
	fi
}

# check_quiet NAME: run NAME wrote nothing on stderr (no warning, no
# sanitizer report: UBSan's does not change the exit status)
check_quiet() {
	if [ -s "$tmp/$1.err" ]; then
		not_ok "$1: something on stderr"
		sed 's/^/#   stderr: /' "$tmp/$1.err" | head -n 5
	else
		ok "$1: nothing on stderr"
	fi
}

# check_err NAME REGEX: stderr of run NAME matches REGEX (extended)
check_err() {
	if grep -Eq -- "$2" "$tmp/$1.err"; then
		ok "$1: stderr says /$2/"
	else
		not_ok "$1: stderr does not match /$2/"
		sed 's/^/#   stderr: /' "$tmp/$1.err" | head -n 5
	fi
}

# check_grep NAME REGEX N: N lines of run NAME's stdout match REGEX (basic)
check_grep() {
	local n
	n=$(grep -c -- "$2" "$tmp/$1.out")
	if [ "$n" -eq "$3" ]; then
		ok "$1: $3 lines match /$2/"
	else
		not_ok "$1: $n lines match /$2/, expected $3"
	fi
}

# check_positions NAME CACHE_DIR: in the cache file there, every message's
# pos is the first commit (kind 1, an "m") that adds its blob, or NULL when
# no commit adds it any more; the earlier-version and duplicate lookups
# trust it.
check_positions() {
	local out
	if out=$(python3 - "$2" <<'EOF'
import glob, sqlite3, sys
dbs = glob.glob(sys.argv[1] + '/*.sqlite')
if len(dbs) != 1:
    print('%d cache files in %s' % (len(dbs), sys.argv[1]))
    sys.exit(1)
c = sqlite3.connect(dbs[0])
n = c.execute("SELECT count(*) FROM messages").fetchone()[0]
bad = c.execute("SELECT count(*) FROM messages m WHERE m.pos IS NOT"
                " (SELECT min(x.pos) FROM commits x WHERE x.blob = m.blob"
                " AND x.kind = 1)").fetchone()[0]
if n == 0 or bad:
    print('%d of %d messages have another position' % (bad, n))
    sys.exit(1)
print(n)
EOF
	); then
		ok "$1: every cached message's pos is its first commit ($out messages)"
	else
		not_ok "$1: $out"
	fi
}

# check_clean NAME: run NAME's stdout is UTF-8 without raw control
# characters (C0 but tab and newline, DEL, C1) or bidi overrides; for JSON,
# in every decoded string
check_clean() {
	local out
	if out=$(python3 - "$tmp/$1.out" "$tools" <<'EOF'
import json, sys
sys.path.insert(0, sys.argv[2])
from safetext import raw_controls
data = open(sys.argv[1], 'rb').read()
try:
    text = data.decode('utf-8')
except UnicodeDecodeError as e:
    sys.exit('not UTF-8: %s' % e)
bad = set(raw_controls(text))
if text.lstrip().startswith('{'):
    def walk(v):
        if isinstance(v, str):
            bad.update(raw_controls(v))
        elif isinstance(v, list):
            for x in v:
                walk(x)
        elif isinstance(v, dict):
            for k, x in v.items():
                walk(k)
                walk(x)
    walk(json.loads(text))
if bad:
    sys.exit('raw controls: ' + ' '.join(sorted(bad)))
EOF
	); then
		ok "$1: valid UTF-8, no raw control characters"
	else
		not_ok "$1: $out"
	fi
}

# special_inbox DIR: one epoch with every unusual thing the reader must
# handle; the commits, oldest first (positions in git/0.git):
#    1 e0-01 cover   2 e0-02 patch 1/2   3 e0-03 patch 2/2   4 e0-09 patch
#    5 e0-09's blob again (dup-blob)                          -> duplicate
#    6 e0-10 reply, removed by commit 8                       -> not counted
#    7 e1-02 patch, purged at the end: empty "m"              -> purged
#    8 `public-inbox-learn rm` of e0-10: blob "d"              -> removed
#    9 e1-01 patch
#   10 e1-01 with another Subject, same single Message-ID (plumbing)
#                                                             -> duplicate
#   11 e1-06 cover, 12 e1-07 patch, added with plumbing under commit
#      subjects/authors/dates unrelated to the messages
#   13 e1-08 patch
#   14 e1-08 re-sent with another Date: mda keeps the Message-ID and appends
#      a second, generated one                                -> duplicate
# (archive order is also date order, so the series order is not in doubt)
special_inbox() {
	local d=$1 sp=$tools/pi-special.sh mk=$tools/mkinbox.sh
	sed 's/^Date: Tue, 09 Dec 2025 16:37:20 +0000$/Date: Tue, 09 Dec 2025 16:52:20 +0000/' \
		"$corp"/e1-08-mshv-pmd.eml >"$tmp/resent.eml"
	sed 's/^Subject: \[PATCH v2\] x86\/hyperv: Mark hv_ghcb_terminate() as noreturn$/Subject: [PATCH v2] x86\/hyperv: second message with this Message-ID/' \
		"$corp"/e1-01-ghcb-v2.eml >"$tmp/dupmid.eml"
	if cmp -s "$tmp/resent.eml" "$corp"/e1-08-mshv-pmd.eml ||
	   cmp -s "$tmp/dupmid.eml" "$corp"/e1-01-ghcb-v2.eml; then
		echo "Bail out! special_inbox: sed changed nothing"
		exit 1
	fi
	{
		"$mk" -q "$d" "$corp"/e0-0[123]-*.eml "$corp"/e0-09-*.eml &&
		"$sp" dup-blob "$d" &&
		"$mk" -q -A "$d" "$corp"/e0-10-*.eml "$corp"/e1-02-*.eml &&
		"$sp" rm "$d" "$corp"/e0-10-*.eml &&
		"$mk" -q -A "$d" "$corp"/e1-01-*.eml &&
		"$sp" add-raw "$d" "$tmp/dupmid.eml" &&
		"$sp" add-raw "$d" "$corp"/e1-06-*.eml \
			'[PATCH 7/9] commit subject, not the message subject' &&
		"$sp" add-raw "$d" "$corp"/e1-07-*.eml &&
		"$mk" -q -A "$d" "$corp"/e1-08-*.eml "$tmp/resent.eml" &&
		"$sp" purge "$d" "$corp"/e1-02-*.eml
	} >/dev/null 2>"$tmp/special.log" || {
		cat "$tmp/special.log"
		echo "Bail out! special_inbox failed"
		exit 1
	}
	# the situations really are there
	local g=$d/git/0.git n
	n=$(git -C "$g" rev-list HEAD | wc -l)
	[ "$n" -eq 14 ] || { echo "Bail out! special inbox: $n commits"; exit 1; }
	[ "$(git -C "$g" rev-parse "$(rev "$d" 0 5):m")" = \
	  "$(git -C "$g" rev-parse "$(rev "$d" 0 4):m")" ] &&
	[ "$(git -C "$g" cat-file -s "$(rev "$d" 0 7):m")" -eq 0 ] &&
	[ "$(git -C "$g" ls-tree --name-only "$(rev "$d" 0 8)")" = d ] &&
	[ "$(git -C "$g" rev-parse "$(rev "$d" 0 8):d")" = \
	  "$(git -C "$g" rev-parse "$(rev "$d" 0 6):m")" ] &&
	[ "$(git -C "$g" show "$(rev "$d" 0 14):m" | grep -ci '^message-id:')" -eq 2 ] ||
		{ echo "Bail out! special inbox is not what it should be"; exit 1; }
}
