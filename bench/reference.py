#!/usr/bin/env python3
"""bench/reference.py - a straightforward Python reference for listdigest's
top_domains and top_contributors tables (issue 8: the speed we compare
against).

What it is: the obvious script a user would write to answer "who posts
patches to this list, from which domains": `git log --raw` for the message
blobs, one `git cat-file --batch` process to read them, Python's `email`
package (policy.default) to parse them.  Single-threaded, stdlib only
(Python 3.11, Debian 12).  It is not meant to be clever or fast; it is the
yardstick for listdigest's speed, and a cross-check of its counts.

Usage:
    python3 bench/reference.py [--format json|text] [--top N]
                               [--include-bots] SOURCE
SOURCE is a public-inbox v2 epoch (bare git repository, e.g. kvm/git/0.git)
or a v2 inbox directory holding git/0.git, git/1.git, ... (read in numeric
order as one history), as listdigest accepts them.  `--format json` prints
{"top_domains": [{domain, count}], "top_contributors": [{name, email,
count}], "messages": N}, the same row shapes as listdigest's JSON; N is
what listdigest calls totals.messages.  --top defaults to 15, like
listdigest's.  Compare with:
    build/listdigest --no-cache --format json --top 1000 SOURCE

Rules followed (those of listdigest, see README.md, docs/json.md and
src/parse/{subject,kind,inbody,commitmsg}.c, src/model/{digest,people,
tally,bots}.c):
  - every first-parent commit whose tree gains blob `m` adds that message;
    one gaining `d` removes the message with that blob added earlier;
    an empty blob is purged, a blob with no headers skipped;
  - a blob, or a Message-ID (the first Message-ID header), seen before
    counts once: the first;
  - a patch: subject tags (leading [..] groups after the last Re:/Fwd:/AW:..
    prefix) name PATCH (or PULL), no reply prefix, number not 0, a diff in
    the text/plain (or text/x-patch, *.patch) body; a cover letter: number
    0 and no reply prefix;
  - the author is the in-body "From:" of the body's leading in-body header
    block (as git am reads it), else the header From;
  - top_domains: lower-cased part after the last '@' of the author's
    address; top_contributors: keyed by lower-cased address, shown with the
    name written most often (the earliest on a tie); rows ordered by count,
    then name, then key; authors matching a bot pattern (built-in list plus
    data/bots) left out.

How close it comes (against `listdigest --no-cache --format json --top
1000`, with and without --include-bots): on linux-hyperv epoch 0 (26,431
commits) 116 of 116 domain rows and 357 of 357 contributor rows are
identical (names, addresses, counts and order), messages 26382 =
totals.messages; the same on a 200,000-message bench/synth.sh archive
(199,631 messages) and on a two-epoch inbox with `d` removals and a
re-added blob.  One rule had to be copied from GMime to get there (see
first_address()): an in-body From whose address is not one word
("vkuznets () redhat ! com") is no address, so the header From counts;
without it one patch of Jon Doron's went to a contributor
"vkuznets redhat ! com" (two contributor rows and two domain rows off).
GMime's "a@b.c (Name)" = name "Name" is copied too, though no table here
needed it.  Differences remaining in principle, none of which these
archives trigger:
  - charsets: listdigest takes text labelled Latin-1/cp1252 that is valid
    UTF-8 as UTF-8 and cleans control characters; decode_text() does the
    same for the common cases only, so an exotic charset can still spell
    a name differently;
  - address parsing: GMime and email.headerregistry still disagree on
    other malformed From lines (stray brackets, unquoted specials, bare
    names); the key (the lower-cased address) can then differ;
  - Message-ID: a malformed first Message-ID header is taken as written
    (after RFC 2047 decoding) where GMime may read another id, which can
    change what counts as a duplicate;
  - MIME: a part declaring multipart without a usable boundary, and
    broken structures, may yield another body text (and so another "has
    a diff" or in-body From).

Speed (2 shared, noisy cores; medians): 23 s for the 26k epoch, about
1,150 messages/s, against 1.1 s for `git log --raw | git cat-file --batch`
and 2.3-3.5 s for `listdigest --no-cache -j 2`; nearly all of it is the
email package's parsing.  A blob seen before is not read twice.
"""
import argparse
import email
import email.policy
import fnmatch
import json
import os
import re
import signal
import subprocess
import sys

POLICY = email.policy.default
DEFAULT_TOP = 15
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# src/model/bots.c's built-in patterns; data/bots adds more.
BUILTIN_BOTS = """lkp@intel.com
syzbot*@syzkaller.appspotmail.com
patchwork-bot+*@kernel.org
pr-tracker-bot@kernel.org
noreply*@*
*-noreply@*
*.noreply@*
no-reply*@*
*-no-reply@*
"""


