#!/bin/bash
# tests/ranges2/names.sh - SOURCE as the name of a configured inbox
#
# public-inbox's config ($PI_CONFIG, else ~/.public-inbox/config:
# publicinbox.NAME.inboxdir) and listdigest's own
# ($XDG_CONFIG_HOME/listdigest/config: [inbox "NAME"] path, url, name):
#   - a name gives the same report as the path it stands for; `name` sets
#     the report's list name (--list-name still wins); listdigest's entry
#     wins over public-inbox's, field by field;
#   - an existing path is a path, even when a name matches it;
#   - a name that matches nothing: exit 2 and one line listing the names
#     that exist; a name without a local path: exit 2, one line;
#   - --since-last through a name and through its path share the state.
. "$(dirname "$0")/lib2.sh"

export TZ=UTC
I=$tmp/main
main_inbox "$I"   # publicinbox.test.inboxdir = $I in $PI_CONFIG
# a second public-inbox entry with no local inbox, only a URL
git config -f "$PI_CONFIG" publicinbox.hyperv.url https://lore.kernel.org/linux-hyperv
git config -f "$PI_CONFIG" publicinbox.hyperv.address linux-hyperv@vger.kernel.org
own=$XDG_CONFIG_HOME/listdigest/config
mkdir -p "$(dirname "$own")"
tip0=$(rev "$I" 0 19 | cut -c1-9)
tip1=$(rev "$I" 1 11 | cut -c1-9)

# --- public-inbox's config
run by-path --no-cache "$I"
check_rc by-path 0
run by-name --no-cache test
check_rc by-name 0
check_same by-path by-name
# without $PI_CONFIG: ~/.public-inbox/config
mkdir -p "$HOME/.public-inbox"
cp "$PI_CONFIG" "$HOME/.public-inbox/config"
(unset PI_CONFIG; run by-name-home --no-cache test)
check_rc by-name-home 0
check_same by-path by-name-home
rm -rf "$HOME/.public-inbox"

# --- listdigest's own config
cat >"$own" <<EOC
[inbox "kvm"]
	path = $I/git/0.git
	url = https://lore.kernel.org/kvm
	name = KVM
[inbox "kvm.arm"]
	path = $I
EOC
run own --no-cache kvm
check_rc own 0
run own-ref --no-cache --list-name KVM "$I/git/0.git"
check_same own-ref own
check_eq "own: first line" "$(first_line own)" \
	"KVM mailing list update from (start) to $tip0"
run own-json --no-cache --format json kvm
check_eq "own-json: list" "$(jval own-json 'd["list"]')" KVM
check_eq "own-json: messages of git/0.git" \
	"$(jval own-json 'd["totals"]["messages"]')" 19
run own-list-name --no-cache --list-name Other kvm
check_eq "own-list-name: --list-name wins" "$(first_line own-list-name)" \
	"Other mailing list update from (start) to $tip0"
run dotted --no-cache kvm.arm
check_rc dotted 0
check_same by-path dotted

# --- both: listdigest's name, public-inbox's path
cat >>"$own" <<EOC
[inbox "test"]
	name = Test List
EOC
run both --no-cache test
check_rc both 0
check_eq "both: name from listdigest's config, path from public-inbox's" \
	"$(first_line both)" "Test List mailing list update from (start) to $tip1"
# listdigest's path wins over public-inbox's inboxdir
git config -f "$own" inbox.test.path "$I/git/0.git"
run both-path --no-cache --format json test
check_rc both-path 0
check_eq "both-path: listdigest's path (git/0.git)" \
	"$(jval both-path 'd["totals"]["messages"]')" 19
git config -f "$own" --unset inbox.test.path

# --- an existing path is a path: ./kvm is the whole inbox, not the
# configured git/0.git
mkdir -p "$tmp/cwd"
ln -s "$I" "$tmp/cwd/kvm"
(cd "$tmp/cwd" && run path-wins --no-cache --format json kvm)
check_rc path-wins 0
check_eq "path-wins: ./kvm, 30 messages" \
	"$(jval path-wins 'd["totals"]["messages"]')" 30

# --- names that give nothing
run unknown --no-cache lkml
check_usage_error unknown
for name in hyperv kvm kvm.arm test; do
	if grep -q "$name" "$tmp/unknown.err"; then
		ok "unknown: the message names '$name'"
	else
		not_ok "unknown: the message does not name '$name'"
	fi
done
run no-path --no-cache hyperv
check_usage_error no-path
# nothing configured anywhere
(export HOME=$tmp/empty-home XDG_CONFIG_HOME=$tmp/empty-config
 PI_CONFIG=$tmp/no-such-config
 mkdir -p "$HOME"
 run nothing --no-cache kvm)
check_usage_error nothing

# --- --since-last: a name and its path share the state
run sl-name --since-last --no-cache --format json test
check_rc sl-name 0
check_eq "sl-name: the whole archive" "$(jval sl-name 'd["totals"]["messages"]')" 30
run sl-path --since-last --no-cache --format json "$I"
check_rc sl-path 0
check_eq "sl-path: nothing new after the run through the name" \
	"$(jval sl-path 'd["totals"]["messages"]')" 0

finish
