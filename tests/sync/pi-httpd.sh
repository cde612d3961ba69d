#!/bin/bash
# tests/sync/pi-httpd.sh - `listdigest sync` against public-inbox-httpd, the
# server lore.kernel.org runs: it serves the epochs at URL/N itself and
# computes URL/manifest.js.gz live (fingerprints included) from the inbox
. "$(dirname "$0")/lib.sh"
if ! command -v public-inbox-httpd >/dev/null 2>&1; then
	echo "SKIP: public-inbox-httpd not installed" \
		"(apt-get install public-inbox)"
	exit 77
fi

S=$tmp/server/test
M=$tmp/mirror/test
small_inbox "$S"

# start_pi_httpd: public-inbox-httpd serving the inboxes of $PI_CONFIG
# (mkinbox's: "test" at $S); sets pi_pid, port and pi_url
start_pi_httpd() {
	for _ in 1 2 3 4 5; do
		port=$(free_port)
		public-inbox-httpd -W0 -l "http://127.0.0.1:$port" \
			>>"$tmp/pi-httpd.log" 2>&1 &
		pi_pid=$!
		if wait_listening "$pi_pid" "$port"; then
			servers="$servers $pi_pid"
			pi_url=http://127.0.0.1:$port/test
			return 0
		fi
		kill "$pi_pid" 2>/dev/null
		wait "$pi_pid" 2>/dev/null
	done
	echo "Bail out! public-inbox-httpd did not start"
	cat "$tmp/pi-httpd.log"
	exit 1
}
start_pi_httpd

if python3 -c 'import gzip, json, sys, urllib.request
m = json.loads(gzip.decompress(urllib.request.urlopen(sys.argv[1]).read()))
sys.exit(sorted(m) != ["/test/git/0.git", "/test/git/1.git"])' \
	"$pi_url/manifest.js.gz"; then
	ok "the server lists epochs 0 and 1 in its manifest.js.gz"
else
	not_ok "the server's manifest.js.gz is not as expected"
fi

run first sync "$pi_url" "$M"
check_rc first 0
check_out first "git/0.git: 15 new messages (new clone)
git/1.git: 8 new messages (new clone)"
check_mirror "$S" "$M"
check_digest_same "$S" "$M" digest-first

deliver "$S" "$corp"/e1-09-*.eml "$corp"/e1-1[01]-*.eml
run new-mail sync "$pi_url" "$M"
check_rc new-mail 0
check_out new-mail "git/0.git: 0 new messages
git/1.git: 3 new messages"

deliver "$S" +epoch "$corp"/e0-1[6-9]-*.eml
run new-epoch sync "$pi_url" "$M"
check_rc new-epoch 0
check_out new-epoch "git/0.git: 0 new messages
git/1.git: 0 new messages
git/2.git: 4 new messages (new clone)"
check_mirror "$S" "$M"
check_digest_same "$S" "$M" digest-new-epoch

finish