def load_bots():
    text = BUILTIN_BOTS
    try:
        with open(os.path.join(ROOT, "data", "bots"), encoding="utf-8") as f:
            text += f.read()
    except OSError:
        pass
    pats = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip().lower()
        if line:
            pats.append(line)
    return pats


def is_bot(pats, address):
    low = address.lower()
    return bool(low) and any(fnmatch.fnmatchcase(low, p) for p in pats)


# --- subjects (src/parse/subject.c, src/parse/kind.c) ---------------------

REPLY_WORDS = ("re", "fwd", "fw", "aw", "sv", "antw", "wg", "odp")


def clean(text):
    """Collapse whitespace runs to one space and trim, as listdigest does."""
    return " ".join(re.split(r"[ \t\r\n]+", text)).strip()


def reply_prefix_len(s, p):
    low = s[p:p + 4].lower()
    for w in REPLY_WORDS:
        if low.startswith(w):
            break
    else:
        return 0
    q = p + len(w)
    if q < len(s) and s[q] in "[^":
        d = q + 1
        while d < len(s) and s[d].isascii() and s[d].isdigit():
            d += 1
        if d > q + 1 and (s[q] == "^" or (d < len(s) and s[d] == "]")):
            q = d if s[q] == "^" else d + 1
    while q < len(s) and s[q] == " ":
        q += 1
    if q >= len(s) or s[q] != ":":
        return 0
    return q + 1 - p


def count(tok):
    if 0 < len(tok) <= 9 and tok.isascii() and tok.isdigit():
        return int(tok)
    return None


def is_version(tok):
    m = re.fullmatch(r"[vV]([0-9]{1,9})(?:[.A-Za-z].*)?", tok)
    return m is not None


def is_word(tok, word):
    """`word`, or `word` glued to a version ("PATCHv2", "PATCH-v2")."""
    if tok[:len(word)].upper() != word:
        return False
    rest = tok[len(word):]
    if not rest:
        return True
    return is_version(rest[1:] if rest[0] == "-" else rest)


def parse_subject(subject):
    """(reply, patch_or_pull, pull, number) of a decoded subject."""
    s = clean(subject)
    reply = patch = pull = False
    number = -1
    p = 0
    while True:
        while p < len(s) and s[p] == " ":
            p += 1
        n = reply_prefix_len(s, p)
        if n:
            reply, patch, pull, number = True, False, False, -1
            p += n
            continue
        close = s.find("]", p)
        if p < len(s) and s[p] == "[" and close >= 0:
            toks = [t[:-1] if len(t) > 1 and t.endswith(":") else t
                    for t in re.split(r"[ ,]+", s[p + 1:close]) if t][:64]
            i = 0
            while i < len(toks):
                t = toks[i]
                if is_word(t, "PATCH"):
                    patch = True
                elif is_word(t, "RFC") or is_word(t, "RESEND"):
                    pass
                elif is_word(t, "PULL"):
                    pull = True
                elif (t.upper() == "GIT" and i + 1 < len(toks)
                      and toks[i + 1].upper() == "PULL"):
                    pull = True
                    i += 1
                elif is_version(t):
                    pass
                elif t in ("v", "V") and i + 1 < len(toks) and \
                        count(toks[i + 1]) is not None:
                    i += 1
                elif "/" in t and count(t.split("/", 1)[0]) is not None \
                        and count(t.split("/", 1)[1]) is not None:
                    number = count(t.split("/", 1)[0])
                elif (i + 2 < len(toks) and count(t) is not None
                      and toks[i + 1].lower() == "of"
                      and count(toks[i + 2]) is not None):
                    number = count(t)
                    i += 2
                i += 1
            p = close + 1
            continue
        break
    return reply, patch or pull, pull, number


def kind_of(subject, has_diff):
    """'patch', 'cover' or None (anything else), as src/parse/kind.c."""
    reply, patchy, pull, number = parse_subject(subject)
    if reply or (pull and number <= 0):
        return None
    if number == 0:
        return "cover"
    if patchy and has_diff:
        return "patch"
    return None


# --- bodies (src/parse/message.c, commitmsg.c, inbody.c) ------------------

UTF8ISH = {"utf-8", "utf8", "us-ascii", "ascii", "ansi_x3.4-1968"}
MISLABELLED = {"iso-8859-1", "latin1", "latin-1", "iso-8859-15",
               "windows-cp1252", "cp1252", "windows-1252"}


