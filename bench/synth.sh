#!/usr/bin/env bash
# bench/synth.sh SRC_EPOCH_GIT OUT_DIR [N] -- build a synthetic public-inbox
# v2 archive of N messages (default 200000) from a real epoch, for the
# scaling benchmark of issue 8.
#
#   bench/synth.sh /tmp/hv/git/0.git /tmp/synth200k 200000
#   build/listdigest --no-cache -j 2 --format json /tmp/synth200k
#   python3 bench/reference.py /tmp/synth200k
#
# What it makes: OUT_DIR/git/0.git, a bare repository whose refs/heads/master
# (HEAD) is a linear, first-parent history of exactly N commits, each with
# a tree holding one blob `m` at its root, as public-inbox v2 writes them.
# Messages are the source's (the `m` of every first-parent commit, oldest
# first), cycled: copy round K (K = 0, 1, ...) rewrites only the
# Message-ID, In-Reply-To and References header fields, appending ".synthK"
# inside every <...> there (<x@y> becomes <x@y.synthK>; <x@y.> becomes
# <x@y.synthK>, since GMime reads "y..synthK" as "y"), so that every copy
# is a new message to listdigest while threads still hold within a round.
# A field whose ids are hidden in RFC 2047 words (12 b4 Message-IDs of
# linux-hyperv) is written back decoded, with the suffix.  All other bytes
# are left as they are.  Commits are authored like
# public-inbox's: author name and address from the message's From, author
# date from its Date (the previous message's when unreadable); committer
# "listdigest-synth <synth@invalid>" at the same date; the commit message
# is the decoded Subject.
#
# Counts: the source's non-counted messages come along in every round.  A
# blob delivered twice is copied identically twice within a round (same
# bytes, same rewrite: the same blob), and two messages sharing a
# Message-ID get the same new one, so both stay duplicates; a source
# commit with `d` instead of `m` yields no message here (a removal is not
# replayed, so its message counts in the copy).  So totals.messages of
# listdigest over the synthetic archive is N minus the duplicates (and
# purged empty blobs) among the copied source commits.
#
# How: `git rev-list` lists the source's commits once; each round, one
# `git cat-file --batch` reads COMMIT:m for all of them, a small Python
# filter rewrites the headers and writes a `git fast-import` stream, which
# fast-import turns into a pack directly.  Everything streams: memory stays
# at the size of one message plus fast-import's object table.  200,000
# messages take a few minutes on two cores (fast-import's zlib is the cost).
set -euo pipefail

die() { echo "synth: $*" >&2; exit 1; }

[ $# -ge 2 ] && [ $# -le 3 ] || die "usage: bench/synth.sh SRC_EPOCH_GIT OUT_DIR [N]"
SRC=$1
OUT=$2
N=${3:-200000}
case $N in '' | *[!0-9]*) die "N must be a positive number, not '$N'" ;; esac
[ "$N" -gt 0 ] || die "N must be positive"
git -C "$SRC" rev-parse -q --verify HEAD >/dev/null ||
	die "$SRC: not a git repository with commits"
[ ! -e "$OUT/git/0.git" ] || die "$OUT/git/0.git exists already; remove it first"
command -v python3 >/dev/null || die "python3 is needed"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/synth.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

SRC=$(cd "$SRC" && pwd)
git -C "$SRC" rev-list --first-parent --reverse HEAD | sed 's/$/:m/' >"$TMP/names"
[ -s "$TMP/names" ] || die "$SRC: no commits"

mkdir -p "$OUT/git"
EPOCH=$OUT/git/0.git.tmp
rm -rf "$EPOCH"
git init -q --bare -b master "$EPOCH"

cat >"$TMP/filter.py" <<'PY'
# Read `git cat-file --batch` output for COMMIT:m names, once per round,
# and write a fast-import stream of N commits to stdout.
import email.header, email.utils, re, subprocess, sys

src, names, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
out = sys.stdout.buffer
IDS = re.compile(rb"<([^<>]*)>")
FIELDS = (b"message-id", b"in-reply-to", b"references")


def add(mid, suffix):
    """id + suffix; "x@host." + ".synth1" would be "x@host..synth1", which
    GMime reads as "x@host", so a trailing dot takes "synth1" alone."""
    return mid + (suffix[1:] if mid.endswith(b".") else suffix)


