#!/usr/bin/env python3
"""tests/tools/hostile.py - write the hostile corpus of issue 7

usage: hostile.py OUTDIR [--mbox FILE] [--big-mb N]

Writes one file per case into OUTDIR (NN-name.eml, in delivery order), each
made by damaging a real linux-hyperv message of tests/corpora/e2e/:

  P = e0-09-mana-leak.eml   [PATCH] net: mana: Fix memory leak in
                            mana_hwc_create_wq, José Expósito, 2021-12-08
  R = e0-10-mana-leak-re.eml Dexuan Cui's reply to P (In-Reply-To P,
                            quoted-printable Latin-1, "Reviewed-by:")
  S = e1-08-mshv-pmd.eml    [PATCH] mshv: Use PMD_ORDER instead of
                            HPAGE_PMD_ORDER ..., Stanislav Kinsburskii

Every damaged copy gets its own Message-ID <hostile-NN@example.org> (so that
none is a duplicate of another) and, for the patches, " (hostile NN)"
appended to the Subject (so that the patch list tells them apart and no
copy is taken for a resend of P by its title).  The replies keep answering
P's real Message-ID.

  00-patch               P as it is: the patch the replies answer
  01-reply               R as it is
  02-unclosed-boundary   P as multipart/mixed: the patch as text/plain, then
                         a multipart/alternative whose boundary never closes,
                         holding a text/x-patch attachment; the outer
                         boundary never closes either: the message ends
                         mid-part
  03-nested-1000         P as multipart/mixed: the patch as text/plain, then
                         multipart/mixed parts nested 1,000 deep (all
                         properly closed) around a one-line text/plain leaf
  04-base64-garbage      R whose body is declared base64 but is garbage:
                         characters outside the alphabet, '=' padding in the
                         middle, 8-bit bytes, a quad cut short at the end
  05-qp-garbage          P declared quoted-printable although it is not (its
                         diff holds "err = ..."), plus a paragraph of broken
                         escapes: =ZZ, =4, =\xff, "= ", "==", a lone '=' at
                         the end of the message
  06-unknown-charset     P's body re-encoded in Latin-1 and declared
                         charset="x-hostile-unknown"
  07-nul-charset         P with a NUL byte inside the charset parameter:
                         charset="utf-8\\0hostile"
  08-8bit-headers        P with raw 8-bit headers: the From name in Latin-1
                         bytes (not RFC 2047), the Subject with a raw UTF-8
                         em dash, a raw Latin-1 X-header
  09-nul-headers         P with NUL bytes in headers: in the Subject, in the
                         From display name, an X-header of NULs; and one NUL
                         in the body's first paragraph
  10-1mb-header          P whose Subject is 1 MiB long (folded every ~70
                         octets): the title, then "w0000000 w0000001 ..."
  11-10k-references      R without In-Reply-To whose References holds 10,000
                         Message-IDs: P's first (the thread's root, the
                         oldest), then 9,999 that exist nowhere
  12-no-id-from-date-subject
                         R without Message-ID, From, Date and Subject
  13-date-1900           P dated Mon, 01 Jan 1900 (before the epoch)
  14-date-epoch          P dated Thu, 01 Jan 1970 00:00:00 +0000 (time 0)
  15-date-year-99999     P dated Fri, 31 Dec 99999 (no date can hold it)
  16-date-garbage        P dated "Tue, 45 Smarch 2021 99:99:99 +9999"
  17-date-year-10000-utc P dated Fri, 31 Dec 9999 23:59:59 -2359: a valid
                         header whose UTC time falls in the year 10000
  18-date-9999           P dated Fri, 31 Dec 9999 23:59:59 +0000: the last
                         second ISO 8601's four digits can write (valid)
  19-50mb                S with a 50 MiB diff: its patch also adds a
                         generated firmware table of ~1.1 M lines (the
                         diffstat says so); over the default
                         --max-message-size of 32 MiB
  20-binary              a binary blob, not a message: a PNG signature and
                         64 KiB of SHA-256 output
  21-empty               an empty blob (0 bytes)
  22-no-headers          R's body alone, no header at all

Everything is derived from the input files alone (no clock, no randomness):
the same tree gives the same bytes.  The files are generated, not
committed, because 19-50mb is 50 MiB.

--mbox FILE also writes the cases as one mboxrd file (">From " quoting,
a blank line after each message), except 21-empty, which an mbox cannot
hold (a "From " line followed by nothing is no message at all).
--big-mb N makes 19-50mb about N MiB instead of 50 (for trying things out).
"""

