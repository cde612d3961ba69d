#!/bin/bash
# tests/sync/daemon.sh - `listdigest sync URL DIR` over git:// (git daemon):
# first clone, digest of the mirror = digest of the source, new mail, a
# server that went away (mirror unchanged), a new epoch, `sync DIR`, a
# purge that rewrote history, wrong URLs and bad usage
. "$(dirname "$0")/lib.sh"

S=$tmp/server/test   # the served inbox, as public-inbox keeps it
M=$tmp/mirror/test   # our mirror (same base name: same list name)
small_inbox "$S"
serve_inbox "$tmp/root" "$S"
start_daemon "$tmp/root"

# First sync: every epoch is cloned.
run first sync "$git_url" "$M"
check_rc first 0
check_out first "git/0.git: 15 new messages (new clone)
git/1.git: 8 new messages (new clone)"
check_mirror "$S" "$M"
if [ "$(git -C "$M/git/1.git" config remote.origin.url)" = "$git_url/1" ]
then
	ok "first: remote.origin.url of git/1.git is URL/1"
else
	not_ok "first: remote.origin.url of git/1.git is" \
		"$(git -C "$M/git/1.git" config remote.origin.url)"
fi
check_digest_same "$S" "$M" digest-first

# Nothing new.
run again sync "$git_url" "$M"
check_rc again 0
check_out again "git/0.git: 0 new messages
git/1.git: 0 new messages"

# New mail on the server, but the server is down: exit 3, one line, and
# the mirror exactly as it was.
deliver "$S" "$corp"/e1-09-*.eml "$corp"/e1-1[01]-*.eml "$corp"/x-01-*.eml
heads "$M" >"$tmp/heads-before"
stop_server "$daemon_pid"
run down sync "$git_url" "$M"
check_sync_error down 3
if cmp -s "$tmp/heads-before" <(heads "$M"); then
	ok "down: the mirror's HEADs are unchanged"
else
	not_ok "down: the mirror's HEADs changed"
fi

# The server is back (on another port): the four messages arrive in
# git/1.git, and the mirror now follows the new URL.
start_daemon "$tmp/root"
run new-mail sync "$git_url" "$M"
check_rc new-mail 0
check_out new-mail "git/0.git: 0 new messages
git/1.git: 4 new messages"
check_mirror "$S" "$M"
check_digest_same "$S" "$M" digest-new-mail

# --sync fetches before the digest: new mail on the server shows in the
# digest of the mirror; with the server down the run stops before any
# digest, with the sync's one error line.
deliver "$S" "$corp"/e0-1[2-5]-*.eml
run with-sync-src --no-cache --format json "$S"
run with-sync --sync -q --no-cache --format json "$M"
check_rc with-sync 0
check_same with-sync-src with-sync
stop_server "$daemon_pid"
deliver "$S" "$corp"/e0-0[1-3]-*.eml
run with-sync-down --sync -q --no-cache --format json "$M"
check_sync_error with-sync-down 3
if [ -s "$tmp/with-sync-down.out" ]; then
	not_ok "with-sync-down: a digest was printed after a failed sync"
else
	ok "with-sync-down: no digest after a failed sync"
fi
start_daemon "$tmp/root"
run catch-up sync "$git_url" "$M"
check_rc catch-up 0

# A new epoch on the server is cloned; `sync DIR` uses the URL the mirror
# recorded.
deliver "$S" +epoch "$corp"/e0-1[6-9]-*.eml
run new-epoch sync "$M"
check_rc new-epoch 0
check_out new-epoch "git/0.git: 0 new messages
git/1.git: 0 new messages
git/2.git: 4 new messages (new clone)"
check_mirror "$S" "$M"
check_digest_same "$S" "$M" digest-new-epoch

# The server purges a message (public-inbox-purge rewrites git/2.git from
# its commit on): the forced update arrives and is reported as a rewrite.
"$tools/pi-special.sh" purge "$S" "$corp"/e0-17-*.eml >/dev/null ||
	{ echo "Bail out! pi-special.sh purge failed"; exit 1; }
run purged sync "$git_url" "$M"
check_rc purged 0
check_out purged "git/0.git: 0 new messages
git/1.git: 0 new messages
git/2.git: history rewritten, 3 new commits"
check_mirror "$S" "$M"
check_digest_same "$S" "$M" digest-purged

# -q prints nothing.
run quiet sync -q "$git_url" "$M"
check_rc quiet 0
check_out quiet ""

# A wrong URL: no epoch 0 there.  Nothing is created for a new mirror, and
# an existing one is left alone.
run wrong-new sync "git://127.0.0.1:$port/nosuch" "$tmp/other"
check_sync_error wrong-new 3
if [ -e "$tmp/other" ]; then
	not_ok "wrong-new: $tmp/other was created"
else
	ok "wrong-new: nothing created"
fi
heads "$M" >"$tmp/heads-before"
run wrong-existing sync "git://127.0.0.1:$port/nosuch" "$M"
check_sync_error wrong-existing 3
if cmp -s "$tmp/heads-before" <(heads "$M"); then
	ok "wrong-existing: the mirror's HEADs are unchanged"
else
	not_ok "wrong-existing: the mirror's HEADs changed"
fi

# Bad usage: exit 2 and one line.
mkdir -p "$tmp/notempty"
echo x >"$tmp/notempty/file"
run usage-none sync
check_usage_error usage-none
run usage-three sync "$git_url" "$M" extra
check_usage_error usage-three
run usage-url-only sync "$git_url"
check_usage_error usage-url-only
# (PI_CONFIG: mkinbox's has a publicinboxmda section, and libgit2 1.5.1
# leaks on every entry that cli/config.c's pattern does not match.)
PI_CONFIG=$tmp/no-pi-config run usage-unknown-name sync nosuchinbox
check_usage_error usage-unknown-name
run usage-file sync "$git_url" "$tmp/notempty/file"
check_usage_error usage-file
run usage-notempty sync "$git_url" "$tmp/notempty"
check_usage_error usage-notempty
run usage-not-mirror sync "$tmp/notempty"
check_usage_error usage-not-mirror
run usage-option sync --no-such-option "$git_url" "$M"
check_usage_error usage-option

finish
