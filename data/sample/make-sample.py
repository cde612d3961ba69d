#!/usr/bin/env python3
"""Cut a run of consecutive messages out of a public-inbox v2 epoch as mboxrd.

Usage: make-sample.py EPOCH.git FROM..TO OUT.mbox[.gz]

Each commit in FROM..TO (oldest first) holds one message in the blob `m`;
it is written unchanged after a `From ` separator line (sender address and
the message's Date in UTC, asctime form).  Body lines matching /^>*From /
get one more '>' (mboxrd), so readers can undo the quoting exactly.  An OUT
ending in .gz is gzipped with mtime 0, so reruns give identical bytes.
This is how data/sample/linux-hyperv-sample.mbox.gz was made.
"""
import email.parser
import email.policy
import email.utils
import gzip
import re
import subprocess
import sys
import time

FROM_LINE = re.compile(rb"^(>*From )", re.M)


def commits(gitdir, rng):
    """{commit: commit time} for FROM..TO, oldest first."""
    out = subprocess.run(["git", "-C", gitdir, "log", "--reverse",
                          "--format=%H %ct", rng],
                         check=True, capture_output=True).stdout
    return {c: int(t) for c, t in (line.split() for line in out.decode().splitlines())}


def blobs(gitdir, revs):
    """Yield (commit, raw message bytes) through one git cat-file --batch."""
    p = subprocess.Popen(["git", "-C", gitdir, "cat-file", "--batch"],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    for c in revs:
        p.stdin.write(f"{c}:m\n".encode())
        p.stdin.flush()
        hdr = p.stdout.readline().split()
        if hdr[1] == b"missing":  # a deletion commit: no message to export
            continue
        data = p.stdout.read(int(hdr[2]))
        p.stdout.read(1)
        yield c, data
    p.stdin.close()
    p.wait()


def separator(raw, commit_date):
    """The mbox `From sender date` line for one message."""
    hdrs = email.parser.BytesHeaderParser(policy=email.policy.compat32).parsebytes(raw)
    addr = email.utils.parseaddr(str(hdrs.get("From", "")))[1] or "MAILER-DAEMON"
    try:
        when = email.utils.parsedate_to_datetime(str(hdrs["Date"])).timestamp()
    except (TypeError, ValueError, IndexError):
        when = commit_date
    return b"From %s %s\n" % (addr.replace(" ", "").encode(),
                             time.asctime(time.gmtime(when)).encode())


def mboxrd_entry(raw, commit_date):
    body = FROM_LINE.sub(rb">\1", raw)
    if not body.endswith(b"\n"):
        body += b"\n"
    return separator(raw, commit_date) + body + b"\n"


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    gitdir, rng, out = sys.argv[1:]
    date_of = commits(gitdir, rng)
    revs = list(date_of)
    n = 0
    with open(out, "wb") as raw_fh:
        fh = raw_fh
        if out.endswith(".gz"):  # no name, no time: reruns give the same bytes
            fh = gzip.GzipFile(filename="", mode="wb", fileobj=raw_fh, mtime=0)
        for c, raw in blobs(gitdir, revs):
            fh.write(mboxrd_entry(raw, date_of[c]))
            n += 1
        if fh is not raw_fh:
            fh.close()
    print(f"{out}: {n} messages from {len(revs)} commits", file=sys.stderr)


if __name__ == "__main__":
    main()
