#!/bin/sh
# Install the Debian 12 packages listdigest needs to build, test and demo.
# Only calls apt-get when something is missing (and sudo when not root).
set -e
PKGS="build-essential meson ninja-build pkg-config git
libglib2.0-dev libgmime-3.0-dev libgit2-dev libsqlite3-dev libjson-glib-dev
public-inbox python3 zlib1g-dev time lighttpd jq chromium cmark-gfm
clang libclang-rt-14-dev valgrind"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
echo "installing:$missing" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing
