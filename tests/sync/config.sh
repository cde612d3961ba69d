#!/bin/bash
# tests/sync/config.sh - `listdigest sync NAME` with the inbox's url and
# path from listdigest's config ($XDG_CONFIG_HOME/listdigest/config), over
# git://; a name without path or url, and an unknown name, are bad usage
. "$(dirname "$0")/lib.sh"

S=$tmp/server/test
M=$tmp/mirror/test
small_inbox "$S"
serve_inbox "$tmp/root" "$S"
start_daemon "$tmp/root"

# mkinbox's public-inbox config also names "test" (inboxdir = the served
# inbox); listdigest's own entry wins.  listdigest runs with no
# public-inbox config all the same: libgit2 1.5.1 leaks on each config
# entry that cli/config.c's pattern does not match (publicinboxmda.*).
ldrun() { PI_CONFIG=$tmp/no-pi-config run "$@"; }
mkdir -p "$XDG_CONFIG_HOME/listdigest"
cat >"$XDG_CONFIG_HOME/listdigest/config" <<EOF
[inbox "test"]
	path = $M
	url = $git_url
[inbox "nopath"]
	url = $git_url
[inbox "nourl"]
	path = $tmp/nourl
EOF

ldrun by-name sync test
check_rc by-name 0
check_out by-name "git/0.git: 15 new messages (new clone)
git/1.git: 8 new messages (new clone)"
check_mirror "$S" "$M"

deliver "$S" "$corp"/e1-09-*.eml
ldrun by-name-again sync test
check_rc by-name-again 0
check_out by-name-again "git/0.git: 0 new messages
git/1.git: 1 new message"
check_mirror "$S" "$M"

# The digest by the same name reads the mirror.
ldrun digest-src --no-cache --format json "$S"
ldrun digest-name --no-cache --format json test
check_rc digest-name 0
check_same digest-src digest-name

ldrun no-path sync nopath
check_usage_error no-path
ldrun no-url sync nourl
check_usage_error no-url
ldrun unknown sync nosuchinbox
check_usage_error unknown
if [ -e "$tmp/nourl" ]; then
	not_ok "no-url: $tmp/nourl was created"
else
	ok "no-url: nothing created"
fi

finish