import argparse
import hashlib
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
E2E = os.path.join(HERE, "..", "corpora", "e2e")

P_MID = b"20211208223723.18520-1-jose.exposito89@gmail.com"
P_SUBJECT = b"[PATCH] net: mana: Fix memory leak in mana_hwc_create_wq"


def read(name):
    with open(os.path.join(E2E, name), "rb") as f:
        return f.read()


def split(msg):
    """(header block without the blank line, body) of a message."""
    i = msg.index(b"\n\n")
    return msg[:i + 1], msg[i + 2:]


def fields(head):
    """The header block as a list of whole fields (continuations kept)."""
    out = []
    for line in head.splitlines(keepends=True):
        if line[:1] in (b" ", b"\t") and out:
            out[-1] += line
        else:
            out.append(line)
    return out


def name_of(field):
    return field.split(b":", 1)[0].strip().lower()


def drop(head, *names):
    """The header block without the fields named (case ignored)."""
    names = {n.lower() for n in names}
    return b"".join(f for f in fields(head) if name_of(f) not in names)


def replace(head, name, value):
    """The header block with field `name` replaced by `value` (raw bytes,
    no trailing newline), in place; appended when absent."""
    out, done = [], False
    for f in fields(head):
        if name_of(f) == name.lower():
            if not done:
                out.append(name + b": " + value + b"\n")
            done = True
        else:
            out.append(f)
    if not done:
        out.append(name + b": " + value + b"\n")
    return b"".join(out)


def hostile_id(n):
    return b"<hostile-%02d@example.org>" % n


def patch_copy(p, n, subject=None, body=None):
    """P with its own Message-ID and Subject; `body` replaces the body."""
    head, pbody = split(p)
    head = replace(head, b"Message-Id", hostile_id(n))
    head = replace(head, b"Subject",
                   subject if subject is not None
                   else P_SUBJECT + b" (hostile %02d)" % n)
    return head + b"\n" + (pbody if body is None else body)


def stream(seed, size):
    """`size` deterministic pseudo-random bytes: SHA-256 in counter mode."""
    out = bytearray()
    i = 0
    while len(out) < size:
        out += hashlib.sha256(seed + b"%d" % i).digest()
        i += 1
    return bytes(out[:size])