def decode_text(raw, charset):
    """Part bytes to str: the declared charset, but UTF-8 when it is valid
    and the label is one that commonly lies; else UTF-8, else Latin-1."""
    cs = (charset or "").lower()
    try:
        utf8 = raw.decode("utf-8")
    except UnicodeDecodeError:
        utf8 = None
    if cs and cs not in UTF8ISH and not raw.isascii() and \
            not (utf8 is not None and cs in MISLABELLED):
        try:
            return raw.decode(cs)
        except (LookupError, UnicodeDecodeError):
            pass
    return utf8 if utf8 is not None else raw.decode("latin-1")


def wanted(part):
    ctype = part.get_content_type()
    if ctype in ("text/plain", "text/x-patch", "text/x-diff"):
        return True
    if ctype == "text/html":
        return False
    name = part.get_filename() or ""
    return name.endswith(".patch") or name.endswith(".diff")


def collect_text(part, out, depth=0):
    if depth > 64:
        return
    if part.get_content_maintype() == "multipart" and part.is_multipart():
        kids = part.get_payload()
        if part.get_content_subtype() != "alternative":
            for k in kids:
                collect_text(k, out, depth + 1)
            return
        pick = next((k for k in kids if not k.is_multipart() and wanted(k)),
                    None) or \
            next((k for k in kids if k.get_content_maintype() == "multipart"),
                 None)
        if pick is not None:
            collect_text(pick, out, depth + 1)
    elif not part.is_multipart() and wanted(part):
        raw = part.get_payload(decode=True)
        if raw:
            if out and not out[-1].endswith("\n"):
                out.append("\n")
            text = decode_text(raw, part.get_content_charset())
            out.append(text.replace("\r\n", "\n").replace("\r", "\n"))
    # message/rfc822 and the like hold someone else's mail


def has_diff(body):
    lines = body.split("\n")
    for i, line in enumerate(lines):
        if line.startswith("diff --git "):
            return True
        if line.startswith("--- ") and i + 1 < len(lines) and \
                lines[i + 1].startswith("+++ "):
            return True
    return False


INBODY = re.compile(r"(From|Subject|Date):[ \t]*(.*)", re.I | re.S)


def inbody_from(body):
    """The in-body From value, as git mailinfo reads the header block."""
    seen, current, value = set(), None, None
    for line in body.lstrip("\n").split("\n"):
        if current and line[:1] in (" ", "\t"):
            if current == "from":
                value += " " + line
            continue
        m = INBODY.match(line)
        if not m or m.group(1).lower() in seen:
            break
        current = m.group(1).lower()
        seen.add(current)
        if current == "from":
            value = m.group(2)
    return value


def unmangle(s):
    """Raw 8-bit header bytes come back from email as surrogates."""
    try:
        s.encode("utf-8")
        return s
    except UnicodeEncodeError:
        raw = s.encode("utf-8", "surrogateescape")
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return raw.decode("latin-1")


def first_address(text):
    """(name, address) of the first mailbox in an address header's text."""
    try:
        hdr = POLICY.header_factory("From", text)
        for a in hdr.addresses:
            name, addr = clean(unmangle(a.display_name)), \
                clean(unmangle(a.addr_spec))
            # GMime gives up on an address that is not one word
            # ("vkuznets () redhat ! com"); listdigest then falls back.
            if " " in addr:
                return None
            # "a@b.c (Name)": GMime takes the comment for the name.
            m = re.search(r"\(([^()]*)\)\s*$", text)
            if not name and m:
                name = clean(m.group(1))
            return name, addr
    except Exception:
        pass
    return None


def message_id(msg):
    try:
        values = msg.get_all("Message-ID") or []
    except Exception:
        return ""
    if not values:
        return ""
    v = str(values[0])
    m = re.search(r"<([^<>]*)>", v)
    if m:
        return clean(m.group(1))
    v = clean(v)
    return v if "@" in v and " " not in v else ""


def author_of(msg, body):
    """The (name, address) credited with a patch or cover letter."""
    frm = inbody_from(body)
    if frm is not None:
        who = first_address(frm)
        if who:
            return who
    try:
        text = str(msg.get("From", ""))
    except Exception:
        text = ""
    return first_address(text) or (clean(unmangle(text)), "")


# --- archive ---------------------------------------------------------------


def epochs(source):
    if os.path.isdir(os.path.join(source, "git", "0.git")):
        n = 0
        while os.path.isdir(os.path.join(source, "git", f"{n}.git")):
            yield os.path.join(source, "git", f"{n}.git")
            n += 1
    else:
        yield source


