# tests/ranges2/lib2.sh - setup and checks shared by tests/ranges2/*.sh
#
# Sourced by each test, run by meson as NAME.sh /path/to/listdigest.  It
# sources tests/cli/lib.sh (temporary directory, HOME/PI_CONFIG/
# XDG_CACHE_HOME inside it, run/check_* helpers, TAP-like ok/not ok lines,
# exit 77 without public-inbox) and adds:
#   - XDG_STATE_HOME and XDG_CONFIG_HOME inside the temporary directory too,
#     so the --since-last state and listdigest's own config are the test's;
#   - msgs.py, which computes from the messages' Date headers (Python's
#     email and zoneinfo, independently of the program) what a date range
#     must select;
#   - helpers to read a JSON output and the state database.
# Every run sets TZ explicitly (lib.sh's default is Pacific/Chatham).

# shellcheck shell=bash disable=SC2034
. "$(dirname "$0")/../cli/lib.sh"

export XDG_STATE_HOME=$tmp/xdg-state XDG_CONFIG_HOME=$tmp/xdg-config
msgs=$here/msgs.py
statedb=$XDG_STATE_HOME/listdigest/state.sqlite

# jval NAME EXPR: a Python expression on the JSON output of run NAME (d),
# printed (lists one item a line); empty when the output is no JSON
jval() {
	python3 - "$tmp/$1.out" "$2" <<'PY' 2>/dev/null
import json, sys
try:
    d = json.load(open(sys.argv[1], encoding='utf-8'))
except ValueError:
    sys.exit(0)
v = eval(sys.argv[2])
if isinstance(v, list):
    for x in v:
        print(x)
elif v is None:
    print('null')
else:
    print(v)
PY
}

# check_eq WHAT GOT WANT
check_eq() {
	if [ "$2" = "$3" ]; then
		ok "$1: $(printf '%s' "$3" | head -c 120 | tr '\n' '|')"
	else
		not_ok "$1"
		printf '%s\n' "expected:" "$3" "got:" "$2" | head -n 40 |
			sed 's/^/#   /'
	fi
}

# first_line NAME: the first line of run NAME's stdout
first_line() { head -n 1 "$tmp/$1.out"; }

# state_dump: every row of the --since-last state, "key|tip|newest|updated"
# (empty when there is no state database yet)
state_dump() {
	[ -f "$statedb" ] || return 0
	python3 - "$statedb" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for row in db.execute('SELECT key, hex(tip), newest, updated FROM state '
                      'ORDER BY key'):
    print('|'.join('' if v is None else str(v) for v in row))
PY
}

# check_state_same WHAT BEFORE: the state is still BEFORE (a state_dump)
check_state_same() {
	local now
	now=$(state_dump)
	if [ "$now" = "$2" ]; then
		ok "$1: --since-last state unchanged"
	else
		not_ok "$1: --since-last state changed"
		printf '%s\n' "before:" "$2" "after:" "$now" | sed 's/^/#   /'
	fi
}

# subjects FILE...: the decoded Subject of each message file, one a line
subjects() {
	python3 - "$@" <<'PY'
import email, email.policy, sys
for path in sys.argv[1:]:
    with open(path, 'rb') as f:
        m = email.message_from_binary_file(f, policy=email.policy.default)
    print(' '.join(str(m['subject']).split()))
PY
}

# check_no_debris DIR WHAT: no temporary report file (NAME.XXXXXX) in DIR
check_no_debris() {
	local left
	left=$(find "$1" -maxdepth 1 -name "$2.??????" | head -n 5)
	if [ -z "$left" ]; then
		ok "no temporary file $2.XXXXXX left in $(basename "$1")"
	else
		not_ok "temporary files left: $(echo $left)"
	fi
}

# queue NAME ZONE NOW SINCE UNTIL FILELIST MODE FIRSTLINE EXTRA: a run to
# check later with batch_check (see msgs.py --batch)
queue() {
	local IFS=$'\t'
	printf '%s\n' "$*" >>"$tmp/cases.tsv"
}

# batch_check: check every queued run (one Python process for all)
batch_check() {
	local line
	[ -s "$tmp/cases.tsv" ] || return 0
	while IFS= read -r line; do
		case $line in
		"ok "*) ok "${line#ok }" ;;
		"not ok "*) not_ok "${line#not ok }" ;;
		*) echo "$line" ;;
		esac
	done < <(python3 "$msgs" --batch "$tmp/cases.tsv" "$tmp" 2>&1)
	: >"$tmp/cases.tsv"
}

# filelist NAME FILE...: write the list of message files NAME for queue
filelist() {
	local name=$1
	shift
	printf '%s\n' "$@" >"$tmp/$name.list"
	echo "$tmp/$name.list"
}

# big_epoch EPOCH.git FIRST LAST: append the 300 real messages of the
# sample mbox (data/sample/) to EPOCH.git once per variant FIRST..LAST
# with fastinbox.py, each variant with Message-IDs of its own; the mbox
# is split into $tmp/split on the first call.
big_epoch() {
	local v n sample=$srcroot/data/sample/linux-hyperv-sample.mbox.gz
	if [ ! -d "$tmp/split" ]; then
		[ -f "$sample" ] || { echo "Bail out! $sample missing"; exit 1; }
		mkdir -p "$tmp/split"
		gzip -dc "$sample" >"$tmp/sample.mbox"
		n=$(git mailsplit --mboxrd -o"$tmp/split" "$tmp/sample.mbox")
		[ "$n" = 300 ] ||
			{ echo "Bail out! sample: $n messages"; exit 1; }
	fi
	for v in $(seq "$2" "$3"); do
		python3 "$here/fastinbox.py" --variant "$v" "$1" \
			"$tmp/split"/* ||
			{ echo "Bail out! fastinbox.py failed"; exit 1; }
	done
}