def make_cases(big_mb):
    P = read("e0-09-mana-leak.eml")
    R = read("e0-10-mana-leak-re.eml")
    S = read("e1-08-mshv-pmd.eml")
    p_head, p_body = split(P)
    r_head, r_body = split(R)
    cases = []

    def add(name, data):
        cases.append(("%02d-%s.eml" % (len(cases), name), data))

    add("patch", P)
    add("reply", R)

    # 02: the outer boundary never closes; the second part never ends
    n = len(cases)
    head = replace(p_head, b"Content-Type",
                   b'multipart/mixed; boundary="hostile-unclosed"')
    head = drop(head, b"Content-Transfer-Encoding")
    body = (b"This is a multi-part message in MIME format.\n"
            b"--hostile-unclosed\n"
            b"Content-Type: text/plain; charset=UTF-8\n"
            b"Content-Transfer-Encoding: 8bit\n\n" + p_body +
            b"\n--hostile-unclosed\n"
            b'Content-Type: multipart/alternative; boundary="never-seen"\n\n'
            b"--never-seen\n"
            b"Content-Type: text/x-patch; charset=UTF-8\n"
            b'Content-Disposition: attachment; filename="0001-more.patch"\n\n'
            b"diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n")
    add("unclosed-boundary", patch_copy(head + b"\n" + body, n))

    # 03: 1,000 nested multiparts after the patch
    n = len(cases)
    head = replace(p_head, b"Content-Type",
                   b'multipart/mixed; boundary="level-0000"')
    head = drop(head, b"Content-Transfer-Encoding")
    depth = 1000
    parts = [b"--level-0000\n"
             b"Content-Type: text/plain; charset=UTF-8\n"
             b"Content-Transfer-Encoding: 8bit\n\n" + p_body +
             b"\n--level-0000\n"]
    for i in range(1, depth + 1):
        parts.append(b'Content-Type: multipart/mixed; boundary="level-%04d"'
                     b"\n\n--level-%04d\n" % (i, i))
    parts.append(b"Content-Type: text/plain\n\nthe leaf, 1000 levels down\n")
    for i in range(depth, -1, -1):
        parts.append(b"--level-%04d--\n" % i)
    add("nested-1000", patch_copy(head + b"\n" + b"".join(parts), n))

    # 04: base64 garbage in a reply
    n = len(cases)
    head = replace(r_head, b"Message-ID", hostile_id(n))
    head = replace(head, b"Content-Transfer-Encoding", b"base64")
    garbage = (b"UmV2aWV3ZWQtYnk6!!!!*&^%$#@ not base64 at all ====\n"
               b"QUJD=REVG==R0hJ\n" +
               bytes(range(0x80, 0x100)) + b"\n" +
               b"====\n" + b"A" * 77 + b"\n" +
               b"UmV2aWV3ZWQtYn\n")          # a quad cut short at the end
    add("base64-garbage", head + b"\n" + garbage)

    # 05: declared quoted-printable, is not, plus broken escapes
    n = len(cases)
    head = replace(p_head, b"Content-Transfer-Encoding", b"quoted-printable")
    junk = (b"Broken escapes: =ZZ =4 =\xff and = then == then =\n"
            b"=G1=g2=\r\n\n")
    i = p_body.index(b"\nAddresses-Coverity-ID")
    body = p_body[:i + 1] + junk + p_body[i + 1:] + b"="
    add("qp-garbage", patch_copy(head + b"\n" + body, n))

    # 06: unknown charset, Latin-1 bytes
    n = len(cases)
    head = replace(p_head, b"Content-Type",
                   b'text/plain; charset="x-hostile-unknown"')
    body = p_body.decode("utf-8").encode("latin-1")
    assert body != p_body
    add("unknown-charset", patch_copy(head + b"\n" + body, n))

    # 07: a NUL inside the charset parameter
    n = len(cases)
    head = replace(p_head, b"Content-Type",
                   b'text/plain; charset="utf-8\x00hostile"')
    add("nul-charset", patch_copy(head + b"\n" + p_body, n))

    # 08: raw 8-bit headers
    n = len(cases)
    head = replace(p_head, b"From",
                   "José Expósito".encode("latin-1") +
                   b" <jose.exposito89@gmail.com>")
    head = replace(head, b"X-Hostile", "Grüße".encode("latin-1"))
    add("8bit-headers",
        patch_copy(head + b"\n" + p_body, n,
                   subject=P_SUBJECT + " — 8-bit (hostile %02d)".encode()
                   % n))

    # 09: NULs in headers (and one in the body)
    n = len(cases)
    head = replace(p_head, b"From",
                   "José\x00 Expósito".encode() +
                   b" <jose.exposito89@gmail.com>")
    head = replace(head, b"X-Hostile", b"\x00" * 16)
    body = p_body.replace(b"fails, mana_hwc_destroy_wq",
                          b"fails,\x00mana_hwc_destroy_wq", 1)
    assert body != p_body
    add("nul-headers",
        patch_copy(head + b"\n" + body, n,
                   subject=P_SUBJECT + b"\x00 (hostile %02d)" % n))

    # 10: a Subject of 1 MiB, folded
    n = len(cases)
    words = []
    size = len(P_SUBJECT)
    i = 0
    while size < 1 << 20:
        words.append(b"w%07d" % i)
        size += 9
        i += 1
    folded = [P_SUBJECT]
    line = len(b"Subject: ") + len(P_SUBJECT)
    for w in words:
        if line + 1 + len(w) > 76:
            folded.append(b"\n " + w)
            line = 1 + len(w)
        else:
            folded.append(b" " + w)
            line += 1 + len(w)
    add("1mb-header", patch_copy(P, n, subject=b"".join(folded)))

    # 11: 10,000 References, P's the oldest, no In-Reply-To
    n = len(cases)
    head = replace(r_head, b"Message-ID", hostile_id(n))
    head = drop(head, b"In-Reply-To")
    refs = [b"<" + P_MID + b">"] + [
        b"<nowhere-%04d.%s@example.org>" %
        (k, hashlib.sha256(b"%d" % k).hexdigest()[:12].encode())
        for k in range(1, 10000)]
    head = replace(head, b"References", b"\n ".join(refs))
    add("10k-references", head + b"\n" + r_body)

    # 12: no Message-ID, From, Date or Subject
    head = drop(r_head, b"Message-ID", b"From", b"Date", b"Subject",
                b"Thread-Topic")
    add("no-id-from-date-subject", head + b"\n" + r_body)

    # 13-18: dates
    for name, date in [
            ("date-1900", b"Mon, 01 Jan 1900 00:00:00 +0000"),
            ("date-epoch", b"Thu, 01 Jan 1970 00:00:00 +0000"),
            ("date-year-99999", b"Fri, 31 Dec 99999 23:59:59 +0000"),
            ("date-garbage", b"Tue, 45 Smarch 2021 99:99:99 +9999"),
            ("date-year-10000-utc", b"Fri, 31 Dec 9999 23:59:59 -2359"),
            ("date-9999", b"Fri, 31 Dec 9999 23:59:59 +0000")]:
        n = len(cases)
        add(name, replace(patch_copy(P, n), b"Date", date))

    # 19: S with a 50 MiB diff
    n = len(cases)
    s_head, s_body = split(S)
    s_head = replace(s_head, b"Message-ID", hostile_id(n))
    s_head = replace(s_head, b"Subject",
                     b"[PATCH] mshv: Use PMD_ORDER instead of "
                     b"HPAGE_PMD_ORDER when processing regions"
                     b" (hostile %02d)" % n)
    target = big_mb << 20
    row = b"+\t0x%08x, 0x%08x, 0x%08x, 0x%08x,\n"
    nlines = target // len(row % (0, 0, 0, 0)) + 1
    old_stat = (b" drivers/hv/mshv_regions.c |    2 +-\n"
                b" 1 file changed, 1 insertion(+), 1 deletion(-)\n")
    assert old_stat in s_body
    new_stat = (b" drivers/hv/mshv_fw_table.h | %d +++++++++++++++++++++\n"
                b" drivers/hv/mshv_regions.c  |       2 +-\n"
                b" 2 files changed, %d insertions(+), 1 deletion(-)\n"
                % (nlines + 2, nlines + 3))
    s_body = s_body.replace(old_stat, new_stat).rstrip(b"\n") + b"\n"
    table = [s_body,
             b"diff --git a/drivers/hv/mshv_fw_table.h "
             b"b/drivers/hv/mshv_fw_table.h\n"
             b"new file mode 100644\n"
             b"index 000000000000..5a1b9c2d3e4f\n"
             b"--- /dev/null\n+++ b/drivers/hv/mshv_fw_table.h\n"
             b"@@ -0,0 +1,%d @@\n" % (nlines + 2),
             b"+static const u32 mshv_fw_table[] = {\n"]
    x = 0x9e3779b9
    for k in range(nlines):
        a = (k * 0x9e3779b1) & 0xffffffff
        table.append(row % (a, a ^ x, (a * 5) & 0xffffffff, k))
    table.append(b"+};\n")
    add("50mb", s_head + b"\n" + b"".join(table))

    # 20: a binary blob
    blob = b"\x89PNG\r\n\x1a\n" + stream(b"hostile-binary", 64 << 10)
    assert b"\nFrom " not in blob
    add("binary", blob)

    # 21: an empty blob
    add("empty", b"")

    # 22: a body without headers
    add("no-headers", r_body)

    return cases


def mboxrd(msg):
    msg = re.sub(rb"(?m)^(>*From )", rb">\1", msg)
    if not msg.endswith(b"\n"):
        msg += b"\n"
    return b"From MAILER-DAEMON Thu Jan  1 00:00:00 1970\n" + msg + b"\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--mbox")
    ap.add_argument("--big-mb", type=int, default=50)
    args = ap.parse_args()
    os.makedirs(args.outdir, exist_ok=True)
    cases = make_cases(args.big_mb)
    for name, data in cases:
        with open(os.path.join(args.outdir, name), "wb") as f:
            f.write(data)
    if args.mbox:
        with open(args.mbox, "wb") as f:
            for name, data in cases:
                if data:
                    f.write(mboxrd(data))
    return 0


if __name__ == "__main__":
    sys.exit(main())
