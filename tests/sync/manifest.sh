#!/bin/bash
# tests/sync/manifest.sh - over HTTP the epochs come from URL/manifest.js.gz
# (grokmirror's manifest, made here with public-inbox's own code and served
# by lighttpd beside git http-backend): only the epochs it lists are
# cloned, an epoch whose fingerprint matches the mirror's is not fetched,
# --no-manifest and a broken manifest fall back to trying URL/N; and a
# manifest behind a redirect, sent chunked, listing a second inbox
. "$(dirname "$0")/lib.sh"
need_lighttpd

S=$tmp/server/test
M=$tmp/mirror/test
small_inbox "$S"
serve_inbox "$tmp/root" "$S"
start_http "$tmp/root"
MF=$(manifest_path "$tmp/root")

# The server has epochs 0 and 1, its manifest lists only 0: trying URL/N
# would clone both, the manifest clones one.
make_manifest "$S" "$MF" 0
run listed-0 sync "$http_url" "$M"
check_rc listed-0 0
check_out listed-0 "git/0.git: 15 new messages (new clone)"
if [ -e "$M/git/1.git" ]; then
	not_ok "listed-0: git/1.git was cloned although not listed"
else
	ok "listed-0: only the listed epoch was cloned"
fi

make_manifest "$S" "$MF" 0 1
run listed-both sync "$http_url" "$M"
check_rc listed-both 0
check_out listed-both "git/0.git: 0 new messages
git/1.git: 8 new messages (new clone)"
check_mirror "$S" "$M"
check_digest_same "$S" "$M" digest-listed

# New mail, but the manifest still has the old fingerprints: the mirror
# matches them, so nothing is fetched.  Once the manifest is up to date,
# the three messages arrive.
deliver "$S" "$corp"/e1-09-*.eml "$corp"/e1-1[01]-*.eml
run stale sync "$http_url" "$M"
check_rc stale 0
check_out stale "git/0.git: 0 new messages
git/1.git: 0 new messages"
if [ "$(git -C "$M/git/1.git" rev-parse HEAD)" != \
	"$(git -C "$S/git/1.git" rev-parse HEAD)" ]; then
	ok "stale: an epoch whose fingerprint matched was not fetched"
else
	not_ok "stale: git/1.git was fetched despite a matching fingerprint"
fi
make_manifest "$S" "$MF" 0 1
run fresh sync "$http_url" "$M"
check_rc fresh 0
check_out fresh "git/0.git: 0 new messages
git/1.git: 3 new messages"
check_mirror "$S" "$M"

# A new epoch appears in the manifest.
deliver "$S" +epoch "$corp"/e0-1[6-9]-*.eml
make_manifest "$S" "$MF" 0 1 2
run new-epoch sync "$http_url" "$M"
check_rc new-epoch 0
check_out new-epoch "git/0.git: 0 new messages
git/1.git: 0 new messages
git/2.git: 4 new messages (new clone)"
check_mirror "$S" "$M"
check_digest_same "$S" "$M" digest-new-epoch

# Local epochs that the manifest does not list are still fetched.
deliver "$S" "$corp"/x-01-*.eml
make_manifest "$S" "$MF" 0
run unlisted sync "$http_url" "$M"
check_rc unlisted 0
check_out unlisted "git/0.git: 0 new messages
git/1.git: 0 new messages
git/2.git: 1 new message"
check_mirror "$S" "$M"

# --no-manifest ignores it; a manifest that is not gzip is ignored.
run no-manifest sync --no-manifest "$http_url" "$M"
check_rc no-manifest 0
check_out no-manifest "git/0.git: 0 new messages
git/1.git: 0 new messages
git/2.git: 0 new messages"
echo '{"/test/git/0.git": {}}' >"$MF"
rm -rf "$tmp/fresh-mirror"
run broken sync "$http_url" "$tmp/fresh-mirror"
check_rc broken 0
check_out broken "git/0.git: 15 new messages (new clone)
git/1.git: 11 new messages (new clone)
git/2.git: 5 new messages (new clone)"

# A manifest behind a redirect, sent chunked, that also lists another
# inbox: chunked-server.py serves nothing else, so the sync succeeds only
# if the manifest was read and git/0.git's fingerprint matched.
make_manifest "$S" "$tmp/m.gz" 0
python3 -c 'import gzip, json, sys
m = json.loads(gzip.decompress(open(sys.argv[1], "rb").read()))
m["/other/git/0.git"] = {"fingerprint": "0" * 40, "modified": 1}
open(sys.argv[2], "wb").write(gzip.compress(json.dumps(m).encode()))' \
	"$tmp/m.gz" "$MF" ||
	{ echo "Bail out! cannot edit the manifest"; exit 1; }
for _ in 1 2 3 4 5; do
	port=$(free_port)
	python3 "$here/chunked-server.py" "$port" "$MF" 2>>"$tmp/chunked.log" &
	chunked_pid=$!
	wait_listening "$chunked_pid" "$port" && break
	kill "$chunked_pid" 2>/dev/null
	wait "$chunked_pid" 2>/dev/null
	chunked_pid=
done
[ -n "$chunked_pid" ] ||
	{ echo "Bail out! chunked-server.py did not start"; exit 1; }
servers="$servers $chunked_pid"
rm -rf "$tmp/one"
mkdir -p "$tmp/one/git"
git clone -q --mirror "$S/git/0.git" "$tmp/one/git/0.git"
run chunked sync "http://127.0.0.1:$port/test" "$tmp/one"
check_rc chunked 0
check_out chunked "git/0.git: 0 new messages"
if grep -q '^GET /moved/m.js.gz?from=test ' "$tmp/chunked.log" &&
   ! grep -q '/test/0' "$tmp/chunked.log"; then
	ok "chunked: the redirect was followed and no epoch was contacted"
else
	not_ok "chunked: unexpected requests"
	sed 's/^/#   /' "$tmp/chunked.log"
fi

finish
