#!/bin/bash
# tests/report/email.sh - --format email: a complete RFC 5322 message
#
# Each message is parsed by Python's email package (email_check.py, with
# policy.default and compat32), a parser independent of the GMime that
# wrote it: every header exactly once and no other, addresses as given,
# Subject = the text report's first line, Date within the run, a
# well-formed Message-ID that changes from run to run, MIME-Version 1.0,
# no defects, and the decoded body equal byte for byte to
# `--format text --color=never` (and the HTML part to `--format html`).
#
# Inboxes, from real linux-hyperv messages:
#   M  the main corpus (tests/corpora/e2e e0-*, e1-*): all lines short,
#      UTF-8 names -> text/plain, 8bit
#   L  M and tests/corpora/hostile/h-04 (a copy of e1-08 whose commit
#      message holds a 1985-octet line, printed in the text report) ->
#      quoted-printable; copies of h-04 with that line cut to 998 and 999
#      octets show where 8bit ends
#   H  the hostile h-01..h-03 (HTML, Markdown and terminal controls in
#      subjects, names and commit messages)
# Header injection: a --list-name with CR LF "Bcc: ..." reaches only the
# Subject, folded and harmless (the text report, hence the body, keeps
# the LF: a body line "Bcc: ...", no header); a --to with a line break is
# refused.
#
# Refused: no From, addresses that do not parse or hold a line break,
# --from/--to/--cc/--html-alternative without --format email.  Config:
# from, to, cc (and name) of an [inbox "NAME"] in listdigest's config.
#
# Sending (never done here; -oi: a line holding only "." in a commit
# message must not end the message):
#   listdigest --format email --from ... --to ... SOURCE RANGE |
#       /usr/sbin/sendmail -oi -t
. "$(dirname "$0")/../cli/lib.sh"

# Under ASan, a GMime object never unref'd must show as a leak: GLib before
# 2.76 carves GObjects out of GSlice's magazines, where LeakSanitizer sees
# them as reachable; plain malloc makes each one visible.
export G_SLICE=always-malloc

hostile=$srcroot/tests/corpora/hostile
FROM='Digest Bot <digest@example.org>'
TO='linux-hyperv@vger.kernel.org, Wei Liu <wei.liu@kernel.org>'
CC='"Hyper-V, maintainers" <kys@microsoft.com>'

main_inbox "$tmp/m"
M=$tmp/m
"$tools/mkinbox.sh" -q "$tmp/l" "$corp"/e0-*.eml +epoch "$corp"/e1-*.eml \
	"$hostile"/h-04-long-line.eml >/dev/null &&
"$tools/mkinbox.sh" -q "$tmp/h" "$hostile"/h-0[123]-*.eml >/dev/null ||
	{ echo "Bail out! mkinbox.sh failed"; exit 1; }
L=$tmp/l
H=$tmp/h

# pycheck LABEL MESSAGE ARG...: email_check.py's verdicts as ok/not ok
pycheck() {
	local label=$1 msg=$2 line n=0
	shift 2
	python3 "$here/email_check.py" "$msg" "$@" >"$tmp/py.out" 2>&1
	local rc=$?
	while IFS= read -r line; do
		n=$((n + 1))
		case $line in
		"ok "*) ok "$label: ${line#ok }" ;;
		"not ok "*) not_ok "$label: ${line#not ok }" ;;
		*) not_ok "$label: $line" ;;
		esac
	done <"$tmp/py.out"
	if [ "$rc" -ne 0 ] || [ "$n" -eq 0 ]; then
		not_ok "$label: email_check.py failed (exit $rc)"
	fi
}

# email NAME ARG...: run listdigest --no-cache --format email ARG...,
# noting the time before and after in $after and $before
email() {
	local name=$1
	shift
	after=$(date +%s)
	run "$name" --no-cache --format email "$@"
	before=$(date +%s)
	check_rc "$name" 0
	check_quiet "$name"
}

# --- the main inbox: one text/plain part, 8bit -----------------------------
run text --no-cache --format text --color=never "$M"
check_rc text 0
if LC_ALL=C grep -q '[^ -~]' "$tmp/text.out"; then
	ok "text: holds non-ASCII (UTF-8) text"
