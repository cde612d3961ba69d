#!/bin/bash
# tests/containers/containers.sh - the same messages give the same digest in
# every container
#
# usage: containers.sh /path/to/listdigest   (meson runs it, suite e2e)
#
# Takes the e2e corpus's epoch-0 messages (tests/corpora/e2e/e0-*.eml, 19
# real linux-hyperv messages) and the four real linux-hyperv messages here
# (c-*.eml) whose bodies have lines starting with "From ":
#   c-01  [PATCH] Drivers: hv: vmbus: Use after free in __vmbus_open()
#         "From static analysis." below the "---"    (linux-hyperv 0.git
#         #5185, commit 1602127120d1b39b0a736a08a659a74c409180b0)
#   c-02  [PATCH 7/7] KVM: SVM: hyper-v: Direct Virtual Flush support
#         "From Hyper-V TLFS:" as the first line of the commit message,
#         right after the header's blank line    (#5078, 44086168624873021f)
#   c-03  [PATCH 0/3] Introduce movable pages for Hyper-V guests
#         a cover letter opening with "From the start, ..."   (#21423)
#   c-04  Re: [PATCH 0/3] Introduce movable pages for Hyper-V guests
#         quotes it as ">>From the start, ..."       (#21447, e0c3886ffe050f)
# and puts them into every container listdigest reads:
#   v2        tests/tools/mkinbox.sh (public-inbox-mda into git/0.git)
#   v1        public-inbox-init -V1 + public-inbox-mda
#   mboxrd, mboxo, mboxcl, mboxcl2   written by mboxes.py (mbox(5) rules)
#   mboxrd.gz, mboxcl2.gz   gzip -n of those (the latter without ".gz")
#   mboxrd with CRLF line ends (every line, separators and messages)
#   Maildir   cur/ (":2,S" flags) and new/ mixed, names by delivery time
#   stdin     "listdigest - < rd.mbox" and "- < rd.mbox.gz"
# public-inbox-mda rewrites headers (drops Delivered-To/X-Original-To, may
# add List-Id), so the bytes for every other container are the v2 inbox's
# blobs (git show COMMIT:m), in its commit order.
#
# Each container is read with `listdigest --no-cache --format json`, with
# automatic source type detection.  mboxrd and mboxcl2 are read with
# --mbox-format detection too: it must say mboxrd and mboxcl2.  mboxo and
# mboxcl are read with --mbox-format mboxo / mboxcl: detection cannot tell
# them from mboxrd and mboxcl2 (see ld_mbox_format in source/source.h).
# The JSON must equal the v2 inbox's exactly once "range" is removed
# (range names commits, which differ by container).  On a difference the
# first lines of a diff are printed.
#
# Exits 1 if any check failed, 77 (skipped) without public-inbox.

set -u

