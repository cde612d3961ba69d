#!/bin/bash
# tests/report/terminal.sh - nothing from a message drives the terminal;
# --color colours headings and labels only
#
# The hostile inbox (tests/corpora/hostile/h-01..03): subjects, a sender
# name and a commit message holding ESC sequences (a title change, SGR
# colours, clear screen), BEL, backspaces, CR, the C1 CSI U+009B and the
# right-to-left override U+202E.  Control characters are replaced by
# U+FFFD when a message is parsed; U+202E reaches the renderers and must
# show as the visible escape "\u202e".
. "$(dirname "$0")/../cli/lib.sh"

"$tools/mkinbox.sh" -q "$tmp/h" "$srcroot"/tests/corpora/hostile/h-0[123]-*.eml \
	>/dev/null || { echo "Bail out! mkinbox.sh failed"; exit 1; }
H=$tmp/h

for fmt in text markdown; do
	run "$fmt" --no-cache --format "$fmt" "$H"
	check_rc "$fmt" 0
	check_clean "$fmt"
	if grep -qF 'leak \u202ecod.exe' "$tmp/$fmt.out"; then
		ok "$fmt: U+202E shown as \\u202e"
	else
		not_ok "$fmt: no visible \\u202e for the override"
	fi
done
check_line text "[v2, 1 patch] net: mana: �[2J�[31mFix� leak \\u202ecod.exe � | José Expósito | new | 1/1 received | 0 replies, 0 reviews" 1
check_line text 'Raw controls in the body: �[31mred�[0m bell� back�� cr' 1
check_line text 'over csi�2J rlo\u202etxt.exe' 1

# --color: never, and auto when stdout is not a terminal, print no ESC at
# all; always colours the headings and the labels, nothing else.
for c in never auto; do
	run "color-$c" --no-cache --color="$c" "$H"
	check_rc "color-$c" 0
	if cmp -s "$tmp/text.out" "$tmp/color-$c.out"; then
		ok "color-$c: same as without --color"
	else
		not_ok "color-$c: output differs from the plain text"
	fi
done
run color-always --no-cache --color=always "$H"
check_rc color-always 0
check_line color-always $'\e[1m===== Patch list in this time period =====\e[0m' 1
check_line color-always $'\e[1mTop 15 contributors (Based on Email Body)\e[0m' 1
check_line color-always $'\e[1;32mNew:  \e[0m<img src=x onerror=alert(1)> net: mana: `fix` *leak* | in _hwc_ [x](y) #1' 1
if sed 's/\x1b\[[0-9;]*m//g' "$tmp/color-always.out" | cmp -s - "$tmp/text.out"; then
	ok "color-always: without its SGR sequences, the plain text"
else
	not_ok "color-always: differs from the plain text beyond colours"
fi
if grep -a $'\e' "$tmp/color-always.out" | grep -av $'^\e\\[[0-9;]*m[^\e]*\e\\[0m' |
	grep -q .; then
	not_ok "color-always: an ESC that does not open a heading or label"
else
	ok "color-always: every ESC opens a heading or a label"
fi
# On a terminal (script(1) gives one), auto colours unless NO_COLOR or
# TERM=dumb says not to.
if command -v script >/dev/null 2>&1; then
	TERM=xterm script -qec "'$ld' --no-cache -q '$H'" /dev/null >"$tmp/tty.out" 2>&1
	if grep -q $'\e\\[1m' "$tmp/tty.out"; then
		ok "tty: auto colours on a terminal"
	else
		not_ok "tty: no colour on a terminal"
	fi
	NO_COLOR=1 TERM=xterm script -qec "'$ld' --no-cache -q '$H'" /dev/null >"$tmp/tty-nc.out" 2>&1
	if grep -q $'\e\\[1m' "$tmp/tty-nc.out"; then
		not_ok "tty-nc: NO_COLOR still coloured"
	else
		ok "tty-nc: NO_COLOR turns auto off"
	fi
fi
run color-bad --no-cache --color=sometimes "$H"
check_usage_error color-bad
# A link target must be a web archive: a javascript: URL would be live.
run url-bad --no-cache --format html --archive-url 'javascript:alert(1)' "$H"
check_usage_error url-bad

finish