else
	not_ok "text: all ASCII; the 8bit check would prove nothing"
fi

email plain --from "$FROM" --to "$TO" --cc "$CC" "$M"
pycheck plain "$tmp/plain.out" --text "$tmp/text.out" --from "$FROM" \
	--to "$TO" --cc "$CC" --cte 8bit --after "$after" --before "$before" \
	--msgid-out "$tmp/plain.mid"
email plain2 --from "$FROM" --to "$TO" --cc "$CC" "$M"
pycheck plain2 "$tmp/plain2.out" --text "$tmp/text.out" --from "$FROM" \
	--to "$TO" --cc "$CC" --cte 8bit --after "$after" --before "$before" \
	--msgid-out "$tmp/plain2.mid"
if [ -s "$tmp/plain.mid" ] && ! cmp -s "$tmp/plain.mid" "$tmp/plain2.mid"
then
	ok "plain2: a fresh Message-ID ($(cat "$tmp/plain2.mid"))"
else
	not_ok "plain2: the same Message-ID as plain, or none"
fi
check_line plain 'Content-Transfer-Encoding: 8bit' 1
check_line plain 'MIME-Version: 1.0' 1

# An empty group is a To (RFC 5322 3.4)
email group --from "$FROM" --to 'undisclosed-recipients:;' "$M"
pycheck group "$tmp/group.out" --text "$tmp/text.out" --from "$FROM" \
	--to 'undisclosed-recipients:;' --after "$after" --before "$before"

# From alone: no To or Cc header at all
email fromonly --from 'digest@example.org' "$M"
pycheck fromonly "$tmp/fromonly.out" --text "$tmp/text.out" \
	--from 'digest@example.org' --after "$after" --before "$before"

# -o FILE writes the same message
email ofile --from "$FROM" --to "$TO" -o "$tmp/ofile.eml" "$M"
pycheck ofile "$tmp/ofile.eml" --text "$tmp/text.out" --from "$FROM" \
	--to "$TO" --after "$after" --before "$before"

# A range: the Subject follows the text report's first line
R="$(rev "$M" 0 19)..$(rev "$M" 1 5)"
run text-range --no-cache --format text --color=never "$M" "$R"
email range --from "$FROM" --to "$TO" "$M" "$R"
pycheck range "$tmp/range.out" --text "$tmp/text-range.out" --from "$FROM" \
	--to "$TO" --after "$after" --before "$before"

# --- a line over 998 octets: quoted-printable ------------------------------
run text-long --no-cache --format text --color=never "$L"
check_rc text-long 0
n=$(awk 'length($0) > 998' "$tmp/text-long.out" | wc -l)
if [ "$n" -eq 1 ]; then
	ok "text-long: h-04's long line reaches the text report"
else
	not_ok "text-long: $n lines over 998 octets, expected 1"
fi
email long --from "$FROM" --to "$TO" "$L"
pycheck long "$tmp/long.out" --text "$tmp/text-long.out" --from "$FROM" \
	--to "$TO" --cte quoted-printable --after "$after" --before "$before"

# Where 8bit ends: the long line cut to exactly 998 and 999 octets.
for len in 998 999; do
	python3 - "$hostile/h-04-long-line.eml" "$tmp/cut-$len.eml" "$len" <<'PY'
import sys
src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
lines = open(src, 'rb').read().split(b'\n')
long = [i for i, l in enumerate(lines) if len(l) > 998]
assert len(long) == 1, long
lines[long[0]] = lines[long[0]][:n]
open(dst, 'wb').write(b'\n'.join(lines))
PY
	"$tools/mkinbox.sh" -q "$tmp/cut-$len" "$tmp/cut-$len.eml" >/dev/null ||
		{ echo "Bail out! mkinbox.sh failed"; exit 1; }
	run "text-cut-$len" --no-cache --format text --color=never "$tmp/cut-$len"
	n=$(awk '{ if (length($0) > m) m = length($0) } END { print m }' \
		"$tmp/text-cut-$len.out")
	if [ "$n" -eq "$len" ]; then
		ok "text-cut-$len: longest line $len octets"
	else
		not_ok "text-cut-$len: longest line $n octets, expected $len"
	fi
	cte=8bit
	[ "$len" -gt 998 ] && cte=quoted-printable
	email "cut-$len" --from "$FROM" --to "$TO" "$tmp/cut-$len"
	pycheck "cut-$len" "$tmp/cut-$len.out" --text "$tmp/text-cut-$len.out" \
		--from "$FROM" --to "$TO" --cte "$cte" --after "$after" \
		--before "$before"