ld=${1:?usage: $0 /path/to/listdigest}
case $ld in /*) ;; *) ld=$PWD/$ld ;; esac
here=$(cd "$(dirname "$0")" && pwd)
srcroot=$(cd "$here/../.." && pwd)
corp=$srcroot/tests/corpora/e2e
tools=$srcroot/tests/tools

for t in public-inbox-init public-inbox-mda git python3 gzip; do
	if ! command -v $t >/dev/null 2>&1; then
		echo "1..0 # SKIP $t not installed (apt-get install" \
			"public-inbox)"
		exit 77
	fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ld-containers.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export HOME=$tmp/home PI_CONFIG=$tmp/pi-config XDG_CACHE_HOME=$tmp/xdg-cache
mkdir -p "$HOME"
export GIT_CONFIG_NOSYSTEM=1
export TZ=Pacific/Chatham LC_ALL=C.UTF-8

failures=0
checks=0
ok() { checks=$((checks + 1)); echo "ok $checks - $*"; }
not_ok() {
	checks=$((checks + 1))
	failures=$((failures + 1))
	echo "not ok $checks - $*"
}
bail() { echo "Bail out! $*"; exit 1; }

# --- the containers ------------------------------------------------------

"$tools/mkinbox.sh" -q "$tmp/v2" "$corp"/e0-*.eml "$here"/c-*.eml \
	>/dev/null || bail "mkinbox.sh failed"

# the v2 blobs, in commit order
mkdir -p "$tmp/msgs"
n=0
for c in $(git -C "$tmp/v2/git/0.git" rev-list --reverse --first-parent HEAD)
do
	n=$((n + 1))
	git -C "$tmp/v2/git/0.git" show "$c:m" \
		>"$tmp/msgs/$(printf %04d $n).eml" || bail "git show $c:m"
done
want=$(ls "$corp"/e0-*.eml "$here"/c-*.eml | wc -l)
[ "$n" -eq "$want" ] || bail "v2 inbox holds $n messages, expected $want"

# v1: one public-inbox-mda per message, into a plain git repository
public-inbox-init -V1 hyperv1 "$tmp/v1" http://example.com/hyperv1 \
	hyperv1@example.com || bail "public-inbox-init -V1 failed"
git config -f "$PI_CONFIG" publicinboxmda.spamcheck none
for m in "$tmp"/msgs/*.eml; do
	ORIGINAL_RECIPIENT=hyperv1@example.com \
		public-inbox-mda --no-precheck <"$m" ||
		bail "public-inbox-mda (v1) failed on $m"
done

python3 "$here/mboxes.py" "$tmp" "$tmp"/msgs/*.eml || bail "mboxes.py failed"
gzip -n -c "$tmp/rd.mbox" >"$tmp/rd.mbox.gz"
sed 's/$/\r/' "$tmp/rd.mbox" >"$tmp/rd-crlf.mbox"
gzip -n -c "$tmp/cl2.mbox" >"$tmp/cl2-compressed"   # no .gz: magic decides

# Maildir: delivery times from 999999990 (9 digits) on, every third
# message in new/, the others in cur/ with flags
mkdir -p "$tmp/Maildir/cur" "$tmp/Maildir/new" "$tmp/Maildir/tmp"
i=0
for m in "$tmp"/msgs/*.eml; do
	t=$((999999990 + i * 3))
	if [ $((i % 3)) -eq 2 ]; then
		cp "$m" "$tmp/Maildir/new/$t.M${i}P42.example"
	else
		cp "$m" "$tmp/Maildir/cur/$t.M${i}P42.example:2,S"
	fi
	i=$((i + 1))
done
echo "Subject: half delivered" >"$tmp/Maildir/tmp/999999999.M0P1.example"

# --- reading them ---------------------------------------------------------

# digest NAME ARG...: run listdigest --no-cache --format json ARG...;
# $tmp/NAME.json holds the JSON without "range"
digest() {
	local name=$1
	shift
	if ! "$ld" --no-cache --quiet --format json "$@" >"$tmp/$name.out" \
			2>"$tmp/$name.err"; then
		not_ok "$name: listdigest $* failed"
		sed 's/^/#   /' "$tmp/$name.err" | head -n 5
		return 1
	fi
	python3 - "$tmp/$name.out" >"$tmp/$name.json" <<-'EOF' || {
	import json, sys
	d = json.load(open(sys.argv[1], encoding="utf-8"))
	d.pop("range", None)
	print(json.dumps(d, indent=1, sort_keys=True, ensure_ascii=False))
	EOF
		not_ok "$name: output is not JSON"
		return 1
	}
}

# same NAME ARG...: the digest of ARG... equals the v2 inbox's
same() {
	local name=$1
	shift
	digest "$name" "$@" || return
	if cmp -s "$tmp/v2.json" "$tmp/$name.json"; then
		ok "$name: same digest as the v2 inbox"
	else
		not_ok "$name: digest differs from the v2 inbox's"
		diff -u "$tmp/v2.json" "$tmp/$name.json" | head -n 30 |
			sed 's/^/#   /'
	fi
}

digest v2 "$tmp/v2" || bail "listdigest failed on the v2 inbox"
python3 - "$tmp/v2.out" <<'EOF' || bail "v2 digest lacks the c-*.eml messages"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
text = json.dumps(d)
# the hostile messages made it in, whole
for title in ("Use after free in __vmbus_open()",
              "Direct Virtual Flush support",
              "Introduce movable pages for Hyper-V guests"):
    assert title in text, title
assert "From Hyper-V TLFS:" in text, "commit message of c-02"
EOF
ok "v2: $n messages, digest has the c-*.eml series"

same v1 "$tmp/v1"
same mboxrd "$tmp/rd.mbox"
same mboxrd-explicit --mbox-format mboxrd "$tmp/rd.mbox"
same mboxo --mbox-format mboxo "$tmp/o.mbox"
same mboxcl --mbox-format mboxcl "$tmp/cl.mbox"
same mboxcl2 "$tmp/cl2.mbox"
same mboxcl2-explicit --mbox-format mboxcl2 "$tmp/cl2.mbox"
same mboxrd-crlf "$tmp/rd-crlf.mbox"
same mboxrd.gz "$tmp/rd.mbox.gz"
same mboxcl2-gzip-no-suffix "$tmp/cl2-compressed"
same maildir "$tmp/Maildir"
same stdin - <"$tmp/rd.mbox"
same stdin-gz - <"$tmp/rd.mbox.gz"

# --source-type forces what detection would find, and refuses a type that
# does not fit the path with one line and exit 2.
same v1-forced --source-type v1 "$tmp/v1"
same maildir-forced --source-type maildir "$tmp/Maildir"
same mbox-forced --source-type mbox "$tmp/rd.mbox"
refused() {
	local name=$1
	shift
	"$ld" --no-cache --quiet --format json "$@" >"$tmp/$name.out" \
		2>"$tmp/$name.err"
	local rc=$? lines
	lines=$(grep -c '' "$tmp/$name.err")
	if [ "$rc" -eq 2 ] && [ "$lines" -eq 1 ] && [ ! -s "$tmp/$name.out" ]
	then
		ok "$name: exit 2, one line: $(cat "$tmp/$name.err")"
	else
		not_ok "$name: exit $rc, $lines stderr lines (want 2, 1)"
	fi
}
refused forced-wrong --source-type v2 "$tmp/rd.mbox"
refused forced-unknown --source-type mh "$tmp/rd.mbox"
refused mbox-format-unknown --mbox-format mboxzz "$tmp/rd.mbox"

echo "1..$checks"
echo "# $checks checks, $failures failed"
[ "$failures" -eq 0 ]
