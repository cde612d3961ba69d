#!/usr/bin/env bash
# scripts/demo.sh BUILD: show listdigest on the bundled sample archive.
#
# The sample (data/sample/linux-hyperv-sample.mbox.gz, 300 real messages) is
# an mboxrd file, but listdigest reads public-inbox v2 inboxes. So this
# script first turns the sample into a fresh v2 inbox in BUILD/demo-inbox
# with Debian's public-inbox tools. It only does that when the inbox is
# missing or the sample is newer. Then it prints the digest of that inbox.
#
# Delivery: public-inbox's own mboxrd importer does the batch import in one
# process, which takes about 2 s. It stores the same message blobs as
# delivering each message with public-inbox-mda, which takes about 70 s for
# 300 messages. If the importer is not usable, or DEMO_DELIVERY=mda is set,
# the script falls back to one public-inbox-mda call per message.
# HOME and PI_CONFIG point into a temporary dir, so the user's own
# public-inbox config is never read or touched.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SAMPLE=${DEMO_SAMPLE:-$ROOT/data/sample/linux-hyperv-sample.mbox.gz}
LIST=linux-hyperv
ADDR=linux-hyperv@vger.kernel.org
URL=http://example.com/linux-hyperv

die() { echo "demo: $*" >&2; exit 1; }
say() { echo "demo: $*" >&2; }

check_tools() {
	local t
	for t in public-inbox-init public-inbox-mda git python3 perl; do
		command -v "$t" >/dev/null ||
			die "$t not found; run scripts/install-deps.sh (Debian: public-inbox, git, python3)"
	done
	[ -f "$SAMPLE" ] || die "sample $SAMPLE not found"
}

# sample_cat: the sample mbox on stdout, gzipped or not.
sample_cat() {
	case $SAMPLE in
	*.gz) gzip -dc "$SAMPLE" ;;
	*) cat "$SAMPLE" ;;
	esac
}

# count_messages: number of messages in the sample. In mboxrd every line
# that starts with "From " is a separator, because body lines are quoted.
count_messages() { sample_cat | grep -c '^From ' || true; }

needs_rebuild() {
	local inbox=$1 stamp=$2
	[ ! -d "$inbox/git/0.git" ] || [ ! -f "$stamp" ] || [ "$SAMPLE" -nt "$stamp" ]
}

# init_inbox INBOX: an empty v2 inbox, configured in $PI_CONFIG only.
init_inbox() {
	public-inbox-init -V2 "$LIST" "$1" "$URL" "$ADDR"
	git config -f "$PI_CONFIG" publicinboxmda.spamcheck none
}

# import_batch: the whole mbox through public-inbox's mboxrd importer
# (PublicInbox::InboxWritable::import_mbox, public-inbox 1.9 in Debian 12).
import_batch() {
	sample_cat | perl -MPublicInbox::Config -MPublicInbox::InboxWritable -e '
		my $ibx = PublicInbox::Config->new->lookup_name($ARGV[0])
			or die "inbox $ARGV[0] not configured\n";
		PublicInbox::InboxWritable->new($ibx)->import_mbox(\*STDIN, "mboxrd");
	' "$LIST"
}

# split_mbox DIR: one NNNNN.eml per message, mboxrd quoting undone.
split_mbox() {
	sample_cat | python3 -c '
import re, sys, os
data = sys.stdin.buffer.read()
parts = re.split(rb"^From [^\n]*\n", data, flags=re.M)
if parts[0].strip():
    sys.exit("demo: sample does not start with a From line")
for i, msg in enumerate(parts[1:]):
    if msg.endswith(b"\n\n"):
        msg = msg[:-1]            # the blank line that ends each entry
    msg = re.sub(rb"^>(>*From )", rb"\1", msg, flags=re.M)
    with open(os.path.join(sys.argv[1], "%05d.eml" % i), "wb") as f:
        f.write(msg)
' "$1"
}

# deliver_mda TMP: one public-inbox-mda call per message, in order.
deliver_mda() {
	local f n=0
	mkdir -p "$1/msgs"
	split_mbox "$1/msgs"
	for f in "$1"/msgs/*.eml; do
		ORIGINAL_RECIPIENT=$ADDR public-inbox-mda --no-precheck <"$f" ||
			die "public-inbox-mda rejected $(basename "$f")"
		n=$((n + 1))
		[ $((n % 50)) -ne 0 ] || say "delivered $n messages"
	done
}

# build_inbox INBOX STAMP: a new inbox from the sample, checked by count.
# It runs in a subshell so the HOME and PI_CONFIG exports stay in there.
build_inbox() (
	local inbox=$1 stamp=$2 tmp want got
	tmp=$(mktemp -d)
	# shellcheck disable=SC2064 # expand $tmp now
	trap "rm -rf '$tmp'" EXIT
	export HOME=$tmp PI_CONFIG=$tmp/pi-config # never the user's real config
	rm -rf "$inbox" "$stamp" "$BUILD/demo-cache"
	say "building $inbox from $(basename "$SAMPLE")"
	init_inbox "$inbox"
	if [ "${DEMO_DELIVERY:-batch}" = mda ] || ! import_batch; then
		say "delivering message by message with public-inbox-mda (slower)"
		rm -rf "$inbox" "$PI_CONFIG"
		init_inbox "$inbox"
		deliver_mda "$tmp"
	fi
	want=$(count_messages)
	got=$(git -C "$inbox/git/0.git" rev-list --count HEAD)
	[ "$got" -eq "$want" ] ||
		die "inbox has $got commits but the sample has $want messages"
	touch "$stamp"
	say "inbox ready: $got messages in $inbox/git/0.git"
)

main() {
	[ $# -eq 1 ] || die "usage: scripts/demo.sh BUILD_DIR"
	mkdir -p "$1"
	BUILD=$(cd "$1" && pwd)
	local inbox=$BUILD/demo-inbox stamp=$BUILD/demo-inbox.stamp
	check_tools
	if needs_rebuild "$inbox" "$stamp"; then
		build_inbox "$inbox" "$stamp"
	else
		say "reusing $inbox (delete it to rebuild)"
	fi
	[ -x "$BUILD/listdigest" ] || die "$BUILD/listdigest not built; run make first"
	"$BUILD/listdigest" --cache-dir "$BUILD/demo-cache" "$inbox"
	echo
	echo "JSON form: $BUILD/listdigest --format json --cache-dir $BUILD/demo-cache $inbox"
}

main "$@"