def encoded_ids(field):
    """A field whose ids hide in RFC 2047 words (b4 once wrote such
    Message-IDs): the same field with the words decoded to plain ASCII,
    so that the ids can take their suffix."""
    name, value = field.split(b":", 1)
    try:
        text = str(email.header.make_header(email.header.decode_header(
            " ".join(value.decode("ascii").split()))))
    except Exception:
        return field
    if not text.isascii() or not IDS.search(text.encode()):
        return field
    return name + b": " + text.encode() + value[len(value.rstrip()):]


def rewrite(head, suffix):
    """Append `suffix` inside every <id> of the three threading fields;
    every other byte of the header section stays as it is."""
    lines = head.split(b"\n")
    i = 0
    while i < len(lines):
        name = lines[i].split(b":", 1)[0].strip().lower()
        j = i + 1
        while j < len(lines) and lines[j][:1] in (b" ", b"\t"):
            j += 1
        if name in FIELDS and b":" in lines[i]:
            field = b"\n".join(lines[i:j])
            if not IDS.search(field) and b"=?" in field:
                field = encoded_ids(field)
            if IDS.search(field):
                field = IDS.sub(lambda m: b"<" + add(m.group(1), suffix) +
                                b">", field)
            elif name == b"message-id":         # a bare id@host
                bare = field.rstrip()
                field = bare + suffix + field[len(bare):]
            lines[i:j] = field.split(b"\n")
        i = j
    return b"\n".join(lines)


def field(head, want):
    m = re.search(rb"(?im)^" + want + rb":[ \t]*(.*(?:\r?\n[ \t].*)*)", head)
    return m.group(1).decode("utf-8", "replace") if m else ""


def decoded(value):
    value = " ".join(value.split())
    try:
        return str(email.header.make_header(email.header.decode_header(value)))
    except Exception:
        return value


def ident(text):
    return re.sub(r"[<>\n]", "", text).strip()


when = "0 +0000"
done = 0
round_ = 0
out.write(b"feature done\n")
while done < n:
    cat = subprocess.Popen(["git", "-C", src, "cat-file", "--batch"],
                           stdin=open(names, "rb"), stdout=subprocess.PIPE)
    suffix = b".synth%d" % round_
    got = 0
    for line in cat.stdout:
        parts = line.split()
        if len(parts) != 3 or parts[1] != b"blob":
            continue                    # "COMMIT:m missing": a `d` commit
        size = int(parts[2])
        data = cat.stdout.read(size + 1)[:-1]
        got += 1
        end = re.search(rb"\r?\n\r?\n", data)
        cut = end.start() if end else len(data)
        head = data[:cut]
        data = rewrite(head, suffix) + data[cut:]
        name, addr = email.utils.parseaddr(decoded(field(head, b"From")))
        date = email.utils.parsedate_tz(field(head, b"Date"))
        if date:
            try:
                off = date[9] or 0
                sign = "-" if off < 0 else "+"
                when = "%d %s%02d%02d" % (email.utils.mktime_tz(date), sign,
                                          abs(off) // 3600,
                                          abs(off) % 3600 // 60)
            except (OverflowError, ValueError):
                pass
        msg = decoded(field(head, b"Subject")).encode("utf-8", "replace")
        out.write(b"commit refs/heads/master\n")
        out.write(("author %s <%s> %s\n" % (ident(name), ident(addr), when))
                  .encode("utf-8", "replace"))
        out.write(("committer listdigest-synth <synth@invalid> %s\n" % when)
                  .encode())
        out.write(b"data %d\n%s\n" % (len(msg), msg))
        out.write(b"M 100644 inline m\ndata %d\n" % len(data))
        out.write(data)
        out.write(b"\n")
        done += 1
        if done == n:
            break
    cat.kill()
    cat.wait()
    if got == 0:
        sys.exit("synth: the source has no `m` blobs")
    round_ += 1
out.write(b"done\n")
out.flush()
PY

echo "synth: writing $N messages into $OUT/git/0.git" >&2
start=$(date +%s)
python3 "$TMP/filter.py" "$SRC" "$TMP/names" "$N" |
	git -C "$EPOCH" fast-import --quiet --done
git -C "$EPOCH" symbolic-ref HEAD refs/heads/master
count=$(git -C "$EPOCH" rev-list --count HEAD)
[ "$count" -eq "$N" ] || die "fast-import made $count commits, not $N"
mv "$EPOCH" "$OUT/git/0.git"
echo "synth: $N commits in $(($(date +%s) - start)) s;" \
	"pack $(du -sh "$OUT/git/0.git" | cut -f1)" >&2
