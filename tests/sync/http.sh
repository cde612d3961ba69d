#!/bin/bash
# tests/sync/http.sh - `listdigest sync` over smart HTTP: git http-backend
# behind lighttpd, no manifest.js.gz (404), so the epochs are found by
# trying URL/0, URL/1, ...: first clone, digest of the mirror = digest of
# the source, new mail, a new epoch, a server that went away
. "$(dirname "$0")/lib.sh"
need_lighttpd

S=$tmp/server/test
M=$tmp/mirror/test
small_inbox "$S"
serve_inbox "$tmp/root" "$S"
start_http "$tmp/root"

run first sync "$http_url" "$M"
check_rc first 0
check_out first "git/0.git: 15 new messages (new clone)
git/1.git: 8 new messages (new clone)"
check_mirror "$S" "$M"
check_digest_same "$S" "$M" digest-first

# New mail: three messages in git/1.git; then a new epoch with four.
deliver "$S" "$corp"/e1-09-*.eml "$corp"/e1-1[01]-*.eml
run new-mail sync "$http_url/" "$M"
check_rc new-mail 0
check_out new-mail "git/0.git: 0 new messages
git/1.git: 3 new messages"
check_mirror "$S" "$M"

deliver "$S" +epoch "$corp"/e0-1[6-9]-*.eml
run new-epoch sync "$http_url" "$M"
check_rc new-epoch 0
check_out new-epoch "git/0.git: 0 new messages
git/1.git: 0 new messages
git/2.git: 4 new messages (new clone)"
check_mirror "$S" "$M"
check_digest_same "$S" "$M" digest-new-epoch

# The server goes away with a message the mirror does not have yet.
deliver "$S" "$corp"/x-01-*.eml
heads "$M" >"$tmp/heads-before"
stop_server "$http_pid"
run down sync "$http_url" "$M"
check_sync_error down 3
if cmp -s "$tmp/heads-before" <(heads "$M"); then
	ok "down: the mirror's HEADs are unchanged"
else
	not_ok "down: the mirror's HEADs changed"
fi

# A URL that is not an inbox on a running server: HTTP 404 for URL/0.
start_http "$tmp/root"
run wrong sync "http://127.0.0.1:$port/nosuch" "$tmp/other"
check_sync_error wrong 3
run back sync "$http_url" "$M"
check_rc back 0
check_out back "git/0.git: 0 new messages
git/1.git: 0 new messages
git/2.git: 1 new message"
check_mirror "$S" "$M"

finish
