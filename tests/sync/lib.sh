# tests/sync/lib.sh - real git servers on 127.0.0.1 for the sync tests
#
# Sourced by tests/sync/*.sh, which meson runs as NAME.sh /path/to/listdigest.
# Builds on tests/cli/lib.sh (temporary directory, HOME/PI_CONFIG inside it,
# run/check_* helpers, ok/not_ok/finish) and adds servers that a test starts
# itself and that are stopped when it exits, however it exits:
#   start_daemon ROOT   git daemon (git://) on a free port serving ROOT
#   start_http ROOT     lighttpd running `git http-backend` as CGI (smart
#                       HTTP, the way git-http-backend(1) documents it for
#                       lighttpd) and serving ROOT's other files as they are
# ROOT is a directory that serve_inbox fills: ROOT/test -> INBOX/git, so that
# the archive URL is .../test and its epochs are .../test/0, .../test/1,
# ... (git daemon and http-backend find test/0 as INBOX/git/0.git), as on
# lore.kernel.org.  Nothing but 127.0.0.1 is ever contacted: proxies are
# cleared so that no request can leave through one.

# shellcheck shell=bash disable=SC2034
. "$(dirname "$0")/../cli/lib.sh"

unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY \
	ftp_proxy FTP_PROXY GIT_PROXY_COMMAND
export no_proxy=127.0.0.1,localhost NO_PROXY=127.0.0.1,localhost
# libgit2 reads $HOME/.gitconfig (inside $tmp) and no system config.
export GIT_CONFIG_NOSYSTEM=1
# Configured inboxes come only from files a test writes.
export XDG_CONFIG_HOME=$tmp/xdg

servers=
stop_servers() {
	local pid
	for pid in $servers; do
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	servers=
}
trap 'stop_servers; rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM

# stop_server PID: stop one server started here
stop_server() {
	kill "$1" 2>/dev/null
	wait "$1" 2>/dev/null
	servers=$(echo "$servers" | tr ' ' '\n' | grep -vx "$1" | tr '\n' ' ')
}

