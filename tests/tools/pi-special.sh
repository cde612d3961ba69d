#!/bin/sh
# tests/tools/pi-special.sh - make the unusual things real archives contain
#
# usage: pi-special.sh COMMAND INBOX [ARG...]
#
#   INBOX is a v2 inbox made by mkinbox.sh (DIR holding git/N.git); the
#   commands that use git plumbing act on its newest epoch, on the tip of
#   refs/heads/master, as public-inbox itself does.
#
#   rm INBOX FILE        public-inbox-learn rm --all < FILE: appends a commit
#                        (author "test", subject "rm") whose tree holds only
#                        blob "d" = the stored message; "m" is gone.  FILE
#                        must match a message delivered by public-inbox-mda
#                        (the lookup goes through its over.sqlite3 index), and
#                        PI_CONFIG must be the one mkinbox.sh used.
#   purge INBOX FILE     public-inbox-purge INBOX < FILE: rewrites history
#                        from the message's commit on; every commit that held
#                        that blob (as "m" or "d") now holds the empty blob
#                        e69de29, the commit that added it is renamed
#                        "purged <old blob id>" with an empty author "<>",
#                        and every later commit gets a new id.
#   dup-blob INBOX [REV] appends a commit adding again the "m" blob of REV
#                        (default HEAD): the same blob delivered twice, as
#                        lore has it (linux-hyperv commits 80e53a56 and
#                        c345f756).  public-inbox-mda refuses to do this.
#   add-raw INBOX FILE [SUBJECT]
#                        appends a commit adding FILE byte for byte as "m",
#                        bypassing mda (no header munging, no duplicate
#                        check: a second message with a Message-ID already
#                        used stays as it is).  The commit's author, dates
#                        and subject are deliberately unrelated to the
#                        message ("Plumbing <plumbing@example.org>", 2001,
#                        SUBJECT or "plumbing"): a reader must use headers.
#   missing-blob INBOX   appends a commit whose "m" names a blob that is not
#                        in the repository (unreadable message).
#
# Prints the new commit id (rm, dup-blob, add-raw, missing-blob) on stdout.
# Exit status: 0 on success, 1 on failure.

set -eu

die() { echo "pi-special.sh: $*" >&2; exit 1; }
[ $# -ge 2 ] || { sed -n '4,38s/^# \{0,1\}//p' "$0" >&2; exit 1; }
cmd=$1
inbox=$2
shift 2
[ -d "$inbox/git" ] || die "$inbox: not a v2 inbox (no git/)"

# newest epoch: highest N of git/N.git
epoch=$(ls "$inbox/git" | sed -n 's/^\([0-9][0-9]*\)\.git$/\1/p' |
	sort -n | tail -n 1)
[ -n "$epoch" ] || die "$inbox: no epoch"
G=$inbox/git/$epoch.git

# fixed identity and dates: unrelated to any message on purpose
export GIT_AUTHOR_NAME=Plumbing GIT_AUTHOR_EMAIL=plumbing@example.org
export GIT_COMMITTER_NAME=Plumbing GIT_COMMITTER_EMAIL=plumbing@example.org
export GIT_AUTHOR_DATE='2001-01-01T00:00:00Z'
export GIT_COMMITTER_DATE='2001-01-01T00:00:00Z'
export GIT_CONFIG_NOSYSTEM=1

# commit_m BLOB SUBJECT [--missing]: append a commit whose tree is {m: BLOB}
commit_m() {
	tree=$(printf '100644 blob %s\tm\n' "$1" |
		git -C "$G" mktree ${3:+--missing}) || die "mktree failed"
	# an empty epoch (no commit yet) gets a root commit
	if old=$(git -C "$G" rev-parse -q --verify refs/heads/master); then
		new=$(git -C "$G" commit-tree "$tree" -p "$old" -m "$2")
	else
		old=
		new=$(git -C "$G" commit-tree "$tree" -m "$2")
	fi || die "commit-tree failed"
	git -C "$G" update-ref refs/heads/master "$new" "$old" ||
		die "update-ref failed"
	echo "$new"
}

case $cmd in
rm)
	[ $# -eq 1 ] || die "usage: rm INBOX FILE"
	old=$(git -C "$G" rev-parse refs/heads/master)
	public-inbox-learn rm --all <"$1" || die "public-inbox-learn failed"
	new=$(git -C "$G" rev-parse refs/heads/master)
	[ "$old" != "$new" ] || die "public-inbox-learn rm removed nothing"
	echo "$new"
	;;
purge)
	[ $# -eq 1 ] || die "usage: purge INBOX FILE"
	# it reports the rewrite on stderr; show that only on failure
	out=$(public-inbox-purge "$inbox" <"$1" 2>&1) ||
		{ echo "$out" >&2; die "public-inbox-purge failed"; }
	;;
dup-blob)
	rev=${1:-HEAD}
	blob=$(git -C "$G" rev-parse --verify "$rev:m") ||
		die "$rev has no m"
	commit_m "$blob" dup
	;;
add-raw)
	[ $# -ge 1 ] || die "usage: add-raw INBOX FILE [SUBJECT]"
	blob=$(git -C "$G" hash-object -w --stdin <"$1") ||
		die "hash-object failed"
	commit_m "$blob" "${2:-plumbing}"
	;;
missing-blob)
	commit_m 0123456789abcdef0123456789abcdef01234567 missing --missing
	;;
*)
	die "unknown command $cmd"
	;;
esac
