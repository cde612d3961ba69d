#!/bin/sh
# tests/tools/mkinbox.sh - build a public-inbox v2 inbox from messages, in order
#
# usage: mkinbox.sh [-q] [-A] [-n NAME] [-a ADDRESS] DIR ITEM...
#
#   DIR     the inbox directory to create; it must not exist yet (unless
#           -A).  The epochs end up in DIR/git/0.git, DIR/git/1.git, ...
#   ITEM    one of, in delivery order:
#             FILE       one RFC 5322 message (a public-inbox "m" blob, an
#                        .eml file); FILE.gz is gunzipped first
#             MBOX       an mbox (its first line starts with "From "), or
#                        MBOX.gz; split with `git mailsplit --mboxrd` (lore's
#                        mbox exports are mboxrd: ">From " unquoted) and
#                        delivered message by message
#             +epoch     the next delivery starts a new epoch git/N+1.git,
#                        as public-inbox does when an epoch reaches ~1 GB
#   -n NAME     inbox name in the public-inbox config (default: test)
#   -a ADDRESS  inbox address (default: NAME@example.com)
#   -A          append to DIR, an inbox made before by mkinbox.sh with the
#               same PI_CONFIG, NAME and ADDRESS (PI_CONFIG must be set)
#   -q          no progress lines on stderr
#
# Every message goes through the real `public-inbox-mda --no-precheck`
# (public-inbox 1.9), so the epochs look exactly like a real archive: one
# commit per message adding blob "m", author/date taken from the message.
# mda drops the X-Original-To/Delivered-To headers and adds
# "List-Id: <NAME.example.com>" (the address with '@' -> '.') only when the
# message has no List-Id.  A message already in the inbox with the same
# Message-ID and the same content is refused (mda prints "CONFLICT:
# Message-ID: <...> exists" and exits 0, so no commit is made); one with the
# same Message-ID but other content is stored with a second, generated
# Message-ID header appended ("<...> reused for mismatched content").
#
# Environment: PI_CONFIG (public-inbox config; default: a temporary file,
# removed on exit) and HOME are honoured; the tests point both inside their
# temporary directory.  mda's emergency maildir (PI_EMERGENCY) always goes
# to a temporary directory, so nothing outside DIR is touched.  Keep
# PI_CONFIG if you want to run public-inbox-learn/-purge on DIR afterwards
# (see pi-special.sh).
#
# Epoch rollover: V2Writable rolls to a new epoch when the current one holds
# rotate_bytes = 1 GiB / $PublicInbox::V2Writable::PACKING_FACTOR (0.4)
# unpacked bytes, or when a new process finds the newest epoch's packs
# >= 1 GiB.  "+epoch" runs mda once with PACKING_FACTOR = 2**40, which makes
# rotate_bytes 0, so that delivery opens git/N+1.git (added to all.git's
# alternates like a real rollover); later plain mda runs keep writing to the
# newest epoch.
#
# Exit status: 0 on success, 1 on any failure (message on stderr).

set -eu

name="test"
addr=
quiet=
append=
while getopts qAn:a: opt; do
	case $opt in
	q) quiet=1 ;;
	A) append=1 ;;
	n) name=$OPTARG ;;
	a) addr=$OPTARG ;;
	*) sed -n '4,22s/^# \{0,1\}//p' "$0" >&2; exit 1 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || { sed -n '4,22s/^# \{0,1\}//p' "$0" >&2; exit 1; }
[ -n "$addr" ] || addr=$name@example.com
dir=$1
shift

die() { echo "mkinbox.sh: $*" >&2; exit 1; }
say() { [ -n "$quiet" ] || echo "mkinbox.sh: $*" >&2; }

for t in public-inbox-init public-inbox-mda git; do
	command -v $t >/dev/null 2>&1 ||
		die "$t not found (Debian: apt-get install public-inbox)"
done
if [ -n "$append" ]; then
	[ -d "$dir/git" ] || die "$dir: not a v2 inbox"
	[ -n "${PI_CONFIG:-}" ] || die "-A needs the PI_CONFIG used to make $dir"
else
	[ ! -e "$dir" ] || die "$dir already exists"
fi
mkdir -p "$(dirname "$dir")"
dir=$(cd "$(dirname "$dir")" && pwd)/$(basename "$dir")

work=$(mktemp -d "${TMPDIR:-/tmp}/mkinbox.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
if [ -z "${PI_CONFIG:-}" ]; then
	PI_CONFIG=$work/pi-config
fi
export PI_CONFIG
export PI_EMERGENCY="$work/emergency"
: "${HOME:=$work}"
export HOME
# public-inbox's git calls must not read the user's or the system's git config
export GIT_CONFIG_NOSYSTEM=1

if [ -z "$append" ]; then
	public-inbox-init -V2 -L basic "$name" "$dir" \
		"http://example.com/$name" "$addr" ||
		die "public-inbox-init failed"
	git config -f "$PI_CONFIG" publicinboxmda.spamcheck none
fi

n=0
next_epoch=
# deliver FILE: one message through public-inbox-mda
deliver() {
	if [ -n "$next_epoch" ]; then
		ORIGINAL_RECIPIENT=$addr perl -MPublicInbox::V2Writable -e '
			$PublicInbox::V2Writable::PACKING_FACTOR = 2**40;
			do "/usr/bin/public-inbox-mda";
			die $@ if $@;' -- --no-precheck <"$1" ||
			die "public-inbox-mda (new epoch) failed on $1"
		next_epoch=
	else
		ORIGINAL_RECIPIENT=$addr public-inbox-mda --no-precheck <"$1" ||
			die "public-inbox-mda failed on $1"
	fi
	n=$((n + 1))
}

for item in "$@"; do
	if [ "$item" = "+epoch" ]; then
		next_epoch=1
		continue
	fi
	[ -f "$item" ] || die "$item: no such file"
	src=$item
	case $item in
	*.gz)	src=$work/gunzipped
		gzip -dc "$item" >"$src" || die "$item: gunzip failed" ;;
	esac
	if head -n 1 "$src" | grep -q '^From '; then
		rm -rf "$work/split"
		mkdir "$work/split"
		cnt=$(git mailsplit --mboxrd -o"$work/split" "$src") ||
			die "$item: git mailsplit failed"
		say "$item: $cnt messages"
		for m in "$work"/split/*; do
			[ -f "$m" ] && deliver "$m"
		done
	else
		deliver "$src"
	fi
done

say "$dir: $n deliveries, epochs: $(ls "$dir/git" | tr '\n' ' ')"