done

# --- --html-alternative -----------------------------------------------------
for i in M L H; do
	run "html-$i" --no-cache --format html "${!i}"
	check_rc "html-$i" 0
done
run text-h --no-cache --format text --color=never "$H"
email alt --from "$FROM" --to "$TO" --cc "$CC" --html-alternative "$M"
pycheck alt "$tmp/alt.out" --text "$tmp/text.out" --html "$tmp/html-M.out" \
	--from "$FROM" --to "$TO" --cc "$CC" --after "$after" --before "$before"
email alt-long --from "$FROM" --to "$TO" --html-alternative "$L"
pycheck alt-long "$tmp/alt-long.out" --text "$tmp/text-long.out" \
	--html "$tmp/html-L.out" --cte quoted-printable --from "$FROM" \
	--to "$TO" --after "$after" --before "$before"
email alt-hostile --from "$FROM" --to "$TO" --html-alternative "$H"
pycheck alt-hostile "$tmp/alt-hostile.out" --text "$tmp/text-h.out" \
	--html "$tmp/html-H.out" --from "$FROM" --to "$TO" --after "$after" \
	--before "$before"

# --- hostile text and header injection --------------------------------------
email hostile --from "$FROM" --to "$TO" "$H"
pycheck hostile "$tmp/hostile.out" --text "$tmp/text-h.out" --from "$FROM" \
	--to "$TO" --after "$after" --before "$before"

# The list name reaches the Subject; its CR LF must not end the header.
# listdigest turns the name's controls into spaces, so the text report's
# first line, and the Subject, read "KVM  Bcc: ..." on one line.
inj=$'KVM\r\nBcc: evil@example.org'
run text-inj --no-cache --format text --color=never --list-name "$inj" "$M"
subject="$(sed -n 1p "$tmp/text-inj.out")"
case $subject in
'KVM  Bcc: evil@example.org mailing list update from '*) ;;
*) echo "Bail out! unexpected text report: $subject"; exit 1 ;;
esac
email inject --from "$FROM" --to "$TO" --list-name "$inj" "$M"
pycheck inject "$tmp/inject.out" --text "$tmp/text-inj.out" \
	--subject "$subject" --from "$FROM" --to "$TO" --after "$after" \
	--before "$before"
if grep -qi '^bcc:' "$tmp/inject.out"; then
	not_ok "inject: a line starting with Bcc:"
else
	ok "inject: no line starting with Bcc:, in the headers or the body"
fi
# Other controls in the name (ESC, BEL, DEL) become spaces (C1 and bidi
# overrides are made visible: see the config's name below); a long name
# is folded, encoded.
inj2=$'KVM\e]0;owned\a\x7fevil'
run text-inj2 --no-cache --format text --color=never --list-name "$inj2" "$M"
email inject2 --from "$FROM" --list-name "$inj2" "$M"
pycheck inject2 "$tmp/inject2.out" --text "$tmp/text-inj2.out" \
	--from "$FROM" --after "$after" --before "$before"
long_name=$(printf 'x%.0s' $(seq 1500))
run text-longname --no-cache --format text --color=never \
	--list-name "$long_name" "$M"
email longname --from "$FROM" --list-name "$long_name" "$M"
pycheck longname "$tmp/longname.out" --text "$tmp/text-longname.out" \
	--from "$FROM" --cte quoted-printable --after "$after" \
	--before "$before"