def entries(repo):
    """('m'|'d', blob) per first-parent commit, oldest first."""
    log = subprocess.Popen(
        ["git", "-C", repo, "log", "--reverse", "--first-parent", "--raw",
         "--no-abbrev", "--format=commit %H"],
        stdout=subprocess.PIPE)
    for line in log.stdout:
        if line.startswith(b":"):
            meta, path = line.rstrip(b"\n").split(b"\t", 1)
            status, new = meta.split()[4][:1], meta.split()[3].decode()
            if path in (b"m", b"d") and status in (b"A", b"M", b"T"):
                yield path.decode(), new
    if log.wait() != 0:
        sys.exit(f"reference.py: git log failed in {repo}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("source")
    ap.add_argument("--format", choices=("json", "text"), default="json")
    ap.add_argument("--top", type=int, default=DEFAULT_TOP)
    ap.add_argument("--include-bots", action="store_true")
    args = ap.parse_args()
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # quiet under `| head`
    bots = [] if args.include_bots else load_bots()

    seen_blobs = set()     # every blob added so far
    seen_mids = set()      # every Message-ID counted so far
    counted = {}           # blob -> (kind, name, address) of counted mail
    order = []             # blobs of counted messages, in arrival order
    removed = set()

    for repo in epochs(args.source):
        cat = subprocess.Popen(["git", "-C", repo, "cat-file", "--batch"],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        for what, blob in entries(repo):
            if what == "d":
                if blob in counted and blob not in removed:
                    removed.add(blob)
                continue
            if blob in seen_blobs:
                continue        # the same blob again: a duplicate
            cat.stdin.write(blob.encode() + b"\n")
            cat.stdin.flush()
            header = cat.stdout.readline().split()
            if len(header) < 3:
                print(f"reference.py: cannot read blob {blob}",
                      file=sys.stderr)
                continue
            data = cat.stdout.read(int(header[2]) + 1)[:-1]
            seen_blobs.add(blob)
            if data.startswith(b"From "):
                data = data.split(b"\n", 1)[1] if b"\n" in data else b""
            if not data:
                continue        # purged
            msg = email.message_from_bytes(data, policy=POLICY)
            if not msg.keys():
                continue        # not a message
            mid = message_id(msg)
            if mid and mid in seen_mids:
                continue        # a duplicate Message-ID
            seen_mids.add(mid)
            try:
                subject = str(msg.get("Subject", ""))
            except Exception:
                subject = ""
            out = []
            collect_text(msg, out)
            body = "".join(out)
            kind = kind_of(unmangle(subject), has_diff(body))
            who = author_of(msg, body) if kind else None
            counted[blob] = (kind, who)
            order.append(blob)
        cat.stdin.close()
        cat.wait()

    domains, people, spellings, seq = {}, {}, {}, 0
    for blob in order:
        kind, who = counted[blob]
        if not kind or blob in removed or is_bot(bots, who[1]):
            continue
        name, addr = who
        at = addr.rfind("@")
        dom = addr[at + 1:].lower() if at >= 0 else "(none)"
        domains[dom] = domains.get(dom, 0) + 1
        key = (addr or name).lower()
        row = people.setdefault(key, {"n": 0, "best": None})
        row["n"] += 1
        sp = spellings.setdefault((key, name), [0, seq, name, addr])
        sp[0] += 1
        seq += 1
        best = row["best"]
        if best is None or sp[0] > best[0] or \
                (sp[0] == best[0] and sp[1] < best[1]):
            row["best"] = sp

    def top(rows):
        rows.sort(key=lambda r: (-r[0], r[1].encode(), r[2].encode()))
        return rows if args.top < 0 else rows[:args.top]

    dom_rows = top([(n, "", d) for d, n in domains.items()])
    ppl_rows = top([(r["n"], r["best"][2], k, r["best"][3])
                    for k, r in people.items()])
    result = {
        "top_domains": [{"domain": d, "count": n} for n, _, d in dom_rows],
        "top_contributors": [{"name": nm, "email": a, "count": n}
                             for n, nm, _, a in ppl_rows],
        "messages": len(order) - len(removed),
    }
    if args.format == "json":
        json.dump(result, sys.stdout, indent=2, ensure_ascii=False)
        print()
    else:
        print(f"messages: {result['messages']}\n\nTop domains:")
        for r in result["top_domains"]:
            print(f"{r['count']:6d}  {r['domain']}")
        print("\nTop contributors:")
        for r in result["top_contributors"]:
            print(f"{r['count']:6d}  {r['name']} <{r['email']}>")


if __name__ == "__main__":
    main()