# free_port: a TCP port on 127.0.0.1 that nothing listens on right now
free_port() {
	python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# listening PORT: whether something accepts connections on 127.0.0.1:PORT
listening() {
	python3 -c 'import socket, sys
s = socket.socket()
s.settimeout(1)
sys.exit(s.connect_ex(("127.0.0.1", int(sys.argv[1]))) != 0)' "$1"
}

# wait_listening PID PORT: until PORT accepts or PID died (10 s at most)
wait_listening() {
	local i
	for i in $(seq 1 100); do
		listening "$2" && return 0
		kill -0 "$1" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}

# serve_inbox ROOT INBOX: make INBOX's epochs ROOT/test/N
serve_inbox() {
	mkdir -p "$1"
	ln -sfn "$2/git" "$1/test"
}

# start_daemon ROOT: git daemon for ROOT; sets daemon_pid, port and
# git_url (the archive URL git://127.0.0.1:PORT/test)
start_daemon() {
	for _ in 1 2 3 4 5; do
		port=$(free_port)
		"$(git --exec-path)/git-daemon" --base-path="$1" --export-all \
			--reuseaddr --listen=127.0.0.1 --port="$port" \
			--informative-errors 2>>"$tmp/daemon.log" &
		daemon_pid=$!
		if wait_listening "$daemon_pid" "$port"; then
			servers="$servers $daemon_pid"
			git_url=git://127.0.0.1:$port/test
			return 0
		fi
		kill "$daemon_pid" 2>/dev/null
		wait "$daemon_pid" 2>/dev/null
	done
	echo "Bail out! git daemon did not start"
	cat "$tmp/daemon.log"
	exit 1
}

lighttpd_bin() {
	command -v lighttpd 2>/dev/null ||
		{ [ -x /usr/sbin/lighttpd ] && echo /usr/sbin/lighttpd; }
}

# need_lighttpd: skip the test when lighttpd is not installed
need_lighttpd() {
	if [ -z "$(lighttpd_bin)" ]; then
		echo "SKIP: lighttpd not installed (apt-get install lighttpd)"
		exit 77
	fi
}

# start_http ROOT: lighttpd on a free port; URLs /test/N/... go to
# git-http-backend with GIT_PROJECT_ROOT=ROOT/test, any other URL is a
# file under ROOT/www (URL/manifest.js.gz: see manifest_path).  Sets
# http_pid, port and http_url (http://127.0.0.1:PORT/test).
start_http() {
	local conf=$tmp/lighttpd.conf root
	root=$(cd "$1" && pwd)
	mkdir -p "$root/www/test"
	for _ in 1 2 3 4 5; do
		port=$(free_port)
		cat >"$conf" <<EOF
server.modules = ("mod_alias", "mod_cgi", "mod_setenv")
server.document-root = "$root/www"
server.bind = "127.0.0.1"
server.port = $port
server.errorlog = "$tmp/lighttpd.log"
# The tests rewrite manifest.js.gz between requests within a second;
# lighttpd's stat cache could then send the new file with the old length
# (a truncated gzip, taken for "no manifest").
server.stat-cache-engine = "disable"
mimetype.assign = (".gz" => "application/gzip")
\$HTTP["url"] =~ "^/test/[0-9]+/" {
	alias.url = ("/test/" => "$(git --exec-path)/git-http-backend/")
	cgi.assign = ("" => "")
	setenv.add-environment = (
		"GIT_PROJECT_ROOT" => "$root/test",
		"GIT_HTTP_EXPORT_ALL" => ""
	)
}
EOF
		"$(lighttpd_bin)" -D -f "$conf" 2>>"$tmp/lighttpd.log" &
		http_pid=$!
		if wait_listening "$http_pid" "$port"; then
			servers="$servers $http_pid"
			http_url=http://127.0.0.1:$port/test
			return 0
		fi
		kill "$http_pid" 2>/dev/null
		wait "$http_pid" 2>/dev/null
	done
	echo "Bail out! lighttpd did not start"
	cat "$tmp/lighttpd.log"
	exit 1
}

# manifest_path ROOT: the file start_http serves as URL/manifest.js.gz
manifest_path() {
	echo "$1/www/test/manifest.js.gz"
}

# make_manifest INBOX OUT EPOCH...: write the grokmirror manifest that
# public-inbox's web server serves at URL/manifest.js.gz for these epochs,
# with public-inbox's own code (PublicInbox::Git::manifest_entry: the
# fingerprint is the SHA-1 of `git show-ref`), gzipped as it sends it
make_manifest() {
	local inbox=$1 out=$2
	shift 2
	perl -MPublicInbox::Git -MPublicInbox::Config \
		-MIO::Compress::Gzip=gzip -e '
		my ($inbox, $out, @epochs) = @ARGV;
		my %m;
		for my $n (@epochs) {
			my $git = PublicInbox::Git->new("$inbox/git/$n.git");
			my $ent = $git->manifest_entry($n,
					"public inbox for test\@example.com")
				or die "no manifest entry for epoch $n\n";
			delete $ent->{git_dir};
			$ent->{reference} = undef;
			$m{"/test/git/$n.git"} = $ent;
		}
		my $json = PublicInbox::Config::json()->encode(\%m);
		gzip(\$json => "$out.tmp") or die "gzip failed\n";
		rename("$out.tmp", $out) or die "rename failed: $!\n";
	' "$inbox" "$out" "$@" ||
		{ echo "Bail out! make_manifest failed"; exit 1; }
}

# small_inbox DIR: 15 messages in git/0.git, 8 in git/1.git; the other
# messages of the corpus are left for deliveries
small_inbox() {
	"$tools/mkinbox.sh" -q "$1" "$corp"/e0-0*.eml "$corp"/e0-1[0-5]-*.eml \
		+epoch "$corp"/e1-0[1-8]-*.eml >/dev/null ||
		{ echo "Bail out! mkinbox.sh failed"; exit 1; }
}

# deliver INBOX ITEM...: more mail (or +epoch) into INBOX, as the list
# server would
deliver() {
	local inbox=$1
	shift
	"$tools/mkinbox.sh" -q -A "$inbox" "$@" >/dev/null ||
		{ echo "Bail out! mkinbox.sh -A failed"; exit 1; }
}

# heads DIR: "N HEAD" for each epoch of the inbox or mirror DIR
heads() {
	local e
	for e in $(ls "$1/git" | sed -n 's/^\([0-9][0-9]*\)\.git$/\1/p' |
			sort -n); do
		echo "$e $(git -C "$1/git/$e.git" rev-parse HEAD 2>&1)"
	done
}

# check_out NAME TEXT: stdout of run NAME is TEXT exactly, stderr empty
check_out() {
	if [ "$(cat "$tmp/$1.out")" = "$2" ]; then
		ok "$1: printed the expected epoch lines"
	else
		not_ok "$1: unexpected output"
		printf '%s\n' "$2" >"$tmp/$1.want"
		diff -u "$tmp/$1.want" "$tmp/$1.out" | sed 's/^/#   /'
	fi
	check_quiet "$1"
}

# check_sync_error NAME WANT: exit status WANT (non-zero), nothing on
# stdout, one "listdigest: ..." line on stderr
check_sync_error() {
	local n
	check_rc "$1" "$2"
	n=$(grep -c '' "$tmp/$1.err")
	if [ "$n" -eq 1 ] && grep -q '^listdigest: ' "$tmp/$1.err"; then
		ok "$1: one error line: $(cat "$tmp/$1.err")"
	else
		not_ok "$1: $n lines on stderr, expected one listdigest: line"
		sed 's/^/#   stderr: /' "$tmp/$1.err" | head -n 5
	fi
	if [ -s "$tmp/$1.out" ]; then
		not_ok "$1: something on stdout"
	else
		ok "$1: nothing on stdout"
	fi
}

# check_mirror SOURCE MIRROR: same epochs with the same HEADs, bare mirror
# remotes, no temporary clone left behind
check_mirror() {
	local e bad=
	if [ "$(heads "$1")" = "$(heads "$2")" ]; then
		ok "mirror has the same epochs and HEADs as the source"
	else
		not_ok "mirror's epochs or HEADs differ from the source's"
		diff -u <(heads "$1") <(heads "$2") | sed 's/^/#   /'
	fi
	for e in $(ls "$2/git" | sed -n 's/^\([0-9][0-9]*\)\.git$/\1/p'); do
		[ "$(git -C "$2/git/$e.git" rev-parse --is-bare-repository)" = \
			true ] || bad="$bad $e:not-bare"
		[ "$(git -C "$2/git/$e.git" config remote.origin.mirror)" = \
			true ] || bad="$bad $e:no-mirror-config"
		[ "$(git -C "$2/git/$e.git" config remote.origin.fetch)" = \
			'+refs/*:refs/*' ] || bad="$bad $e:refspec"
	done
	if compgen -G "$2/git/.[0-9]*" >/dev/null; then
		bad="$bad temporary-clone-left"
	fi
	if [ -z "$bad" ]; then
		ok "mirror epochs are bare --mirror clones, no temporary left"
	else
		not_ok "mirror:$bad"
	fi
}

# check_digest_same SOURCE MIRROR NAME: the JSON digests of both are equal
check_digest_same() {
	run "$3-src" --no-cache --format json "$1"
	run "$3" --no-cache --format json "$2"
	check_rc "$3" 0
	check_same "$3-src" "$3"
}