# --- refused options: exit 2, one line on stderr, nothing on stdout ---------
run badto --no-cache --format email --from "$FROM" \
	--to $'a@example.org\nBcc: evil@example.org' "$M"
check_usage_error badto
run badcc --no-cache --format email --from "$FROM" \
	--cc $'a@example.org\r\nBcc: evil@example.org' "$M"
check_usage_error badcc
run nofrom --no-cache --format email --to "$TO" "$M"
check_usage_error nofrom
if grep -q -- '--from' "$tmp/nofrom.err"; then
	ok "nofrom: the message names --from"
else
	not_ok "nofrom: the message does not name --from"
fi
i=0
for bad in garbage 'not an address' '@@@' 'a@' '<>' \
	'a@example.org, b@example.org' 'a@example.org garbage' \
	'undisclosed-recipients:;' 'Bcc: evil@example.org'; do
	i=$((i + 1))
	run "badfrom-$i" --no-cache --format email --from "$bad" "$M"
	check_usage_error "badfrom-$i"
done
run badto2 --no-cache --format email --from "$FROM" \
	--to 'a@example.org, garbage' "$M"
check_usage_error badto2
run badcc2 --no-cache --format email --from "$FROM" --cc '@@' "$M"
check_usage_error badcc2
for opt in --from=a@example.org --to=a@example.org --cc=a@example.org \
	--html-alternative; do
	run "notemail${opt%%=*}" --no-cache "$opt" "$M"
	check_usage_error "notemail${opt%%=*}"
	run "notemail-json${opt%%=*}" --no-cache --format json "$opt" "$M"
	check_usage_error "notemail-json${opt%%=*}"
done

# --- from, to and cc in listdigest's config ---------------------------------
# (git-config syntax: '"' quotes and ';' starts a comment, so neither is
# used; non-ASCII names come through here, RFC 2047-encoded.)
CFROM='José Expósito Digest <digest@example.org>'
CTO='Hyper-V list <linux-hyperv@vger.kernel.org>, kys@microsoft.com'
CCC='Dexuan Cui <decui@microsoft.com>'
mkdir -p "$HOME/.config/listdigest"
cat >"$HOME/.config/listdigest/config" <<CFG
[inbox "hv"]
	path = $M
	from = $CFROM
	to = $CTO
	cc = $CCC
CFG
email cfg hv
pycheck cfg "$tmp/cfg.out" --text "$tmp/text.out" --from "$CFROM" \
	--to "$CTO" --cc "$CCC" --after "$after" --before "$before"
# the command line wins over the config
email cfg-override --from "$FROM" --to 'other@example.net' hv
pycheck cfg-override "$tmp/cfg-override.out" --text "$tmp/text.out" \
	--from "$FROM" --to 'other@example.net' --cc "$CCC" --after "$after" \
	--before "$before"
# The list name from the config (options cannot carry non-ASCII: see
# the report) with a C1 CSI and a right-to-left override
# and a From in an internationalised domain (the Message-ID takes its
# ASCII form)
name=$'KVM\xc2\x9b2J\xe2\x80\xaeevil'
IDN='Digest <digest@exämple.org>'
cat >>"$HOME/.config/listdigest/config" <<CFG
[inbox "hv2"]
	path = $M
	name = $name
	from = $IDN
CFG
run text-hv2 --no-cache --format text --color=never hv2
email cfg-name hv2
pycheck cfg-name "$tmp/cfg-name.out" --text "$tmp/text-hv2.out" \
	--from "$IDN" --after "$after" --before "$before"
check_line cfg-name 'From: Digest <digest@xn--exmple-cua.org>' 1
if grep -qF 'KVM\x9b2J\u202eevil mailing list' "$tmp/text-hv2.out"; then
	ok "text-hv2: the config's name with visible escapes"
else
	not_ok "text-hv2: the config's name is not in the text report"
fi
# a broken config value is refused like an option
printf '[inbox "bad"]\n\tpath = %s\n\tfrom = garbage\n' "$M" \
	>>"$HOME/.config/listdigest/config"
run cfg-bad --no-cache --format email bad
check_usage_error cfg-bad

finish
